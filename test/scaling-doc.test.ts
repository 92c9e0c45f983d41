// docs/SCALING.md's list of every table ("### Every table") is checked against a freshly migrated
// database, so that a migration adding, dropping or renaming a table, a column or a constraint cannot
// leave the scaling plan describing a schema that no longer exists.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/platform/db/tx.js';
import { useTestDatabase } from './harness/db.js';

const DOC = path.resolve(import.meta.dirname, '../docs/SCALING.md');
const ROLES = ['distributed', 'reference', 'local'] as const;
type Role = (typeof ROLES)[number];

interface ListedTable {
  table: string;
  /** Columns named in "province key today". */
  keyToday: string[];
  /** Columns named in "reached through". */
  reachedThrough: string[];
  /** The first word of "on Citus": one of ROLES in a well-formed list. */
  role: string;
  change: string;
}

const identifiers = (cell: string) => [...cell.matchAll(/`([a-z_][a-z0-9_]*)`/g)].map((m) => m[1] ?? '');

/** The rows of the Markdown table under the heading "### Every table". */
function listedTables(markdown: string): ListedTable[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === '### Every table');
  if (start < 0) throw new Error('docs/SCALING.md has no "### Every table" section');
  const rows: ListedTable[] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('|')) {
      if (inTable) break;
      continue;
    }
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const first = cells[0] ?? '';
    // The header row and the separator row.
    if (!inTable || /^:?-+:?$/.test(first)) {
      inTable = true;
      continue;
    }
    const [table = '', , key = '', through = '', role = '', change = ''] = cells;
    rows.push({
      table: identifiers(table)[0] ?? table,
      keyToday: identifiers(key),
      reachedThrough: identifiers(through),
      role: role.split(/\s/)[0] ?? '',
      change,
    });
  }
  return rows;
}

describe('docs/SCALING.md', () => {
  const h = useTestDatabase();
  const doc = readFileSync(DOC, 'utf8');
  const listed = listedTables(doc);
  const columns = new Map<string, Set<string>>();
  const names = new Set<string>();
  let foreignKeys: { from: string; to: string; name: string }[] = [];

  beforeAll(async () => {
    const db = h.database.db;
    const rows = await queryRows<{ table: string; column: string | null }>(
      db,
      sql`select t.table_name as "table", c.column_name as "column"
            from information_schema.tables t
            left join information_schema.columns c on c.table_schema = t.table_schema and c.table_name = t.table_name
           where t.table_schema = 'public' and t.table_type = 'BASE TABLE'`,
    );
    for (const { table, column } of rows) {
      const set = columns.get(table) ?? new Set<string>();
      if (column) set.add(column);
      columns.set(table, set);
    }
    const named = await queryRows<{ name: string }>(
      db,
      sql`select indexname as name from pg_indexes where schemaname = 'public'
          union
          select c.conname from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = 'public'`,
    );
    for (const { name } of named) names.add(name);
    foreignKeys = await queryRows<{ from: string; to: string; name: string }>(
      db,
      sql`select c.conrelid::regclass::text as "from", c.confrelid::regclass::text as "to", c.conname as name
            from pg_constraint c join pg_namespace n on n.oid = c.connamespace
           where n.nspname = 'public' and c.contype = 'f'`,
    );
  });

  it('lists every table of the migrated schema once, and no other', () => {
    const inDoc = listed.map((row) => row.table);
    expect(inDoc.filter((table, i) => inDoc.indexOf(table) !== i)).toEqual([]);
    expect([...inDoc].sort()).toEqual([...columns.keys()].sort());
  });

  it('names only columns the tables have, as the province key and as the way to it', () => {
    const missing = listed.flatMap((row) =>
      [...row.keyToday, ...row.reachedThrough]
        .filter((column) => !columns.get(row.table)?.has(column))
        .map((column) => `${row.table}.${column}`),
    );
    expect(missing).toEqual([]);
  });

  it('says province_code is there exactly where the schema has it, and that distributed tables without it must gain it', () => {
    const wrong = listed.flatMap((row) => {
      const has = columns.get(row.table)?.has('province_code') ?? false;
      const says = row.keyToday.includes('province_code');
      const gains = row.change.includes('gains `province_code`');
      const problems: string[] = [];
      if (!(ROLES as readonly string[]).includes(row.role)) problems.push(`${row.table}: on Citus "${row.role}"`);
      if (has !== says) problems.push(`${row.table}: province_code today ${has ? 'present' : 'absent'}, the list says otherwise`);
      if (has && gains) problems.push(`${row.table}: has province_code already, the list says it gains it`);
      if (!has && row.role === 'distributed' && !gains) {
        problems.push(`${row.table}: distributed without province_code, and not said to gain it`);
      }
      return problems;
    });
    expect(wrong).toEqual([]);
  });

  it('names only constraints and indexes that exist', () => {
    const mentioned = new Set(identifiers(doc).filter((name) => /_(pkey|pk|uq|ix|fk)$/.test(name)));
    expect([...mentioned].filter((name) => !names.has(name))).toEqual([]);
  });

  it('has no foreign key Citus would refuse: from a reference or local table to a distributed one, or from a distributed to a local one', () => {
    const role = new Map(listed.map((row) => [row.table, row.role]));
    const refused = foreignKeys
      .filter(({ from, to }) => {
        const [a, b] = [role.get(from), role.get(to)];
        return (a !== 'distributed' && b === 'distributed') || (a === 'distributed' && b === 'local');
      })
      .map(({ from, to, name }) => `${name}: ${from} (${role.get(from)}) → ${to} (${role.get(to)})`);
    expect(refused).toEqual([]);
  });

  it('counts its list right', () => {
    const distributed = listed.filter((row) => row.role === 'distributed');
    const withKey = distributed.filter((row) => row.keyToday.includes('province_code')).length;
    const count = (r: Role) => listed.filter((row) => row.role === r).length;
    expect(/In all: [^\n]*/.exec(doc)?.[0]).toBe(
      `In all: ${distributed.length} distributed (${withKey} with the key today, ${distributed.length - withKey} to gain it), ` +
        `${count('reference')} reference, ${count('local')} local.`,
    );
  });
});
