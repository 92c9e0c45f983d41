// 一单式 at the hospital: a hospital partner settles a discharge over the signed API and gets the payout
// at once; a retry with the same Idempotency-Key answers the first; the same discharge sent again is a
// duplicate; corrected figures re-settle (the first cancelled); the day reconciles per hospital and is
// paid from the plan's fund once. A merchant may not settle, and a patient not enrolled is refused.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { shanghaiDay } from '../../platform/time/shanghai.js';
import { newPartner } from '../partners/testing.js';
import {
  bill,
  enrolled,
  fundPlan,
  hospital,
  member,
  newPlan,
  partnerCall,
  settle,
  staffCall as call,
} from '../../../test/harness/mutual-aid.js';

const yuan = (n: number) => n * 100;

describe('mutual-aid settlement at the hospital', () => {
  const h = useTestApp();

  it('settles at discharge, replays, refuses a duplicate, re-settles, reconciles and pays the hospital once', async () => {
    const { t } = h;
    const today = shanghaiDay(new Date());
    const plan = await newPlan(t);
    await fundPlan(t, plan, 10_000);
    const m = await member(t, { birth: '19880314', name: '王建军' });
    await enrolled(t, plan.id, m);
    const { key, partner } = await hospital(t);
    const discharge = {
      idNumber: m.idNumber,
      name: m.name,
      settlementRef: 'ZY20261207-0001',
      admittedOn: today,
      dischargedOn: today,
      figures: bill({ total: 12_000, inScope: 3_000, above: 0, selfPaid: 3_500 }),
      diagnosis: '腰椎间盘突出',
    };

    const first = await settle(t, key, discharge, 'settle-1');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      payoutFen: yuan(1_500),
      lines: [{ kind: 'hospital', baseFen: yuan(3_000), payoutFen: yuan(1_500) }],
      insuredName: '王*军',
      replaces: null,
      settlementRef: 'ZY20261207-0001',
    });
    const replay = await settle(t, key, discharge, 'settle-1');
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());

    const duplicate = await settle(t, key, discharge, 'settle-2');
    expect(duplicate.statusCode, duplicate.body).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'mutual-aid.settlement_duplicate' });

    // The hospital corrects the figures: the first settlement is cancelled, the new one pays 2,000.
    const corrected = await settle(t, key, { ...discharge, figures: bill({ total: 12_000, inScope: 4_000, selfPaid: 4_500 }) }, 'settle-3');
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ payoutFen: yuan(2_000), replaces: first.json().settlementId });

    // The cancelled one does not count against the two stays: a second discharge still pays.
    const second = await settle(t, key, {
      ...discharge,
      settlementRef: 'ZY20261207-0002',
      figures: bill({ total: 2_000, inScope: 1_000 }),
    });
    expect(second.json()).toMatchObject({ payoutFen: yuan(500) });
    const third = await settle(t, key, { ...discharge, settlementRef: 'ZY20261207-0003', figures: bill({ total: 2_000, inScope: 1_000 }) });
    expect(third.statusCode, third.body).toBe(422);
    expect(third.json()).toMatchObject({ code: 'mutual-aid.not_covered', errors: [{ code: 'mutual-aid.times_used' }] });

    const day = await partnerCall(t, key, { method: 'GET', path: `/partner/v1/mutual-aid/reconciliation?day=${today}` });
    expect(day.statusCode, day.body).toBe(200);
    expect(day.json()).toMatchObject({ hospital: partner.name, settled: 2, cancelled: 1, payoutFen: yuan(2_500) });
    expect(day.json<{ lines: { status: string; replacedBy: string | null }[] }>().lines.map((l) => l.status)).toEqual([
      'cancelled',
      'settled',
      'settled',
    ]);

    // The member sees the live settlements in the H5.
    const mine = await t.request({ method: 'GET', url: '/api/member/mutual-aid/claims', cookie: m.cookie });
    expect(mine.json<{ items: { status: string; payoutFen: number }[] }>().items.map((c) => [c.status, c.payoutFen])).toEqual([
      ['settled', yuan(500)],
      ['settled', yuan(2_000)],
    ]);

    const run = await call(t, 'zhejiang', 'POST', '/api/console/mutual-aid-reconciliations/run', { day: today });
    expect(run.json()).toEqual({ lines: 1 });
    const list = await call(t, 'zhejiang', 'GET', `/api/console/mutual-aid-reconciliations?planId=${plan.id}`);
    expect(list.json()).toMatchObject({
      items: [{ hospital: partner.name, day: today, settled: 2, cancelled: 1, totalFen: yuan(2_500), status: 'open' }],
    });
    // 柯桥 does not run 绍兴's plan: it sees no reconciliations and cannot pay them.
    expect((await call(t, 'keqiao', 'GET', `/api/console/mutual-aid-reconciliations?planId=${plan.id}`)).json()).toEqual({ items: [] });
    const keqiaoPays = await call(t, 'keqiao', 'POST', '/api/console/mutual-aid-reconciliations/pay', {
      partnerId: partner.id,
      planId: plan.id,
      day: today,
    });
    expect(keqiaoPays.statusCode).toBe(404);

    const paid = await call(t, 'zhejiang', 'POST', '/api/console/mutual-aid-reconciliations/pay', {
      partnerId: partner.id,
      planId: plan.id,
      day: today,
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', totalFen: yuan(2_500), hospital: partner.name });
    const again = await call(t, 'zhejiang', 'POST', '/api/console/mutual-aid-reconciliations/pay', {
      partnerId: partner.id,
      planId: plan.id,
      day: today,
    });
    expect(again.statusCode).toBe(409);
    const fund = await call(t, 'zhejiang', 'GET', `/api/console/funds/${plan.fundId}`);
    expect(JSON.stringify(fund.json())).toContain(`"spentFen":${yuan(2_500)}`);

    // The dashboard counts 1 member, 110 yuan in, 2 settlements, 2,500 yuan out.
    const dash = await call(t, 'zhejiang', 'GET', `/api/console/mutual-aid-dashboard?planId=${plan.id}`);
    expect(dash.statusCode, dash.body).toBe(200);
    expect(dash.json()).toMatchObject({
      total: { enrolled: 1, contributionsFen: 11_000, settlements: 2, settledFen: yuan(2_500), paidOutFen: yuan(2_500) },
    });
    const yuecheng = await call(t, 'yuecheng', 'GET', `/api/console/mutual-aid-dashboard?planId=${plan.id}`);
    expect(yuecheng.json()).toMatchObject({ total: { enrolled: 0, settlements: 0 }, fund: null });
    // 绍兴's staff see the fund itself: 110 yuan of contributions and 10,000 put in, 2,500 paid to the hospital.
    expect(dash.json()).toMatchObject({ fund: { receivedFen: yuan(10_110), spentFen: yuan(2_500), availableFen: yuan(7_610) } });
  });

  it('refuses a merchant, a patient not enrolled, figures that cannot be and a missing key, writing nothing', async () => {
    const { t } = h;
    const today = shanghaiDay(new Date());
    const plan = await newPlan(t);
    const m = await member(t);
    const other = await member(t);
    await enrolled(t, plan.id, m);
    const { key } = await hospital(t, '柯桥中医院');
    const body = (over: Record<string, unknown> = {}) => ({
      idNumber: m.idNumber,
      name: m.name,
      settlementRef: 'ZY-1',
      admittedOn: today,
      dischargedOn: today,
      figures: bill({ total: 1_000, inScope: 500 }),
      ...over,
    });

    const merchant = await newPartner(t.platform, t.demo.keqiao, { kind: 'merchant' });
    const asMerchant = await settle(t, merchant.key, body());
    expect(asMerchant.statusCode, asMerchant.body).toBe(403);
    expect(asMerchant.json()).toMatchObject({ code: 'mutual-aid.not_hospital' });

    const notEnrolled = await settle(t, key, body({ idNumber: other.idNumber, name: other.name }));
    expect(notEnrolled.statusCode, notEnrolled.body).toBe(422);
    expect(notEnrolled.json()).toMatchObject({ code: 'mutual-aid.not_covered', errors: [{ code: 'mutual-aid.not_covered' }] });

    const negative = await settle(
      t,
      key,
      body({ figures: { totalFen: 1_000, inScopeSelfPaidFen: -5, aboveCeilingFen: 0, selfPaidFen: 0 } }),
    );
    expect(negative.statusCode, negative.body).toBe(400);
    expect(negative.json()).toMatchObject({ code: 'mutual-aid.invalid', errors: [{ code: 'mutual-aid.amount_invalid' }] });
    const backwards = await settle(t, key, body({ admittedOn: today, dischargedOn: '2020-01-01' }));
    expect(backwards.json()).toMatchObject({ errors: [{ code: 'mutual-aid.discharge_before_admission' }] });

    const unsigned = await t.app.inject({ method: 'POST', url: '/partner/v1/mutual-aid/settlements', payload: body() });
    expect(unsigned.statusCode).toBe(401);

    const day = await partnerCall(t, key, { method: 'GET', path: `/partner/v1/mutual-aid/reconciliation?day=${today}` });
    expect(day.json()).toMatchObject({ settled: 0, cancelled: 0, payoutFen: 0, lines: [] });
  });
});
