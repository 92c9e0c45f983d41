// A member enrols in 绍兴's plan on 乌鲁木齐's rules and pays; files a hospital claim that the union
// approves with two reviewers; the claim is paid in a batch through the funds ledger and the bank file
// lists it. Then what the rules refuse: a third stay, a day outside the cycle, the waiting period,
// figures that cannot be, an over-age person, a stranger to the roll — and a sibling district's staff.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { shanghaiDay } from '../../platform/time/shanghai.js';
import { newMemberAccount } from '../members/testing.js';
import { XINKANG_PLAN } from './rules.js';
import {
  ALL_CHECKED,
  bill,
  claimBody,
  enrol,
  enrolled,
  fundPlan,
  member,
  newPlan,
  staffCall as call,
} from '../../../test/harness/mutual-aid.js';

const yuan = (n: number) => n * 100;

describe('mutual-aid enrolment and claims', () => {
  const h = useTestApp();

  it('enrols and pays, approves 50 % + 40 % (capped at 5,000) with a second reviewer, and pays the batch from the fund', async () => {
    const { t } = h;
    const today = shanghaiDay(new Date());
    const plan = await newPlan(t, { secondReviewAboveFen: yuan(10_000) });
    const m = await member(t, { birth: '19880313', name: '王建军' });

    const plans = await t.request({ method: 'GET', url: '/api/member/mutual-aid/plans', cookie: m.cookie });
    expect(plans.statusCode, plans.body).toBe(200);
    expect(plans.json()).toMatchObject({
      paymentProvider: 'dev-instant',
      items: [{ plan: { id: plan.id, rule: { pricePerShareFen: 11_000 } }, enrolments: [] }],
    });

    const enrolment = await enrolled(t, plan.id, m);
    expect(enrolment).toMatchObject({ status: 'active', enrolledOn: today, priceFen: 11_000, insuredName: '王*军', coveredFrom: today });
    expect(enrolment.certificateNo).toMatch(new RegExp(`^${plan.code}\\d{4}\\d{8}$`));
    const again = await enrol(t, plan.id, m);
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json()).toMatchObject({ code: 'mutual-aid.already_enrolled' });

    // 110 yuan came into the plan's fund at 绍兴.
    const fund = await call(t, 'zhejiang', 'GET', `/api/console/funds/${plan.fundId}`);
    expect(fund.statusCode, fund.body).toBe(200);
    expect(JSON.stringify(fund.json())).toContain('"receivedFen":11000');

    // 30,000 in scope at 50 % and 20,000 above the ceiling at 40 % (8,000, capped at 5,000): 20,000 yuan.
    const filed = await t.request({
      method: 'POST',
      url: '/api/member/mutual-aid/claims',
      cookie: m.cookie,
      body: claimBody(enrolment.id, today, bill({ total: 80_000, inScope: 30_000, above: 20_000 })),
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const claim = filed.json<{ id: string; claimNo: string; payoutFen: number }>();
    expect(filed.json()).toMatchObject({
      status: 'submitted',
      payoutFen: yuan(20_000),
      lines: [
        { kind: 'hospital', baseFen: yuan(30_000), payoutFen: yuan(15_000), capped: false },
        { kind: 'above_ceiling', baseFen: yuan(20_000), payoutFen: yuan(5_000), capped: true },
      ],
    });
    expect(t.sms.sent.at(-1)).toMatchObject({ phone: m.phone, template: 'mutual_aid_claim' });

    // 越城 (the sibling district) cannot see or decide it.
    expect((await call(t, 'yuecheng', 'GET', `/api/console/mutual-aid-claims/${claim.id}`)).statusCode).toBe(404);
    expect(
      (
        await call(t, 'yuecheng', 'POST', `/api/console/mutual-aid-claims/${claim.id}/review`, {
          action: 'approve',
          checklist: ALL_CHECKED,
        })
      ).statusCode,
    ).toBe(404);
    const yuechengList = await call(t, 'yuecheng', 'GET', `/api/console/mutual-aid-claims?planId=${plan.id}`);
    expect(yuechengList.json()).toEqual({ items: [], nextCursor: null });

    const detail = await call(t, 'keqiao', 'GET', `/api/console/mutual-aid-claims/${claim.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({
      insured: { name: '王建军', relation: 'self' },
      medical: { hospital: '绍兴市人民医院', diagnosis: '急性阑尾炎', bankAccount: { accountNoMasked: '**** 0123' } },
      used: [],
      steps: [{ action: 'filed', toStatus: 'submitted', actorType: 'member' }],
    });

    const unchecked = await call(t, 'keqiao', 'POST', `/api/console/mutual-aid-claims/${claim.id}/review`, {
      action: 'approve',
      checklist: { ...ALL_CHECKED, invoice: false },
    });
    expect(unchecked.statusCode, unchecked.body).toBe(400);
    expect(unchecked.json()).toMatchObject({ code: 'mutual-aid.checklist_incomplete' });

    const first = await call(t, 'keqiao', 'POST', `/api/console/mutual-aid-claims/${claim.id}/review`, {
      action: 'approve',
      checklist: ALL_CHECKED,
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'second_review', needsSecondReview: true, sampled: false });
    const same = await call(t, 'keqiao', 'POST', `/api/console/mutual-aid-claims/${claim.id}/review`, {
      action: 'approve',
      checklist: ALL_CHECKED,
    });
    expect(same.statusCode, same.body).toBe(409);
    expect(same.json()).toMatchObject({ code: 'mutual-aid.second_reviewer' });
    const second = await call(t, 'zhejiang', 'POST', `/api/console/mutual-aid-claims/${claim.id}/review`, {
      action: 'approve',
      checklist: ALL_CHECKED,
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ status: 'approved', payoutFen: yuan(20_000) });
    expect(t.sms.sent.at(-1)?.params.status).toContain('已批准，互助金 20,000.00 元');

    // The fund holds 110 yuan: the province gives it 50,000 more before the batch is paid.
    await fundPlan(t, plan, 50_000);

    const batch = await call(t, 'zhejiang', 'POST', `/api/console/mutual-aid-plans/${plan.id}/batches`, { name: '2026年12月互助金' });
    expect(batch.statusCode, batch.body).toBe(201);
    expect(batch.json()).toMatchObject({ status: 'draft', claims: 1, totalFen: yuan(20_000) });
    // 柯桥 reviews claims but does not run 绍兴's money.
    expect((await call(t, 'keqiao', 'POST', `/api/console/mutual-aid-plans/${plan.id}/batches`, { name: 'x批次' })).statusCode).toBe(404);

    const bank = await call(
      t,
      'zhejiang',
      'GET',
      `/api/console/mutual-aid-batches/${batch.json().id as string}/bank-file.xlsx?reason=${encodeURIComponent('交银行代发')}`,
    );
    expect(bank.statusCode, bank.body).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bank.rawPayload as unknown as ArrayBuffer);
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[2]).toEqual([undefined, '序号', '收款人姓名', '身份证号', '开户银行', '银行账号', '金额（元）', '摘要', '申请编号']);
    expect(rows[3]!.slice(1, 9)).toEqual([
      1,
      '王建军',
      m.idNumber,
      '中国工商银行柯桥支行',
      '6222021234567890123',
      20_000,
      '职工医疗互助金',
      claim.claimNo,
    ]);

    const paid = await call(t, 'zhejiang', 'POST', `/api/console/mutual-aid-batches/${batch.json().id as string}/pay`, {});
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid' });
    expect((await call(t, 'zhejiang', 'POST', `/api/console/mutual-aid-batches/${batch.json().id as string}/pay`, {})).statusCode).toBe(
      409,
    );
    expect(t.sms.sent.at(-1)?.params.status).toContain('互助金 20,000.00 元已发放');

    const mine = await t.request({ method: 'GET', url: '/api/member/mutual-aid/claims', cookie: m.cookie });
    expect(mine.json()).toMatchObject({ items: [{ claimNo: claim.claimNo, status: 'paid', payoutFen: yuan(20_000) }] });
    const tree = await call(t, 'zhejiang', 'GET', `/api/console/funds/${plan.fundId}`);
    expect(JSON.stringify(tree.json())).toContain(`"spentFen":${yuan(20_000)}`);

    // The second stay in the cycle pays 50 % again; the large-amount benefit is used up, so it pays nothing of it.
    const stay2 = await t.request({
      method: 'POST',
      url: '/api/member/mutual-aid/claims',
      cookie: m.cookie,
      body: claimBody(enrolment.id, today, bill({ total: 9_000, inScope: 4_000, above: 1_000 })),
    });
    expect(stay2.json()).toMatchObject({ payoutFen: yuan(2_000), lines: [{ kind: 'hospital' }] });
    const approve2 = await call(t, 'keqiao', 'POST', `/api/console/mutual-aid-claims/${stay2.json().id as string}/review`, {
      action: 'approve',
      checklist: ALL_CHECKED,
    });
    expect(approve2.json()).toMatchObject({ status: 'approved' });
    // A third stay: both benefits used up in this cycle.
    const stay3 = await t.request({
      method: 'POST',
      url: '/api/member/mutual-aid/claims',
      cookie: m.cookie,
      body: claimBody(enrolment.id, today, bill({ total: 9_000, inScope: 4_000, above: 1_000 })),
    });
    expect(stay3.statusCode, stay3.body).toBe(422);
    expect(stay3.json()).toMatchObject({ code: 'mutual-aid.claim_refused' });
    expect(stay3.json<{ errors: { code: string }[] }>().errors.map((e) => e.code)).toEqual([
      'mutual-aid.times_used',
      'mutual-aid.times_used',
    ]);
    expect(stay3.json<{ title: string }>().title).toContain('本期「住院医疗互助金」已领取 2 次，已达上限');
  });

  it('refuses what the rules refuse, each with its code, and writes nothing', async () => {
    const { t } = h;
    const today = shanghaiDay(new Date());
    const plan = await newPlan(t);
    const m = await member(t);
    const enrolment = await enrolled(t, plan.id, m);
    const cycleStart = (await t.request({ method: 'GET', url: '/api/member/mutual-aid/enrolments', cookie: m.cookie })).json<{
      items: { cycleStart: string }[];
    }>().items[0]!.cycleStart;
    const file = (body: unknown) => t.request({ method: 'POST', url: '/api/member/mutual-aid/claims', cookie: m.cookie, body });

    const before = new Date(new Date(`${cycleStart}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);
    const outside = await file(claimBody(enrolment.id, before, bill({ total: 5_000, inScope: 2_000 })));
    expect(outside.statusCode, outside.body).toBe(422);
    expect(outside.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe('mutual-aid.outside_cycle');

    const negative = await file(
      claimBody(enrolment.id, today, { totalFen: 100, inScopeSelfPaidFen: -1, aboveCeilingFen: 0, selfPaidFen: 0 }),
    );
    expect(negative.statusCode, negative.body).toBe(400);
    expect(negative.json<{ errors: { code: string; field: string }[] }>().errors).toMatchObject([
      { code: 'mutual-aid.amount_invalid', field: 'figures.inScopeSelfPaidFen' },
    ]);
    const over = await file(
      claimBody(enrolment.id, today, { totalFen: 1_000, inScopeSelfPaidFen: 800, aboveCeilingFen: 0, selfPaidFen: 1_200 }),
    );
    expect(over.json<{ errors: { code: string }[] }>().errors.map((e) => e.code)).toEqual(['mutual-aid.self_paid_over_total']);
    const parts = await file(
      claimBody(enrolment.id, today, { totalFen: 1_000, inScopeSelfPaidFen: 800, aboveCeilingFen: 300, selfPaidFen: 1_000 }),
    );
    expect(parts.json<{ errors: { code: string; field: string }[] }>().errors.map((e) => [e.field, e.code])).toEqual([
      ['figures.selfPaidFen', 'mutual-aid.parts_over_self_paid'],
    ]);

    // Over age: born 1960, 66 on enrolment.
    const old = await member(t, { birth: '19600101' });
    const tooOld = await t.request({
      method: 'POST',
      url: '/api/member/mutual-aid/enrolments',
      cookie: old.cookie,
      body: {
        planId: plan.id,
        relation: 'self',
        insured: { name: old.name, idNumber: old.idNumber },
        shares: 1,
        employed: true,
        healthDeclared: true,
      },
    });
    expect(tooOld.statusCode, tooOld.body).toBe(422);
    expect(tooOld.json()).toMatchObject({
      code: 'mutual-aid.not_eligible',
      errors: [{ field: 'insured.idNumber', code: 'mutual-aid.age', message: expect.stringContaining('16–60') }],
    });

    // Someone else's 身份证号, and an account that is not a member.
    const other = await member(t);
    const notOwn = await t.request({
      method: 'POST',
      url: '/api/member/mutual-aid/enrolments',
      cookie: other.cookie,
      body: {
        planId: plan.id,
        relation: 'self',
        insured: { name: m.name, idNumber: m.idNumber },
        shares: 1,
        employed: true,
        healthDeclared: true,
      },
    });
    expect(notOwn.json<{ errors: { code: string }[] }>().errors.map((e) => e.code)).toContain('mutual-aid.not_own_id');
    const stranger = await newMemberAccount(t.platform);
    const notMember = await t.request({
      method: 'POST',
      url: '/api/member/mutual-aid/enrolments',
      cookie: stranger.cookie,
      body: {
        planId: plan.id,
        relation: 'self',
        insured: { name: m.name, idNumber: m.idNumber },
        shares: 1,
        employed: true,
        healthDeclared: true,
      },
    });
    expect(notMember.statusCode, notMember.body).toBe(403);
    expect(notMember.json()).toMatchObject({ code: 'mutual-aid.not_member' });

    // 女性馨康: a man may enrol his wife; she waits 90 days before a diagnosis is covered.
    const xk = await newPlan(t, { rule: XINKANG_PLAN, name: '女性馨康' });
    const husband = await member(t, { birth: '19850101' });
    const wifeId = (await import('../members/testing.js')).makeIdNumber('330621', '19870505', 222);
    const wife = await t.request({
      method: 'POST',
      url: '/api/member/mutual-aid/enrolments',
      cookie: husband.cookie,
      body: {
        planId: xk.id,
        relation: 'spouse',
        insured: { name: '张丽', idNumber: wifeId },
        shares: 2,
        employed: false,
        healthDeclared: true,
      },
    });
    expect(wife.statusCode, wife.body).toBe(201);
    expect(wife.json()).toMatchObject({
      enrolment: { status: 'active', relation: 'spouse', shares: 2, priceFen: 7_000, insuredName: '张*' },
    });
    const waiting = await t.request({
      method: 'POST',
      url: '/api/member/mutual-aid/claims',
      cookie: husband.cookie,
      body: {
        ...claimBody(wife.json().enrolment.id as string, today, bill({ total: 30_000, inScope: 10_000 })),
        disease: { code: 'breast_cancer', grade: 2 },
      },
    });
    expect(waiting.statusCode, waiting.body).toBe(422);
    expect(waiting.json<{ errors: { code: string; field: string }[] }>().errors[0]).toMatchObject({
      field: 'admittedOn',
      code: 'mutual-aid.waiting_period',
    });
    // A man himself may not enrol in it.
    const himself = await t.request({
      method: 'POST',
      url: '/api/member/mutual-aid/enrolments',
      cookie: husband.cookie,
      body: {
        planId: xk.id,
        relation: 'self',
        insured: { name: husband.name, idNumber: husband.idNumber },
        shares: 1,
        employed: true,
        healthDeclared: true,
      },
    });
    expect(himself.json<{ errors: { code: string }[] }>().errors.map((e) => e.code)).toEqual(['mutual-aid.women_only']);

    // Nothing of the refusals was written: one claim-less enrolment each for m and the wife.
    const claims = await call(t, 'zhejiang', 'GET', '/api/console/mutual-aid-claims');
    expect(claims.json()).toEqual({ items: [], nextCursor: null });
  });
});
