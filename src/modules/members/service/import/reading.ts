// Reading a file's rows: the columns mapped, the rows streamed, the IDs already seen.
import type { Db } from '../../../../platform/db/tx.js';
import { rememberedMapping, rememberMapping } from '../../../../platform/files/mappings.js';
import {
  cellsByField,
  readTable,
  resolveMapping,
  suggestMapping,
  TableReadError,
  type TextEncoding,
} from '../../../../platform/files/table.js';
import { t } from '../../../../platform/i18n/i18n.js';
import { memberErrors } from '../../errors.js';
import { IMPORT_COLUMNS, IMPORT_FIELDS, ROLL_IMPORT_KIND, type ImportField, type ImportMapping, type RawRow } from './rows.js';
import type { ImportRow, ImportOptions } from './job.js';

// ---------------------------------------------------------------------------------------------
// Reading rows.

/** The header's fields, or the reason the file cannot be imported with them. */
function columnsOf(header: string[], mapping: ImportMapping, options: ImportOptions): Map<number, ImportField> {
  const resolved = resolveMapping(header, IMPORT_FIELDS, mapping);
  if (resolved.unknown.length > 0) {
    throw memberErrors.importUnreadable({
      reason: t('problems.files.mapped_header_missing', { headers: resolved.unknown.join('、') }),
    });
  }
  const missing: string[] = resolved.missing.map((k) => IMPORT_COLUMNS[k]);
  const fields = new Set(resolved.columns.values());
  if (!fields.has('workRegionCode') && !fields.has('workAddress') && !options.workRegionCode) {
    missing.push(t('problems.members.import_work_place_column'));
  }
  if (missing.length > 0) {
    throw memberErrors.importUnreadable({ reason: t('problems.members.import_missing_columns', { columns: missing.join('、') }) });
  }
  return resolved.columns;
}

/**
 * The data rows of the file, each cell under its field. The header row decides the columns: the
 * uploader's mapping if given (and then remembered for them), else theirs from last time, else the
 * usual words. A file that cannot be read is reported in words, not a parser's stack.
 */
export async function* readRows(
  db: Db,
  job: ImportRow,
  file: string,
  options: ImportOptions,
  reading: { encoding: TextEncoding | null; onBytes: (n: number) => void; remember: boolean },
): AsyncGenerator<RawRow> {
  let columns: Map<number, ImportField> | null = null;
  try {
    for await (const { row, cells } of readTable(file, job.format, {
      onBytes: reading.onBytes,
      ...(reading.encoding ? { encoding: reading.encoding } : {}),
    })) {
      if (!columns) {
        const mapping =
          options.mapping ??
          suggestMapping(cells, IMPORT_FIELDS, job.staffId ? await rememberedMapping(db, job.staffId, ROLL_IMPORT_KIND) : {});
        columns = columnsOf(cells, mapping, options);
        if (reading.remember && options.mapping && job.staffId) {
          await rememberMapping(db, job.staffId, ROLL_IMPORT_KIND, cells, options.mapping);
        }
        continue;
      }
      yield { row, cells: cellsByField(cells, columns) };
    }
  } catch (error) {
    if (error instanceof TableReadError) throw memberErrors.importUnreadable({ reason: error.reason }, { cause: error });
    throw error;
  }
  if (!columns) throw memberErrors.importUnreadable({ reason: t('problems.members.import_empty') });
}
