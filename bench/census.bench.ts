// Load benchmark: the census (issue 16) at province scale, on PostgreSQL. Two targets, each beside
// /api/health measured on the same server in the same run:
//   1. the coverage dashboard of 浙江 (5,000,000 members, 8,000,000 census people): the province, a city,
//      a district and a street, each with and without trade=courier, round-robin at 10 connections —
//      p95 < 300 ms for every one of the eight; the dashboard's totals are checked against the people
//      and the roll counted from scratch before the load, and a wrong figure fails the run;
//   2. a 1,000,000-row census list uploaded through the real route and counted (read, checked,
//      encrypted, staged, counted and matched against the roll) — ≥ 20,000 rows/s from the upload's
//      start to the list's completion, and the server's RSS < 400 MB throughout; its counters and the
//      coverage it adds are checked against what the file was built to hold.
// Exit code 1 when a target misses or an invariant breaks.
// Run: npm run bench:census [-- --keep] [-- --reuse: copy the kept seeded template, not recorded]
//      [-- --members N --census N --import-rows N: a smaller run, not recorded]
//      [-- --only dashboard|import: one target, not recorded]
//      (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
// The installation's module list, as main.ts installs it: the modules' services read role names and messages from it.
import '../src/modules.js';
import { createSession } from '../src/platform/auth/sessions.js';
import { createPlatform } from '../src/platform/bootstrap.js';
import { parseConfig } from '../src/platform/config/config.js';
import type { Platform } from '../src/platform/context.js';
import { checkIdNumber, idNumberCheckChar } from '../src/platform/crypto/validators.js';
import { openDatabase } from '../src/platform/db/client.js';
import { uuidv7 } from '../src/platform/db/columns.js';
import { foldTally } from '../src/platform/db/tally.js';
import { inTransaction } from '../src/platform/db/tx.js';
import { t } from '../src/platform/i18n/i18n.js';
import { listChildRegions } from '../src/platform/regions/regions.js';
import { CENSUS_TALLIES } from '#modules/census';
import { MEMBER_TALLIES, personMatchIndexes } from '#modules/members';
import { TRADES, tradeFromWords, type Trade } from '#modules/orgs';
import { listStaffAccounts } from '#modules/staff';
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
  setDatabaseComment,
  sleep,
  startServerProcess,
  type Measurement,
  type ServerProcess,
} from './harness.js';

// BENCH_CENSUS_DB: another name, so that two runs (each on its own copy of the template) can go side by side.
const DB_NAME = process.env.BENCH_CENSUS_DB ?? 'gonghui_bench_census';
// The seeded province, kept and copied for each run (a file copy takes a minute where seeding takes many).
const TEMPLATE_DB_NAME = 'gonghui_bench_census_seeded';
// Bumped when the seeding below changes: a kept template of another version is seeded again.
const SEED_VERSION = 1;

const TARGETS = ['dashboard', 'import'] as const;

const DEFAULT_MEMBERS = 5_000_000;
const DEFAULT_CENSUS = 8_000_000;
const DEFAULT_IMPORT_ROWS = 1_000_000;
// Members written by the roll's own seeder (`gonghui seed --members`), real ciphertexts the bench reads
// back: the import lists some of them by phone and name only, which the census matches as probable by
// decrypting their names. The rest of the roll is written set-based in SQL (see seedProvince).
const REAL_MEMBERS = 10_000;

// A console is used by a handful of staff at a time; 10 connections without think time is already more
// than a province's staff produce (each opening of the dashboard is one request), and keeps the latency
// about the query rather than the queue — the figure the members bench's roll page uses too.
const CONSOLE_CONNECTIONS = 10;
const DASHBOARD_TARGET_P95_MS = 300;
const IMPORT_TARGET_ROWS_PER_SEC = 20_000;
const IMPORT_TARGET_RSS_MB = 400;
const WARMUP_SECONDS = 3;
const MEASURE_SECONDS = 10;
// Health and the dashboard alternately, three times: each figure is the median of the three rounds.
const ROUNDS = 3;
const SAMPLE_MS = 200;
const IMPORT_TIMEOUT_MS = 15 * 60_000;
const SEED_STEP_TIMEOUT_MS = 20 * 60_000;

// Rows a seeding statement writes: a statement-level trigger (the roll's tally, the census's coverage)
// groups each chunk once; far more would hold a transition table of a million rows.
const SEED_CHUNK = 250_000;

// The people of the bench are a function of one counter u: 身份证号 of 20 浙江 counties neither the
// roll's seeder nor any other bench draws (so no person repeats one made another way), born on one of
// 15,000 days from 1966-01-01 (adults, the youngest 19), sequence numbers 001–999 — 300 million people.
// Members are u ∈ [0, sqlMembers); the census's people not on the roll follow them; the import's new
// people follow those.
const ID_REGIONS = [
  '330102', '330105', '330108', '330110', '330111', '330112', '330113', '330114', '330122', '330127',
  '330182', '330211', '330213', '330225', '330226', '330281', '330282', '330303', '330304', '330305',
]; // prettier-ignore
const ID_DAYS = 15_000;
const ID_DAY0 = Date.UTC(1966, 0, 1);
const ID_CAPACITY = ID_REGIONS.length * ID_DAYS * 999;
// Mobile numbers: the SQL-written members' (170, a prefix the roll's seeder never draws) and the
// import's people not on the roll (178, neither).
const MEMBER_PHONE_PREFIX = '170';
const IMPORT_PHONE_PREFIX = '178';

// The census's people by j % 100: 0–34 on the roll by 身份证号 (35 %), 35–37 probably on it (phone +
// name, listed without an ID: 3 %), the rest not members. 1 in 10 is named by two lists, 1 in 100 (j %
// 100 = 99) by none any more (kept, not counted).
const MATCHED_PER_100 = 35;
const PROBABLE_PER_100 = 3;

// The roll's trade mix (the roll seeder's weights, in per cent).
const TRADE_WEIGHTS: readonly [Trade, number][] = [
  ['truck_driver', 9], ['courier', 15], ['care_worker', 4], ['domestic_worker', 6], ['mall_info_staff', 3],
  ['food_delivery', 20], ['real_estate_agent', 4], ['security_guard', 8], ['ride_hailing', 9], ['sanitation', 5],
  ['construction', 7], ['other', 10],
]; // prettier-ignore

const RESULTS_FILE = path.join(ROOT, 'bench/RESULTS.md');
const RESULTS_SECTION = `## census — \`npm run bench:census\`

The census of issue 16 on a province: 浙江 with 5,000,000 members and 8,000,000 census people (35 % of them
on the roll by 身份证号, 3 % probably), seeded set-based in SQL through the tables (the roll's tally and
the census's coverage kept by their triggers), 10,000 of the members by the roll's own seeder. One line
per target per run, each beside \`/api/health\` on the same server in the same run. See \`bench/README.md\`.

- **seed**: the seeding's time, step by step (information, no target).
- **dashboard**: \`GET /api/console/census/coverage\` as the province's staff — the province, 绍兴市, 柯桥区
  and 柯桥街道, each with and without \`trade=courier\`, round-robin, 10 connections, three rounds of
  health then the dashboard (10 s each); p95 < 300 ms for each of the eight (the median of the rounds'),
  every figure checked against the people counted from scratch first.
- **import**: a 1,000,000-row list (GBK CSV) uploaded to \`POST /api/console/census/lists\` as 柯桥区's staff
  and polled to its end — rows/s from the upload's start to the list's completion ≥ 20,000 and the
  server's peak RSS < 400 MB; its counters and the coverage it adds checked against the file's plan.
- **result**: PASS / FAIL with what missed; **commit**: the code measured (\`+dirty\`: uncommitted changes).

| date | machine | target | measured | health, same run | result | commit |
| --- | --- | --- | --- | --- | --- | --- |
`;

type Log = (message: string) => void;

interface Sizes {
  members: number;
  census: number;
  importRows: number;
}

interface Line {
  target: string;
  measured: string;
  health: string;
  result: string;
}

const ms = (n: number) => `${fmt(n, n < 10 ? 1 : 0)} ms`;
const secondsSince = (start: number) => (performance.now() - start) / 1000;

let runningServer: ServerProcess | null = null;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      keep: { type: 'boolean', default: false },
      reuse: { type: 'boolean', default: false },
      members: { type: 'string' },
      census: { type: 'string' },
      'import-rows': { type: 'string' },
      only: { type: 'string' },
    },
  });
  const only = new Set((values.only ?? TARGETS.join(',')).split(',').map((name) => name.trim()));
  const unknown = [...only].filter((name) => !(TARGETS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--only: unknown target ${unknown.join(', ')} (targets: ${TARGETS.join(', ')})`);
  const sizes: Sizes = {
    members: values.members ? Number(values.members) : DEFAULT_MEMBERS,
    census: values.census ? Number(values.census) : DEFAULT_CENSUS,
    importRows: values['import-rows'] ? Number(values['import-rows']) : DEFAULT_IMPORT_ROWS,
  };
  const plan = planUniverse(sizes);
  // A smaller province, a reused one or one target measures something else: printed, never recorded.
  const record =
    sizes.members === DEFAULT_MEMBERS &&
    sizes.census === DEFAULT_CENSUS &&
    sizes.importRows === DEFAULT_IMPORT_ROWS &&
    !values.reuse &&
    only.size === TARGETS.length;
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const started = performance.now();
  const log: Log = (message) => console.log(`[${secondsSince(started).toFixed(1).padStart(7)} s] ${message}`);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'gonghui-bench-census-'));
  const codeAtStart = codeVersion();
  const loadAtStart = os.loadavg()[0] ?? 0;
  if (loadAtStart > os.cpus().length / 2) {
    log(`the machine is busy (1-min load average ${loadAtStart.toFixed(1)}): absolute figures will suffer`);
  }
  log(
    `sizes: ${fmt(sizes.members)} members (${fmt(REAL_MEMBERS)} by the roll's seeder), ${fmt(sizes.census)} census people, ` +
      `a list of ${fmt(sizes.importRows)} rows; targets ${[...only].join(', ')}${record ? '' : ' (not recorded)'}`,
  );

  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'warn',
    GONGHUI_JOBS_ENABLED: 'false',
    // The list's upload is written under the data directory: keep it out of the repository.
    GONGHUI_DATA_DIR: workDir,
  };
  let cloned = false;
  try {
    return await runAll();
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    if (values.keep) log(`kept database ${DB_NAME}`);
    else if (cloned) await dropDatabase(adminUrl, DB_NAME);
    else await releaseDatabase(DB_NAME);
  }

  async function runAll(): Promise<number> {
    const seeded = await seededTemplate(adminUrl, baseEnv, sizes, plan, !values.reuse, log);
    const cloneStarted = performance.now();
    const benchUrl = await cloneDatabase(adminUrl, TEMPLATE_DB_NAME, DB_NAME);
    cloned = true;
    log(
      `database ${redactUrl(benchUrl)}: a copy of ${TEMPLATE_DB_NAME} in ${secondsSince(cloneStarted).toFixed(1)} s; files in ${workDir}`,
    );
    const env: NodeJS.ProcessEnv = { ...baseEnv, DATABASE_URL: benchUrl };
    const client = new pg.Client({ connectionString: benchUrl });
    const config = parseConfig(env);
    const database = await openDatabase({ url: config.databaseUrl, poolSize: 2 });
    const p = createPlatform(config, database);
    try {
      await client.connect();
      const { rows: version } = await client.query<{ version: string; buffers: string; wal: string }>(
        `select version(), current_setting('shared_buffers') as buffers, current_setting('max_wal_size') as wal`,
      );
      // The counting of a list writes into indexes of millions of rows: how much of them PostgreSQL
      // keeps in memory decides its speed (docs/OPERATIONS.md, PostgreSQL for a province).
      const settings = `shared_buffers ${version[0]?.buffers ?? '?'}, max_wal_size ${version[0]?.wal ?? '?'}`;
      const machine = `${machineDescription(version[0]?.version ?? 'PostgreSQL ?')} (${settings}), load ${loadAtStart.toFixed(1)} at start`;
      await checkSeededPeople(p, client, plan, log);
      const tokens = { province: await staffSession(p, 'zhejiang'), district: await staffSession(p, 'keqiao') };

      const server = await startServerProcess(env);
      runningServer = server;
      const lines: Line[] = [seedLine(sizes, seeded)];
      try {
        log(`server pid ${server.pid} at ${server.url}`);
        if (only.has('dashboard')) lines.push(await dashboardTarget(client, server, tokens.province, log));
        if (only.has('import')) {
          lines.push(
            await importTarget(p, client, server, tokens.district, plan, workDir, log).catch((error: unknown) => {
              const message = error instanceof Error ? error.message : String(error);
              log(`import failed: ${message}\nserver's last lines:\n${server.output()}`);
              return {
                target: importTargetText(sizes.importRows),
                measured: `not measured: ${message.slice(0, 200)}`,
                health: '—',
                result: 'FAIL (import failed)',
              };
            }),
          );
        }
      } finally {
        await server.stop();
        runningServer = null;
      }
      const pass = lines.every((l) => l.result === '—' || l.result === 'PASS');
      console.log('');
      console.log(
        formatTable(
          ['target', 'measured', 'health, same run', 'result'],
          lines.map((l) => [l.target, l.measured, l.health, l.result]),
        ),
      );
      if (record) {
        const date = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        const codeAtEnd = codeVersion();
        const commit = codeAtEnd === codeAtStart ? codeAtStart : `${codeAtStart} (${codeAtEnd} at the end)`;
        await appendResult(
          RESULTS_FILE,
          RESULTS_SECTION,
          lines.map((l) => [date, machine, l.target, l.measured, l.health, l.result, commit]),
        );
        log(`appended to ${path.relative(process.cwd(), RESULTS_FILE)}`);
      } else {
        log('a smaller or reused province, or one target: not recorded');
      }
      log(pass ? 'PASS' : 'FAIL');
      return pass ? 0 : 1;
    } finally {
      await database.close();
      await client.end().catch(() => undefined);
    }
  }
}

function seedLine(sizes: Sizes, seeded: SeedReport): Line {
  const what = `seed ${fmt(sizes.members)} members + ${fmt(sizes.census)} census people`;
  if (!seeded.steps) return { target: what, measured: `reused ${TEMPLATE_DB_NAME}`, health: '—', result: '—' };
  const steps = seeded.steps.map((s) => `${s.label} ${s.seconds.toFixed(0)} s`).join(', ');
  return { target: what, measured: `${seeded.seconds.toFixed(0)} s: ${steps}`, health: '—', result: '—' };
}

// ---------------------------------------------------------------------------------------------
// Who is who: every person of the bench is a function of a counter, in SQL (seeding) and here (the
// list's file, the checks) alike.

interface Universe extends Sizes {
  /** Members written in SQL: u ∈ [0, sqlMembers). */
  sqlMembers: number;
  /** Census people on the roll by ID: their members are u ∈ [0, matchedSpan). */
  matchedSpan: number;
  /** Census people probably on the roll: their members are u ∈ [matchedSpan, probableEnd). */
  probableEnd: number;
  /** The census's people not on the roll are u = notMemberBase + j. */
  notMemberBase: number;
  /** The import's new people are u = importBase + k. */
  importBase: number;
}

function planUniverse(sizes: Sizes): Universe {
  for (const [name, n] of Object.entries(sizes)) {
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name}: a positive whole number`);
  }
  const sqlMembers = sizes.members - REAL_MEMBERS;
  const blocks = Math.ceil(sizes.census / 100);
  const matchedSpan = blocks * MATCHED_PER_100;
  const probableEnd = matchedSpan + blocks * PROBABLE_PER_100;
  const universe = {
    ...sizes,
    sqlMembers,
    matchedSpan,
    probableEnd,
    notMemberBase: sqlMembers,
    importBase: sqlMembers + sizes.census,
  };
  // The list's members on the roll are drawn from the members no census person names yet.
  if (sqlMembers - probableEnd < Math.ceil(sizes.importRows * 0.3)) {
    throw new Error(`--members: at least ${fmt(REAL_MEMBERS + probableEnd + Math.ceil(sizes.importRows * 0.3))} for these sizes`);
  }
  if (sizes.importRows / 100 > REAL_MEMBERS) throw new Error(`--import-rows: at most ${fmt(REAL_MEMBERS * 100)}`);
  if (sizes.importRows > 1_000_000) throw new Error('--import-rows: a list holds at most 1,000,000 rows');
  if (universe.importBase + sizes.importRows > ID_CAPACITY) throw new Error('too many people for the 身份证号 space');
  return universe;
}

/** The 身份证号 of person u. */
function idNumberOf(u: number): string {
  const region = ID_REGIONS[u % ID_REGIONS.length] ?? '';
  const birth = new Date(ID_DAY0 + (Math.floor(u / ID_REGIONS.length) % ID_DAYS) * 86_400_000);
  const sequence = Math.floor(u / (ID_REGIONS.length * ID_DAYS)) + 1;
  const first17 = `${region}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

const memberPhoneOf = (u: number) => `${MEMBER_PHONE_PREFIX}${String(u).padStart(8, '0')}`;

/** The id of SQL-written member u or census person j: UUIDv7-shaped, time-ordered by the counter. */
function benchUuid(tag: 'member' | 'person', n: number): string {
  const hex = (1_704_067_200_000 + n).toString(16).padStart(12, '0') + '7000' + UUID_TAGS[tag] + n.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
const UUID_TAGS = { member: '8a00', person: '8c00' } as const;

// GB 11643's weights of the 身份证号's 17 digits, and ISO 7064 MOD 11-2's of a member number's 13
// (2^(14-i) mod 11, as formatMemberNo computes them).
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const MEMBER_NO_WEIGHTS = Array.from({ length: 13 }, (_, i) => 2 ** (13 - i) % 11);
const digitSum = (digits: string, weights: readonly number[]) => digits.split('').reduce((n, d, i) => n + Number(d) * (weights[i] ?? 0), 0);

/**
 * The bench's people in SQL — the same as idNumberOf, memberPhoneOf and benchUuid, and the blind
 * index the platform computes (HMAC-SHA-256 under the configured key, as BlindIndex does) out of
 * PostgreSQL's own sha256 — as expressions inlined in the seeding's statements: a function call a row
 * (pg_temp SQL functions) cost ten times the row. The 身份证号's parts come from three small tables
 * (region, birth day, sequence), each with its digits' share of the check sum.
 */
class PeopleSql {
  private readonly ipad: string;
  private readonly opad: string;
  private readonly trades: string;

  constructor(
    p: Platform,
    readonly towns: number,
  ) {
    const key = p.config.blindIndexKey;
    if (key.length > 64) throw new Error('a blind index key longer than 64 bytes is hashed first: not done here');
    const block = Buffer.concat([key, Buffer.alloc(64 - key.length)]);
    this.ipad = Buffer.from(block.map((b) => b ^ 0x36)).toString('hex');
    this.opad = Buffer.from(block.map((b) => b ^ 0x5c)).toString('hex');
    // A hundred slots, each trade as many as its weight: one subscript draws a trade.
    this.trades = `array[${TRADE_WEIGHTS.flatMap(([trade, w]) => Array.from({ length: w }, () => `'${trade}'`)).join(',')}]`;
  }

  /** The lookup tables, for the seeding's session. */
  async createTables(client: pg.Client): Promise<void> {
    await client.query('create temp table bench_region (i int primary key, code text, w int)');
    await client.query('create temp table bench_day (i int primary key, ymd text, w int)');
    await client.query('create temp table bench_seq (i int primary key, txt text, w int)');
    const fill = (table: string, texts: string[], weights: readonly number[]) =>
      client.query(`insert into ${table} select i - 1, t, w from unnest($1::text[], $2::int[]) with ordinality as x(t, w, i)`, [
        texts,
        texts.map((text) => digitSum(text, weights)),
      ]);
    await fill('bench_region', ID_REGIONS, ID_WEIGHTS.slice(0, 6));
    const days = Array.from({ length: ID_DAYS }, (_, d) =>
      new Date(ID_DAY0 + d * 86_400_000).toISOString().slice(0, 10).replaceAll('-', ''),
    );
    await fill('bench_day', days, ID_WEIGHTS.slice(6, 14));
    await fill(
      'bench_seq',
      Array.from({ length: 999 }, (_, i) => String(i + 1).padStart(3, '0')),
      ID_WEIGHTS.slice(14),
    );
  }

  /** Joins (aliases `${a}r`, `${a}d`, `${a}s`) and the expression of person `u`'s 身份证号. */
  idNumber(u: string, a: string): { joins: string; id: string } {
    const regions = ID_REGIONS.length;
    return {
      joins: `join bench_region ${a}r on ${a}r.i = (${u}) % ${regions}
              join bench_day ${a}d on ${a}d.i = ((${u}) / ${regions} % ${ID_DAYS})::int
              join bench_seq ${a}s on ${a}s.i = ((${u}) / ${regions * ID_DAYS})::int`,
      id: `(${a}r.code || ${a}d.ymd || ${a}s.txt || substr('10X98765432', (${a}r.w + ${a}d.w + ${a}s.w) % 11 + 1, 1))`,
    };
  }

  /** The blind index of a text under a context: HMAC(key, context ‖ 0x00 ‖ value). */
  blindIndex(context: string, value: string): string {
    const prefix = Buffer.concat([Buffer.from(context, 'utf8'), Buffer.from([0])]).toString('hex');
    return `sha256('\\x${this.opad}'::bytea || sha256('\\x${this.ipad}${prefix}'::bytea || convert_to(${value}, 'UTF8')))`;
  }

  phone(u: string): string {
    return `('${MEMBER_PHONE_PREFIX}' || lpad((${u})::text, 8, '0'))`;
  }

  uuid(tag: keyof typeof UUID_TAGS, n: string): string {
    return `(lpad(to_hex(1704067200000 + (${n})), 12, '0') || '7000${UUID_TAGS[tag]}' || lpad(to_hex(${n}), 12, '0'))::uuid`;
  }

  /** A member number of sequence value n (33, eleven digits, the MOD 11-2 check). */
  memberNo(n: string): string {
    const terms = MEMBER_NO_WEIGHTS.slice(2).map((w, i) => `(${n}) / ${10 ** (10 - i)} % 10 * ${w}`);
    const sum = `${3 * (MEMBER_NO_WEIGHTS[0] ?? 0) + 3 * (MEMBER_NO_WEIGHTS[1] ?? 0)} + ${terms.join(' + ')}`;
    return `('33' || lpad((${n})::text, 11, '0') || substr('0123456789X', ((12 - (${sum}) % 11) % 11 + 1)::int, 1))`;
  }

  /** Bytes of a ciphertext's length (nothing decrypts the SQL-written people), distinct per row. */
  noise(n: string, length: number): string {
    return `substr(int8send(${n}) || '\\x${'a5'.repeat(80)}'::bytea, 1, ${length})`;
  }

  town(u: string): string {
    return `(abs(hashint8extended(${u}, 1)) % ${this.towns})::int`;
  }

  trade(u: string): string {
    return `(${this.trades})[abs(hashint8extended(${u}, 2)) % 100 + 1]`;
  }

  /** 2.5 % of members left, 0.5 % suspended. */
  status(u: string): string {
    const x = `abs(hashint8extended(${u}, 3)) % 1000`;
    return `(case when ${x} < 25 then 'left' when ${x} < 30 then 'suspended' else 'active' end)`;
  }

  /** Census person j: on the roll by ID, probably, or not. */
  personKind(j: string): string {
    return `(case when (${j}) % 100 < ${MATCHED_PER_100} then 'id' when (${j}) % 100 < ${MATCHED_PER_100 + PROBABLE_PER_100} then 'probable' else 'none' end)`;
  }

  /** Census person j's counter: their member's, or their own past the members. */
  personU(j: string, u: Universe): string {
    return `(case when (${j}) % 100 < ${MATCHED_PER_100} then (${j}) / 100 * ${MATCHED_PER_100} + (${j}) % 100
                  when (${j}) % 100 < ${MATCHED_PER_100 + PROBABLE_PER_100}
                    then ${u.matchedSpan} + (${j}) / 100 * ${PROBABLE_PER_100} + ((${j}) % 100 - ${MATCHED_PER_100})
                  else ${u.notMemberBase} + (${j}) end)`;
  }

  /** How many lists name census person j: 1 in 10 two, 1 in 100 none any more. */
  listCount(j: string): string {
    return `(case when (${j}) % 100 = 99 then 0 when (${j}) % 10 = 0 then 2 else 1 end)`;
  }
}

// ---------------------------------------------------------------------------------------------
// Seeding.

interface SeedReport {
  /** Null when a kept template was reused. */
  steps: { label: string; seconds: number }[] | null;
  seconds: number;
}

interface TemplateComment {
  version: number;
  members: number;
  census: number;
}

/** The seeded template: made afresh (`fresh`), or reused when it holds these sizes. */
async function seededTemplate(
  adminUrl: string,
  env: NodeJS.ProcessEnv,
  sizes: Sizes,
  u: Universe,
  fresh: boolean,
  log: Log,
): Promise<SeedReport> {
  const comment = await databaseComment(adminUrl, TEMPLATE_DB_NAME);
  const kept = comment ? (JSON.parse(comment) as TemplateComment) : null;
  if (!fresh && kept?.version === SEED_VERSION && kept.members === sizes.members && kept.census === sizes.census) {
    log(`reusing ${TEMPLATE_DB_NAME} (${fmt(sizes.members)} members, ${fmt(sizes.census)} census people)`);
    return { steps: null, seconds: 0 };
  }
  log(`seeding ${TEMPLATE_DB_NAME} afresh (kept for later --reuse runs)`);
  const url = await recreateDatabase(adminUrl, TEMPLATE_DB_NAME);
  const report = await seedProvince({ ...env, DATABASE_URL: url }, url, u, log);
  const comment2: TemplateComment = { version: SEED_VERSION, members: sizes.members, census: sizes.census };
  await setDatabaseComment(adminUrl, TEMPLATE_DB_NAME, JSON.stringify(comment2));
  await releaseDatabase(TEMPLATE_DB_NAME);
  return report;
}

/** Runs `gonghui seed --members N`: migrations, the demo tree and its staff, then N members by the roll's seeder. */
async function runSeedCommand(env: NodeJS.ProcessEnv, count: number, log: Log): Promise<void> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/gonghui.mjs'), 'seed', '--members', String(count)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-5000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), SEED_STEP_TIMEOUT_MS);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  if (code !== 0) throw new Error(`gonghui seed exited with ${code}:\n${stdout}\n${stderr}`);
  log(`  ${stdout.trim().split('\n').pop() ?? ''}`);
}

/**
 * The province: the demo tree and 10,000 members by the roll's seeder, then the rest of the roll and
 * the census in SQL — INSERT … SELECT over generate_series in chunks, through the tables, so that the
 * roll's area tallies and the census's coverage are kept by their own triggers. Secondary
 * indexes are dropped for the bulk and built again after (the unique ones then prove the people
 * unique). Each step's time is printed and returned.
 */
async function seedProvince(env: NodeJS.ProcessEnv, url: string, u: Universe, log: Log): Promise<SeedReport> {
  const started = performance.now();
  const steps: { label: string; seconds: number }[] = [];
  const step = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const at = performance.now();
    log(`seed: ${label}…`);
    const result = await fn();
    const seconds = secondsSince(at);
    steps.push({ label, seconds });
    log(`seed: ${label} in ${seconds.toFixed(1)} s`);
    return result;
  };

  await step(`demo tree + ${fmt(REAL_MEMBERS)} members (gonghui seed)`, () => runSeedCommand(env, REAL_MEMBERS, log));

  const config = parseConfig(env);
  const database = await openDatabase({ url: config.databaseUrl, poolSize: 1 });
  const p = createPlatform(config, database);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`set maintenance_work_mem = '1GB'`);
    await client.query(`set work_mem = '256MB'`);
    // The seed is made again if it fails: nothing is lost by not waiting for each commit's flush.
    await client.query('set synchronous_commit = off');
    await client.query('set max_parallel_maintenance_workers = 2');

    const { rows: orgRows } = await client.query<{ id: string; region_code: string; kind: string }>(
      `select id, region_code, kind from org where status = 'active' and kind in ('provincial', 'city', 'county', 'township')`,
    );
    const province = orgRows.find((o) => o.kind === 'provincial');
    if (!province) throw new Error('the demo tree has no province');
    // Every township of 浙江, with the deepest demo union of its area (its members' union) and the
    // two lists (one per source) of its county that name its people.
    const towns = listChildRegions('33').flatMap((city) =>
      listChildRegions(city.code).flatMap((county) =>
        listChildRegions(county.code)
          .filter((r) => r.level === 'township')
          .map((r) => ({ code: r.code, county: county.code })),
      ),
    );
    const unionOf = (code: string) =>
      orgRows.filter((o) => code.startsWith(o.region_code)).sort((a, b) => b.region_code.length - a.region_code.length)[0]?.id ??
      province.id;
    const sources = [
      { id: uuidv7(), name: '浙江省市场监督管理局', kind: 'market_regulation' },
      { id: uuidv7(), name: '浙江省人力资源和社会保障厅', kind: 'hr' },
    ];
    const counties = [...new Set(towns.map((x) => x.county))];
    const listsOf = new Map(counties.map((c) => [c, sources.map(() => uuidv7())]));

    const sqlPeople = new PeopleSql(p, towns.length);
    const idCtx = personMatchIndexes.contexts.idNumber;
    const phoneCtx = personMatchIndexes.contexts.phone;

    await step('lookup tables and lists', async () => {
      await client.query('create temp table bench_town (i int primary key, code text, county text, org_id uuid, list_a uuid, list_b uuid)');
      await client.query(
        `insert into bench_town select * from unnest($1::int[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::uuid[])`,
        [
          towns.map((_, i) => i),
          towns.map((x) => x.code),
          towns.map((x) => x.county),
          towns.map((x) => unionOf(x.code)),
          towns.map((x) => listsOf.get(x.county)?.[0]),
          towns.map((x) => listsOf.get(x.county)?.[1]),
        ],
      );
      await sqlPeople.createTables(client);
      await checkPeopleSql(p, client, sqlPeople, u);
      for (const s of sources) {
        await client.query(`insert into census_source (id, org_id, name, kind) values ($1, $2, $3, $4)`, [
          s.id,
          province.id,
          s.name,
          s.kind,
        ]);
      }
      const listRows = counties.flatMap((county) =>
        sources.map((s, i) => ({ id: listsOf.get(county)?.[i] as string, source: s.id, county, name: `${s.name}-${county}.csv` })),
      );
      await client.query(
        `insert into census_list (id, province_code, org_id, source_id, region_code, file_name, format, mode, status, progress,
                                  staff_name, created_at, finished_at)
         select id, '33', $1, source, county, name, 'csv', 'valid_rows', 'completed', 100, '基准数据', now() - interval '30 days', now() - interval '30 days'
           from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[]) as l(id, source, county, name)`,
        [province.id, listRows.map((l) => l.id), listRows.map((l) => l.source), listRows.map((l) => l.county), listRows.map((l) => l.name)],
      );
    });

    const dropped = await step('drop secondary indexes', () =>
      dropIndexes(client, ['member', 'member_change', 'census_person', 'census_entry']),
    );

    // Member numbers: a block of the sequence, member u taking the u-th.
    const { rows: sequence } = await client.query<{ n: string }>(`select nextval('member_no_seq')::text as n`);
    const firstNo = Number(sequence[0]?.n);
    await client.query(`select setval('member_no_seq', $1)`, [firstNo + u.sqlMembers]);
    const member = sqlPeople.idNumber('g.u', 'm');
    await step(`${fmt(u.sqlMembers)} members`, () =>
      inChunks(u.sqlMembers, log, 'members', (from, to) =>
        client.query(
          `insert into member (id, member_no, province_code, org_id, status, name_cipher, id_number_cipher, id_index, phone_cipher,
                               phone_index, duplicate_index, gender, birth_date, trade, work_region_code, work_address_cipher,
                               new_form, joined_at, source, status_changed_at, created_at, updated_at)
           select ${sqlPeople.uuid('member', 'g.u')}, ${sqlPeople.memberNo(`${firstNo} + g.u`)}, '33', t.org_id, x.status,
                  ${sqlPeople.noise('g.u', 44)}, ${sqlPeople.noise('g.u', 53)}, ${sqlPeople.blindIndex(idCtx, member.id)},
                  ${sqlPeople.noise('g.u', 46)}, ${sqlPeople.blindIndex(phoneCtx, sqlPeople.phone('g.u'))}, sha256(int8send(g.u)),
                  case when (g.u / ${ID_REGIONS.length * ID_DAYS} + 1) % 2 = 1 then 'male' else 'female' end,
                  date '1966-01-01' + (g.u / ${ID_REGIONS.length} % ${ID_DAYS})::int,
                  x.trade, t.code, case when g.u % 10 < 7 then ${sqlPeople.noise('g.u', 70)} end, x.trade <> 'other', x.joined_at, 'seed',
                  case when x.status <> 'active' then x.joined_at + interval '200 days' end, x.joined_at, x.joined_at
             from generate_series($1::bigint, $2::bigint - 1) g(u)
             cross join lateral (select ${sqlPeople.trade('g.u')} as trade, ${sqlPeople.status('g.u')} as status,
                                        now() - (abs(hashint8extended(g.u, 4)) % ${3 * 365 * 86_400}) * interval '1 second' as joined_at) x
             join bench_town t on t.i = ${sqlPeople.town('g.u')}
             ${member.joins}`,
          [from, to],
        ),
      ),
    );

    const person = sqlPeople.idNumber('k.u', 'p');
    await step(`${fmt(u.census)} census people`, () =>
      inChunks(u.census, log, 'census people', (from, to) =>
        client.query(
          `insert into census_person (id, province_code, name_cipher, id_number_cipher, id_index, phone_cipher, phone_index,
                                      phone_name_index, trade, region_code, employer_name, member_id, match, member_active,
                                      list_count, last_list_id, created_at, updated_at)
           select ${sqlPeople.uuid('person', 'g.j')}, '33', ${sqlPeople.noise('g.j', 44)},
                  case when k.kind <> 'probable' then ${sqlPeople.noise('g.j', 53)} end,
                  case when k.kind <> 'probable' then ${sqlPeople.blindIndex(idCtx, person.id)} end,
                  ${sqlPeople.noise('g.j', 46)},
                  case when k.kind = 'none' then sha256(int8send(g.j)) else ${sqlPeople.blindIndex(phoneCtx, sqlPeople.phone('k.u'))} end,
                  sha256(int8send(-1 - g.j)), ${sqlPeople.trade('k.u')}, t.code,
                  case when g.j % 3 = 0 then (array['美团', '饿了么', '顺丰速运', '中通快递', '滴滴出行'])[g.j % 5 + 1] end,
                  case when k.kind <> 'none' then ${sqlPeople.uuid('member', 'k.u')} end,
                  case when k.kind <> 'none' then k.kind end,
                  k.kind <> 'none' and ${sqlPeople.status('k.u')} <> 'left',
                  ${sqlPeople.listCount('g.j')}, t.list_a, k.at, k.at
             from generate_series($1::bigint, $2::bigint - 1) g(j)
             cross join lateral (select ${sqlPeople.personKind('g.j')} as kind, ${sqlPeople.personU('g.j', u)} as u,
                                        now() - (abs(hashint8extended(g.j, 5)) % ${730 * 86_400}) * interval '1 second' as at) k
             join bench_town t on t.i = ${sqlPeople.town('k.u')}
             ${person.joins}`,
          [from, to],
        ),
      ),
    );

    await step('census entries', () =>
      inChunks(u.census, log, 'people named', (from, to) =>
        client.query(
          `insert into census_entry (list_id, person_id, row)
           select l.list_id, ${sqlPeople.uuid('person', 'g.j')}, (g.j / 90)::int + 2
             from generate_series($1::bigint, $2::bigint - 1) g(j)
             join bench_town t on t.i = ${sqlPeople.town(sqlPeople.personU('g.j', u))}
             cross join lateral (select t.list_a as list_id where ${sqlPeople.listCount('g.j')} >= 1
                                 union all select t.list_b where ${sqlPeople.listCount('g.j')} = 2) l`,
          [from, to],
        ),
      ),
    );

    await step('indexes built again', () => createIndexes(client, dropped, log));

    await step('months, list counters', async () => {
      // The census counted month by month since its people were first counted (the trigger wrote the
      // whole seed into this month): the trend's running sums end at the same totals.
      await client.query('delete from census_area_month');
      await client.query(
        `insert into census_area_month (depth, area_code, trade, month, census, members, pending)
         select l.depth, left(region_code, l.depth), trade, date_trunc('month', created_at at time zone 'Asia/Shanghai')::date,
                count(*) filter (where list_count > 0),
                count(*) filter (where list_count > 0 and match in ('id', 'confirmed') and member_active), false
           from census_person cross join (values (0), (2), (4), (6), (9)) as l(depth) group by 1, 2, 3, 4
         having count(*) filter (where list_count > 0) > 0`,
      );
      await client.query(
        `update census_list l set total_rows = e.n, processed_rows = e.n, written_rows = e.n, new_people = e.n
           from (select list_id, count(*)::int as n from census_entry group by 1) e where e.list_id = l.id`,
      );
      // The roll's change feed keeps a week; the seeded members joined months ago, and the census was
      // matched as it was seeded: no reader has anything to follow.
      await client.query('truncate member_change');
    });

    // Every chunk's statement appended its own tally rows: folded here, as the servers' jobs would.
    await step('tallies folded', async () => {
      for (const table of [...MEMBER_TALLIES, ...CENSUS_TALLIES]) await foldTally(p.db, table);
    });

    await step('vacuum analyze, checkpoint', async () => {
      await client.query('vacuum analyze');
      await client.query('checkpoint');
    });
  } finally {
    await client.end().catch(() => undefined);
    await database.close();
  }
  return { steps, seconds: secondsSince(started) };
}

/** fn over [0, total) in chunks of SEED_CHUNK, with progress now and then. */
async function inChunks(total: number, log: Log, what: string, fn: (from: number, to: number) => Promise<unknown>): Promise<void> {
  const started = performance.now();
  let lastLog = performance.now();
  for (let from = 0; from < total; from += SEED_CHUNK) {
    const to = Math.min(total, from + SEED_CHUNK);
    await fn(from, to);
    if (performance.now() - lastLog > 15_000 || to === total) {
      lastLog = performance.now();
      log(`  ${fmt(to)} / ${fmt(total)} ${what}, ${fmt(to / secondsSince(started))} rows/s`);
    }
  }
}

/** Drops the tables' indexes other than their primary keys; returns their definitions. */
async function dropIndexes(client: pg.Client, tables: readonly string[]): Promise<{ table: string; name: string; def: string }[]> {
  const { rows } = await client.query<{ table: string; name: string; def: string }>(
    `select i.tablename as table, i.indexname as name, i.indexdef as def
       from pg_indexes i
      where i.schemaname = 'public' and i.tablename = any($1)
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
      order by 1, 2`,
    [tables],
  );
  for (const r of rows) await client.query(`drop index ${r.name}`);
  return rows;
}

async function createIndexes(client: pg.Client, indexes: readonly { table: string; name: string; def: string }[], log: Log): Promise<void> {
  for (const index of indexes) {
    const at = performance.now();
    await client.query(index.def);
    log(`  ${index.name}: ${secondsSince(at).toFixed(1)} s`);
  }
}

/** The SQL people are the bench's: 身份证号, blind indexes, ids and member numbers the same in SQL as here. */
async function checkPeopleSql(p: Platform, client: pg.Client, sqlPeople: PeopleSql, u: Universe): Promise<void> {
  const sample = [0, 1, 19, 20, 299_999, 300_000, 1_234_567, u.sqlMembers - 1, u.importBase + u.importRows - 1];
  const id = sqlPeople.idNumber('x.u', 'c');
  const { rows } = await client.query<{ u: string; id: string; bi: Buffer; no: string; uid: string }>(
    `select x.u::text as u, ${id.id} as id, ${sqlPeople.blindIndex(personMatchIndexes.contexts.idNumber, id.id)} as bi,
            ${sqlPeople.memberNo('x.u + 1')} as no, ${sqlPeople.uuid('member', 'x.u')}::text as uid
       from unnest($1::bigint[]) as x(u) ${id.joins}`,
    [sample],
  );
  if (rows.length !== sample.length) throw new Error(`${rows.length} of ${sample.length} people made in SQL`);
  for (const r of rows) {
    const n = Number(r.u);
    const want = idNumberOf(n);
    if (r.id !== want || !checkIdNumber(want).ok) {
      throw new Error(`person ${n}: SQL gives ${r.id}, the bench ${want} (valid: ${checkIdNumber(want).ok})`);
    }
    if (!Buffer.from(r.bi).equals(personMatchIndexes.idIndex(p, want))) throw new Error(`person ${n}: the SQL blind index differs`);
    if (r.uid !== benchUuid('member', n)) throw new Error(`person ${n}: SQL id ${r.uid}, the bench's ${benchUuid('member', n)}`);
    const body = `33${String(n + 1).padStart(11, '0')}`;
    const check = (12 - (digitSum(body, MEMBER_NO_WEIGHTS) % 11)) % 11;
    if (r.no !== `${body}${check === 10 ? 'X' : String(check)}`) throw new Error(`member number ${r.no} for ${n + 1}`);
  }
}

/** Before any load: the seeded roll holds the people the list will name, with the keys the server computes. */
async function checkSeededPeople(p: Platform, client: pg.Client, u: Universe, log: Log): Promise<void> {
  const started = performance.now();
  const { rows: counted } = await client.query<{ members: string; people: string }>(
    `select (select count(*) from member)::text as members, (select count(*) from census_person)::text as people`,
  );
  if (Number(counted[0]?.members) !== u.members || Number(counted[0]?.people) !== u.census) {
    throw new Error(
      `the database holds ${counted[0]?.members} members and ${counted[0]?.people} people, want ${u.members} and ${u.census}`,
    );
  }
  const sample = Array.from({ length: 1000 }, (_, i) => Math.floor((i * u.sqlMembers) / 1000));
  const { rows } = await client.query<{ n: number }>('select count(*)::int as n from member where id_index = any($1::bytea[])', [
    sample.map((n) => personMatchIndexes.idIndex(p, idNumberOf(n))),
  ]);
  if (rows[0]?.n !== sample.length) {
    throw new Error(`${rows[0]?.n} of ${sample.length} sampled members found by their 身份证号's blind index`);
  }
  log(
    `the province holds ${fmt(u.members)} members and ${fmt(u.census)} census people; 1,000 sampled members found by ` +
      `their 身份证号 (${secondsSince(started).toFixed(1)} s)`,
  );
}

async function staffSession(p: Platform, username: string): Promise<string> {
  const [staff] = (await listStaffAccounts(p.db, { orgId: '', path: '/' }, { q: username, limit: 5 })).filter(
    (s) => s.username === username,
  );
  if (!staff) throw new Error(`demo staff "${username}" not found`);
  const { token } = await inTransaction(p.db, (tx) =>
    createSession(tx, { kind: 'staff', principalId: staff.id, ttlMs: 3 * 3600_000, now: new Date(), userAgent: 'bench/census' }),
  );
  return token;
}

// ---------------------------------------------------------------------------------------------
// Target 1: the dashboard.

interface DashboardQuery {
  label: string;
  region: string;
  trade: Trade | null;
}

const DASHBOARD_QUERIES: readonly DashboardQuery[] = [
  { label: '浙江', region: '', trade: null },
  { label: '浙江 courier', region: '', trade: 'courier' },
  { label: '绍兴市', region: '3306', trade: null },
  { label: '绍兴市 courier', region: '3306', trade: 'courier' },
  { label: '柯桥区', region: '330603', trade: null },
  { label: '柯桥区 courier', region: '330603', trade: 'courier' },
  { label: '柯桥街道', region: '330603001', trade: null },
  { label: '柯桥街道 courier', region: '330603001', trade: 'courier' },
];

const dashboardPath = (q: DashboardQuery) => {
  const query = [q.region ? `region=${q.region}` : '', q.trade ? `trade=${q.trade}` : ''].filter(Boolean).join('&');
  return `/api/console/census/coverage${query ? `?${query}` : ''}`;
};

interface CoverageAnswer {
  area: { code: string };
  totals: { census: number; members: number; probable: number; rollMembers: number };
  children: { census: number }[];
  trend: { month: string; census: number; members: number }[];
}

/**
 * Every dashboard answer the load will ask for, against the people and the roll counted from scratch
 * (one pass over each table): totals, children adding up, the trend's last month.
 */
async function checkDashboard(base: string, cookie: Record<string, string>, client: pg.Client, log: Log): Promise<void> {
  const started = performance.now();
  const where = (q: DashboardQuery, region: string, trade: string) =>
    `${region} like '${q.region || '33'}%'${q.trade ? ` and ${trade} = '${q.trade}'` : ''}`;
  const peopleCounts = DASHBOARD_QUERIES.map(
    (q, i) => `count(*) filter (where ${where(q, 'region_code', 'trade')}) as c${i},
               count(*) filter (where ${where(q, 'region_code', 'trade')} and match in ('id', 'confirmed') and member_active) as m${i},
               count(*) filter (where ${where(q, 'region_code', 'trade')} and match = 'probable') as p${i}`,
  );
  const { rows: people } = await client.query<Record<string, string>>(
    `select ${peopleCounts.join(', ')} from census_person where list_count > 0`,
  );
  const rollCounts = DASHBOARD_QUERIES.map((q, i) => `count(*) filter (where ${where(q, 'work_region_code', 'trade')}) as r${i}`);
  const { rows: roll } = await client.query<Record<string, string>>(
    `select ${rollCounts.join(', ')} from member where status in ('active', 'suspended')`,
  );
  const problems: string[] = [];
  const table: (string | number)[][] = [];
  for (const [i, q] of DASHBOARD_QUERIES.entries()) {
    const answer = await getJson(`${base}${dashboardPath(q)}`, cookie);
    if (answer.status !== 200) throw new Error(`${q.label}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    const report = answer.body as CoverageAnswer;
    const want = {
      census: Number(people[0]?.[`c${i}`]),
      members: Number(people[0]?.[`m${i}`]),
      probable: Number(people[0]?.[`p${i}`]),
      rollMembers: Number(roll[0]?.[`r${i}`]),
    };
    const got = report.totals;
    const childSum = report.children.reduce((n, c) => n + c.census, 0);
    const last = report.trend.at(-1);
    for (const key of ['census', 'members', 'probable', 'rollMembers'] as const) {
      if (got[key] !== want[key]) problems.push(`${q.label}: ${key} ${got[key]}, counted ${want[key]}`);
    }
    if (q.region !== '330603001' && childSum !== got.census) problems.push(`${q.label}: children add up to ${childSum}, not ${got.census}`);
    if (last?.census !== got.census || last.members !== got.members) {
      problems.push(`${q.label}: the trend ends at ${last?.census}/${last?.members}, not ${got.census}/${got.members}`);
    }
    table.push([
      q.label,
      fmt(got.census),
      fmt(want.census),
      fmt(got.members),
      fmt(want.members),
      fmt(got.probable),
      fmt(got.rollMembers),
      fmt(want.rollMembers),
    ]);
  }
  console.log(formatTable(['dashboard', 'census', 'counted', 'members', 'counted', 'probable', 'roll', 'counted'], table));
  if (problems.length > 0) throw new DashboardWrong(problems);
  log(`every dashboard answer equals the people and the roll counted from scratch (${secondsSince(started).toFixed(1)} s)`);
}

class DashboardWrong extends Error {
  constructor(readonly problems: string[]) {
    super(`dashboard figures differ from the database: ${problems.join('; ')}`);
  }
}

interface Round {
  health: Measurement;
  dashboard: Measurement;
  /** p95 (ms) of each query kind in the dashboard run, by label. */
  p95: Map<string, number>;
}

async function dashboardTarget(client: pg.Client, server: ServerProcess, token: string, log: Log): Promise<Line> {
  const base = server.url;
  const cookie = { cookie: `gh_staff=${token}` };
  const target = `coverage dashboard of 浙江 (${DASHBOARD_QUERIES.length} kinds round-robin), p95 < ${DASHBOARD_TARGET_P95_MS} ms each @${CONSOLE_CONNECTIONS}`;
  try {
    await checkDashboard(base, cookie, client, log);
  } catch (error) {
    if (!(error instanceof DashboardWrong)) throw error;
    log(error.message);
    return { target, measured: error.problems.slice(0, 3).join('; '), health: '—', result: 'FAIL (dashboard figures wrong)' };
  }

  const load = async (options: Parameters<typeof measure>[0]) => {
    const result = await measure({ ...options, serverPid: server.pid });
    server.assertRunning();
    return result;
  };
  /** One dashboard run; each answer's time filed under its query kind. */
  const dashboardRun = async (label: string, seconds: number) => {
    const times = new Map<string, number[]>(DASHBOARD_QUERIES.map((q) => [q.label, []]));
    let next = 0;
    let answered = '';
    const result = await load({
      label,
      url: base,
      connections: CONSOLE_CONNECTIONS,
      durationSeconds: seconds,
      headers: cookie,
      requests: [
        {
          method: 'GET',
          setupRequest: (req, context) => {
            const q = DASHBOARD_QUERIES[next++ % DASHBOARD_QUERIES.length] as DashboardQuery;
            // The connection's context: its answer's onResponse reads which kind it asked.
            (context as { kind?: string }).kind = q.label;
            return { ...req, method: 'GET', path: dashboardPath(q) };
          },
          onResponse: (_status, _body, context) => {
            answered = (context as { kind?: string }).kind ?? '';
          },
        },
      ],
      onAnswer: (status, time) => {
        if (status >= 200 && status < 300) times.get(answered)?.push(time);
      },
    });
    return { result, p95: new Map([...times].map(([kind, list]) => [kind, percentile(list, 95)])) };
  };

  log(`dashboard: warm-up ${WARMUP_SECONDS} s at ${CONSOLE_CONNECTIONS} connections (load average ${(os.loadavg()[0] ?? 0).toFixed(1)})`);
  await dashboardRun('warm-up', WARMUP_SECONDS);
  const rounds: Round[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    log(`dashboard: health #${round}, then the dashboard #${round} (${MEASURE_SECONDS} s each)`);
    const health = await load({
      label: `health #${round}`,
      url: `${base}/api/health`,
      connections: CONSOLE_CONNECTIONS,
      durationSeconds: MEASURE_SECONDS,
    });
    const run = await dashboardRun(`dashboard #${round}`, MEASURE_SECONDS);
    rounds.push({ health, dashboard: run.result, p95: run.p95 });
  }
  printRuns(rounds.flatMap((r) => [r.health, r.dashboard]));
  const median = (values: number[]) => percentile([...values], 50);
  const kindP95 = DASHBOARD_QUERIES.map((q) => ({ kind: q.label, p95: median(rounds.map((r) => r.p95.get(q.label) ?? Number.NaN)) }));
  console.log(
    formatTable(
      ['query kind', ...rounds.map((_, i) => `p95 ms #${i + 1}`), 'median'],
      kindP95.map((k) => [k.kind, ...rounds.map((r) => fmt(r.p95.get(k.kind) ?? Number.NaN, 1)), fmt(k.p95, 1)]),
    ),
  );
  const worst = kindP95.reduce((a, b) => (b.p95 > a.p95 || Number.isNaN(b.p95) ? b : a));
  const ratio = median(rounds.map((r) => r.dashboard.reqPerSec / r.health.reqPerSec));
  const cpu = (m: Measurement) => m.cpuMicrosPerRequest.server ?? Number.NaN;
  const pgCpu = (m: Measurement) => m.cpuMicrosPerRequest.postgres ?? Number.NaN;
  const clean = rounds.every((r) => [r.health, r.dashboard].every((m) => m.non2xx === 0 && m.errors === 0 && m.timeouts === 0));
  const misses = [
    ...kindP95.filter((k) => !(k.p95 < DASHBOARD_TARGET_P95_MS)).map((k) => `p95 ${k.kind}`),
    ...(clean ? [] : ['non-2xx/errors']),
  ];
  return {
    target,
    measured:
      `worst p95 ${ms(worst.p95)} (${worst.kind}); p95 ${kindP95.map((k) => `${k.kind} ${fmt(k.p95)}`).join(', ')} ms; ` +
      `all p95 ${ms(median(rounds.map((r) => r.dashboard.exact.p95)))}, ${fmt(median(rounds.map((r) => r.dashboard.reqPerSec)))} req/s = ` +
      `${(ratio * 100).toFixed(1)}% of health; server CPU ${fmt(median(rounds.map((r) => cpu(r.dashboard))))} µs/req, ` +
      `PostgreSQL ${fmt(median(rounds.map((r) => pgCpu(r.dashboard))))} µs/req (medians of ${ROUNDS} rounds)`,
    health: `${fmt(median(rounds.map((r) => r.health.reqPerSec)))} req/s, p99 ${ms(median(rounds.map((r) => r.health.exact.p99)))}, server CPU ${fmt(median(rounds.map((r) => cpu(r.health))))} µs/req`,
    result: misses.length === 0 ? 'PASS' : `FAIL (${misses.join(', ')})`,
  };
}

function printRuns(runs: readonly Measurement[]): void {
  console.log(formatRuns(runs));
}

// ---------------------------------------------------------------------------------------------
// Target 2: the import.

const importTargetText = (rows: number) =>
  `census list of ${fmt(rows)} rows (GBK CSV) uploaded and counted, ≥ ${fmt(IMPORT_TARGET_ROWS_PER_SEC)} rows/s, RSS < ${IMPORT_TARGET_RSS_MB} MB`;

/** What the list's file holds, row by row, as it was built. */
interface ListPlan {
  rows: number;
  errors: number;
  duplicates: number;
  warnings: number;
  /** Distinct people the list names. */
  written: number;
  /** Of them, already counted by the census. */
  existing: number;
  /** Of them, members by 身份证号 (their member ids) and probably members (phone + name). */
  matchedMembers: string[];
  probable: number;
}

/** A GBK encoder for the file: Node decodes GB18030 but does not encode it; the table is built once by decoding. */
class GbkEncoder {
  private readonly table = new Map<string, Buffer>();

  constructor() {
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const bytes = Buffer.from([lead, trail]);
        const char = decoder.decode(bytes);
        if (char.length === 1 && char !== '\uFFFD' && !this.table.has(char)) this.table.set(char, bytes);
      }
    }
  }

  encode(text: string): Buffer {
    const parts: Buffer[] = [];
    let ascii = '';
    for (const char of text) {
      const code = char.codePointAt(0) ?? 0;
      if (code < 0x80) {
        ascii += char;
        continue;
      }
      if (ascii) parts.push(Buffer.from(ascii, 'latin1'));
      ascii = '';
      const bytes = this.table.get(char);
      if (!bytes) throw new Error(`no GBK code for ${char}`);
      parts.push(bytes);
    }
    if (ascii) parts.push(Buffer.from(ascii, 'latin1'));
    return Buffer.concat(parts);
  }
}

const SURNAMES = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹');
const GIVEN = Array.from('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞');
function nameFor(k: number): string {
  const a = SURNAMES[k % SURNAMES.length] ?? '王';
  const b = GIVEN[Math.floor(k / SURNAMES.length) % GIVEN.length] ?? '伟';
  const c = GIVEN[Math.floor(k / (SURNAMES.length * GIVEN.length)) % GIVEN.length] ?? '';
  return k % 3 === 0 ? `${a}${b}` : `${a}${b}${c}`;
}

/** A bijection of [0, n) that scatters a counter (a stride coprime to n). */
function scatter(n: number, stride: number): (i: number) => number {
  let s = stride % n || 1;
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  while (gcd(s, n) !== 1) s += 1;
  return (i) => Number((BigInt(i) * BigInt(s)) % BigInt(n));
}

/**
 * Writes the list: by row k % 100 — 0–4 a bad row (a wrong check digit, no name, an unknown trade, a
 * street of another district, neither ID nor phone), 5–6 a repeat of row k − 50's person, 7–36 a
 * member of the roll by 身份证号, 37–41 a person the census counts already, 42–44 a worker listed by
 * phone and name only, 45 a member of the roll by phone and name only (probable), 46–99 a worker new
 * to both (row 60 with a landline: a warning). One row in five names its street in words instead of
 * a code. GBK, as an office's Excel saves it.
 */
async function writeList(
  file: string,
  u: Universe,
  realMembers: readonly { name: string; phone: string }[],
  encoder: GbkEncoder,
): Promise<ListPlan> {
  const streets = listChildRegions('330603').filter((r) => r.level === 'township');
  const tradeLabel = new Map<Trade, string>(TRADES.map((code) => [code, t(`orgs.trade.${code}`)]));
  for (const [code, label] of tradeLabel) if (tradeFromWords(label) !== code) throw new Error(`the label ${label} is not read as ${code}`);
  const memberPick = scatter(u.sqlMembers - u.probableEnd, 7_919);
  const blocks = Math.floor(u.census / 100);
  const blockPick = scatter(blocks, 104_729);
  const plan: ListPlan = {
    rows: u.importRows,
    errors: 0,
    duplicates: 0,
    warnings: 0,
    written: 0,
    existing: 0,
    matchedMembers: [],
    probable: 0,
  };
  let matched = 0;
  let overlap = 0;
  let probable = 0;
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  const write = async (text: string) => {
    if (!out.write(encoder.encode(text))) await once(out, 'drain');
  };
  await write('姓名,身份证号,手机号,行业,工作单位,街道代码,工作地点\n');
  let chunk: string[] = [];
  for (let k = 0; k < u.importRows; k++) {
    const r = k % 100;
    const street = streets[k % streets.length] ?? streets[0];
    const trade = TRADE_WEIGHTS[(k * 7) % TRADE_WEIGHTS.length]?.[0] ?? 'other';
    let name = nameFor(k);
    let id = idNumberOf(u.importBase + k);
    let phone = `${IMPORT_PHONE_PREFIX}${String(k).padStart(8, '0')}`;
    let tradeText = tradeLabel.get(trade) ?? trade;
    let code = street?.code ?? '330603001';
    // A bad row keeps its street code (one of them is the wrong district's).
    const inWords = k % 5 === 4 && r >= 5;
    if (r < 5) {
      plan.errors += 1;
      const kind = Math.floor(k / 100) % 5;
      if (kind === 0) id = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
      else if (kind === 1) name = '';
      else if (kind === 2) tradeText = '宇航员';
      else if (kind === 3) code = '330602001';
      else {
        id = '';
        phone = '';
      }
    } else if (r < 7 && k >= 50) {
      plan.duplicates += 1;
      id = idNumberOf(u.importBase + k - 50);
    } else if (r >= 7 && r < 37) {
      const member = u.probableEnd + memberPick(matched++);
      id = idNumberOf(member);
      phone = memberPhoneOf(member);
      plan.matchedMembers.push(benchUuid('member', member));
    } else if (r >= 37 && r < 42) {
      // A census person not on the roll and counted (j % 100 in 38..98), spread over the whole census.
      const j = blockPick(overlap % blocks) * 100 + 38 + (Math.floor(overlap / blocks) % 61);
      overlap += 1;
      id = idNumberOf(u.notMemberBase + j);
      plan.existing += 1;
    } else if (r >= 42 && r < 45) {
      id = '';
    } else if (r === 45) {
      const member = realMembers[probable++ % realMembers.length];
      if (!member) throw new Error('no real members to list by phone and name');
      id = '';
      name = member.name;
      phone = member.phone;
      plan.probable += 1;
    } else if (r === 60) {
      phone = `0575-8${String(k % 10_000_000).padStart(7, '0')}`;
      plan.warnings += 1;
    }
    if (r >= 5 && !(r < 7 && k >= 50)) plan.written += 1;
    const place = inWords ? `${street?.name ?? ''}笛扬路${1 + (k % 800)}号` : '';
    chunk.push([name, id, phone, tradeText, k % 4 === 0 ? '绍兴柯桥物流有限公司' : '', inWords ? '' : code, place].join(','));
    if (chunk.length === 2_000) {
      await write(`${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) await write(`${chunk.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
  if (probable > realMembers.length) throw new Error(`${probable} probable rows for ${realMembers.length} real members`);
  return plan;
}

/** A statement by its first words: `insert into census_person`, `update census_person p set member_id`. */
function statementLabel(query: string): string {
  const words = query
    .replace(/^with \w+ as \( /, '')
    .replaceAll('"', '')
    .split(' ');
  return words
    .slice(0, words[0] === 'update' ? 5 : 3)
    .join(' ')
    .replace(/[,(=]+$/, '');
}

function rssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** POSTs the file as the request body, streamed from disk. */
function upload(url: string, file: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', headers: { ...headers, 'content-type': 'text/csv', 'content-length': String(statSync(file).size) } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    createReadStream(file).on('error', reject).pipe(request);
  });
}

// A list's statuses while it runs (the last one ends at the list's finishedAt).
const RUNNING = ['queued', 'validating', 'writing'];

interface CensusListAnswer {
  id: string;
  status: string;
  progress: number;
  totalRows: number;
  writtenRows: number;
  errorRows: number;
  fileDuplicateRows: number;
  warningRows: number;
  newPeople: number;
  matchedPeople: number;
  probablePeople: number;
  failure: string | null;
  startedAt: string;
  finishedAt: string | null;
}

interface Totals {
  census: number;
  members: number;
  probable: number;
}

async function coverageTotals(client: pg.Client): Promise<Totals> {
  const { rows } = await client.query<Totals>(
    `select coalesce(sum(census), 0)::int as census, coalesce(sum(members), 0)::int as members, coalesce(sum(probable), 0)::int as probable
       from census_area_coverage where depth = 2 and area_code = '33'`,
  );
  return rows[0] ?? { census: -1, members: -1, probable: -1 };
}

async function recountedTotals(client: pg.Client): Promise<Totals> {
  const { rows } = await client.query<Totals>(
    `select count(*)::int as census, count(*) filter (where match in ('id', 'confirmed') and member_active)::int as members,
            count(*) filter (where match = 'probable')::int as probable
       from census_person where list_count > 0 and region_code like '33%'`,
  );
  return rows[0] ?? { census: -1, members: -1, probable: -1 };
}

/**
 * Samples, every 200 ms while the list runs: the server's RSS; the list's status (the time each phase
 * starts); and the statements the server's PostgreSQL sessions are running, to say where the time of a
 * phase goes (sampled seconds per statement).
 */
function startSampler(client: pg.Client, server: ServerProcess, database: string) {
  const state = {
    listId: null as string | null,
    peakRss: rssMb(server.pid) ?? Number.NaN,
    rssBefore: rssMb(server.pid) ?? Number.NaN,
    phases: new Map<string, { at: number; serverCpuMs: number | null; postgres: Map<number, number> }>(),
    statements: new Map<string, Map<string, number>>(),
    running: true,
  };
  const done = (async () => {
    while (state.running) {
      const at = performance.now();
      const rss = rssMb(server.pid);
      if (rss !== null && !(rss <= state.peakRss)) state.peakRss = rss;
      if (state.listId) {
        const { rows } = await client.query<{ status: string }>('select status from census_list where id = $1', [state.listId]);
        const status = rows[0]?.status ?? '?';
        if (!state.phases.has(status)) state.phases.set(status, { at, serverCpuMs: processCpuMs(server.pid), postgres: postgresCpuMs() });
        const { rows: active } = await client.query<{ query: string }>(
          `select query from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and state = 'active'`,
          [database],
        );
        const byStatement = state.statements.get(status) ?? new Map<string, number>();
        for (const a of active) {
          const key = a.query.replace(/\s+/g, ' ').trim().slice(0, 110);
          byStatement.set(key, (byStatement.get(key) ?? 0) + SAMPLE_MS / 1000);
        }
        state.statements.set(status, byStatement);
      }
      await sleep(Math.max(0, SAMPLE_MS - (performance.now() - at)));
    }
  })();
  return {
    state,
    async stop() {
      state.running = false;
      await done;
    },
  };
}

async function importTarget(
  p: Platform,
  client: pg.Client,
  server: ServerProcess,
  token: string,
  u: Universe,
  workDir: string,
  log: Log,
): Promise<Line> {
  const base = server.url;
  const cookie = { cookie: `gh_staff=${token}` };
  const target = importTargetText(u.importRows);

  // The members the roll's seeder wrote, read back: the list names some by phone and name only.
  const { rows: real } = await client.query<{ name_cipher: Buffer; phone_cipher: Buffer }>(
    `select name_cipher, phone_cipher from member where id > $1 order by id limit $2`,
    [benchUuid('member', u.importBase + u.importRows), REAL_MEMBERS],
  );
  const memberContexts = { name: 'person.name', phone: 'person.phone' };
  const realMembers = real.map((m) => ({
    name: p.cipher.decrypt(m.name_cipher, memberContexts.name),
    phone: p.cipher.decrypt(m.phone_cipher, memberContexts.phone),
  }));
  if (realMembers.length !== REAL_MEMBERS) {
    throw new Error(`${realMembers.length} members of the roll's seeder found, want ${REAL_MEMBERS}`);
  }

  const source = await postJson(`${base}/api/console/census/sources`, cookie, { name: '柯桥区人力资源和社会保障局（基准）', kind: 'hr' });
  if (source.status !== 201) throw new Error(`creating the source: HTTP ${source.status} ${JSON.stringify(source.body).slice(0, 300)}`);
  const sourceId = (source.body as { id: string }).id;

  const file = path.join(workDir, 'census-list.csv');
  const written = performance.now();
  const plan = await writeList(file, u, realMembers, new GbkEncoder());
  log(
    `list file: ${fmt(plan.rows)} rows, ${fmt(statSync(file).size / 1_048_576, 1)} MB GBK, written in ${secondsSince(written).toFixed(1)} s — ` +
      `${fmt(plan.errors)} bad, ${fmt(plan.duplicates)} repeats, ${fmt(plan.written)} people (${fmt(plan.matchedMembers.length)} members by ID, ` +
      `${fmt(plan.probable)} by phone and name, ${fmt(plan.existing)} counted already)`,
  );
  const { rows: activeRows } = await client.query<{ n: number }>(
    `select count(*)::int as n from member where id = any($1::uuid[]) and status in ('active', 'suspended')`,
    [plan.matchedMembers],
  );
  const plantedActive = activeRows[0]?.n ?? -1;

  const health = (label: string) =>
    measure({
      label,
      url: `${base}/api/health`,
      connections: CONSOLE_CONNECTIONS,
      durationSeconds: MEASURE_SECONDS,
      serverPid: server.pid,
    });
  log(`health before the import (${MEASURE_SECONDS} s, ${CONSOLE_CONNECTIONS} connections)`);
  const healthBefore = await health('health before');
  const before = await coverageTotals(client);

  const sampler = startSampler(client, server, client.database ?? DB_NAME);
  const healthTimes: number[] = [];
  let probing = true;
  const prober = (async () => {
    while (probing) {
      const at = performance.now();
      const ok = await fetch(`${base}/api/health`)
        .then(async (r) => (await r.arrayBuffer(), r.status === 200))
        .catch(() => false);
      if (ok) healthTimes.push(performance.now() - at);
      await sleep(Math.max(0, 250 - (performance.now() - at)));
    }
  })();

  const uploadStartedAt = Date.now();
  const uploadStarted = performance.now();
  const cpuAtStart = { server: processCpuMs(server.pid), postgres: postgresCpuMs() };
  let list: CensusListAnswer;
  let uploadSeconds = 0;
  try {
    const answer = await upload(
      `${base}/api/console/census/lists?sourceId=${sourceId}&regionCode=330603&mode=valid_rows&fileName=bench.csv`,
      file,
      cookie,
    );
    uploadSeconds = secondsSince(uploadStarted);
    if (answer.status !== 202) throw new Error(`the upload answered HTTP ${answer.status}: ${answer.body.slice(0, 300)}`);
    list = JSON.parse(answer.body) as CensusListAnswer;
    sampler.state.listId = list.id;
    log(`list ${list.id} accepted after ${uploadSeconds.toFixed(1)} s of upload; polling`);
    let lastLog = performance.now();
    for (;;) {
      server.assertRunning();
      if (performance.now() - uploadStarted > IMPORT_TIMEOUT_MS) throw new Error(`list not counted in ${IMPORT_TIMEOUT_MS / 60_000} min`);
      await sleep(1000);
      const { status, body } = await getJson(`${base}/api/console/census/lists/${list.id}`, cookie);
      if (status !== 200) throw new Error(`list poll: HTTP ${status}`);
      list = body as CensusListAnswer;
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`  list ${list.status} ${list.progress}%, RSS ${fmt(rssMb(server.pid) ?? 0)} MB (peak ${fmt(sampler.state.peakRss)})`);
      }
      if (!RUNNING.includes(list.status)) break;
    }
  } finally {
    probing = false;
    await prober;
    await sampler.stop();
    rmSync(file, { force: true });
  }
  const cpuAtEnd = { server: processCpuMs(server.pid), postgres: postgresCpuMs() };
  const finishedAt = list.finishedAt ? Date.parse(list.finishedAt) : Number.NaN;
  const seconds = (finishedAt - uploadStartedAt) / 1000;
  const rate = list.totalRows / seconds;
  const { peakRss, rssBefore, phases, statements } = sampler.state;

  log(`health after the import (${MEASURE_SECONDS} s, ${CONSOLE_CONNECTIONS} connections)`);
  const healthAfter = await health('health after');
  printRuns([healthBefore, healthAfter]);

  // Where the time went: the upload, then each status of the list as sampled, with the server's and
  // PostgreSQL's CPU in each; then the statements sampled in the reading and the counting.
  const marks = [
    { label: 'upload (file saved)', at: uploadStarted, serverCpuMs: cpuAtStart.server, postgres: cpuAtStart.postgres },
    ...[...phases].filter(([status]) => RUNNING.includes(status)).map(([status, mark]) => ({ label: status, ...mark })),
  ];
  const end = { at: uploadStarted + (finishedAt - uploadStartedAt), serverCpuMs: cpuAtEnd.server, postgres: cpuAtEnd.postgres };
  const phaseRows = marks.map((mark, i) => {
    const next = marks[i + 1] ?? end;
    const cpu = mark.serverCpuMs !== null && next.serverCpuMs !== null ? (next.serverCpuMs - mark.serverCpuMs) / 1000 : Number.NaN;
    return [mark.label, fmt((next.at - mark.at) / 1000, 1), fmt(cpu, 1), fmt(postgresCpuSpent(mark.postgres, next.postgres) / 1000, 1)];
  });
  console.log(formatTable(['phase (from its first sample)', 'seconds', 'server CPU s', 'PostgreSQL CPU s'], phaseRows));
  for (const [status, byStatement] of statements) {
    if (!RUNNING.includes(status) || byStatement.size === 0) continue;
    const top = [...byStatement].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(
      formatTable(
        [`statements running while ${status}`, 'sampled s'],
        top.map(([q, s]) => [q, fmt(s, 1)]),
      ),
    );
  }
  const phaseText = phaseRows.map(([label, s]) => `${label} ${s} s`).join(', ');
  // The counting's three longest statements, by their first words.
  const counting = [...(statements.get('writing') ?? new Map<string, number>())]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([q, s]) => `${statementLabel(q)} ${fmt(s)} s`)
    .join(', ');

  // Counters and coverage against the plan.
  const after = await coverageTotals(client);
  const recount = await recountedTotals(client);
  const within = (got: number, want: number) => Math.abs(got - want) <= Math.max(5, want * 0.001);
  const problems: string[] = [];
  if (list.status !== 'completed') problems.push(`list ${list.status}${list.failure ? `: ${list.failure}` : ''}`);
  if (list.totalRows !== plan.rows) problems.push(`totalRows ${list.totalRows}, want ${plan.rows}`);
  if (!within(list.errorRows, plan.errors)) problems.push(`errorRows ${list.errorRows}, planted ${plan.errors}`);
  if (!within(list.fileDuplicateRows, plan.duplicates)) {
    problems.push(`fileDuplicateRows ${list.fileDuplicateRows}, planted ${plan.duplicates}`);
  }
  if (!within(list.writtenRows, plan.written)) problems.push(`writtenRows ${list.writtenRows}, planted ${plan.written}`);
  if (!within(list.newPeople, plan.written - plan.existing)) {
    problems.push(`newPeople ${list.newPeople}, planted ${plan.written - plan.existing}`);
  }
  if (!within(list.matchedPeople, plan.matchedMembers.length)) {
    problems.push(`matchedPeople ${list.matchedPeople}, planted ${plan.matchedMembers.length}`);
  }
  if (!within(list.probablePeople, plan.probable)) problems.push(`probablePeople ${list.probablePeople}, planted ${plan.probable}`);
  if (after.census - before.census !== list.newPeople) {
    problems.push(`coverage rose by ${after.census - before.census} people, the list counted ${list.newPeople} new`);
  }
  if (!within(after.members - before.members, plantedActive)) {
    problems.push(`coverage members rose by ${after.members - before.members}, planted ${plantedActive} active`);
  }
  if (after.census !== recount.census || after.members !== recount.members || after.probable !== recount.probable) {
    problems.push(`coverage ${JSON.stringify(after)} ≠ the people counted ${JSON.stringify(recount)}`);
  }
  log(
    `list ${list.status}: ${fmt(list.totalRows)} rows, ${fmt(list.writtenRows)} people (${fmt(list.newPeople)} new, ${fmt(list.matchedPeople)} members, ` +
      `${fmt(list.probablePeople)} probable), ${fmt(list.errorRows)} bad, ${fmt(list.fileDuplicateRows)} repeats, ${fmt(list.warningRows)} warnings; ` +
      `coverage +${fmt(after.census - before.census)} census, +${fmt(after.members - before.members)} members`,
  );
  if (problems.length > 0) log(`import problems: ${problems.join('; ')}`);

  const serverCpuPerRow =
    cpuAtStart.server !== null && cpuAtEnd.server !== null ? ((cpuAtEnd.server - cpuAtStart.server) * 1000) / list.totalRows : Number.NaN;
  const postgresPerRow = (postgresCpuSpent(cpuAtStart.postgres, cpuAtEnd.postgres) * 1000) / list.totalRows;
  const cpu = (m: Measurement) => fmt(m.cpuMicrosPerRequest.server ?? Number.NaN);
  const misses = [
    ...(rate >= IMPORT_TARGET_ROWS_PER_SEC ? [] : ['rows/s']),
    ...(peakRss < IMPORT_TARGET_RSS_MB ? [] : ['RSS']),
    ...(problems.length === 0 ? [] : ['counts']),
  ];
  return {
    target,
    measured:
      `${fmt(rate)} rows/s (${seconds.toFixed(0)} s from the upload's start: ${phaseText}; counting's longest statements, sampled: ${counting}), peak RSS ${fmt(peakRss)} MB (${fmt(rssBefore)} before); ` +
      `server CPU ${fmt(serverCpuPerRow, 1)} µs/row, PostgreSQL ${fmt(postgresPerRow, 1)} µs/row; ${fmt(list.writtenRows)} people, ` +
      `${fmt(list.matchedPeople)} members by ID, ${fmt(list.probablePeople)} probable` +
      (problems.length > 0 ? `; ${problems.slice(0, 3).join('; ')}` : ''),
    health:
      `before ${fmt(healthBefore.reqPerSec)} req/s, ${cpu(healthBefore)} µs/req; after ${fmt(healthAfter.reqPerSec)} req/s, ${cpu(healthAfter)} µs/req; ` +
      `probes during: p50 ${ms(percentile(healthTimes, 50))}, p99 ${ms(percentile(healthTimes, 99))}, max ${ms(percentile(healthTimes, 100))}`,
    result: misses.length === 0 ? 'PASS' : `FAIL (${misses.join(', ')})`,
  };
}

async function getJson(url: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

async function postJson(url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

// Seeding 13 million rows takes most of the run (~20 min on the 2-core machine, once; --reuse copies
// the template in a minute), then a few minutes of measurements: three times that means a hang.
const WATCHDOG_MS = 75 * 60_000;
runBench('census', main, WATCHDOG_MS, () => runningServer);
