import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { queryRows } from '../../platform/db/tx.js';
import { seedMembers } from './seed.js';

// Pages of the roll against the database's own order: every member of the subtree once, in order,
// whichever filter and direction, and no member of the sibling district.
describe('the roll, page by page', () => {
  const h = useTestApp();

  async function pages(t: TestApp, query: string, limit: number): Promise<{ ids: string[]; totals: number[] }> {
    const cookie = await t.staffCookie('keqiao');
    const ids: string[] = [];
    const totals: number[] = [];
    let cursor: string | null = null;
    do {
      const url = `/api/console/members?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response = await t.request({ method: 'GET', url, cookie });
      expect(response.statusCode).toBe(200);
      const body = response.json<{ items: { id: string }[]; nextCursor: string | null; total: number }>();
      ids.push(...body.items.map((i) => i.id));
      totals.push(body.total);
      cursor = body.nextCursor;
    } while (cursor);
    return { ids, totals };
  }

  async function expected(t: TestApp, where: string, order: 'asc' | 'desc'): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      t.platform.db,
      sql.raw(`select m.id from member m join org o on o.id = m.org_id
               where o.path like '${t.demo.keqiao.path}%' and ${where}
               order by m.joined_at ${order}, m.id ${order}`),
    );
    return rows.map((r) => r.id);
  }

  it('walks 柯桥区’s roll in order with each filter and direction, every member once', async () => {
    const { t } = h;
    await seedMembers(t.database, t.platform, { count: 300, seed: 7 });
    const cases = [
      { query: 'sort=joined_desc', where: 'true', order: 'desc' as const },
      { query: 'sort=joined_asc', where: 'true', order: 'asc' as const },
      { query: 'trade=food_delivery&sort=joined_asc', where: `m.trade = 'food_delivery'`, order: 'asc' as const },
      { query: 'newForm=true&status=active&sort=joined_desc', where: `m.new_form and m.status = 'active'`, order: 'desc' as const },
    ];
    for (const c of cases) {
      const want = await expected(t, c.where, c.order);
      expect(want.length).toBeGreaterThan(20);
      const got = await pages(t, c.query, 17);
      expect(got.ids).toEqual(want);
      expect(got.totals.every((n) => n === want.length)).toBe(true);
    }
  });
});
