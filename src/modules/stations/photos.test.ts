// A station's photos and its inspections over HTTP: uploads checked by their bytes and size, kept once
// per content, served with caching and without sniffing; an open station's photos for anyone; an
// inspection with a failed required point and its evidence; a sibling district kept out of all of it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { queryRows } from '../../platform/db/tx.js';
import { sweepFileStore, FileStore } from '../../platform/files/store.js';
import { makeExe, makeJpeg, makePng } from '../../platform/files/testing.js';
import { shanghaiDay } from '../../platform/time/shanghai.js';
import { DEFAULT_STANDARD } from './rules.js';
import { riderHomeInput } from './testing.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'gonghui-photos-'));
const LIMIT = 64 * 1024;
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The bytes in the store, by hash (its temporary folder aside). */
function storedHashes(): string[] {
  const root = path.join(dataDir, 'files');
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !path.relative(root, e.parentPath).startsWith('tmp'))
    .map((e) => e.name)
    .sort();
}

const rows = async (t: TestApp, table: 'stored_file' | 'station_photo' | 'station_inspection') =>
  (await queryRows<{ n: number }>(t.platform.db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]?.n ?? 0;

async function station(t: TestApp, cookie: string): Promise<string> {
  const made = await t.request({ method: 'POST', url: '/api/console/stations', cookie, body: riderHomeInput(t.demo.keqiao.id) });
  expect(made.statusCode, made.body).toBe(201);
  return made.json().id as string;
}

function upload(t: TestApp, cookie: string, url: string, bytes: Buffer, query = '') {
  return t.request({ method: 'POST', url: `${url}${query}`, cookie, body: bytes, headers: { 'content-type': 'application/octet-stream' } });
}

describe('station photos', () => {
  const h = useTestApp({ GONGHUI_DATA_DIR: dataDir, GONGHUI_PHOTO_LIMIT_BYTES: String(LIMIT) });

  it('keeps an uploaded photo by its bytes, lists it in order and serves it cached by its hash, without sniffing', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const id = await station(t, cookie);
    const url = `/api/console/stations/${id}/photos`;
    const png = makePng(32, 24);
    const first = await upload(
      t,
      cookie,
      url,
      png,
      `?fileName=${encodeURIComponent('门头.PNG')}&caption=${encodeURIComponent('统一标识')}`,
    );
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ caption: '统一标识', position: 0, contentType: 'image/png', bytes: png.length, name: '门头.png' });
    // A JPEG sent under a PNG's name is a JPEG.
    const second = await upload(t, cookie, url, makeJpeg(), '?fileName=inside.png');
    expect(second.json()).toMatchObject({ position: 1, contentType: 'image/jpeg', name: 'inside.jpg', caption: null });
    const list = await t.request({ method: 'GET', url, cookie });
    expect(list.json()).toMatchObject({ limitBytes: LIMIT, items: [{ id: first.json().id }, { id: second.json().id }] });

    const file = await t.request({ method: 'GET', url: first.json().url as string, cookie });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload).toEqual(png);
    expect(file.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(png.length),
      'cache-control': 'private, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    expect(file.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('门头.png')}`);
    const again = await t.request({
      method: 'GET',
      url: first.json().url as string,
      cookie,
      headers: { 'if-none-match': file.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('refuses a program or text renamed .jpg, and a photo over the limit, by their bytes, keeping nothing', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const id = await station(t, cookie);
    const url = `/api/console/stations/${id}/photos`;
    const before = storedHashes();
    for (const bytes of [makeExe(), Buffer.from('<html><script>alert(1)</script></html>')]) {
      const refused = await upload(t, cookie, url, bytes, '?fileName=photo.jpg');
      expect(refused.statusCode).toBe(415);
      expect(refused.json()).toMatchObject({ code: 'stations.photo_type_refused', title: expect.stringContaining('JPEG、PNG 或 WebP') });
    }
    // A real PNG with a camera's worth of bytes after it (a single colour alone compresses to nothing).
    const big = await upload(t, cookie, url, Buffer.concat([makePng(), randomBytes(LIMIT)]), '?fileName=big.png');
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'stations.photo_too_large', title: '照片超过 0.1 MB，请压缩后再上传' });
    const empty = await upload(t, cookie, url, Buffer.alloc(0));
    expect(empty.json()).toMatchObject({ code: 'stations.photo_empty' });
    // Declared as an image, it is not taken at all: the body of a photo is its bytes, typed by them.
    const declared = await t.request({ method: 'POST', url, cookie, body: makePng(), headers: { 'content-type': 'image/png' } });
    expect(declared.statusCode).toBe(415);
    expect(await rows(t, 'stored_file')).toBe(0);
    expect(await rows(t, 'station_photo')).toBe(0);
    expect(storedHashes()).toEqual(before);
  });

  it('keeps the same bytes once for two photos, reorders and deletes them, the bytes going only when no row names them', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const id = await station(t, cookie);
    const url = `/api/console/stations/${id}/photos`;
    const png = makePng(10, 10, 42);
    const a = (await upload(t, cookie, url, png)).json();
    const b = (await upload(t, cookie, url, png)).json();
    const c = (await upload(t, cookie, url, makeJpeg())).json();
    expect(await rows(t, 'stored_file')).toBe(3);
    const order = async (photoIds: string[]) => t.request({ method: 'PUT', url: `${url}/order`, cookie, body: { photoIds } });
    const reordered = await order([c.id, a.id, b.id]);
    expect(reordered.json().items.map((p: { id: string }) => p.id)).toEqual([c.id, a.id, b.id]);
    const partial = await order([c.id, a.id]);
    expect(partial.json()).toMatchObject({ status: 400, code: 'stations.photo_order_invalid' });
    const caption = await t.request({
      method: 'PATCH',
      url: `/api/console/station-photos/${c.id as string}`,
      cookie,
      body: { caption: '休息区' },
    });
    expect(caption.json()).toMatchObject({ caption: '休息区' });

    const store = FileStore.of(t.config);
    const later = new Date(Date.now() + 2 * 3600_000);
    const hashOf = async (photoId: string) =>
      (
        await queryRows<{ sha256: string }>(
          t.platform.db,
          sql`select f.sha256 from station_photo p join stored_file f on f.id = p.file_id where p.id = ${photoId}`,
        )
      )[0]?.sha256 ?? '';
    const sha = await hashOf(a.id as string);
    expect(await hashOf(b.id as string)).toBe(sha);
    expect(storedHashes().filter((hash) => hash === sha)).toHaveLength(1);
    expect((await t.request({ method: 'DELETE', url: `/api/console/station-photos/${a.id as string}`, cookie })).statusCode).toBe(204);
    await sweepFileStore(t.platform.db, store, later);
    expect(storedHashes()).toContain(sha);
    const stillServed = await t.request({ method: 'GET', url: b.url as string, cookie });
    expect(stillServed.rawPayload).toEqual(png);
    await t.request({ method: 'DELETE', url: `/api/console/station-photos/${b.id as string}`, cookie });
    await sweepFileStore(t.platform.db, store, later);
    expect(storedHashes()).not.toContain(sha);
    expect((await t.request({ method: 'GET', url: b.url as string, cookie })).statusCode).toBe(404);
    const audit = await queryRows<{ action: string }>(
      t.platform.db,
      sql`select action from audit_log where action like 'stations.photo%' order by seq`,
    );
    expect(audit.map((r) => r.action)).toEqual([
      'stations.photo_added',
      'stations.photo_added',
      'stations.photo_added',
      'stations.photos_reordered',
      'stations.photo_captioned',
      'stations.photo_deleted',
      'stations.photo_deleted',
    ]);
  });

  it('shows an open station’s own photos to anyone, and nothing of a suspended one or of an inspection’s evidence', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const id = await station(t, cookie);
    const photo = (
      await upload(t, cookie, `/api/console/stations/${id}/photos`, makeJpeg(), `?caption=${encodeURIComponent('门头')}`)
    ).json();
    const inspection = await t.request({
      method: 'POST',
      url: `/api/console/stations/${id}/inspections`,
      cookie,
      body: { visitedOn: shanghaiDay(new Date()), results: DEFAULT_STANDARD.map((p) => ({ code: p.code, result: 'pass' })) },
    });
    const evidence = (
      await upload(t, cookie, `/api/console/station-inspections/${inspection.json().id as string}/photos`, makePng(6, 6, 9))
    ).json();

    const list = await t.request({ method: 'GET', url: `/api/member/stations/${id}/photos` });
    expect(list.json()).toEqual({ items: [{ id: photo.id, caption: '门头', url: `/api/member/station-photos/${photo.id as string}` }] });
    const bytes = await t.request({ method: 'GET', url: `/api/member/station-photos/${photo.id as string}` });
    expect(bytes.statusCode).toBe(200);
    expect(bytes.headers).toMatchObject({ 'content-type': 'image/jpeg', 'cache-control': 'public, max-age=31536000, immutable' });
    expect((await t.request({ method: 'GET', url: `/api/member/station-photos/${evidence.id as string}` })).statusCode).toBe(404);
    // Staff see the evidence, and may not delete it: it belongs to the record.
    expect((await t.request({ method: 'GET', url: evidence.url as string, cookie })).statusCode).toBe(200);
    const locked = await t.request({ method: 'DELETE', url: `/api/console/station-photos/${evidence.id as string}`, cookie });
    expect(locked.json()).toMatchObject({ status: 409, code: 'stations.evidence_photo_locked' });

    await t.platform.db.execute(sql`update station set status = 'suspended' where id = ${id}`);
    const gone = await t.request({ method: 'GET', url: `/api/member/stations/${id}/photos` });
    expect(gone.statusCode).toBe(404);
    // A refusal is not kept by a proxy for the minutes an answer is.
    expect(gone.headers['cache-control'] ?? '').not.toContain('public');
    expect((await t.request({ method: 'GET', url: `/api/member/station-photos/${photo.id as string}` })).statusCode).toBe(404);
  });
});

describe('station inspections over HTTP', () => {
  const h = useTestApp({ GONGHUI_DATA_DIR: dataDir });

  it('records a visit with a failed required point as rectify, with its evidence, and shows it as the station’s last', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const id = await station(t, cookie);
    const today = shanghaiDay(new Date());
    const standard = await t.request({ method: 'GET', url: `/api/console/station-standards/${t.demo.keqiao.id}`, cookie });
    expect(standard.json()).toMatchObject({ source: null, items: DEFAULT_STANDARD });
    const results = DEFAULT_STANDARD.map((p) =>
      p.code === 'fire_safety' ? { code: p.code, result: 'fail', note: '灭火器压力不足' } : { code: p.code, result: 'pass' },
    );
    const refused = await t.request({
      method: 'POST',
      url: `/api/console/stations/${id}/inspections`,
      cookie,
      body: { visitedOn: today, results },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'stations.invalid',
      errors: [{ field: 'rectifyBy', code: 'stations.rectify_by_missing' }],
    });
    expect(await rows(t, 'station_inspection')).toBe(0);

    const recorded = await t.request({
      method: 'POST',
      url: `/api/console/stations/${id}/inspections`,
      cookie,
      body: { visitedOn: today, results, rectifyBy: today, note: '其余良好' },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json()).toMatchObject({ conclusion: 'rectify', rectifyBy: today, inspectorName: '柯桥区总工会管理员', photos: [] });
    const inspectionId = recorded.json().id as string;
    const evidence = await upload(
      t,
      cookie,
      `/api/console/station-inspections/${inspectionId}/photos`,
      makeJpeg(),
      `?caption=${encodeURIComponent('灭火器')}`,
    );
    expect(evidence.statusCode, evidence.body).toBe(201);
    const detail = await t.request({ method: 'GET', url: `/api/console/station-inspections/${inspectionId}`, cookie });
    expect(detail.json()).toMatchObject({ conclusion: 'rectify', photos: [{ caption: '灭火器', inspectionId }] });
    const listed = await t.request({ method: 'GET', url: `/api/console/stations/${id}/inspections`, cookie });
    expect(listed.json()).toMatchObject({ items: [{ id: inspectionId, photos: [{ id: evidence.json().id }] }], nextCursor: null });
    // The gallery is the station's own photos only.
    expect((await t.request({ method: 'GET', url: `/api/console/stations/${id}/photos`, cookie })).json().items).toEqual([]);
    const last = await t.request({ method: 'GET', url: `/api/console/station-inspections/latest?stationId=${id}`, cookie });
    expect(last.json()).toEqual({
      items: [{ stationId: id, inspectionId, visitedOn: today, conclusion: 'rectify', rectifyBy: today, overdue: false }],
    });
  });

  it('keeps a sibling district out: 404 on every photo and inspection route, before a byte of an upload is kept', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const sibling = await t.staffCookie('yuecheng');
    const id = await station(t, cookie);
    const photo = (await upload(t, cookie, `/api/console/stations/${id}/photos`, makeJpeg())).json();
    const inspection = (
      await t.request({
        method: 'POST',
        url: `/api/console/stations/${id}/inspections`,
        cookie,
        body: { visitedOn: shanghaiDay(new Date()), results: DEFAULT_STANDARD.map((p) => ({ code: p.code, result: 'pass' })) },
      })
    ).json();
    const files = await rows(t, 'stored_file');
    const tries = [
      upload(t, sibling, `/api/console/stations/${id}/photos`, makePng(5, 5, 77)),
      upload(t, sibling, `/api/console/station-inspections/${inspection.id as string}/photos`, makePng(5, 5, 78)),
      t.request({ method: 'GET', url: `/api/console/stations/${id}/photos`, cookie: sibling }),
      t.request({ method: 'GET', url: `/api/console/station-photos/${photo.id as string}`, cookie: sibling }),
      t.request({ method: 'PATCH', url: `/api/console/station-photos/${photo.id as string}`, cookie: sibling, body: { caption: '越权' } }),
      t.request({ method: 'DELETE', url: `/api/console/station-photos/${photo.id as string}`, cookie: sibling }),
      t.request({ method: 'PUT', url: `/api/console/stations/${id}/photos/order`, cookie: sibling, body: { photoIds: [photo.id] } }),
      t.request({ method: 'GET', url: `/api/console/stations/${id}/inspections`, cookie: sibling }),
      t.request({ method: 'GET', url: `/api/console/station-inspections/${inspection.id as string}`, cookie: sibling }),
      t.request({ method: 'GET', url: `/api/console/station-standards/${t.demo.keqiao.id}`, cookie: sibling }),
    ];
    for (const answer of await Promise.all(tries)) expect(answer.statusCode, answer.body).toBe(404);
    const latest = await t.request({ method: 'GET', url: `/api/console/station-inspections/latest?stationId=${id}`, cookie: sibling });
    expect(latest.json()).toEqual({ items: [] });
    expect(await rows(t, 'stored_file')).toBe(files);
  });
});
