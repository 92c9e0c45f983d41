import { sql } from 'drizzle-orm';
import type { Database } from '../../src/platform/db/client.js';
import { queryRows } from '../../src/platform/db/tx.js';

// Each test starts from the state its file's setup left (migrations, the demo tree): after the setup
// the harness copies every table into the schema test_snapshot, and before each further test it puts
// the tables back from there. The code under test opens its own transactions and connections
// (imports, jobs, several instances on PostgreSQL), so a transaction rolled back around each test
// could not hold it; copying back is cheap because the demo data is small.

const SNAPSHOT_SCHEMA = 'test_snapshot';

export interface RestorePoint {
  /** Puts every table back as it was when the point was taken. */
  restore(): Promise<void>;
}

interface TableColumns {
  table: string;
  columns: string;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Runs a script of several statements in one round trip (both drivers take several in a simple query). */
async function execScript(database: Database, script: string): Promise<void> {
  if (database.pool) {
    await database.pool.query(script);
    return;
  }
  const client = (database.db as unknown as { $client: { exec(script: string): Promise<unknown> } }).$client;
  await client.exec(script);
}

export async function takeRestorePoint(database: Database): Promise<RestorePoint> {
  // Generated columns cannot be written, so each copy names the columns it carries.
  const tables = await queryRows<{ table: string; columns: string }>(
    database.db,
    sql`select c.relname as "table",
               string_agg(quote_ident(a.attname), ', ' order by a.attnum) as columns
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
         where n.nspname = 'public' and c.relkind = 'r'
         group by c.relname
         order by c.relname`,
  );
  await execScript(
    database,
    [
      `drop schema if exists ${SNAPSHOT_SCHEMA} cascade`,
      `create schema ${SNAPSHOT_SCHEMA}`,
      ...tables.map(
        ({ table, columns }) => `create table ${SNAPSHOT_SCHEMA}.${ident(table)} as select ${columns} from public.${ident(table)}`,
      ),
    ].join(';\n'),
  );
  const script = restoreScript(tables);
  return { restore: () => execScript(database, script) };
}

function restoreScript(tables: TableColumns[]): string {
  return [
    'begin',
    // Replica mode skips triggers and foreign-key checks for this transaction: the append-only audit
    // log refuses DELETE otherwise, and the tables can be emptied and refilled in any order.
    'set local session_replication_role = replica',
    ...tables.map(({ table }) => `delete from public.${ident(table)}`),
    ...tables.map(
      ({ table, columns }) => `insert into public.${ident(table)} (${columns}) select ${columns} from ${SNAPSHOT_SCHEMA}.${ident(table)}`,
    ),
    'commit',
  ].join(';\n');
}
