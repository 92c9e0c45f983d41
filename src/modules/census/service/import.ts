// Running a received list to its end: read and check every row, encrypt (list-reader.ts, in a thread of
// its own), stage, count (publish.ts). One reading of the file whatever the mode: rows are staged as they
// are checked and counted only at the end, in one transaction, so a list killed at any point is counted
// whole or not at all.
import { stat } from 'node:fs/promises';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { HEADER, TRAILER } from '../../../platform/db/copy-binary.js';
import type { Database } from '../../../platform/db/client.js';
import type { Db } from '../../../platform/db/tx.js';
import type { FieldOp } from '../../../platform/crypto/field-crypto-pool.js';
import { detectFileEncoding, type TextEncoding } from '../../../platform/files/table.js';
import { dropUpload } from '../../../platform/files/uploads.js';
import { isAppError } from '../../../platform/errors/app-error.js';
import { catalogue, t } from '../../../platform/i18n/i18n.js';
import { messagesOf, startThread, threadModule } from '../../../platform/workers/thread.js';
import { personMatchIndexes } from '#modules/members';
import type { Trade } from '#modules/orgs';
import { censusErrors } from '../errors.js';
import { listErrors, lists, sources, stagedRows } from '../schema.js';
import { CONTEXT } from './common.js';
import { getListUnscoped, LIST_MAX_ROWS, RUNNING, type CensusList, type ReceivedList } from './lists.js';
import { STAGE_COLUMNS, type ListReaderMessage, type ListReaderSetup, type ProblemRow, type ReadCounters } from './list-reader.js';
import { publishList } from './publish.js';
import { rememberSourceMapping } from './sources.js';

// Problems written a statement at a time.
const INSERT_CHUNK = 500;
const PROGRESS_EVERY_MS = 1_000;
// The reading thread's old generation (list-reader.ts); its young one is 4 MB. A CSV's rows pass through
// and are gone (about 21 MB live with a million rows); an .xlsx's shared strings (every distinct name
// and number of the sheet) are held until its end.
const READER_HEAP_MB = { csv: 48, xlsx: 256 } as const;

// The outputs of a row's cryptography, in this order (list-reader.ts `valuesOf` gives the inputs).
const OPS: readonly FieldOp[] = [
  { kind: 'encrypt', context: CONTEXT.name },
  { kind: 'encrypt', context: CONTEXT.idNumber },
  { kind: 'index', context: personMatchIndexes.contexts.idNumber },
  { kind: 'encrypt', context: CONTEXT.phone },
  { kind: 'index', context: personMatchIndexes.contexts.phone },
  { kind: 'index', context: CONTEXT.phoneName },
];

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

  /** What the reading thread has counted and found so far. */
  take(counters: ReadCounters, problems: readonly ProblemRow[]): void {
    this.total = counters.total;
    this.errorRows = counters.errorRows;
    this.warningRows = counters.warningRows;
    this.fileDuplicateRows = counters.fileDuplicateRows;
    this.bytesRead = counters.bytesRead;
    for (const x of problems) this.problems.push({ listId: this.id, ...x });
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
    if (this.problems.length >= INSERT_CHUNK || (all && this.problems.length > 0)) {
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

/** Runs a received list to its end; never throws (a failure is recorded on the list). */
export async function runList(database: Database, p: Platform, actor: Actor, received: ReceivedList): Promise<CensusList> {
  const { db } = database;
  const { file } = received;
  const id = received.list.id;
  const [list] = await db.select().from(lists).where(eq(lists.id, id));
  if (!list) throw censusErrors.listNotFound();
  const run = new ListRun(db, id, (await stat(file)).size);
  try {
    const encoding: TextEncoding | null = list.format === 'csv' ? await detectFileEncoding(file) : null;
    await run.set({ status: 'validating', encoding });
    const [source] = await db.select({ mapping: sources.mapping }).from(sources).where(eq(sources.id, list.sourceId));
    const { dataCipher, dataKeys, blindIndexKey } = p.config;
    const setup: ListReaderSetup = {
      listId: id,
      file,
      format: list.format,
      encoding,
      mapping: received.mapping ?? null,
      remembered: source?.mapping ?? {},
      defaults: { regionCode: list.regionCode, trade: (list.trade as Trade | null) ?? null },
      keys: { dataCipher, dataKeys, blindIndexKey },
      ops: OPS,
      maxRows: LIST_MAX_ROWS,
      messages: catalogue(),
    };
    await stageList(database, run, setup, async () => {
      if (received.mapping) await rememberSourceMapping(db, list.sourceId, received.mapping);
    });
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
    const message =
      error instanceof ListReadFailed ? error.message : isAppError(error) ? t(`errors.${error.code}`, error.params) : String(error);
    p.log.error({ err: error, listId: id }, 'census list failed');
    await run.save(true).catch(() => undefined);
    await recordFailure(db, id, message).catch(() => undefined);
  } finally {
    await dropUpload(file);
  }
  return getListUnscoped(db, id);
}

/** The reading thread's outcome as a failure of the list: its message is already in words. */
class ListReadFailed extends Error {}

/**
 * Reads the list in its own thread (list-reader.ts) and writes what it sends: each batch's tuples into
 * the stage by COPY, its problems and counters onto the list. The thread fills the next batch while
 * this one is written.
 */
async function stageList(database: Database, run: ListRun, setup: ListReaderSetup, onHeader: () => Promise<void>): Promise<void> {
  const heapMb = READER_HEAP_MB[setup.format];
  const reader = startThread(threadModule('list-reader-thread', import.meta.url), {
    workerData: setup,
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 4 },
  });
  try {
    for await (const message of messagesOf<ListReaderMessage>(reader)) {
      if (message.kind === 'failed') throw new ListReadFailed(message.message);
      if (message.kind === 'header') await onHeader();
      else if (message.kind === 'done') {
        run.take(message.counters, []);
        return;
      } else {
        run.take(message.counters, message.problems);
        if (message.tuples) {
          await database.copyBinary('census_staged_row', STAGE_COLUMNS, [HEADER, Buffer.from(message.tuples), TRAILER]);
          run.staged += message.rows;
        }
        await run.save();
      }
      reader.postMessage('ack');
    }
    throw new ListReadFailed(t('errors.census.list_unreadable', { reason: t('problems.census.reader_ended') }));
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      const reason = t('problems.census.reader_out_of_memory', { mb: heapMb });
      throw new ListReadFailed(t('errors.census.list_unreadable', { reason }), { cause: error });
    }
    throw error;
  } finally {
    await reader.terminate();
  }
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
