import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/platform/db/client.js';
import { MIGRATIONS_DIR } from '../../src/platform/paths.js';

// Several checkouts may test against one PostgreSQL server at once: each sets its own prefix, and the
// teardown drops only the databases under it.
export const TEST_DB_PREFIX = process.env.TEST_DATABASE_PREFIX ?? 'gonghui_test';
export const TEMPLATE_DB = `${TEST_DB_PREFIX}_template`;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

interface PgliteClient {
  exec(script: string): Promise<unknown>;
  dumpDataDir(compression: 'none'): Promise<Blob>;
}

/** A migrated PGlite data directory, as a tarball. */
export async function makePgliteImage(): Promise<Buffer> {
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    await database.migrate();
    const client = (database.db as unknown as { $client: PgliteClient }).$client;
    // A checkpoint first, so a database loaded from the image has no WAL to replay.
    await client.exec('checkpoint');
    return Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer());
  } finally {
    await database.close();
  }
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const IMAGE_CACHE = path.join(ROOT, 'node_modules/.cache/gonghui-test');

/**
 * The migrated image's file, made when the migrations, PGlite or the way the database is opened have
 * changed since the last run (the file's name is a hash of them), else the one made then.
 */
async function pgliteImageFile(): Promise<string> {
  const hash = createHash('sha256');
  for (const name of readdirSync(MIGRATIONS_DIR, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = path.join(MIGRATIONS_DIR, name);
    if (/\.(sql|json)$/.test(name)) hash.update(name).update(readFileSync(file));
  }
  hash.update(readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json')));
  hash.update(readFileSync(path.join(ROOT, 'src/platform/db/client.ts')));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  const file = path.join(IMAGE_CACHE, `pglite-${hash.digest('hex').slice(0, 16)}.tar`);
  if (existsSync(file)) return file;
  mkdirSync(IMAGE_CACHE, { recursive: true });
  // Written aside and renamed: another checkout's run may be making the same file at the same time.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, await makePgliteImage());
  renameSync(partial, file);
  // Images of earlier migrations, once no run can still be reading them.
  for (const old of readdirSync(IMAGE_CACHE)) {
    const stale = path.join(IMAGE_CACHE, old);
    if (stale !== file && Date.now() - statSync(stale).mtimeMs > 86_400_000) rmSync(stale, { force: true });
  }
  return file;
}

/**
 * Migrate once per run: on PGlite, one database whose data directory every test database is then
 * loaded from (pglite-image.ts); on PostgreSQL, one template database each test file gets a fresh
 * copy of (CREATE DATABASE … TEMPLATE). Files never share state and never need cleaning up after.
 */
export async function setup(project: TestProject): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    project.provide('pgliteImage', await pgliteImageFile());
    return;
  }
  project.provide('pgliteImage', '');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [TEMPLATE_DB]);
    await admin.query(`drop database if exists ${TEMPLATE_DB}`);
    await admin.query(`create database ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url: withDatabase(url, TEMPLATE_DB), poolSize: 1 });
  await database.migrate();
  await database.close();
}

export async function teardown(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [
      `${TEST_DB_PREFIX}\\_%`,
    ]);
    for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
  } finally {
    await admin.end();
  }
}
