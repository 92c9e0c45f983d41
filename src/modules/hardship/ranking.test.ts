// The competition ranking of the areas below 绍兴: 柯桥, which found households, paid them quickly from
// its allocation and was called back, ranks above 越城, which has done nothing yet; the figures behind
// each score are kept and exported, and a district cannot rank its sibling's areas.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { drawCallbacks } from './service/help.js';
import { filedHousehold, staffCall as call, warmthAid } from './testing.js';

describe('competition ranking', () => {
  const h = useTestApp();

  it('ranks 柯桥 above 越城 with the figures behind each score, exports it, and refuses a sibling', async () => {
    const { t } = h;
    const { city, keqiao } = t.demo;
    const a = await filedHousehold(t, 101);
    const b = await filedHousehold(t, 102);
    const { itemId } = await warmthAid(t);
    const batch = await call(t, 'keqiao', 'POST', '/api/console/hardship-aid-batches', {
      orgId: keqiao.id,
      itemId,
      name: '春节送温暖',
      aids: [{ fileId: a.id }, { fileId: b.id }],
    });
    await call(t, 'keqiao', 'POST', `/api/console/hardship-aid-batches/${batch.json().id as string}/pay`, {});
    await drawCallbacks(t.platform.db);
    const callback = (await call(t, 'keqiao', 'GET', '/api/console/hardship-callbacks')).json().items[0];
    await call(t, 'keqiao', 'POST', `/api/console/hardship-callbacks/${callback.id as string}`, { satisfaction: 5 });

    const refreshed = await call(t, 'zhejiang', 'POST', '/api/console/hardship-ranking/refresh', { orgId: city.id });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    const areas = refreshed.json().areas as {
      org: { name: string };
      rank: number;
      score: number;
      counts: Record<string, number>;
      parts: { code: string; value: number | null; points: number }[];
    }[];
    expect(areas.map((x) => [x.org.name, x.rank])).toEqual([
      ['柯桥区总工会', 1],
      ['越城区总工会', 2],
    ]);
    const keqiaoArea = areas[0]!;
    expect(keqiaoArea.counts).toMatchObject({ filesFound: 2, filed: 2, fundsReceivedFen: 250_000, fundsSpentFen: 200_000, callbacks: 1 });
    const part = (code: string) => keqiaoArea.parts.find((p) => p.code === code);
    expect(part('funds_spent_share')?.value).toBe(0.8);
    expect(part('reviews_on_time_share')?.value).toBe(1);
    expect(part('callback_satisfaction')?.value).toBe(5);
    expect(part('median_days_to_first_aid')?.value).toBe(0);
    expect(areas[1]!.score).toBe(0);

    // Kept: the same answer without recomputing; exported with its figures.
    const kept = (await call(t, 'zhejiang', 'GET', `/api/console/hardship-ranking?orgId=${city.id}`)).json();
    expect(kept.computedAt).toBe(refreshed.json().computedAt);
    const file = await call(t, 'zhejiang', 'GET', `/api/console/hardship-ranking.xlsx?orgId=${city.id}`);
    expect(file.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[1]!.slice(1, 4)).toEqual(['名次', '地区', '总分']);
    expect(rows[2]!.slice(1, 4)).toEqual([1, '柯桥区总工会', keqiaoArea.score]);

    expect((await call(t, 'yuecheng', 'GET', `/api/console/hardship-ranking?orgId=${keqiao.id}`)).statusCode).toBe(404);
    expect(kept.indicators.map((i: { weight: number }) => i.weight)).toEqual([25, 15, 20, 15, 15, 10]);
    expect(kept.indicatorsOrgId).toBeNull();
  });

  it('ranks every level of the province in one refresh, by the weights the organiser set', async () => {
    const { t } = h;
    const { province, city, keqiao } = t.demo;
    await filedHousehold(t, 201);
    // 绍兴 runs its own competition: only finding households counts.
    const weights = [{ code: 'files_per_10k_members', weight: 100, better: 'higher', unit: '份/万名会员' }];
    const sent = weights.map(({ code, weight }) => ({ code, weight }));
    const refused = await call(t, 'zhejiang', 'PUT', `/api/console/hardship-competition/${city.id}`, {
      indicators: [...sent, { code: 'files_per_10k_members', weight: 5 }],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors.map((e: { code: string }) => e.code)).toEqual(['hardship.indicator_repeated']);
    expect((await call(t, 'keqiao', 'PUT', `/api/console/hardship-competition/${city.id}`, { indicators: sent })).statusCode).toBe(404);
    // A direction sent the wrong way round is the system's all the same: fewer days to the first aid is better.
    const days = await call(t, 'zhejiang', 'PUT', `/api/console/hardship-competition/${city.id}`, {
      indicators: [{ code: 'median_days_to_first_aid', weight: 10, better: 'higher' }],
    });
    expect(days.json().indicators).toEqual([{ code: 'median_days_to_first_aid', weight: 10, better: 'lower', unit: '天' }]);
    const set = await call(t, 'zhejiang', 'PUT', `/api/console/hardship-competition/${city.id}`, { indicators: sent });
    expect(set.json()).toEqual({ indicators: weights, orgId: city.id, orgName: '绍兴市总工会' });
    // 柯桥 inherits 绍兴's, named though above its reach; the province keeps the defaults.
    expect((await call(t, 'keqiao', 'GET', `/api/console/hardship-competition/${keqiao.id}`)).json()).toMatchObject({
      orgId: city.id,
      orgName: '绍兴市总工会',
    });
    expect((await call(t, 'zhejiang', 'GET', `/api/console/hardship-competition/${province.id}`)).json().orgId).toBeNull();
    // 柯桥 sets its own, then drops them and inherits 绍兴's again.
    await call(t, 'keqiao', 'PUT', `/api/console/hardship-competition/${keqiao.id}`, { indicators: sent });
    const cleared = await call(t, 'keqiao', 'DELETE', `/api/console/hardship-competition/${keqiao.id}`);
    expect([cleared.statusCode, cleared.json().orgId]).toEqual([200, city.id]);
    expect((await call(t, 'keqiao', 'DELETE', `/api/console/hardship-competition/${city.id}`)).statusCode).toBe(404);

    const refreshed = (await call(t, 'zhejiang', 'POST', '/api/console/hardship-ranking/refresh', { orgId: province.id })).json();
    expect(refreshed.org.id).toBe(province.id);
    expect(refreshed.indicatorsOrgId).toBeNull();
    const cityFound = refreshed.areas.find((a: { org: { id: string } }) => a.org.id === city.id).counts.filesFound as number;
    expect(cityFound).toBeGreaterThanOrEqual(1);
    // The cities' and the districts' rankings were kept by the same refresh, 绍兴's by its own weights.
    const below = (await call(t, 'zhejiang', 'GET', `/api/console/hardship-ranking?orgId=${city.id}`)).json();
    expect(below.computedAt).toBe(refreshed.computedAt);
    expect(below.indicatorsOrgId).toBe(city.id);
    expect(below.areas[0].org.name).toBe('柯桥区总工会');
    // A city's figures are its districts' rolled up.
    expect(below.areas.reduce((sum: number, a: { counts: { filesFound: number } }) => sum + a.counts.filesFound, 0)).toBe(cityFound);
    expect(below.indicators).toEqual(weights);
    expect(below.areas[0].parts.map((p: { code: string }) => p.code)).toEqual(['files_per_10k_members']);
    const district = (await call(t, 'zhejiang', 'GET', `/api/console/hardship-ranking?orgId=${keqiao.id}`)).json();
    expect(district.computedAt).toBe(refreshed.computedAt);
  });
});
