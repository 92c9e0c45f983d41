// Reading a table someone exported from Excel (.csv or .xlsx), the way district offices actually
// send them: a CSV in GBK as often as in UTF-8, blank rows between the people, headers in their own
// words, 身份证号 that Excel turned into 3.30603E+17. Every import (the roll, the census lists, …)
// reads through here, so each of those lessons is learnt once. Streaming: a file is never held whole.
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { t } from '../i18n/i18n.js';
import { loadExcel } from './excel.js';

export type TableFormat = 'csv' | 'xlsx';

/** How a CSV file's text was encoded: UTF-8 with or without a byte-order mark, or GB18030 (a superset of GBK and GB2312). */
export const TEXT_ENCODINGS = ['utf-8', 'utf-8-bom', 'gb18030'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/** A table that cannot be read at all; `reason` is a sentence for the uploader. */
export class TableReadError extends Error {
  constructor(
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(reason, options);
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding.

// Enough non-ASCII bytes to tell GBK from UTF-8 beyond doubt: random GBK text is valid UTF-8 for a
// few bytes at most. A file whose first megabytes are ASCII is read on until its first Chinese.
const DECIDING_NON_ASCII = 4096;
const SCAN_LIMIT = 8 << 20;

/**
 * The encoding of a text, from its first bytes: a BOM says UTF-8; bytes that decode as UTF-8 are
 * UTF-8; anything else is GB18030 (what "CSV" from a Chinese Excel or WPS is: GBK, which GB18030
 * contains). `complete` tells whether `sample` is the whole text (else its last character may be cut).
 */
export function detectEncoding(sample: Uint8Array, complete: boolean): TextEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8-bom';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** The encoding of a CSV file on disk (reads only as far as it needs to). */
export async function detectFileEncoding(file: string): Promise<TextEncoding> {
  const chunks: Buffer[] = [];
  let nonAscii = 0;
  let read = 0;
  let complete = true;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    read += chunk.length;
    for (const byte of chunk) if (byte >= 0x80) nonAscii += 1;
    if (nonAscii >= DECIDING_NON_ASCII || read >= SCAN_LIMIT) {
      complete = false;
      break;
    }
  }
  return detectEncoding(Buffer.concat(chunks), complete);
}

/** Bytes in, text out, in the given encoding (the BOM dropped); invalid UTF-8 is an error, not U+FFFD. */
export class DecodingStream extends Transform {
  private readonly decoder: InstanceType<typeof TextDecoder>;

  constructor(encoding: TextEncoding) {
    super({ readableObjectMode: false, decodeStrings: true, encoding: 'utf8' });
    this.decoder = new TextDecoder(encoding === 'gb18030' ? 'gb18030' : 'utf-8', { fatal: encoding !== 'gb18030' });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      done(null, this.decoder.decode(chunk, { stream: true }));
    } catch (error) {
      done(new TableReadError(t('problems.files.encoding_mixed'), { cause: error }));
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      done(null, this.decoder.decode());
    } catch (error) {
      done(new TableReadError(t('problems.files.encoding_mixed'), { cause: error }));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Rows.

export interface TableRow {
  /** The row's number as the spreadsheet shows it (1 = the first line), blank rows counted. */
  row: number;
  cells: string[];
}

/** Whether every cell is empty or whitespace: Excel leaves such rows (",,,,,") in a CSV it saves. */
export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** A row above a table's header: a title or a note, in one cell (two columns are a header at least). */
export function isTitleRow(cells: readonly string[]): boolean {
  return cells.filter((cell) => cell.trim() !== '').length < 2;
}

export interface ReadTableOptions {
  /** Called with the size of each chunk of the file read (for progress by bytes). */
  onBytes?: (n: number) => void;
  /** A CSV's encoding when already known (e.g. detected for a preview); detected otherwise. */
  encoding?: TextEncoding;
}

/**
 * The non-blank rows of a table, the header row first (title rows above it skipped), every cell trimmed text. An .xlsx is read
 * from its first sheet; a number Excel stored is given as Excel's General format shows it (so a
 * long number reads `3.30603E+17`, as the uploader saw it). A file that is not what it claims to be
 * throws a TableReadError that says so in words, never a parser's stack.
 */
export async function* readTable(file: string, format: TableFormat, options: ReadTableOptions = {}): AsyncGenerator<TableRow> {
  try {
    const rows =
      format === 'csv'
        ? readCsv(file, options.encoding ?? (await detectFileEncoding(file)), options.onBytes)
        : readXlsx(file, options.onBytes);
    let header = false;
    for await (const row of rows) {
      // Lists from offices open with a title over merged cells ("柯桥区外卖骑手摸排名单（2026年11月）") or a
      // line of notes: the header is the first row naming two columns or more.
      if (!header && isTitleRow(row.cells)) continue;
      header = true;
      yield row;
    }
  } catch (error) {
    if (error instanceof TableReadError) throw error;
    const reason = format === 'xlsx' ? t('problems.files.not_xlsx') : t('problems.files.not_csv', { detail: String(error) });
    throw new TableReadError(reason, { cause: error });
  }
}

async function* readCsv(file: string, encoding: TextEncoding, onBytes?: (n: number) => void): AsyncGenerator<TableRow> {
  const input = createReadStream(file);
  if (onBytes) input.on('data', (chunk) => onBytes(chunk.length));
  // Blank lines are kept as records (and skipped below) so that a row's number stays the one the
  // uploader's spreadsheet shows.
  const parser = parse({ relax_column_count: true, skip_empty_lines: false, trim: true });
  // A pipeline, not pipe(): a decoding error must end the parser (and so the loop below), not stall it.
  pipeline(input, new DecodingStream(encoding), parser).catch(() => undefined);
  let row = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    row += 1;
    if (!isBlankRow(record)) yield { row, cells: record };
  }
}

async function* readXlsx(file: string, onBytes?: (n: number) => void): AsyncGenerator<TableRow> {
  // Loaded before the file is opened: the 'data' listener below starts it flowing, and chunks read while
  // ExcelJS loads (its first use in a process or thread) would be lost to the reader.
  const excel = await loadExcel();
  const input = createReadStream(file);
  if (onBytes) input.on('data', (chunk) => onBytes(chunk.length));
  const reader = new excel.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  for await (const sheet of reader) {
    for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
      const cells = (r.values as unknown[]).slice(1).map((value) => cellText(value).trim());
      if (!isBlankRow(cells)) yield { row: r.number, cells };
    }
    break; // a table is the first sheet
  }
}

/** A cell of an .xlsx as text. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return excelGeneral(value);
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return cellText(v.text);
    if (v.result !== undefined) return cellText(v.result);
    return '';
  }
  return typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : '';
}

/**
 * A number as Excel's General format shows it: up to 11 digits as they are, longer ones in
 * scientific notation with six significant digits — which is all that is left of an 18-digit
 * 身份证号 typed into a number cell (Excel keeps 15 digits, shows 6).
 */
export function excelGeneral(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) < 1e11) return String(n);
  const [mantissa = '', exponent = '0'] = n.toExponential(5).split('e');
  const trimmed = mantissa.replace(/\.?0+$/, '');
  return `${trimmed}E${exponent.startsWith('-') ? '' : '+'}${exponent.replace('+', '').padStart(2, '0')}`;
}

const SCIENTIFIC = /^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$/;

/**
 * Whether a cell holds a number Excel wrote in scientific notation (`3.30603E+17`, `3.30603e17`):
 * a code or an ID whose column was not formatted as text, its last digits gone for good.
 */
export function isExcelScientific(text: string): boolean {
  return SCIENTIFIC.test(text.trim());
}

// ---------------------------------------------------------------------------------------------
// Headers and the mapping of columns to fields.

/** A field an import fills, the words a header may use for it, and whether a file must have it. */
export interface ColumnSpec<K extends string = string> {
  key: K;
  /** The header the import's template uses. */
  label: string;
  /** Other headers found in the files people send (身份证号码, 公民身份号码, 联系电话 …). */
  synonyms: readonly string[];
  required?: boolean;
}

/** Which header of the file fills each field (by the header's text); fields left out are not read. */
export type ColumnMapping<K extends string = string> = Partial<Record<K, string>>;

/** A header as compared: no BOM, no spaces (full-width included), no "*" or "（必填）" marks. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/[\s\u3000]+/g, '')
    .replace(/^[*＊]+|[*＊]+$/g, '')
    .replace(/[(（](必填|选填|可选)[)）]$/, '');
}

/**
 * The mapping to offer for a file's headers: for each field, the header the uploader chose for it
 * last time (`remembered`: header → field, '' for "not imported"), else the first header that is the
 * field's label or one of its synonyms. A header fills one field at most.
 */
export function suggestMapping<K extends string>(
  headers: readonly string[],
  specs: readonly ColumnSpec<K>[],
  remembered: Readonly<Record<string, string>> = {},
): ColumnMapping<K> {
  const mapping: ColumnMapping<K> = {};
  const used = new Set<string>();
  const keys = new Set<string>(specs.map((s) => s.key));
  const rememberedByHeader = new Map(Object.entries(remembered).map(([h, k]) => [normaliseHeader(h), k]));
  for (const header of headers) {
    const key = rememberedByHeader.get(normaliseHeader(header));
    if (key && keys.has(key) && mapping[key as K] === undefined && !used.has(header)) {
      mapping[key as K] = header;
      used.add(header);
    }
  }
  for (const spec of specs) {
    if (mapping[spec.key] !== undefined) continue;
    const words = new Set([spec.label, ...spec.synonyms].map(normaliseHeader));
    const header = headers.find((h) => !used.has(h) && words.has(normaliseHeader(h)) && rememberedByHeader.get(normaliseHeader(h)) !== '');
    if (header !== undefined) {
      mapping[spec.key] = header;
      used.add(header);
    }
  }
  return mapping;
}

export interface ResolvedColumns<K extends string> {
  /** Column index → field. */
  columns: Map<number, K>;
  /** Required fields no header fills. */
  missing: K[];
  /** Headers the mapping names that the file does not have. */
  unknown: string[];
}

/** Applies a mapping to a file's header row. */
export function resolveMapping<K extends string>(
  headers: readonly string[],
  specs: readonly ColumnSpec<K>[],
  mapping: ColumnMapping<K>,
): ResolvedColumns<K> {
  const index = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = normaliseHeader(h);
    if (key && !index.has(key)) index.set(key, i);
  });
  const columns = new Map<number, K>();
  const unknown: string[] = [];
  for (const spec of specs) {
    const header = mapping[spec.key];
    if (header === undefined || header === '') continue;
    const at = index.get(normaliseHeader(header));
    if (at === undefined) unknown.push(header);
    else columns.set(at, spec.key);
  }
  const mapped = new Set(columns.values());
  const missing = specs.filter((s) => s.required && !mapped.has(s.key)).map((s) => s.key);
  return { columns, missing, unknown };
}

/** A row's cells by field, per a resolved mapping. */
export function cellsByField<K extends string>(cells: readonly string[], columns: ReadonlyMap<number, K>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [i, key] of columns) out[key] = cells[i] ?? '';
  return out;
}

// ---------------------------------------------------------------------------------------------
// A preview: what the mapping step shows before an import starts.

export interface TablePreview {
  /** Null for an .xlsx (its text is always UTF-8 inside). */
  encoding: TextEncoding | null;
  headers: string[];
  /** The first data rows (after the header), as many cells as there are headers. */
  samples: string[][];
}

/**
 * The header and first rows of a table. `truncated`: the file is only the first bytes of a CSV
 * (as a browser sends for the preview), so its last record may be cut and is dropped.
 */
export async function previewTable(
  file: string,
  format: TableFormat,
  options: { rows?: number; truncated?: boolean } = {},
): Promise<TablePreview> {
  const wanted = options.rows ?? 5;
  const encoding = format === 'csv' ? await detectFileEncoding(file) : null;
  let headers: string[] | null = null;
  const samples: string[][] = [];
  // One row more than shown, so that a cut last record is never among those shown.
  const reading = readTable(file, format, encoding ? { encoding } : {});
  try {
    for await (const { cells } of reading) {
      if (!headers) headers = cells;
      else samples.push(headers.map((_, i) => cells[i] ?? ''));
      if (samples.length > wanted) break;
    }
  } catch (error) {
    // The cut end of a truncated CSV can be a half-open quote: what was read before it stands.
    if (!(options.truncated && headers)) throw error;
  } finally {
    await reading.return(undefined);
  }
  if (!headers) throw new TableReadError(t('problems.files.empty'));
  if (options.truncated && samples.length <= wanted) samples.pop();
  return { encoding, headers, samples: samples.slice(0, wanted) };
}
