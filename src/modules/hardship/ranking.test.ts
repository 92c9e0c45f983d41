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
  });
});
