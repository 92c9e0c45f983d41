// The fast path for writing many members at once: the roll import and the seed. One call writes one
// batch in one transaction, so a batch is either on the roll entirely or not at all.
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { pooledUuidv7 } from '../../../platform/db/columns.js';
import type { Database } from '../../../platform/db/client.js';
import { uniqueViolation } from '../../../platform/db/errors.js';
import { inTransaction, queryRows, type Db, type Tx } from '../../../platform/db/tx.js';
import { importStagedMembers, members } from '../schema.js';
import type { PersonColumns } from './person.js';
import { COPY_COLUMNS, writeRow } from './copy-format.js';
import { BinaryWriter, CHUNK_BYTES, copyBinary, copyBinaryOn, HEADER, TRAILER } from '../../../platform/db/copy-binary.js';

export interface NewMemberRow {
  id: string;
  memberNo: string;
  provinceCode: string;
  orgId: string;
  person: PersonColumns;
  newForm: boolean;
  joinedAt: Date;
  source: 'import' | 'seed';
  importId: string | null;
  /** The file's row, for a row staged by an all-or-nothing import. */
  row?: number;
}

export interface BatchResult {
  written: number;
  /** One entry per row not written, in the batch's order. */
  duplicates: Buffer[];
}

// 25 values a row: 1,000 rows stay far below PostgreSQL's 65,535 parameters, and a statement small
// enough that PGlite, which runs on the event loop, does not hold it for long.
const INSERT_CHUNK = 1_000;
const ID_INDEX_CONSTRAINT = 'member_id_index_uq';
// An HMAC-SHA256.
const ID_INDEX_BYTES = 32;
// A COPY fails on someone already on the roll that it did not look up (or who joined online since
// the look-up): each attempt skips them. More than a few such races on one batch means something else is wrong.
const COPY_ATTEMPTS = 5;

/** A UUIDv7 for a new member row. */
export const newMemberId = pooledUuidv7;

/**
 * The rows of one write. On PostgreSQL each row is encoded for the binary COPY as it is added, so a
 * batch of thousands is one buffer rather than thousands of objects: objects kept until their batch
 * is written outlive V8's young generation, and a million of them, promoted, would swell the heap by
 * gigabytes between collections. A batch can be emptied and filled again, reusing its buffer.
 */
export class MemberBatch {
  private readonly tuples: BinaryWriter | null;
  /** The end of each row's tuple in `tuples`. */
  private readonly ends: number[] = [];
  /**
   * Each row's id_index (32 bytes), end to end. Not a string a row: a batch lives across the COPY of
   * the one before, long enough for V8 to promote what it holds, and a million promoted strings were
   * old-space garbage worth tens of MB of the import's memory.
   */
  private keys = Buffer.alloc(ID_INDEX_BYTES * 1024);
  private count = 0;
  /** The rows themselves, kept only on PGlite (no COPY), whose INSERT needs them. */
  private readonly rows: NewMemberRow[] | null;

  /** `staged`: the rows go to an import's staging table (with their file row), not to the roll. */
  constructor(
    database: Pick<Database, 'pool'>,
    readonly staged = false,
  ) {
    this.tuples = database.pool ? new BinaryWriter(CHUNK_BYTES) : null;
    this.rows = database.pool ? null : [];
  }

  static of(database: Pick<Database, 'pool'>, rows: readonly NewMemberRow[]): MemberBatch {
    const batch = new MemberBatch(database);
    for (const row of rows) batch.add(row);
    return batch;
  }

  get size(): number {
    return this.count;
  }

  add(row: NewMemberRow): void {
    if (this.tuples) {
      writeRow(this.tuples, row, this.staged);
      this.ends.push(this.tuples.length);
    } else this.rows?.push(row);
    const idIndex = row.person.idIndex;
    if (idIndex.length !== ID_INDEX_BYTES) throw new Error(`MemberBatch: an id_index has ${idIndex.length} bytes`);
    if ((this.count + 1) * ID_INDEX_BYTES > this.keys.length) {
      const grown = Buffer.alloc(this.keys.length * 2);
      this.keys.copy(grown);
      this.keys = grown;
    }
    idIndex.copy(this.keys, this.count * ID_INDEX_BYTES);
    this.count += 1;
  }

  /** The id_index of the row at `i`. */
  idIndex(i: number): Buffer {
    return Buffer.from(this.keys.subarray(i * ID_INDEX_BYTES, (i + 1) * ID_INDEX_BYTES));
  }

  clear(): void {
    this.tuples?.rewind();
    this.ends.length = 0;
    this.count = 0;
    if (this.rows) this.rows.length = 0;
  }

  /** The id_index of the row at `i` as a latin1 string, a Set's key. */
  key(i: number): string {
    return this.keys.toString('latin1', i * ID_INDEX_BYTES, (i + 1) * ID_INDEX_BYTES);
  }

  row(i: number): NewMemberRow {
    if (!this.rows) throw new Error('MemberBatch: rows are kept only without COPY');
    return this.rows[i] as NewMemberRow;
  }

  /** The COPY data of the rows at `positions` (ascending): runs of the encoded tuples. */
  *copyData(positions: readonly number[]): Generator<Buffer> {
    if (!this.tuples) throw new Error('MemberBatch: no COPY without a pool');
    const all = this.tuples.view();
    yield HEADER;
    let from = -1;
    let to = -1;
    for (const i of positions) {
      const start = i === 0 ? 0 : (this.ends[i - 1] as number);
      if (start !== to) {
        if (to > from) yield all.subarray(from, to);
        from = start;
      }
      to = this.ends[i] as number;
    }
    if (to > from) yield all.subarray(from, to);
    yield TRAILER;
  }
}

/**
 * Writes rows whose id_index is not on the roll yet; returns how many were written and the id_index
 * values that were already there (or repeated within the batch: the first occurrence wins). One
 * batch = one transaction. `checkFirst: false` skips looking the batch's people up before the COPY,
 * for a caller that expects them all to be new: the unique index still refuses anyone on the roll,
 * and the batch is then redone with the look-up, so the result is the same either way.
 */
export async function writeMemberBatch(
  database: Database,
  input: readonly NewMemberRow[] | MemberBatch,
  options: { checkFirst?: boolean } = {},
): Promise<BatchResult> {
  const batch = input instanceof MemberBatch ? input : MemberBatch.of(database, input);
  const first = firstOccurrences(batch);
  let written: number[] = [];
  if (first.length > 0 && database.pool) written = await copyNew(database.pool, batch, first, options.checkFirst ?? true);
  else if (first.length > 0) written = await insertNew(database.db, batch, first);
  const isWritten = new Uint8Array(batch.size);
  for (const i of written) isWritten[i] = 1;
  const duplicates: Buffer[] = [];
  for (let i = 0; i < batch.size; i++) if (!isWritten[i]) duplicates.push(batch.idIndex(i));
  return { written: written.length, duplicates };
}

/**
 * Writes a batch to the staging table of its import (an all-or-nothing import's rows wait there,
 * out of the roll's sight, until `publishStagedMembers`). No duplicate handling: the import checked
 * every row against the roll and the file before it wrote any.
 */
export async function stageMemberBatch(database: Database, batch: MemberBatch): Promise<void> {
  if (!batch.staged) throw new Error('stageMemberBatch: a batch built for the roll');
  if (batch.size === 0) return;
  const all = Array.from({ length: batch.size }, (_, i) => i);
  if (database.pool) {
    await copyBinary(database.pool, 'member_import_row', [...COPY_COLUMNS, '"row"'], batch.copyData(all));
    return;
  }
  await inTransaction(database.db, async (tx) => {
    for (let from = 0; from < all.length; from += INSERT_CHUNK) {
      await tx.insert(importStagedMembers).values(
        all.slice(from, from + INSERT_CHUNK).map((i) => {
          const r = batch.row(i);
          return { ...toValues(r), id: r.id, status: 'active', importId: r.importId as string, row: r.row ?? 0 };
        }),
      );
    }
  });
}

/**
 * Moves an import's staged rows to the roll, in the caller's transaction; returns how many moved. One
 * INSERT … SELECT: the members appear on the roll together, when the transaction commits, or not at all.
 */
export async function publishStagedMembers(tx: Tx, importId: string): Promise<number> {
  const columns = sql.raw(COPY_COLUMNS.join(', '));
  const [moved] = await queryRows<{ n: number }>(
    tx,
    sql`with moved as (
          insert into member (${columns}) select ${columns} from member_import_row where import_id = ${importId} returning 1
        ) select count(*)::int as n from moved`,
  );
  await tx.delete(importStagedMembers).where(sql`${importStagedMembers.importId} = ${importId}`);
  return moved?.n ?? 0;
}

/** The rows of an import's staging table whose people are on the roll now (joined since the check). */
export async function stagedOnRoll(tx: Tx, importId: string): Promise<number[]> {
  const rows = await queryRows<{ row: number }>(
    tx,
    sql`select s.row from member_import_row s join member m on m.id_index = s.id_index where s.import_id = ${importId} order by s.row`,
  );
  return rows.map((r) => r.row);
}

/** Forgets the staged rows of an import that will not be published. */
export async function discardStagedMembers(db: Db, importId: string): Promise<void> {
  await db.delete(importStagedMembers).where(sql`${importStagedMembers.importId} = ${importId}`);
}

/** An id_index as a Set's or Map's key: latin1 maps every byte to one character, the cheapest exact key. */
export const idIndexKey = (b: Buffer): string => b.toString('latin1');

/**
 * The rows of a batch that are each person's first. A function of its own: its set of strings dies
 * when it returns, where an async caller's locals live on across its awaits (and into V8's old space).
 */
function firstOccurrences(batch: MemberBatch): number[] {
  const seen = new Set<string>();
  const first: number[] = [];
  for (let i = 0; i < batch.size; i++) {
    const key = batch.key(i);
    if (seen.has(key)) continue;
    seen.add(key);
    first.push(i);
  }
  return first;
}

/** INSERTs the rows at `positions`, skipping people on the roll; returns the positions written. */
async function insertNew(db: Db, batch: MemberBatch, positions: number[]): Promise<number[]> {
  const at = new Map(positions.map((i) => [batch.key(i), i]));
  return inTransaction(db, async (tx) => {
    const written: number[] = [];
    for (let from = 0; from < positions.length; from += INSERT_CHUNK) {
      const inserted = await tx
        .insert(members)
        .values(positions.slice(from, from + INSERT_CHUNK).map((i) => toValues(batch.row(i))))
        // The target names the one index whose conflicts are expected; any other (a member number
        // handed out twice) is a bug and fails the batch.
        .onConflictDoNothing({ target: members.idIndex, where: sql`id_index is not null` })
        .returning({ idIndex: members.idIndex });
      for (const r of inserted) if (r.idIndex) written.push(at.get(idIndexKey(r.idIndex)) as number);
    }
    return written;
  });
}

const toValues = (r: NewMemberRow): typeof members.$inferInsert => ({
  id: r.id,
  memberNo: r.memberNo,
  provinceCode: r.provinceCode,
  orgId: r.orgId,
  status: 'active',
  ...r.person,
  newForm: r.newForm,
  joinedAt: r.joinedAt,
  source: r.source,
  importId: r.importId,
});

/**
 * COPYs the rows at `positions` whose people are not on the roll yet, in one transaction; returns
 * the positions written. Someone on the roll who was not looked up first (or who joined online since)
 * fails the COPY: the next attempt looks the batch up again and skips them.
 */
async function copyNew(pool: pg.Pool, batch: MemberBatch, positions: number[], checkFirst: boolean): Promise<number[]> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin');
      let fresh = positions;
      if (checkFirst || attempt > 1) {
        const existing = await client.query<{ id_index: Buffer }>('select id_index from member where id_index = any($1::bytea[])', [
          positions.map((i) => batch.idIndex(i)),
        ]);
        const taken = new Set(existing.rows.map((r) => idIndexKey(r.id_index)));
        fresh = positions.filter((i) => !taken.has(batch.key(i)));
      }
      if (fresh.length > 0) {
        await copyBinaryOn(client, 'member', COPY_COLUMNS, batch.copyData(fresh));
      }
      await client.query('commit');
      return fresh;
    } catch (error) {
      await client.query('rollback').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      if (uniqueViolation(error) !== ID_INDEX_CONSTRAINT || attempt >= COPY_ATTEMPTS) throw error;
    } finally {
      // A connection that could not even roll back is dropped rather than handed to the next caller.
      client.release(broken);
    }
  }
}
