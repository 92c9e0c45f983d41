// PostgreSQL's binary COPY format: rows encoded as they are made, into one reusable buffer, with no
// text escaping of ciphertexts and no parsing on the server. The bulk writers (the roll import and
// seed, the census lists) stream these buffers into COPY … FROM STDIN (FORMAT binary).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export const CHUNK_BYTES = 1 << 20;
// The signature, then 32 bits of flags and 32 of header extension length, none of either.
export const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
export const TRAILER = Buffer.from([0xff, 0xff]); // a field count of -1 ends the data

export const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
export const DAY_MS = 86_400_000;

export class BinaryWriter {
  private buf: Buffer;
  private at = 0;

  constructor(initial: number) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  get length(): number {
    return this.at;
  }

  /** What was written so far (valid until the next write or rewind). */
  view(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  /** Starts again from the beginning, keeping the buffer. */
  rewind(): void {
    this.at = 0;
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

  /** An int4 field (its length, then its value). */
  int4(v: number): void {
    this.int32(4);
    this.int32(v);
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

/** Streams COPY data (HEADER, tuples, TRAILER) into `table (columns)` on a connection (in its transaction, if one is open). */
export async function copyBinaryOn(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  data: Iterable<Buffer>,
): Promise<void> {
  await pipeline(Readable.from(data), client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin (format binary)`)));
}

/** The same on a connection of the pool, in a transaction of its own. */
export async function copyBinary(pool: pg.Pool, table: string, columns: readonly string[], data: Iterable<Buffer>): Promise<void> {
  const client = await pool.connect();
  try {
    await copyBinaryOn(client, table, columns, data);
  } finally {
    client.release();
  }
}
