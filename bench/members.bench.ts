// Load benchmark: the members module on a roll of 1,000,000 members (PostgreSQL). Five targets, each
// beside /api/health measured on the same server in the same run:
//   1. join submissions ≥ 1,000/s at 200 connections — and one 身份证号 submitted by 50 accounts at
//      once gives exactly one application and, once approved, exactly one member;
//   2. lookup by 身份证号 in the console, p99 < 20 ms;
//   3. a filtered, sorted roll page of a district, p95 < 100 ms;
//   4. an import of 1,000,000 rows at ≥ 10,000 rows/s with the server's RSS < 400 MB throughout;
//   5. card verification by a partner at ≥ 40% of health's requests/s, 100 connections — and the same
//      while 100 members a second sign out (each sign-out drops only its own session from the caches).
// Exit code 1 when a target misses or an invariant breaks.
// Run: npm run bench:members [-- --keep] [-- --members N --import-rows N: a smoke test, not recorded]
//      [-- --reuse: seed once into a kept template database and copy it, not recorded]
//      [-- --only verify,join: some of lookup, roll, verify, same-id, join, import; not recorded]
//      (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import type autocannon from 'autocannon';
import pg from 'pg';
// The installation's module list, as main.ts installs it: the modules' services read role names and messages from it.
import '../src/modules.js';
import { signRequest, type PartnerCredentials } from '../src/platform/auth/partner-client.js';
import { createSession } from '../src/platform/auth/sessions.js';
import { createPlatform } from '../src/platform/bootstrap.js';
import { parseConfig } from '../src/platform/config/config.js';
import type { Platform } from '../src/platform/context.js';
import { idNumberCheckChar } from '../src/platform/crypto/validators.js';
import { shanghaiDay } from '../src/platform/db/columns.js';
import { openDatabase } from '../src/platform/db/client.js';
import { inTransaction } from '../src/platform/db/tx.js';
import { t } from '../src/platform/i18n/i18n.js';
import { listChildRegions } from '../src/platform/regions/regions.js';
import { TRADES, type Trade } from '#modules/orgs';
import { cardKeyring, IMPORT_COLUMNS, membersModule, NEW_FORM_TRADES, ROLL_COUNT_CAP } from '#modules/members';
import { listStaffAccounts } from '#modules/staff';
import {
  DEFAULT_ADMIN_URL,
  ROOT,
  appendResult,
  cloneDatabase,
  codeVersion,
  databaseComment,
  databaseUrl,
  dropDatabase,
  fmt,
  formatRuns,
  formatTable,
  machineDescription,
  measure,
  percentile,
  recreateDatabase,
  redactUrl,
  releaseDatabase,
  setDatabaseComment,
  sleep,
  startServerProcess,
  type Measurement,
  type ServerProcess,
  runBench,
} from './harness.js';
import { createMemberAccounts, phoneFor } from './member-accounts.js';

// BENCH_MEMBERS_DB: another name, so that two --reuse runs (each on its own copy) can go side by side.
const DB_NAME = process.env.BENCH_MEMBERS_DB ?? 'gonghui_bench_members';
// --reuse: the seeded roll is kept under this name and copied for each run (a file copy takes seconds).
const TEMPLATE_DB_NAME = 'gonghui_bench_members_seeded';
const TARGETS = ['lookup', 'roll', 'verify', 'verify-sign-outs', 'same-id', 'join', 'import'] as const;
type Target = (typeof TARGETS)[number];
const SEED_MEMBERS = 1_000_000;
const IMPORT_ROWS = 1_000_000;

const JOIN_CONNECTIONS = 200;
const JOIN_TARGET_PER_SEC = 1_000;
const SAME_ID_ACCOUNTS = 50;
// A console is used by a handful of staff at a time; 10 connections without think time is already
// more than a district's staff produce, and keeps the latency about the query rather than the queue.
const CONSOLE_CONNECTIONS = 10;
const LOOKUP_TARGET_P99_MS = 20;
const ROLL_TARGET_P95_MS = 100;
const IMPORT_TARGET_ROWS_PER_SEC = 10_000;
const IMPORT_TARGET_RSS_MB = 400;
const VERIFY_CONNECTIONS = 100;
const VERIFY_TARGET_RATIO = 0.4;

const WARMUP_SECONDS = 3;
const MEASURE_SECONDS = 10;
const ROUNDS = 2;
// The card check is judged by a ratio, and on a shared 2-core machine health's cost moves most from one
// 10-second run to the next (48 and 67 µs of server CPU a request in one run's two rounds): each check
// run is divided by the health run just before it, and the median of three such pairs is the figure.
const VERIFY_ROUNDS = 3;
// Members whose ID numbers are read back (decrypted) before the load: lookups and card tokens draw on them.
const SAMPLE_MEMBERS = 5_000;
// Accounts used up by the join load (one application each), generously above warm-up + 2 runs at the
// rate this machine reaches; running out is reported, never papered over.
const JOIN_ACCOUNTS = 60_000;
// Signed verify requests prepared per run (nonces are single-use); more are signed on the fly if needed,
// at the load generator's cost: runs reached 11,000 checks/s, so a 10-second run needs more than 100,000.
const SIGNED_PER_RUN = 160_000;
// Member sign-outs a second during the second card-check comparison (health runs included), and the
// sessions prepared for them: warm-up + 3 rounds × 2 runs of 10 s, with room to spare.
const SIGN_OUTS_PER_SEC = 100;
const SIGN_OUT_SESSIONS = 12_000;
const RSS_SAMPLE_MS = 250;
const IMPORT_TIMEOUT_MS = 8 * 60_000;
const SEED_TIMEOUT_MS = 8 * 60_000;
// Seed (~2 min) + setup (~1 min) + 4 comparisons (~3 min) + import (~3 min): twice that means a hang.
const WATCHDOG_MS = 25 * 60_000;

// 身份证号 regions the seed never uses (it draws from 绍兴's counties and a few other prefectures), so
// the people below are new to the roll: 宁波 海曙 (joins), 江北 (import), 北仑 (the same-ID check).
const JOIN_ID_REGION = '330203';
const IMPORT_ID_REGION = '330205';
const SAME_ID_REGION = '330206';
// Mobile prefixes the seed never uses, for the same reason.
const JOIN_PHONE_PREFIX = '147';
const SAME_ID_PHONE_PREFIX = '176';
const SIGN_OUT_PHONE_PREFIX = '145';
const IMPORT_PHONE_PREFIX = '178';
// The 身份证号 column's cipher context, as the members module declares it for key rotation.
const ID_NUMBER_CONTEXT =
  membersModule.encryptedColumns.find((c) => c.table === 'member' && c.column === 'id_number_cipher')?.context ?? '';

const RESULTS_FILE = path.join(ROOT, 'bench/RESULTS.md');
const RESULTS_SECTION = `## members — \`npm run bench:members\`

The members module on a roll of 1,000,000 seeded members (\`gonghui seed --members 1000000\` into a
fresh database), five targets, one line each per run, every one beside \`/api/health\` measured on the
same server in the same run (mean req/s and latency of the better of two 10 s runs). See
\`bench/README.md\`.

- **seed**: the seed command's time for the 1,000,000 members (information, no target).
- **join**: \`POST /api/member/applications\` from 200 connections, each request a different signed-in
  worker with a new 身份证号 — applications/s ≥ 1,000; health at 200 connections beside it.
- **same ID**: one 身份证号 submitted by 50 accounts at once — exactly one application, and after its
  approval exactly one member (49 resubmissions refused).
- **lookup**: \`GET /api/console/members?q=<身份证号>\` as the province staff over 5,000 different members,
  10 connections — p99 < 20 ms; health at 10 connections beside it.
- **roll**: \`GET /api/console/members?orgId=<柯桥区>&…&limit=50\`, four filter/sort combinations round-robin,
  as the district staff, 10 connections — p95 < 100 ms.
- **import**: a 1,000,000-row CSV (\`mode=valid_rows\`) as the district staff — rows/s of the job
  (startedAt → finishedAt) ≥ 10,000 and the server's peak RSS < 400 MB; beside it, health probed every
  250 ms during the import.
- **verify**: \`POST /partner/v1/cards/verify\`, signed, fresh nonce each, 100 connections — req/s ≥ 40% of health's:
  three rounds of health then the check, each check run divided by the health run just before it, the median
  of the three ratios judged (from 2026-11-23 23:10Z; before, the best check run over the best health run).
- **verify + sign-outs** (from 2026-12-05): the same comparison while 100 members a second sign out
  (\`POST /api/member/auth/sign-out\`, through health's runs and the check's alike) — the same ≥ 40% target;
  the sign-outs' own rate and answers are printed beside it.
- **result**: PASS / FAIL with what missed; **commit**: the code measured (\`+dirty\`: uncommitted changes).

| date | machine | target | measured | health, same run | result | commit |
| --- | --- | --- | --- | --- | --- | --- |
`;

type Log = (message: string) => void;

interface Sampled {
  memberNo: string;
  idNumber: string;
}

interface JoinAccount {
  token: string;
  body: string;
}

let runningServer: ServerProcess | null = null;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      keep: { type: 'boolean', default: false },
      members: { type: 'string' },
      'import-rows': { type: 'string' },
      reuse: { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const only = new Set((values.only ?? TARGETS.join(',')).split(',').map((name) => name.trim()));
  const unknown = [...only].filter((name) => !(TARGETS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--only: unknown target ${unknown.join(', ')} (targets: ${TARGETS.join(', ')})`);
  const seedCount = values.members ? Number(values.members) : SEED_MEMBERS;
  const importRows = values['import-rows'] ? Number(values['import-rows']) : IMPORT_ROWS;
  if (!Number.isSafeInteger(seedCount) || seedCount < SAMPLE_MEMBERS) throw new Error(`--members: at least ${SAMPLE_MEMBERS}`);
  if (!Number.isSafeInteger(importRows) || importRows < 1) throw new Error('--import-rows: a positive whole number');
  // A smaller roll, a reused one or a part of the run measures something else: printed, never recorded.
  const record = seedCount === SEED_MEMBERS && importRows === IMPORT_ROWS && !values.reuse && only.size === TARGETS.length;
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const started = Date.now();
  const log: Log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'gonghui-bench-members-'));
  // The server runs the code as it is now; a commit landing during the 10-minute run is not what was measured.
  const codeAtStart = codeVersion();
  // The targets are partly absolute (ms, rows/s): what else ran on the machine is part of the result.
  const loadAtStart = os.loadavg()[0] ?? 0;
  if (loadAtStart > os.cpus().length / 2) {
    log(`the machine is busy (1-min load average ${loadAtStart.toFixed(1)}): absolute figures will suffer`);
  }

  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'warn',
    GONGHUI_JOBS_ENABLED: 'false',
    // The import's upload is written under the data directory: keep it out of the repository.
    GONGHUI_DATA_DIR: workDir,
  };
  try {
    return await runAll();
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    if (values.keep) log(`kept database ${DB_NAME}`);
    else await dropDatabase(adminUrl, DB_NAME);
  }

  async function runAll(): Promise<number> {
    let seed: { seconds: number | null; partner: PartnerCredentials };
    let benchUrl: string;
    if (values.reuse) {
      seed = await seededTemplate(adminUrl, baseEnv, seedCount, log);
      benchUrl = await cloneDatabase(adminUrl, TEMPLATE_DB_NAME, DB_NAME);
      log(`database ${redactUrl(benchUrl)}: a copy of ${TEMPLATE_DB_NAME}; files in ${workDir}`);
    } else {
      log(`database ${redactUrl(databaseUrl(adminUrl, DB_NAME))} (dropped and created afresh); files in ${workDir}`);
      benchUrl = await recreateDatabase(adminUrl, DB_NAME);
      const seeded = await seedRoll({ ...baseEnv, DATABASE_URL: benchUrl }, seedCount, log);
      await vacuumRoll(benchUrl, log);
      seed = seeded;
    }
    const env: NodeJS.ProcessEnv = { ...baseEnv, DATABASE_URL: benchUrl };
    const client = new pg.Client({ connectionString: benchUrl });
    const config = parseConfig(env);
    const database = await openDatabase({ url: config.databaseUrl, poolSize: 4 });
    const p = createPlatform(config, database);
    try {
      await client.connect();
      const { rows: counted } = await client.query<{ n: number }>('select count(*)::int as n from member');
      if (counted[0]?.n !== seedCount) throw new Error(`the roll holds ${counted[0]?.n} members after the seed, want ${seedCount}`);
      const { rows: version } = await client.query<{ version: string }>('select version()');
      const machine = `${machineDescription(version[0]?.version ?? 'PostgreSQL ?')}, load ${loadAtStart.toFixed(1)} at start`;

      const fixture = await prepare(p, client, seedCount, log);
      const server = await startServerProcess(env);
      runningServer = server;
      try {
        log(`server pid ${server.pid} at ${server.url}`);
        const results = await runTargets(p, client, server, fixture, seed.partner, importRows, workDir, only, log);
        const lines: Line[] = [
          {
            target: `seed ${seedCount.toLocaleString('en')} members`,
            measured:
              seed.seconds === null
                ? `reused ${TEMPLATE_DB_NAME}`
                : `${seed.seconds.toFixed(1)} s (${Math.round(seedCount / seed.seconds).toLocaleString('en')} rows/s)`,
            health: '—',
            result: '—',
          },
          ...results,
        ];
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
          log('a smaller or reused roll, or a part of the run: not recorded');
        }
        log(pass ? 'PASS' : 'FAIL');
        return pass ? 0 : 1;
      } finally {
        await server.stop();
        runningServer = null;
      }
    } finally {
      await database.close();
      await client.end().catch(() => undefined);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Setup.

/** Runs `gonghui seed --members N` (it migrates and seeds the demo first); returns its time and the demo partner key. */
async function seedRoll(env: NodeJS.ProcessEnv, count: number, log: Log): Promise<{ seconds: number; partner: PartnerCredentials }> {
  log(`gonghui seed --members ${count}`);
  const startedAt = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/gonghui.mjs'), 'seed', '--members', String(count)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stderr = (stderr + text).slice(-5000);
    // The seed's progress lines, every ~3 s: a third of them is enough to see it moving.
    for (const line of text.split('\n')) if (/written/.test(line) && Math.random() < 0.34) log(`  ${line.trim()}`);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), SEED_TIMEOUT_MS);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  const seconds = (performance.now() - startedAt) / 1000;
  if (code !== 0) throw new Error(`seed exited with ${code}:\n${stdout}\n${stderr}`);
  // The partners module's demo step prints its key as `demo partners: {"partnerKey":{…}}`.
  const printed = /^demo partners: (.+)$/m.exec(stdout)?.[1];
  const key = printed ? (JSON.parse(printed) as { partnerKey?: PartnerCredentials }).partnerKey : undefined;
  if (!key?.keyId || !key.secret) throw new Error(`the seed printed no partner key:\n${stdout}`);
  log(`seed done in ${seconds.toFixed(1)} s: ${stdout.trim().split('\n').pop() ?? ''}`);
  return { seconds, partner: { keyId: key.keyId, secret: key.secret } };
}

/**
 * Autovacuum would analyse (and vacuum) a table that grew by a million rows in the middle of the
 * measurements, and the next checkpoint would write the seed's gigabyte of dirty pages then too:
 * both now, so the measurements see the settled roll.
 */
async function vacuumRoll(url: string, log: Log): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    await client.query('vacuum analyze member');
    log(`vacuum analyze member: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const checkpointStarted = performance.now();
    await client.query('checkpoint');
    log(`checkpoint: ${((performance.now() - checkpointStarted) / 1000).toFixed(1)} s`);
  } finally {
    await client.end();
  }
}

/**
 * The kept, seeded and vacuumed template for --reuse, made when it is missing or holds another count;
 * its comment records the count and the demo partner key the seed printed.
 */
async function seededTemplate(
  adminUrl: string,
  env: NodeJS.ProcessEnv,
  count: number,
  log: Log,
): Promise<{ seconds: number | null; partner: PartnerCredentials }> {
  const comment = await databaseComment(adminUrl, TEMPLATE_DB_NAME);
  const kept = comment ? (JSON.parse(comment) as { members: number; partner: PartnerCredentials }) : null;
  if (kept?.members === count) {
    log(`reusing ${TEMPLATE_DB_NAME} (${count} members)`);
    return { seconds: null, partner: kept.partner };
  }
  log(`seeding the template ${TEMPLATE_DB_NAME} (${count} members), kept for later --reuse runs`);
  const url = await recreateDatabase(adminUrl, TEMPLATE_DB_NAME);
  const seeded = await seedRoll({ ...env, DATABASE_URL: url }, count, log);
  await vacuumRoll(url, log);
  await setDatabaseComment(adminUrl, TEMPLATE_DB_NAME, JSON.stringify({ members: count, partner: seeded.partner }));
  await releaseDatabase(TEMPLATE_DB_NAME);
  return seeded;
}

interface Fixture {
  provinceToken: string;
  districtToken: string;
  keqiao: { id: string; path: string };
  streets: string[];
  sample: Sampled[];
}

/** Staff sessions, the district, and a sample of the roll read back through the cipher. */
async function prepare(p: Platform, client: pg.Client, seedCount: number, log: Log): Promise<Fixture> {
  const everything = { orgId: '', path: '/' };
  const staffSession = async (username: string) => {
    const [staff] = (await listStaffAccounts(p.db, everything, { q: username, limit: 5 })).filter((s) => s.username === username);
    if (!staff) throw new Error(`demo staff "${username}" not found`);
    const { token } = await inTransaction(p.db, (tx) =>
      createSession(tx, { kind: 'staff', principalId: staff.id, ttlMs: 3 * 3600_000, now: new Date(), userAgent: 'bench/members' }),
    );
    return token;
  };
  const { rows: orgs } = await client.query<{ id: string; path: string }>(`select id, path from org where name = '柯桥区总工会'`);
  const keqiao = orgs[0];
  if (!keqiao) throw new Error('柯桥区总工会 not found');
  const streets = listChildRegions('330603')
    .filter((r) => r.level === 'township')
    .map((r) => r.code);

  // Drawn at random from the whole roll, not the first members written.
  const { rows } = await client.query<{ member_no: string; id_number_cipher: Buffer }>(
    `select member_no, id_number_cipher from member where source = 'seed' and random() < $1 limit $2`,
    [(SAMPLE_MEMBERS * 1.2) / seedCount, SAMPLE_MEMBERS],
  );
  const sample = rows.map((r) => ({ memberNo: r.member_no, idNumber: p.cipher.decrypt(r.id_number_cipher, ID_NUMBER_CONTEXT) }));
  if (sample.length < SAMPLE_MEMBERS * 0.9) throw new Error(`sampled only ${sample.length} members`);
  log(`sampled ${sample.length} members (ID numbers decrypted) for lookups and cards`);
  return { provinceToken: await staffSession('zhejiang'), districtToken: await staffSession('keqiao'), keqiao, streets, sample };
}

/** A valid 身份证号 for counter k: birth dates 1970–2002 (adults), sequences 001–999. */
function idNumberFor(region: string, k: number): string {
  const days = 12_000;
  const birth = new Date(Date.UTC(1970, 0, 1) + (k % days) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const sequence = Math.floor(k / days) + 1;
  if (sequence > 999) throw new Error('ID number counter out of range');
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

const SURNAMES = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹');
const GIVEN = Array.from('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞');
function nameFor(k: number): string {
  const a = SURNAMES[k % SURNAMES.length] ?? '王';
  const b = GIVEN[Math.floor(k / SURNAMES.length) % GIVEN.length] ?? '伟';
  const c = GIVEN[Math.floor(k / (SURNAMES.length * GIVEN.length)) % GIVEN.length] ?? '';
  return k % 3 === 0 ? `${a}${b}` : `${a}${b}${c}`;
}

function joinBody(
  k: number,
  region: string,
  streets: readonly string[],
): { name: string; idNumber: string; trade: Trade; workRegionCode: string; workAddress: string } {
  const street = streets[k % streets.length] ?? '330603001';
  return {
    name: nameFor(k),
    idNumber: idNumberFor(region, k),
    trade: TRADES[k % TRADES.length] ?? 'other',
    workRegionCode: street,
    workAddress: `${street} 笛扬路 ${1 + (k % 500)} 号`,
  };
}

// ---------------------------------------------------------------------------------------------
// The measurements.

interface Line {
  target: string;
  measured: string;
  health: string;
  result: string;
}

interface Comparison {
  health: Measurement;
  target: Measurement;
  runs: Measurement[];
  /** Each round's health run and the target run that followed it. */
  rounds: { health: Measurement; target: Measurement }[];
}

const ms = (n: number) => `${fmt(n, n < 10 ? 1 : 0)} ms`;

async function runTargets(
  p: Platform,
  client: pg.Client,
  server: ServerProcess,
  fixture: Fixture,
  partner: PartnerCredentials,
  importRows: number,
  workDir: string,
  only: ReadonlySet<string>,
  log: Log,
): Promise<Line[]> {
  const base = server.url;
  const provinceCookie = { cookie: `gh_staff=${fixture.provinceToken}` };
  const districtCookie = { cookie: `gh_staff=${fixture.districtToken}` };

  // A server that dies mid-run would otherwise show up only as connection errors.
  const load = async (options: Parameters<typeof measure>[0]) => {
    const result = await measure({ ...options, serverPid: server.pid });
    server.assertRunning();
    return result;
  };
  /** Warm-up, then health and the target alternately, `rounds` times; `better` chooses the target run reported. */
  const compare = async (
    name: string,
    connections: number,
    target: () => { requests: autocannon.Request[]; headers?: Record<string, string> },
    better: (a: Measurement, b: Measurement) => boolean,
    rounds = ROUNDS,
  ): Promise<Comparison> => {
    const health = (label: string) => load({ label, url: `${base}/api/health`, connections, durationSeconds: MEASURE_SECONDS });
    const run = (label: string, seconds: number) => load({ label, url: base, connections, durationSeconds: seconds, ...target() });
    log(`${name}: warm-up ${WARMUP_SECONDS} s at ${connections} connections (load average ${(os.loadavg()[0] ?? 0).toFixed(1)})`);
    await run(`${name} warm-up`, WARMUP_SECONDS);
    const paired: Comparison['rounds'] = [];
    for (let round = 1; round <= rounds; round++) {
      log(`${name}: health #${round}, then ${name} #${round} (${MEASURE_SECONDS} s each, ${connections} connections)`);
      const healthRun = await health(`health #${round}`);
      paired.push({ health: healthRun, target: await run(`${name} #${round}`, MEASURE_SECONDS) });
    }
    const runs = paired.flatMap((r) => [r.health, r.target]);
    const bestOf = (prefix: string, isBetter: (a: Measurement, b: Measurement) => boolean) =>
      runs.filter((r) => r.label.startsWith(prefix)).reduce((a, b) => (isBetter(b, a) ? b : a));
    const result = { health: bestOf('health', (a, b) => a.reqPerSec > b.reqPerSec), target: bestOf(name, better), runs, rounds: paired };
    console.log(formatRuns(runs, { statuses: true }));
    return result;
  };
  const clean = (c: Comparison) => c.runs.every((r) => r.non2xx === 0 && r.errors === 0 && r.timeouts === 0);
  const verdict = (misses: string[]) => (misses.length === 0 ? 'PASS' : `FAIL (${misses.join(', ')})`);
  const healthText = (c: Comparison) => `${fmt(c.health.reqPerSec)} req/s, p99 ${ms(c.health.exact.p99)}`;
  const lines: Line[] = [];

  const selected = (target: Target) => only.has(target);

  // 2. Lookup by 身份证号.
  if (selected('lookup')) await lookupTarget();
  async function lookupTarget() {
    await checkLookups(base, provinceCookie, fixture.sample.slice(0, 50));
    const ids = cycle(fixture.sample.map((s) => s.idNumber));
    const lookup = await compare(
      'lookup',
      CONSOLE_CONNECTIONS,
      () => ({
        headers: provinceCookie,
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, method: 'GET', path: `/api/console/members?q=${ids()}` }) }],
      }),
      (a, b) => a.exact.p99 < b.exact.p99,
    );
    lines.push({
      target: `lookup by 身份证号, p99 < ${LOOKUP_TARGET_P99_MS} ms @${CONSOLE_CONNECTIONS}`,
      measured: `p99 ${ms(lookup.target.exact.p99)}, p50 ${ms(lookup.target.exact.p50)}, ${fmt(lookup.target.reqPerSec)} req/s`,
      health: healthText(lookup),
      result: verdict([...(lookup.target.exact.p99 < LOOKUP_TARGET_P99_MS ? [] : ['p99']), ...(clean(lookup) ? [] : ['non-2xx/errors'])]),
    });
  }

  // 3. Roll pages of the district.
  if (selected('roll')) await rollTarget();
  async function rollTarget() {
    const rollPaths = await checkRollPages(base, districtCookie, client, fixture.keqiao, log);
    const nextRoll = cycle(rollPaths);
    const roll = await compare(
      'roll',
      CONSOLE_CONNECTIONS,
      () => ({
        headers: districtCookie,
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, method: 'GET', path: nextRoll() }) }],
      }),
      (a, b) => a.exact.p95 < b.exact.p95,
    );
    lines.push({
      target: `roll page of 柯桥区 (4 filter/sort combinations), p95 < ${ROLL_TARGET_P95_MS} ms @${CONSOLE_CONNECTIONS}`,
      measured: `p95 ${ms(roll.target.exact.p95)}, p50 ${ms(roll.target.exact.p50)}, ${fmt(roll.target.reqPerSec)} req/s`,
      health: healthText(roll),
      result: verdict([...(roll.target.exact.p95 < ROLL_TARGET_P95_MS ? [] : ['p95']), ...(clean(roll) ? [] : ['non-2xx/errors'])]),
    });
  }

  // 5. Card verification by a partner.
  if (selected('verify')) await verifyTarget(false);
  if (selected('verify-sign-outs')) await verifyTarget(true);
  async function verifyTarget(withSignOuts: boolean) {
    const name = withSignOuts ? 'verify+sign-outs' : 'verify';
    const verifyPath = '/partner/v1/cards/verify';
    const ring = cardKeyring(p);
    const signer = (count: number) => {
      // Tokens live cardTokenTtlSeconds (90 s by default): issued afresh for every run.
      const now = new Date();
      const tokens = fixture.sample.map((s) => ring.issue(s.memberNo, now, p.config.cardTokenTtlSeconds).token);
      const sign = (i: number) => signRequest(partner, { method: 'POST', path: verifyPath, body: { token: tokens[i % tokens.length] } });
      const prepared = Array.from({ length: count }, (_, i) => sign(i));
      let used = 0;
      return {
        take: () => {
          const request = prepared[used] ?? sign(used);
          used += 1;
          return request;
        },
        used: () => used,
      };
    };
    await checkVerify(base, signer(1).take(), fixture.sample[0]?.memberNo ?? '');
    let signedOnTheFly = 0;
    const signOuts = withSignOuts
      ? startSignOuts(
          base,
          (await createMemberAccounts(p, SIGN_OUT_PHONE_PREFIX, 0, SIGN_OUT_SESSIONS, 'bench/members')).map((a) => a.token),
          SIGN_OUTS_PER_SEC,
        )
      : null;
    const verify = await compare(
      name,
      VERIFY_CONNECTIONS,
      () => {
        const pool = signer(SIGNED_PER_RUN);
        return {
          requests: [
            {
              method: 'POST',
              setupRequest: (req) => {
                const signed = pool.take();
                if (pool.used() > SIGNED_PER_RUN) signedOnTheFly += 1;
                return { ...req, method: 'POST', path: verifyPath, headers: signed.headers, body: signed.body };
              },
            },
          ],
        };
      },
      (a, b) => a.reqPerSec > b.reqPerSec,
      VERIFY_ROUNDS,
    ).finally(() => signOuts?.stop());
    const signedOut = signOuts?.stop();
    if (signedOut) {
      log(`sign-outs: ${fmt(signedOut.perSec)}/s over ${fmt(signedOut.seconds)} s, answers ${JSON.stringify(signedOut.statuses)}`);
    }
    if (signedOnTheFly > 0) log(`verify: ${signedOnTheFly} requests signed during the load (the prepared pool ran out)`);
    // Each check run against the health run just before it.
    const roundRatios = verify.rounds.map(({ health, target }) => target.reqPerSec / health.reqPerSec);
    const verifyRatio = percentile([...roundRatios], 50);
    const bestRatio = verify.target.reqPerSec / verify.health.reqPerSec;
    const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
    lines.push({
      target:
        `card verify${signedOut ? ` with ${SIGN_OUTS_PER_SEC} member sign-outs/s` : ''}, ≥ ${VERIFY_TARGET_RATIO * 100}% of health ` +
        `@${VERIFY_CONNECTIONS} (median of ${VERIFY_ROUNDS} paired rounds)`,
      measured:
        (signedOut ? `sign-outs ${fmt(signedOut.perSec)}/s ${JSON.stringify(signedOut.statuses)}; ` : '') +
        `${pct(verifyRatio)} (rounds ${roundRatios.map(pct).join(', ')}: ${verify.rounds.map((r) => fmt(r.target.reqPerSec)).join(', ')} req/s); ` +
        `best check / best health ${pct(bestRatio)}; p99 ${ms(verify.target.exact.p99)}`,
      health: `${verify.rounds.map((r) => fmt(r.health.reqPerSec)).join(', ')} req/s, p99 ${ms(verify.health.exact.p99)}`,
      result: verdict([
        ...(verifyRatio >= VERIFY_TARGET_RATIO ? [] : ['ratio']),
        ...(clean(verify) ? [] : ['non-2xx/errors']),
        ...(signedOut && (signedOut.perSec < SIGN_OUTS_PER_SEC * 0.9 || Object.keys(signedOut.statuses).some((s) => s !== '204'))
          ? ['sign-outs']
          : []),
      ]),
    });
  }

  // 1. Joins: the same-ID invariant first, then the load.
  if (selected('same-id')) lines.push(await sameIdInvariant(p, client, base, districtCookie, fixture.streets, log));
  if (selected('join')) await joinTarget();
  async function joinTarget() {
    log(`creating ${JOIN_ACCOUNTS} signed-in worker accounts`);
    const accountsStarted = performance.now();
    const accounts = await createMemberAccounts(p, JOIN_PHONE_PREFIX, 0, JOIN_ACCOUNTS, 'bench/members');
    const joins: JoinAccount[] = accounts.map((a, k) => ({
      token: a.token,
      body: JSON.stringify(joinBody(k, JOIN_ID_REGION, fixture.streets)),
    }));
    log(`accounts and sessions written in ${((performance.now() - accountsStarted) / 1000).toFixed(1)} s`);
    const { rows: appsBefore } = await client.query<{ n: number }>('select count(*)::int as n from member_application');
    let nextJoin = 0;
    const join = await compare(
      'join',
      JOIN_CONNECTIONS,
      () => ({
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => {
              // Past the end the last account is reused: its answers (409) show up as non-2xx.
              const a = joins[Math.min(nextJoin++, joins.length - 1)] as JoinAccount;
              return {
                ...req,
                method: 'POST',
                path: '/api/member/applications',
                headers: { 'content-type': 'application/json', cookie: `gh_member=${a.token}` },
                body: a.body,
              };
            },
          },
        ],
      }),
      (a, b) => a.reqPerSec > b.reqPerSec,
    );
    const exhausted = nextJoin > joins.length;
    const { rows: appsAfter } = await client.query<{ n: number; held: number }>(
      `select count(*)::int as n, count(*) filter (where status = 'held_duplicate')::int as held from member_application`,
    );
    const created = (appsAfter[0]?.n ?? 0) - (appsBefore[0]?.n ?? 0);
    const answered201 = join.runs.filter((r) => r.label.startsWith('join')).reduce((n, r) => n + (r.statuses['201'] ?? 0), 0);
    log(
      `join: ${nextJoin} accounts used, ${created} applications written (${appsAfter[0]?.held ?? 0} held as probable duplicates), ` +
        `${answered201} answered 201 in the measured runs`,
    );
    lines.push({
      target: `join, ≥ ${fmt(JOIN_TARGET_PER_SEC)} applications/s @${JOIN_CONNECTIONS}`,
      measured: `${fmt(join.target.reqPerSec)} applications/s, p99 ${ms(join.target.exact.p99)}`,
      health: healthText(join),
      result: verdict([
        ...(join.target.reqPerSec >= JOIN_TARGET_PER_SEC ? [] : ['rate']),
        ...(clean(join) ? [] : ['non-2xx/errors']),
        ...(exhausted ? ['account pool exhausted'] : []),
      ]),
    });
  }

  // 4. The import, last: it doubles the roll. A failure is a result like a miss, not the end of the run.
  if (selected('import')) {
    lines.push(
      await importRoll(base, districtCookie, client, server, fixture, importRows, workDir, log).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        log(`import failed: ${message}\nserver's last lines:\n${server.output()}`);
        return {
          target: `import ${fmt(importRows)} rows, ≥ ${fmt(IMPORT_TARGET_ROWS_PER_SEC)} rows/s, RSS < ${IMPORT_TARGET_RSS_MB} MB`,
          measured: `not measured: ${message.slice(0, 200)}`,
          health: '—',
          result: 'FAIL (import failed)',
        };
      }),
    );
  }
  return lines;
}

/** A function returning the items in turn, round and round. */
/**
 * Signs members out at a steady rate, each request a different session (bearer token), until stopped;
 * stop() says how many went out and what they were answered.
 */
function startSignOuts(base: string, tokens: readonly string[], perSec: number) {
  const started = performance.now();
  const statuses: Record<string, number> = {};
  let sent = 0;
  let stopped: { perSec: number; seconds: number; statuses: Record<string, number> } | null = null;
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * perSec);
    while (sent < due) {
      const token = tokens[sent++];
      if (!token) {
        statuses['out of sessions'] = (statuses['out of sessions'] ?? 0) + 1;
        continue;
      }
      fetch(`${base}/api/member/auth/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).then(
        (response) => void (statuses[response.status] = (statuses[response.status] ?? 0) + 1),
        () => void (statuses.error = (statuses.error ?? 0) + 1),
      );
    }
  }, 10);
  return {
    stop() {
      if (stopped) return stopped;
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      stopped = { perSec: sent / seconds, seconds, statuses };
      return stopped;
    },
  };
}

function cycle<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length] as T;
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

interface RollItem {
  memberNo: string;
  orgId: string;
  trade: string;
  status: string;
  newForm: boolean;
  joinedAt: string;
}

interface RollPage {
  items: RollItem[];
  total: number;
  /** The roll stops counting at ROLL_COUNT_CAP: total is then the cap and this is true. */
  totalCapped?: boolean;
}

/** Each sampled 身份证号 finds exactly its member; anything else stops the run before the load. */
async function checkLookups(base: string, headers: Record<string, string>, sample: readonly Sampled[]): Promise<void> {
  for (const s of sample) {
    const { status, body } = await getJson(`${base}/api/console/members?q=${s.idNumber}`, headers);
    const page = body as RollPage;
    if (status !== 200 || page.total !== 1 || page.items.length !== 1 || page.items[0]?.memberNo !== s.memberNo) {
      throw new Error(`lookup of a sampled member: HTTP ${status} ${JSON.stringify(body).slice(0, 300)}`);
    }
  }
}

/**
 * The district's roll pages under load, each checked first: 200, the filter holds for every item, the
 * order is right, the page is full, and the total is the database's own count.
 */
async function checkRollPages(
  base: string,
  headers: Record<string, string>,
  client: pg.Client,
  district: { id: string; path: string },
  log: Log,
): Promise<string[]> {
  // The API reads these as Asia/Shanghai calendar days.
  const yearAgo = shanghaiDay(new Date(Date.now() - 365 * 86_400_000));
  const today = shanghaiDay(new Date());
  const newForm = NEW_FORM_TRADES as readonly string[];
  const combos: {
    label: string;
    query: string;
    where: string;
    args: unknown[];
    holds: (item: RollItem) => boolean;
    desc: boolean;
  }[] = [
    {
      label: 'courier, active, newest first',
      query: 'trade=courier&status=active&sort=joined_desc',
      where: `m.trade = 'courier' and m.status = 'active'`,
      args: [],
      holds: (i) => i.trade === 'courier' && i.status === 'active',
      desc: true,
    },
    {
      label: 'new-form, active, oldest first',
      query: 'newForm=true&status=active&sort=joined_asc',
      where: `m.new_form and m.status = 'active'`,
      args: [],
      holds: (i) => i.newForm && i.status === 'active' && newForm.includes(i.trade),
      desc: false,
    },
    {
      label: 'food delivery, joined in the last year',
      query: `trade=food_delivery&joinedFrom=${yearAgo}&joinedTo=${today}&sort=joined_desc`,
      where: `m.trade = 'food_delivery' and m.joined_at >= $2::date::timestamp at time zone 'Asia/Shanghai'
              and m.joined_at < ($3::date + 1)::timestamp at time zone 'Asia/Shanghai'`,
      args: [yearAgo, today],
      holds: (i) => i.trade === 'food_delivery' && i.joinedAt >= new Date(`${yearAgo}T00:00:00+08:00`).toISOString(),
      desc: true,
    },
    { label: 'everyone, newest first', query: 'sort=joined_desc', where: 'true', args: [], holds: () => true, desc: true },
  ];
  const { rows: inDistrict } = await client.query<{ id: string }>('select id from org where path like $1', [`${district.path}%`]);
  const orgIds = new Set(inDistrict.map((o) => o.id));
  const paths: string[] = [];
  const rows: (string | number)[][] = [];
  for (const combo of combos) {
    const url = `/api/console/members?orgId=${district.id}&${combo.query}&limit=50`;
    const startedAt = performance.now();
    const { status, body } = await getJson(`${base}${url}`, headers);
    const elapsed = performance.now() - startedAt;
    if (status !== 200) throw new Error(`${combo.label}: HTTP ${status} ${JSON.stringify(body).slice(0, 300)}`);
    const page = body as RollPage;
    const { rows: count } = await client.query<{ n: number }>(
      `select count(*)::int as n from member m join org o on o.id = m.org_id where o.path like $1 and ${combo.where}`,
      [`${district.path}%`, ...combo.args],
    );
    const want = count[0]?.n ?? -1;
    const wantTotal = Math.min(want, ROLL_COUNT_CAP);
    const sorted = page.items.every((item, i) => {
      const before = page.items[i - 1];
      return !before || (combo.desc ? before.joinedAt >= item.joinedAt : before.joinedAt <= item.joinedAt);
    });
    const wrong = page.items.filter((i) => !combo.holds(i) || !orgIds.has(i.orgId));
    const capped = page.totalCapped === true;
    if (
      page.total !== wantTotal ||
      capped !== want > ROLL_COUNT_CAP ||
      page.items.length !== Math.min(50, want) ||
      !sorted ||
      wrong.length > 0
    ) {
      throw new Error(
        `${combo.label}: total ${page.total}${capped ? '+' : ''} (database ${want}), ${page.items.length} items, sorted ${sorted}, ` +
          `${wrong.length} outside the filter`,
      );
    }
    rows.push([combo.label, `${fmt(page.total)}${capped ? '+' : ''}`, fmt(want), page.items.length, fmt(elapsed, 1)]);
    paths.push(url);
  }
  console.log(formatTable(['roll page (柯桥区)', 'total', 'in database', 'items', 'first answer ms'], rows));
  log('every roll page answers 200 with the right members, order and total');
  return paths;
}

async function checkVerify(base: string, signed: ReturnType<typeof signRequest>, memberNo: string): Promise<void> {
  const response = await fetch(`${base}${signed.path}`, { method: 'POST', headers: signed.headers, body: signed.body });
  const body = (await response.json()) as { valid?: boolean; memberNo?: string };
  if (response.status !== 200 || body.valid !== true || body.memberNo !== memberNo) {
    throw new Error(`card verify: HTTP ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  }
}

/**
 * One 身份证号 from 50 accounts at once: exactly one application; after its approval exactly one member,
 * and 49 resubmissions (again at once) are refused and change nothing.
 */
async function sameIdInvariant(
  p: Platform,
  client: pg.Client,
  base: string,
  districtCookie: Record<string, string>,
  streets: readonly string[],
  log: Log,
): Promise<Line> {
  const accounts = await createMemberAccounts(p, SAME_ID_PHONE_PREFIX, 0, SAME_ID_ACCOUNTS, 'bench/members');
  // A name no seeded person has, so the application is not held as a probable duplicate of one.
  const body = { ...joinBody(7, SAME_ID_REGION, streets), name: '并发测试' };
  const submitAll = (list: readonly { token: string }[]) =>
    Promise.all(list.map((a) => postJson(`${base}/api/member/applications`, { cookie: `gh_member=${a.token}` }, body)));
  const counts = async () => {
    const idIndex = p.blindIndex.compute(body.idNumber, ID_NUMBER_CONTEXT);
    const { rows } = await client.query<{ applications: number; members: number }>(
      `select (select count(*)::int from member_application where id_index = $1) as applications,
              (select count(*)::int from member where id_index = $1) as members`,
      [idIndex],
    );
    return rows[0] ?? { applications: -1, members: -1 };
  };
  const statusesOf = (answers: { status: number; body: unknown }[]) => {
    const by = new Map<string, number>();
    for (const a of answers) {
      const key = `${a.status}${a.status >= 400 ? ` ${(a.body as { code?: string }).code ?? ''}` : ''}`;
      by.set(key, (by.get(key) ?? 0) + 1);
    }
    return [...by].map(([k, n]) => `${n} × ${k}`).join(', ');
  };

  const first = await submitAll(accounts);
  const accepted = first.filter((a) => a.status === 201);
  const afterSubmit = await counts();
  log(
    `same ID from ${SAME_ID_ACCOUNTS} accounts at once: ${statusesOf(first)}; ${afterSubmit.applications} application(s) in the database`,
  );
  const problems: string[] = [];
  if (accepted.length !== 1) problems.push(`${accepted.length} accepted`);
  if (first.some((a) => a.status !== 201 && a.status !== 409)) problems.push('an answer other than 201/409');
  if (afterSubmit.applications !== 1) problems.push(`${afterSubmit.applications} applications`);

  let afterResubmit = afterSubmit;
  let second: { status: number; body: unknown }[] = [];
  const application = (accepted[0]?.body as { application?: { id: string; status: string } } | undefined)?.application;
  if (application) {
    const approved = await postJson(`${base}/api/console/member-applications/${application.id}/approve`, districtCookie, {});
    if (approved.status !== 200) problems.push(`approval answered ${approved.status} (${application.status})`);
    const winner = accounts[first.findIndex((a) => a.status === 201)];
    second = await submitAll(accounts.filter((a) => a !== winner));
    afterResubmit = await counts();
    log(`after approval, ${second.length} resubmissions at once: ${statusesOf(second)}; ${afterResubmit.members} member(s)`);
    if (second.some((a) => a.status !== 409)) problems.push('a resubmission was not refused');
    if (afterResubmit.members !== 1) problems.push(`${afterResubmit.members} members`);
    if (afterResubmit.applications !== 1) problems.push(`${afterResubmit.applications} applications after resubmission`);
  }
  return {
    target: `same 身份证号 from ${SAME_ID_ACCOUNTS} accounts at once → 1 application, 1 member`,
    measured: `${statusesOf(first)} → ${afterSubmit.applications} application; approved → ${afterResubmit.members} member; ${statusesOf(second)} on resubmission`,
    health: '—',
    result: problems.length === 0 ? 'PASS' : `FAIL (${problems.join(', ')})`,
  };
}

// ---------------------------------------------------------------------------------------------
// The import.

interface ImportJob {
  id: string;
  status: string;
  progress: number;
  totalRows: number;
  processedRows: number;
  writtenRows: number;
  duplicateRows: number;
  errorRows: number;
  failure: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** Writes an n-row roll in a union's column layout, streaming; returns its size in bytes. */
async function writeImportCsv(file: string, rows: number, streets: readonly string[]): Promise<number> {
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  const header = [
    IMPORT_COLUMNS.name,
    IMPORT_COLUMNS.idNumber,
    IMPORT_COLUMNS.phone,
    IMPORT_COLUMNS.trade,
    IMPORT_COLUMNS.employerName,
    IMPORT_COLUMNS.employerUscc,
    IMPORT_COLUMNS.workRegionCode,
    IMPORT_COLUMNS.workAddress,
    IMPORT_COLUMNS.union,
    IMPORT_COLUMNS.joinedAt,
  ];
  const tradeLabel = new Map<Trade, string>(TRADES.map((code) => [code, t(`orgs.trade.${code}`)]));
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`\uFEFF${header.join(',')}\n`);
  let chunk: string[] = [];
  for (let k = 0; k < rows; k++) {
    const street = streets[k % streets.length] ?? '330603001';
    const trade = TRADES[(k * 7) % TRADES.length] ?? 'other';
    chunk.push(
      [
        nameFor(k),
        idNumberFor(IMPORT_ID_REGION, k),
        phoneFor(IMPORT_PHONE_PREFIX, k),
        tradeLabel.get(trade) ?? trade,
        k % 4 === 0 ? '绍兴柯桥物流有限公司' : '',
        '',
        street,
        k % 3 === 0 ? '' : `笛扬路 ${1 + (k % 800)} 号`,
        // Most rows are placed by the rule; some name their union, as many rolls do.
        k % 10 === 0 ? '柯桥区总工会' : '',
        `20${String(15 + (k % 10)).padStart(2, '0')}-${String(1 + (k % 12)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`,
      ].join(','),
    );
    if (chunk.length === 2_000) {
      await write(`${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) await write(`${chunk.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
  return statSync(file).size;
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

async function importRoll(
  base: string,
  headers: Record<string, string>,
  client: pg.Client,
  server: ServerProcess,
  fixture: Fixture,
  rows: number,
  workDir: string,
  log: Log,
): Promise<Line> {
  const file = path.join(workDir, 'roll.csv');
  const generated = performance.now();
  const bytes = await writeImportCsv(file, rows, fixture.streets);
  log(
    `import file: ${fmt(rows)} rows, ${fmt(bytes / 1_048_576, 1)} MB, written in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
  );

  // RSS, and health's latency, sampled for the whole import: the job runs in the server's event loop,
  // so a loop blocked by it would show as slow health answers.
  const rssBefore = rssMb(server.pid) ?? Number.NaN;
  let peakRss = rssBefore;
  const healthTimes: number[] = [];
  let healthFailures = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const rss = rssMb(server.pid);
      if (rss !== null && !(rss <= peakRss)) peakRss = rss;
      const probeStarted = performance.now();
      const ok = await fetch(`${base}/api/health`)
        .then(async (r) => (await r.arrayBuffer(), r.status === 200))
        .catch(() => false);
      if (ok) healthTimes.push(performance.now() - probeStarted);
      else healthFailures += 1;
      await sleep(Math.max(0, RSS_SAMPLE_MS - (performance.now() - probeStarted)));
    }
  })();

  const wallStarted = performance.now();
  let job: ImportJob | null = null;
  let uploadSeconds = 0;
  try {
    const answer = await upload(`${base}/api/console/member-imports?mode=valid_rows&fileName=bench-roll.csv`, file, headers);
    uploadSeconds = (performance.now() - wallStarted) / 1000;
    if (answer.status !== 202) {
      log(`import upload answered ${answer.status}: ${answer.body.slice(0, 500)}`);
      const code = (/"code":"([^"]+)"/.exec(answer.body) ?? [])[1] ?? '';
      throw new Error(`the upload answered HTTP ${answer.status}${code ? ` ${code}` : ''}`);
    }
    job = JSON.parse(answer.body) as ImportJob;
    log(`import ${job.id} accepted after ${uploadSeconds.toFixed(1)} s of upload; polling`);
    let lastLog = 0;
    for (;;) {
      server.assertRunning();
      if (performance.now() - wallStarted > IMPORT_TIMEOUT_MS) throw new Error(`import not finished in ${IMPORT_TIMEOUT_MS / 60_000} min`);
      await sleep(1000);
      const { status, body } = await getJson(`${base}/api/console/member-imports/${job.id}`, headers);
      if (status !== 200) throw new Error(`import poll: HTTP ${status}`);
      job = body as ImportJob;
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(
          `  import ${job.status} ${job.progress}%: ${fmt(job.processedRows)} rows, RSS ${fmt(rssMb(server.pid) ?? 0)} MB (peak ${fmt(peakRss)})`,
        );
      }
      if (!['queued', 'validating', 'writing'].includes(job.status)) break;
    }
  } finally {
    sampling = false;
    await sampler;
    rmSync(file, { force: true });
  }
  const wallSeconds = (performance.now() - wallStarted) / 1000;
  const jobSeconds = job.finishedAt ? (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000 : Number.NaN;
  const rate = job.totalRows / jobSeconds;
  const { rows: onRoll } = await client.query<{ n: number }>('select count(*)::int as n from member where import_id = $1', [job.id]);
  const written = onRoll[0]?.n ?? -1;
  log(
    `import ${job.status}: ${fmt(job.totalRows)} rows, ${fmt(job.writtenRows)} written (${fmt(written)} on the roll), ` +
      `${job.errorRows} bad, ${job.duplicateRows} duplicates; job ${jobSeconds.toFixed(1)} s, wall ${wallSeconds.toFixed(1)} s ` +
      `(upload ${uploadSeconds.toFixed(1)} s); RSS ${fmt(rssBefore)} → peak ${fmt(peakRss)} MB`,
  );
  const misses = [
    ...(rate >= IMPORT_TARGET_ROWS_PER_SEC ? [] : ['rows/s']),
    ...(peakRss < IMPORT_TARGET_RSS_MB ? [] : ['RSS']),
    ...(job.status === 'completed' && job.writtenRows === rows && written === rows
      ? []
      : [`${written} of ${rows} rows written (${job.status})`]),
  ];
  const probes = healthTimes.length;
  return {
    target: `import ${fmt(rows)} rows, ≥ ${fmt(IMPORT_TARGET_ROWS_PER_SEC)} rows/s, RSS < ${IMPORT_TARGET_RSS_MB} MB`,
    measured:
      `${fmt(rate)} rows/s (job ${jobSeconds.toFixed(0)} s, wall ${wallSeconds.toFixed(0)} s incl. ${uploadSeconds.toFixed(0)} s upload), ` +
      `peak RSS ${fmt(peakRss)} MB (${fmt(rssBefore)} before), ${fmt(written)} written`,
    health: `during the import: p50 ${ms(percentile(healthTimes, 50))}, p99 ${ms(percentile(healthTimes, 99))}, max ${ms(percentile(healthTimes, 100))} (${probes} probes${healthFailures ? `, ${healthFailures} failed` : ''})`,
    result: misses.length === 0 ? 'PASS' : `FAIL (${misses.join(', ')})`,
  };
}

runBench('members', main, WATCHDOG_MS, () => runningServer);
