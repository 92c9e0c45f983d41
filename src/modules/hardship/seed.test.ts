// The demo's money and files, as the first start of the embedded demo seeds them: 浙江's 送温暖资金 comes
// down to 柯桥, four households of 柯桥 at different steps, the two filed ones paid 送温暖 from it.
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
    const cookie = await t.staffCookie('keqiao');
    const files = (await t.request({ method: 'GET', url: '/api/console/hardship-files', cookie })).json().items;
    expect(files.map((f: { status: string }) => f.status).sort()).toEqual(['applied', 'filed', 'filed', 'under_notice']);
    const fund = (await t.request({ method: 'GET', url: '/api/console/funds', cookie })).json().items[0];
    const figures = (await t.request({ method: 'GET', url: `/api/console/funds/${fund.id as string}`, cookie })).json().node.own;
    // 80,000 came down; the funds demo paid 4,000 and the two households 1,000 each.
    expect(figures).toEqual({ receivedFen: 8_000_000, passedOnFen: 0, spentFen: 600_000, availableFen: 7_400_000 });
    const overview = (await t.request({ method: 'GET', url: '/api/console/hardship-overview', cookie })).json();
    expect(overview).toMatchObject({ filed: 2, inProcess: 2 });
  });
});
