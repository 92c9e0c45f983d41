// Importing an existing roll (.csv or .xlsx, up to a million rows). The upload is streamed to a file,
// then read twice, streaming: the first pass checks every row and reports every bad one (row, column,
// code, message), duplicates against the roll and within the file included; the second writes in
// batches through the bulk writer. Nothing holds the whole file in memory.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { shanghaiDay, uuidv7 } from '../../../platform/db/columns.js';
import type { Database } from '../../../platform/db/client.js';
import { inTransaction } from '../../../platform/db/tx.js';
import { isAppError, type FieldProblem } from '../../../platform/errors/app-error.js';
import { t } from '../../../platform/i18n/i18n.js';
import { getOrg, listPlacementCandidates, orgIdsInScope, searchOrgs, TRADES, type Org, type Trade } from '../../orgs/index.js';
import { memberErrors } from '../errors.js';
import { choosePlacement, enclosingRegions, isNewFormTrade } from '../rules.js';
import { importErrors, imports, members } from '../schema.js';
import { writeMemberBatch, type NewMemberRow } from './bulk.js';
import { auditForOrg, nextMemberNos, provinceOf } from './common.js';
import { encryptPerson, idIndexOf, type PersonInput } from './person.js';
import { checkPerson, problem, type PersonField } from './validate.js';

export const IMPORT_MAX_ROWS = 1_000_000;
const BATCH = 2_000;

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
  /** 0–100: the first pass counts for half (by bytes read), the second for the other half (by rows). */
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
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
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
  orgId: string | null; // null: placed by the rule at write time
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
  private readonly placements = new Map<string, string | null>();
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
  async placed(person: PersonInput): Promise<string | null> {
    const key = `${person.trade}|${person.workRegionCode}|${person.employerUscc ?? ''}`;
    if (!this.placements.has(key)) {
      const placement = choosePlacement(
        person,
        await listPlacementCandidates(this.p.db, enclosingRegions(person.workRegionCode), person.employerUscc),
      );
      let orgId: string | null = null;
      if (placement) {
        orgId = await getOrg(this.p.db, this.scope, placement.orgId).then(
          (o) => o.id,
          () => null,
        );
      }
      this.placements.set(key, orgId);
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
  let orgId: string | null = null;
  const unionText = (c.union ?? '').trim();
  if (unionText) {
    const found = await unions.named(unionText);
    if (found.length === 0) return { ok: false, problems: [rowProblem(raw.row, 'union', 'union_not_found', { value: unionText })] };
    if (found.length > 1) return { ok: false, problems: [rowProblem(raw.row, 'union', 'union_ambiguous', { value: unionText })] };
    orgId = found[0]?.id ?? null;
  } else {
    orgId = await unions.placed(checked.person);
    if (!orgId) return { ok: false, problems: [rowProblem(raw.row, 'workRegionCode', 'no_union_in_scope')] };
  }
  return { ok: true, row: { row: raw.row, person: checked.person, orgId, joinedAt } };
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
  const size = (await stat(file)).size;
  const today = shanghaiDay(new Date());
  const unions = new UnionResolver(p, scope);
  try {
    // Pass 1: check every row; remember each person's first row to report repeats inside the file.
    await update(p, jobId, { status: 'validating' });
    let bytesRead = 0;
    let total = 0;
    let errorRows = 0;
    let duplicateRows = 0;
    const firstRowOf = new SeenIds(IMPORT_MAX_ROWS);
    const pendingErrors: (typeof importErrors.$inferInsert)[] = [];
    let batch: { row: number; key: Buffer }[] = [];
    const flushErrors = async () => {
      if (pendingErrors.length === 0) return;
      await p.db.insert(importErrors).values(pendingErrors.splice(0));
    };
    const checkAgainstRoll = async () => {
      if (batch.length === 0) {
        await flushErrors();
        return;
      }
      const found = await p.db
        .select({ idIndex: members.idIndex })
        .from(members)
        .where(
          inArray(
            members.idIndex,
            batch.map((b) => b.key),
          ),
        );
      const onRoll = new Set(found.map((f) => f.idIndex?.toString('base64')));
      for (const b of batch) {
        if (onRoll.has(b.key.toString('base64'))) {
          duplicateRows += 1;
          pendingErrors.push(errorRecord(jobId, rowProblem(b.row, 'idNumber', 'duplicate_on_roll')));
        }
      }
      batch = [];
      await flushErrors();
      await update(p, jobId, {
        processedRows: total,
        errorRows,
        duplicateRows,
        progress: Math.min(49, Math.floor((bytesRead / size) * 50)),
      });
    };
    for await (const raw of readRows(file, job.format, (n) => (bytesRead += n))) {
      total += 1;
      if (total > IMPORT_MAX_ROWS) {
        throw memberErrors.importUnreadable({ reason: t('problems.members.import_too_many_rows', { max: IMPORT_MAX_ROWS }) });
      }
      const checked = await checkRow(raw, today, unions);
      if (!checked.ok) {
        errorRows += 1;
        for (const x of checked.problems) {
          pendingErrors.push({ importId: jobId, row: raw.row, column: x.column ?? x.field, code: x.code, message: x.message });
        }
      } else {
        const key = idIndexOf(p, checked.row.person.idNumber);
        const first = firstRowOf.get(key);
        if (first !== undefined) {
          duplicateRows += 1;
          pendingErrors.push({
            importId: jobId,
            ...rowProblem(raw.row, 'idNumber', 'duplicate_in_file', { row: first }),
            column: IMPORT_COLUMNS.idNumber,
          });
        } else {
          firstRowOf.set(key, raw.row);
          batch.push({ row: raw.row, key });
        }
      }
      if (batch.length >= BATCH || pendingErrors.length >= BATCH) await checkAgainstRoll();
    }
    await checkAgainstRoll();
    await update(p, jobId, { totalRows: total, processedRows: total, errorRows, duplicateRows, progress: 50 });
    if (total === 0) throw memberErrors.importUnreadable({ reason: t('problems.members.import_empty') });
    if (job.mode === 'all_or_nothing' && errorRows + duplicateRows > 0) {
      await update(p, jobId, { status: 'rejected', finishedAt: new Date() });
      return await getImportUnscoped(p, jobId);
    }

    // Pass 2: write the good rows in batches (rows already reported are skipped by the same checks).
    await update(p, jobId, { status: 'writing', processedRows: 0 });
    let processed = 0;
    let written = 0;
    let lateDuplicates = 0;
    let rows: CheckedRow[] = [];
    const write = async () => {
      if (rows.length === 0) return;
      const byProvince = new Map<string, string[]>();
      const orgsById = new Map<string, Org>();
      for (const r of rows) {
        const orgId = r.orgId as string;
        if (!orgsById.has(orgId)) orgsById.set(orgId, await getOrg(p.db, scope, orgId));
      }
      const values: NewMemberRow[] = [];
      for (const r of rows) {
        const org = orgsById.get(r.orgId as string) as Org;
        const province = provinceOf(org);
        let numbers = byProvince.get(province);
        if (!numbers || numbers.length === 0) {
          numbers = await inTransaction(p.db, (tx) => nextMemberNos(tx, province, rows.length));
          byProvince.set(province, numbers);
        }
        values.push({
          id: uuidv7(),
          memberNo: numbers.shift() as string,
          provinceCode: province,
          orgId: org.id,
          person: encryptPerson(p, r.person),
          newForm: isNewFormTrade(r.person.trade),
          joinedAt: r.joinedAt,
          source: 'import',
          importId: jobId,
        });
      }
      const result = await writeMemberBatch(database, values);
      written += result.written;
      lateDuplicates += result.duplicates.length;
      rows = [];
      await update(p, jobId, { processedRows: processed, writtenRows: written, progress: 50 + Math.floor((processed / total) * 50) });
    };
    for await (const raw of readRows(file, job.format, () => undefined)) {
      processed += 1;
      const checked = await checkRow(raw, today, unions);
      if (checked.ok) rows.push(checked.row);
      if (rows.length >= BATCH) await write();
    }
    await write();
    // Rows repeated in the file, or on the roll, were reported in pass 1 and are skipped here by the
    // unique index; a person who joined online between the passes is counted as a duplicate too.
    const latecomers = Math.max(0, lateDuplicates - duplicateRows);
    await update(p, jobId, {
      status: 'completed',
      processedRows: total,
      writtenRows: written,
      duplicateRows: duplicateRows + latecomers,
      progress: 100,
      finishedAt: new Date(),
    });
    await inTransaction(p.db, (tx) =>
      auditForOrg(tx, actor, job.orgId, {
        action: 'members.import_done',
        targetType: 'member_import',
        targetId: jobId,
        details: { total, written, errorRows, duplicateRows },
      }),
    );
  } catch (error) {
    const message = isAppError(error) ? t(`errors.${error.code}`, error.params) : String(error);
    p.log.error({ err: error, importId: jobId }, 'member import failed');
    await update(p, jobId, { status: 'failed', failure: message, finishedAt: new Date() }).catch(() => undefined);
  } finally {
    await rm(file, { force: true }).catch(() => undefined);
  }
  return getImportUnscoped(p, jobId);
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

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
