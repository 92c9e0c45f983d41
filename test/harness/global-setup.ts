import pg from 'pg';
import { openDatabase } from '../../src/platform/db/client.js';

// Several checkouts may test against one PostgreSQL server at once: each sets its own prefix, and the
// teardown drops only the databases under it.
export const TEST_DB_PREFIX = process.env.TEST_DATABASE_PREFIX ?? 'gonghui_test';
export const TEMPLATE_DB = `${TEST_DB_PREFIX}_template`;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * On PostgreSQL, migrate one template database once; each test file then gets a fresh copy of it
 * (CREATE DATABASE … TEMPLATE), so files never share state and never need cleaning up after.
 */
export async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
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
