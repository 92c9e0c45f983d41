// Importing an existing roll (.csv or .xlsx, up to a million rows). The upload is streamed to a file,
// then read, streaming: every row is checked and every bad one reported (row, column, code, message),
// duplicates against the roll and within the file included. In valid_rows mode a CSV is read once, the
// good rows going to the roll in batches as they are checked; otherwise every row is checked first and
// the file read a second time to write. Nothing holds the whole file in memory.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { csvCell, loadExcel } from '../../../platform/files/excel.js';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { shanghaiDay, uuidv7 } from '../../../platform/db/columns.js';
import type { Database } from '../../../platform/db/client.js';
import { inTransaction, queryRows } from '../../../platform/db/tx.js';
import { isAppError, type FieldProblem } from '../../../platform/errors/app-error.js';
import { t } from '../../../platform/i18n/i18n.js';
import { getOrg, listPlacementCandidates, orgIdsInScope, searchOrgs, TRADES, type Org, type Trade } from '../../orgs/index.js';
import { memberErrors } from '../errors.js';
import { choosePlacement, enclosingRegions, formatMemberNo, isNewFormTrade } from '../rules.js';
import { importErrors, imports, members } from '../schema.js';
import { idIndexKey, MemberBatch, newMemberId, writeMemberBatch } from './bulk.js';
import { auditForOrg, nextMemberSequences, provinceOf } from './common.js';
import { idIndexOf, PersonEncryptor, type PersonColumns, type PersonInput } from './person.js';
import { checkPerson, problem, type PersonField } from './validate.js';

export const IMPORT_MAX_ROWS = 1_000_000;

/** The roll's columns, as a union's Excel sheet names them; the first five are required. */
export const IMPORT_COLUMNS = {
  name: '姓名',
  idNumber: '身份证号',
  phone: '手机号',
  trade: '行业',
  workRegionCode: '工作地区划代码',
  employerName: '单位名称',
  employerUscc: '单位统一社会信用代码',
  workAddress: '工作地址',
  union: '所属工会',
  joinedAt: '入会日期',
} as const;
type ImportColumn = keyof typeof IMPORT_COLUMNS;
const REQUIRED: ImportColumn[] = ['name', 'idNumber', 'trade', 'workRegionCode'];

export type ImportRow = typeof imports.$inferSelect;

export interface ImportJob {
  id: string;
  orgId: string;
  staffName: string | null;
  fileName: string;
  format: 'csv' | 'xlsx';
  mode: 'all_or_nothing' | 'valid_rows';
  status: ImportRow['status'];
  /** 0–100 by bytes read; when the file is read twice, the checking counts for half and the writing for the other. */
  progress: number;
  totalRows: number;
  processedRows: number;
  writtenRows: number;
  duplicateRows: number;
  errorRows: number;
  failure: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

// ---------------------------------------------------------------------------------------------
// Reading rows.

interface RawRow {
  row: number;
  cells: Partial<Record<ImportColumn, string>>;
}

const TRADE_BY_LABEL = new Map<string, Trade>(TRADES.flatMap((code) => [[code, code] as const, [t(`orgs.trade.${code}`), code] as const]));

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return cellText(v.text);
    if (v.result !== undefined) return cellText(v.result);
    return '';
  }
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** Maps the header row to our columns; throws importUnreadable naming missing ones. */
function headerMap(header: string[]): Map<number, ImportColumn> {
  const byLabel = new Map<string, ImportColumn>(Object.entries(IMPORT_COLUMNS).map(([key, label]) => [label, key as ImportColumn]));
  const map = new Map<number, ImportColumn>();
  header.forEach((h, i) => {
    const key = byLabel.get(h.trim().replace(/^\uFEFF/, ''));
    if (key) map.set(i, key);
  });
  const missing = REQUIRED.filter((k) => ![...map.values()].includes(k));
  if (missing.length > 0) {
    throw memberErrors.importUnreadable({
      reason: t('problems.members.import_missing_columns', { columns: missing.map((k) => IMPORT_COLUMNS[k]).join('、') }),
    });
  }
  return map;
}

/** Rows of the file; a file that is not what it claims to be is reported in words, not a parser's stack. */
async function* readRows(file: string, format: 'csv' | 'xlsx', onBytes: (n: number) => void): AsyncGenerator<RawRow> {
  try {
    yield* readRowsRaw(file, format, onBytes);
  } catch (error) {
    if (isAppError(error)) throw error;
    const reason =
      format === 'xlsx' ? t('problems.members.import_not_xlsx') : t('problems.members.import_not_csv', { detail: String(error) });
    throw memberErrors.importUnreadable({ reason }, { cause: error });
  }
}

async function* readRowsRaw(file: string, format: 'csv' | 'xlsx', onBytes: (n: number) => void): AsyncGenerator<RawRow> {
  const input = createReadStream(file);
  input.on('data', (chunk) => onBytes(chunk.length));
  if (format === 'csv') {
    const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }));
    let header: Map<number, ImportColumn> | null = null;
    let row = 0;
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      if (!header) {
        header = headerMap(record);
        continue;
      }
      const cells: RawRow['cells'] = {};
      for (const [i, key] of header) cells[key] = record[i] ?? '';
      yield { row, cells };
    }
    if (!header) throw memberErrors.importUnreadable({ reason: t('problems.members.import_empty') });
    return;
  }
  const reader = new (await loadExcel()).stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  let header: Map<number, ImportColumn> | null = null;
  for await (const sheet of reader) {
    for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = (r.values as unknown[]).slice(1).map(cellText);
      if (values.every((v) => v.trim() === '')) continue;
      if (!header) {
        header = headerMap(values);
        continue;
      }
      const cells: RawRow['cells'] = {};
      for (const [i, key] of header) cells[key] = values[i]?.trim() ?? '';
      yield { row: r.number, cells };
    }
    break; // the roll is the first sheet
  }
  if (!header) throw memberErrors.importUnreadable({ reason: t('problems.members.import_empty') });
}

// ---------------------------------------------------------------------------------------------
// Checking one row.

interface CheckedRow {
  row: number;
  person: PersonInput;
  org: Org;
  joinedAt: Date;
}

const columnOf = (field: PersonField): string => IMPORT_COLUMNS[field === 'location' ? 'workAddress' : field] ?? field;

function rowProblem(
  row: number,
  column: ImportColumn,
  code: string,
  params: Record<string, unknown> = {},
): FieldProblem & { row: number; column: string } {
  return { ...problem(IMPORT_COLUMNS[column], code, params), row, column: IMPORT_COLUMNS[column] };
}

class UnionResolver {
  private readonly byName = new Map<string, Org[]>();
  private readonly placements = new Map<string, Org | null>();
  constructor(
    private readonly p: Platform,
    private readonly scope: Scope,
  ) {}

  async named(name: string): Promise<Org[]> {
    let found = this.byName.get(name);
    if (!found) {
      found = (await searchOrgs(this.p.db, this.scope, { q: name, status: 'active', limit: 20 })).filter(
        (o) => o.name === name || o.id === name,
      );
      this.byName.set(name, found);
    }
    return found;
  }

  /** The union the placement rule gives, if it lies in the importer's subtree. */
  async placed(person: PersonInput): Promise<Org | null> {
    const key = `${person.trade}|${person.workRegionCode}|${person.employerUscc ?? ''}`;
    if (!this.placements.has(key)) {
      const placement = choosePlacement(
        person,
        await listPlacementCandidates(this.p.db, enclosingRegions(person.workRegionCode), person.employerUscc),
      );
      let org: Org | null = null;
      if (placement) {
        org = await getOrg(this.p.db, this.scope, placement.orgId).then(
          (o) => o,
          () => null,
        );
      }
      this.placements.set(key, org);
    }
    return this.placements.get(key) ?? null;
  }
}

async function checkRow(
  raw: RawRow,
  today: string,
  unions: UnionResolver,
): Promise<{ ok: true; row: CheckedRow } | { ok: false; problems: FieldProblem[] }> {
  const c = raw.cells;
  const problems: FieldProblem[] = [];
  const tradeText = (c.trade ?? '').trim();
  const trade = TRADE_BY_LABEL.get(tradeText);
  if (!trade) problems.push(rowProblem(raw.row, 'trade', 'trade_unknown', { value: tradeText }));
  const checked = checkPerson(
    {
      name: c.name ?? '',
      idNumber: c.idNumber ?? '',
      phone: c.phone,
      trade: trade ?? 'other',
      employerName: c.employerName,
      employerUscc: c.employerUscc,
      workRegionCode: c.workRegionCode ?? '',
      workAddress: c.workAddress,
    },
    today,
    columnOf,
  );
  if (!checked.ok) problems.push(...checked.problems.map((x) => ({ ...x, row: raw.row, column: x.field })));
  let joinedAt = new Date();
  const joinedText = (c.joinedAt ?? '').trim();
  if (joinedText) {
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(joinedText);
    // The streaming reader skips styles, so an Excel date cell arrives as its serial number (days since 1899-12-30).
    const serial = /^\d{4,5}$/.test(joinedText) ? Number(joinedText) : null;
    const date = m
      ? new Date(`${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}T00:00:00+08:00`)
      : serial !== null
        ? new Date(`${new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10)}T00:00:00+08:00`)
        : null;
    if (!date || Number.isNaN(date.getTime()) || date.getTime() > Date.now() || date.getUTCFullYear() < 1950) {
      problems.push(rowProblem(raw.row, 'joinedAt', 'joined_at_invalid', { value: joinedText }));
    } else joinedAt = date;
  }
  if (problems.length > 0 || !checked.ok) return { ok: false, problems };
  let org: Org | null;
  const unionText = (c.union ?? '').trim();
  if (unionText) {
    const found = await unions.named(unionText);
    if (found.length === 0) return { ok: false, problems: [rowProblem(raw.row, 'union', 'union_not_found', { value: unionText })] };
    if (found.length > 1) return { ok: false, problems: [rowProblem(raw.row, 'union', 'union_ambiguous', { value: unionText })] };
    org = found[0] ?? null;
  } else {
    org = await unions.placed(checked.person);
  }
  if (!org) return { ok: false, problems: [rowProblem(raw.row, 'workRegionCode', 'no_union_in_scope')] };
  return { ok: true, row: { row: raw.row, person: checked.person, org, joinedAt } };
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

// ---------------------------------------------------------------------------------------------
// The job.

const errorRecord = (importId: string, x: { row: number; column: string; code: string; message: string }) => ({
  importId,
  row: x.row,
  column: x.column,
  code: x.code,
  message: x.message,
});

function toJob(r: ImportRow): ImportJob {
  return {
    id: r.id,
    orgId: r.orgId,
    staffName: r.staffName,
    fileName: r.fileName,
    format: r.format,
    mode: r.mode,
    status: r.status,
    progress: r.progress,
    totalRows: r.totalRows,
    processedRows: r.processedRows,
    writtenRows: r.writtenRows,
    duplicateRows: r.duplicateRows,
    errorRows: r.errorRows,
    failure: r.failure,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

export function importDir(p: Platform): string {
  return path.resolve(p.config.dataDir, 'imports');
}

/**
 * Receives the upload (streamed to disk, at most `maxBytes`) and queues the job; the caller starts
 * `runImport` without awaiting it and answers 202 with the job to poll.
 */
export async function receiveImport(
  p: Platform,
  actor: Actor,
  scope: Scope,
  input: {
    body: Readable;
    fileName: string;
    format: 'csv' | 'xlsx';
    mode: 'all_or_nothing' | 'valid_rows';
    orgId?: string | undefined;
    maxBytes: number;
  },
): Promise<{ job: ImportJob; file: string }> {
  const org = await getOrg(p.db, scope, input.orgId ?? scope.orgId);
  const running = await p.db
    .select({ id: imports.id })
    .from(imports)
    .where(
      and(
        inArray(imports.orgId, orgIdsInScope(scope)),
        inArray(imports.status, ['queued', 'validating', 'writing']),
        sql`${imports.heartbeatAt} > now() - interval '2 minutes'`,
      ),
    )
    .limit(1);
  if (running.length > 0) throw memberErrors.importRunning();
  const id = uuidv7();
  await mkdir(importDir(p), { recursive: true });
  const file = path.join(importDir(p), `${id}.${input.format}`);
  let bytes = 0;
  input.body.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > input.maxBytes) {
      input.body.destroy(
        memberErrors.importUnreadable({ reason: t('problems.members.import_too_large', { mb: Math.round(input.maxBytes / 1_048_576) }) }),
      );
    }
  });
  try {
    await pipeline(input.body, createWriteStream(file));
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  if ((await stat(file)).size === 0) {
    await rm(file, { force: true });
    throw memberErrors.importUnreadable({ reason: t('problems.members.import_empty') });
  }
  const [row] = await inTransaction(p.db, async (tx) => {
    const inserted = await tx
      .insert(imports)
      .values({
        id,
        orgId: org.id,
        staffId: actor.kind === 'staff' ? actor.id : null,
        staffName: actor.name,
        fileName: input.fileName,
        format: input.format,
        mode: input.mode,
        status: 'queued',
        instanceId: p.config.instanceId,
        heartbeatAt: new Date(),
      })
      .returning();
    await auditForOrg(tx, actor, org.id, {
      action: 'members.import',
      targetType: 'member_import',
      targetId: id,
      details: { fileName: input.fileName, mode: input.mode, bytes },
    });
    return inserted;
  });
  return { job: toJob(row as ImportRow), file };
}

async function update(p: Platform, id: string, set: Partial<typeof imports.$inferInsert>): Promise<void> {
  await p.db
    .update(imports)
    .set({ ...set, heartbeatAt: new Date() })
    .where(eq(imports.id, id));
}

// A batch is one COPY in one transaction. Bigger batches cost fewer round trips and commits, smaller
// ones less memory: the rows of two batches (one being written, one being built) are alive at once.
const BATCH = 5_000;
// The job runs on the server's event loop: it yields this often, so requests (and the COPY of the
// batch before, which needs the loop to reach its socket) are never kept waiting for long.
const YIELD_EVERY = 200;
// The job row is a heartbeat and the console's progress bar; once a second is enough for both.
const PROGRESS_EVERY_MS = 1_000;

/**
 * Member numbers for one import, taken from the sequence a batch's worth at a time per province and
 * kept as numbers (formatted when used), not as thousands of strings that would outlive V8's young
 * generation. The numbers of the last take are not all used: the sequence has gaps anyway (a
 * rolled-back join leaves one too), and numbers are unique, not consecutive.
 */
class MemberNumbers {
  private readonly free = new Map<string, { values: Float64Array; next: number }>();

  constructor(private readonly p: Platform) {}

  /** The next number for this province; `ready` must have been awaited first. */
  take(province: string): string {
    const taken = this.free.get(province) as { values: Float64Array; next: number };
    return formatMemberNo(province, taken.values[taken.next++] as number);
  }

  async ready(province: string): Promise<void> {
    const taken = this.free.get(province);
    if (taken && taken.next < taken.values.length) return;
    this.free.set(province, { values: await nextMemberSequences(this.p.db, BATCH), next: 0 });
  }
}

/**
 * Writes checked rows to the roll a batch at a time. A batch is written while the next one is checked,
 * encrypted and encoded, so the server's CPU and PostgreSQL work side by side; never more than one
 * batch is in flight, and the two batches' buffers are reused, so memory stays flat however long the file.
 */
class RollWriter {
  written = 0;
  private building: MemberBatch;
  private writing: MemberBatch;
  /** The file's row of each row of the batch being built (then written). */
  private buildingRows = new Int32Array(BATCH);
  private writingRows = new Int32Array(BATCH);
  private inFlight: Promise<void> | null = null;
  private readonly numbers: MemberNumbers;
  // A roll being imported is mostly new people: a batch goes straight to the COPY, whose unique index
  // catches anyone already there (and the batch is redone without them). Once some turn up, later
  // batches look their people up first, rather than redo a COPY each time.
  private checkFirst = false;

  constructor(
    p: Platform,
    private readonly database: Database,
    private readonly importId: string,
    /** Called with the row of each person found on the roll when the batch was written. */
    private readonly onDuplicate: (row: number) => void,
  ) {
    this.building = new MemberBatch(database);
    this.writing = new MemberBatch(database);
    this.numbers = new MemberNumbers(p);
  }

  async add(r: CheckedRow, person: PersonColumns): Promise<void> {
    const province = provinceOf(r.org);
    await this.numbers.ready(province);
    this.buildingRows[this.building.size] = r.row;
    this.building.add({
      id: newMemberId(),
      memberNo: this.numbers.take(province),
      provinceCode: province,
      orgId: r.org.id,
      person,
      newForm: isNewFormTrade(r.person.trade),
      joinedAt: r.joinedAt,
      source: 'import',
      importId: this.importId,
    });
    if (this.building.size >= BATCH) await this.flush();
  }

  /** Hands the batch built so far to PostgreSQL once the one before is written. */
  async flush(): Promise<void> {
    if (this.building.size === 0) return;
    await this.inFlight;
    [this.building, this.writing] = [this.writing, this.building];
    [this.buildingRows, this.writingRows] = [this.writingRows, this.buildingRows];
    this.building.clear();
    const writing = this.write(this.writing, this.writingRows);
    // Awaited by the next flush or by finish; until then a failure must not count as unhandled.
    writing.catch(() => undefined);
    this.inFlight = writing;
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }

  /** Waits for a batch still being written, whatever its outcome (the job failed elsewhere). */
  async settle(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
  }

  private async write(batch: MemberBatch, rows: Int32Array): Promise<void> {
    const result = await writeMemberBatch(this.database, batch, { checkFirst: this.checkFirst });
    this.written += result.written;
    if (result.duplicates.length === 0) return;
    this.checkFirst = true;
    const onRoll = new Set(result.duplicates.map(idIndexKey));
    for (let i = 0; i < batch.size; i++) if (onRoll.has(batch.key(i))) this.onDuplicate(rows[i] as number);
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
const byteaArray = (keys: readonly Buffer[]): string => `{${keys.map((k) => `"\\\\x${k.toString('hex')}"`).join(',')}}`;

/** A set of a file's row numbers, a bit each (a million rows: 125 KB). */
class RowSet {
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

/** One import's counters, its error report and its progress on the job row. */
class ImportRun {
  total = 0;
  errorRows = 0;
  duplicateRows = 0;
  bytesRead = 0;
  /** When the file is read twice: the rows the first reading found good and new, which the second writes. */
  writable: RowSet | null = null;
  private readonly pendingErrors: (typeof importErrors.$inferInsert)[] = [];
  private lastUpdate = performance.now();

  constructor(
    readonly p: Platform,
    readonly job: ImportRow,
    readonly size: number,
  ) {}

  reportRow(row: number, problems: FieldProblem[]): void {
    this.errorRows += 1;
    for (const x of problems) {
      this.pendingErrors.push({ importId: this.job.id, row, column: x.column ?? x.field, code: x.code, message: x.message });
    }
  }

  reportDuplicate(row: number, code: 'duplicate_in_file' | 'duplicate_on_roll', params: Record<string, unknown> = {}): void {
    this.duplicateRows += 1;
    this.pendingErrors.push(errorRecord(this.job.id, rowProblem(row, 'idNumber', code, params)));
  }

  /** Writes the reported problems once enough have gathered (or `all`), and the progress once a second. */
  async save(progress: number, extra: Partial<typeof imports.$inferInsert> = {}, all = false): Promise<void> {
    if (this.pendingErrors.length >= BATCH || (all && this.pendingErrors.length > 0)) {
      await this.p.db.insert(importErrors).values(this.pendingErrors.splice(0));
    }
    if (!all && performance.now() - this.lastUpdate < PROGRESS_EVERY_MS) return;
    this.lastUpdate = performance.now();
    await update(this.p, this.job.id, {
      processedRows: this.total,
      errorRows: this.errorRows,
      duplicateRows: this.duplicateRows,
      progress: Math.floor(progress),
      ...extra,
    });
  }

  /** The share of the file read, 0–1. */
  get read(): number {
    return this.size > 0 ? Math.min(1, this.bytesRead / this.size) : 1;
  }
}

// Rows handed to an encrypting thread at once: enough that the hand-over costs little beside the
// cryptography (a few ms of a thread's time), few enough that the rows waiting stay a handful of KB.
const ENCRYPT_CHUNK = 100;

/**
 * Checked rows on their way to the roll. Their personal fields are encrypted in worker threads a chunk
 * at a time and the rows handed on in the file's order, which the report of repeats within the file
 * depends on. One chunk a thread is in flight while the next fills: more, held while a delivery waits
 * for a COPY, were promoted to V8's old space by the hundred MB.
 */
class EncryptingQueue {
  private chunk: CheckedRow[] = [];
  private readonly inFlight: { rows: CheckedRow[]; people: Promise<PersonColumns[]> }[] = [];

  constructor(
    private readonly encryptor: PersonEncryptor,
    private readonly deliver: (row: CheckedRow, person: PersonColumns) => Promise<void>,
  ) {}

  async push(row: CheckedRow): Promise<void> {
    this.chunk.push(row);
    if (this.chunk.length >= ENCRYPT_CHUNK) await this.send();
  }

  async finish(): Promise<void> {
    await this.send();
    while (this.inFlight.length > 0) await this.deliverOldest();
  }

  private async send(): Promise<void> {
    if (this.chunk.length === 0) return;
    const rows = this.chunk;
    this.chunk = [];
    const people = this.encryptor.encrypt(rows.map((r) => r.person));
    // Awaited in turn by deliverOldest; until then a failure must not count as unhandled.
    people.catch(() => undefined);
    this.inFlight.push({ rows, people });
    while (this.inFlight.length > this.encryptor.threads) await this.deliverOldest();
  }

  private async deliverOldest(): Promise<void> {
    const oldest = this.inFlight.shift();
    if (!oldest) return;
    const rows: (CheckedRow | undefined)[] = oldest.rows;
    const people: (PersonColumns | undefined)[] = await oldest.people;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as CheckedRow;
      const person = people[i] as PersonColumns;
      // Let go of each row once handed on: a delivery can wait for the COPY of the batch before, and
      // whatever is still held then outlives V8's young generation.
      rows[i] = undefined;
      people[i] = undefined;
      await this.deliver(row, person);
    }
  }
}

/** Runs a received import to its end; never throws (a failure is recorded on the job). */
export async function runImport(
  p: Platform,
  database: Database,
  actor: Actor,
  scope: Scope,
  jobId: string,
  file: string,
): Promise<ImportJob> {
  const [job] = await p.db.select().from(imports).where(eq(imports.id, jobId));
  if (!job) throw memberErrors.importNotFound();
  const run = new ImportRun(p, job, (await stat(file)).size);
  const today = shanghaiDay(new Date());
  const unions = new UnionResolver(p, scope);
  const writer = new RollWriter(p, database, jobId, (row) => run.reportDuplicate(row, 'duplicate_on_roll'));
  const encryptor = new PersonEncryptor(p.config);
  try {
    // In valid_rows mode the good rows are written as they are checked, in one reading of the file,
    // provided nothing found later can refuse the whole file: that is, the file surely holds no more
    // rows than allowed, which a CSV's line breaks tell beforehand. Otherwise (all_or_nothing, or an
    // .xlsx) every row is checked first and the file read a second time to write.
    const onePass = job.mode === 'valid_rows' && job.format === 'csv' && (await csvRecordBound(file)) <= IMPORT_MAX_ROWS + 1;
    if (onePass) {
      await update(p, jobId, { status: 'writing' });
      await checkRows(run, file, today, unions, { writer, encryptor });
      await writer.finish();
    } else {
      await update(p, jobId, { status: 'validating' });
      await checkRows(run, file, today, unions, null);
    }
    if (run.total === 0) throw memberErrors.importUnreadable({ reason: t('problems.members.import_empty') });
    if (!onePass) {
      await run.save(50, { totalRows: run.total }, true);
      if (job.mode === 'all_or_nothing' && run.errorRows + run.duplicateRows > 0) {
        await update(p, jobId, { status: 'rejected', finishedAt: new Date() });
        return await getImportUnscoped(p, jobId);
      }
      await update(p, jobId, { status: 'writing' });
      await writeRows(run, file, today, unions, writer, encryptor);
    }
    await run.save(99, { totalRows: run.total, writtenRows: writer.written }, true);
    // The job's end and its audit record in one transaction: the console sees "completed" only once
    // the audit has it.
    await inTransaction(p.db, async (tx) => {
      await tx
        .update(imports)
        .set({
          status: 'completed',
          totalRows: run.total,
          processedRows: run.total,
          writtenRows: writer.written,
          errorRows: run.errorRows,
          duplicateRows: run.duplicateRows,
          progress: 100,
          finishedAt: new Date(),
          heartbeatAt: new Date(),
        })
        .where(eq(imports.id, jobId));
      await auditForOrg(tx, actor, job.orgId, {
        action: 'members.import_done',
        targetType: 'member_import',
        targetId: jobId,
        details: { total: run.total, written: writer.written, errorRows: run.errorRows, duplicateRows: run.duplicateRows },
      });
    });
  } catch (error) {
    await writer.settle();
    const message = isAppError(error) ? t(`errors.${error.code}`, error.params) : String(error);
    p.log.error({ err: error, importId: jobId }, 'member import failed');
    await update(p, jobId, { status: 'failed', failure: message, writtenRows: writer.written, finishedAt: new Date() }).catch(
      () => undefined,
    );
  } finally {
    await encryptor.close();
    await rm(file, { force: true }).catch(() => undefined);
  }
  return getImportUnscoped(p, jobId);
}

/**
 * Checks every row and reports every bad one and every repeat. Writing, good rows go to the roll as
 * they come (the writer reports those found on the roll) and progress runs to 100; otherwise a query
 * per batch finds those on the roll and progress runs to 50, the writing's half to come.
 */
async function checkRows(
  run: ImportRun,
  file: string,
  today: string,
  unions: UnionResolver,
  writing: { writer: RollWriter; encryptor: PersonEncryptor } | null,
): Promise<void> {
  const { p, job } = run;
  run.writable = writing ? null : new RowSet();
  // Each person's first row, to report repeats within the file.
  const firstRowOf = new SeenIds(IMPORT_MAX_ROWS);
  const isRepeat = (row: number, key: Buffer): boolean => {
    const first = firstRowOf.get(key);
    if (first === undefined) firstRowOf.set(key, row);
    else run.reportDuplicate(row, 'duplicate_in_file', { row: first });
    return first !== undefined;
  };
  let unchecked: { row: number; key: Buffer }[] = [];
  const checkAgainstRoll = async () => {
    if (unchecked.length === 0) return;
    const found = await queryRows<{ id_index: Buffer }>(
      p.db,
      sql`select id_index from ${members} where id_index = any(${byteaArray(unchecked.map((u) => u.key))}::bytea[])`,
    );
    const onRoll = new Set(found.map((f) => idIndexKey(Buffer.from(f.id_index))));
    for (const u of unchecked) {
      if (onRoll.has(idIndexKey(u.key))) run.reportDuplicate(u.row, 'duplicate_on_roll');
      else run.writable?.add(u.row);
    }
    unchecked = [];
  };
  // Writing, the row is encrypted first: its ID's blind index, which finds repeats, is one of the
  // encrypted columns.
  const queue =
    writing &&
    new EncryptingQueue(writing.encryptor, async (checked, person) => {
      if (!isRepeat(checked.row, person.idIndex)) await writing.writer.add(checked, person);
    });
  const progress = () => (writing ? Math.min(99, run.read * 100) : Math.min(49, run.read * 50));
  for await (const raw of readRows(file, job.format, (n) => (run.bytesRead += n))) {
    run.total += 1;
    if (run.total > IMPORT_MAX_ROWS) {
      throw memberErrors.importUnreadable({ reason: t('problems.members.import_too_many_rows', { max: IMPORT_MAX_ROWS }) });
    }
    const checked = await checkRow(raw, today, unions);
    if (!checked.ok) run.reportRow(raw.row, checked.problems);
    else if (queue) await queue.push(checked.row);
    else {
      const key = idIndexOf(p, checked.row.person.idNumber);
      if (!isRepeat(raw.row, key)) unchecked.push({ row: raw.row, key });
    }
    if (unchecked.length >= BATCH) await checkAgainstRoll();
    if (run.total % YIELD_EVERY === 0) {
      await nextTurn();
      await run.save(progress(), writing ? { writtenRows: writing.writer.written } : {});
    }
  }
  await queue?.finish();
  await checkAgainstRoll();
}

/** The second reading of a file whose every row was good: writes them all (progress 50 → 100). */
async function writeRows(
  run: ImportRun,
  file: string,
  today: string,
  unions: UnionResolver,
  writer: RollWriter,
  encryptor: PersonEncryptor,
): Promise<void> {
  const { job } = run;
  const queue = new EncryptingQueue(encryptor, (checked, person) => writer.add(checked, person));
  run.bytesRead = 0;
  let processed = 0;
  for await (const raw of readRows(file, job.format, (n) => (run.bytesRead += n))) {
    processed += 1;
    // Only the rows the check found good, new to the file and new to the roll: the others are reported
    // already. The same checks, answered from the same caches, give the person and union it found.
    if (!run.writable?.has(raw.row)) continue;
    const checked = await checkRow(raw, today, unions);
    if (checked.ok) await queue.push(checked.row);
    if (processed % YIELD_EVERY === 0) {
      await nextTurn();
      await run.save(50 + Math.min(49, run.read * 50), { processedRows: processed, writtenRows: writer.written });
    }
  }
  await queue.finish();
  await writer.finish();
}

async function getImportUnscoped(p: Platform, id: string): Promise<ImportJob> {
  const [row] = await p.db.select().from(imports).where(eq(imports.id, id));
  if (!row) throw memberErrors.importNotFound();
  return toJob(row);
}

export async function getImport(p: Platform, scope: Scope, id: string): Promise<ImportJob> {
  const [row] = await p.db
    .select()
    .from(imports)
    .where(and(eq(imports.id, id), inArray(imports.orgId, orgIdsInScope(scope))));
  if (!row) throw memberErrors.importNotFound();
  return toJob(row);
}

export async function listImports(p: Platform, scope: Scope): Promise<ImportJob[]> {
  const rows = await p.db
    .select()
    .from(imports)
    .where(inArray(imports.orgId, orgIdsInScope(scope)))
    .orderBy(desc(imports.startedAt))
    .limit(20);
  return rows.map(toJob);
}

/** The error report as CSV lines (with a BOM, so Excel opens it as UTF-8), streamed in pages. */
export async function* importErrorsCsv(p: Platform, scope: Scope, id: string): AsyncGenerator<string> {
  await getImport(p, scope, id);
  yield `\uFEFF${t('members.import.errors_header')}\n`;
  let after = 0;
  for (;;) {
    const page = await p.db
      .select()
      .from(importErrors)
      .where(and(eq(importErrors.importId, id), sql`${importErrors.row} > ${after}`))
      .orderBy(asc(importErrors.row))
      .limit(5000);
    if (page.length === 0) return;
    // Rows are whole: a row's problems are never split across pages.
    const lastRow = page.length === 5000 ? (page[page.length - 1]?.row ?? 0) - 1 : Number.MAX_SAFE_INTEGER;
    const lines = page.filter((e) => e.row <= lastRow).map((e) => [e.row, e.column, e.code, e.message].map(csvCell).join(','));
    if (lines.length === 0) return;
    yield `${lines.join('\n')}\n`;
    after = Math.min(lastRow, page[page.length - 1]?.row ?? lastRow);
  }
}
