import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { deliverChange } from '../../src/platform/cache/changes.js';
import { openDatabase, type Database } from '../../src/platform/db/client.js';
import { TEMPLATE_DB, TEST_DB_PREFIX } from './global-setup.js';
import { openPgliteFromImage } from './pglite-image.js';
import { takeRestorePoint, type RestorePoint } from './restore.js';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh, migrated database: PGlite in memory (loaded from the run's migrated image), or a copy of the
 * PostgreSQL template when TEST_DATABASE_URL is set.
 */
export async function createTestDatabase(): Promise<Database & { name: string; url: string | null }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return { ...(await openPgliteFromImage()), name: 'pglite', url: null };
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

export interface TestDatabaseOptions extends IsolationOptions {
  /** Opens the (migrated) database; default createTestDatabase, PGlite or a PostgreSQL copy by TEST_DATABASE_URL. */
  open?: () => Promise<Database>;
  /** The file's one-time setup (a seed, say): part of the state each test starts from. */
  setup?: (database: Database) => Promise<void>;
}

export interface IsolationOptions {
  /**
   * false: tests see what earlier tests of the block left (the database is set up once). Only for a
   * block whose tests are one story told in steps; say why where it is used.
   */
  restoreEachTest?: boolean;
}

/**
 * One migrated database per test file or describe block; before each test but the first, every table
 * is put back as the migrations left it and the process's caches are dropped.
 */
export function useTestDatabase(options: TestDatabaseOptions = {}): { readonly database: Database } {
  const holder: { database?: Database; point?: RestorePoint } = {};
  let fresh = true;
  beforeAll(async () => {
    // The process may have run other files or blocks before this one (vitest.config.ts: isolate false).
    deliverChange('reset');
    holder.database = await (options.open ?? createTestDatabase)();
    await options.setup?.(holder.database);
    holder.point = await takeRestorePoint(holder.database);
    fresh = true;
  });
  beforeEach(async () => {
    if (!fresh && options.restoreEachTest !== false) {
      await holder.point?.restore();
      deliverChange('reset');
    }
    fresh = false;
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
