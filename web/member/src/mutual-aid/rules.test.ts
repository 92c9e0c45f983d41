import { describe, expect, it } from 'vitest';
import type { PlanItem, PlanRule } from './api.ts';
import {
  benefitParams,
  canStillEnrol,
  claimBody,
  claimFieldOf,
  enrolFieldOf,
  enrolmentBody,
  gradeSums,
  latestUnionReason,
  offersSpouse,
  payoutKind,
  placeProblems,
  ruleYuan,
  sortClaims,
  stepReason,
  yuan,
} from './rules.ts';

// 乌鲁木齐's plan and 内蒙古's 女性馨康, as the server's rules.ts has them.
const URUMQI: PlanRule = {
  pricePerShareFen: 11_000,
  maxShares: 1,
  waitingDays: 0,
  eligibility: { minAge: 16, maxAge: 60, employed: true },
  benefits: [
    { kind: 'hospital', ratePct: 50, timesPerCycle: 2 },
    { kind: 'above_ceiling', ratePct: 40, timesPerCycle: 1, capFen: 500_000 },
  ],
};
const XINKANG: PlanRule = {
  pricePerShareFen: 3_500,
  maxShares: 3,
  waitingDays: 90,
  eligibility: { minAge: 16, maxAge: 59, employed: true, women: true, healthDeclaration: true },
  benefits: [
    {
      kind: 'first_diagnosis',
      diseases: ['breast_cancer', 'cervical_cancer'],
      fenPerShareByGrade: [1_000_000, 2_000_000, 3_000_000],
      timesPerCycle: 1,
    },
  ],
};

const enrolment = (relation: 'self' | 'spouse', status: 'active' | 'pending_payment' | 'cancelled' = 'active') =>
  ({ relation, status }) as PlanItem['enrolments'][number];

describe('money as a worker reads it', () => {
  it('shows fen as yuan with two decimals and thousands separated', () => {
    expect(yuan(2_000_000)).toBe('20,000.00');
    expect(yuan(11_000)).toBe('110.00');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(123_456_789)).toBe('1,234,567.89');
  });

  it('prints a rule’s caps in whole yuan and its sums per grade in ten-thousands when they are', () => {
    expect(ruleYuan(500_000)).toBe('5,000');
    expect(ruleYuan(21_000_000)).toBe('210,000');
    expect(ruleYuan(500_050)).toBe('5,000.50');
    expect(gradeSums([1_000_000, 2_000_000, 3_000_000])).toEqual({ values: ['1', '2', '3'], tenThousands: true });
    expect(gradeSums([500_000, 800_000])).toEqual({ values: ['5,000', '8,000'], tenThousands: false });
  });
});

describe('a plan in words', () => {
  it('gives each benefit the figures of its sentence', () => {
    const sums = ({ values }: { values: string[] }) => values.join('/');
    expect(URUMQI.benefits.map((b) => benefitParams(b, sums))).toEqual([
      { rate: 50, times: 2 },
      { rate: 40, times: 1, cap: '5,000' },
    ]);
    expect(benefitParams(XINKANG.benefits[0]!, sums)).toEqual({ count: 2, amounts: '1/2/3' });
    expect(benefitParams({ kind: 'self_paid_full', capFen: 21_000_000 }, sums)).toEqual({ cap: '210,000' });
  });

  it('offers to enrol a wife only on a plan for women, and not to a woman', () => {
    expect(offersSpouse(URUMQI, 'male')).toBe(false);
    expect(offersSpouse(XINKANG, 'male')).toBe(true);
    expect(offersSpouse(XINKANG, 'female')).toBe(false);
  });

  it('lets a member enrol again only for someone not yet covered this cycle', () => {
    expect(canStillEnrol({ plan: { rule: URUMQI } as PlanItem['plan'], enrolments: [] }, 'male')).toBe(true);
    expect(canStillEnrol({ plan: { rule: URUMQI } as PlanItem['plan'], enrolments: [enrolment('self')] }, 'male')).toBe(false);
    // An order never paid holds nobody's place.
    expect(canStillEnrol({ plan: { rule: URUMQI } as PlanItem['plan'], enrolments: [enrolment('self', 'cancelled')] }, 'male')).toBe(true);
    expect(canStillEnrol({ plan: { rule: XINKANG } as PlanItem['plan'], enrolments: [enrolment('self')] }, 'male')).toBe(true);
    expect(
      canStillEnrol({ plan: { rule: XINKANG } as PlanItem['plan'], enrolments: [enrolment('self'), enrolment('spouse')] }, 'male'),
    ).toBe(false);
  });
});

describe('enrolment', () => {
  it('sends the name tidied and the 身份证号 as the standard writes it', () => {
    expect(
      enrolmentBody('p1', { relation: 'self', name: ' 陈  立新 ', idNumber: '３３０６２１１９９２０４１５５２１x', employed: true }),
    ).toEqual({
      planId: 'p1',
      relation: 'self',
      insured: { name: '陈 立新', idNumber: '33062119920415521X' },
      shares: 1,
      employed: true,
      healthDeclared: false,
    });
  });

  it('shows the age where it comes from, the 身份证号, and a rule with no field of its own at its answer', () => {
    expect(enrolFieldOf({ field: 'age', code: 'mutual-aid.age' })).toBe('idNumber');
    expect(enrolFieldOf({ field: 'insured.idNumber', code: 'mutual-aid.id_number_region' })).toBe('idNumber');
    expect(enrolFieldOf({ field: 'not_employed', code: 'mutual-aid.not_employed' })).toBe('employed');
    expect(enrolFieldOf({ field: 'relation', code: 'mutual-aid.spouse_not_covered' })).toBe('relation');
    expect(enrolFieldOf({ field: 'body.insured.name', code: 'validation.too_small' })).toBe('name');
    expect(enrolFieldOf({ field: 'planId', code: 'validation.invalid_format' })).toBeNull();
  });
});

describe('a claim', () => {
  it('sends the picked days and the amounts in fen, an empty amount as 0 and one that is not an amount as -1', () => {
    const body = claimBody('e1', {
      admittedOn: new Date(2026, 11, 1),
      dischargedOn: null,
      hospital: ' 绍兴市人民医院 ',
      diagnosis: '急性阑尾炎',
      total: '60,000',
      selfPaid: '50000.5',
      inScope: '30000',
      aboveCeiling: '',
      bank: '中国农业银行',
      accountNo: '6228 4800 1234 5678',
    });
    expect(body).toEqual({
      enrolmentId: 'e1',
      admittedOn: '2026-12-01',
      dischargedOn: null,
      figures: { totalFen: 6_000_000, selfPaidFen: 5_000_050, inScopeSelfPaidFen: 3_000_000, aboveCeilingFen: 0 },
      hospital: '绍兴市人民医院',
      diagnosis: '急性阑尾炎',
      disease: null,
      bankAccount: { bank: '中国农业银行', accountNo: '6228480012345678' },
    });
    expect(claimBody('e1', { total: '1.234' }).figures.totalFen).toBe(-1);
  });

  it('puts each of the server’s problems at the figure it is about; a benefit used up goes with the title', () => {
    const placed = placeProblems(
      [
        {
          field: 'figures.parts_over_self_paid',
          code: 'mutual-aid.parts_over_self_paid',
          message: '医保范围内自付与超限额自付之和不能超过个人自付金额',
        },
        { field: 'figures.totalFen', code: 'mutual-aid.amount_invalid', message: '金额不能为负数，且须精确到分' },
        { field: 'times_used', code: 'mutual-aid.times_used', message: '本期「住院医疗互助金」已领取 2 次，已达上限' },
        { field: 'waiting_period', code: 'mutual-aid.waiting_period', message: '尚在观察期内' },
      ],
      claimFieldOf,
    );
    expect(placed.fields).toEqual([
      { name: 'selfPaid', errors: ['医保范围内自付与超限额自付之和不能超过个人自付金额'] },
      { name: 'total', errors: ['金额不能为负数，且须精确到分'] },
      { name: 'admittedOn', errors: ['尚在观察期内'] },
    ]);
    expect(placed.rest).toEqual(['本期「住院医疗互助金」已领取 2 次，已达上限']);
  });
});

describe('following a claim', () => {
  const step = (action: string, reason: string | null = null) => ({ action, reason });

  it('shows the union’s reasons for asking more and refusing, and the worker’s own note, nothing else', () => {
    expect(stepReason(step('ask_more', '请补拍清晰的发票'))).toEqual({ whose: 'union', text: '请补拍清晰的发票' });
    expect(stepReason(step('refiled', '已补拍'))).toEqual({ whose: 'own', text: '已补拍' });
    expect(stepReason(step('approve', 'internal'))).toBeNull();
    expect(latestUnionReason([step('filed'), step('ask_more', '第一次'), step('refiled', '好'), step('ask_more', '第二次')])).toBe(
      '第二次',
    );
  });

  it('lists claims asking something of the worker first, then those being decided, then the newest', () => {
    const claims = [
      { id: 'paid', status: 'paid' as const, createdAt: '2026-12-03' },
      { id: 'open', status: 'submitted' as const, createdAt: '2026-12-01' },
      { id: 'more', status: 'more_info' as const, createdAt: '2026-11-01' },
    ];
    expect(sortClaims(claims).map((c) => c.id)).toEqual(['more', 'open', 'paid']);
  });

  it('names the amount shown by the status', () => {
    expect(payoutKind('submitted')).toBe('expected');
    expect(payoutKind('approved')).toBe('approved');
    expect(payoutKind('settled')).toBe('settled');
    expect(payoutKind('rejected')).toBe('none');
  });
});
