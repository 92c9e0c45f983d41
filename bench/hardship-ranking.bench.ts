// Benchmark: the hardship competition's ranking refreshed for a whole province (issue 18). 浙江 grown to
// 20,000 organisations holds 200,000 hardship files, 2,000,000 aid records over ~2,400 batches, ~30,000
// call-backs, a 送温暖 fund moved through the console's real routes and the roll's area tallies; one
// `POST /api/console/hardship-ranking/refresh` of the province (`refreshRankings`: the province's
// cities, each city's districts, each district's townships — every level in one refresh) is timed,
// three times, each after 5 s of /api/health on the same server. Target: the median refresh < 10 s
// with the server's RSS < 400 MB (VmRSS sampled every 50 ms during each refresh). Each refresh's server
// and PostgreSQL CPU is printed beside health's CPU per request. The run fails (exit 1, FAIL in
// RESULTS.md) on a non-2xx, a wrong number of kept rankings, or files found / median days to the
// first aid of any area of the province's or a city's ranking differing from a plain SQL count over
// that area's subtree.
// The loaded province is kept as a template database (`gonghui_bench_hardship_seeded`, its comment
// holding the fixture's version and build day): a fresh run builds it (minutes), --reuse copies it
// (seconds). Both measure the same rows, so both are recorded; --trial runs are not.
// Run: npm run bench:hardship-ranking [-- --reuse] [-- --keep] [-- --trial]
//      (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; BENCH_HARDSHIP_DB names
//       the copy; BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server)
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
// The installation's module list, as main.ts installs it: the modules' services read role names and messages from it.
import '../src/modules.js';
import { createPlatform } from '../src/platform/bootstrap.js';
import { parseConfig } from '../src/platform/config/config.js';
import { openDatabase } from '../src/platform/db/client.js';
import { shanghaiDay } from '../src/platform/time/shanghai.js';
import { seedDemo } from '../src/seed/demo.js';
import { insertFixtureOrgs, planProvince, type ExistingOrg } from './fixtures/province.js';
import {
  DEFAULT_ADMIN_URL,
  ROOT,
  appendResult,
  cloneDatabase,
  codeVersion,
  databaseComment,
  dropDatabase,
  fmt,
  formatRuns,
  formatTable,
  machineDescription,
  measure,
  percentile,
  postgresCpuMs,
  postgresCpuSpent,
  processCpuMs,
  recreateDatabase,
  redactUrl,
  releaseDatabase,
  runBench,
  send,
  setDatabaseComment,
  startServerProcess,
  type Measurement,
  type ServerProcess,
} from './harness.js';
import { staffSession } from './staff-sessions.js';

// BENCH_HARDSHIP_DB: another name for the copy, so that two runs can go side by side.
const DB_NAME = process.env.BENCH_HARDSHIP_DB ?? 'gonghui_bench_hardship';
const TEMPLATE_DB_NAME = 'gonghui_bench_hardship_seeded';
// Bumped when the fixture below changes: a kept template of another version is built again.
const FIXTURE_VERSION = 2;

const PROVINCE_ORGS = 20_000;
const FILES = 200_000;
const AIDS = 2_000_000;
const CALLBACKS = 30_000;
// Rows a statement writes while loading, so that progress shows.
const CHUNK = 250_000;

const ROUNDS = 3;
const HEALTH_SECONDS = 5;
const HEALTH_WARMUP_SECONDS = 2;
// A console is used by a handful of staff at a time (the census and members benches use the same).
const HEALTH_CONNECTIONS = 10;
const TARGET_MS = 10_000;
const TARGET_RSS_MB = 400;
const SAMPLE_MS = 50;
// The first build (orgs, funds over HTTP, 2.4 million rows, vacuum) takes minutes on the 2-core
// machine, the run itself about two; far past that, something hangs.
const WATCHDOG_MS = 45 * 60_000;

const AREA_KINDS = ['national', 'provincial', 'city', 'county', 'township'] as const;

const RESULTS_FILE = path.join(ROOT, 'bench/RESULTS.md');
const RESULTS_SECTION = `## hardship ranking — \`npm run bench:hardship-ranking\`

The competition ranking of issue 18 refreshed for a whole province: 浙江 grown to 20,000 organisations
with 200,000 hardship files (skewed over its unions, most filed, some exited this year, some in process,
reviews over two years so that some are overdue), 2,000,000 aid records in ~2,400 batches (most paid),
~30,000 call-backs, a 送温暖 fund moved through the console's routes (receipts, allocations to cities and
districts, disbursements) and the roll's area tallies. One \`POST /api/console/hardship-ranking/refresh\`
of the province ranks every level below it (cities, districts, townships) and keeps each ranking. Three
rounds, each \`/api/health\` for 5 s at 10 connections, then one refresh, timed. How it runs: the header of
\`bench/hardship-ranking.bench.ts\` and \`bench/README.md\`.

- **measured**: the median refresh's wall time and each round's, the server's CPU for each refresh (and
  how many health requests' worth of CPU that is, beside health's µs per request in the same round),
  PostgreSQL's CPU (the bench database's backends and their parallel workers), the server's peak RSS
  during each refresh (VmRSS every 50 ms), the RSS before it and VmHWM at the end.
- **target**: median refresh < 10 s, peak RSS < 400 MB.
- **result**: PASS when both hold and every check held: every answer 2xx; the rankings kept with the
  refresh's \`computed_at\` = the province's area unions with active area-union children; for the
  province's ranking and 绍兴市's (kept, read back), each area's files found and median days to the first
  aid equal a plain SQL count over its subtree. Otherwise FAIL with what missed.

| date | machine | target | measured | health, same run | checks | result | commit |
| --- | --- | --- | --- | --- | --- | --- | --- |
`;

type Log = (message: string) => void;

let runningServer: ServerProcess | null = null;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      keep: { type: 'boolean', default: false },
      reuse: { type: 'boolean', default: false },
      trial: { type: 'boolean', default: false },
    },
  });
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const started = performance.now();
  const log: Log = (message) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(7)} s] ${message}`);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'gonghui-bench-hardship-'));
  const codeAtStart = codeVersion();
  // The machine is shared: its load says how far the figures are the route's own.
  const loadAtStart = os.loadavg()[0] ?? 0;
  if (loadAtStart > os.cpus().length / 2) log(`the machine is busy (1-min load average ${loadAtStart.toFixed(1)}): figures will suffer`);
  const { DATABASE_URL: _ignored, ...callerEnv } = process.env;
  const baseEnv: NodeJS.ProcessEnv = {
    ...callerEnv,
    LOG_LEVEL: 'warn',
    GONGHUI_JOBS_ENABLED: 'false',
    GONGHUI_DATA_DIR: workDir,
  };
  let cloned = false;
  try {
    const fixture = await keptTemplate(adminUrl, baseEnv, !values.reuse, log);
    const cloneStarted = performance.now();
    const url = await cloneDatabase(adminUrl, TEMPLATE_DB_NAME, DB_NAME);
    cloned = true;
    log(`database ${redactUrl(url)}: a copy of ${TEMPLATE_DB_NAME} in ${((performance.now() - cloneStarted) / 1000).toFixed(1)} s`);
    const env: NodeJS.ProcessEnv = { ...baseEnv, DATABASE_URL: url };
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows: version } = await client.query<{ version: string; buffers: string; workMem: string }>(
        `select version(), current_setting('shared_buffers') as buffers, current_setting('work_mem') as "workMem"`,
      );
      const settings = `shared_buffers ${version[0]?.buffers ?? '?'}, work_mem ${version[0]?.workMem ?? '?'}`;
      const machine = `${machineDescription(version[0]?.version ?? 'PostgreSQL ?')} (${settings}), load ${loadAtStart.toFixed(1)} at start`;
      log(machine);
      const area = await areasOf(client);
      log(await describeFixture(client, area.province.path));
      const token = await signIn(env, 'zhejiang');
      const expected = await expectedFigures(client, area, log);

      // pg_stat_activity read from the admin database: see StatementSampler.
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      const server = await startServerProcess(env);
      runningServer = server;
      let outcome: Outcome;
      try {
        log(`server pid ${server.pid} at ${server.url}`);
        outcome = await run(server, client, admin, token, area, expected, log);
      } finally {
        await server.stop();
        runningServer = null;
        await admin.end().catch(() => undefined);
      }
      const line = summarise(outcome, fixture);
      console.log('');
      console.log(
        formatTable(
          ['target', 'measured', 'health, same run', 'checks', 'result'],
          [[line.target, line.measured, line.health, line.checks, line.result]],
        ),
      );
      if (values.trial) log('a trial run: not recorded');
      else {
        const date = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        const codeAtEnd = codeVersion();
        const commit = codeAtEnd === codeAtStart ? codeAtStart : `${codeAtStart} (${codeAtEnd} at the end)`;
        await appendResult(RESULTS_FILE, RESULTS_SECTION, [
          [date, machine, line.target, line.measured, line.health, line.checks, line.result, commit],
        ]);
        log(`appended to ${path.relative(process.cwd(), RESULTS_FILE)}`);
      }
      const pass = line.result === 'PASS';
      log(pass ? 'PASS' : 'FAIL');
      return pass ? 0 : 1;
    } finally {
      await client.end().catch(() => undefined);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    if (values.keep && cloned) log(`kept database ${DB_NAME}`);
    else if (cloned) await dropDatabase(adminUrl, DB_NAME);
    else await releaseDatabase(DB_NAME);
  }
}

// ---------------------------------------------------------------------------------------------
// The fixture: built once into a kept template, copied for each run.

interface TemplateComment {
  version: number;
  /** The Shanghai day the rows' dates are relative to (files created over the two years before it). */
  builtOn: string;
  seconds: number;
}

interface FixtureReport {
  /** Null when a kept template was reused. */
  steps: { label: string; seconds: number }[] | null;
  comment: TemplateComment;
}

async function keptTemplate(adminUrl: string, env: NodeJS.ProcessEnv, fresh: boolean, log: Log): Promise<FixtureReport> {
  const text = await databaseComment(adminUrl, TEMPLATE_DB_NAME);
  let kept: TemplateComment | null = null;
  try {
    kept = text ? (JSON.parse(text) as TemplateComment) : null;
  } catch {
    kept = null;
  }
  if (!fresh && kept?.version === FIXTURE_VERSION) {
    log(`reusing ${TEMPLATE_DB_NAME} (fixture v${kept.version}, built on ${kept.builtOn} in ${fmt(kept.seconds)} s)`);
    return { steps: null, comment: kept };
  }
  log(`building ${TEMPLATE_DB_NAME} afresh (kept for later --reuse runs)`);
  const started = performance.now();
  const url = await recreateDatabase(adminUrl, TEMPLATE_DB_NAME);
  const steps = await buildFixture({ ...env, DATABASE_URL: url }, url, log);
  const comment: TemplateComment = {
    version: FIXTURE_VERSION,
    builtOn: shanghaiDay(new Date()),
    seconds: Math.round((performance.now() - started) / 1000),
  };
  await setDatabaseComment(adminUrl, TEMPLATE_DB_NAME, JSON.stringify(comment));
  await releaseDatabase(TEMPLATE_DB_NAME);
  log(`built ${TEMPLATE_DB_NAME} in ${fmt(comment.seconds)} s: ${steps.map((s) => `${s.label} ${s.seconds.toFixed(0)} s`).join(', ')}`);
  return { steps, comment };
}

// Deterministic numbers for the fund's movements, so that two builds move the same money.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The rows below are drawn in SQL from counters, never from random(): each value is a function of its
// row's number through md5, so two builds write the same files, aid and call-backs (up to the
// organisations' ids, which are UUIDv7s made at build time, and the build day the dates count back from).
/** A uniform number in [0, 1) from the k-th 32 bits (k = 0…3) of an md5 hex value. */
const U = (m: string, k: number) => `(('x' || substr(${m}, ${1 + 8 * k}, 8))::bit(32)::bigint::float8 / 4294967296.0)`;
/** A uniform number in [0, 1) from a text. */
const H = (text: string) => U(`md5(${text})`, 0);
/** A UUIDv7 for an instant, its random bits from an md5 hex value: the ids sort by time as the platform's do. */
const UUID7 = (at: string, m: string) =>
  `(lpad(to_hex((extract(epoch from ${at}) * 1000)::bigint), 12, '0') || '7' || substr(${m}, 1, 3) || '8' || substr(${m}, 4, 15))::uuid`;

async function buildFixture(env: NodeJS.ProcessEnv, url: string, log: Log): Promise<{ label: string; seconds: number }[]> {
  const steps: { label: string; seconds: number }[] = [];
  let stepStart = performance.now();
  const step = (label: string) => {
    const seconds = (performance.now() - stepStart) / 1000;
    steps.push({ label, seconds });
    log(`  ${label}: ${seconds.toFixed(1)} s`);
    stepStart = performance.now();
  };
  const today = shanghaiDay(new Date());
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // 1. The tree: migrations, the demo's unions and staff, 浙江 grown to 20,000 organisations.
    const config = parseConfig(env);
    const database = await openDatabase({ url: config.databaseUrl, poolSize: 4 });
    let token: string;
    try {
      await database.migrate();
      const p = createPlatform(config, database);
      const demo = await seedDemo(p, database, { modules: false });
      const { rows: existing } = await client.query<ExistingOrg>(
        `select id, parent_id as "parentId", path, depth, kind, name, region_code as "regionCode", uscc from org where path like $1`,
        [`${demo.province.path}%`],
      );
      const rootRow = existing.find((o) => o.id === demo.province.id);
      if (!rootRow) throw new Error('seeded province not found');
      const plan = planProvince(rootRow, existing, PROVINCE_ORGS);
      await insertFixtureOrgs(client, plan.rows);
      await client.query('vacuum analyze org');
      const { rows: counted } = await client.query<{ n: number }>('select count(*)::int as n from org where path like $1', [
        `${demo.province.path}%`,
      ]);
      if (counted[0]?.n !== PROVINCE_ORGS) throw new Error(`province holds ${counted[0]?.n} organisations, want ${PROVINCE_ORGS}`);
      log(
        `  ${fmt(PROVINCE_ORGS)} organisations in 浙江: ${Object.entries(plan.countByKind)
          .map(([kind, n]) => `${kind} ${fmt(n)}`)
          .join(', ')}`,
      );
      // Only for building: removed before the template is kept.
      token = await staffSession(p, 'zhejiang', 'bench/hardship-ranking (build)');
    } finally {
      await database.close();
    }
    step('migrate, demo, 20,000 organisations');
    const area = await areasOf(client);

    // 2. The roll's area tallies: every township a few thousand members, and the sums above.
    await memberTallies(client, area.province.path, log);
    step('member tallies');

    // 3. The 送温暖 fund, moved through the console's routes as the province's staff would.
    const fundId = await moveFunds(env, token, client, area, log);
    await client.query(`delete from auth_session where user_agent = 'bench/hardship-ranking (build)'`);
    step('送温暖 fund through the console');

    // 4. Files, aid and call-backs, set-based.
    await loadHardship(client, area, fundId, today, log, step);

    await client.query('vacuum analyze');
    await client.query('checkpoint');
    step('vacuum analyze, checkpoint');
    log(await describeFixture(client, area.province.path));
    return steps;
  } finally {
    await client.end().catch(() => undefined);
  }
}

interface AreaOrg {
  id: string;
  path: string;
  name: string;
  regionCode: string;
}

interface Areas {
  province: AreaOrg;
  cities: AreaOrg[];
  /** Each city's counties (districts, county-level cities, counties). */
  counties: Map<string, AreaOrg[]>;
  /** The city whose kept ranking is checked: 绍兴市, the demo's. */
  checkedCity: AreaOrg;
}

async function areasOf(client: pg.Client): Promise<Areas> {
  const { rows } = await client.query<AreaOrg & { kind: string; parentId: string | null }>(
    `select id, path, name, region_code as "regionCode", kind, parent_id as "parentId" from org
      where kind in ('provincial', 'city', 'county') and region_code like '33%' and status = 'active'
      order by region_code, name`,
  );
  const province = rows.find((r) => r.kind === 'provincial' && r.regionCode === '33');
  if (!province) throw new Error('浙江省总工会 not found');
  const cities = rows.filter((r) => r.kind === 'city' && r.parentId === province.id);
  const counties = new Map(cities.map((c) => [c.id, rows.filter((r) => r.kind === 'county' && r.parentId === c.id)]));
  const checkedCity = cities.find((c) => c.regionCode === '3306');
  if (!checkedCity) throw new Error('绍兴市总工会 not found');
  const strip = ({ id, path: p, name, regionCode }: AreaOrg): AreaOrg => ({ id, path: p, name, regionCode });
  return {
    province: strip(province),
    cities: cities.map(strip),
    counties: new Map([...counties].map(([id, list]) => [id, list.map(strip)])),
    checkedCity: strip(checkedCity),
  };
}

/**
 * The roll counted by area as migration 0014's trigger keeps it (`member_area_tally`, folded: pending =
 * false): each township of the province 2,000–6,000 members (a fifth of them couriers, new-form), and
 * the sums of each district, city and the province — so that files per 10,000 members is a real figure.
 */
async function memberTallies(client: pg.Client, provincePath: string, log: Log): Promise<void> {
  await client.query(
    `insert into member_area_tally (depth, area_code, trade, new_form, members, pending)
     select 9, t.code, x.trade, x.new_form, round(t.n * x.share)::int, false
       from (select distinct region_code as code, 2000 + floor(4000 * ${H(`'members:' || region_code`)})::int as n
               from org where path like $1 and kind = 'township' and length(region_code) = 9) t
      cross join (values ('other', false, 0.8), ('courier', true, 0.2)) as x(trade, new_form, share)`,
    [`${provincePath}%`],
  );
  for (const depth of [6, 4, 2]) {
    await client.query(
      `insert into member_area_tally (depth, area_code, trade, new_form, members, pending)
       select $1::smallint, left(area_code, $1::int), trade, new_form, sum(members)::int, false from member_area_tally
        where depth = 9 and area_code like '33%' group by left(area_code, $1::int), trade, new_form`,
      [depth],
    );
  }
  const { rows } = await client.query<{ depth: number; areas: number; members: number }>(
    `select depth::int, count(distinct area_code)::int as areas, sum(members)::int as members from member_area_tally
      where area_code like '33%' group by depth order by depth`,
  );
  log(`  member tallies: ${rows.map((r) => `depth ${r.depth}: ${fmt(r.areas)} areas, ${fmt(r.members)} members`).join('; ')}`);
}

/**
 * The province's 送温暖 fund, through the console's routes: created at the province with one source, a
 * receipt, an allocation to each city, each city's allocations to its districts, and payments at the
 * districts and cities — so `fund_balance` holds what the ledger really writes. Returns the fund's id.
 */
async function moveFunds(env: NodeJS.ProcessEnv, token: string, client: pg.Client, area: Areas, log: Log): Promise<string> {
  const server = await startServerProcess(env);
  runningServer = server;
  const cookie = `gh_staff=${token}`;
  let calls = 0;
  const call = async <T>(method: string, url: string, body: unknown, status: number): Promise<T> => {
    const answer = await send(server.url, method, url, { cookie }, body);
    calls++;
    if (answer.status !== status) {
      throw new Error(`${method} ${url} answered ${answer.status}, want ${status}: ${answer.body.slice(0, 300)}`);
    }
    return JSON.parse(answer.body) as T;
  };
  try {
    const random = mulberry32(18);
    const fund = await call<{ id: string; sources: { id: string }[] }>(
      'POST',
      '/api/console/funds',
      { orgId: area.province.id, name: '送温暖资金（压测）', purpose: 'warmth', sources: ['全总下拨'] },
      201,
    );
    const source = fund.sources[0];
    if (!source) throw new Error('the fund was created without its source');
    const base = `/api/console/funds/${fund.id}`;
    // 2.7 亿元 in three receipts (one transfer is at most 1 亿元).
    const receipt = 90_000_000 * 100;
    const received = 3 * receipt;
    for (const n of [1, 2, 3]) {
      await call(
        'POST',
        `${base}/receipts`,
        { sourceId: source.id, orgId: area.province.id, amountFen: receipt, memo: `全总下拨第${n}批（压测）` },
        201,
      );
    }
    // 85 % passed to the cities, unevenly; each city passes 55–90 % of it to its districts, unevenly.
    const shares = area.cities.map(() => 0.3 + random());
    const shareSum = shares.reduce((a, b) => a + b, 0);
    let payments = 0;
    for (const [i, city] of area.cities.entries()) {
      const cityFen = Math.floor((received * 0.85 * (shares[i] ?? 0)) / shareSum / 100) * 100;
      await call(
        'POST',
        `${base}/allocations`,
        { fromOrgId: area.province.id, toOrgId: city.id, amountFen: cityFen, memo: '下拨（压测）' },
        201,
      );
      const counties = area.counties.get(city.id) ?? [];
      const down = cityFen * (0.55 + 0.35 * random());
      const weights = counties.map(() => 0.2 + random());
      const weightSum = weights.reduce((a, b) => a + b, 0);
      let cityLeft = cityFen;
      for (const [j, county] of counties.entries()) {
        const countyFen = Math.floor((down * (weights[j] ?? 0)) / weightSum / 100) * 100;
        if (countyFen <= 0) continue;
        await call(
          'POST',
          `${base}/allocations`,
          { fromOrgId: city.id, toOrgId: county.id, amountFen: countyFen, memo: '下拨（压测）' },
          201,
        );
        cityLeft -= countyFen;
        // Each district pays out 1–3 sums, 10–60 % of what it received in all.
        let countyLeft = countyFen;
        const times = 1 + Math.floor(random() * 3);
        for (let k = 0; k < times; k++) {
          const amountFen = Math.floor((countyFen * (0.1 + 0.5 * random())) / times / 100) * 100;
          if (amountFen <= 0 || amountFen > countyLeft) continue;
          await call('POST', `${base}/disbursements`, { orgId: county.id, amountFen, payee: '困难职工（压测）' }, 201);
          countyLeft -= amountFen;
          payments++;
        }
      }
      const cityPays = Math.floor((cityLeft * 0.3 * random()) / 100) * 100;
      if (cityPays > 0) {
        await call('POST', `${base}/disbursements`, { orgId: city.id, amountFen: cityPays, payee: '困难职工（压测）' }, 201);
        payments++;
      }
    }
    const { rows } = await client.query<{ unions: number; spent: number; available: number }>(
      `select count(*)::int as unions, sum(spent_fen)::float8 as spent, sum(available_fen)::float8 as available
         from fund_balance where fund_id = $1`,
      [fund.id],
    );
    log(
      `  fund ${fund.id}: ${fmt(calls)} console calls (${fmt(payments)} payments); ${fmt(rows[0]?.unions ?? 0)} unions hold it, ` +
        `${fmt((rows[0]?.spent ?? 0) / 100)} yuan spent, ${fmt((rows[0]?.available ?? 0) / 100)} yuan available`,
    );
    return fund.id;
  } finally {
    await server.stop();
    runningServer = null;
  }
}

/**
 * The hardship rows, set-based (INSERT … SELECT over generate_series). They are load, not people: the
 * applicant's and household's cipher columns hold a one-byte placeholder, no one can be decrypted or
 * found by phone, and no aid has a journal line in the fund (the fund's figures are the console's
 * movements above). Foreign keys are not checked row by row while loading (session_replication_role =
 * replica skips their triggers: minutes for 2,000,000 aid rows); every reference is checked after.
 */
async function loadHardship(client: pg.Client, area: Areas, fundId: string, today: string, log: Log, step: (label: string) => void) {
  const root = area.province;
  await client.query('set session_replication_role = replica');
  // The organisations a file may belong to (every one below the province), each with a weight: a
  // city's, a district's and the organisation's own factor, the last heavy-tailed, so that areas differ.
  await client.query(
    `create temp table bench_org as
     select id, region_code, name, kind,
            (case kind when 'grassroots' then 1.0 when 'community' then 0.4 when 'township' then 0.6 when 'county' then 0.5
                       when 'city' then 0.3 else 0.2 end)
            * (0.25 + 2.5 * power(${H(`'city:' || left(region_code, 4)`)}, 2))
            * (0.4 + 1.6 * ${H(`'county:' || left(region_code, 6)`)})
            * (0.05 + 4 * power(${H(`'org:' || region_code || name`)}, 4)) as w
       from org where path like $1 and id <> $2`,
    [`${root.path}%`, root.id],
  );
  await client.query(
    `create temp table bench_pick as
     select id, sum(w) over (order by region_code, kind, name, id) as hi from bench_org`,
  );
  await client.query('create index on bench_pick (hi)');
  await client.query('analyze bench_pick');
  const { rows: total } = await client.query<{ w: number }>('select max(hi)::float8 as w from bench_pick');
  const weight = total[0]?.w ?? 0;

  // Files: created evenly over the two years before the build day (row order = time order, as the
  // table grows), each at an organisation drawn by weight. Statuses by age: a file younger than 40 days
  // is mostly still in process; older ones are 76 % filed, 14 % exited, 5 % rejected, 5 % stalled.
  // A filed file's review is due a year after filing; 70 % of those past it were reviewed (due a year
  // later), the rest are overdue. Exited files closed between filing and the build day.
  const start = `(($3::date - 730)::timestamp at time zone 'Asia/Shanghai')`;
  for (let from = 1; from <= FILES; from += CHUNK) {
    const to = Math.min(FILES, from + CHUNK - 1);
    await client.query(
      `insert into hardship_file (id, org_id, file_number, member_id, applicant_name_cipher, applicant_id_cipher, applicant_phone_cipher,
         applicant_phone_index, household_cipher, household_size, causes, cause_since, computed_category, category, status, channel,
         notice_ends_on, filed_on, review_due_on, closed_on, created_at, updated_at)
       with r as (select g, md5('file:' || g) as m, md5('file2:' || g) as m2 from generate_series($1::int, $2::int) g),
       f as (
         select g, m, m2, ${start} + ((g - 1 + ${U('m', 0)}) / ${FILES}) * interval '729 days' as created,
                (select p.id from bench_pick p where p.hi > ${U('m', 1)} * $4::float8 order by p.hi limit 1) as org_id,
                ${U('m', 2)} as us, ${U('m', 3)} as ud, ${U('m2', 0)} as uc, ${U('m2', 1)} as ur, ${U('m2', 2)} as ux, ${U('m2', 3)} as uz
           from r),
       s as (
         select f.*, (f.created at time zone 'Asia/Shanghai')::date as day,
                case when $3::date - (f.created at time zone 'Asia/Shanghai')::date < 40 then
                  case when us < 0.2 then 'applied' when us < 0.4 then 'visited' when us < 0.6 then 'reviewed'
                       when us < 0.8 then 'under_notice' when us < 0.85 then 'rejected' else 'filed' end
                else
                  case when us < 0.76 then 'filed' when us < 0.90 then 'exited' when us < 0.95 then 'rejected'
                       when us < 0.965 then 'applied' when us < 0.98 then 'visited' else 'reviewed' end
                end as status
           from f),
       d as (
         select s.*, case when status in ('filed', 'exited') then least(day + 7 + floor(ud * 30)::int, $3::date) end as filed_on,
                (array['illness','disability','disaster','schooling','employer_closure','work_injury_or_death','accident'])[1 + floor(uc * 7)::int] as cause,
                case when ux < 0.3 then 'deep' when ux < 0.85 then 'relative' else 'sudden' end as cat
           from s),
       e as (
         select d.*,
                case when status = 'exited' then filed_on + floor(uc * ($3::date - filed_on + 1))::int end as closed_on,
                case when status = 'filed' and filed_on + 365 < $3::date and ur < 0.7 then filed_on + 730
                     when status in ('filed', 'exited') then filed_on + 365 end as review_due_on
           from d)
       select ${UUID7('e.created', 'md5(e.m2)')}, e.org_id,
              'KN' || rpad(left(o.region_code, 6), 6, '0') || to_char(e.day, 'YYYY') || lpad(e.g::text, 6, '0'),
              null, '\\x00'::bytea, '\\x00'::bytea, '\\x00'::bytea, decode(e.m2, 'hex'), '\\x00'::bytea,
              1 + floor(e.uz * 5)::int, array[e.cause], jsonb_build_array(jsonb_build_object('cause', e.cause, 'since', (e.day - 100 - floor(e.ur * 600)::int)::text)),
              case when e.status in ('filed', 'exited', 'under_notice', 'reviewed') then e.cat end,
              case when e.status in ('filed', 'exited', 'under_notice', 'reviewed') then e.cat end,
              e.status, case when e.g % 3 = 0 then 'h5' else 'staff' end,
              case when e.status in ('filed', 'exited') then e.filed_on - 1 when e.status = 'under_notice' then $3::date + 1 + floor(e.ux * 6)::int end,
              e.filed_on, e.review_due_on, e.closed_on, e.created,
              coalesce(e.closed_on::timestamp at time zone 'Asia/Shanghai', e.filed_on::timestamp at time zone 'Asia/Shanghai', e.created)
         from e join org o on o.id = e.org_id
        order by e.g`,
      [from, to, today, weight],
    );
    log(`  files ${fmt(to)} / ${fmt(FILES)}`);
  }
  await client.query(`select setval('hardship_file_no_seq', $1)`, [FILES]);
  await client.query('analyze hardship_file');
  step('200,000 files');

  // Aid: the province's four items, all paid from the bench's 送温暖 fund.
  await client.query(
    `insert into hardship_aid_item (id, org_id, code, name, kind, fund_id, default_amount_fen, max_amount_fen_per_year, max_times_per_year, once_per_household, created_at)
     select ${UUID7(`(($3::date - 740)::timestamp at time zone 'Asia/Shanghai')`, `md5('item:' || x.code)`)}, $1, x.code, x.name, x.kind, $2, x.amount, null, null, false,
            ($3::date - 740)::timestamp at time zone 'Asia/Shanghai'
       from (values ('bench_winter', '送温暖（压测）', 'winter', 80000), ('bench_study', '金秋助学（压测）', 'study', 150000),
                    ('bench_medical', '医疗救助（压测）', 'medical', 100000), ('bench_life', '生活救助（压测）', 'life', 40000))
            as x(code, name, kind, amount)`,
    [root.id, fundId, today],
  );
  // Which item a month's batch pays: 送温暖 in winter, 金秋助学 in August and September, medical and
  // living aid the other months in turn.
  await client.query(
    `create temp table bench_item_month as
     select mo, i.id as item_id, i.name as item_name, i.default_amount_fen as amount
       from generate_series(1, 12) mo
       join hardship_aid_item i on i.org_id = $1 and i.code = case when mo in (12, 1, 2) then 'bench_winter' when mo in (8, 9) then 'bench_study'
                                                                  when mo % 2 = 1 then 'bench_medical' else 'bench_life' end`,
    [root.id],
  );
  // Who pays a file's aid: the district union of its organisation's area (else the city's, else the
  // province); how many days a district takes to the first aid after filing (3–42), so areas differ.
  await client.query(
    `create temp table bench_payer as
     with unions as (
       select distinct on (region_code) id, region_code from org
        where path like $1 and kind in ('provincial', 'city', 'county') order by region_code, depth)
     select b.id as org_id, coalesce(c6.id, c4.id, $2::uuid) as payer_id,
            3 + floor(40 * ${H(`'delay:' || left(b.region_code, 6)`)})::int as delay
       from bench_org b
       left join unions c6 on length(b.region_code) >= 6 and c6.region_code = left(b.region_code, 6)
       left join unions c4 on length(b.region_code) >= 4 and c4.region_code = left(b.region_code, 4)`,
    [`${root.path}%`, root.id],
  );
  await client.query(
    `create temp table bench_aided as
     select row_number() over (order by f.created_at, f.id)::int as r, f.id, f.org_id, f.filed_on,
            case when f.status = 'exited' then f.closed_on else $1::date end as end_on, p.payer_id, p.delay
       from hardship_file f join bench_payer p on p.org_id = f.org_id
      where f.status in ('filed', 'exited')`,
    [today],
  );
  await client.query('create index on bench_aided (r)');
  await client.query('analyze bench_aided');
  const { rows: aided } = await client.query<{ n: number }>('select count(*)::int as n from bench_aided');
  const aidedFiles = aided[0]?.n ?? 0;
  // Each aid record: a file drawn among the filed and exited ones, a day between its district's delay
  // after filing and the file's end (closing, or the build day), a month's batch of its payer; paid 1–14
  // days later, except those of the last 15 days and 4 % of the rest (pending).
  await client.query(
    `create temp table bench_aid_stage as
     with r as (select g, md5('aid:' || g) as m from generate_series(1, ${AIDS}) g),
     a as (
       select r.g, r.m, e.id as file_id, e.payer_id, e.end_on, least(e.filed_on + e.delay, e.end_on) as start_on
         from r join bench_aided e on e.r = 1 + floor(${U('r.m', 0)} * $2)::int),
     d as (select a.*, start_on + floor(${U('a.m', 1)} * (end_on - start_on + 1))::int as on_day from a)
     select row_number() over (order by d.on_day, ${U('d.m', 2)}, d.g) as seq, d.g, d.file_id, d.payer_id, d.on_day,
            date_trunc('month', d.on_day)::date as month,
            d.on_day::timestamp at time zone 'Asia/Shanghai' + interval '8 hours' + ${U('d.m', 2)} * interval '10 hours' as created_at,
            case when d.on_day > $1::date - 15 or ${U('d.m', 3)} < 0.04 then null
                 else least(d.on_day + 1 + floor(${U('d.m', 2)} * 14)::int, $1::date) end as paid_on,
            im.item_id, im.amount * (5 + d.g % 11) / 10 as amount
       from d join bench_item_month im on im.mo = extract(month from d.on_day)::int`,
    [today, aidedFiles],
  );
  // One batch per payer and month, with its item; paid when every record in it is.
  await client.query(
    `create temp table bench_batch as
     select s.payer_id, s.month, s.item_id,
            ${UUID7('min(s.created_at)', `md5('batch:' || s.payer_id || s.month)`)} as batch_id,
            o.name || to_char(s.month, 'YYYY"年"FMMM"月"') || min(im.item_name) as name,
            bool_and(s.paid_on is not null) as paid, sum(s.amount)::int as total, count(distinct s.file_id)::int as households,
            min(s.created_at) as created_at, max(s.paid_on) as paid_on
       from bench_aid_stage s join org o on o.id = s.payer_id join bench_item_month im on im.mo = extract(month from s.month)::int
      group by s.payer_id, s.month, s.item_id, o.name`,
  );
  await client.query(
    `insert into hardship_aid_batch (id, org_id, item_id, name, status, total_fen, households, created_at, paid_at)
     select batch_id, payer_id, item_id, name, case when paid then 'paid' else 'draft' end, total, households, created_at,
            case when paid then (paid_on::timestamp at time zone 'Asia/Shanghai') + interval '17 hours' end
       from bench_batch order by created_at`,
  );
  await client.query('create index on bench_aid_stage (seq)');
  step(`aid staged (${fmt(aidedFiles)} files aided), batches`);
  for (let from = 1; from <= AIDS; from += CHUNK) {
    const to = Math.min(AIDS, from + CHUNK - 1);
    await client.query(
      `insert into hardship_aid (id, batch_id, file_id, item_id, amount_fen, year, status, transfer_id, paid_on, created_at)
       select ${UUID7('s.created_at', `md5('aid-id:' || s.g)`)}, b.batch_id, s.file_id, s.item_id, s.amount,
              extract(year from s.on_day)::int, case when s.paid_on is null then 'pending' else 'paid' end, null, s.paid_on, s.created_at
         from bench_aid_stage s join bench_batch b on b.payer_id = s.payer_id and b.month = s.month
        where s.seq between $1 and $2 order by s.seq`,
      [from, to],
    );
    log(`  aid ${fmt(to)} / ${fmt(AIDS)}`);
  }
  // What payAidBatch keeps on the file as it pays: the day of its first aid.
  await client.query(
    `update hardship_file f set first_aid_on = a.first_paid
       from (select file_id, min(paid_on) as first_paid from hardship_aid where status = 'paid' group by file_id) a
      where a.file_id = f.id`,
  );
  step('2,000,000 aid records, and each file’s first aid day');

  // Call-backs: one filed file in ~every fifth, in a week (a Monday) between its filing and the build
  // day within the last year; satisfaction 1–5, leaning by district.
  await client.query(
    `insert into hardship_callback (id, file_id, org_id, week, status, satisfaction, problems, called_by, created_at, done_at)
     with f as (
       select f.id, f.org_id, o.region_code, md5('callback:' || f.id) as m,
              greatest(f.filed_on, $1::date - 364) as lo
         from hardship_file f join org o on o.id = f.org_id where f.status = 'filed'),
     p as (select f.*, lo + (8 - extract(isodow from lo)::int) % 7 as monday from f
            where ${U('f.m', 0)} < $2::float8 / (select count(*) from hardship_file where status = 'filed')),
     w as (select p.*, monday + 7 * floor(${U('p.m', 1)} * (($1::date - monday) / 7 + 1))::int as week from p where monday <= $1::date)
     select ${UUID7(`(w.week::timestamp at time zone 'Asia/Shanghai' + interval '2 days 10 hours')`, 'md5(w.m)')}, w.id, w.org_id, w.week, 'done',
            least(5, greatest(1, round(2.5 + 2 * ${H(`'satisfaction:' || left(w.region_code, 6)`)} + (${U('w.m', 2)} - 0.5) * 3)))::int,
            null, '督查员（压测）', w.week::timestamp at time zone 'Asia/Shanghai' + interval '2 days 9 hours',
            w.week::timestamp at time zone 'Asia/Shanghai' + interval '2 days 10 hours'
       from w order by w.week`,
    [today, CALLBACKS],
  );
  step('call-backs');
  await client.query('set session_replication_role = origin');

  // What the triggers would have checked, checked once for all.
  const { rows: broken } = await client.query<{ what: string; n: number }>(
    `select 'files of unknown organisations' as what, count(*)::int as n from hardship_file f where not exists (select 1 from org o where o.id = f.org_id)
     union all select 'aid of unknown files', count(*)::int from hardship_aid a where not exists (select 1 from hardship_file f where f.id = a.file_id)
     union all select 'aid of unknown batches', count(*)::int from hardship_aid a where not exists (select 1 from hardship_aid_batch b where b.id = a.batch_id)
     union all select 'aid of unknown items', count(*)::int from hardship_aid a where not exists (select 1 from hardship_aid_item i where i.id = a.item_id)
     union all select 'batches of unknown items', count(*)::int from hardship_aid_batch b where not exists (select 1 from hardship_aid_item i where i.id = b.item_id)
     union all select 'call-backs of unknown files', count(*)::int from hardship_callback c where not exists (select 1 from hardship_file f where f.id = c.file_id)
     union all select 'aid paid before it was made', count(*)::int from hardship_aid where paid_on <= (created_at at time zone 'Asia/Shanghai')::date
     union all select 'aid before filing', count(*)::int from hardship_aid a join hardship_file f on f.id = a.file_id where (a.created_at at time zone 'Asia/Shanghai')::date < f.filed_on`,
  );
  const wrong = broken.filter((r) => r.n > 0);
  if (wrong.length > 0) throw new Error(`the fixture is inconsistent: ${wrong.map((r) => `${fmt(r.n)} ${r.what}`).join(', ')}`);
  step('references checked');
}

/** Counts of what a database holds, for the log. */
async function describeFixture(client: pg.Client, provincePath: string): Promise<string> {
  const { rows } = await client.query<Record<string, number | string>>(
    `select (select count(*)::int from org where path like $1) as orgs,
            (select count(*)::int from hardship_file) as files,
            (select count(*)::int from hardship_file where status = 'filed') as filed,
            (select count(*)::int from hardship_file where status = 'exited') as exited,
            (select count(*)::int from hardship_file where status = 'filed' and review_due_on < current_date) as overdue,
            (select count(*)::int from hardship_aid) as aid,
            (select count(*)::int from hardship_aid where status = 'paid') as paid,
            (select count(*)::int from hardship_aid_batch) as batches,
            (select count(*)::int from hardship_callback) as callbacks,
            (select count(*)::int from fund_balance) as balances,
            pg_size_pretty(pg_database_size(current_database())) as size`,
    [`${provincePath}%`],
  );
  const r = rows[0] ?? {};
  const n = (key: string) => fmt(Number(r[key] ?? Number.NaN));
  return (
    `fixture: ${n('orgs')} organisations in 浙江; ${n('files')} files (${n('filed')} filed, ${n('overdue')} of them overdue for review, ` +
    `${n('exited')} exited); ${n('aid')} aid records (${n('paid')} paid) in ${n('batches')} batches; ${n('callbacks')} call-backs; ` +
    `${n('balances')} fund balances; ${String(r.size)}`
  );
}

async function signIn(env: NodeJS.ProcessEnv, username: string): Promise<string> {
  const config = parseConfig(env);
  const database = await openDatabase({ url: config.databaseUrl, poolSize: 2 });
  try {
    return await staffSession(createPlatform(config, database), username, 'bench/hardship-ranking');
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The expected figures, by plain SQL over each area's subtree (not through the ranking's roll-up).

interface AreaFigures {
  found: number;
  /** Median days from the application to the first aid paid, over files with a paid aid; null: none. */
  medianDays: number | null;
}

interface Expected {
  /** The rankings a province refresh keeps: area unions with active area-union children. */
  rankings: number;
  /** The areas of the province's ranking and of the checked city's, by id. */
  province: Map<string, AreaFigures>;
  city: Map<string, AreaFigures>;
  seconds: number;
}

async function expectedFigures(client: pg.Client, area: Areas, log: Log): Promise<Expected> {
  const started = performance.now();
  const kinds = `(${AREA_KINDS.map((k) => `'${k}'`).join(', ')})`;
  const { rows: counted } = await client.query<{ n: number }>(
    `with au as (select id, parent_id from org
                  where path like $1 and status = 'active' and kind in ${kinds} and (id = $2 or region_code <> ''))
     select count(*)::int as n from au p where exists (select 1 from au c where c.parent_id = p.id and c.id <> $2)`,
    [`${area.province.path}%`, area.province.id],
  );
  // Files found: filed_on set; the first aid: min(paid_on) of the paid records − the day the file was
  // made (a Shanghai day, as the application's day is). Read from the aid records, not the file's kept day.
  const figuresBelow = async (parentId: string) => {
    const { rows } = await client.query<{ id: string; found: number; median: number | null }>(
      `with areas as (select id, path from org where parent_id = $1 and status = 'active' and kind in ${kinds} and region_code <> ''),
       files as (select a.id as area_id, f.id, f.filed_on, f.created_at
                   from areas a join org o on o.path like a.path || '%' join hardship_file f on f.org_id = o.id),
       firsts as (select fl.area_id, min(h.paid_on) - (fl.created_at at time zone 'Asia/Shanghai')::date as days
                    from files fl join hardship_aid h on h.file_id = fl.id and h.status = 'paid'
                   group by fl.area_id, fl.id, fl.created_at)
       select a.id, (select count(*) from files x where x.area_id = a.id and x.filed_on is not null)::int as found,
              (select percentile_cont(0.5) within group (order by days) from firsts y where y.area_id = a.id) as median
         from areas a`,
      [parentId],
    );
    return new Map(rows.map((r) => [r.id, { found: r.found, medianDays: r.median }]));
  };
  const province = await figuresBelow(area.province.id);
  const city = await figuresBelow(area.checkedCity.id);
  const seconds = (performance.now() - started) / 1000;
  log(
    `expected (plain SQL over each subtree, ${seconds.toFixed(1)} s): ${fmt(counted[0]?.n ?? 0)} rankings; ` +
      `${province.size} areas below 浙江 (${fmt([...province.values()].reduce((a, f) => a + f.found, 0))} files found), ` +
      `${city.size} below ${area.checkedCity.name}`,
  );
  return { rankings: counted[0]?.n ?? 0, province, city, seconds };
}

interface RankingAnswer {
  org: { id: string; name: string };
  computedAt: string;
  areas: {
    org: { id: string; name: string };
    score: number;
    rank: number;
    parts: { code: string; value: number | null }[];
    counts: { members: number; filesFound: number; filed: number; callbacks: number; fundsReceivedFen: number; fundsSpentFen: number };
  }[];
}

/** Where an answer's areas differ from the expected figures, in words (nothing: they agree). */
function compareRanking(label: string, answer: RankingAnswer, expected: Map<string, AreaFigures>): string[] {
  const problems: string[] = [];
  const got = new Map(answer.areas.map((a) => [a.org.id, a]));
  const missing = [...expected.keys()].filter((id) => !got.has(id));
  const extra = [...got.keys()].filter((id) => !expected.has(id));
  if (missing.length > 0 || extra.length > 0) {
    problems.push(
      `${label}: ${answer.areas.length} areas, want ${expected.size} (${missing.length} missing, ${extra.length} not expected)`,
    );
  }
  for (const [id, want] of expected) {
    const area = got.get(id);
    if (!area) continue;
    const median = area.parts.find((p) => p.code === 'median_days_to_first_aid');
    if (area.counts.filesFound !== want.found) {
      problems.push(`${label} ${area.org.name}: filesFound ${area.counts.filesFound}, want ${want.found}`);
    }
    const value = median?.value ?? null;
    const same = value === null || want.medianDays === null ? value === want.medianDays : Math.abs(value - want.medianDays) < 1e-9;
    if (!median || !same) {
      problems.push(`${label} ${area.org.name}: median days ${median ? String(value) : 'absent'}, want ${String(want.medianDays)}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The run.

interface Round {
  label: string;
  health: Measurement;
  loadAverage: number;
  wallMs: number;
  status: number;
  serverCpuMs: number | null;
  /** CPU of the bench database's backends and their parallel workers. */
  postgresCpuMs: number;
  /** CPU of every PostgreSQL process on the machine (the harness's figure: other databases included). */
  allPostgresCpuMs: number;
  rssBeforeMb: number;
  peakRssMb: number;
  rssSamples: number;
  rankingsKept: number;
  areas: number;
  problems: string[];
}

interface Outcome {
  rounds: Round[];
  warmup: Measurement;
  hwmMb: number;
  expected: Expected;
  problems: string[];
  topAreas: string;
}

async function run(
  server: ServerProcess,
  client: pg.Client,
  admin: pg.Client,
  token: string,
  area: Areas,
  expected: Expected,
  log: Log,
): Promise<Outcome> {
  const headers = { cookie: `gh_staff=${token}` };
  const health = async (label: string, seconds: number) => {
    const result = await measure({
      label,
      url: `${server.url}/api/health`,
      connections: HEALTH_CONNECTIONS,
      durationSeconds: seconds,
      serverPid: server.pid,
    });
    server.assertRunning();
    return result;
  };
  log(`warm-up: health ${HEALTH_WARMUP_SECONDS} s at ${HEALTH_CONNECTIONS} connections`);
  const warmup = await health('warm-up health', HEALTH_WARMUP_SECONDS);
  const rounds: Round[] = [];
  let topAreas = '';
  for (let r = 1; r <= ROUNDS; r++) {
    const loadAverage = os.loadavg()[0] ?? 0;
    log(`round ${r}: health ${HEALTH_SECONDS} s at ${HEALTH_CONNECTIONS} connections (load average ${loadAverage.toFixed(1)})`);
    const healthRun = await health(`health #${r}`, HEALTH_SECONDS);
    log(`round ${r}: POST /api/console/hardship-ranking/refresh for ${area.province.name}`);
    const rssBefore = memoryMb(server.pid)?.rss ?? Number.NaN;
    const databaseCpu = new DatabaseCpu(DB_NAME);
    const statements = new StatementSampler(admin, DB_NAME);
    databaseCpu.sample();
    const allBefore = postgresCpuMs();
    const cpuBefore = processCpuMs(server.pid);
    let peak = rssBefore;
    let samples = 0;
    const sampler = setInterval(() => {
      const rss = memoryMb(server.pid)?.rss;
      if (rss !== undefined && !(rss <= peak)) peak = rss;
      samples++;
      databaseCpu.sample();
      statements.sample(SAMPLE_MS);
    }, SAMPLE_MS);
    const t0 = performance.now();
    let answer: { status: number; body: string };
    try {
      answer = await send(server.url, 'POST', '/api/console/hardship-ranking/refresh', headers, { orgId: area.province.id });
    } finally {
      clearInterval(sampler);
    }
    const wallMs = performance.now() - t0;
    const cpuAfter = processCpuMs(server.pid);
    databaseCpu.sample();
    const allSpent = postgresCpuSpent(allBefore, postgresCpuMs());
    const rssAfter = memoryMb(server.pid)?.rss;
    if (rssAfter !== undefined && !(rssAfter <= peak)) peak = rssAfter;
    server.assertRunning();

    const problems: string[] = [];
    let rankingsKept = Number.NaN;
    let areas = 0;
    if (answer.status !== 200) problems.push(`refresh #${r} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    else {
      const ranking = JSON.parse(answer.body) as RankingAnswer;
      areas = ranking.areas.length;
      const { rows } = await client.query<{ n: number }>(
        'select count(*)::int as n from hardship_ranking where computed_at = $1::timestamptz',
        [ranking.computedAt],
      );
      rankingsKept = rows[0]?.n ?? 0;
      if (rankingsKept !== expected.rankings) problems.push(`refresh #${r}: ${rankingsKept} rankings kept, want ${expected.rankings}`);
      problems.push(...compareRanking(`#${r} ${area.province.name}`, ranking, expected.province));
      // The city's ranking, as the console reads it back: kept by this refresh.
      const kept = await send(server.url, 'GET', `/api/console/hardship-ranking?orgId=${area.checkedCity.id}`, headers);
      if (kept.status !== 200) problems.push(`GET ${area.checkedCity.name}'s ranking answered ${kept.status}: ${kept.body.slice(0, 200)}`);
      else {
        const cityRanking = JSON.parse(kept.body) as RankingAnswer;
        if (cityRanking.computedAt !== ranking.computedAt) {
          problems.push(
            `#${r} ${area.checkedCity.name}'s kept ranking computed at ${cityRanking.computedAt}, not by this refresh (${ranking.computedAt})`,
          );
        }
        problems.push(...compareRanking(`#${r} ${area.checkedCity.name}`, cityRanking, expected.city));
      }
      if (r === 1) {
        topAreas = ranking.areas
          .slice(0, 3)
          .map((a) => `${a.rank}. ${a.org.name} ${a.score}`)
          .join(', ');
        printRanking(ranking);
      }
    }
    const round: Round = {
      label: `#${r}`,
      health: healthRun,
      loadAverage,
      wallMs,
      status: answer.status,
      serverCpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
      postgresCpuMs: databaseCpu.spent(),
      allPostgresCpuMs: allSpent,
      rssBeforeMb: rssBefore,
      peakRssMb: peak,
      rssSamples: samples,
      rankingsKept,
      areas,
      problems,
    };
    rounds.push(round);
    log(
      `round ${r}: refresh ${fmt(wallMs)} ms (HTTP ${answer.status}), server CPU ${fmtMs(round.serverCpuMs)} ms, ` +
        `PostgreSQL ${fmt(round.postgresCpuMs)} ms (all PostgreSQL processes ${fmt(allSpent)} ms), ` +
        `RSS ${fmt(rssBefore)} → peak ${fmt(peak)} MB (${samples} samples); ${fmt(rankingsKept)} rankings kept; ` +
        `health ${fmt(healthRun.reqPerSec)} req/s, ${fmtMs(healthRun.cpuMicrosPerRequest.server)} µs/req; ` +
        (problems.length === 0 ? 'checks hold' : `CHECKS FAILED: ${problems.slice(0, 5).join('; ')}`),
    );
    console.log(
      formatTable(
        ['statement running (sampled every 50 ms)', 's'],
        statements.top(8).map((t) => [t.statement, t.seconds.toFixed(2)]),
      ),
    );
  }
  const hwmMb = memoryMb(server.pid)?.hwm ?? Number.NaN;
  const problems: string[] = [];
  for (const m of [warmup, ...rounds.map((r) => r.health)]) {
    if (m.non2xx > 0 || m.errors > 0 || m.timeouts > 0) {
      problems.push(`${m.label}: ${m.non2xx} non-2xx, ${m.errors} errors (${m.timeouts} timeouts)`);
    }
  }
  for (const r of rounds) problems.push(...r.problems);
  console.log('');
  console.log(formatRuns([warmup, ...rounds.map((r) => r.health)]));
  console.log('');
  printRounds(rounds);
  return { rounds, warmup, hwmMb, expected, problems, topAreas };
}

function printRanking(ranking: RankingAnswer): void {
  const value = (a: RankingAnswer['areas'][number], code: string) => {
    const v = a.parts.find((p) => p.code === code)?.value;
    return v === null || v === undefined ? '—' : fmt(v, 2);
  };
  console.log(
    formatTable(
      [
        'rank',
        'area',
        'score',
        'members',
        'files found',
        'per 10k',
        'median days',
        'reviews on time',
        'funds spent',
        'satisfaction',
        'exits',
      ],
      ranking.areas.map((a) => [
        a.rank,
        a.org.name,
        fmt(a.score, 2),
        fmt(a.counts.members),
        fmt(a.counts.filesFound),
        value(a, 'files_per_10k_members'),
        value(a, 'median_days_to_first_aid'),
        value(a, 'reviews_on_time_share'),
        value(a, 'funds_spent_share'),
        value(a, 'callback_satisfaction'),
        value(a, 'exits_share'),
      ]),
    ),
  );
}

function printRounds(rounds: readonly Round[]): void {
  console.log(
    formatTable(
      [
        'round',
        'load avg',
        'refresh ms',
        'server CPU ms',
        '= health requests',
        'PostgreSQL CPU ms',
        'all PostgreSQL ms',
        'RSS before MB',
        'peak RSS MB',
        'rankings kept',
        'health req/s',
        'health server µs/req',
        'checks',
      ],
      rounds.map((r) => [
        r.label,
        r.loadAverage.toFixed(1),
        fmt(r.wallMs),
        fmtMs(r.serverCpuMs),
        healthWorth(r),
        fmt(r.postgresCpuMs),
        fmt(r.allPostgresCpuMs),
        fmt(r.rssBeforeMb),
        fmt(r.peakRssMb),
        fmt(r.rankingsKept),
        fmt(r.health.reqPerSec),
        fmtMs(r.health.cpuMicrosPerRequest.server),
        r.problems.length === 0 ? 'hold' : `${r.problems.length} failed`,
      ]),
    ),
  );
}

/** The refresh's server CPU in health requests' worth of it, measured just before on the same server. */
function healthWorth(r: Round): string {
  const perRequest = r.health.cpuMicrosPerRequest.server;
  if (r.serverCpuMs === null || perRequest === null || perRequest <= 0) return '—';
  return fmt((r.serverCpuMs * 1000) / perRequest);
}

// ---------------------------------------------------------------------------------------------
// /proc readings.

/** VmRSS and VmHWM of a process in MB, or null when it cannot be read. */
function memoryMb(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/**
 * The CPU of one database's PostgreSQL processes between the first sample and the last: its backends
 * (the command line names the database) and the parallel workers they start. Sampled while the request
 * runs, since a parallel worker lives for one statement; one that comes and goes between two samples is
 * missed. Other databases on the same server (others' tests) are left out, unlike `postgresCpuMs`.
 */
class DatabaseCpu {
  private readonly ours = new Map<number, boolean>();
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly name: RegExp;
  private sampled = false;

  constructor(database: string) {
    this.name = new RegExp(`(^|\\s)${database}(\\s|$)`);
  }

  sample(): void {
    let pids: number[];
    try {
      pids = readdirSync('/proc')
        .filter((n) => /^\d+$/.test(n))
        .map(Number);
    } catch {
      return;
    }
    const workers: [number, number][] = [];
    for (const pid of pids) {
      let mine = this.ours.get(pid);
      if (mine === undefined) {
        let command: string;
        try {
          command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        } catch {
          continue;
        }
        if (!command.startsWith('postgres:')) {
          this.ours.set(pid, false);
          continue;
        }
        const leader = /parallel worker for PID (\d+)/.exec(command);
        if (leader) {
          workers.push([pid, Number(leader[1])]);
          continue;
        }
        mine = this.name.test(command);
        this.ours.set(pid, mine);
      }
      if (mine) this.record(pid);
    }
    for (const [pid, leader] of workers) {
      const mine = this.ours.get(leader) === true;
      this.ours.set(pid, mine);
      if (mine) this.record(pid);
    }
    this.sampled = true;
  }

  spent(): number {
    let ms = 0;
    for (const [pid, last] of this.last) ms += last - (this.first.get(pid) ?? 0);
    return ms;
  }

  private record(pid: number): void {
    const ms = processCpuMs(pid);
    if (ms === null) return;
    if (!this.first.has(pid)) this.first.set(pid, this.sampled ? 0 : ms);
    this.last.set(pid, ms);
  }
}

/**
 * What the server's sessions are running, sampled from `pg_stat_activity` over an admin connection (to
 * another database, so that its own CPU is not the bench database's): seconds per statement, a
 * sample's interval each time a session is seen running it. A diagnostic: where the refresh waits.
 */
class StatementSampler {
  private readonly seconds = new Map<string, number>();
  private busy = false;

  constructor(
    private readonly admin: pg.Client,
    private readonly database: string,
  ) {}

  sample(intervalMs: number): void {
    if (this.busy) return;
    this.busy = true;
    this.admin
      .query<{ query: string }>(
        `select query from pg_stat_activity
          where datname = $1 and state = 'active' and backend_type = 'client backend' and application_name = 'gonghui'`,
        [this.database],
      )
      .then(({ rows }) => {
        for (const r of rows) {
          const key = r.query.replace(/\s+/g, ' ').trim().slice(0, 90);
          this.seconds.set(key, (this.seconds.get(key) ?? 0) + intervalMs / 1000);
        }
      })
      .catch(() => undefined)
      .finally(() => {
        this.busy = false;
      });
  }

  top(n: number): { statement: string; seconds: number }[] {
    return [...this.seconds]
      .map(([statement, seconds]) => ({ statement, seconds }))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, n);
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting.

interface Line {
  target: string;
  measured: string;
  health: string;
  checks: string;
  result: string;
}

const median = (values: readonly number[]) => percentile([...values], 50);
const fmtMs = (n: number | null) => (n === null ? '—' : fmt(n));

function summarise(outcome: Outcome, fixture: FixtureReport): Line {
  const { rounds } = outcome;
  const list = (f: (r: Round) => string) => rounds.map(f).join(', ');
  const medianMs = median(rounds.map((r) => r.wallMs));
  const peak = Math.max(...rounds.map((r) => r.peakRssMb));
  const misses = [
    ...(medianMs < TARGET_MS ? [] : [`median refresh ${fmt(medianMs)} ms ≥ ${fmt(TARGET_MS)}`]),
    ...(peak < TARGET_RSS_MB ? [] : [`peak RSS ${fmt(peak)} MB ≥ ${TARGET_RSS_MB}`]),
    ...outcome.problems,
  ];
  const built = fixture.steps
    ? `built in ${fmt(fixture.comment.seconds)} s`
    : `template v${fixture.comment.version} of ${fixture.comment.builtOn} reused`;
  const kept = outcome.expected.rankings;
  return {
    target: `one refresh of 浙江 (${fmt(PROVINCE_ORGS)} organisations, ${fmt(FILES)} files, ${fmt(AIDS)} aid records) ranks every level: median < ${fmt(TARGET_MS / 1000)} s, RSS < ${TARGET_RSS_MB} MB`,
    measured:
      `median ${fmt(medianMs)} ms (rounds ${list((r) => fmt(r.wallMs))} ms); server CPU ${list((r) => fmtMs(r.serverCpuMs))} ms ` +
      `(= ${list(healthWorth)} health requests); PostgreSQL ${list((r) => fmt(r.postgresCpuMs))} ms (every PostgreSQL process on the machine, before/after: ${list((r) => fmt(r.allPostgresCpuMs))}); ` +
      `peak RSS ${list((r) => fmt(r.peakRssMb))} MB (before ${list((r) => fmt(r.rssBeforeMb))}; VmHWM ${fmt(outcome.hwmMb)} at the end); ` +
      `load average ${list((r) => r.loadAverage.toFixed(1))}; fixture ${built}`,
    health: `${list((r) => fmt(r.health.reqPerSec))} req/s at ${HEALTH_CONNECTIONS} connections, server CPU ${list((r) => fmtMs(r.health.cpuMicrosPerRequest.server))} µs/req`,
    checks:
      outcome.problems.length === 0
        ? `every answer 2xx; ${fmt(kept)} rankings kept each refresh; files found and median days of ${outcome.expected.province.size} cities and ` +
          `${outcome.expected.city.size} districts of 绍兴市 equal to SQL; top: ${outcome.topAreas}`
        : `${outcome.problems.length} failed: ${outcome.problems.slice(0, 3).join('; ')}`,
    result: misses.length === 0 ? 'PASS' : `FAIL (${misses.slice(0, 4).join('; ')})`,
  };
}

runBench('hardship-ranking', main, WATCHDOG_MS, () => runningServer);
