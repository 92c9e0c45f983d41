// Shared pieces of the load benchmarks: a throw-away PostgreSQL database, the server as a child
// process (so the load generator's CPU is not the server's), autocannon runs against 127.0.0.1, and
// the results file.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import * as prettier from 'prettier';
import { SERVER_NODE_FLAGS } from '../bin/server-flags.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The URL without its password, for printing. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@');
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const SAFE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// Sessions holding a run's claim on its database: a second run of the same benchmark would otherwise
// drop the database under the first one's server (DROP … WITH (FORCE) ends its connections).
const claims = new Map<string, pg.Client>();

async function claimDatabase(adminUrl: string, name: string): Promise<void> {
  if (claims.has(name)) return;
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  // Lost with the session, so a run that crashes leaves no stale claim.
  client.on('error', () => undefined);
  const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(727273, hashtext($1)) as ok', [name]);
  if (!rows[0]?.ok) {
    await client.end();
    throw new Error(`another benchmark run is using the database ${name}: wait for it to finish`);
  }
  claims.set(name, client);
}

export async function releaseDatabase(name: string): Promise<void> {
  const client = claims.get(name);
  claims.delete(name);
  await client?.end().catch(() => undefined);
}

/** Claims `name` for this run (refusing if another run holds it), drops it if it exists and creates it empty; returns its URL. */
export async function recreateDatabase(adminUrl: string, name: string): Promise<string> {
  if (!SAFE_NAME.test(name)) throw new Error(`unsafe database name ${name}`);
  await claimDatabase(adminUrl, name);
  await withAdmin(adminUrl, async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  });
  return databaseUrl(adminUrl, name);
}

/**
 * Claims `name`, drops it if it exists and creates it as a copy of `template` (a file copy: seconds
 * where seeding a million members takes minutes); returns its URL.
 */
export async function cloneDatabase(adminUrl: string, template: string, name: string): Promise<string> {
  if (!SAFE_NAME.test(name) || !SAFE_NAME.test(template)) throw new Error(`unsafe database name ${name} or ${template}`);
  await claimDatabase(adminUrl, name);
  await withAdmin(adminUrl, async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    // PostgreSQL 15 copies through the WAL by default: gigabytes of it for the census's province.
    const { rows } = await client.query<{ version: number }>(`select current_setting('server_version_num')::int as version`);
    const strategy = (rows[0]?.version ?? 0) >= 150000 ? ' strategy = file_copy' : '';
    await client.query(`create database ${name} template ${template}${strategy}`);
  });
  return databaseUrl(adminUrl, name);
}

/** The comment on database `name`, or null when there is no such database. */
export async function databaseComment(adminUrl: string, name: string): Promise<string | null> {
  const { rows } = await withAdmin(adminUrl, (client) =>
    client.query<{ comment: string | null }>('select shobj_description(oid, $2) as comment from pg_database where datname = $1', [
      name,
      'pg_database',
    ]),
  );
  return rows.length === 0 ? null : (rows[0]?.comment ?? '');
}

export async function setDatabaseComment(adminUrl: string, name: string, comment: string): Promise<void> {
  if (!SAFE_NAME.test(name)) throw new Error(`unsafe database name ${name}`);
  await withAdmin(adminUrl, (client) => client.query(`comment on database ${name} is ${pg.escapeLiteral(comment)}`));
}

/** Drops `name` and gives up this run's claim on it. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  if (!SAFE_NAME.test(name)) throw new Error(`unsafe database name ${name}`);
  await withAdmin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
  await releaseDatabase(name);
}

export interface ServerProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  pid: number;
  /** The last lines the server wrote, for a failure message. */
  output(): string;
  /** Throws, with the server's last lines, when it is no longer running. */
  assertRunning(): void;
  stop(): Promise<void>;
}

/**
 * Starts `node bin/gonghui.mjs serve` on 127.0.0.1 with an OS-chosen port, and resolves once
 * /api/ready answers 200 (the database is reachable).
 */
export async function startServerProcess(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ServerProcess> {
  // The flags production runs with (bin/server-flags.mjs), then BENCH_SERVER_NODE_ARGS: more flags for
  // the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where its time goes.
  const nodeArgs = [...SERVER_NODE_FLAGS, ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'bin/gonghui.mjs'), 'serve'], {
    cwd: ROOT,
    env: { ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 50) lines.splice(0, lines.length - 50);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const state: { exited: number | null } = { exited: null };
  const exit = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      state.exited = code ?? (signal ? 128 : 1);
      resolve();
    }),
  );

  const stop = async () => {
    if (state.exited !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  let url: string | null = null;
  try {
    // The serve command prints its address on stdout once it listens.
    while (!url) {
      if (state.exited !== null) throw new Error(`server exited with ${state.exited}:\n${lines.join('\n')}`);
      if (Date.now() > deadline) throw new Error(`server did not start in ${timeoutMs} ms:\n${lines.join('\n')}`);
      const match = lines.map((line) => /http:\/\/127\.0\.0\.1:(\d+)/.exec(line)).find(Boolean);
      if (match) url = `http://127.0.0.1:${match[1]}`;
      else await sleep(100);
    }
    for (;;) {
      if (state.exited !== null) throw new Error(`server exited with ${state.exited}:\n${lines.join('\n')}`);
      if (Date.now() > deadline) throw new Error(`server not ready in ${timeoutMs} ms:\n${lines.join('\n')}`);
      const ready = await fetch(`${url}/api/ready`).catch(() => null);
      if (ready?.status === 200) break;
      await sleep(200);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const assertRunning = () => {
    if (state.exited !== null) throw new Error(`server exited with ${state.exited} during the run:\n${lines.join('\n')}`);
  };
  return { url, pid: child.pid ?? -1, output: () => lines.join('\n'), assertRunning, stop };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Measurement {
  label: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Percentiles in ms of the 2xx answers, exact (autocannon's own are whole milliseconds and have no p95). */
  exact: { p50: number; p95: number; p99: number };
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  /**
   * CPU time per answered request, in µs, of the processes named in the load options (from /proc):
   * a figure a busy machine moves less than req/s, since a neighbour's load lengthens the run but not
   * the work each request does. Null where /proc is not there. The load generator (autocannon, in this
   * process) shares the cores with the server: its cost per request shows what the server was up against.
   */
  cpuMicrosPerRequest: { server: number | null; postgres: number | null; loadGenerator: number };
}

export interface LoadOptions {
  label: string;
  url: string;
  connections: number;
  durationSeconds?: number;
  /**
   * Requests to send in all, instead of a duration: the run ends when the last is answered. A benchmark
   * that checks the answers against the database needs this, since a timed run drops the requests in
   * flight at its end, which the server may still carry out. Its req/s is then answers ÷ the run's time.
   */
  amount?: number;
  headers?: Record<string, string>;
  /** Paths cycled in order by every connection; without it, the url's own path. */
  paths?: readonly string[];
  /** Requests built per call (a fresh body, cookie or signature each time); takes precedence over paths. */
  requests?: autocannon.Request[];
  /** The server's pid, to measure its CPU time per request. */
  serverPid?: number;
  /**
   * Called with each answer's status and time in ms, right after the answered request's own
   * `onResponse` (autocannon calls both synchronously, in that order, on the connection that got the
   * answer): a benchmark mixing several kinds of request can file each time under its kind.
   */
  onAnswer?: (statusCode: number, ms: number) => void;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process in ms, or null when it cannot be read (no /proc, the process gone). */
export function processCpuMs(pid: number): number | null {
  try {
    // The command name (field 2) may hold spaces: the fields that follow start after its closing paren.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The CPU time in ms of every running PostgreSQL process (backends, the WAL writer, the checkpointer). */
export function postgresCpuMs(): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    const ms = processCpuMs(Number(pid));
    if (ms !== null) out.set(Number(pid), ms);
  }
  return out;
}

/** CPU ms spent by PostgreSQL between two readings; a backend that started in between counts from zero. */
export function postgresCpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let spent = 0;
  for (const [pid, ms] of after) spent += ms - (before.get(pid) ?? 0);
  return spent;
}

export async function measure(options: LoadOptions): Promise<Measurement> {
  const target = new URL(options.url);
  // The load never leaves the machine.
  if (target.hostname !== '127.0.0.1') throw new Error(`load targets 127.0.0.1 only, not ${target.hostname}`);
  if (options.amount === undefined && options.durationSeconds === undefined) throw new Error('measure: a duration or an amount');
  const requests = options.requests ?? options.paths?.map((p) => ({ method: 'GET' as const, path: p }));
  const times: number[] = [];
  const serverBefore = options.serverPid === undefined ? null : processCpuMs(options.serverPid);
  const postgresBefore = postgresCpuMs();
  const loadGeneratorBefore = process.cpuUsage();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount === undefined ? { duration: options.durationSeconds } : { amount: options.amount }),
        headers: options.headers ?? {},
        ...(requests ? { requests } : {}),
      },
      (error: unknown, done: autocannon.Result) =>
        error ? reject(error instanceof Error ? error : new Error(`autocannon: ${JSON.stringify(error)}`)) : resolve(done),
    );
    // Each answer's own time, in ms with sub-millisecond resolution; only 2xx, as autocannon counts latency.
    run.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) times.push(responseTime);
      options.onAnswer?.(statusCode, responseTime);
    });
  });
  const loadGeneratorSpent = process.cpuUsage(loadGeneratorBefore);
  const serverAfter = options.serverPid === undefined ? null : processCpuMs(options.serverPid);
  const serverSpent = serverBefore !== null && serverAfter !== null ? serverAfter - serverBefore : null;
  const postgresSpent = postgresBefore.size > 0 ? postgresCpuSpent(postgresBefore, postgresCpuMs()) : null;
  const perRequest = (ms: number | null) => (ms === null || result.requests.total === 0 ? null : (ms * 1000) / result.requests.total);
  return {
    label: options.label,
    // The per-second samples' mean, but a run by amount ends within a second: its last sample is partial.
    reqPerSec: options.amount === undefined ? result.requests.average : result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    exact: { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) },
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0])),
    cpuMicrosPerRequest: {
      server: perRequest(serverSpent),
      postgres: perRequest(postgresSpent),
      loadGenerator: perRequest((loadGeneratorSpent.user + loadGeneratorSpent.system) / 1000) ?? 0,
    },
  };
}

/**
 * One request to the server under test outside the load (a setup step, a check): its status and body.
 * `body`, when given, is sent as JSON.
 */
export async function send(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; body: string }> {
  const target = new URL(path, baseUrl);
  if (target.hostname !== '127.0.0.1') throw new Error(`requests go to 127.0.0.1 only, not ${target.hostname}`);
  const response = await fetch(target, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.text() };
}

/** The nearest-rank percentile of `values` (sorted in place); NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  values.sort((a, b) => a - b);
  const rank = Math.min(values.length, Math.max(1, Math.ceil((p / 100) * values.length)));
  return values[rank - 1] as number;
}

export function machineDescription(postgresVersion: string): string {
  const cpus = os.cpus();
  const model = (cpus[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
  const memory = (os.totalmem() / 1024 ** 3).toFixed(1);
  const postgres = /^PostgreSQL [\d.]+/.exec(postgresVersion)?.[0] ?? postgresVersion;
  return `${model}, ${cpus.length} cores, ${memory} GiB, Node ${process.version}, ${postgres}`;
}

/** The short commit, with "+dirty" when the work tree has changes: a result names the code it measured. */
export function codeVersion(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  // The results file itself changes with every run; it says nothing about the code measured.
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/RESULTS.md'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return `${head.stdout.trim()}${dirty.stdout.trim() ? '+dirty' : ''}`;
}

export const RESULTS_TITLE = `# Benchmark results

One line per run of a benchmark, appended by the benchmark itself. Numbers are only comparable within
a line: each line measures the route under test and \`/api/health\` on the same server in the same run.
`;

/**
 * Appends rows to the table of one section of a markdown results file. The section is `section`'s
 * first line (a "## …" heading) up to the next heading; the file is created with RESULTS_TITLE and the
 * section added with `section` when missing, so that benchmarks sharing the file never write into each
 * other's tables. The file is then formatted like the rest of the repository (the lint's Prettier
 * check covers it).
 */
export async function appendResult(file: string, section: string, rows: readonly (readonly (string | number)[])[]): Promise<void> {
  const heading = section.split('\n', 1)[0] ?? '';
  if (!heading.startsWith('## ')) throw new Error(`a results section starts with a "## " heading, not ${heading}`);
  let lines = (existsSync(file) ? readFileSync(file, 'utf8') : RESULTS_TITLE).replace(/\n+$/, '').split('\n');
  if (!lines.includes(heading)) lines = [...lines, '', ...section.replace(/\n+$/, '').split('\n')];
  const start = lines.indexOf(heading);
  const next = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  const end = next === -1 ? lines.length : next;
  let last = -1;
  for (let i = start; i < end; i++) if (lines[i]?.startsWith('|')) last = i;
  if (last === -1) throw new Error(`section "${heading}" of ${file} has no table`);
  const cells = rows.map((row) => `| ${row.map((cell) => String(cell).replace(/\|/g, '\\|')).join(' | ')} |`);
  lines.splice(last + 1, 0, ...cells);
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(`${lines.join('\n')}\n`, { ...options, filepath: file }));
}

export function formatTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const text = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, i) => Math.max(...text.map((row) => width(row[i] ?? ''))));
  return text.map((row) => row.map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - width(cell))).join('  ')).join('\n');
}

/** A number for a table: thousands separated, `digits` after the point, '?' when not finite. */
export const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n) ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '?';

/**
 * The runs of a paired benchmark as one table, every route's server CPU per request beside health's;
 * `statuses` adds the answers by HTTP status.
 */
export function formatRuns(runs: readonly Measurement[], options: { statuses?: boolean } = {}): string {
  const cpu = (n: number | null) => (n === null ? '—' : fmt(n));
  return formatTable(
    [
      'run',
      'req/s',
      'server CPU µs/req',
      'PostgreSQL CPU µs/req',
      'load generator CPU µs/req',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'requests',
      'non-2xx',
      'errors',
      ...(options.statuses ? ['statuses'] : []),
    ],
    runs.map((r) => [
      r.label,
      fmt(r.reqPerSec),
      cpu(r.cpuMicrosPerRequest.server),
      cpu(r.cpuMicrosPerRequest.postgres),
      fmt(r.cpuMicrosPerRequest.loadGenerator),
      fmt(r.exact.p50, 1),
      fmt(r.exact.p95, 1),
      fmt(r.exact.p99, 1),
      r.max,
      r.requests,
      r.non2xx,
      r.errors,
      ...(options.statuses ? [JSON.stringify(r.statuses)] : []),
    ]),
  );
}

// CJK characters take two columns in a terminal.
function width(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return n;
}

/**
 * Runs a benchmark's main to its exit code; a run that hangs past `watchdogMs` stops its server and
 * exits 2, so a stuck load never holds the machine.
 */
export function runBench(name: string, main: () => Promise<number>, watchdogMs: number, server: () => ServerProcess | null): void {
  const watchdog = setTimeout(() => {
    console.error(`${name} bench: still running after ${watchdogMs / 60_000} min; stopping`);
    void (server()?.stop() ?? Promise.resolve()).finally(() => process.exit(2));
  }, watchdogMs);
  watchdog.unref();
  main()
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    });
}
