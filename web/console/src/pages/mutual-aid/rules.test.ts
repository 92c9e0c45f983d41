import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/api.ts';
import { access } from '../../access.ts';
import type { ChecklistKey } from './api.ts';
import {
  benefitText,
  canDrill,
  checklistBody,
  checklistComplete,
  DISEASES,
  drillTrail,
  eligibilityTexts,
  firstApproval,
  groupTemplateCsv,
  lineBasisText,
  limitText,
  PLAN_TEMPLATES,
  planFieldOf,
  priceText,
  refusalOf,
  shanghaiDayOf,
  toPlanBody,
  waitingText,
  yuanWords,
  type PlanValues,
} from './rules.ts';

const yuan = (n: number) => n * 100;
const basics = {
  orgId: 'org-1',
  name: '职工住院医疗互助保障',
  code: 'ZGYL',
  startOn: '2027-01-01',
  secondReviewAbove: '10,000',
  samplePct: 5,
};

describe(toPlanBody.name, () => {
  it('turns 乌鲁木齐’s scheme into the server’s rule in fen: 110 yuan, 50 % twice, 40 % once up to 5,000', () => {
    const made = toPlanBody({ ...basics, ...PLAN_TEMPLATES.urumqi });
    expect(made).toEqual({
      ok: true,
      body: {
        orgId: 'org-1',
        name: '职工住院医疗互助保障',
        code: 'ZGYL',
        startOn: '2027-01-01',
        secondReviewAboveFen: yuan(10_000),
        samplePct: 5,
        rule: {
          pricePerShareFen: yuan(110),
          maxShares: 1,
          waitingDays: 0,
          eligibility: { minAge: 16, maxAge: 60, employed: true },
          benefits: [
            { kind: 'hospital', ratePct: 50, timesPerCycle: 2 },
            { kind: 'above_ceiling', ratePct: 40, timesPerCycle: 1, capFen: yuan(5_000) },
          ],
        },
      },
    });
  });

  it('keeps 女性馨康’s 13 diseases and 10,000 / 20,000 / 30,000 a share by grade, for women 16–59 who declare their health', () => {
    const made = toPlanBody({ ...basics, ...PLAN_TEMPLATES.xinkang });
    if (!made.ok) throw new Error(JSON.stringify(made.problems));
    expect(made.body.rule).toEqual({
      pricePerShareFen: yuan(35),
      maxShares: 3,
      waitingDays: 90,
      eligibility: { minAge: 16, maxAge: 59, employed: true, women: true, healthDeclaration: true },
      benefits: [
        {
          kind: 'first_diagnosis',
          diseases: [...DISEASES],
          fenPerShareByGrade: [yuan(10_000), yuan(20_000), yuan(30_000)],
          timesPerCycle: 1,
        },
      ],
    });
    expect(DISEASES).toHaveLength(13);
  });

  it('takes 广东’s free plan: 0 yuan a share, the self-paid portion in full up to 210,000', () => {
    const made = toPlanBody({ ...basics, ...PLAN_TEMPLATES.guangdong });
    if (!made.ok) throw new Error(JSON.stringify(made.problems));
    expect(made.body.rule.pricePerShareFen).toBe(0);
    expect(made.body.rule.benefits).toEqual([{ kind: 'self_paid_full', capFen: yuan(210_000) }]);
  });

  it('reads yuan exactly (0.29 is 29 fen) and names every box at fault', () => {
    const made = toPlanBody({
      ...basics,
      price: '12.29',
      maxShares: 1,
      minAge: 60,
      maxAge: 16,
      benefits: [
        { kind: 'above_ceiling', ratePct: 40, timesPerCycle: 1, cap: '5,000.001' },
        { kind: 'first_diagnosis', diseases: [], grades: ['10000', ''], timesPerCycle: 1 },
      ],
    });
    expect(made.ok).toBe(false);
    if (made.ok) return;
    expect(made.problems.map(([path]) => path)).toEqual([
      ['maxAge'],
      ['benefits', 0, 'cap'],
      ['benefits', 1, 'diseases'],
      ['benefits', 1, 'grades'],
    ]);
    const priced = toPlanBody({ ...basics, ...PLAN_TEMPLATES.urumqi, price: '12.29' });
    expect(priced.ok && priced.body.rule.pricePerShareFen).toBe(1229);
  });

  it('refuses a plan without benefits, or with one kind twice', () => {
    const none: PlanValues = { ...basics, ...PLAN_TEMPLATES.urumqi, benefits: [] };
    expect(toPlanBody(none)).toMatchObject({ ok: false, problems: [[['benefits'], '请至少添加一项保障内容']] });
    const twice: PlanValues = {
      ...basics,
      ...PLAN_TEMPLATES.urumqi,
      benefits: [
        { kind: 'hospital', ratePct: 50, timesPerCycle: 2 },
        { kind: 'hospital', ratePct: 40, timesPerCycle: 1 },
      ],
    };
    expect(toPlanBody(twice)).toMatchObject({ ok: false, problems: [[['benefits'], '同一种保障只能添加一项']] });
  });
});

describe(planFieldOf.name, () => {
  it('puts the server’s field problems under the form’s boxes', () => {
    expect(planFieldOf('body.code')).toEqual(['code']);
    expect(planFieldOf('body.rule.pricePerShareFen')).toEqual(['price']);
    expect(planFieldOf('body.rule.eligibility.maxAge')).toEqual(['maxAge']);
    expect(planFieldOf('body.rule.benefits.1.capFen')).toEqual(['benefits', 1, 'cap']);
    expect(planFieldOf('body.rule.benefits.0.fenPerShareByGrade.2')).toEqual(['benefits', 0, 'grades']);
    expect(planFieldOf('body.rule.benefits')).toEqual(['benefits']);
    expect(planFieldOf('body.secondReviewAboveFen')).toEqual(['secondReviewAbove']);
    expect(planFieldOf('somewhere.else')).toBeNull();
    expect(planFieldOf(undefined)).toBeNull();
  });
});

describe('a plan in words', () => {
  const urumqi = toPlanBody({ ...basics, ...PLAN_TEMPLATES.urumqi });
  const xinkang = toPlanBody({ ...basics, ...PLAN_TEMPLATES.xinkang });
  if (!urumqi.ok || !xinkang.ok) throw new Error('templates');

  it('says what each benefit pays, as the scheme’s notice would', () => {
    expect(urumqi.body.rule.benefits.map(benefitText)).toEqual([
      '住院医疗互助金：医保范围内个人自付费用的 50%，每个保障期最多 2 次',
      '大额医疗互助金：超过医保最高支付限额的自付费用的 40%，每个保障期最多 1 次，累计不超过 5,000 元',
    ]);
    expect(xinkang.body.rule.benefits.map(benefitText)).toEqual([
      '女性特殊疾病互助金：首次确诊 13 种女性特殊疾病之一，每份按病情等级给付 1 级 10,000 元、2 级 20,000 元、3 级 30,000 元，每个保障期 1 次',
    ]);
    expect(benefitText({ kind: 'self_paid_full', capFen: yuan(210_000) })).toBe(
      '住院自付费用全额互助金：住院个人自付费用全额给付，每个保障期累计不超过 210,000 元',
    );
  });

  it('names who may enrol, the price and the waiting period', () => {
    expect(eligibilityTexts(xinkang.body.rule)).toEqual(['16–59 周岁', '在职职工', '女职工或男会员的配偶', '须健康告知']);
    expect(priceText(xinkang.body.rule)).toBe('每份 ¥35.00，最多 3 份');
    expect(priceText(urumqi.body.rule)).toBe('每人 ¥110.00');
    expect(priceText({ pricePerShareFen: 0, maxShares: 1 })).toBe('免费参加');
    expect(waitingText(90)).toBe('观察期 90 天');
    expect(waitingText(0)).toBe('无观察期');
    expect(yuanWords(500_050)).toBe('5,000.50 元');
  });

  it('shows how a payout line was reached and what a cycle allows', () => {
    const rule = urumqi.body.rule;
    expect(lineBasisText({ kind: 'hospital', baseFen: yuan(30_000) }, rule, 1)).toBe('¥30,000.00 × 50%');
    expect(lineBasisText({ kind: 'first_diagnosis', baseFen: yuan(20_000) }, xinkang.body.rule, 3)).toBe('每份 ¥20,000.00 × 3 份');
    expect(lineBasisText({ kind: 'hospital', baseFen: yuan(300) }, null, 1)).toBe('¥300.00');
    expect(limitText('above_ceiling', rule)).toBe('每期 1 次、累计不超过 5,000 元');
    expect(limitText('hospital', rule)).toBe('每期 2 次');
    expect(limitText('self_paid_full', rule)).toBeNull();
  });
});

describe('the review', () => {
  const keys: ChecklistKey[] = ['identity', 'enrolment', 'invoice', 'discharge_summary', 'amounts', 'bank_account'];
  const all = Object.fromEntries(keys.map((k) => [k, true])) as Record<ChecklistKey, boolean>;

  it('enables 批准 only when every item is ticked', () => {
    expect(checklistComplete(keys, all)).toBe(true);
    expect(checklistComplete(keys, { ...all, invoice: false })).toBe(false);
    expect(checklistComplete(keys, {})).toBe(false);
    expect(checklistComplete([], {})).toBe(false);
  });

  it('sends every item, ticked or not', () => {
    expect(checklistBody(keys, { identity: true })).toEqual({
      identity: true,
      enrolment: false,
      invoice: false,
      discharge_summary: false,
      amounts: false,
      bank_account: false,
    });
  });

  it('reads a refusal’s title and each of its reasons once, leaving out those the title already says', () => {
    const usedUp = '本期「住院医疗互助金」已领取 2 次，已达上限';
    const error = new ApiError({
      title: `按计划规则不能赔付：${usedUp}`,
      status: 422,
      code: 'mutual-aid.claim_refused',
      errors: [
        { code: 'mutual-aid.times_used', field: 'claim', message: usedUp },
        { code: 'mutual-aid.times_used', field: 'claim', message: usedUp },
        { code: 'mutual-aid.cap_used', field: 'claim', message: '本期「大额医疗互助金」已达封顶金额' },
      ],
    });
    expect(refusalOf(error)).toEqual({
      title: `按计划规则不能赔付：${usedUp}`,
      items: ['本期「大额医疗互助金」已达封顶金额'],
      code: 'mutual-aid.claim_refused',
    });
    expect(refusalOf(new Error('x'))).toBeNull();
  });

  it('names the latest first approval', () => {
    const steps = [
      { action: 'filed', actorName: null, createdAt: '2026-12-01T01:00:00Z' },
      { action: 'approve', actorName: '柯桥区总工会管理员', createdAt: '2026-12-02T01:00:00Z' },
    ];
    expect(firstApproval(steps)?.actorName).toBe('柯桥区总工会管理员');
    expect(firstApproval(steps.slice(0, 1))).toBeNull();
  });
});

describe('batches, lists and the dashboard', () => {
  it('gives the group list’s columns in a CSV Excel reads as UTF-8', () => {
    expect(groupTemplateCsv(['姓名', '身份证号', '份数'])).toBe('\uFEFF姓名,身份证号,份数\r\n');
  });

  it('counts days in Shanghai', () => {
    expect(shanghaiDayOf(new Date('2026-12-06T16:30:00Z'))).toBe('2026-12-07');
    expect(shanghaiDayOf(new Date('2026-12-06T16:30:00Z'), -1)).toBe('2026-12-06');
  });

  it('drills into an area below and back up the trail, but not into the area itself', () => {
    const province = { id: 'p', name: '浙江省总工会' };
    const city = { id: 'c', name: '绍兴市总工会' };
    expect(drillTrail([province], city)).toEqual([province, city]);
    expect(drillTrail([province, city], province)).toEqual([province]);
    expect(canDrill({ area: province }, { orgId: 'c' })).toBe(true);
    expect(canDrill({ area: province }, { orgId: 'p' })).toBe(false);
  });
});

describe('mutual-aid access', () => {
  it('lets a viewer read, an operator upload and draw batches, a reviewer decide claims and an admin set up plans and pay', () => {
    const flags = (role: 'viewer' | 'operator' | 'reviewer' | 'admin') => {
      const a = access({ roles: { 'mutual-aid': role } });
      return [a.canViewMutualAid, a.canEditMutualAid, a.canReviewMutualAid, a.canAdminMutualAid];
    };
    expect(flags('viewer')).toEqual([true, false, false, false]);
    expect(flags('operator')).toEqual([true, true, false, false]);
    expect(flags('reviewer')).toEqual([true, true, true, false]);
    expect(flags('admin')).toEqual([true, true, true, true]);
    expect(access({ roles: { hardship: 'admin' } }).canViewMutualAid).toBe(false);
  });
});
