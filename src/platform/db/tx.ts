import { sql, type SQL } from 'drizzle-orm';
import { PgTransaction, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** Both drivers (PGlite, node-postgres) and their transactions share this API. */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Db;

/**
 * Runs fn in one transaction. Called with a transaction already open, it joins it, so that a use
 * case calling another module's public function stays one transaction.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (db instanceof PgTransaction) return fn(db as unknown as Tx);
  const hooks: (() => void)[] = [];
  const result = await db.transaction(async (tx) => {
    commitHooks.set(tx, hooks);
    return fn(tx);
  });
  for (const hook of hooks) hook();
  return result;
}

const commitHooks = new WeakMap<object, (() => void)[]>();

/**
 * Runs `hook` once the transaction has committed (never if it rolls back). Outside a transaction
 * opened by inTransaction the statement has already committed, so the hook runs at once.
 */
export function afterCommit(tx: Tx, hook: () => void): void {
  const hooks = commitHooks.get(tx);
  if (hooks) hooks.push(hook);
  else if (!(tx instanceof PgTransaction)) hook();
  // A savepoint opened with tx.transaction() has no hook list: its changes reach the caches through
  // the NOTIFY alone (and the outer use case notifies as well).
}

/** Raw SQL returning typed rows; both drivers answer with { rows }. */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
