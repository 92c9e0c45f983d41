// Pure rules of the ranking tab: an indicator's value as the table shows it (shares as %, days as 天, no
// figure as —), the points, and the indicators in the order the server weighs them. No I/O, no React;
// the weights and the scores are the server's, never computed here.
import { i18n } from '../../../../../shared/i18n/index.ts';
import type { Indicator, IndicatorCode, IndicatorPart, RankedArea, Ranking } from './api.ts';

/** Lists every value of a union type in the order given: a value left out fails the typecheck. */
function every<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ) => list;
}

export const INDICATOR_CODES = every<IndicatorCode>()([
  'files_per_10k_members',
  'median_days_to_first_aid',
  'reviews_on_time_share',
  'funds_spent_share',
  'callback_satisfaction',
  'exits_share',
]);

/** How an indicator's value reads: a share of 1 as a percentage, days, or a plain figure. */
export type IndicatorUnit = 'percent' | 'days' | 'figure';

const UNITS: Record<IndicatorCode, IndicatorUnit> = {
  files_per_10k_members: 'figure',
  median_days_to_first_aid: 'days',
  reviews_on_time_share: 'percent',
  funds_spent_share: 'percent',
  callback_satisfaction: 'figure',
  exits_share: 'percent',
};

export function indicatorUnit(code: IndicatorCode): IndicatorUnit {
  return UNITS[code];
}

/** A number to at most `digits` decimals, without trailing zeros: 66.70 → 66.7, 5.00 → 5. */
export function trimmed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** An indicator's value as the table shows it: 66.7%, 3.5 天, 5.38 — or — when the area has no figure. */
export function formatIndicatorValue(code: IndicatorCode, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return i18n.t('common.none');
  switch (indicatorUnit(code)) {
    case 'percent':
      return i18n.t('consoleHardshipRanking.unit.percent', { value: trimmed(value * 100, 1) });
    case 'days':
      return i18n.t('consoleHardshipRanking.unit.days', { value: trimmed(value, 1) });
    case 'figure':
      return trimmed(value, 2);
  }
}

/** Points and scores to two decimals, as the server rounds the score. */
export function formatPoints(points: number): string {
  return points.toFixed(2);
}

/** An indicator the table has a column for: its weight and direction when the ranking says them. */
export interface Column {
  code: IndicatorCode;
  weight: number | null;
  better: Indicator['better'] | null;
}

/**
 * The indicators of a ranking, in the order its competition lists them. A ranking kept before the
 * server sent its indicators has none: then the areas' parts name them, without weights.
 */
export function columnsOf(ranking: Pick<Ranking, 'indicators' | 'areas'>): Column[] {
  if (ranking.indicators.length > 0) return ranking.indicators.map(({ code, weight, better }) => ({ code, weight, better }));
  const codes = new Set(ranking.areas.flatMap((a) => a.parts.map((p) => p.code)));
  return INDICATOR_CODES.filter((code) => codes.has(code)).map((code) => ({ code, weight: null, better: null }));
}

/** The sum of the weights (the score is the points out of it, scaled to 100); null when not given. */
export function totalWeight(columns: readonly Column[]): number | null {
  if (columns.length === 0 || columns.some((c) => c.weight === null)) return null;
  return columns.reduce((sum, c) => sum + (c.weight ?? 0), 0);
}

export function partOf(area: Pick<RankedArea, 'parts'>, code: IndicatorCode): IndicatorPart | null {
  return area.parts.find((p) => p.code === code) ?? null;
}

/** Whether areas share their rank with another (ties share a rank: 1, 2, 2, 4). */
export function tiedRanks(areas: readonly Pick<RankedArea, 'rank'>[]): Set<number> {
  const seen = new Map<number, number>();
  for (const a of areas) seen.set(a.rank, (seen.get(a.rank) ?? 0) + 1);
  return new Set([...seen].filter(([, n]) => n > 1).map(([rank]) => rank));
}
