// A department's list counted as the census, matched to the roll, and followed as the roll changes.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { coverage, createSource, importList, listReport } from '../../../test/harness/census.js';
import { approvedMember, makeIdNumber } from '../../../test/harness/members.js';
import { CENSUS_ROWS, LANDLINE_ROWS } from '../../../test/fixtures/imports/make-census-list.js';
import { queryRows } from '../../platform/db/tx.js';
import { encodeGbk } from '../../../test/support/gbk.js';
import { foldTally } from '../../platform/db/tally.js';
import { CENSUS_TALLIES, followRoll } from './service/index.js';

const COURIERS = readFileSync(new URL('../../../test/fixtures/imports/couriers-keqiao-gbk.csv', import.meta.url));

/** The coverage rows as they should be: census_person grouped from scratch, at every depth of its areas. */
async function recount(t: TestApp) {
  return queryRows<Record<string, unknown>>(
    t.platform.db,
    sql`select l.depth, left(region_code, l.depth) as area_code, trade, count(*)::int as census,
               count(*) filter (where match in ('id', 'confirmed') and member_active)::int as members,
               count(*) filter (where match = 'probable')::int as probable
          from census_person cross join (values (0), (2), (4), (6), (9)) as l(depth)
         where list_count > 0 group by 1, 2, 3 order by 1, 2, 3`,
  );
}
async function counted(t: TestApp) {
  return queryRows<Record<string, unknown>>(
    t.platform.db,
    sql`select depth::int as depth, area_code, trade, sum(census)::int as census, sum(members)::int as members,
               sum(probable)::int as probable
          from census_area_coverage
         group by 1, 2, 3 having sum(census) <> 0 or sum(members) <> 0 or sum(probable) <> 0 order by 1, 2, 3`,
  );
}

describe('a census list', () => {
  const h = useTestApp();

  it('counts 柯桥区’s GBK courier list: every person once, placed by street, landlines left out with a warning', async () => {
    const { t } = h;
    const source = await createSource(t, '柯桥区市场监管局');
    const list = await importList(t, COURIERS, `sourceId=${source}&regionCode=330603&fileName=柯桥区快递员摸排名单.csv`);
    expect(list).toMatchObject({
      status: 'completed',
      encoding: 'gb18030',
      totalRows: CENSUS_ROWS,
      writtenRows: CENSUS_ROWS,
      newPeople: CENSUS_ROWS,
      errorRows: 0,
      warningRows: LANDLINE_ROWS.length,
      matchedPeople: 0,
    });
    expect((await listReport(t, list.id as string)).slice(1).map((l) => l.split(',')[2])).toEqual([
      'census.phone_not_mobile',
      'census.phone_not_mobile',
    ]);
    expect(await counted(t)).toEqual(await recount(t));

    const report = await coverage(t);
    expect(report.area).toMatchObject({ code: '330603', name: '柯桥区' });
    expect(report.totals).toMatchObject({ census: CENSUS_ROWS, members: 0, notYetMembers: CENSUS_ROWS, rate: 0 });
    // Streets from the addresses: 14 of them, adding up to the district.
    const streets = report.children.filter((c: { level: string | null }) => c.level === 'township');
    expect(streets.length).toBeGreaterThan(10);
    expect(report.children.reduce((n: number, c: { census: number }) => n + c.census, 0)).toBe(CENSUS_ROWS);
    expect(report.trades).toEqual([expect.objectContaining({ key: 'courier', census: CENSUS_ROWS })]);
    expect(report.trend.at(-1)).toMatchObject({ census: CENSUS_ROWS, members: 0 });

    // The sibling district sees none of it.
    const sibling = await coverage(t, '', 'yuecheng');
    expect(sibling.totals.census).toBe(0);
    const denied = await t.request({
      method: 'GET',
      url: '/api/console/census/coverage?region=330603',
      cookie: await t.staffCookie('yuecheng'),
    });
    expect(denied.statusCode).toBe(403);
    const hidden = await t.request({
      method: 'GET',
      url: `/api/console/census/lists/${list.id as string}`,
      cookie: await t.staffCookie('yuecheng'),
    });
    expect(hidden.statusCode).toBe(404);
  });

  it('matches the roll by 身份证号 when counted, follows members who join later, and counts a person in two sources once', async () => {
    const { t } = h;
    const id = (seq: number) => makeIdNumber('330603', '19900101', seq);
    const phone = (seq: number) => `138${String(10_000_000 + seq).slice(-8)}`;
    const rows = (seqs: number[]) =>
      [
        '姓名,身份证号,手机号,行业,所在街道',
        ...seqs.map(
          (s) =>
            `骑手${'甲乙丙丁戊己庚辛壬癸'[s % 10] ?? ''}${'一二三四五六七八九十'[Math.floor(s / 10) % 10] ?? ''},${id(s)},${phone(s)},外卖骑手,柯桥街道`,
        ),
      ].join('\n');
    // Two members already on the roll.
    await approvedMember(t, { name: '骑手乙一', idNumber: id(1), trade: 'food_delivery' });
    await approvedMember(t, { name: '骑手丙一', idNumber: id(2), trade: 'food_delivery' });
    const meituan = await createSource(t, '美团柯桥站', 'platform');
    const first = await importList(t, encodeGbk(rows([1, 2, 3, 4, 5])), `sourceId=${meituan}&regionCode=330603001`);
    expect(first).toMatchObject({ status: 'completed', writtenRows: 5, newPeople: 5, matchedPeople: 2 });
    let report = await coverage(t, 'region=330603001');
    expect(report.totals).toMatchObject({ census: 5, members: 2, notYetMembers: 3 });
    expect(report.totals.rate).toBeCloseTo(0.4);

    // Another source names 3 of them and 2 more: 7 people, not 10.
    const eleme = await createSource(t, '饿了么柯桥站', 'platform');
    const second = await importList(t, rows([3, 4, 5, 6, 7]), `sourceId=${eleme}&regionCode=330603001`);
    expect(second).toMatchObject({ writtenRows: 5, newPeople: 2 });
    report = await coverage(t, 'region=330603001');
    expect(report.totals).toMatchObject({ census: 7, members: 2 });

    // Rider 6 joins: once the roll's change feed is followed, coverage rises.
    await approvedMember(t, { name: '骑手己一', idNumber: id(6), trade: 'food_delivery' });
    // Followed until the change arrives: the feed waits for every older transaction of the server.
    await expect
      .poll(async () => {
        await followRoll(t.platform.db, t.platform);
        return (await coverage(t, 'region=330603001')).totals.members as number;
      })
      .toBe(3);
    report = await coverage(t, 'region=330603001');
    expect(report.totals).toMatchObject({ census: 7, members: 3 });
    expect(await counted(t)).toEqual(await recount(t));

    // Meituan's new list replaces its old one: riders 1 and 2 are named by no list any more.
    const again = await importList(t, rows([3, 4]), `sourceId=${meituan}&regionCode=330603001`);
    expect(again).toMatchObject({ status: 'completed', writtenRows: 2, newPeople: 0 });
    report = await coverage(t, 'region=330603001');
    expect(report.totals).toMatchObject({ census: 5, members: 1 });
    expect(await counted(t)).toEqual(await recount(t));

    // Folded, the same sums from one row a key.
    for (const table of CENSUS_TALLIES) expect(await foldTally(t.platform.db, table)).toBeGreaterThan(0);
    expect(await counted(t)).toEqual(await recount(t));
    expect((await coverage(t, 'region=330603001')).totals).toMatchObject({ census: 5, members: 1 });
  });
});
