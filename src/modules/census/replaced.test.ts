// The list an upload would replace, named before the upload so staff confirm it knowingly: found by
// the same rule counting replaces by (same source, area and trade; no trade matches no trade).
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { createSource, importList } from '../../../test/harness/census.js';
import { makeIdNumber } from '../../../test/harness/members.js';

const id = (seq: number) => makeIdNumber('330603', '19920303', seq);
const couriers = (seqs: number[]) =>
  ['姓名,身份证号,行业', ...seqs.map((s) => `快递员${'甲乙丙丁戊'.charAt(s)},${id(s)},快递员`)].join('\n');

async function replaced(t: TestApp, query: Record<string, string>, staff = 'keqiao') {
  return t.request({
    method: 'GET',
    url: `/api/console/census/lists/replaced?${new URLSearchParams(query).toString()}`,
    cookie: await t.staffCookie(staff),
  });
}

async function replacedList(t: TestApp, query: Record<string, string>) {
  const response = await replaced(t, query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ replaced: Record<string, unknown> | null }>().replaced;
}

describe('the list an upload would replace', () => {
  const h = useTestApp();

  it('is none at first, then the source’s counted list of the same area and trade, then the list that replaced it', async () => {
    const { t } = h;
    const source = await createSource(t, '柯桥区快递行业协会', 'association');
    const street = { sourceId: source, regionCode: '330603001' };
    expect(await replacedList(t, street)).toBeNull();

    const first = await importList(t, couriers([1, 2, 3]), `sourceId=${source}&regionCode=330603001&fileName=first.csv`);
    expect(first).toMatchObject({ status: 'completed', writtenRows: 3 });
    expect(await replacedList(t, street)).toEqual({
      id: first.id,
      fileName: 'first.csv',
      finishedAt: first.finishedAt,
      writtenRows: 3,
      staffName: first.staffName,
    });
    // Another trade, another area (the district above the street included), another source: nothing replaced.
    expect(await replacedList(t, { ...street, trade: 'courier' })).toBeNull();
    expect(await replacedList(t, { ...street, regionCode: '330603002' })).toBeNull();
    expect(await replacedList(t, { ...street, regionCode: '330603' })).toBeNull();
    const other = await createSource(t, '柯桥区邮政管理局', 'other');
    expect(await replacedList(t, { ...street, sourceId: other })).toBeNull();

    // A list of one trade replaces only a list of that trade, and leaves the list without one standing.
    const ofTrade = await importList(t, couriers([4]), `sourceId=${source}&regionCode=330603001&trade=courier&fileName=trade.csv`);
    expect(await replacedList(t, { ...street, trade: 'courier' })).toMatchObject({ id: ofTrade.id, fileName: 'trade.csv', writtenRows: 1 });
    expect(await replacedList(t, street)).toMatchObject({ id: first.id });

    const second = await importList(t, couriers([2, 3]), `sourceId=${source}&regionCode=330603001&fileName=second.csv`);
    expect(second).toMatchObject({ status: 'completed', writtenRows: 2 });
    const { replacedAt } = (
      await t.request({ method: 'GET', url: `/api/console/census/lists/${first.id as string}`, cookie: await t.staffCookie('keqiao') })
    ).json<{ replacedAt: string | null }>();
    expect(replacedAt).not.toBeNull();
    expect(await replacedList(t, street)).toMatchObject({ id: second.id, fileName: 'second.csv', writtenRows: 2 });
  });

  it('is asked only of the staff member’s sources and area, with the upload’s codes', async () => {
    const { t } = h;
    const source = await createSource(t, '柯桥区市场监管局');
    const outside = await replaced(t, { sourceId: source, regionCode: '330602001' });
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({ code: 'census.area_outside_scope' });
    const city = await replaced(t, { sourceId: source, regionCode: '330600' });
    expect(city.statusCode).toBe(400);
    expect(city.json()).toMatchObject({ code: 'census.invalid', errors: [expect.objectContaining({ field: 'querystring.regionCode' })] });
    const sibling = await replaced(t, { sourceId: source, regionCode: '330603001' }, 'yuecheng');
    expect(sibling.statusCode).toBe(404);
    expect(sibling.json()).toMatchObject({ code: 'census.source_not_found' });
  });
});
