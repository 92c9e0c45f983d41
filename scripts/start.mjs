#!/usr/bin/env node
// `npm start`: build the web apps if they are missing or older than their sources, then serve.
// The server runs from its TypeScript sources through tsx's loader, so there is no server build step.
import { spawnSync } from 'node:child_process';
import { SERVER_NODE_FLAGS } from '../bin/server-flags.mjs';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(root, 'dist/web/index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const stale = !existsSync(builtIndex) || newestMtime(path.join(root, 'web')) > statSync(builtIndex).mtimeMs;
if (stale) {
  console.log('building the web apps (member H5, console, partner page)…');
  const build = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, path.join(root, 'bin/gonghui.mjs'), 'serve', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(server.status ?? 1);
