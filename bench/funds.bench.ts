// Load benchmark: the funds ledger's burst path (issue 18). 200 connections pay out of one district's
// allocation at once (柯桥区总工会's share of the province's 送温暖资金, 10 yuan a payment, as its staff:
// POST /api/console/funds/:fundId/disbursements), paired with /api/health on the same server in the
// same run, three rounds. Target: the median round's ≥ 1,000 disbursements/s (the ratio to health is
// printed and recorded; the issue sets only the absolute figure). The allocation is large enough that
// the rounds never exhaust it; then a small one (越城区, 1,000 payments' worth) is hammered by 200
// connections with four times as many requests: exactly the allocation is paid, every other answer
// is funds.insufficient. After the load the balances are checked against the 201 answers and against
// the journal (figures recomputed from the lines, each line's running balance); a broken invariant
// fails the run.
// Every disbursement run is a fixed number of requests, each answered before the run ends (a timed
// run drops the requests in flight, which the server may still pay): the count of 201 answers is then
// exact. Its size is the previous run's rate × 10 s, so each round lasts about as long as health's.
// Exit code 1 when the target misses or an invariant breaks.
// Run: npm run bench:funds [-- --keep] [-- --trial: printed, not recorded (e.g. while profiling)]
//      (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; BENCH_FUNDS_DB names the
//       database; BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type autocannon from 'autocannon';
import pg from 'pg';
// The installation's module list, as main.ts installs it: the modules' services read role names and messages from it.
import '../src/modules.js';
import { createPlatform } from '../src/platform/bootstrap.js';
import { parseConfig } from '../src/platform/config/config.js';
import { openDatabase } from '../src/platform/db/client.js';
import { seedDemo } from '../src/seed/demo.js';
import {
  DEFAULT_ADMIN_URL,
  ROOT,
  appendResult,
  codeVersion,
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
  runBench,
  send,
  sleep,
  startServerProcess,
  type Measurement,
  type ServerProcess,
} from './harness.js';
import { staffSession } from './staff-sessions.js';

const DB_NAME = process.env.BENCH_FUNDS_DB ?? 'gonghui_bench_funds';
const CONNECTIONS = 200;
const ROUNDS = 3;
const HEALTH_SECONDS = 10;
const HEALTH_WARMUP_SECONDS = 3;
// A disbursement run asks the previous run's rate × this many seconds of payments, within these bounds.
const ROUND_SECONDS = 10;
const WARMUP_PAYMENTS = 5_000;
const MIN_PAYMENTS = 2_000;
const MAX_PAYMENTS = 100_000;
const PAYMENT_FEN = 1_000;
const PAYEE = '王*军';
const TARGET_PER_SEC = 1_000;
// 柯桥区's allocation: every payment the rounds can ask at most, and half as much again, so no round runs dry.
const ALLOCATION_FEN = Math.ceil(1.5 * (1 + WARMUP_PAYMENTS + ROUNDS * MAX_PAYMENTS)) * PAYMENT_FEN;
// The exhaustion: 越城区 is given 1,000 payments' worth, and 200 connections ask 4,000 payments of it.
const EXHAUST_PAYMENTS = 1_000;
const EXHAUST_FEN = EXHAUST_PAYMENTS * PAYMENT_FEN;
const EXHAUST_REQUESTS = 4_000;
// PostgreSQL publishes an idle backend's counters up to 10 s late: the transactions of a run are read this long after it.
const STATS_DELAY_MS = 11_000;
// Setup (~15 s), a warm-up, 3 rounds of 10 + ~10 s, the exhaustion and the checks: 10 minutes means a hang.
const WATCHDOG_MS = 10 * 60_000;

const RESULTS_FILE = path.join(ROOT, 'bench/RESULTS.md');
const RESULTS_SECTION = `## funds — \`npm run bench:funds\`

The ledger's burst path of issue 18: 200 connections pay out of one district's allocation at once —
\`POST /api/console/funds/:fundId/disbursements\`, 10 yuan each, as 柯桥区总工会's staff, against its share of
the province's 送温暖资金 — paired with \`/api/health\` at 200 connections on the same server, three
rounds (health 10 s, then about 10 s of payments: a fixed number of requests, the last run's rate × 10 s,
each answered before the run ends so that the 201 answers can be counted exactly). The allocation is
large enough that no round runs dry; then 越城区 is given 1,000 payments' worth and 200 connections ask
4,000 payments of it at once. How it runs: the header of \`bench/funds.bench.ts\`.

- **measured**: disbursements/s of the median round (answers ÷ the run's time) and each round's, the
  ratio to health's req/s in the same round, p95/p99 of the payments, the server's CPU per payment
  beside health's, the group commit's batches (payments per transaction, from the journal: a batch's
  lines share their transaction's timestamp; how often one starts) and the database transactions per payment
  (PostgreSQL's own count over the run).
- **exhaustion**: 越城区's answers and what it was left with.
- **result**: PASS when the median round pays ≥ 1,000/s and every invariant held: every payment of the
  rounds answered 201, 柯桥区's spent = 201 answers × 10 yuan and available ≥ 0, one journal line per
  201 answer (the ids it answered), the figures of every union equal to the journal's and each line's
  running balance to the sum of the lines before it; 越城区 paid exactly its allocation, every other
  answer \`funds.insufficient\`, no 5xx. Otherwise FAIL with what missed.

| date | machine | target | measured | health, same run | exhaustion | result | commit |
| --- | --- | --- | --- | --- | --- | --- | --- |
`;

type Log = (message: string) => void;

/** What one run's answers said: by status and problem code, and the ids of the lines the 201s named. */
interface Tally {
  statuses: Record<string, number>;
  ids: string[];
}

/** The group commit's batches of a run, read from the journal. */
interface Batches {
  count: number;
  /** Payments per batch: the mean over batches, and over payments (the batch a payment rode in). */
  mean: number;
  perPayment: number;
  p50: number;
  p95: number;
  max: number;
  /** Ms from one batch's transaction to the next's (one batch per balance is in flight at a time): median and longest. */
  gapP50: number;
  gapMax: number;
}

interface Round {
  label: string;
  health: Measurement;
  payments: Measurement;
  tally: Tally;
  ratio: number;
  batches: Batches;
  /** Database transactions committed during the run, per payment answered (null: not read). */
  transactions: number | null;
}

let runningServer: ServerProcess | null = null;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { keep: { type: 'boolean', default: false }, trial: { type: 'boolean', default: false } } });
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const started = Date.now();
  const log: Log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'gonghui-bench-funds-'));
  const codeAtStart = codeVersion();
  // The machine is shared: its load says how far the figures are the route's own.
  const loadAtStart = os.loadavg()[0] ?? 0;
  if (loadAtStart > os.cpus().length / 2) log(`the machine is busy (1-min load average ${loadAtStart.toFixed(1)}): figures will suffer`);
  log(`database ${redactUrl(databaseUrl(adminUrl, DB_NAME))} (dropped and created afresh)`);
  const url = await recreateDatabase(adminUrl, DB_NAME);
  const { DATABASE_URL: _ignored, ...callerEnv } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...callerEnv,
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
    GONGHUI_JOBS_ENABLED: 'false',
    GONGHUI_DATA_DIR: workDir,
  };
  const client = new pg.Client({ connectionString: url });
  try {
    const fixture = await prepare(env, log);
    await client.connect();
    const { rows } = await client.query<{ version: string }>('select version()');
    const machine = `${machineDescription(rows[0]?.version ?? 'PostgreSQL ?')}, load ${loadAtStart.toFixed(1)} at start`;
    const server = await startServerProcess(env);
    runningServer = server;
    try {
      log(`server pid ${server.pid} at ${server.url}`);
      const outcome = await run(server, client, fixture, log);
      const line = summarise(outcome);
      console.log('');
      console.log(
        formatTable(
          ['target', 'measured', 'health, same run', 'exhaustion', 'result'],
          [[line.target, line.measured, line.health, line.exhaustion, line.result]],
        ),
      );
      if (values.trial) log('a trial run: not recorded');
      else {
        const date = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        const codeAtEnd = codeVersion();
        const commit = codeAtEnd === codeAtStart ? codeAtStart : `${codeAtStart} (${codeAtEnd} at the end)`;
        await appendResult(RESULTS_FILE, RESULTS_SECTION, [
          [date, machine, line.target, line.measured, line.health, line.exhaustion, line.result, commit],
        ]);
        log(`appended to ${path.relative(process.cwd(), RESULTS_FILE)}`);
      }
      const pass = line.result === 'PASS';
      log(pass ? 'PASS' : 'FAIL');
      return pass ? 0 : 1;
    } finally {
      await server.stop();
      runningServer = null;
    }
  } finally {
    await client.end().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
    if (values.keep) log(`kept database ${DB_NAME}`);
    else await dropDatabase(adminUrl, DB_NAME);
  }
}

// ---------------------------------------------------------------------------------------------
// Setup: the demo tree and three staff sessions; the fund itself is made over HTTP by the province.

interface Fixture {
  province: string;
  keqiao: string;
  yuecheng: string;
  /** Cookies of the province's, 柯桥区's and 越城区's staff. */
  cookies: { province: string; keqiao: string; yuecheng: string };
}

async function prepare(env: NodeJS.ProcessEnv, log: Log): Promise<Fixture> {
  const config = parseConfig(env);
  const database = await openDatabase({ url: config.databaseUrl as string, poolSize: 4 });
  try {
    await database.migrate();
    const p = createPlatform(config, database);
    // The tree alone: the fund is the benchmark's own, made through the console's routes.
    const demo = await seedDemo(p, database, { modules: false });
    log('migrated; demo tree seeded');
    const cookie = async (username: string) => `gh_staff=${await staffSession(p, username, 'bench/funds')}`;
    return {
      province: demo.province.id,
      keqiao: demo.keqiao.id,
      yuecheng: demo.yuecheng.id,
      cookies: { province: await cookie('zhejiang'), keqiao: await cookie('keqiao'), yuecheng: await cookie('yuecheng') },
    };
  } finally {
    await database.close();
  }
}

/** A console call that must succeed with `status`; its body parsed. */
async function call<T>(server: ServerProcess, cookie: string, method: string, url: string, body: unknown, status: number): Promise<T> {
  const answer = await send(server.url, method, url, { cookie }, body);
  if (answer.status !== status) throw new Error(`${method} ${url} answered ${answer.status}, want ${status}: ${answer.body.slice(0, 300)}`);
  return JSON.parse(answer.body) as T;
}

interface TransferAnswer {
  id: string;
  fundId: string;
  kind: string;
  amountFen: number;
  fromOrgId: string;
  toOrgId: string;
  payee: string | null;
}

// ---------------------------------------------------------------------------------------------
// The load.

interface Outcome {
  rounds: Round[];
  exhaustion: { run: Measurement; tally: Tally; problems: string[] };
  problems: string[];
}

async function run(server: ServerProcess, client: pg.Client, fixture: Fixture, log: Log): Promise<Outcome> {
  // 浙江's staff set up the fund, receive the money and pass 柯桥区 its allocation, as in the console.
  const fund = await call<{ id: string; sources: { id: string; name: string }[] }>(
    server,
    fixture.cookies.province,
    'POST',
    '/api/console/funds',
    { orgId: fixture.province, name: '送温暖资金（压测）', purpose: 'warmth', sources: ['全总下拨'] },
    201,
  );
  const source = fund.sources[0];
  if (!source) throw new Error('the fund was created without its source');
  const base = `/api/console/funds/${fund.id}`;
  await call(
    server,
    fixture.cookies.province,
    'POST',
    `${base}/receipts`,
    { sourceId: source.id, orgId: fixture.province, amountFen: ALLOCATION_FEN + EXHAUST_FEN, memo: '全总下拨（压测）' },
    201,
  );
  await call(
    server,
    fixture.cookies.province,
    'POST',
    `${base}/allocations`,
    { fromOrgId: fixture.province, toOrgId: fixture.keqiao, amountFen: ALLOCATION_FEN, memo: '下拨柯桥区（压测）' },
    201,
  );
  log(`fund ${fund.id}: ${fmt(ALLOCATION_FEN / 100)} yuan allocated to 柯桥区 (${fmt(ALLOCATION_FEN / PAYMENT_FEN)} payments' worth)`);

  // One payment first, checked field by field: a wrong answer would measure something else.
  const payment = { orgId: fixture.keqiao, amountFen: PAYMENT_FEN, payee: PAYEE };
  const first = await call<TransferAnswer>(server, fixture.cookies.keqiao, 'POST', `${base}/disbursements`, payment, 201);
  const expected = { fundId: fund.id, kind: 'disbursement', amountFen: PAYMENT_FEN, fromOrgId: fixture.keqiao, toOrgId: fixture.keqiao };
  const got = { fundId: first.fundId, kind: first.kind, amountFen: first.amountFen, fromOrgId: first.fromOrgId, toOrgId: first.toOrgId };
  if (JSON.stringify(got) !== JSON.stringify(expected) || first.payee !== PAYEE) {
    throw new Error(`the first payment answered ${JSON.stringify(first)}, want ${JSON.stringify(expected)}`);
  }
  const keqiaoAnswers: Tally = { statuses: { '201': 1 }, ids: [first.id] };

  const health = async (label: string, durationSeconds: number) => {
    const result = await measure({
      label,
      url: `${server.url}/api/health`,
      connections: CONNECTIONS,
      durationSeconds,
      serverPid: server.pid,
    });
    server.assertRunning();
    return result;
  };
  const pay = async (label: string, cookie: string, orgId: string, amount: number) => {
    const tally: Tally = { statuses: {}, ids: [] };
    const request: autocannon.Request = {
      method: 'POST',
      path: `${base}/disbursements`,
      body: JSON.stringify({ orgId, amountFen: PAYMENT_FEN, payee: PAYEE }),
      onResponse: (status, body) => {
        if (status === 201) {
          const id = /^\{"id":"([0-9a-f-]{36})"/.exec(body)?.[1] ?? (JSON.parse(body) as { id?: string }).id ?? '?';
          tally.ids.push(id);
        }
        const key = status === 201 ? '201' : `${status} ${/"code":"([^"]+)"/.exec(body)?.[1] ?? ''}`.trim();
        tally.statuses[key] = (tally.statuses[key] ?? 0) + 1;
      },
    };
    const result = await measure({
      label,
      url: server.url,
      connections: CONNECTIONS,
      amount,
      headers: { cookie, 'content-type': 'application/json' },
      requests: [request],
      serverPid: server.pid,
    });
    server.assertRunning();
    return { result, tally };
  };
  const counted = (tally: Tally) => {
    for (const [k, n] of Object.entries(tally.statuses)) keqiaoAnswers.statuses[k] = (keqiaoAnswers.statuses[k] ?? 0) + n;
    keqiaoAnswers.ids.push(...tally.ids);
  };
  const clock = async () => (await client.query<{ now: Date }>('select clock_timestamp() as now')).rows[0]?.now as Date;
  const commits = async () => {
    await client.query('select pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ n: number }>(
      'select xact_commit::float8 as n from pg_stat_database where datname = current_database()',
    );
    return rows[0]?.n ?? null;
  };
  const batchesSince = (since: Date, orgId: string) => batchSizes(client, fund.id, orgId, since);

  log(`warm-up: health ${HEALTH_WARMUP_SECONDS} s, then ${fmt(WARMUP_PAYMENTS)} payments, ${CONNECTIONS} connections`);
  const warmHealth = await health('warm-up health', HEALTH_WARMUP_SECONDS);
  const warm = await pay('warm-up payments', fixture.cookies.keqiao, fixture.keqiao, WARMUP_PAYMENTS);
  counted(warm.tally);
  log(
    `warm-up: health ${fmt(warmHealth.reqPerSec)} req/s; ${fmt(warm.result.reqPerSec)} payments/s, ${JSON.stringify(warm.tally.statuses)}`,
  );
  let lastRate = warm.result.reqPerSec;

  const rounds: Round[] = [];
  let pendingCommits: { round: Round; before: number | null } | null = null;
  const readCommits = async () => {
    if (!pendingCommits) return;
    const after = await commits();
    const { round, before } = pendingCommits;
    round.transactions = before === null || after === null ? null : (after - before) / round.payments.requests;
    pendingCommits = null;
  };
  for (let r = 1; r <= ROUNDS; r++) {
    log(`round ${r}: health ${HEALTH_SECONDS} s at ${CONNECTIONS} connections (load average ${(os.loadavg()[0] ?? 0).toFixed(1)})`);
    const healthRun = await health(`health #${r}`, HEALTH_SECONDS);
    // The last round's payments have been published by now (health touches no database): see STATS_DELAY_MS.
    if (pendingCommits) await sleep(Math.max(0, STATS_DELAY_MS - HEALTH_SECONDS * 1000));
    await readCommits();
    const amount = Math.min(MAX_PAYMENTS, Math.max(MIN_PAYMENTS, Math.round(lastRate * ROUND_SECONDS)));
    log(`round ${r}: ${fmt(amount)} payments from 柯桥区's allocation over ${CONNECTIONS} connections`);
    const before = await commits();
    const since = await clock();
    const paid = await pay(`payments #${r}`, fixture.cookies.keqiao, fixture.keqiao, amount);
    counted(paid.tally);
    lastRate = paid.result.reqPerSec;
    const round: Round = {
      label: `#${r}`,
      health: healthRun,
      payments: paid.result,
      tally: paid.tally,
      ratio: paid.result.reqPerSec / healthRun.reqPerSec,
      batches: await batchesSince(since, fixture.keqiao),
      transactions: null,
    };
    rounds.push(round);
    pendingCommits = { round, before };
    log(
      `round ${r}: ${fmt(paid.result.reqPerSec)} payments/s (${pct(round.ratio)} of health's ${fmt(healthRun.reqPerSec)} req/s), ` +
        `p95 ${fmt(paid.result.exact.p95, 1)} ms, p99 ${fmt(paid.result.exact.p99, 1)} ms, ${JSON.stringify(paid.tally.statuses)}; ` +
        `${fmt(round.batches.count)} batches of ${fmt(round.batches.mean, 1)} payments on average (p50 ${round.batches.p50}, p95 ${round.batches.p95}, ` +
        `max ${round.batches.max}), one every ${fmt(round.batches.gapP50, 1)} ms (median)`,
    );
  }
  log(`waiting ${STATS_DELAY_MS / 1000} s for PostgreSQL's counters of the last round`);
  await sleep(STATS_DELAY_MS);
  await readCommits();

  const problems: string[] = [];
  const allRuns = [warm.result, ...rounds.map((r) => r.payments)];
  const unclean = allRuns.filter((m) => m.errors > 0 || m.timeouts > 0 || m.non2xx > 0);
  for (const m of unclean) problems.push(`${m.label}: ${m.non2xx} non-2xx, ${m.errors} errors (${m.timeouts} timeouts)`);
  problems.push(...(await checkUnion(client, fund.id, fixture.keqiao, '柯桥区', ALLOCATION_FEN, keqiaoAnswers)));
  log(
    `柯桥区: ${fmt(keqiaoAnswers.statuses['201'] ?? 0)} payments answered 201 in all; ` +
      (problems.length === 0 ? 'its balance and journal agree with them' : `BROKEN: ${problems.join('; ')}`),
  );

  // The exhaustion: 越城区 is given 1,000 payments' worth; 200 connections ask 4,000 at once.
  await call(
    server,
    fixture.cookies.province,
    'POST',
    `${base}/allocations`,
    { fromOrgId: fixture.province, toOrgId: fixture.yuecheng, amountFen: EXHAUST_FEN, memo: '下拨越城区（压测：耗尽）' },
    201,
  );
  log(
    `exhaustion: ${fmt(EXHAUST_FEN / 100)} yuan allocated to 越城区; ${fmt(EXHAUST_REQUESTS)} payments asked over ${CONNECTIONS} connections`,
  );
  const since = await clock();
  const exhaust = await pay('exhaustion', fixture.cookies.yuecheng, fixture.yuecheng, EXHAUST_REQUESTS);
  const exhaustBatches = await batchesSince(since, fixture.yuecheng);
  const exhaustProblems = exhaustionProblems(exhaust.result, exhaust.tally);
  exhaustProblems.push(...(await checkUnion(client, fund.id, fixture.yuecheng, '越城区', EXHAUST_FEN, exhaust.tally)));
  log(
    `exhaustion: ${fmt(exhaust.result.reqPerSec)} answers/s, ${JSON.stringify(exhaust.tally.statuses)}, ` +
      `${fmt(exhaustBatches.count)} batches (max ${exhaustBatches.max}); ` +
      (exhaustProblems.length === 0 ? 'exactly the allocation paid, never overdrawn' : `BROKEN: ${exhaustProblems.join('; ')}`),
  );

  // The whole fund, every union: the figures kept against the journal's.
  const ledger = await ledgerMismatches(client, fund.id);
  problems.push(...ledger);
  log(ledger.length === 0 ? "every union's figures equal the journal's" : `LEDGER: ${ledger.join('; ')}`);

  console.log(formatRuns([warmHealth, warm.result, ...rounds.flatMap((r) => [r.health, r.payments]), exhaust.result], { statuses: true }));
  printRounds(rounds);
  return { rounds, exhaustion: { run: exhaust.result, tally: exhaust.tally, problems: exhaustProblems }, problems };
}

/** The sizes of the group commit's batches at a union since `since`: the lines of one transaction share its timestamp. */
async function batchSizes(client: pg.Client, fundId: string, orgId: string, since: Date): Promise<Batches> {
  const { rows } = await client.query<{ n: number; ms: number }>(
    `select count(*)::int as n, extract(epoch from created_at)::float8 * 1000 as ms from fund_transfer
      where fund_id = $1 and debit_org_id = $2 and kind = 'disbursement' and created_at >= $3
      group by created_at order by created_at`,
    [fundId, orgId, since],
  );
  const sizes = rows.map((r) => r.n);
  const total = sizes.reduce((a, b) => a + b, 0);
  const gaps = rows.slice(1).map((r, i) => r.ms - (rows[i] as { ms: number }).ms);
  return {
    count: sizes.length,
    mean: sizes.length === 0 ? Number.NaN : total / sizes.length,
    perPayment: total === 0 ? Number.NaN : sizes.reduce((a, n) => a + n * n, 0) / total,
    p50: percentile(sizes, 50),
    p95: percentile(sizes, 95),
    max: sizes.length === 0 ? Number.NaN : Math.max(...sizes),
    gapP50: percentile(gaps, 50),
    gapMax: gaps.length === 0 ? Number.NaN : Math.max(...gaps),
  };
}

// ---------------------------------------------------------------------------------------------
// The invariants, from the database; what broke, in words (nothing: they hold).

/**
 * A union's balance against the answers it was given: spent = 201 answers × 10 yuan, available =
 * received − spent ≥ 0, one disbursement line per 201 answer (the very lines the answers named), and
 * each line of its holding account leaving the balance the lines before it add up to.
 */
async function checkUnion(
  client: pg.Client,
  fundId: string,
  orgId: string,
  name: string,
  receivedFen: number,
  answers: Tally,
): Promise<string[]> {
  const problems: string[] = [];
  const oks = answers.statuses['201'] ?? 0;
  const { rows: balances } = await client.query<{ received: number; passed_on: number; spent: number; available: number }>(
    `select received_fen::float8 as received, passed_on_fen::float8 as passed_on, spent_fen::float8 as spent, available_fen::float8 as available
       from fund_balance where fund_id = $1 and org_id = $2`,
    [fundId, orgId],
  );
  const b = balances[0];
  if (!b) return [`${name}: no balance row`];
  if (b.available < 0) problems.push(`${name}: available ${b.available} fen, overdrawn`);
  if (b.spent !== oks * PAYMENT_FEN) {
    problems.push(`${name}: spent ${b.spent} fen, but ${oks} payments answered 201 (${oks * PAYMENT_FEN} fen)`);
  }
  if (b.received !== receivedFen || b.available !== receivedFen - b.passed_on - b.spent) {
    problems.push(
      `${name}: received ${b.received}, passed on ${b.passed_on}, spent ${b.spent}, available ${b.available} (allocated ${receivedFen})`,
    );
  }
  const { rows: lines } = await client.query<{ lines: number; fen: number; matched: number }>(
    `select count(*)::int as lines, coalesce(sum(amount_fen), 0)::float8 as fen,
            count(*) filter (where id = any($3::uuid[]))::int as matched
       from fund_transfer where fund_id = $1 and debit_org_id = $2 and kind = 'disbursement'`,
    [fundId, orgId, answers.ids.filter((id) => /^[0-9a-f-]{36}$/.test(id))],
  );
  const l = lines[0];
  if (new Set(answers.ids).size !== oks) problems.push(`${name}: ${oks} answers 201 name ${new Set(answers.ids).size} distinct lines`);
  if (l?.lines !== oks || l.fen !== oks * PAYMENT_FEN || l.matched !== oks) {
    problems.push(`${name}: ${l?.lines} disbursement lines of ${l?.fen} fen, ${l?.matched} of them named by the ${oks} answers 201`);
  }
  problems.push(...(await runningBalance(client, fundId, orgId, name)));
  return problems;
}

/** Each line on a union's holding account keeps the balance it left: it must be the sum of the lines up to it, never negative. */
async function runningBalance(client: pg.Client, fundId: string, orgId: string, name: string): Promise<string[]> {
  const { rows } = await client.query<{ lines: number; wrong: number; lowest: number | null; last: number | null; balance: number | null }>(
    `with holding as (
       select id, debit_available_after as after, amount_fen as amount from fund_transfer
        where fund_id = $1 and debit_org_id = $2 and debit_account = 'holding'
       union all
       select id, credit_available_after, -amount_fen from fund_transfer
        where fund_id = $1 and credit_org_id = $2 and credit_account = 'holding'
     ), running as (select id, after, sum(amount) over (order by id) as sum from holding)
     select count(*)::int as lines, count(*) filter (where after is distinct from sum)::int as wrong,
            min(after)::float8 as lowest, (select after::float8 from running order by id desc limit 1) as last,
            (select available_fen::float8 from fund_balance where fund_id = $1 and org_id = $2) as balance
       from running`,
    [fundId, orgId],
  );
  const r = rows[0];
  const problems: string[] = [];
  if (!r || r.wrong > 0) {
    problems.push(`${name}: ${r?.wrong} of ${r?.lines} lines keep a balance other than the sum of the lines up to them`);
  }
  if (r && r.lowest !== null && r.lowest < 0) problems.push(`${name}: a line left the balance at ${r.lowest} fen`);
  if (r && r.last !== r.balance) problems.push(`${name}: the last line left ${r.last} fen, the balance row holds ${r.balance}`);
  return problems;
}

/**
 * Every union's figures in the fund recomputed from the journal (as verifyLedger does every night):
 * received = money onto its holding account, passed on = allocations off it, spent = its spent
 * account, available = its holding account. The bench writes no reversal, so each line counts once.
 */
async function ledgerMismatches(client: pg.Client, fundId: string): Promise<string[]> {
  const { rows: reversals } = await client.query<{ n: number }>(
    'select count(*)::int as n from fund_transfer where fund_id = $1 and reverses_id is not null',
    [fundId],
  );
  if ((reversals[0]?.n ?? 0) > 0) return [`${reversals[0]?.n} reversal lines: this check counts none`];
  const { rows } = await client.query<Record<string, string | number | null>>(
    `with sides as (
       select debit_org_id as org_id, debit_account as account, kind, amount_fen as amount from fund_transfer where fund_id = $1
       union all
       select credit_org_id, credit_account, kind, -amount_fen from fund_transfer where fund_id = $1
     ), journal as (
       select org_id,
              coalesce(sum(amount) filter (where account = 'holding' and amount > 0), 0) as received,
              coalesce(-sum(amount) filter (where account = 'holding' and amount < 0 and kind = 'allocation'), 0) as passed_on,
              coalesce(sum(amount) filter (where account = 'spent'), 0) as spent,
              coalesce(sum(amount) filter (where account = 'holding'), 0) as available
         from sides group by org_id
     )
     select coalesce(b.org_id, j.org_id) as org_id, b.received_fen, b.passed_on_fen, b.spent_fen, b.available_fen,
            j.received, j.passed_on, j.spent, j.available
       from (select * from fund_balance where fund_id = $1) b full join journal j on j.org_id = b.org_id
      where b.org_id is null or j.org_id is null or b.received_fen <> j.received or b.passed_on_fen <> j.passed_on
         or b.spent_fen <> j.spent or b.available_fen <> j.available`,
    [fundId],
  );
  return rows.map(
    (r) =>
      `union ${r.org_id}: kept received ${r.received_fen}, passed on ${r.passed_on_fen}, spent ${r.spent_fen}, available ${r.available_fen}; ` +
      `journal ${r.received}, ${r.passed_on}, ${r.spent}, ${r.available}`,
  );
}

/** 越城区's answers: exactly its allocation paid, every other request refused for want of money, nothing lost. */
function exhaustionProblems(run: Measurement, tally: Tally): string[] {
  const problems: string[] = [];
  const answered = Object.values(tally.statuses).reduce((a, b) => a + b, 0);
  const oks = tally.statuses['201'] ?? 0;
  const refused = tally.statuses['409 funds.insufficient'] ?? 0;
  if (oks !== EXHAUST_PAYMENTS) problems.push(`${oks} payments answered 201, want exactly ${EXHAUST_PAYMENTS} (the allocation)`);
  if (refused !== EXHAUST_REQUESTS - EXHAUST_PAYMENTS) {
    problems.push(`${refused} answered funds.insufficient, want ${EXHAUST_REQUESTS - EXHAUST_PAYMENTS}`);
  }
  const other = Object.entries(tally.statuses).filter(([k]) => k !== '201' && k !== '409 funds.insufficient');
  if (other.length > 0) problems.push(`other answers: ${other.map(([k, n]) => `${n} × ${k}`).join(', ')}`);
  const fivexx = Object.entries(tally.statuses)
    .filter(([k]) => k.startsWith('5'))
    .reduce((a, [, n]) => a + n, 0);
  if (fivexx > 0) problems.push(`${fivexx} answers 5xx`);
  if (answered !== EXHAUST_REQUESTS || run.errors > 0) {
    problems.push(`${answered} of ${EXHAUST_REQUESTS} requests answered, ${run.errors} errors`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Reporting.

function printRounds(rounds: readonly Round[]): void {
  console.log(
    formatTable(
      [
        'round',
        'health req/s',
        'payments/s',
        'ratio',
        'p95 ms',
        'p99 ms',
        'server CPU µs/payment',
        'health µs/req',
        'PostgreSQL µs/payment',
        'batches',
        'payments/batch mean',
        'per payment',
        'p50',
        'p95',
        'max',
        'ms between batches p50',
        'max',
        'transactions/payment',
      ],
      rounds.map((r) => [
        r.label,
        fmt(r.health.reqPerSec),
        fmt(r.payments.reqPerSec),
        pct(r.ratio),
        fmt(r.payments.exact.p95, 1),
        fmt(r.payments.exact.p99, 1),
        fmtCpu(r.payments.cpuMicrosPerRequest.server),
        fmtCpu(r.health.cpuMicrosPerRequest.server),
        fmtCpu(r.payments.cpuMicrosPerRequest.postgres),
        fmt(r.batches.count),
        fmt(r.batches.mean, 1),
        fmt(r.batches.perPayment, 1),
        r.batches.p50,
        r.batches.p95,
        r.batches.max,
        fmt(r.batches.gapP50, 1),
        fmt(r.batches.gapMax),
        r.transactions === null ? '?' : fmt(r.transactions, 2),
      ]),
    ),
  );
}

interface Line {
  target: string;
  measured: string;
  health: string;
  exhaustion: string;
  result: string;
}

function summarise(outcome: Outcome): Line {
  const { rounds, exhaustion } = outcome;
  const byRate = [...rounds].sort((a, b) => a.payments.reqPerSec - b.payments.reqPerSec);
  const median = byRate[Math.floor(byRate.length / 2)] as Round;
  const list = (f: (r: Round) => string) => rounds.map(f).join(', ');
  const misses = [
    ...(median.payments.reqPerSec >= TARGET_PER_SEC ? [] : ['disbursements/s']),
    ...outcome.problems,
    ...exhaustion.problems.map((p) => `exhaustion: ${p}`),
  ];
  const statuses = (tally: Tally) =>
    Object.entries(tally.statuses)
      .map(([k, n]) => `${fmt(n)} × ${k}`)
      .join(', ');
  return {
    target: `PostgreSQL: ${CONNECTIONS} connections pay 10 yuan each from one district's allocation, ≥ ${fmt(TARGET_PER_SEC)} disbursements/s, never overdrawn`,
    measured:
      `median ${fmt(median.payments.reqPerSec)} disbursements/s = ${pct(median.ratio)} of health (rounds ${list((r) => fmt(r.payments.reqPerSec))}/s; ` +
      `${list((r) => pct(r.ratio))}); p95 ${list((r) => fmt(r.payments.exact.p95))} ms, p99 ${list((r) => fmt(r.payments.exact.p99))} ms; ` +
      `server CPU ${list((r) => fmtCpu(r.payments.cpuMicrosPerRequest.server))} µs/payment, PostgreSQL ${list((r) => fmtCpu(r.payments.cpuMicrosPerRequest.postgres))}; ` +
      `batches of ${list((r) => fmt(r.batches.mean, 1))} payments on average (${list((r) => fmt(r.batches.perPayment))} as a payment sees it, ` +
      `max ${list((r) => String(r.batches.max))}), one every ${list((r) => fmt(r.batches.gapP50))} ms (median); ` +
      `${list((r) => (r.transactions === null ? '?' : fmt(r.transactions, 2)))} transactions/payment; ` +
      `answers ${list((r) => statuses(r.tally))}`,
    health: `${list((r) => fmt(r.health.reqPerSec))} req/s, server CPU ${list((r) => fmtCpu(r.health.cpuMicrosPerRequest.server))} µs/req`,
    exhaustion:
      `${fmt(EXHAUST_PAYMENTS)} payments' worth, ${fmt(EXHAUST_REQUESTS)} asked: ${statuses(exhaustion.tally)}; ` +
      `${fmt(exhaustion.run.reqPerSec)} answers/s, p99 ${fmt(exhaustion.run.exact.p99)} ms; ` +
      (exhaustion.problems.length === 0 ? 'exactly the allocation paid, never overdrawn' : 'BROKEN'),
    result: misses.length === 0 ? 'PASS' : `FAIL (${misses.join('; ')})`,
  };
}

const fmtCpu = (n: number | null) => (n === null ? '—' : fmt(n));
const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

runBench('funds', main, WATCHDOG_MS, () => runningServer);
