// Running a received import to its end: check, write, publish (or fail, leaving nothing half-written).
import { rm, stat } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Scope } from '../../../../platform/access/access.js';
import type { Actor } from '../../../../platform/audit/audit.js';
import type { Platform } from '../../../../platform/context.js';
import { shanghaiDay } from '../../../../platform/db/columns.js';
import type { Database } from '../../../../platform/db/client.js';
import { inTransaction, queryRows, type Db } from '../../../../platform/db/tx.js';
import { isAppError } from '../../../../platform/errors/app-error.js';
import { detectFileEncoding, type TextEncoding } from '../../../../platform/files/table.js';
import { t } from '../../../../platform/i18n/i18n.js';
import { getOrg } from '#modules/orgs';
import { memberErrors } from '../../errors.js';
import { importErrors, imports, members } from '../../schema.js';
import { discardStagedMembers, idIndexKey, publishStagedMembers, stagedOnRoll } from '../bulk.js';
import { auditForOrg } from '../common.js';
import { checkRow, rowProblem, UnionResolver, type WorkPlaceDefaults } from './rows.js';
import { idIndexOf, PersonEncryptor } from '../person.js';
import { IMPORT_MAX_ROWS, type ImportJob, type ImportOptions, type ReceivedImport, RUNNING } from './job.js';
import { readRows } from './reading.js';
import { csvRecordBound, RowSet, SeenIds } from '../../../../platform/files/rows.js';
import { byteaArray } from '../../../../platform/db/arrays.js';
import { BATCH, YIELD_EVERY, RollWriter, EncryptingQueue } from './writer.js';
import { type ImportProgress, ImportRun } from './progress.js';
import { getImportUnscoped } from './reports.js';

/** Runs a received import to its end; never throws (a failure is recorded on the job). */
export async function runImport(
  database: Database,
  p: Platform,
  actor: Actor,
  scope: Scope,
  received: ReceivedImport,
  follow: { onProgress?: (progress: ImportProgress) => void } = {},
): Promise<ImportJob> {
  const { db } = database;
  const { file, options } = received;
  const jobId = received.job.id;
  const [job] = await db.select().from(imports).where(eq(imports.id, jobId));
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
    const union = await getOrg(db, scope, job.orgId);
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
        return await getImportUnscoped(db, jobId);
      }
      await run.set({ status: 'writing' });
      await writeRows(run, file, today, unions, reading, writer, encryptor);
    }
    // Read for the last time: the plaintext goes before the job is seen to end.
    await dropUpload(file);
    await run.save(99, { totalRows: run.total, writtenRows: writer.written }, true);
    if (staged) await publish(database, actor, run, writer.written);
    else await complete(db, actor, run, writer.written);
  } catch (error) {
    await writer.settle();
    await dropUpload(file);
    const message = isAppError(error) ? t(`errors.${error.code}`, error.params) : String(error);
    p.log.error({ err: error, importId: jobId }, 'member import failed');
    await recordFailure(db, run, staged, message, writer.written).catch(() => undefined);
  } finally {
    await encryptor.close();
    await dropUpload(file);
  }
  return getImportUnscoped(db, jobId);
}

/** Deletes an upload (names and 身份证号 in plaintext) once nothing will read it again. */
const dropUpload = (file: string) => rm(file, { force: true }).catch(() => undefined);

/** The failure, unless the job was ended already (as orphaned); an all-or-nothing import's staged rows go. */
async function recordFailure(db: Db, run: ImportRun, staged: boolean, message: string, written: number): Promise<void> {
  if (staged) await discardStagedMembers(db, run.job.id);
  await db
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
async function complete(db: Db, actor: Actor, run: ImportRun, written: number): Promise<void> {
  await inTransaction(db, async (tx) => {
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
async function publish(database: Database, actor: Actor, run: ImportRun, staged: number): Promise<void> {
  const { db } = database;
  const id = run.job.id;
  await inTransaction(db, async (tx) => {
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
  const { db } = p;
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
      db,
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
  const rows = readRows(db, job, file, reading.options, {
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
  const { db } = p;
  const queue = new EncryptingQueue(encryptor, (checked, person) => writer.add(checked, person));
  run.bytesRead = 0;
  let processed = 0;
  const rows = readRows(db, job, file, reading.options, {
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
