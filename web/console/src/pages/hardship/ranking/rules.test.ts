import { describe, expect, it } from 'vitest';
import { i18n } from '../../../../../shared/i18n/index.ts';
import type { Indicator, RankedArea } from './api.ts';
import {
  checkWeights,
  columnsOf,
  describedIn,
  formatIndicatorValue,
  formatPoints,
  formatShare,
  INDICATOR_CODES,
  partOf,
  tiedRanks,
  toCompetitionBody,
  totalWeight,
  toWeightValues,
  trimmed,
  weightProblem,
  weightShares,
  weightsFieldOf,
  weightsPending,
  weightsSource,
  weightsSourceText,
  type WeightValues,
} from './rules.ts';

function area(id: string, rank: number, parts: RankedArea['parts'] = []): RankedArea {
  return {
    org: { id, name: id },
    rank,
    score: 0,
    parts,
    counts: { members: 0, filesFound: 0, filed: 0, exitedThisYear: 0, fundsReceivedFen: 0, fundsSpentFen: 0, callbacks: 0 },
  };
}

// The server's units (hardship.indicator_unit.*), by indicator.
const UNITS = {
  files_per_10k_members: '份/万名会员',
  median_days_to_first_aid: '天',
  reviews_on_time_share: '%',
  funds_spent_share: '%',
  callback_satisfaction: '分',
  exits_share: '%',
} as const;

describe(formatIndicatorValue.name, () => {
  it('shows a ratio in % as a percentage, and any other figure with the server’s unit after it', () => {
    expect(formatIndicatorValue(1, '%')).toBe('100%');
    expect(formatIndicatorValue(4_000 / 80_000, '%')).toBe('5%');
    expect(formatIndicatorValue(1 / 3, '%')).toBe('33.3%');
    expect(formatIndicatorValue(3.5, '天')).toBe('3.5 天');
    expect(formatIndicatorValue(0, '天')).toBe('0 天');
    // 安徽: 4,500 files among 9,000,000 members is 5 per 10,000.
    expect(formatIndicatorValue((4_500 * 10_000) / 9_000_000, '份/万名会员')).toBe('5 份/万名会员');
    expect(formatIndicatorValue((2 * 10_000) / 273, '份/万名会员')).toBe('73.26 份/万名会员');
    expect(formatIndicatorValue(4.25, '分')).toBe('4.25 分');
  });

  it('shows a figure whose unit is not known plainly, and an area without a figure as —', () => {
    expect(formatIndicatorValue(4.25, null)).toBe('4.25');
    expect(formatIndicatorValue(1 / 3, null)).toBe('0.33');
    for (const unit of [...Object.values(UNITS), null]) expect(formatIndicatorValue(null, unit)).toBe('—');
    expect(formatIndicatorValue(Number.NaN, '%')).toBe('—');
  });

  it('trims trailing zeros only after the point', () => {
    expect(trimmed(100, 1)).toBe('100');
    expect(trimmed(66.7, 1)).toBe('66.7');
    expect(trimmed(10.5, 2)).toBe('10.5');
    expect(formatPoints(25)).toBe('25.00');
  });
});

describe(columnsOf.name, () => {
  it('takes the indicators, weights and units the server scored by, in its order', () => {
    const columns = columnsOf({
      indicators: [
        { code: 'exits_share', weight: 10, better: 'higher', unit: '%' },
        { code: 'median_days_to_first_aid', weight: 15, better: 'lower', unit: '天' },
      ],
      areas: [],
    });
    expect(columns).toEqual([
      { code: 'exits_share', weight: 10, better: 'higher', unit: '%' },
      { code: 'median_days_to_first_aid', weight: 15, better: 'lower', unit: '天' },
    ]);
    expect(totalWeight(columns)).toBe(25);
  });

  it('falls back on the areas’ parts, without weights, for a ranking kept before the server sent its indicators', () => {
    const part = (code: RankedArea['parts'][number]['code']) => ({ code, value: null, normalised: 0, points: 0 });
    const kept = { indicators: [], areas: [area('a', 1, [part('exits_share'), part('files_per_10k_members')])] };
    const columns = columnsOf(kept);
    expect(columns.map((c) => c.code)).toEqual(['files_per_10k_members', 'exits_share']);
    expect(columns.map((c) => c.unit)).toEqual([null, null]);
    expect(totalWeight(columns)).toBeNull();
    // The units come from the indicators the server gives elsewhere (the competition's), when it lists them.
    expect(columnsOf(kept, [{ code: 'exits_share', unit: '%' }])).toEqual([
      { code: 'files_per_10k_members', weight: null, better: null, unit: null },
      { code: 'exits_share', weight: null, better: null, unit: '%' },
    ]);
    expect(partOf(area('a', 1, [part('exits_share')]), 'exits_share')?.code).toBe('exits_share');
    expect(partOf(area('a', 1), 'exits_share')).toBeNull();
  });
});

describe(tiedRanks.name, () => {
  it('finds the ranks areas share (1, 2, 2, 4)', () => {
    expect([...tiedRanks([area('a', 1), area('b', 2), area('c', 2), area('d', 4)])]).toEqual([2]);
    expect(tiedRanks([area('a', 1), area('b', 2)]).size).toBe(0);
  });
});

// The server's defaults (src/modules/hardship/rules.ts DEFAULT_INDICATORS): 25, 15, 20, 15, 15, 10.
// As the server answers them, each with its unit.
const DEFAULTS: Indicator[] = [
  { code: 'files_per_10k_members', weight: 25, better: 'higher', unit: UNITS.files_per_10k_members },
  { code: 'median_days_to_first_aid', weight: 15, better: 'lower', unit: UNITS.median_days_to_first_aid },
  { code: 'reviews_on_time_share', weight: 20, better: 'higher', unit: UNITS.reviews_on_time_share },
  { code: 'funds_spent_share', weight: 15, better: 'higher', unit: UNITS.funds_spent_share },
  { code: 'callback_satisfaction', weight: 15, better: 'higher', unit: UNITS.callback_satisfaction },
  { code: 'exits_share', weight: 10, better: 'higher', unit: UNITS.exits_share },
];

function weights(overrides: Partial<WeightValues> = {}): WeightValues {
  return { ...toWeightValues(DEFAULTS), ...overrides };
}

const allZero = (): WeightValues => toWeightValues(INDICATOR_CODES.map((code) => ({ code, weight: 0 })));

describe(toWeightValues.name, () => {
  it('gives every indicator a box, one the competition leaves out at 0 (not counted)', () => {
    expect(toWeightValues(DEFAULTS)).toEqual({
      files_per_10k_members: 25,
      median_days_to_first_aid: 15,
      reviews_on_time_share: 20,
      funds_spent_share: 15,
      callback_satisfaction: 15,
      exits_share: 10,
    });
    expect(toWeightValues([{ code: 'exits_share', weight: 40 }])).toEqual({
      files_per_10k_members: 0,
      median_days_to_first_aid: 0,
      reviews_on_time_share: 0,
      funds_spent_share: 0,
      callback_satisfaction: 0,
      exits_share: 40,
    });
  });
});

describe(checkWeights.name, () => {
  it('takes whole weights from 0 to 100, 0 leaving an indicator out', () => {
    for (const weight of [0, 1, 50, 100]) expect(weightProblem(weight), String(weight)).toBeNull();
    expect(checkWeights(weights({ median_days_to_first_aid: 0, exits_share: 100 }))).toEqual({ fields: {}, allZero: false });
  });

  it('refuses a fraction, a negative weight and one above 100 as the server does, and an empty box as the form’s own', () => {
    expect(weightProblem(2.5)).toBe('indicator_weight');
    expect(weightProblem(-1)).toBe('indicator_weight');
    expect(weightProblem(101)).toBe('indicator_weight');
    expect(weightProblem(Number.NaN)).toBe('indicator_weight');
    expect(weightProblem(null)).toBe('weight_missing');
    expect(weightProblem(undefined)).toBe('weight_missing');
    expect(checkWeights(weights({ files_per_10k_members: 2.5, exits_share: null })).fields).toEqual({
      files_per_10k_members: 'indicator_weight',
      exits_share: 'weight_missing',
    });
  });

  it('refuses a set in which every weight is 0', () => {
    expect(checkWeights(allZero())).toEqual({ fields: {}, allZero: true });
    expect(checkWeights({ ...allZero(), exits_share: 1 }).allZero).toBe(false);
    // An empty box is its problem first: the rest being 0 is not yet the whole set.
    expect(checkWeights({ ...allZero(), exits_share: null })).toEqual({ fields: { exits_share: 'weight_missing' }, allZero: false });
  });

  it('words the problems as the server does', () => {
    expect(i18n.t('problems.hardship.indicator_weight')).toBe('权重应为 0 到 100 之间的整数');
    expect(i18n.t('problems.hardship.indicators_none')).toBe('至少要有一项指标的权重大于 0');
  });
});

describe(weightShares.name, () => {
  it('gives each indicator its weight’s share of the total: the defaults add up to 100', () => {
    const { total, shares } = weightShares(weights());
    expect(total).toBe(100);
    expect(shares.files_per_10k_members).toBe(0.25);
    expect(shares.exits_share).toBe(0.1);
    expect(formatShare(shares.files_per_10k_members ?? 0)).toBe('25%');
  });

  it('shares a total other than 100: 30, 0, 20, 20, 10, 10 of 90', () => {
    const { total, shares } = weightShares({
      files_per_10k_members: 30,
      median_days_to_first_aid: 0,
      reviews_on_time_share: 20,
      funds_spent_share: 20,
      callback_satisfaction: 10,
      exits_share: 10,
    });
    expect(total).toBe(90);
    expect(INDICATOR_CODES.map((code) => formatShare(shares[code] ?? -1))).toEqual(['33.3%', '0%', '22.2%', '22.2%', '11.1%', '11.1%']);
  });

  it('has no total or shares while a box is empty or wrong, or every weight is 0', () => {
    expect(weightShares(weights({ exits_share: null })).total).toBeNull();
    expect(weightShares(weights({ exits_share: 101 })).shares.files_per_10k_members).toBeNull();
    const none = weightShares(allZero());
    expect(none.total).toBe(0);
    expect(Object.values(none.shares).every((share) => share === null)).toBe(true);
  });
});

describe(toCompetitionBody.name, () => {
  it('sends every indicator’s weight in the server’s order, the ones left out at 0, and no direction (the server fixes it)', () => {
    const body = toCompetitionBody(weights({ median_days_to_first_aid: 0, exits_share: 30 }));
    expect(body).toEqual({
      indicators: [
        { code: 'files_per_10k_members', weight: 25 },
        { code: 'median_days_to_first_aid', weight: 0 },
        { code: 'reviews_on_time_share', weight: 20 },
        { code: 'funds_spent_share', weight: 15 },
        { code: 'callback_satisfaction', weight: 15 },
        { code: 'exits_share', weight: 30 },
      ],
    });
    expect(toCompetitionBody(toWeightValues([{ code: 'exits_share', weight: 10 }])).indicators.map((i) => i.weight)).toEqual([
      0, 0, 0, 0, 0, 10,
    ]);
  });
});

describe(describedIn.name, () => {
  it('gives an indicator’s direction and unit as the server lists them, and nothing for one it does not list', () => {
    expect(describedIn(DEFAULTS, 'median_days_to_first_aid')).toEqual({ better: 'lower', unit: '天' });
    expect(describedIn(DEFAULTS, 'files_per_10k_members')).toEqual({ better: 'higher', unit: '份/万名会员' });
    expect(describedIn(DEFAULTS.slice(0, 1), 'exits_share')).toBeNull();
  });
});

describe(weightsFieldOf.name, () => {
  const sent = [...INDICATOR_CODES];

  it('finds the box of an indicator the server names by its place in the list sent', () => {
    expect(weightsFieldOf('indicators[2].weight', sent)).toBe('reviews_on_time_share');
    expect(weightsFieldOf('indicators[0].code', sent)).toBe('files_per_10k_members');
    expect(weightsFieldOf('body.indicators.5.weight', sent)).toBe('exits_share');
    expect(weightsFieldOf('indicators[1].weight', ['exits_share', 'callback_satisfaction'])).toBe('callback_satisfaction');
  });

  it('names no box for the list as a whole, a place beyond the list, or anything else', () => {
    expect(weightsFieldOf('indicators', sent)).toBeNull();
    expect(weightsFieldOf('body.indicators', sent)).toBeNull();
    expect(weightsFieldOf('indicators[9].weight', sent)).toBeNull();
    expect(weightsFieldOf('indicators[12].weight', sent)).toBeNull();
    expect(weightsFieldOf('request', sent)).toBeNull();
    expect(weightsFieldOf(undefined, sent)).toBeNull();
  });
});

describe(weightsSource.name, () => {
  it('tells the union’s own weights from a union’s above and from the defaults, in words', () => {
    expect(weightsSource({ orgId: 'keqiao' }, 'keqiao')).toBe('own');
    expect(weightsSource({ orgId: 'shaoxing' }, 'keqiao')).toBe('inherited');
    expect(weightsSource({ orgId: null }, 'keqiao')).toBe('default');
    expect(weightsSourceText('own', null)).toBe('本级设定');
    expect(weightsSourceText('inherited', '绍兴市总工会')).toBe('沿用上级「绍兴市总工会」的设定');
    // The server names 浙江 to 柯桥's staff, though it is above their reach.
    expect(weightsSourceText(weightsSource({ orgId: 'zhejiang' }, 'keqiao'), '浙江省总工会')).toBe('沿用上级「浙江省总工会」的设定');
    expect(weightsSourceText('inherited', null)).toBe('沿用上级工会的设定');
    expect(weightsSourceText('default', null)).toBe('系统默认');
  });
});

describe(weightsPending.name, () => {
  it('flags weights that changed since the kept ranking was scored', () => {
    const changed = DEFAULTS.map((i) => (i.code === 'exits_share' ? { ...i, weight: 30 } : i));
    expect(weightsPending({ indicators: DEFAULTS }, { indicators: changed })).toBe(true);
    expect(weightsPending({ indicators: DEFAULTS }, { indicators: [...DEFAULTS].reverse() })).toBe(false);
  });

  it('does not flag an indicator at 0 that the ranking left out: it scores the same', () => {
    const withZero: Indicator[] = [...DEFAULTS.slice(0, 5), { code: 'exits_share', weight: 0, better: 'higher', unit: '%' }];
    expect(weightsPending({ indicators: DEFAULTS.slice(0, 5) }, { indicators: withZero })).toBe(false);
  });

  it('does not flag a ranking kept before the server sent its indicators', () => {
    expect(weightsPending({ indicators: [] }, { indicators: DEFAULTS })).toBe(false);
  });
});
