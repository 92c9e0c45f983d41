// The file store: photos and documents kept as evidence or illustration (a station's photos, an
// invoice, a certificate), outside the database. Bytes live on disk under their SHA-256 — written once
// to a temporary file and renamed into place, so a crash never leaves half a file under a real name, and
// the same bytes sent twice are kept once — and a `stored_file` row says what they are, for whom.
//
// The order that keeps the two consistent: a use case first puts the bytes (outside any transaction),
// then writes the row in its own transaction. Bytes whose row never committed (a refusal, a rollback, a
// crash in between) are orphans: sweepFileStore deletes them once no row names their hash and they have
// not been written for a while. Nothing else ever deletes bytes, so a row never points at nothing.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type Stats, type WriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { eq, inArray } from 'drizzle-orm';
import type { Config } from '../config/config.js';
import type { Db, Tx } from '../db/tx.js';
import { storedFiles } from './schema.js';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const DOCUMENT_TYPES = ['application/pdf'] as const;
export type StoredContentType = (typeof PHOTO_TYPES)[number] | (typeof DOCUMENT_TYPES)[number];

/** Bytes enough to tell every type we keep by its signature (WebP's is at offset 8). */
const SNIFF_BYTES = 12;

const startsWith = (head: Uint8Array, signature: readonly number[], offset = 0) =>
  head.length >= offset + signature.length && signature.every((byte, i) => head[offset + i] === byte);

/**
 * What a file is, from its first bytes alone (a renamed .exe is not a photo, whatever its name or the
 * Content-Type it came with say); null for anything we do not keep.
 */
export function sniffContentType(head: Uint8Array): StoredContentType | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // RIFF <size> WEBP
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return null;
}

export type FileRefusal = 'too_large' | 'type_not_allowed' | 'empty';

/** A file the store will not keep; the module that asked turns it into its own error. */
export class FileRefusedError extends Error {
  constructor(
    readonly reason: FileRefusal,
    readonly limitBytes: number,
  ) {
    super(`file refused: ${reason}`);
    this.name = 'FileRefusedError';
  }
}

/** A module's own errors for the store's refusals, so that its users read them in its words. */
export interface RefusalErrors {
  tooLarge: (params: { mb: number }, options: { cause: unknown }) => Error;
  typeRefused: (params: Record<string, never>, options: { cause: unknown }) => Error;
  empty: (params: Record<string, never>, options: { cause: unknown }) => Error;
}

/** The error a refusal becomes in a module's words (the limit in MB, one decimal). */
export function refusalError(error: FileRefusedError, errors: RefusalErrors): Error {
  switch (error.reason) {
    case 'too_large':
      return errors.tooLarge({ mb: Math.round((error.limitBytes / 1_048_576) * 10) / 10 }, { cause: error });
    case 'type_not_allowed':
      return errors.typeRefused({}, { cause: error });
    case 'empty':
      return errors.empty({}, { cause: error });
    default: {
      const never: never = error.reason;
      throw new Error(`unknown refusal ${String(never)}`);
    }
  }
}

export interface PutResult {
  sha256: string;
  bytes: number;
  contentType: StoredContentType;
}

export interface PutOptions {
  /** The types this use takes (photos: PHOTO_TYPES), as sniffed from the bytes. */
  accept: readonly StoredContentType[];
  maxBytes: number;
}

const SHA256 = /^[0-9a-f]{64}$/;
const TEMP_DIR = 'tmp';
/** How long bytes no row names are kept: far longer than any request takes between its bytes and its row. */
export const ORPHAN_GRACE_MS = 3600_000;

export class FileStore {
  constructor(readonly root: string) {}

  /** The store of an installation: `files/` in the data directory (one shared volume for every instance). */
  static of(config: Pick<Readonly<Config>, 'dataDir'>): FileStore {
    return new FileStore(path.resolve(config.dataDir, 'files'));
  }

  /** Where the bytes of a hash live: two levels of folders keep any one folder small. */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * Streams `body` into the store, at most `maxBytes`, refusing a type `accept` lacks from its first
   * bytes (before any is written). The body is never held in memory; on a refusal it is left unread
   * (the answer goes out at once and the connection is closed after it, as bodies.ts does).
   */
  async put(body: Readable, options: PutOptions): Promise<PutResult> {
    const temp = path.join(this.root, TEMP_DIR, `${randomUUID()}.part`);
    await mkdir(path.dirname(temp), { recursive: true, mode: 0o700 });
    let received: { sha256: string; bytes: number; contentType: StoredContentType };
    try {
      received = await writeChecked(body, temp, options);
      // On disk before it has a name: after a power cut a renamed file must not turn out empty.
      const handle = await open(temp, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    const final = this.pathOf(received.sha256);
    await mkdir(path.dirname(final), { recursive: true, mode: 0o700 });
    if (await exists(final)) {
      // The same bytes are here already: keep them, and mark them written now so that a sweep running
      // at this moment does not take them before this upload's row commits.
      await rm(temp, { force: true });
      const now = new Date();
      await utimes(final, now, now);
    } else {
      // Atomic within one file system: readers see no file or the whole of it. Two uploads of the same
      // bytes racing here both rename; the second replaces identical bytes.
      await rename(temp, final);
    }
    return received;
  }

  /** The bytes of a hash as a stream, and their size. A hash with a row but no bytes is a fault of the installation. */
  async open(sha256: string): Promise<{ stream: Readable; bytes: number }> {
    const file = this.pathOf(sha256);
    const handle = await open(file, 'r').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error(`file store: no bytes for ${sha256} under ${this.root} (is the store one shared volume for every instance?)`);
      }
      throw error;
    });
    const { size } = await handle.stat();
    return { stream: handle.createReadStream(), bytes: size };
  }

  /**
   * Deletes bytes that no row names and nobody has written for `graceMs`, and temporary files as old:
   * `referenced` says which of a batch of hashes some row still names. Returns how many files went.
   */
  async sweep(referenced: (hashes: string[]) => Promise<Set<string>>, now: Date, graceMs = ORPHAN_GRACE_MS): Promise<number> {
    const before = now.getTime() - graceMs;
    let removed = 0;
    for (const name of await listDir(path.join(this.root, TEMP_DIR))) {
      const file = path.join(this.root, TEMP_DIR, name);
      const info = await statOrNull(file);
      if (info && info.mtimeMs < before) {
        await rm(file, { force: true });
        removed++;
      }
    }
    let batch: string[] = [];
    const flush = async () => {
      const named = await referenced(batch);
      for (const sha256 of batch) if (!named.has(sha256) && (await this.removeIfStale(sha256, before, referenced))) removed++;
      batch = [];
    };
    for (const a of await listDir(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(a)) continue;
      for (const b of await listDir(path.join(this.root, a))) {
        if (!/^[0-9a-f]{2}$/.test(b)) continue;
        for (const name of await listDir(path.join(this.root, a, b))) {
          if (!SHA256.test(name)) continue;
          const info = await statOrNull(path.join(this.root, a, b, name));
          if (info && info.mtimeMs < before) batch.push(name);
          if (batch.length >= 500) await flush();
        }
      }
    }
    if (batch.length > 0) await flush();
    return removed;
  }

  // The bytes are first moved aside, atomically: an upload of the same bytes from then on finds none and
  // writes its own. Looked at again once aside — written meanwhile, or named by a row that committed
  // meanwhile — they are put back; else deleted.
  private async removeIfStale(sha256: string, before: number, referenced: (hashes: string[]) => Promise<Set<string>>): Promise<boolean> {
    const final = this.pathOf(sha256);
    const aside = path.join(this.root, TEMP_DIR, `${sha256}.${randomUUID()}.sweep`);
    await mkdir(path.dirname(aside), { recursive: true, mode: 0o700 });
    try {
      await rename(final, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    const info = await statOrNull(aside);
    const keep = (info !== null && info.mtimeMs >= before) || (await referenced([sha256])).has(sha256);
    if (!keep) {
      await rm(aside, { force: true });
      return true;
    }
    if (await exists(final)) await rm(aside, { force: true });
    else await rename(aside, final);
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  return (await statOrNull(file)) !== null;
}

async function statOrNull(file: string): Promise<Stats | null> {
  try {
    return await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Streams `body` to `file`, hashing and counting it. Its type is decided from its first bytes before the
 * file is even created; a refusal settles only once the file is closed, so that the caller's removal
 * of it comes after the last write (an open still under way would otherwise create it again).
 */
function writeChecked(body: Readable, file: string, options: PutOptions): Promise<PutResult> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let out: WriteStream | null = null;
    let bytes = 0;
    let contentType: StoredContentType | null = null;
    let head: Buffer[] = [];
    let headBytes = 0;
    let settled = false;

    const stop = (error: Error) => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('close', onClose);
      // Left unread rather than destroyed: destroying a request destroys its socket, and the refusal
      // would never reach the client.
      body.pause();
      if (!out || out.closed) return reject(error);
      out.once('close', () => reject(error));
      out.destroy();
    };
    const write = (chunk: Buffer) => {
      hash.update(chunk);
      if (!(out as WriteStream).write(chunk)) {
        body.pause();
        (out as WriteStream).once('drain', () => body.resume());
      }
    };
    const decide = (): boolean => {
      const type = sniffContentType(Buffer.concat(head, headBytes));
      if (!type || !options.accept.includes(type)) {
        stop(new FileRefusedError('type_not_allowed', options.maxBytes));
        return false;
      }
      contentType = type;
      out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
      out.once('error', stop);
      for (const chunk of head) write(chunk);
      head = [];
      return true;
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > options.maxBytes) return stop(new FileRefusedError('too_large', options.maxBytes));
      if (contentType) return write(chunk);
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes >= SNIFF_BYTES) decide();
    };
    const onEnd = () => {
      if (settled) return;
      if (bytes === 0) return stop(new FileRefusedError('empty', options.maxBytes));
      // Shorter than a signature's reach: decided on what there is.
      if (!contentType && !decide()) return;
      body.off('close', onClose);
      const done = out as WriteStream;
      done.once('close', () => {
        if (settled) return;
        settled = true;
        resolve({ sha256: hash.digest('hex'), bytes, contentType: contentType as StoredContentType });
      });
      done.end();
    };
    const onClose = () => stop(new Error('upload ended before its last byte'));
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('close', onClose);
    body.once('error', stop);
  });
}

// ---------------------------------------------------------------------------------------------
// The rows.

export interface StoredFile {
  id: string;
  sha256: string;
  contentType: string;
  bytes: number;
  name: string;
  purpose: string;
  orgId: string | null;
  createdBy: string | null;
  createdAt: Date;
}

export interface StoredFileInput extends PutResult {
  /** The name it came with (shown, and offered on download); never used to tell its type. */
  name: string;
  /** `<module>.<use>`, e.g. 'stations.photo': the owning module decides who may read it. */
  purpose: string;
  orgId: string | null;
  createdBy: string | null;
}

/** The row of bytes already put, in the caller's transaction (the use case's). */
export async function recordStoredFile(tx: Tx, input: StoredFileInput): Promise<StoredFile> {
  const [row] = await tx
    .insert(storedFiles)
    .values({
      sha256: input.sha256,
      contentType: input.contentType,
      bytes: input.bytes,
      name: input.name,
      purpose: input.purpose,
      orgId: input.orgId,
      createdBy: input.createdBy,
    })
    .returning();
  if (!row) throw new Error('stored_file insert returned nothing');
  return row;
}

export async function findStoredFile(db: Db, id: string): Promise<StoredFile | null> {
  const [row] = await db.select().from(storedFiles).where(eq(storedFiles.id, id)).limit(1);
  return row ?? null;
}

/** Drops a row; its bytes go with the next sweep once no other row names them. */
export async function deleteStoredFile(tx: Tx, id: string): Promise<void> {
  await tx.delete(storedFiles).where(eq(storedFiles.id, id));
}

/** The hashes of `hashes` that some row names. */
export async function referencedHashes(db: Db, hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await db.selectDistinct({ sha256: storedFiles.sha256 }).from(storedFiles).where(inArray(storedFiles.sha256, hashes));
  return new Set(rows.map((r) => r.sha256));
}

/** The sweep of a store against this database's rows (the `files.sweep` job). */
export function sweepFileStore(db: Db, store: FileStore, now: Date, graceMs = ORPHAN_GRACE_MS): Promise<number> {
  return store.sweep((hashes) => referencedHashes(db, hashes), now, graceMs);
}
