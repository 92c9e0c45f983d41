// The fast path for writing many members at once: the roll import and the seed. One call writes one
// batch in one transaction, so a batch is either on the roll entirely or not at all.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../../../platform/db/client.js';
import { uniqueViolation } from '../../../platform/db/errors.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { members } from '../schema.js';
import type { PersonColumns } from './person.js';

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

/**
 * Writes rows whose id_index is not on the roll yet; returns how many were written and the id_index
 * values that were already there (or repeated within the batch: the first occurrence wins). One
 * batch = one transaction.
 */
export async function writeMemberBatch(database: Database, rows: NewMemberRow[]): Promise<BatchResult> {
  const seen = new Set<string>();
  const first: NewMemberRow[] = [];
  const repeated = new Set<number>();
  rows.forEach((row, i) => {
    const key = keyOf(row.person.idIndex);
    if (seen.has(key)) repeated.add(i);
    else {
      seen.add(key);
      first.push(row);
    }
  });
  let written: Set<string> | null = null;
  if (first.length > 0 && database.pool) written = await copyNew(database.pool, first);
  // A unique violation during the COPY (null) means someone joined online meanwhile: the slower
  // statement that skips conflicts one by one settles it.
  if (first.length > 0 && !written) written = await insertNew(database.db, first);
  const duplicates: Buffer[] = [];
  rows.forEach((row, i) => {
    if (repeated.has(i) || !written?.has(keyOf(row.person.idIndex))) duplicates.push(row.person.idIndex);
  });
  return { written: rows.length - duplicates.length, duplicates };
}

// latin1 maps every byte to one character: the cheapest exact key for a Buffer in a Set.
const keyOf = (b: Buffer): string => b.toString('latin1');

async function insertNew(db: Db, rows: NewMemberRow[]): Promise<Set<string>> {
  return inTransaction(db, async (tx) => {
    const written = new Set<string>();
    for (let at = 0; at < rows.length; at += INSERT_CHUNK) {
      const inserted = await tx
        .insert(members)
        .values(rows.slice(at, at + INSERT_CHUNK).map(toValues))
        // The target names the one index whose conflicts are expected; any other (a member number
        // handed out twice) is a bug and fails the batch.
        .onConflictDoNothing({ target: members.idIndex, where: sql`id_index is not null` })
        .returning({ idIndex: members.idIndex });
      for (const r of inserted) if (r.idIndex) written.add(keyOf(r.idIndex));
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

/** COPYs the rows not on the roll yet; null when a concurrent writer took one of them first. */
async function copyNew(pool: pg.Pool, rows: NewMemberRow[]): Promise<Set<string> | null> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('begin');
    const existing = await client.query<{ id_index: Buffer }>('select id_index from member where id_index = any($1::bytea[])', [
      rows.map((r) => r.person.idIndex),
    ]);
    const taken = new Set(existing.rows.map((r) => keyOf(r.id_index)));
    const fresh = rows.filter((r) => !taken.has(keyOf(r.person.idIndex)));
    if (fresh.length > 0) {
      await pipeline(
        Readable.from(binaryCopy(fresh)),
        client.query(copyFrom(`copy member (${COPY_COLUMNS.join(', ')}) from stdin (format binary)`)),
      );
    }
    await client.query('commit');
    return new Set(fresh.map((r) => keyOf(r.person.idIndex)));
  } catch (error) {
    await client.query('rollback').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    if (uniqueViolation(error) === ID_INDEX_CONSTRAINT) return null;
    throw error;
  } finally {
    // A connection that could not even roll back is dropped rather than handed to the next caller.
    client.release(broken);
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL's binary COPY format: no text escaping of the ciphertexts, no parsing on the server.

const c = members;
const COPY_COLUMNS = [
  c.id,
  c.memberNo,
  c.provinceCode,
  c.orgId,
  c.status,
  c.nameCipher,
  c.nameIndex,
  c.idNumberCipher,
  c.idIndex,
  c.phoneCipher,
  c.phoneIndex,
  c.duplicateIndex,
  c.gender,
  c.birthDate,
  c.trade,
  c.employerName,
  c.employerUscc,
  c.workRegionCode,
  c.workAddressCipher,
  c.workLat,
  c.workLng,
  c.newForm,
  c.joinedAt,
  c.source,
  c.importId,
].map((column) => `"${column.name}"`);

/** Fields in the order of COPY_COLUMNS. */
function writeRow(w: BinaryWriter, r: NewMemberRow): void {
  const p = r.person;
  w.int16(COPY_COLUMNS.length);
  w.uuid(r.id);
  w.text(r.memberNo);
  w.text(r.provinceCode);
  w.uuid(r.orgId);
  w.text('active');
  w.bytes(p.nameCipher);
  w.bytes(p.nameIndex);
  w.bytes(p.idNumberCipher);
  w.bytes(p.idIndex);
  w.bytes(p.phoneCipher);
  w.bytes(p.phoneIndex);
  w.bytes(p.duplicateIndex);
  w.text(p.gender);
  w.date(p.birthDate);
  w.text(p.trade);
  w.text(p.employerName);
  w.text(p.employerUscc);
  w.text(p.workRegionCode);
  w.bytes(p.workAddressCipher);
  w.float8(p.workLat);
  w.float8(p.workLng);
  w.bool(r.newForm);
  w.timestamptz(r.joinedAt);
  w.text(r.source);
  w.uuid(r.importId);
}

const CHUNK_BYTES = 1 << 20;
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

function* binaryCopy(rows: readonly NewMemberRow[]): Generator<Buffer> {
  const w = new BinaryWriter(CHUNK_BYTES + 4096);
  w.raw(SIGNATURE);
  w.int32(0); // flags
  w.int32(0); // header extension length
  for (const row of rows) {
    writeRow(w, row);
    if (w.length >= CHUNK_BYTES) yield w.take();
  }
  w.int16(-1);
  yield w.take();
}

const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;

class BinaryWriter {
  private buf: Buffer;
  private at = 0;

  constructor(private readonly initial: number) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  get length(): number {
    return this.at;
  }

  /** Hands over what was written and starts a fresh buffer (the stream may still hold the old one). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.at);
    this.buf = Buffer.allocUnsafe(this.initial);
    this.at = 0;
    return out;
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  raw(b: Buffer): void {
    this.room(b.length);
    b.copy(this.buf, this.at);
    this.at += b.length;
  }

  int16(v: number): void {
    this.room(2);
    this.at = this.buf.writeInt16BE(v, this.at);
  }

  int32(v: number): void {
    this.room(4);
    this.at = this.buf.writeInt32BE(v, this.at);
  }

  private writeNull(): void {
    this.int32(-1);
  }

  bytes(b: Buffer | null): void {
    if (b === null) return this.writeNull();
    this.int32(b.length);
    this.raw(b);
  }

  text(s: string | null): void {
    if (s === null) return this.writeNull();
    const n = Buffer.byteLength(s, 'utf8');
    this.int32(n);
    this.room(n);
    this.at += this.buf.write(s, this.at, n, 'utf8');
  }

  uuid(s: string | null): void {
    if (s === null) return this.writeNull();
    this.int32(16);
    this.room(16);
    const n = this.buf.write(s.replaceAll('-', ''), this.at, 16, 'hex');
    if (n !== 16 || s.length !== 36) throw new Error(`not a uuid: ${s}`);
    this.at += 16;
  }

  date(s: string | null): void {
    if (s === null) return this.writeNull();
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    this.int32(4);
    this.int32(Math.round((Date.UTC(y, m - 1, d) - PG_EPOCH_MS) / DAY_MS));
  }

  float8(v: number | null): void {
    if (v === null) return this.writeNull();
    this.int32(8);
    this.room(8);
    this.at = this.buf.writeDoubleBE(v, this.at);
  }

  bool(v: boolean): void {
    this.int32(1);
    this.room(1);
    this.at = this.buf.writeUInt8(v ? 1 : 0, this.at);
  }

  timestamptz(v: Date): void {
    const ms = v.getTime();
    if (!Number.isFinite(ms)) throw new Error('invalid date');
    this.int32(8);
    this.room(8);
    this.at = this.buf.writeBigInt64BE(BigInt(ms - PG_EPOCH_MS) * 1000n, this.at);
  }
}
