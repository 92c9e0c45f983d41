// Append-only tallies: a trigger adds signed rows (`pending`), readers sum them by key, and a job
// folds each key's pending rows into one. No writer ever updates a tally row, so a burst of joins in
// one province, or an import's long transaction, never waits on another writer's row lock; the fold
// only keeps the rows a read sums few.
import { sql } from 'drizzle-orm';
import { inTransaction, queryRows, type Db } from './tx.js';

export interface TallyTable {
  /** The table's name; it has the columns below and `pending boolean`. */
  name: string;
  keys: readonly string[];
  /** Integer columns summed by key. */
  sums: readonly string[];
}

const ident = (name: string) => sql.identifier(name);
const list = (names: readonly string[], prefix?: string) =>
  sql.join(
    names.map((n) => (prefix ? sql`${sql.identifier(prefix)}.${ident(n)}` : ident(n))),
    sql`, `,
  );

/**
 * Folds every key that has pending rows into one row (none when its sums are all zero); returns how
 * many keys were folded. A row committed while the fold runs is not in its snapshot and stays pending
 * for the next one; two folds of one table take turns.
 */
export async function foldTally(db: Db, table: TallyTable): Promise<number> {
  const t = ident(table.name);
  const keys = list(table.keys);
  const joinOn = sql.join(
    table.keys.map((k) => sql`t.${ident(k)} = p.${ident(k)}`),
    sql` and `,
  );
  const sums = sql.join(
    table.sums.map((s) => sql`sum(${ident(s)})::int`),
    sql`, `,
  );
  const nonZero = sql.join(
    table.sums.map((s) => sql`sum(${ident(s)}) <> 0`),
    sql` or `,
  );
  return inTransaction(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`tally.fold:${table.name}`}))`);
    const rows = await queryRows<{ keys: number }>(
      tx,
      sql`with p as (select distinct ${keys} from ${t} where pending),
               gone as (delete from ${t} t using p where ${joinOn} returning ${list(table.keys, 't')}, ${list(table.sums, 't')}),
               folded as (
                 insert into ${t} (${keys}, ${list(table.sums)}, pending)
                 select ${keys}, ${sums}, false from gone group by ${keys} having ${nonZero}
               )
          select count(*)::int as keys from p`,
    );
    return rows[0]?.keys ?? 0;
  });
}

/** Folds each of `tables` in turn (a job's run); says how many keys each folded. */
export async function foldTallies(db: Db, tables: readonly TallyTable[]): Promise<string> {
  const folded: string[] = [];
  for (const table of tables) folded.push(`${table.name} ${await foldTally(db, table)}`);
  return `keys folded: ${folded.join(', ')}`;
}
