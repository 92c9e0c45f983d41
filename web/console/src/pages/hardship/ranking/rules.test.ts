import { describe, expect, it } from 'vitest';
import type { RankedArea } from './api.ts';
import { columnsOf, formatIndicatorValue, formatPoints, INDICATOR_CODES, partOf, tiedRanks, totalWeight, trimmed } from './rules.ts';

function area(id: string, rank: number, parts: RankedArea['parts'] = []): RankedArea {
  return {
    org: { id, name: id },
    rank,
    score: 0,
    parts,
    counts: { members: 0, filesFound: 0, filed: 0, exitedThisYear: 0, fundsReceivedFen: 0, fundsSpentFen: 0, callbacks: 0 },
  };
}

describe(formatIndicatorValue.name, () => {
  it('shows shares as percentages, days as 天 and the other figures plainly', () => {
    expect(formatIndicatorValue('reviews_on_time_share', 1)).toBe('100%');
    expect(formatIndicatorValue('funds_spent_share', 4_000 / 80_000)).toBe('5%');
    expect(formatIndicatorValue('exits_share', 1 / 3)).toBe('33.3%');
    expect(formatIndicatorValue('median_days_to_first_aid', 3.5)).toBe('3.5 天');
    expect(formatIndicatorValue('median_days_to_first_aid', 0)).toBe('0 天');
    // 安徽: 4,500 files among 9,000,000 members is 5 per 10,000.
    expect(formatIndicatorValue('files_per_10k_members', (4_500 * 10_000) / 9_000_000)).toBe('5');
    expect(formatIndicatorValue('files_per_10k_members', (2 * 10_000) / 273)).toBe('73.26');
    expect(formatIndicatorValue('callback_satisfaction', 4.25)).toBe('4.25');
  });

  it('shows an area without a figure as —', () => {
    for (const code of INDICATOR_CODES) expect(formatIndicatorValue(code, null)).toBe('—');
  });

  it('trims trailing zeros only after the point', () => {
    expect(trimmed(100, 1)).toBe('100');
    expect(trimmed(66.7, 1)).toBe('66.7');
    expect(trimmed(10.5, 2)).toBe('10.5');
    expect(formatPoints(25)).toBe('25.00');
  });
});

describe(columnsOf.name, () => {
  it('takes the indicators and weights the server scored by, in its order', () => {
    const columns = columnsOf({
      indicators: [
        { code: 'exits_share', weight: 10, better: 'higher' },
        { code: 'median_days_to_first_aid', weight: 15, better: 'lower' },
      ],
      areas: [],
    });
    expect(columns).toEqual([
      { code: 'exits_share', weight: 10, better: 'higher' },
      { code: 'median_days_to_first_aid', weight: 15, better: 'lower' },
    ]);
    expect(totalWeight(columns)).toBe(25);
  });

  it('falls back on the areas’ parts, without weights, for a ranking kept before the server sent its indicators', () => {
    const part = (code: RankedArea['parts'][number]['code']) => ({ code, value: null, normalised: 0, points: 0 });
    const columns = columnsOf({ indicators: [], areas: [area('a', 1, [part('exits_share'), part('files_per_10k_members')])] });
    expect(columns.map((c) => c.code)).toEqual(['files_per_10k_members', 'exits_share']);
    expect(totalWeight(columns)).toBeNull();
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
