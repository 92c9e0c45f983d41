// Pure rules of the census pages, mirrored from src/modules/census so the console asks only for what
// the server accepts (the server re-checks every request).
import { regionLevelOf, type RegionLevel } from '../../../../shared/regions.ts';
import { missingFields } from '../../components/import/rules.ts';
import type { CensusField, CensusList, CensusMapping, Coverage, CoverageRow, FormationCount, ListStatus } from './api.ts';

/** A list covers a county (6 digits) or a township (9), as the server's upload requires. */
export function isListArea(code: string | undefined): code is string {
  return code !== undefined && /^\d{6}(\d{3})?$/.test(code);
}

/** Whether `code` lies within `area` ('' is the whole country). */
export function withinArea(code: string, area: string): boolean {
  return code.startsWith(area);
}

/** The area an upload starts from: the staff member's own when it is a county or a township. */
export function defaultListArea(ownArea: string): string | undefined {
  return isListArea(ownArea) ? ownArea : undefined;
}

/**
 * What the mapping step still lacks before a list can be counted: required fields without a column,
 * a 身份证号 or mobile column (one is enough: without either nobody can be matched to the roll), and a
 * trade — a column, or one trade for the whole list.
 */
export function listMappingGaps(
  fields: readonly { key: CensusField; required: boolean }[],
  mapping: CensusMapping,
  listTrade: string | undefined,
): { missing: CensusField[]; needsIdOrPhone: boolean; needsTrade: boolean } {
  return {
    missing: missingFields(fields, mapping),
    needsIdOrPhone: !mapping.idNumber && !mapping.phone,
    needsTrade: !mapping.trade && !listTrade,
  };
}

/** Whether a list has a report to download: rows with errors, with warnings, or repeated in the file. */
export function listHasReport(list: Pick<CensusList, 'errorRows' | 'warningRows' | 'fileDuplicateRows'>): boolean {
  return list.errorRows + list.warningRows + list.fileDuplicateRows > 0;
}

/**
 * The line under a list's progress bar before its rows are counted: what the job is doing, or — once
 * it has stopped — that it stopped.
 */
export function listStageKey(status: ListStatus) {
  switch (status) {
    case 'queued':
      return 'consoleCensus.progress.queued';
    case 'validating':
      return 'consoleCensus.progress.validating';
    case 'writing':
      return 'consoleCensus.progress.writing';
    case 'completed':
    case 'rejected':
    case 'failed':
      return 'consoleCensus.progress.stopped';
  }
}

/** What '—' stands for: no value (no target, no rate, never contacted). */
export const NONE = '—';

/** A count with thousands separators: 1474 → "1,474"; '—' for no value. */
export function countText(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? NONE : n.toLocaleString('zh-CN');
}

/** `part` of `whole` as a rate 0..1, or null when `whole` is 0 (a share of nothing is not 0%). */
export function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** The level of the areas one below `area` ('' → provinces). */
export function childLevel(area: string): RegionLevel | null {
  switch (area.length) {
    case 0:
      return 'province';
    case 2:
      return 'city';
    case 4:
      return 'county';
    case 6:
      return 'township';
    default:
      return null;
  }
}

/** A child row of the coverage: the area itself ("not placed finer") cannot be drilled into. */
export function isUnplaced(row: Pick<CoverageRow, 'key'>, area: Pick<Coverage['area'], 'code'>): boolean {
  return row.key === area.code;
}

/** Whether a child can be opened: a real region one level down (a township opens to its own figures). */
export function canDrill(row: Pick<CoverageRow, 'key'>, area: Pick<Coverage['area'], 'code'>): boolean {
  return !isUnplaced(row, area) && regionLevelOf(row.key) !== null;
}

/**
 * The children in the order the table shows them: the server's (largest census first), the people
 * placed no finer than the area itself last, as a spreadsheet's "其他" row would be.
 */
export function orderedChildren(coverage: Pick<Coverage, 'area' | 'children'>): CoverageRow[] {
  const placed = coverage.children.filter((row) => !isUnplaced(row, coverage.area));
  const unplaced = coverage.children.filter((row) => isUnplaced(row, coverage.area));
  return [...placed, ...unplaced];
}

export type FormationKey = 'single' | 'regional' | 'industry' | 'none';
const FORMATION_ORDER: readonly FormationKey[] = ['single', 'regional', 'industry', 'none'];

/** The unions by formation mode in a fixed order (单独组建, 区域联建, 行业统建, 未标注), modes without unions left out. */
export function formationRows(formation: readonly FormationCount[]): { key: FormationKey; unions: number; built: number }[] {
  const byKey = new Map<FormationKey, { unions: number; built: number }>();
  for (const row of formation) {
    const key: FormationKey = row.mode ?? 'none';
    const sum = byKey.get(key) ?? { unions: 0, built: 0 };
    byKey.set(key, { unions: sum.unions + row.unions, built: sum.built + row.built });
  }
  return FORMATION_ORDER.flatMap((key) => {
    const sum = byKey.get(key);
    return sum && sum.unions + sum.built > 0 ? [{ key, ...sum }] : [];
  });
}

/** The breadcrumb from the staff member's own area down: a national union's starts at the whole country (''). */
export function crumbsOf(coverage: Pick<Coverage, 'path'>, ownArea: string): { code: string; name: string | null }[] {
  const path = coverage.path.filter((p) => p.code !== '');
  return ownArea === '' ? [{ code: '', name: null }, ...path] : path;
}
