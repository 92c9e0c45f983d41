import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../src/platform/db/client.js';
import { TEMPLATE_DB, TEST_DB_PREFIX } from './global-setup.js';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, migrated database: PGlite in memory, or a copy of the PostgreSQL template when TEST_DATABASE_URL is set. */
export async function createTestDatabase(): Promise<Database & { name: string; url: string | null }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await database.migrate();
    return { ...database, name: 'pglite', url: null };
  }
  const name = `${TEST_DB_PREFIX}_${process.env.VITEST_POOL_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url: withDatabase(url, name), poolSize: 10 });
  return {
    ...database,
    name,
    url: withDatabase(url, name),
    close: async () => {
      await database.close();
      const drop = new pg.Client({ connectionString: url });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`).finally(() => drop.end());
    },
  };
}

/** One database per test file, opened before and closed after its tests. */
export function useTestDatabase(): { readonly database: Database } {
  const holder: { database?: Database } = {};
  beforeAll(async () => {
    holder.database = await createTestDatabase();
  });
  afterAll(async () => {
    await holder.database?.close();
  });
  return {
    get database() {
      if (!holder.database) throw new Error('test database not open yet');
      return holder.database;
    },
  };
}
