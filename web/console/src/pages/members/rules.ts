// Pure rules of the members pages, mirrored from src/modules/members/rules.ts so the console offers
// only what the server accepts (the server re-checks every action).
import { i18n } from '../../../../shared/i18n/index.ts';
import { missingFields } from '../../components/import/rules.ts';
import type { ImportField, ImportMapping, ImportStatus, MemberImport, MembersStats, MemberStatus, StatsRow, StatusAction } from './api.ts';

export const STATUS_ACTIONS: readonly StatusAction[] = ['suspend', 'reinstate', 'leave', 'record_death'];

const FROM: Record<StatusAction, readonly MemberStatus[]> = {
  suspend: ['active'],
  reinstate: ['suspended', 'left'],
  leave: ['active', 'suspended'],
  record_death: ['active', 'suspended', 'left'],
};

/** The status actions a member in `status` allows. */
export function allowedStatusActions(status: MemberStatus): StatusAction[] {
  return STATUS_ACTIONS.filter((action) => FROM[action].includes(status));
}

/** The import template: the header row only, UTF-8 with a BOM so Excel opens it as Chinese text. */
export function importTemplateCsv(): string {
  return `\uFEFF${i18n.t('consoleMembers.imports.templateHeader')}\r\n`;
}

/**
 * The line under an import's progress bar before its rows are counted: what the job is doing, or —
 * once it has stopped (a failed job included) — that it stopped, never "checking the file".
 */
export function importProgressKey(status: ImportStatus) {
  switch (status) {
    case 'queued':
      return 'consoleMembers.imports.progressQueued';
    case 'validating':
      return 'consoleMembers.imports.progressValidating';
    case 'writing':
      return 'consoleMembers.imports.progressWriting';
    case 'completed':
    case 'rejected':
    case 'failed':
      return 'consoleMembers.imports.progressStopped';
  }
}

/** Whether an import has a report to download: errors, repeats, people already on the roll or warnings. */
export function importHasReport(item: Pick<MemberImport, 'errorRows' | 'duplicateRows' | 'fileDuplicateRows' | 'warningRows'>): boolean {
  return item.errorRows + item.duplicateRows + item.fileDuplicateRows + item.warningRows > 0;
}

/**
 * What the mapping step still lacks before an import can start: required fields without a column,
 * and whether the rows have a work place — a street-code column, an address column, or one region
 * chosen for the whole file.
 */
export function mappingGaps(
  fields: readonly { key: ImportField; required: boolean }[],
  mapping: ImportMapping,
  fileRegion: string | undefined,
): { missing: ImportField[]; needsWorkPlace: boolean } {
  const missing = missingFields(fields, mapping);
  const needsWorkPlace = !mapping.workRegionCode && !mapping.workAddress && !fileRegion;
  return { missing, needsWorkPlace };
}

export const STAT_KEYS = ['members', 'newFormMembers', 'joinsThisMonth', 'joinsThisYear', 'pendingApplications'] as const;

/** A child union's row of the statistics table, or the union's own members outside every child (本级). */
export type StatsTableRow = StatsRow & { direct?: boolean };

/**
 * The children's rows, preceded by the union's own (本级) row when it has members or applications of
 * its own, so that the rows add up to the union's totals as a spreadsheet would.
 */
export function withDirectRow({ node, children }: MembersStats): StatsTableRow[] {
  if (children.length === 0) return [];
  const direct: StatsTableRow = { ...node, direct: true };
  for (const key of STAT_KEYS) direct[key] = Math.max(0, node[key] - children.reduce((sum, child) => sum + child[key], 0));
  return STAT_KEYS.some((key) => direct[key] > 0) ? [direct, ...children] : children;
}
