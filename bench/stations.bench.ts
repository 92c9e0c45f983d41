// Load benchmark: the nearest rest stations for a rider (issue 17), among 100,000 stations across the
// country, on PostgreSQL and on the embedded PGlite. Target, on each engine: the nearest 10 with
// filters, p95 < 20 ms and ≥ 50% of /api/health's requests/s — the median of three paired rounds,
// each route's server CPU per request printed beside health's. The server answers from its in-memory
// index (ADR 0016): the run waits until it does, and weighs the index (memory, load time) in this
// process. Before and after the load every kind of query is checked against the stations ranked by
// distance in this process, and must come from the index; a wrong answer fails the run.
// Exit code 1 when a target misses or an answer is wrong.
// Run: npm run bench:stations [-- --engine postgres|pglite] [-- --stations N: a smaller run, not recorded] [-- --keep]
//      (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { sql } from 'drizzle-orm';
// The installation's module list, as main.ts installs it: the modules' services read role names and messages from it.
import '../src/modules.js';
import { parseConfig } from '../src/platform/config/config.js';
import { createPlatform } from '../src/platform/bootstrap.js';
import { openDatabase, type Database } from '../src/platform/db/client.js';
import { queryRows } from '../src/platform/db/tx.js';
import { distanceMeters, type LngLat } from '../src/platform/geo/coords.js';
import { seedDemo } from '../src/seed/demo.js';
import { isOpenAt, openStationIndex, weekSpans, type OpeningHours } from '#modules/stations';
import {
  DEFAULT_ADMIN_URL,
  ROOT,
  appendResult,
  codeVersion,
  dropDatabase,
  fmt,
  formatRuns,
  machineDescription,
  measure,
  recreateDatabase,
  redactUrl,
  startServerProcess,
  type Measurement,
  type ServerProcess,
  runBench,
  sleep,
} from './harness.js';

const DB_NAME = 'gonghui_bench_stations';
const STATIONS = 100_000;
const CONNECTIONS = 10;
const WARMUP_SECONDS = 3;
const MEASURE_SECONDS = 10;
const ROUNDS = 3;
const TARGET_P95_MS = 20;
const TARGET_RATIO = 0.5;
const QUERY_POINTS = 200;
// How long the server may take to load its index after the first search (it answers from the database meanwhile).
const INDEX_LOAD_TIMEOUT_MS = 5 * 60_000;
const WATCHDOG_MS = 20 * 60_000;
const RESULTS_FILE = path.join(ROOT, 'bench/RESULTS.md');
const RESULTS_SECTION = `## stations — \`npm run bench:stations\`

A rider's nearest-station search among 100,000 stations spread over the populated part of the country
(\`GET /api/member/stations/nearest\`, limit 10), round-robin over 200 riders' positions and four kinds
of query: no filter, a microwave, open now, and a battery-swap cabinet open now (a tenth of the
stations have one). Paired with \`/api/health\` on the same server, three rounds of 10 s each at 10
connections. Target: nearest p95 < 20 ms and ≥ 50 % of health's req/s, on PostgreSQL and on PGlite
(ADR 0016). The server answers from its in-memory index (the run waits for its load after the first
search); before and after the load, every kind of query at 20 positions equals the stations ranked by
distance in the benchmark's own process and comes from the index. Figures are the medians of the
three rounds; "index" is the index weighed in the benchmark's own process (heap and buffers after a
full collection) and its load time there, then the server's own load time (first search to first answer
from memory) and its resident memory before and after.

| date | machine | stations | measured | commit |
| ---- | ------- | -------- | -------- | ------ |`;

// Where riders and stations are: the populated east and centre, most of the country's stations.
const BOX = { lng: [102, 122], lat: [22, 41] } as const;
const KINDS = ['', '&amenity=microwave', '&openNow=true', '&amenity=battery_swap&openNow=true'] as const;

let runningServer: ServerProcess | null = null;

/** A fixed sequence of pseudo-random numbers: the same stations and riders in every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Placed {
  id: string;
  lng: number;
  lat: number;
  amenities: string[];
  hours: OpeningHours;
  amenityHours: Record<string, OpeningHours>;
}

async function main(): Promise<number> {
  const started = Date.now();
  const log = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
  const { values } = parseArgs({
    options: { engine: { type: 'string' }, stations: { type: 'string' }, keep: { type: 'boolean', default: false } },
  });
  const engines = values.engine ? [values.engine] : ['postgres', 'pglite'];
  if (engines.some((e) => e !== 'postgres' && e !== 'pglite')) throw new Error('--engine is postgres or pglite');
  const count = values.stations ? Number(values.stations) : STATIONS;
  const recorded = count === STATIONS;
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  let failed = false;

  for (const engine of engines) {
    log(`${engine}: ${fmt(count)} stations`);
    const dataDir = engine === 'pglite' ? mkdtempSync(path.join(os.tmpdir(), 'gonghui-bench-stations-')) : null;
    const url = engine === 'postgres' ? await recreateDatabase(adminUrl, DB_NAME) : null;
    const { DATABASE_URL: _ignored, ...callerEnv } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...callerEnv,
      NODE_ENV: 'development',
      GONGHUI_JOBS_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      ...(url ? { DATABASE_URL: url } : { GONGHUI_DATA_DIR: dataDir as string }),
    };
    try {
      const { placed, postgresVersion, weighed } = await prepare(env, count, log);
      log(`seeded on ${url ? redactUrl(url) : dataDir}; ${weighed}; starting the server`);
      const server = await startServerProcess(env, 180_000);
      runningServer = server;
      try {
        const riders = riderPoints();
        const paths = riders.map((p, i) => `/api/member/stations/nearest?lng=${p.lng}&lat=${p.lat}&limit=10${KINDS[i % KINDS.length]}`);
        const served = await waitForIndex(server, paths[0] as string, log);
        const wrong = await verify(server.url, riders, placed);
        for (const w of wrong) log(`WRONG ANSWER: ${w}`);
        if (wrong.length === 0) log('every kind of query at 20 positions equals the ranking by distance here, from the index');

        const checked = async (run: Promise<Measurement>) => {
          const result = await run;
          server.assertRunning();
          return result;
        };
        const health = (seconds: number, label: string) =>
          checked(
            measure({ label, url: `${server.url}/api/health`, connections: CONNECTIONS, durationSeconds: seconds, serverPid: server.pid }),
          );
        const nearest = (seconds: number, label: string) =>
          checked(measure({ label, url: server.url, connections: CONNECTIONS, durationSeconds: seconds, paths, serverPid: server.pid }));
        await health(WARMUP_SECONDS, 'warm-up health');
        await nearest(WARMUP_SECONDS, 'warm-up nearest');
        const runs: Measurement[] = [];
        // The machine is shared: its load says how far the figures are the routes' own.
        const loadAtStart = os.loadavg()[0] ?? 0;
        for (let round = 1; round <= ROUNDS; round++) {
          log(
            `round ${round}: health, then nearest (${MEASURE_SECONDS} s each, ${CONNECTIONS} connections; load average ${(os.loadavg()[0] ?? 0).toFixed(1)})`,
          );
          runs.push(await health(MEASURE_SECONDS, `health #${round}`));
          runs.push(await nearest(MEASURE_SECONDS, `nearest #${round}`));
        }
        console.log(formatRuns(runs));
        const wrongAfter = await verify(server.url, riders, placed);
        for (const w of wrongAfter) log(`WRONG ANSWER after the load: ${w}`);
        wrong.push(...wrongAfter);

        const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
        const of = (prefix: string) => runs.filter((r) => r.label.startsWith(prefix));
        const ratios = of('nearest').map((r, i) => r.reqPerSec / (of('health')[i] as Measurement).reqPerSec);
        const ratio = median(ratios);
        const p95 = median(of('nearest').map((r) => r.exact.p95));
        const cpu = (prefix: string) => median(of(prefix).map((r) => r.cpuMicrosPerRequest.server ?? Number.NaN));
        const pgCpu = median(of('nearest').map((r) => r.cpuMicrosPerRequest.postgres ?? Number.NaN));
        const clean = runs.every((r) => r.non2xx === 0 && r.errors === 0);
        const misses = [
          ...(p95 < TARGET_P95_MS ? [] : ['p95']),
          ...(ratio >= TARGET_RATIO ? [] : ['ratio']),
          ...(clean ? [] : ['non-2xx/errors']),
          ...(wrong.length === 0 ? [] : ['wrong answers']),
        ];
        const verdict = misses.length === 0 ? 'PASS' : `FAIL (${misses.join(', ')})`;
        failed ||= misses.length > 0;
        const line =
          `${engine}: nearest ${fmt(median(of('nearest').map((r) => r.reqPerSec)))} req/s = ${(ratio * 100).toFixed(0)}% of health ` +
          `(${fmt(median(of('health').map((r) => r.reqPerSec)))} req/s); p95 ${p95.toFixed(1)} ms; server CPU ${fmt(cpu('nearest'))} µs/req ` +
          `against health's ${fmt(cpu('health'))}` +
          (engine === 'postgres' ? `, PostgreSQL ${fmt(pgCpu)} µs/req` : '') +
          ` (rounds' ratios ${ratios.map((r) => `${(r * 100).toFixed(0)}%`).join(', ')}); index: ${weighed}, ${served} — ${verdict}`;
        log(line);
        if (recorded) {
          await appendResult(RESULTS_FILE, RESULTS_SECTION, [
            [
              new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
              `${machineDescription(postgresVersion)}, load ${loadAtStart.toFixed(1)} at start`,
              `${fmt(count)} stations`,
              line,
              codeVersion(),
            ],
          ]);
          log('appended to bench/RESULTS.md');
        } else log('a smaller run: not recorded');
      } finally {
        await server.stop();
        runningServer = null;
      }
    } finally {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (url && !values.keep) await dropDatabase(adminUrl, DB_NAME);
    }
  }
  return failed ? 1 : 0;
}

/** Migrates, seeds the demo tree, and places the stations by SQL; returns them for the checks. */
async function prepare(
  env: NodeJS.ProcessEnv,
  count: number,
  log: (m: string) => void,
): Promise<{ placed: Placed[]; postgresVersion: string; weighed: string }> {
  const config = parseConfig(env);
  const database: Database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl, poolSize: 4 } : { dataDir: config.dataDir },
  );
  try {
    await database.migrate();
    const demo = await seedDemo(createPlatform(config, database), database, { modules: false });
    const next = random(17);
    const placed: Placed[] = [];
    const twelveHours: OpeningHours = {
      alwaysOpen: false,
      days: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ opens: '08:00', closes: '20:00' }]])),
    };
    for (let i = 0; i < count; i++) {
      const amenities = ['water', 'rest', 'charging'];
      if (next() < 1 / 3) amenities.push('microwave');
      const swap = next() < 0.1;
      if (swap) amenities.push('battery_swap');
      const hours: OpeningHours = next() < 0.3 ? { alwaysOpen: true } : twelveHours;
      placed.push({
        id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
        lng: BOX.lng[0] + next() * (BOX.lng[1] - BOX.lng[0]),
        lat: BOX.lat[0] + next() * (BOX.lat[1] - BOX.lat[0]),
        amenities,
        hours,
        amenityHours: swap ? { battery_swap: { alwaysOpen: true } } : {},
      });
    }
    // Written a few thousand at a time (PGlite takes one statement at a time into its memory).
    const org = demo.keqiao.id;
    for (let from = 0; from < placed.length; from += 2_000) {
      const batch = placed.slice(from, from + 2_000);
      await database.db.execute(
        sql`insert into station (id, org_id, name, kind, address, region_code, lng, lat, hours, amenity_hours, amenities)
            select (s->>'id')::uuid, ${org}::uuid, '驿站 ' || (s->>'n'), 'staff_station', '测试地址', '330603',
                   (s->>'lng')::float8, (s->>'lat')::float8, s->'hours', s->'amenityHours',
                   array(select jsonb_array_elements_text(s->'amenities'))
              from jsonb_array_elements(${JSON.stringify(batch.map((p, i) => ({ ...p, n: from + i })))}::jsonb) s`,
      );
      await database.db.execute(
        // The openings as the service writes them: the module's own spans of each week.
        sql`insert into station_opening (station_id, amenity, start_minute, end_minute)
            select (o->>0)::uuid, o->>1, (o->>2)::int, (o->>3)::int
              from jsonb_array_elements(${JSON.stringify(batch.flatMap(openingsOf))}::jsonb) o`,
      );
      if ((from / 2_000) % 10 === 9) log(`  ${fmt(from + batch.length)} stations`);
    }
    await database.db.execute(sql`analyze station`);
    await database.db.execute(sql`analyze station_opening`);
    const [version] = await queryRows<{ version: string }>(database.db, sql`select version() as version`);
    const weighed = await weighIndex(database);
    log(`the index, weighed here: ${weighed}`);
    return { placed, postgresVersion: version?.version ?? 'PostgreSQL ?', weighed };
  } finally {
    await database.close();
  }
}

/** [station, amenity, start, end] of each opening: the station's (''), then each amenity's with hours of its own. */
function openingsOf(p: Placed): [string, string, number, number][] {
  const spans = (amenity: string, hours: OpeningHours) =>
    weekSpans(hours).map(([start, end]): [string, string, number, number] => [p.id, amenity, start, end]);
  return [...spans('', p.hours), ...Object.entries(p.amenityHours).flatMap(([amenity, hours]) => spans(amenity, hours))];
}

/**
 * Loads an index of the stations in this process, as a server does on its first search, and weighs it:
 * heap and buffers after a full collection, against before; its load time and longest step.
 */
async function weighIndex(database: Database): Promise<string> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const heap = () => {
    gc();
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = heap();
  const index = openStationIndex(database.db);
  try {
    await index.load();
    const load = index.lastLoad;
    if (!load) throw new Error('the index did not load');
    const bytes = heap() - before;
    return (
      `${fmt(load.stations)} stations in ${fmt(bytes / 2 ** 20, 1)} MiB (of which JSON ${fmt(load.jsonBytes / 2 ** 20, 1)}), ` +
      `loaded in ${fmt(load.ms / 1000, 1)} s in ${fmt(load.pages)} pages of ${fmt(load.medianStepMs)} ms (median; longest ${fmt(load.longestStepMs)} ms)`
    );
  } finally {
    index.dispose();
  }
}

/** Resident memory of a process in bytes (from /proc), or NaN. */
function rssOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * Asks the server its first search (which starts the load of its index) and then until an answer
 * comes from memory; returns how long that took and the server's resident memory before and after.
 */
async function waitForIndex(server: ServerProcess, path: string, log: (m: string) => void): Promise<string> {
  const rssBefore = rssOf(server.pid);
  const began = Date.now();
  for (;;) {
    const response = await fetch(`${server.url}${path}`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`the nearest search answered ${response.status}`);
    if (response.headers.get('x-stations-source') === 'memory') break;
    if (Date.now() - began > INDEX_LOAD_TIMEOUT_MS) throw new Error('the server did not answer from its index in time');
    server.assertRunning();
    await sleep(100);
  }
  const served = `server: from memory ${fmt((Date.now() - began) / 1000, 1)} s after its first search, RSS ${fmt(rssBefore / 2 ** 20)} → ${fmt(rssOf(server.pid) / 2 ** 20)} MiB`;
  log(served);
  return served;
}

function riderPoints(): LngLat[] {
  const next = random(29);
  return Array.from({ length: QUERY_POINTS }, () => ({
    lng: Number((BOX.lng[0] + next() * (BOX.lng[1] - BOX.lng[0])).toFixed(6)),
    lat: Number((BOX.lat[0] + next() * (BOX.lat[1] - BOX.lat[0])).toFixed(6)),
  }));
}

/** The first 20 riders with every kind of query, against the stations ranked by distance here. */
async function verify(baseUrl: string, riders: readonly LngLat[], placed: readonly Placed[]): Promise<string[]> {
  const wrong: string[] = [];
  // The route reads the server's clock, the same machine's: "open now" is checked against this moment
  // (seven in ten stations keep 08:00–20:00, so the filter keeps all or three in ten by the hour).
  const now = new Date();
  for (const rider of riders.slice(0, 20)) {
    for (const kind of KINDS) {
      const amenity = /amenity=(\w+)/.exec(kind)?.[1];
      const openNow = kind.includes('openNow');
      const want = placed
        .filter((s) => !amenity || s.amenities.includes(amenity))
        .filter((s) => !openNow || isOpenAt((amenity && s.amenityHours[amenity]) || s.hours, now))
        .map((s) => ({ id: s.id, d: distanceMeters(rider, s) }))
        .sort((a, b) => a.d - b.d)
        .slice(0, 10);
      const response = await fetch(`${baseUrl}/api/member/stations/nearest?lng=${rider.lng}&lat=${rider.lat}&limit=10${kind}`);
      const body = (await response.json()) as { items: { id: string; distanceM: number }[] };
      if (response.status !== 200) {
        wrong.push(`${kind || 'no filter'} at ${rider.lng},${rider.lat}: HTTP ${response.status}`);
        continue;
      }
      if (response.headers.get('x-stations-source') !== 'memory') {
        wrong.push(
          `${kind || 'no filter'} at ${rider.lng},${rider.lat}: answered from the ${response.headers.get('x-stations-source')}, not the index`,
        );
      }
      const got = body.items.map((s) => s.id);
      if (got.join() !== want.map((s) => s.id).join()) {
        wrong.push(
          `${kind || 'no filter'} at ${rider.lng},${rider.lat}: got ${got.slice(0, 3).join(',')}…, want ${want
            .slice(0, 3)
            .map((s) => s.id)
            .join(',')}…`,
        );
      }
    }
  }
  return wrong;
}

runBench('stations', main, WATCHDOG_MS, () => runningServer);
