// Browser benchmark: the member H5's sign-in page on a cheap phone over a slow 4G link, cold cache.
// Targets (issue 13, point 18): the sign-in page visible in < 2.5 s, first-load transfer < 200 kB
// (median of three runs). Exit code 1 when it misses.
// Run: npm run bench:h5   (CHROMIUM_PATH, default /usr/bin/chromium)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS as E2E_CHROMIUM_ARGS } from '../test/e2e/harness.js';
import { ROOT, appendResult, codeVersion, formatTable, runBench, startServerProcess, type ServerProcess } from './harness.js';

const RUNS = 3;
const TARGET_VISIBLE_MS = 2500;
const TARGET_TRANSFER_BYTES = 200_000;
// The phone: a 360×740 screen, its CPU four times slower than this machine's core.
const VIEWPORT = { width: 360, height: 740 };
const CPU_SLOWDOWN = 4;
// Chromium's "slow 4G"-like profile: 150 ms added to every request, 1.6 Mbit/s down, 750 kbit/s up.
const NETWORK = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 };
// What the page shows once the sign-in page is usable: its phone number input.
const VISIBLE_SELECTOR = '[data-testid="member-phone"]';
// After the element is visible, the page counts as loaded once no request has been in flight this long.
const QUIET_MS = 1000;
// Runs in the page before its own scripts (the benchmark's tsconfig has no DOM types, hence a string).
// Records, in the page's clock (ms since navigation start), the start of the animation frame in which
// the element is first in the layout with a size: the frame that paints it.
const VISIBLE_PROBE = `(() => {
  const check = () => {
    const element = document.querySelector(${JSON.stringify(VISIBLE_SELECTOR)});
    if (!element) return false;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(element).visibility === 'hidden') return false;
    requestAnimationFrame((frameStart) => { window.__ghVisibleAt ??= frameStart; });
    return true;
  };
  new MutationObserver((records, observer) => { if (check()) observer.disconnect(); })
    .observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-testid', 'class', 'style'] });
})();`;
const RUN_TIMEOUT_MS = 60_000;
const WATCHDOG_MS = 10 * 60_000;
const CHROMIUM_ARGS = ['--headless', ...E2E_CHROMIUM_ARGS];
const USER_AGENT =
  'Mozilla/5.0 (Linux; Android 10; V2031A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.99 Mobile Safari/537.36 MicroMessenger/8.0.40';
const RESULTS_FILE = path.join(ROOT, 'bench/RESULTS.md');
const RESULTS_SECTION = `## h5 — \`npm run bench:h5\`

The member H5's sign-in page as a worker's cheap phone first opens it: Chromium at 360×740 with the CPU
slowed 4× (\`Emulation.setCPUThrottlingRate\`) and a slow 4G link (\`Network.emulateNetworkConditions\`:
150 ms latency, 1.6 Mbit/s down, 750 kbit/s up), a new browser each run (cold cache), the real server on
a fresh embedded database. Targets: the sign-in page visible in < 2.5 s, first-load transfer < 200 kB
(median of three runs). See \`bench/README.md\`.

- **visible**: from navigation start to the frame in which the phone input is first on screen (ms; median, then the three runs).
- **first paint**: first-contentful-paint of the median run (ms).
- **transfer**: bytes received for every request of the first load (\`encodedDataLength\` of each
  \`Network.loadingFinished\`, headers included) until the network is quiet for 1 s after the page is visible, in kB (1,000 bytes).
- **requests**: how many requests that first load made; **largest**: the biggest of them, as transferred.
- **result**: PASS when visible < 2,500 ms and transfer < 200 kB; otherwise FAIL with what missed.
- **commit**: the code measured (\`+dirty\`: with uncommitted changes to tracked files).

| date | machine | visible ms | first paint ms | transfer kB | requests | largest | result | commit |
| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- |
`;

interface Resource {
  url: string;
  bytes: number;
  encoding: string;
  status: number;
  /** When the request was sent and when its last byte arrived, in ms after the page's own request was sent. */
  startMs: number;
  endMs: number;
}

interface Run {
  visibleMs: number;
  firstPaintMs: number | null;
  bytes: number;
  resources: Resource[];
}

let runningServer: ServerProcess | null = null;

async function main(): Promise<number> {
  const started = Date.now();
  const log = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);

  buildIfNeeded(log);
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`bench:h5 needs Chromium at ${executablePath} (Debian: apt-get install -y chromium), or set CHROMIUM_PATH`);
  }

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gonghui-bench-h5-'));
  // The embedded database as `npm start` makes it; a DATABASE_URL of the caller's must not leak in.
  const { DATABASE_URL: _ignored, ...callerEnv } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...callerEnv,
    NODE_ENV: 'development',
    GONGHUI_DATA_DIR: dataDir,
    GONGHUI_JOBS_ENABLED: 'false',
    LOG_LEVEL: 'warn',
  };
  try {
    log(`first start of the server on a fresh embedded database in ${dataDir}`);
    const server = await startServerProcess(env, 180_000);
    runningServer = server;
    log(`server pid ${server.pid} at ${server.url}`);
    let chromiumVersion = '';
    const runs: Run[] = [];
    try {
      for (let i = 1; i <= RUNS; i++) {
        const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
        chromiumVersion = browser.version();
        try {
          const run = await measureSignIn(browser, server.url);
          server.assertRunning();
          runs.push(run);
          log(
            `run ${i}: visible ${Math.round(run.visibleMs)} ms, first paint ${fmtMs(run.firstPaintMs)} ms, ${kB(run.bytes)} kB in ${run.resources.length} requests`,
          );
        } finally {
          await browser.close();
        }
      }
    } finally {
      await server.stop();
      runningServer = null;
    }

    const median = [...runs].sort((a, b) => a.visibleMs - b.visibleMs)[Math.floor(runs.length / 2)] as Run;
    const medianBytes = [...runs.map((r) => r.bytes)].sort((a, b) => a - b)[Math.floor(runs.length / 2)] as number;
    console.log('');
    console.log(
      formatTable(
        ['run', 'visible ms', 'first paint ms', 'transfer kB', 'requests'],
        runs.map((r, i) => [i + 1, Math.round(r.visibleMs), fmtMs(r.firstPaintMs), kB(r.bytes), r.resources.length]),
      ),
    );
    console.log('');
    console.log('requests of the median run, in the order they were sent (ms after the page was requested):');
    console.log(
      formatTable(
        ['url', 'status', 'encoding', 'kB', 'sent', 'done'],
        [...median.resources]
          .sort((a, b) => a.startMs - b.startMs)
          .map((r) => [shortUrl(r.url, server.url), r.status, r.encoding, kB(r.bytes), Math.round(r.startMs), Math.round(r.endMs)]),
      ),
    );

    const misses = [
      ...(median.visibleMs < TARGET_VISIBLE_MS ? [] : ['visible']),
      ...(medianBytes < TARGET_TRANSFER_BYTES ? [] : ['transfer']),
    ];
    const result = misses.length === 0 ? 'PASS' : `FAIL (${misses.join(', ')})`;
    const largest = [...median.resources].sort((a, b) => b.bytes - a.bytes)[0];
    const row = [
      new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      `${machine()}, Chromium ${chromiumVersion}, load ${os.loadavg()[0]?.toFixed(1) ?? '?'} at start`,
      `${Math.round(median.visibleMs)} (${runs.map((r) => Math.round(r.visibleMs)).join(', ')})`,
      fmtMs(median.firstPaintMs),
      `${kB(medianBytes)} (${runs.map((r) => kB(r.bytes)).join(', ')})`,
      median.resources.length,
      largest ? `${shortUrl(largest.url, server.url)} ${kB(largest.bytes)} kB ${largest.encoding}` : '—',
      result,
      codeVersion(),
    ];
    await appendResult(RESULTS_FILE, RESULTS_SECTION, [row]);
    console.log('');
    console.log(
      `sign-in page visible: median ${Math.round(median.visibleMs)} ms (target < ${TARGET_VISIBLE_MS}); ` +
        `first-load transfer: median ${kB(medianBytes)} kB (target < ${kB(TARGET_TRANSFER_BYTES)}) → ${result}`,
    );
    console.log(`appended to ${path.relative(ROOT, RESULTS_FILE)}`);
    return misses.length === 0 ? 0 : 1;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One cold load of `/` (which lands on the sign-in page) in a new browser, throttled as a cheap phone on slow 4G. */
async function measureSignIn(browser: Browser, baseUrl: string): Promise<Run> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    userAgent: USER_AGENT,
  });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: VISIBLE_PROBE });

    const cdp = await context.newCDPSession(page);
    const inFlight = new Set<string>();
    const resources = new Map<string, Resource>();
    let lastActivity = Date.now();
    // CDP timestamps are seconds on a monotonic clock; the first request (the document) is time zero.
    let zero: number | null = null;
    const since = (timestamp: number) => (timestamp - (zero ??= timestamp)) * 1000;
    cdp.on('Network.requestWillBeSent', (event) => {
      inFlight.add(event.requestId);
      const startMs = since(event.timestamp);
      resources.set(event.requestId, { url: event.request.url, bytes: 0, encoding: '—', status: 0, startMs, endMs: startMs });
      lastActivity = Date.now();
    });
    cdp.on('Network.responseReceived', (event) => {
      const resource = resources.get(event.requestId);
      if (!resource) return;
      const headers = Object.fromEntries(Object.entries(event.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
      resource.status = event.response.status;
      resource.encoding = headers['content-encoding'] ?? 'none';
    });
    cdp.on('Network.loadingFinished', (event) => {
      const resource = resources.get(event.requestId);
      if (resource) {
        resource.bytes = event.encodedDataLength;
        resource.endMs = since(event.timestamp);
      }
      inFlight.delete(event.requestId);
      lastActivity = Date.now();
    });
    cdp.on('Network.loadingFailed', (event) => {
      inFlight.delete(event.requestId);
      lastActivity = Date.now();
    });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });

    await page.goto(`${baseUrl}/`, { waitUntil: 'commit', timeout: RUN_TIMEOUT_MS });
    await page.waitForFunction('window.__ghVisibleAt !== undefined', undefined, { timeout: RUN_TIMEOUT_MS, polling: 100 });
    const visibleMs = await page.evaluate<number>('window.__ghVisibleAt');
    const firstPaintMs = await page.evaluate<number | null>("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null");
    // Whatever the page fetches once it shows (its lazy parts, the API calls it makes) is part of the first load.
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    while (inFlight.size > 0 || Date.now() - lastActivity < QUIET_MS) {
      if (Date.now() > deadline) throw new Error(`the network did not settle: ${[...inFlight].length} requests in flight`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const list = [...resources.values()].filter((r) => r.url.startsWith('http'));
    return { visibleMs, firstPaintMs, bytes: list.reduce((sum, r) => sum + r.bytes, 0), resources: list };
  } finally {
    await context.close();
  }
}

/** Builds the web apps when dist/web is missing or older than any file under web/ (as `npm start` does). */
function buildIfNeeded(log: (message: string) => void): void {
  const builtIndex = path.join(ROOT, 'dist/web/index.html');
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.name !== 'node_modules' && !entry.name.startsWith('.'))
      .reduce((max, entry) => {
        const full = path.join(dir, entry.name);
        return Math.max(max, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
      }, 0);
  if (existsSync(builtIndex) && newest(path.join(ROOT, 'web')) <= statSync(builtIndex).mtimeMs) {
    log('dist/web is up to date');
    return;
  }
  log('building the web apps (npm run build:web)');
  const build = spawnSync('npm', ['run', 'build:web', '--', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build:web exited with ${build.status ?? 'a signal'}`);
}

function machine(): string {
  const cpus = os.cpus();
  const model = (cpus[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
  return `${model}, ${cpus.length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB, Node ${process.version}`;
}

const kB = (bytes: number) => (bytes / 1000).toFixed(1);
const fmtMs = (ms: number | null) => (ms === null ? '—' : String(Math.round(ms)));
const shortUrl = (url: string, base: string) => (url.startsWith(base) ? url.slice(base.length) || '/' : url);

runBench('h5', main, WATCHDOG_MS, () => runningServer);
