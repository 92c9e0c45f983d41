// The roll's tally against the roll itself, after each kind of write (a join, an import's COPY, a
// status change, a transfer), and its change feed.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { approvedMember, makeIdNumber } from '../../../test/harness/members.js';
import { inTransaction, queryRows } from '../../platform/db/tx.js';
import { seedMembers } from './seed.js';
import { foldTally } from '../../platform/db/tally.js';
import {
  childDepth,
  MEMBER_TALLIES,
  memberCounts,
  memberCountsBy,
  memberJoinsByMonth,
  readMemberChanges,
  type MemberChangeCursor,
} from './service/tally.js';

const YEAR_START = '2000-01-01';
const FEED_WAIT_MS = 240_000;

const DEPTHS = sql`(values (0), (2), (4), (6), (9)) as l(depth)`;
const ACTIVE = sql`status in ('active', 'suspended')`;
const MONTH = sql`to_char(date_trunc('month', joined_at at time zone 'Asia/Shanghai'), 'YYYY-MM-DD')`;

/** The tallies as they should be: the roll grouped from scratch, at every depth of its areas. */
async function recount(t: TestApp) {
  const db = t.platform.db;
  return {
    areas: await queryRows(
      db,
      sql`select l.depth, left(work_region_code, l.depth) as area_code, trade, new_form, count(*) filter (where ${ACTIVE})::int as members
            from member cross join ${DEPTHS} group by 1, 2, 3, 4 having count(*) filter (where ${ACTIVE}) <> 0 order by 1, 2, 3, 4`,
    ),
    months: await queryRows(
      db,
      sql`select l.depth, left(work_region_code, l.depth) as area_code, trade, new_form, ${MONTH} as month, count(*)::int as joined
            from member cross join ${DEPTHS} group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
    ),
    orgs: await queryRows(
      db,
      sql`select org_id, trade, ${MONTH} as month, count(*)::int as joined from member group by 1, 2, 3 order by 1, 2, 3`,
    ),
  };
}

/** The tallies as kept: their rows summed by key (folded or not). */
async function tally(t: TestApp) {
  const db = t.platform.db;
  return {
    areas: await queryRows(
      db,
      sql`select depth::int as depth, area_code, trade, new_form, sum(members)::int as members from member_area_tally
           group by 1, 2, 3, 4 having sum(members) <> 0 order by 1, 2, 3, 4`,
    ),
    months: await queryRows(
      db,
      sql`select depth::int as depth, area_code, trade, new_form, to_char(month, 'YYYY-MM-DD') as month, sum(joined)::int as joined
            from member_area_month group by 1, 2, 3, 4, 5 having sum(joined) <> 0 order by 1, 2, 3, 4, 5`,
    ),
    orgs: await queryRows(
      db,
      sql`select org_id, trade, to_char(month, 'YYYY-MM-DD') as month, sum(joined)::int as joined from member_org_month
           group by 1, 2, 3 having sum(joined) <> 0 order by 1, 2, 3`,
    ),
  };
}

async function allChanges(t: TestApp, from: MemberChangeCursor | null) {
  const ids: string[] = [];
  let cursor = from;
  for (;;) {
    const page = await readMemberChanges(t.platform.db, cursor, 7);
    if (page.memberIds.length === 0) return { ids, cursor };
    ids.push(...page.memberIds);
    cursor = page.cursor;
  }
}

/**
 * The feed read from its start once it has handed over every change row written so far: the rows of a
 * seed are held back while any older transaction of the cluster runs, and a start taken before they
 * arrive would count them as changes made after it.
 */
async function caughtUp(t: TestApp) {
  const [kept] = await queryRows<{ n: number }>(t.platform.db, sql`select count(*)::int as n from member_change`);
  let all = await allChanges(t, null);
  await expect
    .poll(
      async () => {
        all = await allChanges(t, null);
        return all.ids.length;
      },
      { timeout: FEED_WAIT_MS, interval: 200 },
    )
    .toBe(kept?.n);
  return all;
}

describe('the roll’s tally', () => {
  const h = useTestApp();

  it(
    'equals the roll counted afresh after a join, a seeded COPY, a member leaving and a write by hand',
    async () => {
      const { t } = h;
      const start = await allChanges(t, null);
      const joined = await approvedMember(t, { idNumber: makeIdNumber('330603', '19900101', 11), trade: 'courier' });
      await seedMembers(t.database, t.platform, { count: 300 });
      expect(await tally(t)).toEqual(await recount(t));

      // A member leaves (the status route), and the counts follow in the same transaction.
      const cookie = await t.staffCookie('keqiao');
      const left = await t.request({
        method: 'POST',
        url: `/api/console/members/${joined.memberId}/status`,
        cookie,
        body: { action: 'leave', reason: '离职' },
      });
      expect(left.statusCode, left.body).toBe(200);
      expect(await tally(t)).toEqual(await recount(t));
      // Any write at all, as a transfer's: ten members move to 越城区 and change trade.
      await t.platform.db.execute(
        sql`update member set org_id = ${t.demo.yuecheng.id}, trade = 'courier' where id in (select id from member order by id limit 10)`,
      );
      expect(await tally(t)).toEqual(await recount(t));

      // Folded, each key is one row (none when its sums are nought), and the sums are unchanged.
      for (const table of MEMBER_TALLIES) expect(await foldTally(t.platform.db, table)).toBeGreaterThan(0);
      expect(await tally(t)).toEqual(await recount(t));
      const [rows] = await queryRows<{ rows: number; keys: number; pending: number; zero: number }>(
        t.platform.db,
        sql`select count(*)::int as rows, count(distinct (depth, area_code, trade, new_form))::int as keys,
                 count(*) filter (where pending)::int as pending, count(*) filter (where members = 0)::int as zero
            from member_area_tally`,
      );
      expect(rows).toMatchObject({ pending: 0, zero: 0 });
      expect(rows?.rows).toBe(rows?.keys);
      for (const table of MEMBER_TALLIES) expect(await foldTally(t.platform.db, table)).toBe(0);

      const all = await memberCounts(t.platform.db, { area: '' }, YEAR_START);
      const [direct] = await queryRows<{ active: number; total: number; nf: number }>(
        t.platform.db,
        sql`select count(*) filter (where status in ('active', 'suspended'))::int as active, count(*)::int as total,
                 count(*) filter (where status in ('active', 'suspended') and new_form)::int as nf from member`,
      );
      expect(all).toMatchObject({ members: direct?.active, joined: direct?.total, newFormMembers: direct?.nf });

      // By district: 柯桥 and its siblings add up to the whole.
      // An area's children are keyed one depth down; a street has none.
      expect(['', '33', '3306', '330603', '330603001', '3306031'].map(childDepth)).toEqual([2, 4, 6, 9, null, null]);
      const byDistrict = await memberCountsBy(t.platform.db, { area: '3306' }, { depth: 6 }, YEAR_START);
      expect(byDistrict.size).toBeGreaterThan(1);
      const sum = [...byDistrict.values()].reduce((n, c) => n + c.joined, 0);
      const inCity = await memberCounts(t.platform.db, { area: '3306' }, YEAR_START);
      expect(inCity.joined).toBeGreaterThan(0);
      expect(sum).toBe(inCity.joined);
      const months = await memberJoinsByMonth(t.platform.db, { area: '3306' }, YEAR_START);
      expect(months.reduce((n, m) => n + m.joined, 0)).toBe(inCity.joined);

      // Every member written since the start is in the feed, in order, and a second read from its end is empty.
      // Read until it arrives: the feed waits for every older transaction of the cluster, and the files
      // beside this one run theirs on the same PostgreSQL, some for minutes.
      const [written] = await queryRows<{ n: number }>(t.platform.db, sql`select count(*)::int as n from member`);
      let changes = await allChanges(t, start.cursor);
      await expect
        .poll(
          async () => {
            changes = await allChanges(t, start.cursor);
            return new Set(changes.ids).size;
          },
          { timeout: FEED_WAIT_MS, interval: 200 },
        )
        .toBe(written?.n);
      expect((await allChanges(t, changes.cursor)).ids).toEqual([]);
    },
    FEED_WAIT_MS + 60_000,
  );

  it(
    'does not hand a reader the changes of a transaction still open, nor skip them once it commits',
    async () => {
      const { t } = h;
      if (!t.database.pool) return; // one connection: a second transaction cannot be open beside it
      await seedMembers(t.database, t.platform, { count: 2 });
      const start = await caughtUp(t);
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let wrote = () => {};
      const written = new Promise<void>((resolve) => (wrote = resolve));
      const open = inTransaction(t.platform.db, async (tx) => {
        await tx.execute(sql`update member set updated_at = now() where id = (select id from member order by id limit 1)`);
        wrote();
        await held;
      });
      await written;
      // A later transaction commits first: its row is behind the open one's and must wait with it.
      await t.platform.db.execute(sql`update member set updated_at = now() where id = (select id from member order by id desc limit 1)`);
      expect((await allChanges(t, start.cursor)).ids).toEqual([]);
      release();
      await open;
      await expect.poll(async () => (await allChanges(t, start.cursor)).ids, { timeout: FEED_WAIT_MS, interval: 200 }).toHaveLength(2);
    },
    2 * FEED_WAIT_MS + 30_000,
  );
});
