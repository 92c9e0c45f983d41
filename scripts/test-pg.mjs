#!/usr/bin/env node
// `npm run test:pg`: the same Vitest suite on PostgreSQL. Uses TEST_DATABASE_URL, or the local server
// (postgres://postgres@127.0.0.1:5432/postgres) when it answers; fails loudly when there is none.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
try {
  await client.connect();
  const { rows } = await client.query('show server_version_num');
  if (Number(rows[0].server_version_num) < 150000) throw new Error(`PostgreSQL 15+ needed, found ${rows[0].server_version_num}`);
  await client.end();
} catch (error) {
  console.error(`test:pg needs a PostgreSQL 15+ at ${url.replace(/:[^:@/]*@/, ':***@')}: ${error.message}`);
  console.error('Set TEST_DATABASE_URL, or start the local server (see README, "PostgreSQL").');
  process.exit(1);
}
const run = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: url } });
process.exit(run.status ?? 1);
