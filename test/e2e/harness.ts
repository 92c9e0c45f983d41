import { appendFileSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { parseConfig } from '../../src/platform/config/config.js';
import { base32Decode, hotp, totpStep } from '../../src/platform/auth/totp.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/seed/demo.js';
import { startServer, type RunningServer } from '../../src/server.js';

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../docs/screenshots');

/**
 * A real server on a fresh embedded database (seeded with the demo tree), on a free port; `env` adds
 * settings (a local WeChat Pay and WeChat 网页授权, say).
 */
export async function startE2eServer(env: Record<string, string> = {}): Promise<RunningServer & { dataDir: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gonghui-e2e-'));
  const config = parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: '0',
    HOST: '127.0.0.1',
    GONGHUI_DATA_DIR: dataDir,
    GONGHUI_JOBS_ENABLED: 'false',
    ...env,
  });
  const server = await startServer(config, { seedIfEmpty: true });
  return {
    ...server,
    dataDir,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// This machine's network is closed: background fetches of Chromium's own only add noise.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => watch(await newContext(options));
  return browser;
}

/**
 * What a failed test leaves behind: a browser test that fails on a loaded CI host is read from its log
 * alone, so each context keeps the API answers that were not 2xx and the pages' errors, and a failure
 * prints them with what each page shows (its address and any error text on screen).
 */
const watched = new Set<{ context: BrowserContext; events: string[] }>();

function watch(context: BrowserContext): BrowserContext {
  const entry = { context, events: [] as string[] };
  watched.add(entry);
  const at = () => new Date().toISOString().slice(11, 23);
  context.on('response', (response) => {
    if (response.status() < 400 || !response.url().includes('/api/')) return;
    const request = response.request();
    void response
      .text()
      .catch(() => '')
      .then((body) => entry.events.push(`${at()} ${request.method()} ${response.url()} → ${response.status()} ${body.slice(0, 300)}`));
  });
  context.on('requestfailed', (request) =>
    entry.events.push(`${at()} ${request.method()} ${request.url()} failed: ${request.failure()?.errorText ?? ''}`),
  );
  context.on('weberror', (error) => entry.events.push(`${at()} page error: ${error.error().message}`));
  context.on('close', () => watched.delete(entry));
  return context;
}

async function reportFailure(testName: string): Promise<void> {
  const lines = [`——— browser state after the failure of "${testName}" ———`];
  for (const { context, events } of watched) {
    for (const page of context.pages()) {
      const onScreen = await page
        .locator(
          '.ant-alert-error, .ant-message-notice, .ant-form-item-explain-error, .ant-modal-title, [role="alert"], [data-testid$="-error"]',
        )
        .allInnerTexts()
        .catch((error: unknown) => [`(unreadable: ${String(error)})`]);
      lines.push(`page ${page.url()}`, ...onScreen.map((text) => `  on screen: ${text.replace(/\s+/g, ' ').slice(0, 200)}`));
    }
    lines.push(...events.map((event) => `  ${event}`));
  }
  console.error(lines.join('\n'));
  // Also kept apart: CI prints this file after a red browser suite, where the log's tail would cut it off.
  mkdirSync(path.dirname(FAILURE_LOG), { recursive: true });
  appendFileSync(FAILURE_LOG, `${lines.join('\n')}\n\n`);
}

export const FAILURE_LOG = path.resolve(import.meta.dirname, '../../test-results/e2e-failures.log');

export async function phoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: { width: 375, height: 667 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    userAgent:
      'Mozilla/5.0 (Linux; Android 10; V2031A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.99 Mobile Safari/537.36 MicroMessenger/8.0.40',
  });
}

export async function desktopContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
}

/** Screenshots for the docs are taken when SCREENSHOTS=1 (they are committed under docs/screenshots). */
export async function screenshot(page: Page, name: string, options: { settleMs?: number } = {}): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  // Toasts and transitions fade on their own; the picture should show the page, not the fade.
  if (options.settleMs) await page.waitForTimeout(options.settleMs);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

/** Signs a demo staff account in to the console (password, then the demo TOTP) and waits for the console. */
export async function consoleSignIn(page: Page, username: string): Promise<void> {
  const id = (testId: string) => `[data-testid="${testId}"]`;
  await page.goto('/console/');
  await page.fill(id('sign-in-username'), username);
  await page.fill(id('sign-in-password'), DEMO_PASSWORD);
  await page.click(id('sign-in-submit'));
  await page.fill(id('totp-code'), await freshTotpCode(username));
  await page.click(id('totp-submit'));
  await page.locator(id('console-user-name')).waitFor();
}

// A TOTP code is good once per account: a second sign-in of the same account in one test file uses a
// later step (the server accepts one step early), waiting for the clock when even that one is used.
const lastTotpSteps = new Map<string, number>();
async function freshTotpCode(username: string): Promise<string> {
  const step = Math.max(totpStep(new Date()), (lastTotpSteps.get(username) ?? 0) + 1);
  while (step > totpStep(new Date()) + 1) await new Promise((resolve) => setTimeout(resolve, 1_000));
  lastTotpSteps.set(username, step);
  return hotp(base32Decode(DEMO_TOTP_SECRET), step);
}

export type E2eServer = Awaited<ReturnType<typeof startE2eServer>>;

/**
 * A real server and a Chromium for one test file (or block), started before its tests and stopped after
 * them. `env` is read when the server starts, after the hooks registered before this call have run.
 */
export function useBrowserAndServer(env: () => Record<string, string> = () => ({})): {
  readonly server: E2eServer;
  readonly browser: Browser;
} {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startE2eServer(env());
    browser = await launchChromium();
  });
  beforeEach((context) => {
    context.onTestFailed(() => reportFailure(context.task.name));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('server not started yet');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('browser not started yet');
      return browser;
    },
  };
}

/** A phone browser signed in to the H5 through the API, its code read from the development inbox. */
export async function signedInPhone(browser: Browser, url: string, phone: string): Promise<BrowserContext> {
  const context = await phoneContext(browser, url);
  expect((await context.request.post('/api/member/auth/sms-codes', { data: { phone } })).status()).toBe(200);
  const inbox = (await (await context.request.get('/api/dev/sms-inbox')).json()) as { items: { phone: string; text: string }[] };
  const code = /验证码为\s*(\d{6})/.exec(inbox.items.find((m) => m.phone === phone)?.text ?? '')?.[1] ?? '';
  expect((await context.request.post('/api/member/auth/sign-in', { data: { phone, code } })).status()).toBe(200);
  return context;
}
