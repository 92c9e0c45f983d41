// Importing an existing roll (.csv or .xlsx, up to a million rows). The upload is streamed to a file
// (readable by this user only, deleted when the job ends however it ends), then read, streaming, by
// platform/files: the encoding detected, blank rows skipped, the columns mapped (the uploader's
// mapping, else the one they confirmed last time, else the headers' usual words). Every row is
// checked and every bad one reported (row, column, code, message), duplicates against the roll and
// within the file included. In valid_rows mode a CSV is read once, the good rows going to the roll in
// batches as they are checked; otherwise every row is checked first and the file read a second time
// to write. An all-or-nothing import writes to a staging table and moves the rows to the roll in one
// transaction at the end, so a process killed at any point leaves all of its rows on the roll or none.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { csvCell } from '../../../platform/files/excel.js';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Scope } from '../../../platform/access/access.js';
import { systemActor, type Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { shanghaiDay, uuidv7 } from '../../../platform/db/columns.js';
import type { Database } from '../../../platform/db/client.js';
import { inTransaction, queryRows } from '../../../platform/db/tx.js';
import { isAppError, type FieldProblem } from '../../../platform/errors/app-error.js';
import { rememberedMapping, rememberMapping } from '../../../platform/files/mappings.js';
import {
  cellsByField,
  detectFileEncoding,
  previewTable,
  readTable,
  resolveMapping,
  suggestMapping,
  TableReadError,
  type TableFormat,
  type TextEncoding,
} from '../../../platform/files/table.js';
import { t } from '../../../platform/i18n/i18n.js';
import { findRegion } from '../../../platform/regions/regions.js';
import { getOrg, orgIdsInScope } from '../../orgs/index.js';
import { memberErrors } from '../errors.js';
import { formatMemberNo, isNewFormTrade } from '../rules.js';
import { importErrors, imports, members } from '../schema.js';
import {
  discardStagedMembers,
  idIndexKey,
  MemberBatch,
  newMemberId,
  publishStagedMembers,
  stagedOnRoll,
  stageMemberBatch,
  writeMemberBatch,
} from './bulk.js';
import { auditForOrg, nextMemberSequences, provinceOf } from './common.js';
import {
  checkRow,
  IMPORT_COLUMNS,
  IMPORT_FIELDS,
  ROLL_IMPORT_KIND,
  rowProblem,
  UnionResolver,
  type CheckedRow,
  type ImportField,
  type ImportMapping,
  type RawRow,
  type WorkPlaceDefaults,
} from './import-rows.js';
import { idIndexOf, PersonEncryptor, type PersonColumns } from './person.js';
import { problem } from './validate.js';

export { IMPORT_COLUMNS, IMPORT_FIELDS, type ImportMapping } from './import-rows.js';

export const IMPORT_MAX_ROWS = 1_000_000;

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
  /** Rows on the roll (during an all-or-nothing import's writing: rows staged, on the roll only once it completes). */
  writtenRows: number;
  /** People already on the roll. */
  duplicateRows: number;
  /** Repeats of an earlier row of the same file. */
  fileDuplicateRows: number;
  errorRows: number;
  /** Rows imported with something left out (each named in the report). */
  warningRows: number;
  /** A CSV's detected text encoding; null for .xlsx (and before the file is read). */
  encoding: TextEncoding | null;
  failure: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** What an import is told besides its file: which column is which, and where the people work. */
export interface ImportOptions {
  /** Field → the file's header for it; absent: the uploader's remembered choice, else the usual words. */
  mapping?: ImportMapping | undefined;
  /** A township or county for every row without a township code of its own. */
  workRegionCode?: string | undefined;
}

/** A job received and waiting to be run by `runImport`. */
export interface ReceivedImport {
  job: ImportJob;
  file: string;
  options: ImportOptions;
}

const RUNNING: ImportRow['status'][] = ['queued', 'validating', 'writing'];

/** A mapping as the API takes it: field → the file's header for it. */
export const ImportMappingSchema = z.partialRecord(
  z.enum(IMPORT_FIELDS.map((f) => f.key) as [ImportField, ...ImportField[]]),
  z.string().trim().min(1).max(100),
);

/** A mapping sent as JSON text (in the query string: the body is the file). */
export function parseImportMapping(text: string | undefined): ImportMapping | undefined {
  if (text === undefined) return undefined;
  let value: unknown = null;
  try {
    value = JSON.parse(text);
  } catch {
    // reported below, as any other malformed mapping
  }
  const parsed = ImportMappingSchema.safeParse(value);
  if (!parsed.success) throw memberErrors.invalid({ count: 1 }, { errors: [problem('querystring.mapping', 'import_mapping_invalid')] });
  return parsed.data;
}

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
async function* readRows(
  p: Platform,
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
          suggestMapping(cells, IMPORT_FIELDS, job.staffId ? await rememberedMapping(p.db, job.staffId, ROLL_IMPORT_KIND) : {});
        columns = columnsOf(cells, mapping, options);
        if (reading.remember && options.mapping && job.staffId) {
          await rememberMapping(p.db, job.staffId, ROLL_IMPORT_KIND, cells, options.mapping);
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

// ---------------------------------------------------------------------------------------------
// The job.

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
    fileDuplicateRows: r.fileDuplicateRows,
    errorRows: r.errorRows,
    warningRows: r.warningRows,
    encoding: (r.encoding as TextEncoding | null) ?? null,
    failure: r.failure,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

export function importDir(p: Platform): string {
  return path.resolve(p.config.dataDir, 'imports');
}

/**
 * Streams an upload to a new file of the imports folder, at most `maxBytes`. The file holds plaintext
 * names and 身份证号: it is created readable by this user only, in a folder only this user can enter.
 */
async function saveUpload(
  p: Platform,
  id: string,
  format: TableFormat,
  body: Readable,
  maxBytes: number,
): Promise<{ file: string; bytes: number }> {
  await mkdir(importDir(p), { recursive: true, mode: 0o700 });
  const file = path.join(importDir(p), `${id}.${format}`);
  let bytes = 0;
  body.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxBytes) {
      body.destroy(
        memberErrors.importUnreadable({ reason: t('problems.members.import_too_large', { mb: Math.round(maxBytes / 1_048_576) }) }),
      );
    }
  });
  try {
    await pipeline(body, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  if (bytes === 0) {
    await rm(file, { force: true });
    throw memberErrors.importUnreadable({ reason: t('problems.members.import_empty') });
  }
  return { file, bytes };
}

/** A township or county the uploader set for the whole file; anything else is refused before the upload is kept. */
function checkFileRegion(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const region = findRegion(code.trim());
  if (!region || (region.level !== 'township' && region.level !== 'county')) {
    throw memberErrors.invalid({ count: 1 }, { errors: [problem('querystring.workRegionCode', 'import_file_region_invalid')] });
  }
  return region.code;
}

export interface ImportPreview {
  encoding: TextEncoding | null;
  headers: string[];
  samples: string[][];
  /** Field → header, as offered: the uploader's choice last time, else the usual words. */
  mapping: ImportMapping;
}

/**
 * The mapping step's view of a file before it is imported: its encoding, headers and first rows, and
 * the mapping to offer. The browser sends only the first bytes of a CSV (`truncated`), an .xlsx
 * whole; nothing is kept.
 */
export async function previewImport(
  p: Platform,
  actor: Actor,
  input: { body: Readable; format: TableFormat; truncated: boolean; maxBytes: number },
): Promise<ImportPreview> {
  const { file } = await saveUpload(p, `preview-${uuidv7()}`, input.format, input.body, input.maxBytes);
  try {
    const preview = await previewTable(file, input.format, { rows: 5, truncated: input.truncated });
    const remembered = actor.kind === 'staff' && actor.id ? await rememberedMapping(p.db, actor.id, ROLL_IMPORT_KIND) : {};
    return { ...preview, mapping: suggestMapping(preview.headers, IMPORT_FIELDS, remembered) };
  } catch (error) {
    if (error instanceof TableReadError) throw memberErrors.importUnreadable({ reason: error.reason }, { cause: error });
    throw error;
  } finally {
    await rm(file, { force: true });
  }
}

/**
 * Receives the upload (streamed to disk, at most `maxBytes`) and queues the job; the caller starts
 * `runImport` without awaiting it and answers 202 with the job to poll. An import of the same subtree
 * still running refuses it; one whose process died is ended first, so it never stands in the way.
 */
export async function receiveImport(
  p: Platform,
  database: Database,
  actor: Actor,
  scope: Scope,
  input: {
    body: Readable;
    fileName: string;
    format: 'csv' | 'xlsx';
    mode: 'all_or_nothing' | 'valid_rows';
    orgId?: string | undefined;
    maxBytes: number;
  } & ImportOptions,
): Promise<ReceivedImport> {
  const org = await getOrg(p.db, scope, input.orgId ?? scope.orgId);
  const workRegionCode = checkFileRegion(input.workRegionCode);
  await endOrphanedImports(p, database);
  const running = await p.db
    .select({ id: imports.id })
    .from(imports)
    .where(
      and(
        inArray(imports.orgId, orgIdsInScope(scope)),
        inArray(imports.status, RUNNING),
        // A job from before owners were recorded counts while its heartbeat is fresh.
        sql`(${imports.owner} is not null or ${imports.heartbeatAt} > now() - interval '2 minutes')`,
      ),
    )
    .limit(1);
  if (running.length > 0) throw memberErrors.importRunning();
  // Our work must be visible as ours before it exists, or another instance would end it as orphaned.
  await database.presence.announce();
  const id = uuidv7();
  const { file, bytes } = await saveUpload(p, id, input.format, input.body, input.maxBytes);
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
        owner: database.presence.token,
        heartbeatAt: new Date(),
      })
      .returning();
    await auditForOrg(tx, actor, org.id, {
      action: 'members.import',
      targetType: 'member_import',
      targetId: id,
      details: {
        fileName: input.fileName,
        mode: input.mode,
        bytes,
        mapping: input.mapping ?? null,
        workRegionCode: workRegionCode ?? null,
      },
    });
    return inserted;
  });
  return { job: toJob(row as ImportRow), file, options: { mapping: input.mapping, workRegionCode } };
}

async function update(p: Platform, id: string, set: Partial<typeof imports.$inferInsert>): Promise<void> {
  await p.db
    .update(imports)
    .set({ ...set, heartbeatAt: new Date() })
    .where(eq(imports.id, id));
}

// A job whose owner still answers but whose heartbeat stopped this long ago is stuck, and ended too.
const STUCK_AFTER_MS = 10 * 60_000;

/**
 * Ends every import whose process is gone (killed, crashed, its machine lost): marked failed with
 * the reason, its staged rows and its uploaded file deleted. An all-or-nothing import has then
 * written nothing to the roll, so the same file can simply be imported again; a valid-rows import
 * keeps the rows it had written, and says so. Also deletes uploads left behind by jobs that ended.
 * Returns the ids of the jobs it ended.
 */
export async function endOrphanedImports(p: Platform, database: Database): Promise<string[]> {
  const running = await p.db
    .select({
      id: imports.id,
      owner: imports.owner,
      heartbeatAt: imports.heartbeatAt,
      mode: imports.mode,
      writtenRows: imports.writtenRows,
      orgId: imports.orgId,
      instanceId: imports.instanceId,
    })
    .from(imports)
    .where(inArray(imports.status, RUNNING));
  const gone = await database.presence.gone([...new Set(running.flatMap((r) => (r.owner ? [r.owner] : [])))]);
  const now = Date.now();
  const orphaned = running.filter((r) => {
    const stuck = !r.heartbeatAt || now - r.heartbeatAt.getTime() > (r.owner ? STUCK_AFTER_MS : 2 * 60_000);
    return (r.owner !== null && gone.has(r.owner)) || stuck;
  });
  const ended: string[] = [];
  for (const job of orphaned) {
    const lastSign = job.heartbeatAt ? job.heartbeatAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';
    const failure =
      job.mode === 'all_or_nothing'
        ? t('problems.members.import_orphaned_nothing_written', { at: lastSign })
        : t('problems.members.import_orphaned_rows_kept', { at: lastSign, written: job.writtenRows });
    const done = await inTransaction(p.db, async (tx) => {
      const [row] = await tx
        .update(imports)
        .set({
          status: 'failed',
          failure,
          finishedAt: new Date(),
          ...(job.mode === 'all_or_nothing' ? { writtenRows: 0 } : {}),
        })
        .where(and(eq(imports.id, job.id), inArray(imports.status, RUNNING)))
        .returning({ id: imports.id });
      if (!row) return false;
      await discardStagedMembers(tx, job.id);
      await auditForOrg(tx, systemActor('members.imports'), job.orgId, {
        action: 'members.import_orphaned',
        targetType: 'member_import',
        targetId: job.id,
        details: { owner: job.owner, instanceId: job.instanceId, lastHeartbeatAt: job.heartbeatAt?.toISOString() ?? null },
      });
      return true;
    });
    if (done) {
      ended.push(job.id);
      p.log.warn({ importId: job.id, owner: job.owner }, 'member import orphaned by its process: ended');
    }
  }
  await removeLeftoverUploads(p);
  return ended;
}

/**
 * Uploads in this instance's imports folder that no running job needs: those of jobs that ended, and
 * any other file an hour old (a preview or a job cut short before its row was written).
 */
async function removeLeftoverUploads(p: Platform): Promise<void> {
  const dir = importDir(p);
  const names = await readdir(dir).catch(() => [] as string[]);
  if (names.length === 0) return;
  const idOf = (name: string) => /^([0-9a-f-]{36})\.(csv|xlsx)$/.exec(name)?.[1];
  const ids = names.map(idOf).filter((id): id is string => id !== undefined);
  const rows =
    ids.length > 0 ? await p.db.select({ id: imports.id, status: imports.status }).from(imports).where(inArray(imports.id, ids)) : [];
  const status = new Map(rows.map((r) => [r.id, r.status]));
  for (const name of names) {
    const id = idOf(name);
    const known = id === undefined ? undefined : status.get(id);
    let leftover = known !== undefined && !RUNNING.includes(known);
    if (known === undefined) {
      const modified = await stat(path.join(dir, name)).then(
        (s) => s.mtimeMs,
        () => Date.now(),
      );
      leftover = Date.now() - modified > 3_600_000;
    }
    if (leftover) await rm(path.join(dir, name), { force: true });
  }
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
 * Writes checked rows to the roll (or, `staged`, to the import's staging table) a batch at a time. A
 * batch is written while the next one is checked, encrypted and encoded, so the server's CPU and
 * PostgreSQL work side by side; never more than one batch is in flight, and the two batches' buffers
 * are reused, so memory stays flat however long the file.
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
    private readonly staged: boolean,
    /** Called with the row of each person found on the roll when the batch was written. */
    private readonly onDuplicate: (row: number) => void,
    /** Called when a batch is in. */
    private readonly onWritten: () => void,
  ) {
    this.building = new MemberBatch(database, staged);
    this.writing = new MemberBatch(database, staged);
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
      row: r.row,
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
    if (this.staged) {
      await stageMemberBatch(this.database, batch);
      this.written += batch.size;
      this.onWritten();
      return;
    }
    const result = await writeMemberBatch(this.database, batch, { checkFirst: this.checkFirst });
    this.written += result.written;
    this.onWritten();
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

/** What a caller following an import (the CLI) is told each time its job row is updated. */
export interface ImportProgress {
  status: ImportRow['status'];
  progress: number;
  processedRows: number;
  writtenRows: number;
}

/** One import's counters, its error report and its progress on the job row. */
class ImportRun {
  total = 0;
  errorRows = 0;
  duplicateRows = 0;
  fileDuplicateRows = 0;
  warningRows = 0;
  bytesRead = 0;
  /** When the file is read twice: the rows the first reading found good and new, which the second writes. */
  writable: RowSet | null = null;
  private readonly pendingErrors: (typeof importErrors.$inferInsert)[] = [];
  private lastUpdate = performance.now();
  private saveSoon = false;
  private readonly state: ImportProgress;

  constructor(
    readonly p: Platform,
    readonly job: ImportRow,
    readonly size: number,
    private readonly onProgress: ((progress: ImportProgress) => void) | undefined,
  ) {
    this.state = { status: job.status, progress: 0, processedRows: 0, writtenRows: 0 };
  }

  reportRow(row: number, problems: FieldProblem[]): void {
    this.errorRows += 1;
    this.addProblems(row, problems);
  }

  reportWarnings(row: number, warnings: FieldProblem[]): void {
    if (warnings.length === 0) return;
    this.warningRows += 1;
    this.addProblems(row, warnings);
  }

  reportDuplicate(row: number, code: 'duplicate_in_file' | 'duplicate_on_roll', params: Record<string, unknown> = {}): void {
    if (code === 'duplicate_in_file') this.fileDuplicateRows += 1;
    else this.duplicateRows += 1;
    this.addProblems(row, [rowProblem(row, 'idNumber', code, params)]);
  }

  private addProblems(row: number, problems: FieldProblem[]): void {
    for (const x of problems) {
      this.pendingErrors.push({ importId: this.job.id, row, column: x.column ?? x.field, code: x.code, message: x.message });
    }
  }

  /** A batch is written: the next save goes to the job row at once (its progress is news). */
  batchWritten(): void {
    this.saveSoon = true;
  }

  get rejects(): number {
    return this.errorRows + this.duplicateRows + this.fileDuplicateRows;
  }

  counters() {
    return {
      processedRows: this.total,
      errorRows: this.errorRows,
      duplicateRows: this.duplicateRows,
      fileDuplicateRows: this.fileDuplicateRows,
      warningRows: this.warningRows,
    };
  }

  /** Writes the reported problems once enough have gathered (or `all`), and the progress once a second. */
  async save(progress: number, extra: Partial<typeof imports.$inferInsert> = {}, all = false): Promise<void> {
    if (this.pendingErrors.length >= BATCH || (all && this.pendingErrors.length > 0)) {
      await this.p.db.insert(importErrors).values(this.pendingErrors.splice(0));
    }
    if (!all && !this.saveSoon && performance.now() - this.lastUpdate < PROGRESS_EVERY_MS) return;
    this.saveSoon = false;
    this.lastUpdate = performance.now();
    await this.set({ ...this.counters(), progress: Math.floor(progress), ...extra });
  }

  /** Updates the job row (and its heartbeat), and tells whoever follows the import. */
  async set(fields: Partial<typeof imports.$inferInsert>): Promise<void> {
    await update(this.p, this.job.id, fields);
    if (fields.status !== undefined) this.state.status = fields.status;
    if (fields.progress !== undefined) this.state.progress = fields.progress;
    if (fields.processedRows !== undefined) this.state.processedRows = fields.processedRows;
    if (fields.writtenRows !== undefined) this.state.writtenRows = fields.writtenRows;
    this.onProgress?.({ ...this.state });
  }

  /** The share of the file read, 0–1. */
  get read(): number {
    return this.size > 0 ? Math.min(1, this.bytesRead / this.size) : 1;
  }
}

/** Runs a received import to its end; never throws (a failure is recorded on the job). */
export async function runImport(
  p: Platform,
  database: Database,
  actor: Actor,
  scope: Scope,
  received: ReceivedImport,
  follow: { onProgress?: (progress: ImportProgress) => void } = {},
): Promise<ImportJob> {
  const { file, options } = received;
  const jobId = received.job.id;
  const [job] = await p.db.select().from(imports).where(eq(imports.id, jobId));
  if (!job) throw memberErrors.importNotFound();
  const staged = job.mode === 'all_or_nothing';
  const run = new ImportRun(p, job, (await stat(file)).size, follow.onProgress);
  const today = shanghaiDay(new Date());
  const unions = new UnionResolver(p, scope);
  const writer = new RollWriter(
    p,
    database,
    jobId,
    staged,
    (row) => run.reportDuplicate(row, 'duplicate_on_roll'),
    () => run.batchWritten(),
  );
  const encryptor = new PersonEncryptor(p.config);
  try {
    const union = await getOrg(p.db, scope, job.orgId);
    const reading: Reading = {
      options,
      defaults: { fileRegionCode: options.workRegionCode ?? null, unionRegionCode: union.regionCode },
      encoding: job.format === 'csv' ? await detectFileEncoding(file) : null,
    };
    // In valid_rows mode the good rows are written as they are checked, in one reading of the file,
    // provided nothing found later can refuse the whole file: that is, the file surely holds no more
    // rows than allowed, which a CSV's line breaks tell beforehand. Otherwise (all_or_nothing, or an
    // .xlsx) every row is checked first and the file read a second time to write.
    const onePass = job.mode === 'valid_rows' && job.format === 'csv' && (await csvRecordBound(file)) <= IMPORT_MAX_ROWS + 1;
    if (onePass) {
      await run.set({ status: 'writing', encoding: reading.encoding });
      await checkRows(run, file, today, unions, reading, { writer, encryptor });
      await writer.finish();
    } else {
      await run.set({ status: 'validating', encoding: reading.encoding });
      await checkRows(run, file, today, unions, reading, null);
    }
    if (run.total === 0) throw memberErrors.importUnreadable({ reason: t('problems.members.import_empty') });
    if (!onePass) {
      await run.save(50, { totalRows: run.total }, true);
      if (job.mode === 'all_or_nothing' && run.rejects > 0) {
        await dropUpload(file);
        await run.set({ status: 'rejected', finishedAt: new Date() });
        return await getImportUnscoped(p, jobId);
      }
      await run.set({ status: 'writing' });
      await writeRows(run, file, today, unions, reading, writer, encryptor);
    }
    // Read for the last time: the plaintext goes before the job is seen to end.
    await dropUpload(file);
    await run.save(99, { totalRows: run.total, writtenRows: writer.written }, true);
    if (staged) await publish(p, database, actor, run, writer.written);
    else await complete(p, actor, run, writer.written);
  } catch (error) {
    await writer.settle();
    await dropUpload(file);
    const message = isAppError(error) ? t(`errors.${error.code}`, error.params) : String(error);
    p.log.error({ err: error, importId: jobId }, 'member import failed');
    await recordFailure(p, run, staged, message, writer.written).catch(() => undefined);
  } finally {
    await encryptor.close();
    await dropUpload(file);
  }
  return getImportUnscoped(p, jobId);
}

/** Deletes an upload (names and 身份证号 in plaintext) once nothing will read it again. */
const dropUpload = (file: string) => rm(file, { force: true }).catch(() => undefined);

/** The failure, unless the job was ended already (as orphaned); an all-or-nothing import's staged rows go. */
async function recordFailure(p: Platform, run: ImportRun, staged: boolean, message: string, written: number): Promise<void> {
  if (staged) await discardStagedMembers(p.db, run.job.id);
  await p.db
    .update(imports)
    .set({
      ...run.counters(),
      status: 'failed',
      failure: message,
      writtenRows: staged ? 0 : written,
      finishedAt: new Date(),
      heartbeatAt: new Date(),
    })
    .where(and(eq(imports.id, run.job.id), inArray(imports.status, RUNNING)));
}

/** A valid-rows import's end: its rows are on the roll already; the job's end and its audit record in one transaction. */
async function complete(p: Platform, actor: Actor, run: ImportRun, written: number): Promise<void> {
  await inTransaction(p.db, async (tx) => {
    const [ended] = await tx
      .update(imports)
      .set({ ...finished(run, written), status: 'completed' })
      .where(and(eq(imports.id, run.job.id), inArray(imports.status, RUNNING)))
      .returning({ id: imports.id });
    if (!ended) return;
    await auditForOrg(tx, actor, run.job.orgId, {
      action: 'members.import_done',
      targetType: 'member_import',
      targetId: run.job.id,
      details: {
        total: run.total,
        written,
        errorRows: run.errorRows,
        duplicateRows: run.duplicateRows,
        fileDuplicateRows: run.fileDuplicateRows,
      },
    });
  });
}

const finished = (run: ImportRun, written: number) => ({
  ...run.counters(),
  totalRows: run.total,
  writtenRows: written,
  progress: 100,
  finishedAt: new Date(),
  heartbeatAt: new Date(),
});

/**
 * An all-or-nothing import's end: its staged rows move to the roll, the job is marked completed and
 * audited, in one transaction — the roll has all of the file or none of it, whenever the process
 * dies. Someone in the file who joined since the check was made (online, say) is on the roll now:
 * then nothing is published and the import is rejected, naming them.
 */
async function publish(p: Platform, database: Database, actor: Actor, run: ImportRun, staged: number): Promise<void> {
  const id = run.job.id;
  await inTransaction(p.db, async (tx) => {
    // Still ours: a job ended as orphaned meanwhile (our presence was lost) publishes nothing.
    const [ours] = await tx
      .update(imports)
      .set({ heartbeatAt: new Date() })
      .where(and(eq(imports.id, id), eq(imports.status, 'writing'), eq(imports.owner, database.presence.token)))
      .returning({ id: imports.id });
    if (!ours) throw new Error(`import ${id} was ended by another process before it was published`);
    const joinedSince = await stagedOnRoll(tx, id);
    if (joinedSince.length > 0) {
      for (let from = 0; from < joinedSince.length; from += BATCH) {
        await tx
          .insert(importErrors)
          .values(
            joinedSince
              .slice(from, from + BATCH)
              .map((row) => ({ importId: id, ...pick(rowProblem(row, 'idNumber', 'duplicate_on_roll')) })),
          );
      }
      await discardStagedMembers(tx, id);
      run.duplicateRows += joinedSince.length;
      await tx
        .update(imports)
        .set({ ...finished(run, 0), status: 'rejected' })
        .where(eq(imports.id, id));
      return;
    }
    const moved = await publishStagedMembers(tx, id);
    if (moved !== staged) throw new Error(`import ${id}: ${staged} rows staged, ${moved} found to publish`);
    await tx
      .update(imports)
      .set({ ...finished(run, moved), status: 'completed' })
      .where(eq(imports.id, id));
    await auditForOrg(tx, actor, run.job.orgId, {
      action: 'members.import_done',
      targetType: 'member_import',
      targetId: id,
      details: {
        total: run.total,
        written: moved,
        errorRows: run.errorRows,
        duplicateRows: run.duplicateRows,
        fileDuplicateRows: run.fileDuplicateRows,
      },
    });
  });
}

const pick = (x: { row: number; column: string; code: string; message: string }) => ({
  row: x.row,
  column: x.column,
  code: x.code,
  message: x.message,
});

/** How the rows of a file are read and placed: the caller's options and what the file itself told. */
interface Reading {
  options: ImportOptions;
  defaults: WorkPlaceDefaults;
  encoding: TextEncoding | null;
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
  reading: Reading,
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
  const rows = readRows(p, job, file, reading.options, {
    encoding: reading.encoding,
    onBytes: (n) => (run.bytesRead += n),
    remember: true,
  });
  for await (const raw of rows) {
    run.total += 1;
    if (run.total > IMPORT_MAX_ROWS) {
      throw memberErrors.importUnreadable({ reason: t('problems.members.import_too_many_rows', { max: IMPORT_MAX_ROWS }) });
    }
    const checked = await checkRow(raw, today, unions, reading.defaults);
    if (!checked.ok) run.reportRow(raw.row, checked.problems);
    else {
      run.reportWarnings(raw.row, checked.row.warnings);
      if (queue) await queue.push(checked.row);
      else {
        const key = idIndexOf(p, checked.row.person.idNumber);
        if (!isRepeat(raw.row, key)) unchecked.push({ row: raw.row, key });
      }
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
  reading: Reading,
  writer: RollWriter,
  encryptor: PersonEncryptor,
): Promise<void> {
  const { p, job } = run;
  const queue = new EncryptingQueue(encryptor, (checked, person) => writer.add(checked, person));
  run.bytesRead = 0;
  let processed = 0;
  const rows = readRows(p, job, file, reading.options, {
    encoding: reading.encoding,
    onBytes: (n) => (run.bytesRead += n),
    remember: false,
  });
  for await (const raw of rows) {
    processed += 1;
    // Only the rows the check found good, new to the file and new to the roll: the others are reported
    // already. The same checks, answered from the same caches, give the person and union it found.
    if (!run.writable?.has(raw.row)) continue;
    const checked = await checkRow(raw, today, unions, reading.defaults);
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

/**
 * One import of the subtree. Given the database, a job that looks running but whose process is gone
 * is ended first, so the console never shows a dead job as "writing 62%".
 */
export async function getImport(p: Platform, scope: Scope, id: string, database?: Database): Promise<ImportJob> {
  const read = async () => {
    const [row] = await p.db
      .select()
      .from(imports)
      .where(and(eq(imports.id, id), inArray(imports.orgId, orgIdsInScope(scope))));
    if (!row) throw memberErrors.importNotFound();
    return row;
  };
  const row = await read();
  if (!database || !RUNNING.includes(row.status)) return toJob(row);
  return (await endOrphanedImports(p, database)).includes(id) ? toJob(await read()) : toJob(row);
}

/** The subtree's latest imports (running ones whose process is gone ended first). */
export async function listImports(p: Platform, database: Database, scope: Scope): Promise<ImportJob[]> {
  await endOrphanedImports(p, database);
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

/**
 * Imports a file from disk (the CLI's `gonghui import members`): received and run as an upload is,
 * the progress told as it goes. Ends first any import whose process died.
 */
export async function importRollFile(
  p: Platform,
  database: Database,
  actor: Actor,
  scope: Scope,
  input: {
    file: string;
    mode: 'all_or_nothing' | 'valid_rows';
    orgId?: string | undefined;
    onReceived?: (job: ImportJob) => void;
    onProgress?: (progress: ImportProgress) => void;
  } & ImportOptions,
): Promise<ImportJob> {
  const format: TableFormat = input.file.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
  const received = await receiveImport(p, database, actor, scope, {
    body: createReadStream(input.file),
    fileName: path.basename(input.file),
    format,
    mode: input.mode,
    orgId: input.orgId,
    mapping: input.mapping,
    workRegionCode: input.workRegionCode,
    maxBytes: p.config.memberImportLimitBytes,
  });
  input.onReceived?.(received.job);
  return runImport(p, database, actor, scope, received, { onProgress: input.onProgress });
}
