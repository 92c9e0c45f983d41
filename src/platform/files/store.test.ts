// The file store on a real disk (a temporary folder), and its rows and sweep on a real database.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/harness/db.js';
import { inTransaction } from '../db/tx.js';
import {
  DOCUMENT_TYPES,
  FileRefusedError,
  FileStore,
  PHOTO_TYPES,
  deleteStoredFile,
  findStoredFile,
  recordStoredFile,
  sniffContentType,
  sweepFileStore,
} from './store.js';
import { makeExe, makeJpeg, makePng } from './testing.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** A body that arrives in pieces of `size` bytes, as a slow phone's upload does. */
const inPieces = (bytes: Buffer, size: number) =>
  Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)));
const photo = { accept: PHOTO_TYPES, maxBytes: 1_048_576 };

/** Every file under a folder, relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('sniffContentType', () => {
  it('tells JPEG, PNG, WebP and PDF by their first bytes, and nothing else', () => {
    expect(sniffContentType(makeJpeg())).toBe('image/jpeg');
    expect(sniffContentType(makePng())).toBe('image/png');
    expect(sniffContentType(Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(sniffContentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffContentType(makeExe())).toBeNull();
    expect(sniffContentType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    // A RIFF that is not WebP (a WAV) is not a photo.
    expect(sniffContentType(Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'))).toBeNull();
    expect(sniffContentType(Buffer.alloc(0))).toBeNull();
  });
});

describe(FileStore.name, () => {
  let root: string;
  let store: FileStore;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'gonghui-store-'));
    store = new FileStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps a photo under its SHA-256, with the type its bytes say, and reads it back', async () => {
    const png = makePng(16, 9);
    const put = await store.put(inPieces(png, 5), photo);
    expect(put).toEqual({ sha256: sha(png), bytes: png.length, contentType: 'image/png' });
    expect(readFileSync(store.pathOf(put.sha256))).toEqual(png);
    const { stream, bytes } = await store.open(put.sha256);
    expect(bytes).toBe(png.length);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(png);
    // Nothing left half-written beside it.
    expect(filesUnder(path.join(root, 'tmp'))).toEqual([]);
  });

  it('keeps the same bytes once, however often they are sent', async () => {
    const jpeg = makeJpeg();
    const first = await store.put(Readable.from([jpeg]), photo);
    const second = await store.put(inPieces(jpeg, 100), photo);
    expect(second).toEqual(first);
    expect(first.contentType).toBe('image/jpeg');
    expect(filesUnder(root)).toEqual([path.join(first.sha256.slice(0, 2), first.sha256.slice(2, 4), first.sha256)]);
  });

  it('refuses a program renamed .jpg, and text, by their bytes, writing nothing', async () => {
    for (const bytes of [makeExe(), Buffer.from('这不是照片，是一段文字'.repeat(20))]) {
      const refused = await store.put(inPieces(bytes, 3), photo).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(FileRefusedError);
      expect((refused as FileRefusedError).reason).toBe('type_not_allowed');
    }
    // A PDF is a document, not a photo — and is taken where documents are.
    const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'latin1');
    await expect(store.put(Readable.from([pdf]), photo)).rejects.toMatchObject({ reason: 'type_not_allowed' });
    expect(filesUnder(root)).toEqual([]);
    await expect(store.put(Readable.from([pdf]), { accept: DOCUMENT_TYPES, maxBytes: 1000 })).resolves.toMatchObject({
      contentType: 'application/pdf',
    });
  });

  it('refuses a file over the limit, and an empty one, leaving nothing behind', async () => {
    const png = makePng(200, 200, 3);
    await expect(store.put(inPieces(png, 64), { ...photo, maxBytes: png.length - 1 })).rejects.toMatchObject({
      reason: 'too_large',
      limitBytes: png.length - 1,
    });
    // Exactly at the limit is within it.
    await expect(store.put(Readable.from([png]), { ...photo, maxBytes: png.length })).resolves.toMatchObject({ bytes: png.length });
    rmSync(root, { recursive: true, force: true });
    await expect(store.put(Readable.from([]), photo)).rejects.toMatchObject({ reason: 'empty' });
    expect(filesUnder(root)).toEqual([]);
  });

  it('leaves no file when the upload breaks off', async () => {
    const png = makePng(64, 64, 1);
    const broken = new Readable({
      read() {
        this.push(png.subarray(0, 40));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(store.put(broken, photo)).rejects.toThrow('connection reset');
    expect(filesUnder(root)).toEqual([]);
  });

  it('says which installation fault it is when a row’s bytes are missing', async () => {
    await expect(store.open('a'.repeat(64))).rejects.toThrow(/shared volume/);
    expect(() => store.pathOf('../../etc/passwd')).toThrow(/not a SHA-256/);
  });

  it('sweeps bytes no row names once they are old, and temporary files as old, keeping the rest', async () => {
    const named = await store.put(Readable.from([makePng(4, 4, 1)]), photo);
    const orphan = await store.put(Readable.from([makePng(4, 4, 2)]), photo);
    const fresh = await store.put(Readable.from([makePng(4, 4, 3)]), photo);
    mkdirSync(path.join(root, 'tmp'), { recursive: true });
    writeFileSync(path.join(root, 'tmp', 'crashed.part'), 'half');
    const old = new Date(Date.now() - 2 * 3600_000);
    for (const file of [store.pathOf(named.sha256), store.pathOf(orphan.sha256), path.join(root, 'tmp', 'crashed.part')]) {
      utimesSync(file, old, old);
    }
    const removed = await store.sweep(async (hashes) => new Set(hashes.filter((h) => h === named.sha256)), new Date());
    expect(removed).toBe(2);
    expect(existsSync(store.pathOf(named.sha256))).toBe(true);
    expect(existsSync(store.pathOf(orphan.sha256))).toBe(false);
    expect(existsSync(store.pathOf(fresh.sha256))).toBe(true);
    expect(filesUnder(path.join(root, 'tmp'))).toEqual([]);
  });

  it('puts back bytes that a row came to name while the sweep looked at them', async () => {
    const put = await store.put(Readable.from([makePng(4, 4, 5)]), photo);
    const old = new Date(Date.now() - 2 * 3600_000);
    utimesSync(store.pathOf(put.sha256), old, old);
    let asked = 0;
    // The first look finds no row; by the second (once the bytes are moved aside) one has committed.
    const removed = await store.sweep(async (hashes) => (asked++ === 0 ? new Set() : new Set(hashes)), new Date());
    expect(removed).toBe(0);
    expect(readFileSync(store.pathOf(put.sha256))).toEqual(makePng(4, 4, 5));
    expect(filesUnder(path.join(root, 'tmp'))).toEqual([]);
  });

  it('refreshes the bytes an upload sends again, so that a sweep does not take them from under its row', async () => {
    const png = makePng(4, 4, 6);
    const put = await store.put(Readable.from([png]), photo);
    const old = new Date(Date.now() - 2 * 3600_000);
    utimesSync(store.pathOf(put.sha256), old, old);
    await store.put(Readable.from([png]), photo);
    expect(await store.sweep(async () => new Set(), new Date())).toBe(0);
    expect(existsSync(store.pathOf(put.sha256))).toBe(true);
  });
});

describe('stored_file rows', () => {
  const h = useTestDatabase();
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'gonghui-store-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('records what was put, and the sweep keeps bytes while any row names them', async () => {
    const { db } = h.database;
    const store = new FileStore(root);
    const png = makePng(4, 4, 9);
    const put = await store.put(Readable.from([png]), photo);
    const row = (input: { name: string }) =>
      inTransaction(db, (tx) => recordStoredFile(tx, { ...put, ...input, purpose: 'test.photo', orgId: null, createdBy: null }));
    const first = await row({ name: '驿站门头.png' });
    const second = await row({ name: 'copy.png' });
    expect(await findStoredFile(db, first.id)).toMatchObject({
      sha256: put.sha256,
      contentType: 'image/png',
      bytes: png.length,
      name: '驿站门头.png',
    });
    // A row written in a transaction that rolled back leaves only bytes, which the sweep takes.
    const orphan = await store.put(Readable.from([makePng(4, 4, 10)]), photo);
    await expect(
      inTransaction(db, async (tx) => {
        await recordStoredFile(tx, { ...orphan, name: 'x.png', purpose: 'test.photo', orgId: null, createdBy: null });
        throw new Error('the use case failed after');
      }),
    ).rejects.toThrow('failed after');
    const later = new Date(Date.now() + 2 * 3600_000);
    expect(await sweepFileStore(db, store, later)).toBe(1);
    expect(existsSync(store.pathOf(orphan.sha256))).toBe(false);
    await inTransaction(db, (tx) => deleteStoredFile(tx, first.id));
    expect(await sweepFileStore(db, store, later)).toBe(0);
    expect(await findStoredFile(db, first.id)).toBeNull();
    await inTransaction(db, (tx) => deleteStoredFile(tx, second.id));
    expect(await sweepFileStore(db, store, later)).toBe(1);
    expect(filesUnder(root)).toEqual([]);
  });
});
