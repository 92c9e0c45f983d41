// The demo's money and files, as the first start of the embedded demo seeds them: 浙江's 送温暖资金 comes
// down to 柯桥, four households of 越城 at different steps, the two filed ones paid 送温暖 by 绍兴 from it.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { seedFundsDemo } from '../funds/seed.js';
import { seedHardshipDemo } from './seed.js';

describe('the demo hardship files', () => {
  const h = useTestApp();

  it('seeds the fund, four households at their steps, and 送温暖 paid to the two filed ones; the books agree', async () => {
    const { t } = h;
    const { partnerKey: _partnerKey, ...orgs } = t.demo;
    const context = { platform: t.platform, database: t.database, orgs, volume: true };
    expect(await seedFundsDemo(context)).toMatchObject({ funds: 1 });
    expect(await seedHardshipDemo(context)).toEqual({ hardshipFiles: 4, filed: 2 });
    const cookie = await t.staffCookie('yuecheng');
    const files = (await t.request({ method: 'GET', url: '/api/console/hardship-files', cookie })).json().items;
    expect(files.map((f: { status: string }) => f.status).sort()).toEqual(['applied', 'filed', 'filed', 'under_notice']);
    const zhejiang = await t.staffCookie('zhejiang');
    const fund = (await t.request({ method: 'GET', url: '/api/console/funds', cookie: zhejiang })).json().items[0];
    const figures = (
      await t.request({ method: 'GET', url: `/api/console/funds/${fund.id as string}?orgId=${t.demo.city.id}`, cookie: zhejiang })
    ).json().node.own;
    // 300,000 came down to 绍兴, 80,000 went on to 柯桥, and 绍兴 paid the two households 1,000 each.
    expect(figures).toEqual({ receivedFen: 30_000_000, passedOnFen: 8_000_000, spentFen: 200_000, availableFen: 21_800_000 });
    // 柯桥, where the walkthroughs start, has no threshold of its own or above it.
    expect(
      (
        await t.request({ method: 'GET', url: `/api/console/hardship-settings/${t.demo.keqiao.id}`, cookie: await t.staffCookie('keqiao') })
      ).json(),
    ).toBeNull();
    const overview = (await t.request({ method: 'GET', url: '/api/console/hardship-overview', cookie })).json();
    expect(overview).toMatchObject({ filed: 2, inProcess: 2 });
  });
});
