import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/harness/db.js';
import { pgArray } from './arrays.js';
import { queryRows } from './tx.js';

describe(pgArray.name, () => {
  const h = useTestDatabase();

  it('round-trips awkward text, numbers and nulls through the database', async () => {
    const values = ['a,b', 'say "hi"', 'back\\slash', '{braces}', '', '中文', null];
    const [row] = await queryRows<{ v: (string | null)[] }>(h.database.db, sql`select ${pgArray(values)}::text[] as v`);
    expect(row?.v).toEqual(values);
    const [ints] = await queryRows<{ v: number[] }>(h.database.db, sql`select ${pgArray([1, -2, 30])}::int[] as v`);
    expect(ints?.v).toEqual([1, -2, 30]);
  });
});
