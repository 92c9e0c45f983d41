// Pure rules of the ranking tab: an indicator's value as the table shows it (in the unit the server
// gives it, no figure as —), the points, and the indicators in the order the server weighs them; the
// weights form's checks (the server's, caught before it is asked) and each weight's share. No I/O, no
// React; the scores, units and directions are the server's, never computed or copied here.
import { i18n } from '../../../../../shared/i18n/index.ts';
import type { Competition, CompetitionBody, Indicator, IndicatorCode, IndicatorPart, RankedArea, Ranking } from './api.ts';

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

/** A number to at most `digits` decimals, without trailing zeros: 66.70 → 66.7, 5.00 → 5. */
export function trimmed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** The server's unit of a 0–1 ratio: its values are shown ×100 (the API's contract says so). */
const RATIO_UNIT = '%';

/**
 * An indicator's value as the table shows it, in the server's unit: 66.7%, 3.5 天, 5.38 份/万名会员 —
 * or — when the area has no figure. Without a unit (a ranking kept before the server gave them, for an
 * indicator the competition does not list either) the figure stands alone.
 */
export function formatIndicatorValue(value: number | null, unit: string | null): string {
  if (value === null || !Number.isFinite(value)) return i18n.t('common.none');
  if (unit === RATIO_UNIT) return i18n.t('consoleHardshipRanking.unit.percent', { value: trimmed(value * 100, 1) });
  return unit ? i18n.t('consoleHardshipRanking.unit.value', { value: trimmed(value, 2), unit }) : trimmed(value, 2);
}

/** Points and scores to two decimals, as the server rounds the score. */
export function formatPoints(points: number): string {
  return points.toFixed(2);
}

/** An indicator the table has a column for: its weight, direction and unit when the server says them. */
export interface Column {
  code: IndicatorCode;
  weight: number | null;
  better: Indicator['better'] | null;
  unit: string | null;
}

/**
 * The indicators of a ranking, in the order its competition lists them. A ranking kept before the
 * server sent its indicators has none: then the areas' parts name them, without weights, and their units
 * are taken from the indicators the server gives elsewhere (the competition's), since a part has none.
 */
export function columnsOf(
  ranking: Pick<Ranking, 'indicators' | 'areas'>,
  units: readonly Pick<Indicator, 'code' | 'unit'>[] = [],
): Column[] {
  if (ranking.indicators.length > 0) {
    return ranking.indicators.map(({ code, weight, better, unit }) => ({ code, weight, better, unit }));
  }
  const codes = new Set(ranking.areas.flatMap((a) => a.parts.map((p) => p.code)));
  return INDICATOR_CODES.filter((code) => codes.has(code)).map((code) => ({
    code,
    weight: null,
    better: null,
    unit: units.find((i) => i.code === code)?.unit ?? null,
  }));
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

// ---------------------------------------------------------------------------------------------
// The competition's weights, as the admin's form edits them.

/**
 * What the server says of an indicator in a competition's list: its direction and unit. An indicator the
 * list leaves out is not counted there, and the form shows it without them (null) rather than guess.
 */
export function describedIn(
  indicators: readonly Pick<Indicator, 'code' | 'better' | 'unit'>[],
  code: IndicatorCode,
): Pick<Indicator, 'better' | 'unit'> | null {
  const found = indicators.find((i) => i.code === code);
  return found ? { better: found.better, unit: found.unit } : null;
}

/** The form's boxes: one weight per indicator; empty while the admin clears a box to type anew. */
export type WeightValues = Record<IndicatorCode, number | null | undefined>;

/** Every indicator's weight from the server's list; one it leaves out is not counted (0). */
export function toWeightValues(indicators: readonly Pick<Indicator, 'code' | 'weight'>[]): WeightValues {
  return Object.fromEntries(INDICATOR_CODES.map((code) => [code, indicators.find((i) => i.code === code)?.weight ?? 0])) as WeightValues;
}

/**
 * What is wrong with one weight, named by the server's problem code where it has one (so the message
 * reads as the server's): a box left empty is the form's own problem, since the server never sees one.
 */
export type WeightProblem = 'weight_missing' | 'indicator_weight';

export function weightProblem(weight: number | null | undefined): WeightProblem | null {
  if (weight === null || weight === undefined) return 'weight_missing';
  return Number.isInteger(weight) && weight >= 0 && weight <= 100 ? null : 'indicator_weight';
}

/** The server's checkIndicators, on the form: each weight whole and 0–100, and not all of them 0. */
export function checkWeights(values: WeightValues): { fields: Partial<Record<IndicatorCode, WeightProblem>>; allZero: boolean } {
  const fields: Partial<Record<IndicatorCode, WeightProblem>> = {};
  for (const code of INDICATOR_CODES) {
    const problem = weightProblem(values[code]);
    if (problem) fields[code] = problem;
  }
  // Only a set of valid boxes can be all zero: an empty or wrong box is its own problem first.
  const allZero = Object.keys(fields).length === 0 && INDICATOR_CODES.every((code) => values[code] === 0);
  return { fields, allZero };
}

/**
 * The weights' total and each indicator's share of the score (weight ÷ total, 0–1). While a box is
 * empty or wrong, or every weight is 0, there is no total to share: null, and no shares.
 */
export function weightShares(values: WeightValues): { total: number | null; shares: Record<IndicatorCode, number | null> } {
  const valid = INDICATOR_CODES.every((code) => weightProblem(values[code]) === null);
  const total = valid ? INDICATOR_CODES.reduce((sum, code) => sum + (values[code] ?? 0), 0) : null;
  const shares = Object.fromEntries(INDICATOR_CODES.map((code) => [code, total ? (values[code] ?? 0) / total : null])) as Record<
    IndicatorCode,
    number | null
  >;
  return { total, shares };
}

/** A share of 1 as the form shows it: 1/3 → 33.3%, 1/4 → 25%. */
export function formatShare(share: number): string {
  return i18n.t('consoleHardshipRanking.unit.percent', { value: trimmed(share * 100, 1) });
}

/**
 * What the form sends: every indicator in the server's order, those not counted with weight 0, so that
 * the union's list keeps every indicator. No direction: the server fixes each indicator's itself.
 */
export function toCompetitionBody(values: WeightValues): CompetitionBody {
  return { indicators: INDICATOR_CODES.map((code) => ({ code, weight: values[code] ?? 0 })) };
}

/**
 * The box a problem of the server's belongs under. It names an indicator by its place in the list sent
 * (`indicators[2].weight` from its rules, `body.indicators.2.weight` from its schema), so the list sent
 * says which; the list as a whole (`indicators`: all zero) names no box.
 */
export function weightsFieldOf(field: string | null | undefined, sent: readonly IndicatorCode[]): IndicatorCode | null {
  const match = /^(?:body\.)?indicators(?:\[(\d+)\]|\.(\d+))(?:\.|$)/.exec(field ?? '');
  if (!match) return null;
  return sent[Number(match[1] ?? match[2])] ?? null;
}

/** Whose weights apply at a union: its own, a union's above (inherited), or the system's defaults. */
export type WeightsSource = 'own' | 'inherited' | 'default';

export function weightsSource(competition: Pick<Competition, 'orgId'>, orgId: string): WeightsSource {
  if (competition.orgId === null) return 'default';
  return competition.orgId === orgId ? 'own' : 'inherited';
}

/**
 * Whether the weights that apply now differ from those the kept ranking was scored by: then its scores
 * are the old weights' until the next calculation. A ranking kept before the server sent its indicators
 * cannot tell, and is not flagged.
 */
export function weightsPending(ranking: Pick<Ranking, 'indicators'>, competition: Pick<Competition, 'indicators'>): boolean {
  if (ranking.indicators.length === 0) return false;
  const key = (list: readonly Indicator[]) =>
    list
      .filter((i) => i.weight > 0)
      .map((i) => `${i.code}:${i.weight}:${i.better}`)
      .sort()
      .join(',');
  return key(ranking.indicators) !== key(competition.indicators);
}

/**
 * Whose weights, in words: 本级设定, 沿用上级「绍兴市总工会」的设定, 系统默认. The server names the union
 * even above the staff member's reach; unnamed only when the competition could not be read.
 */
export function weightsSourceText(source: WeightsSource, setterName: string | null): string {
  const k = 'consoleHardshipRanking.weights.source';
  switch (source) {
    case 'own':
      return i18n.t(`${k}.own`);
    case 'inherited':
      return setterName ? i18n.t(`${k}.inherited`, { org: setterName }) : i18n.t(`${k}.inheritedAbove`);
    case 'default':
      return i18n.t(`${k}.default`);
  }
}
