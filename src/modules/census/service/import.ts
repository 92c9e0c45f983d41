// Running a received list to its end: read and check every row, encrypt, stage, count (publish.ts).
// One reading of the file whatever the mode: rows are staged as they are checked and counted only at
// the end, in one transaction, so a list killed at any point is counted whole or not at all.
import { stat } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { BinaryWriter, CHUNK_BYTES, copyBinary, HEADER, TRAILER } from '../../../platform/db/copy-binary.js';
import { pooledUuidv7 } from '../../../platform/db/columns.js';
import type { Database } from '../../../platform/db/client.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { isAppError } from '../../../platform/errors/app-error.js';
import { FieldCryptoPool, type FieldOp } from '../../../platform/crypto/field-crypto-pool.js';
import { SeenIds } from '../../../platform/files/rows.js';
import { cellsByField, detectFileEncoding, readTable, TableReadError, type TextEncoding } from '../../../platform/files/table.js';
import { dropUpload } from '../../../platform/files/uploads.js';
import { t } from '../../../platform/i18n/i18n.js';
import { personMatchIndexes } from '#modules/members';
import type { Trade } from '#modules/orgs';
import { censusErrors } from '../errors.js';
import { checkListedRow, phoneNameKey, rowProblem, type CensusField, type ListedPerson, type RowProblem } from '../rules.js';
import { listErrors, lists, sources, stagedRows } from '../schema.js';
import { CONTEXT } from './common.js';
import { getListUnscoped, LIST_MAX_ROWS, RUNNING, type CensusList, type ReceivedList } from './lists.js';
import { columnsOf, suggestFor } from './columns.js';
import { publishList } from './publish.js';
import { rememberSourceMapping } from './sources.js';

// A batch is one COPY (or a few INSERTs on PGlite) in one transaction.
const BATCH = 5_000;
// Rows handed to a crypto thread at once.
const ENCRYPT_CHUNK = 250;
// The job runs on the server's event loop: it yields this often.
const YIELD_EVERY = 200;
const PROGRESS_EVERY_MS = 1_000;
// PGlite takes rows by INSERT: a statement of this many rows stays far below its parameter limit.
const INSERT_CHUNK = 500;

// The outputs of a row's cryptography, in this order.
const OPS: readonly FieldOp[] = [
  { kind: 'encrypt', context: CONTEXT.name },
  { kind: 'encrypt', context: CONTEXT.idNumber },
  { kind: 'index', context: personMatchIndexes.contexts.idNumber },
  { kind: 'encrypt', context: CONTEXT.phone },
  { kind: 'index', context: personMatchIndexes.contexts.phone },
  { kind: 'index', context: CONTEXT.phoneName },
];
const valuesOf = (x: ListedPerson): (string | null)[] => [
  x.name,
  x.idNumber,
  x.idNumber,
  x.phone,
  x.phone,
  x.phone ? phoneNameKey(x.phone, x.name) : null,
];

const STAGE_COLUMNS = [
  'list_id',
  'row',
  'person_id',
  'name_cipher',
  'id_number_cipher',
  'id_index',
  'phone_cipher',
  'phone_index',
  'phone_name_index',
  'trade',
  'region_code',
  'employer_name',
];

/** A checked row on its way to the stage. */
interface Pending {
  row: number;
  person: ListedPerson;
}

/** One list's counters, problems and progress on its row. */
class ListRun {
  total = 0;
  errorRows = 0;
  warningRows = 0;
  fileDuplicateRows = 0;
  /** Rows in the stage (a batch counts once it is in). */
  staged = 0;
  bytesRead = 0;
  private readonly problems: (typeof listErrors.$inferInsert)[] = [];
  private lastSave = performance.now();

  constructor(
    readonly db: Db,
    readonly id: string,
    readonly size: number,
  ) {}

  report(row: number, problems: readonly RowProblem[], kind: 'error' | 'warning'): void {
    if (problems.length === 0) return;
    if (kind === 'error') this.errorRows += 1;
    else this.warningRows += 1;
    for (const x of problems) this.problems.push({ listId: this.id, row, column: x.column, code: x.code, message: x.message });
  }

  duplicate(row: number, first: number): void {
    this.fileDuplicateRows += 1;
    const x = rowProblem('name', 'duplicate_in_file', { row: first });
    this.problems.push({ listId: this.id, row, column: x.column, code: x.code, message: x.message });
  }

  counters() {
    return {
      totalRows: this.total,
      processedRows: this.total,
      writtenRows: this.staged,
      errorRows: this.errorRows,
      warningRows: this.warningRows,
      fileDuplicateRows: this.fileDuplicateRows,
    };
  }

  /** Writes the problems gathered (all of them with `all`), and the progress once a second. */
  async save(all = false): Promise<void> {
    if (this.problems.length >= BATCH || (all && this.problems.length > 0)) {
      const rows = this.problems.splice(0);
      for (let from = 0; from < rows.length; from += INSERT_CHUNK) {
        await this.db.insert(listErrors).values(rows.slice(from, from + INSERT_CHUNK));
      }
    }
    if (!all && performance.now() - this.lastSave < PROGRESS_EVERY_MS) return;
    this.lastSave = performance.now();
    const read = this.size > 0 ? Math.min(1, this.bytesRead / this.size) : 1;
    await this.set({ ...this.counters(), progress: Math.min(99, Math.floor(read * 99)) });
  }

  async set(fields: Partial<typeof lists.$inferInsert>): Promise<void> {
    await this.db
      .update(lists)
      .set({ ...fields, heartbeatAt: new Date() })
      .where(eq(lists.id, this.id));
  }
}

/**
 * Staged rows a batch at a time: a binary COPY on PostgreSQL, INSERTs on PGlite. One batch is written
 * while the next is filled (two buffers in turn), so the database and the reading overlap.
 */
class Stager {
  private readonly buffers: [BinaryWriter, BinaryWriter] | null;
  private filling = 0;
  private readonly rows: (typeof stagedRows.$inferInsert)[] = [];
  private count = 0;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly database: Database,
    private readonly listId: string,
    /** Told how many rows each batch staged, once it is in. */
    private readonly onStaged: (rows: number) => void,
  ) {
    this.buffers = database.pool ? [new BinaryWriter(CHUNK_BYTES), new BinaryWriter(CHUNK_BYTES)] : null;
  }

  async add(row: number, person: ListedPerson, out: readonly (Buffer | null)[]): Promise<void> {
    const [nameCipher, idNumberCipher, idIndex, phoneCipher, phoneIndex, phoneNameIndex] = out;
    const personId = pooledUuidv7();
    if (this.buffers) {
      const w = this.buffers[this.filling] as BinaryWriter;
      w.int16(STAGE_COLUMNS.length);
      w.uuid(this.listId);
      w.int4(row);
      w.uuid(personId);
      w.bytes(nameCipher ?? null);
      w.bytes(idNumberCipher ?? null);
      w.bytes(idIndex ?? null);
      w.bytes(phoneCipher ?? null);
      w.bytes(phoneIndex ?? null);
      w.bytes(phoneNameIndex ?? null);
      w.text(person.trade);
      w.text(person.regionCode);
      w.text(person.employerName);
    } else {
      this.rows.push({
        listId: this.listId,
        row,
        personId,
        nameCipher: nameCipher as Buffer,
        idNumberCipher: idNumberCipher ?? null,
        idIndex: idIndex ?? null,
        phoneCipher: phoneCipher ?? null,
        phoneIndex: phoneIndex ?? null,
        phoneNameIndex: phoneNameIndex ?? null,
        trade: person.trade,
        regionCode: person.regionCode,
        employerName: person.employerName,
      });
    }
    this.count += 1;
    if (this.count >= BATCH) await this.flush();
  }

  /** Sends the batch filled so far (after the one before it is in); `finish` waits for it too. */
  async flush(): Promise<void> {
    await this.writing;
    this.writing = null;
    if (this.count === 0) return;
    const count = this.count;
    this.count = 0;
    if (this.buffers && this.database.pool) {
      const pool = this.database.pool;
      const tuples = this.buffers[this.filling] as BinaryWriter;
      this.filling = 1 - this.filling;
      this.writing = copyBinary(pool, 'census_staged_row', STAGE_COLUMNS, [HEADER, tuples.view(), TRAILER]).then(() => {
        tuples.rewind();
        this.onStaged(count);
      });
    } else {
      const rows = this.rows.splice(0);
      await inTransaction(this.database.db, async (tx) => {
        for (let from = 0; from < rows.length; from += INSERT_CHUNK) {
          await tx.insert(stagedRows).values(rows.slice(from, from + INSERT_CHUNK));
        }
      });
      this.onStaged(count);
    }
    // Awaited by the next flush; until then a failure must not count as unhandled.
    this.writing?.catch(() => undefined);
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.writing;
    this.writing = null;
  }
}

/**
 * Rows on their way to the stage, encrypted in worker threads a chunk at a time and handed on in the
 * file's order (the first row of a person is the one counted; repeats are reported against it).
 */
class EncryptingStage {
  private chunk: Pending[] = [];
  private readonly inFlight: { rows: Pending[]; out: Promise<(Buffer | null)[]> }[] = [];
  private readonly firstRowOf = new SeenIds(LIST_MAX_ROWS);

  constructor(
    private readonly pool: FieldCryptoPool,
    private readonly stager: Stager,
    private readonly run: ListRun,
  ) {}

  async push(pending: Pending): Promise<void> {
    this.chunk.push(pending);
    if (this.chunk.length >= ENCRYPT_CHUNK) await this.send();
  }

  async finish(): Promise<void> {
    await this.send();
    while (this.inFlight.length > 0) await this.deliverOldest();
    await this.stager.finish();
  }

  private async send(): Promise<void> {
    if (this.chunk.length === 0) return;
    const rows = this.chunk;
    this.chunk = [];
    const out = this.pool.run(rows.flatMap((r) => valuesOf(r.person)));
    out.catch(() => undefined); // awaited in turn by deliverOldest
    this.inFlight.push({ rows, out });
    while (this.inFlight.length > Math.max(1, this.pool.size)) await this.deliverOldest();
  }

  private async deliverOldest(): Promise<void> {
    const oldest = this.inFlight.shift();
    if (!oldest) return;
    const out = await oldest.out;
    for (let i = 0; i < oldest.rows.length; i++) {
      const { row, person } = oldest.rows[i] as Pending;
      const at = i * OPS.length;
      const values = out.slice(at, at + OPS.length);
      // A person is their 身份证号, or, listed without one, their phone and name.
      const key = values[2] ?? values[5];
      if (!key) continue;
      const first = this.firstRowOf.get(key);
      if (first !== undefined) {
        this.run.duplicate(row, first);
        continue;
      }
      this.firstRowOf.set(key, row);
      await this.stager.add(row, person, values);
    }
  }
}

/** Runs a received list to its end; never throws (a failure is recorded on the list). */
export async function runList(database: Database, p: Platform, actor: Actor, received: ReceivedList): Promise<CensusList> {
  const { db } = database;
  const { file } = received;
  const id = received.list.id;
  const [list] = await db.select().from(lists).where(eq(lists.id, id));
  if (!list) throw censusErrors.listNotFound();
  const run = new ListRun(db, id, (await stat(file)).size);
  const pool = new FieldCryptoPool(p.config, OPS);
  try {
    const encoding: TextEncoding | null = list.format === 'csv' ? await detectFileEncoding(file) : null;
    await run.set({ status: 'validating', encoding });
    const defaults = { regionCode: list.regionCode, trade: (list.trade as Trade | null) ?? null };
    const [source] = await db.select({ mapping: sources.mapping }).from(sources).where(eq(sources.id, list.sourceId));
    const stage = new EncryptingStage(pool, new Stager(database, id, (n) => (run.staged += n)), run);
    let columns: Map<number, CensusField> | null = null;
    try {
      for await (const { row, cells } of readTable(file, list.format, {
        onBytes: (n) => (run.bytesRead += n),
        ...(encoding ? { encoding } : {}),
      })) {
        if (!columns) {
          columns = columnsOf(cells, received.mapping ?? suggestFor(cells, source?.mapping ?? {}), defaults.trade);
          if (received.mapping) await rememberSourceMapping(db, list.sourceId, received.mapping);
          continue;
        }
        run.total += 1;
        if (run.total > LIST_MAX_ROWS) {
          throw censusErrors.listUnreadable({ reason: t('problems.census.too_many_rows', { max: LIST_MAX_ROWS }) });
        }
        const checked = checkListedRow(cellsByField(cells, columns), defaults);
        if (!checked.ok) run.report(row, checked.problems, 'error');
        else {
          run.report(row, checked.warnings, 'warning');
          await stage.push({ row, person: checked.person });
        }
        if (run.total % YIELD_EVERY === 0) {
          await nextTurn();
          await run.save();
        }
      }
    } catch (error) {
      if (error instanceof TableReadError) throw censusErrors.listUnreadable({ reason: error.reason }, { cause: error });
      throw error;
    }
    if (!columns || run.total === 0) throw censusErrors.listUnreadable({ reason: t('problems.files.empty') });
    await stage.finish();
    // Read for the last time: the plaintext goes before the list is seen to end.
    await dropUpload(file);
    await run.save(true);
    if (list.mode === 'all_or_nothing' && run.errorRows > 0) {
      await discardStaged(db, id);
      await run.set({ ...run.counters(), writtenRows: 0, status: 'rejected', progress: 100, finishedAt: new Date() });
      return await getListUnscoped(db, id);
    }
    await run.set({ ...run.counters(), status: 'writing', progress: 99 });
    await publishList(database, p, actor, id, run.counters());
  } catch (error) {
    await dropUpload(file);
    const message = isAppError(error) ? t(`errors.${error.code}`, error.params) : String(error);
    p.log.error({ err: error, listId: id }, 'census list failed');
    await run.save(true).catch(() => undefined);
    await recordFailure(db, id, message).catch(() => undefined);
  } finally {
    await pool.close();
    await dropUpload(file);
  }
  return getListUnscoped(db, id);
}

export async function discardStaged(db: Db, listId: string): Promise<void> {
  await db.delete(stagedRows).where(eq(stagedRows.listId, listId));
}

/** The failure, unless the list was ended already (as orphaned); its staged rows go. */
async function recordFailure(db: Db, id: string, message: string): Promise<void> {
  await discardStaged(db, id);
  await db
    .update(lists)
    .set({ status: 'failed', failure: message, writtenRows: 0, finishedAt: new Date(), heartbeatAt: new Date() })
    .where(and(eq(lists.id, id), inArray(lists.status, RUNNING)));
}

/** How many rows a list staged (for the tests of a list killed on its way). */
export async function stagedCount(db: Db, listId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(stagedRows)
    .where(eq(stagedRows.listId, listId));
  return row?.n ?? 0;
}
