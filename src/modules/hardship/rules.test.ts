// Hardship files with the seeds' numbers: 安徽's 900万+ members, 129 service centres and 408 staff;
// 全总's 1,320万 yuan of winter aid; 冀北's weekly contact. The 低保 standard of 1,000 yuan a month is an
// illustrative figure of the order of 绍兴's, not a published one.
import { beforeAll, describe, expect, it } from 'vitest';
import { addMessages, hasMessage, t } from '../../platform/i18n/i18n.js';
import { hardshipRuleMessages } from './messages-rules.js';
import {
  AID_KINDS,
  CONTACT_INTERVAL_DAYS,
  DEFAULT_AID_ITEMS,
  DEFAULT_CALLBACK_SHARE,
  DEFAULT_INDICATORS,
  DEFAULT_THRESHOLD_MULTIPLES,
  HARDSHIP_CATEGORIES,
  HARDSHIP_CAUSES,
  HEALTH,
  INDICATOR_CODES,
  RELATIONS,
  SCHOOLING,
  addMonths,
  checkAid,
  checkCauses,
  checkHousehold,
  checkThreshold,
  classifyHousehold,
  contactState,
  fileNumber,
  filesPer10kMembers,
  householdIncomeFen,
  isEarner,
  median,
  histogramMedian,
  checkIndicators,
  parseFileNumber,
  perCapitaMonthlyFen,
  rankAreas,
  relativeLineFen,
  reviewDueDay,
  reviewState,
  sampleForCallBack,
  weekStart,
  shanghaiYear,
  type AidItemRule,
  type CauseEntry,
  type ClassifyInput,
  type HouseholdMember,
  type Indicator,
} from './rules.js';

beforeAll(() => addMessages('zh-CN', hardshipRuleMessages));

const yuan = (amount: number) => Math.round(amount * 100);
const threshold = { minimumLivingFen: yuan(1_000), ...DEFAULT_THRESHOLD_MULTIPLES };
const today = '2026-11-23';

const member = (overrides: Partial<HouseholdMember> = {}): HouseholdMember => ({
  relation: 'self',
  age: 38,
  health: 'healthy',
  schooling: 'not_applicable',
  monthlyIncomeFen: 0,
  ...overrides,
});

// A delivery rider, his wife seriously ill, a son at primary school: 2,400 yuan a month among three.
const riderFamily = [
  member({ monthlyIncomeFen: yuan(2_400) }),
  member({ relation: 'spouse', age: 36, health: 'serious_illness' }),
  member({ relation: 'child', age: 9, schooling: 'primary' }),
];

const classify = (overrides: Partial<ClassifyInput>) =>
  classifyHousehold(
    { perCapitaFen: 0, causes: [{ cause: 'illness', since: '2025-03-01' }], members: riderFamily, oneOffBurdenFen: 0, today, ...overrides },
    threshold,
  );
const keys = (c: { explanation: { key: string }[] }) => c.explanation.map((s) => s.key.replace('hardship.explain.', ''));
const said = (c: { explanation: { key: string; params: Record<string, string | number> }[] }) =>
  c.explanation.map((s) => t(s.key, s.params));

describe('the labels and messages', () => {
  it('has a zh-CN label for every cause, category, relation, health, schooling, aid kind and indicator', () => {
    const labels = [
      ...HARDSHIP_CAUSES.map((v) => `hardship.cause.${v}`),
      ...HARDSHIP_CATEGORIES.map((v) => `hardship.category.${v}`),
      ...RELATIONS.map((v) => `hardship.relation.${v}`),
      ...HEALTH.map((v) => `hardship.health.${v}`),
      ...SCHOOLING.map((v) => `hardship.schooling.${v}`),
      ...AID_KINDS.map((v) => `hardship.aid_kind.${v}`),
      ...INDICATOR_CODES.map((v) => `hardship.indicator.${v}`),
      ...['later', 'due', 'overdue'].map((v) => `hardship.review_state.${v}`),
      ...['ok', 'due', 'overdue'].map((v) => `hardship.contact_state.${v}`),
    ];
    expect(labels.filter((key) => !hasMessage(key))).toEqual([]);
    expect(t('hardship.category.deep')).toBe('深度困难');
    expect(t('hardship.category.relative')).toBe('相对困难');
    expect(t('hardship.category.sudden')).toBe('意外致困');
    expect(t('hardship.cause.illness')).toBe('因病');
  });

  it('keeps every key in the module’s namespaces, as the module list demands', () => {
    const foreign = Object.keys(hardshipRuleMessages).filter((k) => !k.startsWith('hardship.') && !k.startsWith('problems.hardship.'));
    expect(foreign).toEqual([]);
  });
});

describe(checkHousehold.name, () => {
  const codes = (input: Parameters<typeof checkHousehold>[0]) => checkHousehold(input).map((p) => `${p.field} ${p.code}`);
  const ok = { members: riderFamily, declaredSize: 3, declaredMonthlyIncomeFen: yuan(2_400) };

  it('finds nothing wrong with a household whose figures add up', () => {
    expect(checkHousehold(ok)).toEqual([]);
  });

  it('allows a child of school age who is not at school', () => {
    const members = [member({ monthlyIncomeFen: yuan(2_400) }), member({ relation: 'child', age: 8, schooling: 'none' })];
    expect(checkHousehold({ members, declaredSize: 2, declaredMonthlyIncomeFen: yuan(2_400) })).toEqual([]);
  });

  it('wants exactly one worker (本人) and at most one spouse', () => {
    expect(codes({ ...ok, members: riderFamily.slice(1), declaredSize: 2, declaredMonthlyIncomeFen: 0 })).toEqual([
      'members hardship.self_missing',
    ]);
    // The rider's family already has a wife: a second self and a second spouse.
    const twice = [...riderFamily, member(), member({ relation: 'spouse' })];
    expect(codes({ members: twice, declaredSize: 5, declaredMonthlyIncomeFen: yuan(2_400) })).toEqual([
      'members.3.relation hardship.self_twice',
      'members.4.relation hardship.spouse_twice',
    ]);
  });

  it('refuses ages that are not whole years 0–120, and says which member', () => {
    const at = (age: number) => codes({ ...ok, members: [riderFamily[0]!, riderFamily[1]!, member({ relation: 'child', age })] });
    expect(at(0)).toEqual([]);
    expect(at(120)).toEqual([]);
    expect(at(121)).toEqual(['members.2.age hardship.age_invalid']);
    expect(at(-1)).toEqual(['members.2.age hardship.age_invalid']);
    expect(at(3.5)).toEqual(['members.2.age hardship.age_invalid']);
    const [problem] = checkHousehold({ ...ok, members: [riderFamily[0]!, riderFamily[1]!, member({ relation: 'child', age: 121 })] });
    expect(problem?.message).toBe('年龄「121」不对：应为 0 到 120 之间的整数');
  });

  it('refuses incomes that are negative or not whole fen, and does not add them up', () => {
    const members = [member({ monthlyIncomeFen: -100 }), member({ relation: 'spouse', monthlyIncomeFen: 12.5 })];
    expect(codes({ members, declaredSize: 2, declaredMonthlyIncomeFen: 0 })).toEqual([
      'members.0.monthlyIncomeFen hardship.income_invalid',
      'members.1.monthlyIncomeFen hardship.income_invalid',
    ]);
    expect(codes({ ...ok, declaredMonthlyIncomeFen: -1 })).toEqual(['declaredMonthlyIncomeFen hardship.declared_income_invalid']);
  });

  it('compares the declared size and income with the members listed', () => {
    const problems = checkHousehold({ ...ok, declaredSize: 4, declaredMonthlyIncomeFen: yuan(2_400) + 1 });
    expect(problems.map((p) => `${p.field} ${p.code}`)).toEqual([
      'declaredSize hardship.size_mismatch',
      'declaredMonthlyIncomeFen hardship.income_mismatch',
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      '家庭人口填写为 4 人，但列出了 3 位家庭成员',
      '家庭月收入填写为 2,400.01 元，但各成员月收入合计 2,400.00 元',
    ]);
  });
});

describe(perCapitaMonthlyFen.name, () => {
  it('rounds down to the fen, never lifting a household over a line', () => {
    expect(perCapitaMonthlyFen(yuan(2_400), 3)).toBe(yuan(800));
    expect(perCapitaMonthlyFen(100_001, 3)).toBe(33_333);
    expect(perCapitaMonthlyFen(300_002, 3)).toBe(100_000);
    expect(perCapitaMonthlyFen(0, 4)).toBe(0);
    expect(() => perCapitaMonthlyFen(100, 0)).toThrow(RangeError);
  });
});

describe(checkThreshold.name, () => {
  it('takes a union’s lines when they are sensible and computes the relative line in exact thousandths', () => {
    expect(checkThreshold(threshold)).toEqual([]);
    expect(relativeLineFen(threshold)).toBe(yuan(1_500));
    // 1.15 × 100,000 is 114,999.99999999999 in floating point; the line is 115,000.
    expect(relativeLineFen({ ...threshold, relativeMultiple: 1.15 })).toBe(115_000);
    expect(relativeLineFen({ ...threshold, minimumLivingFen: 93_333, relativeMultiple: 1.5 })).toBe(139_999);
  });

  it('refuses a line of nothing, a multiple below 1 or too precise, and odd months', () => {
    expect(checkThreshold({ minimumLivingFen: 0, relativeMultiple: 0.9, suddenBurdenMonths: 0 }).map((p) => p.code)).toEqual([
      'hardship.minimum_living_invalid',
      'hardship.relative_multiple_invalid',
      'hardship.burden_months_invalid',
    ]);
    expect(checkThreshold({ ...threshold, relativeMultiple: 1.2345 }).map((p) => p.code)).toEqual(['hardship.relative_multiple_invalid']);
  });
});

describe(checkCauses.name, () => {
  it('refuses a cause given twice and a day that is not a day or lies ahead', () => {
    const causes: CauseEntry[] = [
      { cause: 'illness', since: '2025-03-01' },
      { cause: 'illness', since: '2026-02-30' },
      { cause: 'accident', since: '2026-11-24' },
      { cause: 'disaster', since: today },
    ];
    expect(checkCauses(causes, today).map((p) => `${p.field} ${p.code}`)).toEqual([
      'causes.1.cause hardship.cause_twice',
      'causes.1.since hardship.cause_since_invalid',
      'causes.2.since hardship.cause_since_future',
    ]);
    expect(checkCauses(causes, today)[0]?.message).toBe('致困原因「因病」重复了');
  });
});

describe(classifyHousehold.name, () => {
  it('does not classify a household without a cause, however poor', () => {
    const result = classify({ causes: [], perCapitaFen: 0 });
    expect(result.category).toBeNull();
    expect(keys(result)).toEqual(['no_cause']);
  });

  it('finds the rider’s family deep in hardship: 800 yuan a head is below the 1,000-yuan 低保 line', () => {
    const perCapitaFen = perCapitaMonthlyFen(householdIncomeFen(riderFamily), riderFamily.length);
    const result = classify({ perCapitaFen });
    expect(result).toMatchObject({ category: 'deep', perCapitaFen: yuan(800), lines: { deepFen: yuan(1_000), relativeFen: yuan(1_500) } });
    expect(keys(result)).toEqual(['figures', 'deep_below_minimum']);
    expect(said(result)).toEqual([
      '家庭人均月收入 800.00 元；当地低保标准 1,000.00 元，相对困难线 1,500.00 元（低保标准的 1.5 倍）',
      '人均月收入 800.00 元不高于低保标准 1,000.00 元，认定为深度困难',
    ]);
  });

  it('counts a household exactly on the 低保 line as deep, and one fen above as not', () => {
    expect(classify({ perCapitaFen: yuan(1_000) }).category).toBe('deep');
    const above = classify({ perCapitaFen: yuan(1_000) + 1 });
    expect(above.category).toBe('relative');
    expect(keys(above)).toEqual(['figures', 'relative_below_line']);
  });

  it('finds a household deep below the relative line when a member is seriously ill and nobody earns — a pension is not earning', () => {
    const members = [
      member({ age: 52, health: 'serious_illness' }),
      member({ relation: 'spouse', age: 50, health: 'unable_to_work' }),
      member({ relation: 'parent', age: 74, monthlyIncomeFen: yuan(3_600) }),
    ];
    expect(members.some(isEarner)).toBe(false);
    const result = classify({ members, perCapitaFen: perCapitaMonthlyFen(householdIncomeFen(members), 3) });
    expect(result.category).toBe('deep');
    expect(keys(result)).toEqual(['figures', 'deep_no_earner']);
    expect(said(result)[1]).toBe(
      '人均月收入 1,200.00 元不高于相对困难线 1,500.00 元，家庭成员（本人）患重病，且家中无人有劳动收入（退休金、补助不算劳动收入），认定为深度困难',
    );
  });

  it('finds the same household relative once a member of working age earns', () => {
    const members = [
      member({ age: 52, health: 'serious_illness' }),
      member({ relation: 'spouse', age: 50, monthlyIncomeFen: yuan(3_600) }),
      member({ relation: 'parent', age: 74 }),
    ];
    expect(isEarner(members[1]!)).toBe(true);
    expect(classify({ members, perCapitaFen: yuan(1_200) }).category).toBe('relative');
    // …and deep only up to the relative line, whoever earns.
    const idle = [member({ health: 'disabled' }), member({ relation: 'parent', age: 70, monthlyIncomeFen: yuan(4_500) })];
    expect(classify({ members: idle, perCapitaFen: yuan(1_500) }).category).toBe('deep');
    expect(classify({ members: idle, perCapitaFen: yuan(1_500) + 1 }).category).toBeNull();
  });

  it('does not count a teenager’s or a disabled member’s income as earning', () => {
    expect(isEarner(member({ age: 15, monthlyIncomeFen: 100 }))).toBe(false);
    expect(isEarner(member({ age: 16, monthlyIncomeFen: 100 }))).toBe(true);
    expect(isEarner(member({ age: 59, health: 'chronic_illness', monthlyIncomeFen: 100 }))).toBe(true);
    expect(isEarner(member({ age: 60, monthlyIncomeFen: 100 }))).toBe(false);
    expect(isEarner(member({ health: 'disabled', monthlyIncomeFen: 100 }))).toBe(false);
    expect(isEarner(member({ monthlyIncomeFen: 0 }))).toBe(false);
  });

  // A courier's family of four, 8,000 yuan a month: well above the lines, until an accident.
  const courierFamily = [
    member({ monthlyIncomeFen: yuan(5_000) }),
    member({ relation: 'spouse', age: 37, monthlyIncomeFen: yuan(3_000) }),
    member({ relation: 'child', age: 12, schooling: 'junior_secondary' }),
    member({ relation: 'child', age: 7, schooling: 'primary' }),
  ];
  const accident = (since: string, oneOffBurdenFen: number, perCapitaFen = yuan(2_000)) =>
    classify({ members: courierFamily, perCapitaFen, causes: [{ cause: 'accident', since }], oneOffBurdenFen });

  it('finds a household sudden when an accident’s costs reach six months of its income, exactly at the bar included', () => {
    const result = accident('2026-05-10', yuan(48_000));
    expect(result.category).toBe('sudden');
    expect(keys(result)).toEqual(['figures', 'sudden_burden']);
    expect(said(result)[1]).toBe(
      '2026-05-10 起突发意外，在 12 个月内；自付支出 48,000.00 元达到家庭 6 个月的收入（8,000.00 元 × 6 = 48,000.00 元），认定为意外致困',
    );
    const short = accident('2026-05-10', yuan(48_000) - 1);
    expect(short.category).toBeNull();
    expect(keys(short)).toEqual(['figures', 'sudden_burden_short', 'above_relative']);
  });

  it('finds a household sudden below the relative line after a disaster, rather than relative', () => {
    const result = classify({ perCapitaFen: yuan(1_500), causes: [{ cause: 'disaster', since: '2026-07-20' }], members: courierFamily });
    expect(result.category).toBe('sudden');
    expect(keys(result)).toEqual(['figures', 'sudden_below_relative']);
    expect(said(result)[1]).toBe('2026-07-20 起因灾，在 12 个月内；人均月收入 1,500.00 元不高于相对困难线 1,500.00 元，认定为意外致困');
  });

  it('gives both reasons when both hold, and names the latest sudden cause', () => {
    const result = classify({
      members: courierFamily,
      perCapitaFen: yuan(1_200),
      oneOffBurdenFen: yuan(60_000),
      causes: [
        { cause: 'disaster', since: '2026-01-05' },
        { cause: 'work_injury_or_death', since: '2026-09-01' },
        { cause: 'schooling', since: '2026-09-01' },
      ],
    });
    expect(result.category).toBe('sudden');
    expect(keys(result)).toEqual(['figures', 'sudden_below_relative', 'sudden_burden']);
    expect(result.explanation[1]?.params).toMatchObject({ cause: '工伤病亡', since: '2026-09-01' });
  });

  it('lets deep win over sudden', () => {
    const result = classify({
      perCapitaFen: yuan(900),
      causes: [{ cause: 'accident', since: '2026-10-01' }],
      oneOffBurdenFen: yuan(100_000),
    });
    expect(result.category).toBe('deep');
    expect(keys(result)).toEqual(['figures', 'deep_below_minimum']);
  });

  it('counts a sudden cause for twelve months, the day twelve months ago included', () => {
    expect(accident('2025-11-23', yuan(48_000)).category).toBe('sudden');
    const old = accident('2025-11-22', yuan(48_000));
    expect(old.category).toBeNull();
    expect(keys(old)).toEqual(['figures', 'sudden_cause_old', 'above_relative']);
    expect(said(old)[1]).toBe('突发意外发生于 2025-11-22，已超过 12 个月，不再作为意外致困的依据');
    // An old cause below the relative line leaves the household relative.
    expect(keys(accident('2024-06-01', 0, yuan(1_400)))).toEqual(['figures', 'sudden_cause_old', 'relative_below_line']);
  });

  it('counts a household exactly on the relative line as relative, one fen above as not in hardship', () => {
    const on = classify({ perCapitaFen: yuan(1_500), members: courierFamily });
    expect(on.category).toBe('relative');
    expect(said(on)[1]).toBe('人均月收入 1,500.00 元高于低保标准、不高于相对困难线 1,500.00 元，认定为相对困难');
    const above = classify({ perCapitaFen: yuan(1_500) + 1, members: courierFamily });
    expect(above.category).toBeNull();
    expect(said(above)[1]).toBe('人均月收入 1,500.01 元高于相对困难线 1,500.00 元，不认定为困难职工家庭');
  });

  it('has a zh-CN sentence for every step it explains', () => {
    const steps = [
      classify({ causes: [] }),
      classify({ perCapitaFen: 1 }),
      accident('2026-05-10', yuan(48_000)),
      accident('2026-05-10', 0),
      accident('2020-05-10', 0, yuan(1_400)),
    ].flatMap((c) => c.explanation);
    expect(steps.filter((s) => !hasMessage(s.key))).toEqual([]);
    expect(steps.flatMap((s) => t(s.key, s.params).match(/\{\w+\}/g) ?? [])).toEqual([]);
  });
});

describe('reviews', () => {
  it('falls due twelve months on for deep and relative, three for sudden, at the end of a shorter month', () => {
    expect(reviewDueDay('deep', '2026-03-15')).toBe('2027-03-15');
    expect(reviewDueDay('relative', '2024-02-29')).toBe('2025-02-28');
    expect(reviewDueDay('sudden', '2026-01-31')).toBe('2026-04-30');
    expect(reviewDueDay('sudden', '2025-11-30')).toBe('2026-02-28');
    expect(reviewDueDay('sudden', '2027-11-30')).toBe('2028-02-29');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
  });

  it('keeps the weekly lists by the Monday of the week, across a month and a year', () => {
    expect(weekStart('2026-12-07')).toBe('2026-12-07');
    expect(weekStart('2026-12-13')).toBe('2026-12-07');
    expect(weekStart('2026-03-01')).toBe('2026-02-23');
    expect(weekStart('2027-01-02')).toBe('2026-12-28');
  });

  it('is later until thirty days before, due through the due day, overdue the day after', () => {
    const due = '2026-06-30';
    expect(reviewState(due, '2026-05-30')).toBe('later');
    expect(reviewState(due, '2026-05-31')).toBe('due');
    expect(reviewState(due, '2026-06-30')).toBe('due');
    expect(reviewState(due, '2026-07-01')).toBe('overdue');
    expect(reviewState(due, '2026-06-29', 0)).toBe('later');
    expect(reviewState(due, '2026-06-30', 0)).toBe('due');
  });
});

describe(checkAid.name, () => {
  const item = (code: string) => DEFAULT_AID_ITEMS.find((i) => i.code === code)!;
  const none = { yearAmountFen: 0, yearTimes: 0, everTimes: 0 };

  it('starts with the six items at their standard sums', () => {
    expect(
      DEFAULT_AID_ITEMS.map((i) => [i.kind, i.defaultAmountFen / 100, i.maxAmountFenPerYear, i.maxTimesPerYear, i.oncePerHousehold]),
    ).toEqual([
      ['winter', 1_000, 200_000, 1, false],
      ['study', 2_000, 500_000, 1, false],
      ['medical', 2_000, 1_000_000, null, false],
      ['life', 500, 300_000, null, false],
      ['serious_illness', 10_000, 1_000_000, null, true],
      ['accident', 5_000, 500_000, null, true],
    ]);
    for (const i of DEFAULT_AID_ITEMS) expect(checkAid(i, i.defaultAmountFen, none), i.code).toBeNull();
  });

  it('refuses a sum that is not a whole positive number of fen', () => {
    for (const amount of [0, -100, 10.5, Number.NaN]) {
      expect(checkAid(item('life_aid'), amount, none)).toEqual({
        code: 'hardship.aid_amount_invalid',
        key: 'problems.hardship.aid_amount_invalid',
        params: {},
      });
    }
  });

  it('refuses a second 送温暖 in a year', () => {
    const refusal = checkAid(item('winter_warmth'), yuan(500), { yearAmountFen: yuan(1_000), yearTimes: 1, everTimes: 3 });
    expect(refusal).toMatchObject({ code: 'hardship.aid_times_exceeded', params: { limit: 1, used: 1, remaining: 0 } });
    expect(t(refusal!.key, refusal!.params)).toBe('这项帮扶每年最多 1 次，该户今年已领取 1 次');
    // A new year starts the count again.
    expect(checkAid(item('winter_warmth'), yuan(1_000), { yearAmountFen: 0, yearTimes: 0, everTimes: 4 })).toBeNull();
    expect(shanghaiYear('2026-12-31')).toBe(2026);
    expect(shanghaiYear('2027-01-01')).toBe(2027);
  });

  it('refuses medical aid beyond 10,000 yuan a year and says what is left, the limit itself allowed', () => {
    const history = { yearAmountFen: yuan(8_500), yearTimes: 4, everTimes: 4 };
    expect(checkAid(item('medical_aid'), yuan(1_500), history)).toBeNull();
    const refusal = checkAid(item('medical_aid'), yuan(1_500) + 1, history);
    expect(refusal).toMatchObject({
      code: 'hardship.aid_amount_exceeded',
      params: { limit: '10,000.00', used: '8,500.00', remaining: '1,500.00', amount: '1,500.01' },
    });
    expect(t(refusal!.key, refusal!.params)).toBe(
      '这项帮扶每户每年最多 10,000.00 元，该户今年已领取 8,500.00 元，还可领取 1,500.00 元，本次 1,500.01 元超出了限额',
    );
  });

  it('refuses the whole of 全总’s 1,320万 yuan to one household’s winter aid', () => {
    expect(checkAid(item('winter_warmth'), 1_320_000_000, none)?.params).toMatchObject({ remaining: '2,000.00', amount: '13,200,000.00' });
  });

  it('never shows a negative remainder when a union lowered the limit after paying', () => {
    const lowered: AidItemRule = { ...item('life_aid'), maxAmountFenPerYear: yuan(1_000) };
    expect(checkAid(lowered, 100, { yearAmountFen: yuan(2_000), yearTimes: 2, everTimes: 2 })?.params.remaining).toBe('0.00');
  });

  it('pays a one-off grant once per file, whatever the year', () => {
    const refusal = checkAid(item('serious_illness_grant'), yuan(10_000), { yearAmountFen: 0, yearTimes: 0, everTimes: 1 });
    expect(refusal).toMatchObject({ code: 'hardship.aid_once_received', params: { limit: 1, used: 1, remaining: 0 } });
    expect(t(refusal!.key, refusal!.params)).toBe('这项补贴每户只能领取一次，该户已领取过');
    expect(checkAid(item('accident_grant'), yuan(5_000) + 1, none)?.code).toBe('hardship.aid_amount_exceeded');
  });

  it('has a zh-CN sentence for every refusal', () => {
    for (const code of ['aid_amount_invalid', 'aid_once_received', 'aid_times_exceeded', 'aid_amount_exceeded']) {
      expect(hasMessage(`problems.hardship.${code}`), code).toBe(true);
    }
  });
});

describe(contactState.name, () => {
  it('is ok within a week, due from seven days or when never contacted, overdue from fourteen', () => {
    expect(CONTACT_INTERVAL_DAYS).toBe(7);
    expect(contactState(null, today)).toBe('due');
    expect(contactState(today, today)).toBe('ok');
    expect(contactState('2026-11-17', today)).toBe('ok');
    expect(contactState('2026-11-16', today)).toBe('due');
    expect(contactState('2026-11-10', today)).toBe('due');
    expect(contactState('2026-11-09', today)).toBe('overdue');
  });
});

describe(sampleForCallBack.name, () => {
  // 冀北's 13 service areas, a few households each.
  const ids = Array.from({ length: 25 }, (_, i) => `household-${String(i + 1).padStart(3, '0')}`);

  it('draws a tenth, rounded up, the same households for the same seed in any order', () => {
    const drawn = sampleForCallBack(ids, DEFAULT_CALLBACK_SHARE, 'union-1/2026-W48');
    expect(drawn).toHaveLength(3);
    expect(new Set(drawn).size).toBe(3);
    expect(drawn.every((id) => ids.includes(id))).toBe(true);
    expect(sampleForCallBack([...ids].reverse(), 0.1, 'union-1/2026-W48')).toEqual(drawn);
    expect(sampleForCallBack([...ids, ...ids], 0.1, 'union-1/2026-W48')).toEqual(drawn);
  });

  it('draws other households another week', () => {
    const weeks = ['2026-W48', '2026-W49', '2026-W50', '2026-W51'].map((w) => sampleForCallBack(ids, 0.1, `union-1/${w}`).join());
    expect(new Set(weeks).size).toBeGreaterThan(1);
  });

  it('draws at least one, all at a share of 1, none from none, and refuses a share outside (0, 1]', () => {
    expect(sampleForCallBack(ids.slice(0, 5), 0.1, 's')).toHaveLength(1);
    expect(sampleForCallBack(ids, 1, 's').sort()).toEqual(ids);
    expect(sampleForCallBack([], 0.1, 's')).toEqual([]);
    expect(() => sampleForCallBack(ids, 0, 's')).toThrow(RangeError);
    expect(() => sampleForCallBack(ids, 1.1, 's')).toThrow(RangeError);
  });
});

describe(fileNumber.name, () => {
  it('numbers a 柯桥 file KN + region + year + six-digit sequence, and reads it back', () => {
    expect(fileNumber('330603', 2026, 123)).toBe('KN3306032026000123');
    expect(parseFileNumber('KN3306032026000123')).toEqual({ regionCode: '330603', year: 2026, seq: 123 });
    expect(parseFileNumber(' kn3306032026999999 ')).toEqual({ regionCode: '330603', year: 2026, seq: 999_999 });
  });

  it('refuses what is not a file number', () => {
    expect(() => fileNumber('33060', 2026, 1)).toThrow(RangeError);
    expect(() => fileNumber('330603', 26, 1)).toThrow(RangeError);
    expect(() => fileNumber('330603', 2026, 0)).toThrow(RangeError);
    expect(() => fileNumber('330603', 2026, 1_000_000)).toThrow(RangeError);
    expect(parseFileNumber('KN3306032026000000')).toBeNull();
    expect(parseFileNumber('KN330603202600012')).toBeNull();
    expect(parseFileNumber('HZ3306032026000123')).toBeNull();
  });
});

describe(median.name, () => {
  it('is the middle value, the mean of the two middle ones for an even count, null for none', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([9, 2, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe(histogramMedian.name, () => {
  it('agrees with the median of the values it counts, odd and even, and is null when empty', () => {
    expect(histogramMedian(new Map())).toBeNull();
    // 3 files paid on the day, 1 after 4 days, 2 after 9: the values 0 0 0 4 9 9 → (0 + 4) / 2.
    expect(
      histogramMedian(
        new Map([
          [9, 2],
          [0, 3],
          [4, 1],
        ]),
      ),
    ).toBe(2);
    expect(
      histogramMedian(
        new Map([
          [9, 2],
          [0, 3],
          [4, 2],
        ]),
      ),
    ).toBe(4);
    // Random histograms against the list's median.
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const histogram = new Map<number, number>();
      const values: number[] = [];
      for (let i = 0; i < 1 + Math.floor(next() * 12); i++) {
        const days = Math.floor(next() * 60);
        const n = 1 + Math.floor(next() * 5);
        histogram.set(days, (histogram.get(days) ?? 0) + n);
        for (let k = 0; k < n; k++) values.push(days);
      }
      expect(histogramMedian(histogram)).toBe(median(values));
    }
  });
});

describe(checkIndicators.name, () => {
  it('takes whole weights 0–100, each indicator once, not all zero', () => {
    expect(checkIndicators(DEFAULT_INDICATORS)).toEqual([]);
    const codes = (indicators: Parameters<typeof checkIndicators>[0]) => checkIndicators(indicators).map((p) => [p.field, p.code]);
    expect(
      codes([
        { code: 'exits_share', weight: 10, better: 'higher' },
        { code: 'exits_share', weight: 12.5, better: 'higher' },
      ]),
    ).toEqual([
      ['indicators[1].code', 'hardship.indicator_repeated'],
      ['indicators[1].weight', 'hardship.indicator_weight'],
    ]);
    expect(codes([{ code: 'exits_share', weight: 0, better: 'higher' }])).toEqual([['indicators', 'hardship.indicators_none']]);
    expect(codes([{ code: 'exits_share', weight: 101, better: 'higher' }])[0]).toEqual([
      'indicators[0].weight',
      'hardship.indicator_weight',
    ]);
  });
});

describe(rankAreas.name, () => {
  it('weighs the six indicators to 100', () => {
    expect(DEFAULT_INDICATORS.reduce((sum, i) => sum + i.weight, 0)).toBe(100);
    expect(DEFAULT_INDICATORS.map((i) => i.code)).toEqual([...INDICATOR_CODES]);
  });

  it('counts 安徽’s files per 10,000 members: 4,500 among 9,000,000 is 5', () => {
    expect(filesPer10kMembers(4_500, 9_000_000)).toBe(5);
    expect(filesPer10kMembers(3, 0)).toBeNull();
  });

  it('ranks the best 100, the worst 0, and equals together: 1, 2, 2, 4', () => {
    const best = {
      files_per_10k_members: 8,
      median_days_to_first_aid: 5,
      reviews_on_time_share: 0.98,
      funds_spent_share: 0.95,
      callback_satisfaction: 0.97,
      exits_share: 0.3,
    };
    const middle = {
      files_per_10k_members: 5,
      median_days_to_first_aid: 12,
      reviews_on_time_share: 0.9,
      funds_spent_share: 0.8,
      callback_satisfaction: 0.9,
      exits_share: 0.2,
    };
    const worst = {
      files_per_10k_members: 2,
      median_days_to_first_aid: 30,
      reviews_on_time_share: 0.6,
      funds_spent_share: 0.5,
      callback_satisfaction: 0.7,
      exits_share: 0.05,
    };
    const ranked = rankAreas([
      { areaId: 'fuyang', values: worst },
      { areaId: 'hefei', values: middle },
      { areaId: 'anqing', values: best },
      { areaId: 'bengbu', values: middle },
    ]);
    expect(ranked.map((r) => [r.areaId, r.rank])).toEqual([
      ['anqing', 1],
      ['bengbu', 2],
      ['hefei', 2],
      ['fuyang', 4],
    ]);
    expect(ranked[0]?.score).toBe(100);
    expect(ranked[3]?.score).toBe(0);
    // The middle: files (5-2)/(8-2)=0.5×25, days (30-12)/25=0.72×15, reviews 0.3/0.38×20, funds 0.3/0.45×15,
    // satisfaction 0.2/0.27×15, exits 0.15/0.25×10.
    const expected = 12.5 + 10.8 + (0.3 / 0.38) * 20 + (0.3 / 0.45) * 15 + (0.2 / 0.27) * 15 + 0.6 * 10;
    expect(ranked[1]?.score).toBe(Math.round(expected * 100) / 100);
    expect(ranked[1]?.parts[1]).toMatchObject({ code: 'median_days_to_first_aid', value: 12 });
    expect(ranked[1]?.parts[1]?.normalised).toBeCloseTo(0.72, 10);
    expect(ranked[1]?.parts[1]?.points).toBeCloseTo(10.8, 10);
  });

  it('gives everyone full points for an indicator on which all are equal, one area alone included', () => {
    const files: Indicator[] = [{ code: 'files_per_10k_members', weight: 100, better: 'higher' }];
    const ranked = rankAreas(
      [
        { areaId: 'a', values: { files_per_10k_members: 5 } },
        { areaId: 'b', values: { files_per_10k_members: 5 } },
      ],
      files,
    );
    expect(ranked.map((r) => [r.areaId, r.score, r.rank, r.parts[0]?.normalised])).toEqual([
      ['a', 100, 1, 1],
      ['b', 100, 1, 1],
    ]);
    expect(rankAreas([{ areaId: 'only', values: { files_per_10k_members: 1 } }], files)[0]?.score).toBe(100);
  });

  it('gives no points for a figure not reported, and leaves it out of the range', () => {
    const ranked = rankAreas(
      [
        { areaId: 'a', values: { median_days_to_first_aid: 10, exits_share: null } },
        { areaId: 'b', values: { median_days_to_first_aid: 20, exits_share: 0.1 } },
        { areaId: 'c', values: {} },
      ],
      [
        { code: 'median_days_to_first_aid', weight: 60, better: 'lower' },
        { code: 'exits_share', weight: 40, better: 'higher' },
      ],
    );
    expect(ranked.map((r) => [r.areaId, r.score, r.rank])).toEqual([
      ['a', 60, 1],
      ['b', 40, 2],
      ['c', 0, 3],
    ]);
    expect(ranked[2]?.parts).toEqual([
      { code: 'median_days_to_first_aid', value: null, normalised: 0, points: 0 },
      { code: 'exits_share', value: null, normalised: 0, points: 0 },
    ]);
  });

  it('scales weights that do not add up to 100, and ties on the score shown, to two decimals', () => {
    const files: Indicator[] = [{ code: 'files_per_10k_members', weight: 3, better: 'higher' }];
    const ranked = rankAreas(
      [
        { areaId: 'x', values: { files_per_10k_members: 0 } },
        { areaId: 'y', values: { files_per_10k_members: 99_999 } },
        { areaId: 'z', values: { files_per_10k_members: 100_000 } },
      ],
      files,
    );
    expect(ranked.map((r) => [r.areaId, r.score, r.rank])).toEqual([
      ['y', 100, 1],
      ['z', 100, 1],
      ['x', 0, 3],
    ]);
  });

  it('ranks 安徽’s 129 service centres by files per 10,000 members, the busiest first', () => {
    const centres = Array.from({ length: 129 }, (_, i) => ({
      areaId: `centre-${String(i + 1).padStart(3, '0')}`,
      values: { files_per_10k_members: i % 10 },
    }));
    const ranked = rankAreas(centres, [{ code: 'files_per_10k_members', weight: 25, better: 'higher' }]);
    expect(ranked).toHaveLength(129);
    // 12 centres have 9 files per 10,000 (i = 9, 19, …, 119); the 13 with 8 rank 13th.
    expect(ranked.filter((r) => r.rank === 1)).toHaveLength(12);
    expect(ranked[12]).toMatchObject({ rank: 13, score: 88.89 });
    expect(ranked.at(-1)?.score).toBe(0);
  });
});
