// Reading a file's rows: the columns mapped, the rows streamed, the IDs already seen.
import type { Db } from '../../../../platform/db/tx.js';
import { createReadStream } from 'node:fs';
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

/**
 * The first row of each person seen in a file, keyed by 64 bits of the ID's blind index (an HMAC, so
 * the bits are uniform; two of a million people share 64 bits with odds of about 1 in 30 million).
 * Open addressing over typed arrays: about 24 MB for a million rows, where a Map of strings took ~110.
 */
export class SeenIds {
  private readonly hi: Uint32Array;
  private readonly lo: Uint32Array;
  private readonly rows: Int32Array;
  private readonly mask: number;

  constructor(capacity: number) {
    let size = 1;
    while (size < capacity * 2) size *= 2;
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.rows = new Int32Array(size); // 0 = empty: spreadsheet rows start at 1
    this.mask = size - 1;
  }

  private slot(key: Buffer): number {
    const hi = key.readUInt32BE(0);
    const lo = key.readUInt32BE(4);
    let i = lo & this.mask;
    while (this.rows[i] !== 0 && (this.hi[i] !== hi || this.lo[i] !== lo)) i = (i + 1) & this.mask;
    this.hi[i] = hi;
    this.lo[i] = lo;
    return i;
  }

  get(key: Buffer): number | undefined {
    const row = this.rows[this.slot(key)];
    return row ? row : undefined;
  }

  set(key: Buffer, row: number): void {
    this.rows[this.slot(key)] = row;
  }
}

/**
 * At least as many as the records a CSV file holds: its line breaks (\n or \r, whichever the file ends
 * its lines with), plus one for a last line without one. Counting them is a fast scan of bytes.
 */
export async function csvRecordBound(file: string): Promise<number> {
  let lf = 0;
  let cr = 0;
  let last = 10;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lf += 1;
    for (let at = chunk.indexOf(13); at !== -1; at = chunk.indexOf(13, at + 1)) cr += 1;
    last = chunk[chunk.length - 1] ?? last;
  }
  return Math.max(lf, cr) + (last === 10 || last === 13 ? 0 : 1);
}

/** SQL text of a bytea[] literal, one parameter however many keys. */
export const byteaArray = (keys: readonly Buffer[]): string => `{${keys.map((k) => `"\\\\x${k.toString('hex')}"`).join(',')}}`;

/** A set of a file's row numbers, a bit each (a million rows: 125 KB). */
export class RowSet {
  private bits = new Uint8Array(1 << 17);

  add(row: number): void {
    const at = row >>> 3;
    if (at >= this.bits.length) {
      const grown = new Uint8Array(Math.max(at + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[at] = (this.bits[at] ?? 0) | (1 << (row & 7));
  }

  has(row: number): boolean {
    return ((this.bits[row >>> 3] ?? 0) & (1 << (row & 7))) !== 0;
  }
}
