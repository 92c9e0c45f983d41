#!/usr/bin/env node
// `npm run test:e2e`: build the web apps, then drive Debian's Chromium through playwright-core
// against a real server on a fresh embedded database.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`test:e2e needs Chromium at ${chromium} (Debian: apt-get install -y chromium), or set CHROMIUM_PATH.`);
  process.exit(1);
}
const build = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
