// A file's evidence: the worker adds a certificate to their own application from the H5, staff add a
// photo of the visit; the bytes decide the type (an .exe named .jpg is refused, and so is a file over
// the limit, with nothing kept), reading one back is audited, and neither a stranger nor the sibling
// district reaches them. Once the file is decided, the worker can add nothing more.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { memberCookie } from '../../../test/harness/members.js';
import { queryRows } from '../../platform/db/tx.js';
import { makeExe, makePng } from '../../platform/files/testing.js';
import { filedHousehold, staffCall } from './testing.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

describe('hardship evidence', () => {
  const h = useTestApp();

  it('takes certificates and visit photos by their bytes, audits reading them, and keeps strangers out', async () => {
    const { t } = h;
    const file = await filedHousehold(t, 401);
    const upload = (url: string, cookie: string, body: Buffer) =>
      t.request({ method: 'POST', url, cookie, body, headers: { 'content-type': 'application/octet-stream' } });
    const staffUrl = (query: string) => `/api/console/hardship-files/${file.id}/evidence?${query}`;
    const keqiao = await t.staffCookie('keqiao');

    const photo = await upload(
      staffUrl(`kind=visit_photo&fileName=${encodeURIComponent('厨房.jpg')}&caption=${encodeURIComponent('家中厨房')}`),
      keqiao,
      makePng(16, 12),
    );
    expect(photo.statusCode, photo.body).toBe(201);
    // Its name keeps the stem, its extension follows its bytes (a PNG), whatever it was called.
    expect(photo.json()).toMatchObject({
      kind: 'visit_photo',
      caption: '家中厨房',
      contentType: 'image/png',
      name: '厨房.png',
      uploadedBy: 'staff',
    });
    const certificate = await upload(staffUrl('kind=certificate&fileName=diagnosis.pdf'), keqiao, PDF);
    expect([certificate.statusCode, certificate.json().contentType]).toEqual([201, 'application/pdf']);

    const exe = await upload(staffUrl('kind=certificate&fileName=scan.jpg'), keqiao, makeExe());
    expect([exe.statusCode, exe.json().code]).toEqual([415, 'hardship.evidence_type_refused']);
    const huge = await upload(
      staffUrl('kind=certificate'),
      keqiao,
      Buffer.concat([makePng(), Buffer.alloc(t.platform.config.photoLimitBytes)]),
    );
    expect([huge.statusCode, huge.json().code]).toEqual([413, 'hardship.evidence_too_large']);

    const listed = (await staffCall(t, 'keqiao', 'GET', `/api/console/hardship-files/${file.id}/evidence`)).json();
    expect(listed.items.map((e: { name: string }) => e.name)).toEqual(['厨房.png', 'diagnosis.pdf']);

    // Reading one back: the same bytes, and an audit record naming the evidence.
    const read = await t.request({ method: 'GET', url: listed.items[1].url, cookie: keqiao });
    expect(read.statusCode).toBe(200);
    expect(read.rawPayload.equals(PDF)).toBe(true);
    const [audited] = await queryRows<{ n: number }>(
      t.platform.db,
      sql`select count(*)::int as n from audit_log where action = 'hardship.evidence_read' and details->>'evidenceId' = ${listed.items[1].id as string}`,
    );
    expect(audited?.n).toBe(1);

    // The sibling district reaches neither the list, the upload nor the bytes.
    const yuecheng = await t.staffCookie('yuecheng');
    expect((await staffCall(t, 'yuecheng', 'GET', `/api/console/hardship-files/${file.id}/evidence`)).statusCode).toBe(404);
    expect((await upload(staffUrl('kind=certificate'), yuecheng, makePng())).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: listed.items[0].url, cookie: yuecheng })).statusCode).toBe(404);

    // The worker's file is decided (filed): nothing more from the H5; a stranger does not even find it.
    const worker = await memberCookie(t, file.phone);
    const late = await upload(`/api/member/hardship-files/${file.id}/evidence?kind=certificate`, worker, makePng());
    expect([late.statusCode, late.json().code]).toEqual([409, 'hardship.evidence_closed']);
    const stranger = await memberCookie(t, '13905750001');
    expect((await upload(`/api/member/hardship-files/${file.id}/evidence?kind=certificate`, stranger, makePng())).statusCode).toBe(404);
    expect((await staffCall(t, 'keqiao', 'GET', `/api/console/hardship-files/${file.id}/evidence`)).json().items).toHaveLength(2);
  });
});
