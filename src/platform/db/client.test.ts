import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { databaseThroughProxy } from '../../../test/harness/proxy.js';
import { isDatabaseUnavailable } from './errors.js';
import { inTransaction, queryRows } from './tx.js';

const url = process.env.TEST_DATABASE_URL;

describe.runIf(Boolean(url))('the pool when the database goes away (PostgreSQL)', () => {
  it('gets back the pool slot of a transaction whose BEGIN met a dead connection', async () => {
    const { proxy, database, close } = await databaseThroughProxy(url ?? '', 1);
    try {
      await database.db.execute(sql`select 1`);
      // The pool's one connection is cut and at once handed to a transaction: its BEGIN fails.
      proxy.cut();
      const failure = await inTransaction(database.db, async () => undefined).catch((error: unknown) => error);
      expect(isDatabaseUnavailable(failure)).toBe(true);
      proxy.restore();
      // Without the slot back this waits out the pool's connect timeout and fails.
      expect(await queryRows<{ n: number }>(database.db, sql`select 2 as n`)).toEqual([{ n: 2 }]);
    } finally {
      await close();
    }
  });

  it('fails a transaction cut between two statements with a retryable error, and lives on to serve the next', async () => {
    const { proxy, database, close } = await databaseThroughProxy(url ?? '', 2);
    try {
      const failure = await inTransaction(database.db, async (tx) => {
        await tx.execute(sql`select 1`);
        // Between two statements the transaction's connection is checked out and idle: pg then emits
        // 'error' with no listener of the pool's, which without one of our own would end the process.
        proxy.cut();
        await new Promise((resolve) => setTimeout(resolve, 50));
        await tx.execute(sql`select 2`);
      }).catch((error: unknown) => error);
      expect(isDatabaseUnavailable(failure)).toBe(true);
      proxy.restore();
      expect(await queryRows<{ n: number }>(database.db, sql`select 3 as n`)).toEqual([{ n: 3 }]);
    } finally {
      await close();
    }
  });
});
