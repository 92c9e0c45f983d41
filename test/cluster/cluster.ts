// npm run test:cluster — the proof that the cluster survives losing a machine (issue 20). It brings the
// cluster up (ops/cluster/up: a pg_auto_failover formation with a synchronous standby, three instances,
// nginx), drives workers' join applications through nginx from 24 connections and a coupon race (10,000
// members press claim for 8,000 coupons, paced to last the whole test) from 16 more, and meanwhile:
//   0. holds a scheduled job in flight (funds.verify-ledger, waiting on a lock the test holds);
//   1. kills the primary PostgreSQL's machine (its keeper and postmaster, kill -9) mid-load;
//   2. once the load has resumed, starts the old primary's keeper again and waits for it to rejoin as a standby;
//   3. kills one Gonghui instance (kill -9) mid-load.
// Each worker retries what was not acknowledged (a 503 with Retry-After, a 502, a dropped connection),
// as the H5 does; a 409 on a retry means the first attempt committed before its answer was lost.
// After the load: every application acknowledged with 2xx is in the database, none twice, none for an
// account that was never acknowledged; the race kept the campaigns' invariants (exactly the quota
// granted, no member with two coupons, the counters = the coupon rows = the acknowledged claims); the job
// cut off by the kill ran again exactly once. The failover time and the rejoin are measured and printed,
// and with --record appended to bench/RESULTS.md. Fails loudly with what broke.
//
//   npm run test:cluster [-- --keep: leave the cluster up] [-- --record]
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
// The installation's module list, as main.ts installs it: the members' seed reads the modules' roles from it.
import '../../src/modules.js';
import { seedMembers } from '#modules/members';
import { TRADES } from '#modules/orgs';
import { listStaffAccounts } from '#modules/staff';
import { createMemberAccounts } from '../../bench/member-accounts.js';
import { createSession } from '../../src/platform/auth/sessions.js';
import { createPlatform } from '../../src/platform/bootstrap.js';
import type { Platform } from '../../src/platform/context.js';
import { parseConfig } from '../../src/platform/config/config.js';
import { idNumberCheckChar } from '../../src/platform/crypto/validators.js';
import { openDatabase } from '../../src/platform/db/client.js';
import { shanghaiDay } from '../../src/platform/db/columns.js';
import { inTransaction, queryRows } from '../../src/platform/db/tx.js';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { choosingClient, HostChooser, parseDatabaseUrl } from '../../src/platform/db/hosts.js';
import { listChildRegions } from '../../src/platform/regions/regions.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONNECTIONS = 24;
const ACCOUNTS = 60_000;
/** The load must resume within this after the primary's machine is lost (issue 20: aim under 30 s). */
const FAILOVER_LIMIT_S = 30;
const REJOIN_LIMIT_S = 90;
/** The coupon race: more members than coupons, paced so that it runs through the failover and ends sold out after it. */
const CLAIMERS = 10_000;
const QUOTA = 8_000;
const CLAIM_CONNECTIONS = 16;
const CLAIMS_PER_SECOND = 200;
/** Source addresses the claims come from (127.0.1.x): the per-address limit counts a delivery hub's NAT, not a whole city. */
const CLAIM_ADDRESSES = 64;
/** The job in flight at the kill: daily, so any run after the interrupted one is its resumption. */
const JOB = 'funds.verify-ledger';
const JOB_RESUME_LIMIT_S = 60;

const { values } = parseArgs({ options: { keep: { type: 'boolean', default: false }, record: { type: 'boolean', default: false } } });
const started = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sh(command: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const run = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}:\n${run.stderr}${run.stdout}`);
  return run.stdout;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'gonghui-cluster-test-'));
const clusterEnv = { GONGHUI_CLUSTER_DIR: dir, GONGHUI_CLUSTER_PORT: process.env.GONGHUI_CLUSTER_PORT ?? '6500' };

// ---------------------------------------------------------------------------------------------------
// The cluster's parts, as the test kills and restarts them.

interface Cluster {
  url: string;
  databaseUrl: string;
  monitor: string;
  instancePids: number[];
  instancePorts: number[];
}

function readState(): Cluster {
  const state = Object.fromEntries(
    readFileSync(path.join(dir, 'state'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  ) as Record<string, string>;
  const count = (state.GONGHUI_CLUSTER_INSTANCES ?? '').split(',').length;
  return {
    url: state.GONGHUI_CLUSTER_URL ?? '',
    databaseUrl: state.DATABASE_URL ?? '',
    monitor: state.GONGHUI_CLUSTER_MONITOR ?? '',
    instancePorts: (state.GONGHUI_CLUSTER_INSTANCES ?? '').split(',').map(Number),
    instancePids: Array.from({ length: count }, (_, i) => Number(readFileSync(path.join(dir, `instance${i + 1}.pid`), 'utf8'))),
  };
}

async function nodeStates(monitor: string): Promise<Map<string, string>> {
  const client = new pg.Client({ connectionString: monitor });
  await client.connect();
  try {
    const { rows } = await client.query<{ nodename: string; reportedstate: string }>(
      'select nodename, reportedstate from pgautofailover.node order by nodeid',
    );
    return new Map(rows.map((r) => [r.nodename, r.reportedstate]));
  } finally {
    await client.end();
  }
}

/** The process and all it started, deepest first. */
function processTree(pid: number): number[] {
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);
  return [...children.flatMap(processTree), pid];
}

/** Kills a node's machine: its keeper with every service it started, and its postmaster, with SIGKILL. */
function killNode(name: string): void {
  const pgdata = path.join(dir, name);
  const postmaster = Number(readFileSync(path.join(pgdata, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const keepers = spawnSync('pgrep', ['-f', `pg_autoctl run --pgdata ${pgdata}`], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);
  // All at once, as a machine goes: none left to restart another.
  for (const pid of new Set([...keepers.flatMap(processTree), postmaster])) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function restartNode(name: string): void {
  sh(path.join(ROOT, 'ops/cluster/node'), ['start', name], clusterEnv);
}

// ---------------------------------------------------------------------------------------------------
// The load: workers' join applications, each retried until acknowledged.

interface Outcome {
  account: number;
  applicationId: string | null;
  /** 409 on a retry: the first attempt committed, its answer was lost. */
  landedEarlier: boolean;
  retries: number;
}

const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false, maxSockets: CONNECTIONS + CLAIM_CONNECTIONS });

/** A POST through nginx as the H5 or the console sends it: never rejects, a broken exchange is status 0. */
function post(
  url: string,
  body: string,
  from: { token?: string; headers?: Record<string, string>; localAddress?: string } = {},
): Promise<{ status: number; body: string; retryAfter: number }> {
  return new Promise((resolve) => {
    const req = https.request(
      url,
      {
        method: 'POST',
        agent,
        timeout: 15_000,
        ...(from.localAddress ? { localAddress: from.localAddress } : {}),
        headers: {
          'content-type': 'application/json',
          ...(from.token ? { cookie: `gh_member=${from.token}` } : {}),
          'user-agent': 'gonghui-cluster-test',
          ...from.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            retryAfter: Number(res.headers['retry-after'] ?? 0),
          }),
        );
        res.on('error', () => resolve({ status: 0, body: 'response broken', retryAfter: 0 }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, body: error.message, retryAfter: 0 }));
    req.end(body);
  });
}

const REGION = '330603';
function joinBody(k: number, streets: readonly string[]): string {
  const birth = new Date(Date.UTC(1975, 0, 1) + (k % 9_000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `${REGION}${birth}${String(Math.floor(k / 9_000) + 500).padStart(3, '0')}`;
  const street = streets[k % streets.length] ?? '330603001';
  return JSON.stringify({
    name: `集群${'甲乙丙丁戊己庚辛壬癸'[k % 10] ?? '甲'}${'子丑寅卯辰巳午未申酉戌亥'[Math.floor(k / 10) % 12] ?? '子'}`,
    idNumber: first17 + idNumberCheckChar(first17),
    trade: TRADES[k % TRADES.length] ?? 'other',
    workRegionCode: street,
    workAddress: `${street} 笛扬路 ${1 + (k % 500)} 号`,
  });
}

// ---------------------------------------------------------------------------------------------------
// The coupon race: a campaign of 柯桥区 written by its staff, approved by the province's (four eyes).

interface ClaimOutcome {
  member: number;
  outcome: 'granted' | 'landed_earlier' | 'sold_out';
  couponId: string | null;
}

async function staffCookie(p: Platform, username: string): Promise<string> {
  const [staff] = (await listStaffAccounts(p.db, { orgId: '', path: '/' }, { q: username, limit: 5 })).filter(
    (s) => s.username === username,
  );
  if (!staff) throw new Error(`demo staff "${username}" not found`);
  const { token } = await inTransaction(p.db, (tx) =>
    createSession(tx, { kind: 'staff', principalId: staff.id, ttlMs: 3600_000, now: new Date(), userAgent: 'gonghui-cluster-test' }),
  );
  return `gh_staff=${token}`;
}

/** The race's day must not end mid-race (the daily quota and limit start again at midnight, Asia/Shanghai). */
async function clearOfMidnight(): Promise<void> {
  const shanghai = new Date(Date.now() + 8 * 3600_000);
  const left = 86_400 - (shanghai.getUTCHours() * 3600 + shanghai.getUTCMinutes() * 60 + shanghai.getUTCSeconds());
  if (left > 240) return;
  log(`${left} s to midnight in Shanghai: the race waits for the new day`);
  await sleep((left + 5) * 1000);
}

async function newCampaign(base: string, cookies: { author: string; approver: string }, keqiaoId: string): Promise<string> {
  const send = async (method: string, url: string, cookie: string, body?: unknown) => {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const now = new Date();
  const created = await send('POST', '/api/console/campaigns', cookies.author, {
    orgId: keqiaoId,
    name: '智送清凉（集群测试）',
    description: '冰饮清凉券，每天 1 张（集群测试）',
    thresholdFen: 300,
    discountFen: 299,
    dailyQuota: QUOTA,
    perMemberPeriod: 'day',
    perMemberLimit: 1,
    releaseTime: new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(now),
    startsOn: shanghaiDay(now),
    endsOn: shanghaiDay(new Date(now.getTime() + 30 * 86_400_000)),
    budgetFen: null,
    validDays: 7,
  });
  const id = String(created.id);
  const preview = await send('GET', `/api/console/campaigns/${id}/preview`, cookies.author);
  if (Number(preview.eligibleMembers) < CLAIMERS) {
    throw new Error(`the campaign reaches ${String(preview.eligibleMembers)} members, not the ${CLAIMERS} racing`);
  }
  await send('POST', `/api/console/campaigns/${id}/submit`, cookies.author, {});
  await send('POST', `/api/console/campaigns/${id}/approve`, cookies.approver, {});
  return id;
}

async function main(): Promise<void> {
  log(`bringing the cluster up in ${dir}`);
  const upStarted = performance.now();
  sh(path.join(ROOT, 'ops/cluster/up'), [], clusterEnv);
  const cluster = readState();
  log(`up in ${((performance.now() - upStarted) / 1000).toFixed(1)} s: ${cluster.url}, ${cluster.databaseUrl}`);

  const config = parseConfig({ ...process.env, NODE_ENV: 'development', DATABASE_URL: cluster.databaseUrl, LOG_LEVEL: 'warn' });
  const database = await openDatabase({ url: cluster.databaseUrl, poolSize: 4 });
  const p = createPlatform(config, database);
  const accounts = await createMemberAccounts(p, '195', 0, ACCOUNTS, 'gonghui-cluster-test');
  const claimers = await createMemberAccounts(p, '196', 0, CLAIMERS, 'gonghui-cluster-test-claims');
  const [keqiao] = await queryRows<{ id: string }>(p.db, sql`select id from org where name = '柯桥区总工会'`);
  if (!keqiao) throw new Error('the demo tree has no 柯桥区总工会');
  await seedMembers(database, p, { count: CLAIMERS, orgId: keqiao.id, seed: 20, accountIds: claimers.map((a) => a.id) });
  const cookies = { author: await staffCookie(p, 'keqiao'), approver: await staffCookie(p, 'zhejiang') };
  await database.close();
  const streets = listChildRegions(REGION)
    .filter((r) => r.level === 'township')
    .map((r) => r.code);
  log(`${accounts.length} signed-in workers written, and ${claimers.length} members of 柯桥区 with their accounts`);
  await clearOfMidnight();
  const campaignId = await newCampaign(`http://127.0.0.1:${cluster.instancePorts[0] ?? 0}`, cookies, keqiao.id);
  log(`campaign ${campaignId}: ${QUOTA} coupons today, one per member, approved`);

  const outcomes: Outcome[] = [];
  const successes: { sent: number; answered: number }[] = []; // performance.now() of each 2xx
  let next = 0;
  let stop = false;
  let retried = 0;
  let userErrors = 0; // answers a worker would see other than a retryable one
  const statuses = new Map<number, number>();

  const worker = async () => {
    while (!stop && next < accounts.length) {
      const k = next++;
      const account = accounts[k];
      if (!account) break;
      const body = joinBody(k, streets);
      let retries = 0;
      for (;;) {
        const sent = performance.now();
        const answer = await post(`${cluster.url}/api/member/applications`, body, { token: account.token });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status === 201) {
          successes.push({ sent, answered: performance.now() });
          const id = (JSON.parse(answer.body) as { application?: { id?: unknown } }).application?.id;
          if (typeof id !== 'string') throw new Error(`account ${k}: a 201 without the application's id: ${answer.body.slice(0, 300)}`);
          outcomes.push({ account: k, applicationId: id, landedEarlier: false, retries });
          break;
        }
        if (answer.status === 409 && retries > 0 && answer.body.includes('members.application_open')) {
          outcomes.push({ account: k, applicationId: null, landedEarlier: true, retries });
          break;
        }
        if (answer.status === 503 || answer.status === 502 || answer.status === 0) {
          retries++;
          retried++;
          await sleep(Math.min(2_000, answer.retryAfter > 0 ? answer.retryAfter * 1000 : 500));
          continue;
        }
        userErrors++;
        throw new Error(`account ${k}: ${answer.status} ${answer.body.slice(0, 300)}`);
      }
    }
  };
  // The race: member k presses at k / CLAIMS_PER_SECOND s, from its own device and one of the addresses,
  // and presses again (as the H5's button allows) on a 503, 502, 429 or a dropped connection.
  const claimOutcomes: ClaimOutcome[] = [];
  const claimStatuses = new Map<string, number>();
  let nextClaimer = 0;
  let claimRetried = 0;
  const claimsStarted = performance.now();
  const claimUrl = `${cluster.url}/api/member/campaigns/${campaignId}/claim`;
  const claimWorker = async () => {
    while (!failure && nextClaimer < claimers.length) {
      const k = nextClaimer++;
      const claimer = claimers[k];
      if (!claimer) break;
      const wait = claimsStarted + (k / CLAIMS_PER_SECOND) * 1000 - performance.now();
      if (wait > 0) await sleep(wait);
      const from = {
        token: claimer.token,
        headers: { 'x-device-id': `cluster-device-${k}` },
        localAddress: `127.0.1.${1 + (k % CLAIM_ADDRESSES)}`,
      };
      for (let retries = 0; ; retries++) {
        const answer = await post(claimUrl, '{}', from);
        const code = answer.status === 201 ? '201' : (/"code":"([a-z_.]+)"/.exec(answer.body)?.[1] ?? `${answer.status}`);
        claimStatuses.set(code, (claimStatuses.get(code) ?? 0) + 1);
        if (answer.status === 201) {
          const id = (JSON.parse(answer.body) as { id?: unknown }).id;
          if (typeof id !== 'string') throw new Error(`claimer ${k}: a 201 without the coupon's id: ${answer.body.slice(0, 300)}`);
          claimOutcomes.push({ member: k, outcome: 'granted', couponId: id });
          break;
        }
        if (code === 'campaigns.already_claimed' && retries > 0) {
          claimOutcomes.push({ member: k, outcome: 'landed_earlier', couponId: null });
          break;
        }
        if (code === 'campaigns.sold_out') {
          claimOutcomes.push({ member: k, outcome: 'sold_out', couponId: null });
          break;
        }
        if (answer.status === 503 || answer.status === 502 || answer.status === 429 || answer.status === 0) {
          claimRetried++;
          await sleep(Math.min(2_000, answer.retryAfter > 0 ? answer.retryAfter * 1000 : 500));
          continue;
        }
        userErrors++;
        throw new Error(`claimer ${k}: ${answer.status} ${answer.body.slice(0, 300)}`);
      }
    }
  };
  let failure: unknown = null;
  const fail = (error: unknown) => {
    failure ??= error;
    stop = true;
  };
  const load = Array.from({ length: CONNECTIONS }, () => worker().catch(fail));
  const race = Array.from({ length: CLAIM_CONNECTIONS }, () => claimWorker().catch(fail));
  const check = () => {
    if (failure) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
  };

  const rateSince = (from: number) => successes.filter((s) => s.answered >= from).length / ((performance.now() - from) / 1000);
  await sleep(5_000);
  check();
  // Reads of dashboards and roll pages on the standby, within its bound, on every instance.
  const replicas = await Promise.all(
    cluster.instancePorts.map(async (port) => {
      const ready = (await (await fetch(`http://127.0.0.1:${port}/api/ready`)).json()) as {
        replica?: { inUse: boolean; stalenessMs: number | null };
      };
      return ready.replica;
    }),
  );
  if (!replicas.every((r) => r?.inUse && r.stalenessMs !== null && r.stalenessMs <= 5_000)) {
    throw new Error(`the instances do not read from the standby within 5 s: ${JSON.stringify(replicas)}`);
  }
  // A browser's sign-in through nginx passes the Origin check (nginx must pass the Host with its port).
  // A browser's POST: its Origin is the address it was served from.
  const signIn = await post(`${cluster.url}/api/console/auth/sign-in`, JSON.stringify({ username: 'keqiao', password: DEMO_PASSWORD }), {
    headers: { origin: cluster.url },
  });
  if (signIn.status !== 200 || !signIn.body.includes('totp_required')) {
    throw new Error(`a console sign-in through nginx: ${signIn.status} ${signIn.body.slice(0, 200)}`);
  }
  const readStaleness = replicas.map((r) => r?.stalenessMs ?? -1);
  log(`the instances read from the standby, ${readStaleness.join(', ')} ms behind under load`);
  log(`steady load: ${rateSince(performance.now() - 4_000).toFixed(0)} applications/s`);

  // 0. A scheduled job in flight: made due now, it waits on a lock held here until the kill ends both.
  const Primary = choosingClient(new HostChooser(parseDatabaseUrl(cluster.databaseUrl)));
  const primaryClient = async () => {
    const client = new Primary();
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  const lockHolder = await primaryClient();
  await lockHolder.query('begin');
  await lockHolder.query('lock table fund_transfer in access exclusive mode');
  const watcher = await primaryClient();
  await watcher.query(`update job_schedule set next_run_at = now() where name = $1`, [JOB]);
  let interrupted: { id: string; instance: string } | undefined;
  for (const waitStarted = performance.now(); !interrupted; await sleep(200)) {
    if (performance.now() - waitStarted > 20_000) throw new Error(`${JOB} did not start within 20 s of being due`);
    const { rows } = await watcher.query<{ id: string; instance: string; waiting: boolean }>(
      `select r.id::text, r.instance,
              exists (select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%fund_transfer%') as waiting
         from job_run r where r.name = $1 and r.status = 'running'`,
      [JOB],
    );
    if (rows[0]?.waiting) interrupted = rows[0];
  }
  await watcher.end();
  log(`${JOB} is running on instance ${interrupted.instance}, waiting on the fund_transfer lock held here`);

  // 1. The primary's machine lost.
  const before = await nodeStates(cluster.monitor);
  const primary = [...before].find(([, state]) => state === 'primary')?.[0];
  if (!primary) throw new Error(`no primary: ${JSON.stringify([...before])}`);
  const killedAt = performance.now();
  const killedAtClock = Date.now();
  killNode(primary);
  log(`killed ${primary}'s keeper and postmaster (kill -9)`);
  // Resumed: a request sent after the kill acknowledged (one sent before may have committed just in time).
  const resumed = () => successes.filter((s) => s.sent > killedAt).map((s) => s.answered);
  while (resumed().length === 0) {
    check();
    if (performance.now() - killedAt > FAILOVER_LIMIT_S * 2_000) throw new Error('the load did not resume');
    await sleep(100);
  }
  const failoverS = (Math.min(...resumed()) - killedAt) / 1000;
  const lastBefore = Math.max(...successes.filter((s) => s.answered <= killedAt + 50).map((s) => s.answered));
  log(
    `load resumed ${failoverS.toFixed(1)} s after the kill (the last acknowledgement before it ${((killedAt - lastBefore) / 1000).toFixed(2)} s before)`,
  );

  // 2. The old primary back, as a standby.
  await sleep(3_000);
  restartNode(primary);
  const rejoinStarted = performance.now();
  let rejoined: string | undefined;
  while (performance.now() - rejoinStarted < REJOIN_LIMIT_S * 1000) {
    rejoined = (await nodeStates(cluster.monitor)).get(primary);
    if (rejoined === 'secondary') break;
    await sleep(500);
  }
  const rejoinS = (performance.now() - rejoinStarted) / 1000;
  log(`${primary} is ${rejoined ?? '?'} ${rejoinS.toFixed(1)} s after its keeper started again`);

  // The job cut off by the kill: its run ended as interrupted, and it ran again, once, on the new primary.
  const jobRuns = async () => {
    const client = await primaryClient();
    try {
      return (
        await client.query<{ id: string; status: string; instance: string; started: Date; error: string | null }>(
          `select id::text, status, instance, started_at as started, error from job_run where name = $1 and id >= $2 order by id`,
          [JOB, interrupted.id],
        )
      ).rows;
    } finally {
      await client.end();
    }
  };
  let runs = await jobRuns();
  while (!runs.some((r) => r.status === 'ok') && Date.now() - killedAtClock < JOB_RESUME_LIMIT_S * 1000) {
    await sleep(500);
    runs = await jobRuns();
  }
  const resumedRun = runs.find((r) => r.status === 'ok');
  const jobResumedS = resumedRun ? (resumedRun.started.getTime() - killedAtClock) / 1000 : Number.NaN;
  log(
    `${JOB}: runs since the kill ${JSON.stringify(runs.map((r) => [r.status, r.instance]))}, ran again ${jobResumedS.toFixed(1)} s after the kill`,
  );

  // 3. One Gonghui instance lost.
  const victim = cluster.instancePids[1] ?? 0;
  const errorsBefore = userErrors;
  const instanceKilledAt = performance.now();
  process.kill(victim, 'SIGKILL');
  log(`killed instance 2 (pid ${victim}, kill -9)`);
  await sleep(6_000);
  const afterInstance = rateSince(instanceKilledAt + 1_000);
  stop = true;
  await Promise.all(load);
  check();
  log(`load stopped: ${outcomes.length} workers answered, ${retried} retries, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  // The race runs to its end: every member pressed and finally answered.
  const raceLimit = setTimeout(
    () => fail(new Error(`the race did not end: ${claimOutcomes.length} of ${CLAIMERS} members answered`)),
    120_000,
  );
  await Promise.all(race);
  clearTimeout(raceLimit);
  agent.destroy();
  check();
  log(
    `race over in ${((performance.now() - claimsStarted) / 1000).toFixed(1)} s: ${claimRetried} retries, answers ${JSON.stringify(Object.fromEntries(claimStatuses))}`,
  );

  // The checks, on the new primary.
  const client = await primaryClient();
  const ids = outcomes.flatMap((o) => (o.applicationId ? [o.applicationId] : []));
  const { rows: found } = await client.query<{ n: number }>(
    'select count(*)::int as n from member_application where id = any($1::uuid[])',
    [ids],
  );
  const { rows: dupes } = await client.query<{ n: number }>(
    `select count(*)::int as n from (select account_id from member_application group by account_id having count(*) > 1) d`,
  );
  const { rows: total } = await client.query<{ n: number }>(
    `select count(*)::int as n from member_application a join auth_session s on s.principal_id = a.account_id where s.user_agent = 'gonghui-cluster-test'`,
  );
  const [coupons] = (
    await client.query<{ coupons: number; members: number; issued: number; counter: number; doubles: number }>(
      `select (select count(*)::int from campaign_coupon where campaign_id = $1) as coupons,
              (select count(distinct member_id)::int from campaign_coupon where campaign_id = $1) as members,
              (select coalesce(sum(issued), 0)::int from campaign_day where campaign_id = $1) as issued,
              (select issued_count from campaign where id = $1) as counter,
              (select count(*)::int from (select 1 from campaign_coupon where campaign_id = $1 group by member_id, day having count(*) > 1) d) as doubles`,
      [campaignId],
    )
  ).rows;
  const granted = claimOutcomes.filter((o) => o.outcome === 'granted');
  // Each 201 named a coupon of its own member's account.
  const { rows: matched } = await client.query<{ n: number }>(
    `select count(*)::int as n from campaign_coupon c
       join unnest($2::uuid[], $3::uuid[]) as a(id, account) on c.id = a.id
      where c.campaign_id = $1 and c.account_id = a.account`,
    [campaignId, granted.map((o) => o.couponId), granted.map((o) => claimers[o.member]?.id)],
  );
  await client.end();
  const claimLandedEarlier = claimOutcomes.filter((o) => o.outcome === 'landed_earlier').length;
  const soldOut = claimOutcomes.filter((o) => o.outcome === 'sold_out').length;
  const landedEarlier = outcomes.filter((o) => o.landedEarlier).length;
  const problems = [
    ...(ids.length > 0 ? [] : ['no application acknowledged: nothing was checked']),
    ...((found[0]?.n ?? -1) === ids.length ? [] : [`${ids.length - (found[0]?.n ?? 0)} acknowledged applications missing`]),
    ...((dupes[0]?.n ?? -1) === 0 ? [] : [`${dupes[0]?.n ?? '?'} accounts with two applications`]),
    ...((total[0]?.n ?? -1) === outcomes.length
      ? []
      : [`${total[0]?.n ?? '?'} applications written for ${outcomes.length} answered workers`]),
    ...(failoverS <= FAILOVER_LIMIT_S ? [] : [`load resumed after ${failoverS.toFixed(1)} s (> ${FAILOVER_LIMIT_S} s)`]),
    ...(rejoined === 'secondary' ? [] : [`the old primary is ${rejoined ?? '?'}, not a standby`]),
    ...(userErrors === errorsBefore && afterInstance > 0 ? [] : ['an error the worker would see after the instance was killed']),
    ...(coupons?.coupons === QUOTA ? [] : [`${coupons?.coupons ?? '?'} coupons issued for a quota of ${QUOTA}`]),
    ...(coupons?.doubles === 0 && coupons.members === coupons.coupons
      ? []
      : [`${coupons?.doubles ?? '?'} members with two coupons that day`]),
    ...(coupons?.issued === coupons?.coupons && coupons?.counter === coupons?.coupons
      ? []
      : [`day counter ${coupons?.issued ?? '?'}, campaign counter ${coupons?.counter ?? '?'}, coupon rows ${coupons?.coupons ?? '?'}`]),
    ...(granted.length + claimLandedEarlier === coupons?.coupons
      ? []
      : [
          `${granted.length} claims acknowledged 201 and ${claimLandedEarlier} found granted on a retry, for ${coupons?.coupons ?? '?'} coupons`,
        ]),
    ...(matched[0]?.n === granted.length
      ? []
      : [`${matched[0]?.n ?? '?'} of ${granted.length} acknowledged coupons found with their member's account`]),
    ...(claimOutcomes.length === CLAIMERS && new Set(claimOutcomes.map((o) => o.member)).size === CLAIMERS
      ? []
      : [`${claimOutcomes.length} of ${CLAIMERS} racing members finally answered`]),
    ...(runs[0]?.id === interrupted.id && runs[0].status === 'failed' && (runs[0].error ?? '').includes('数据库暂时不可用')
      ? []
      : [`the interrupted run of ${JOB} ended ${JSON.stringify(runs[0] ?? null)}, not as interrupted`]),
    ...(runs.length === 2 && runs[1]?.status === 'ok'
      ? []
      : [`${JOB} ran ${runs.length - 1} times after the kill (want exactly once): ${JSON.stringify(runs)}`]),
    ...(jobResumedS <= JOB_RESUME_LIMIT_S ? [] : [`${JOB} did not run again within ${JOB_RESUME_LIMIT_S} s of the kill`]),
  ];
  const summary =
    `reads from the standby under load ${Math.min(...readStaleness)}–${Math.max(...readStaleness)} ms behind (bound 5 s); ` +
    `failover: load resumed ${failoverS.toFixed(1)} s after the primary's machine was killed; ${primary} back as ${rejoined ?? '?'} in ${rejoinS.toFixed(1)} s; ` +
    `instance killed: ${afterInstance.toFixed(0)} applications/s after it, no error seen; ` +
    `${ids.length} acknowledged 201, all in the database; ${landedEarlier} retries answered 409 (the first attempt had committed); ` +
    `${retried} retries in all; ${total[0]?.n ?? '?'} rows checked, 0 duplicates; ` +
    `coupon race through the failover: ${CLAIMERS} members for ${QUOTA} coupons, ${granted.length} acknowledged 201 + ${claimLandedEarlier} found granted on a retry = ${coupons?.coupons ?? '?'} coupons = the day's counter, ` +
    `${soldOut} told sold out, ${claimRetried} retries, ${coupons?.doubles ?? '?'} members with two; ` +
    `${JOB} in flight at the kill: that run ended as interrupted, ran again once ${jobResumedS.toFixed(1)} s after the kill`;
  log(summary);
  if (values.record) {
    appendFileSync(
      path.join(ROOT, 'bench/RESULTS.md'),
      `| ${new Date().toISOString().slice(0, 19)}Z | ${os.cpus()[0]?.model.split(' ')[0] ?? '?'} ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version} | ${summary} | ${problems.length === 0 ? 'PASS' : `FAIL (${problems.join('; ')})`} |\n`,
    );
    // The file is prettier's (npm run lint checks bench/): the table realigned with the new row.
    sh(path.join(ROOT, 'node_modules/.bin/prettier'), ['--write', '--log-level', 'warn', path.join(ROOT, 'bench/RESULTS.md')]);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  log('PASS');
}

try {
  await main();
} catch (error) {
  console.error(`[cluster test] FAILED: ${(error as Error).stack ?? String(error)}`);
  console.error(`logs in ${dir}/logs`);
  process.exitCode = 1;
} finally {
  if (!values.keep) {
    spawnSync(path.join(ROOT, 'ops/cluster/down'), [process.exitCode ? '--keep' : ''].filter(Boolean), {
      env: { ...process.env, ...clusterEnv },
      stdio: 'inherit',
    });
  }
}
// Workers still retrying after a failure would keep the process alive: the verdict is in.
process.exit(process.exitCode ?? 0);
