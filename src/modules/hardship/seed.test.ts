// The demo's money and files, as the first start of the embedded demo seeds them: 浙江's 送温暖资金 comes
// down to 柯桥, four households of 越城 at different steps, the two filed ones paid 送温暖 by 绍兴 from it,
// the first helped as 冀北 does (two helpers, weekly contact, last week's call-back), and ranked on
// 浙江's competition, weighed as 安徽's is.
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
    expect(await seedHardshipDemo(context)).toMatchObject({ hardshipFiles: 4, filed: 2 });
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

    // 冀北's help: the first family has its two helpers and three weekly contacts, the last a week ago, so
    // this week's is due; the second waits for its helpers; last week's call-back was made.
    const due = (await t.request({ method: 'GET', url: '/api/console/hardship-contacts-due', cookie })).json();
    expect((due.items ?? due).length).toBe(2);
    const filed = files.filter((f: { status: string }) => f.status === 'filed') as { id: string; applicantName: string }[];
    const card = async (name: string) => {
      const f = filed.find((x) => x.applicantName === name) as { id: string };
      const help = (await t.request({ method: 'GET', url: `/api/console/hardship-files/${f.id}/help-card`, cookie })).json();
      const contacts = (await t.request({ method: 'GET', url: `/api/console/hardship-files/${f.id}/contacts`, cookie })).json();
      return [help.helpers.length, help.contactState, (contacts.items ?? contacts).length];
    };
    expect(await card('王*军')).toEqual([2, 'due', 3]);
    expect(await card('陈*刚')).toEqual([0, 'due', 0]);
    const callbacks = (await t.request({ method: 'GET', url: '/api/console/hardship-callbacks', cookie })).json();
    expect((callbacks.items ?? callbacks).map((c: { status: string; satisfaction: number }) => [c.status, c.satisfaction])).toEqual([
      ['done', 5],
    ]);
    // 浙江's competition weighs as 安徽's does, and 绍兴's districts are ranked on it.
    const ranking = (
      await t.request({ method: 'GET', url: `/api/console/hardship-ranking?orgId=${t.demo.city.id}`, cookie: zhejiang })
    ).json();
    expect([ranking.indicatorsOrgId, ranking.indicators[0]]).toEqual([
      t.demo.province.id,
      expect.objectContaining({ code: 'median_days_to_first_aid', weight: 25 }),
    ]);
  });
});
