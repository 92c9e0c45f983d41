import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { parseConfig } from '../../src/platform/config/config.js';
import { startServer, type RunningServer } from '../../src/server.js';

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../docs/screenshots');

/** A real server on a fresh embedded database (seeded with the demo tree), on a free port. */
export async function startE2eServer(): Promise<RunningServer & { dataDir: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gonghui-e2e-'));
  const config = parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: '0',
    HOST: '127.0.0.1',
    GONGHUI_DATA_DIR: dataDir,
    GONGHUI_JOBS_ENABLED: 'false',
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

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    // This machine's network is closed: background fetches of Chromium's own only add noise.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

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
