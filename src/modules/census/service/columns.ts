// Which column of a list's file is which: the uploader's mapping, else the source's last one, else
// the headers' usual words; and whether the file has what a list needs.
import { resolveMapping, suggestMapping } from '../../../platform/files/table.js';
import { t } from '../../../platform/i18n/i18n.js';
import type { Trade } from '#modules/orgs';
import { censusErrors } from '../errors.js';
import { CENSUS_COLUMNS, CENSUS_FIELDS, type CensusField } from '../rules.js';
import type { CensusMapping } from './lists.js';

/** The file's columns, or the reason it cannot be imported with them. */
export function columnsOf(header: string[], mapping: CensusMapping, trade: Trade | null): Map<number, CensusField> {
  const resolved = resolveMapping(header, CENSUS_FIELDS, mapping);
  if (resolved.unknown.length > 0) {
    throw censusErrors.listUnreadable({ reason: t('problems.files.mapped_header_missing', { headers: resolved.unknown.join('、') }) });
  }
  const fields = new Set(resolved.columns.values());
  const missing: string[] = resolved.missing.map((k) => CENSUS_COLUMNS[k]);
  if (!fields.has('idNumber') && !fields.has('phone')) missing.push(t('problems.census.id_or_phone_column'));
  if (!fields.has('trade') && !trade) missing.push(CENSUS_COLUMNS.trade);
  if (missing.length > 0) {
    throw censusErrors.listUnreadable({ reason: t('problems.census.missing_columns', { columns: missing.join('、') }) });
  }
  return resolved.columns;
}

/** The mapping for a file whose uploader sent none: the source's last one, else the headers' usual words. */
export function suggestFor(header: string[], remembered: CensusMapping): CensusMapping {
  // The source keeps field → header; suggestMapping remembers header → field.
  const byHeader = Object.fromEntries(Object.entries(remembered).map(([field, h]) => [h ?? '', field]));
  return suggestMapping(header, CENSUS_FIELDS, byHeader);
}
