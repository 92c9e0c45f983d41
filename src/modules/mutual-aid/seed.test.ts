// The demo's mutual aid as the development server's first start seeds it, at a test's scale: the two
// plans and the three hospitals, members enrolled by their unions with one contribution each, the
// hospitals' settlements reconciled and paid but for the last week, five claims under review; the
// dashboard, the hospital's own day and the books agree. (The development server writes 乌鲁木齐's
// figures — 40,216 enrolled, 628 settlements, 730,000+ yuan — with the same code: URUMQI_FIGURES.)
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { verifyLedger } from '../funds/service/statements.js';
import { seedMutualAidDemo, URUMQI_FIGURES } from './seed.js';
import { partnerCall, staffCall as call } from '../../../test/harness/mutual-aid.js';

describe('the demo mutual aid', () => {
  const h = useTestApp();

  it('seeds the plans, the hospitals, enrolments by union, settlements reconciled and paid, claims under review; the books agree', async () => {
    const { t } = h;
    const { partnerKey: _partnerKey, ...orgs } = t.demo;
    expect(URUMQI_FIGURES).toMatchObject({ enrolled: 40_216, settlements: 628 });
    const seeded = await seedMutualAidDemo(
      { platform: t.platform, database: t.database, orgs, volume: true },
      { members: 400, enrolled: 300, settlements: 20 },
    );
    expect(seeded).toMatchObject({ plans: 2, enrolled: 300, settlements: 20, underReview: 5 });
    const { planId, settledFen, hospitalKey } = seeded as {
      planId: string;
      settledFen: number;
      hospitalKey: { keyId: string; secret: string };
    };

    const plans = (await call(t, 'zhejiang', 'GET', '/api/console/mutual-aid-plans')).json<{
      items: { name: string; code: string; orgName: string }[];
    }>();
    expect(plans.items.map((p) => [p.code, p.name, p.orgName])).toEqual([
      ['SXHZ', '职工医疗互助保障', '绍兴市总工会'],
      ['ZJXK', '女性馨康互助保障', '浙江省总工会'],
    ]);

    const dash = (await call(t, 'zhejiang', 'GET', `/api/console/mutual-aid-dashboard?planId=${planId}`)).json();
    expect(dash).toMatchObject({
      total: { enrolled: 300, byGroup: 300, contributionsFen: 300 * 11_000, settlements: 20, settledFen, underReview: 5, claims: 5 },
    });
    // 柯桥 and 越城 each see their own share, and together they are 绍兴's.
    const keqiao = (await call(t, 'keqiao', 'GET', `/api/console/mutual-aid-dashboard?planId=${planId}`)).json<Totals>();
    const yuecheng = (await call(t, 'yuecheng', 'GET', `/api/console/mutual-aid-dashboard?planId=${planId}`)).json<Totals>();
    expect(keqiao.total.enrolled + yuecheng.total.enrolled).toBe(300);
    expect(keqiao.total.settledFen + yuecheng.total.settledFen).toBe(settledFen);
    // An average stay pays a little over 1,160 yuan, as 乌鲁木齐's 730,000 over 628 do.
    expect(settledFen / 20).toBeGreaterThan(1_000_00);

    const days = (await call(t, 'zhejiang', 'GET', `/api/console/mutual-aid-reconciliations?planId=${planId}&limit=200`)).json<{
      items: { day: string; status: string; totalFen: number }[];
    }>().items;
    expect(days.reduce((sum, d) => sum + d.totalFen, 0)).toBe(settledFen);
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    for (const d of days) expect([d.day, d.status]).toEqual([d.day, d.day >= lastWeek ? 'open' : 'paid']);
    const paidFen = days.filter((d) => d.status === 'paid').reduce((sum, d) => sum + d.totalFen, 0);
    const fund = JSON.stringify((await call(t, 'zhejiang', 'GET', `/api/console/funds/${(await fundOf(t, planId)) ?? ''}`)).json());
    expect(fund).toContain(`"receivedFen":${300 * 11_000}`);
    expect(fund).toContain(`"spentFen":${paidFen}`);
    expect(await verifyLedger(t.platform.db)).toEqual([]);

    // The first hospital's key, printed for the partner page, reads its own days.
    const first = days.at(-1)?.day ?? '';
    const own = await partnerCall(t, hospitalKey, { method: 'GET', path: `/partner/v1/mutual-aid/reconciliation?day=${first}` });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ hospital: '柯桥区人民医院' });

    const review = (await call(t, 'zhejiang', 'GET', `/api/console/mutual-aid-claims?planId=${planId}&status=submitted`)).json<{
      items: { payoutFen: number }[];
    }>();
    expect(review.items.map((c) => c.payoutFen).sort((a, b) => a - b)).toEqual([76_500, 134_000, 210_000, 307_500, 950_000]);
  });
});

type Totals = { total: { enrolled: number; settledFen: number } };

async function fundOf(t: Parameters<typeof call>[0], planId: string): Promise<string | undefined> {
  const plans = (await call(t, 'zhejiang', 'GET', '/api/console/mutual-aid-plans')).json<{ items: { id: string; fundId: string }[] }>();
  return plans.items.find((p) => p.id === planId)?.fundId;
}
