import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/platform/audit/audit.js';
import { useTestApp } from './harness/app.js';

describe('bad input', () => {
  const h = useTestApp();

  it('names every bad field: wrong types, missing fields and unknown fields, in one answer', async () => {
    const { t } = h;
    const r = await t.request({
      method: 'POST',
      url: '/api/console/orgs',
      cookie: await t.staffCookie('keqiao'),
      body: { parentId: 'not-a-uuid', kind: 'club', name: 7, regionCode: '33060', color: 'red' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const body = r.json();
    expect(body).toMatchObject({ code: 'common.validation_failed', status: 400 });
    expect(body.title).toMatch(/[\u4e00-\u9fa5]/);
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['body.color', 'body.kind', 'body.name', 'body.parentId', 'body.regionCode'].sort(),
    );
    for (const e of body.errors) expect(e.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('refuses text with NUL or lone surrogates anywhere in the request, naming where, and writes nothing', async () => {
    const { t } = h;
    const before = (await verifyAuditChain(t.platform.db)).checked;
    const r = await t.request({
      method: 'POST',
      url: `/api/console/orgs/${t.demo.huasheStreet.id}/deactivate`,
      cookie: await t.staffCookie('keqiao'),
      body: '{"reason":"xx\\ud800yy"}',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toMatchObject([{ field: 'body.reason', code: 'validation.invalid_characters' }]);
    const nul = await t.request({ method: 'GET', url: '/api/console/orgs?q=a%00b', cookie: await t.staffCookie('keqiao') });
    expect(nul.statusCode).toBe(400);
    const audit = await verifyAuditChain(t.platform.db);
    expect(audit).toMatchObject({ ok: true, checked: before });
  });

  it('answers dates out of range with 400, not a database error', async () => {
    const { t } = h;
    const r = await t.request({ method: 'GET', url: '/api/console/audit?from=0000-01-01', cookie: await t.staffCookie('keqiao') });
    expect(r.statusCode).toBe(400);
  });

  it('answers impossible calendar days with 400 naming the field, on the roll, its export and the audit log', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    for (const bad of ['2026-13-01', '2026-02-30', '2025-02-29', '2026-04-31', '20260101', '2026-1-1']) {
      for (const url of [`/api/console/members?joinedFrom=${bad}`, `/api/console/members/export.xlsx?joinedTo=${bad}`]) {
        const r = await t.request({ method: 'GET', url, cookie });
        expect(r.statusCode, `${url} → ${r.body.slice(0, 200)}`).toBe(400);
        expect(r.json().errors[0].field).toMatch(/^querystring\.joined(From|To)$/);
        expect(r.json().errors[0].message).toContain('YYYY-MM-DD');
      }
      const audit = await t.request({ method: 'GET', url: `/api/console/audit?from=${bad}`, cookie });
      expect(audit.statusCode, `audit from=${bad}`).toBe(400);
    }
    // A leap day that exists is a day.
    expect((await t.request({ method: 'GET', url: '/api/console/members?joinedFrom=2024-02-29', cookie })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/console/audit?from=2024-02-29T08:00:00%2B08:00', cookie })).statusCode).toBe(200);
  });

  it('answers JSON nested 10,000 levels deep with 400, not a stack overflow', async () => {
    const { t } = h;
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    for (const body of [deep, `{"username":${deep},"password":"x"}`, `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`]) {
      const r = await t.request({ method: 'POST', url: '/api/console/auth/sign-in', body });
      expect(r.statusCode).toBe(400);
      expect(r.json().code).toBe('common.body_too_deep');
    }
  });

  it('answers malformed JSON with 400 common.malformed_json', async () => {
    const { t } = h;
    const r = await t.request({ method: 'POST', url: '/api/console/auth/sign-in', body: '{"username": "keqiao", ' });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('common.malformed_json');
  });

  it('answers an oversized body with 413 and writes nothing', async () => {
    const { t } = h;
    const before = (await verifyAuditChain(t.platform.db)).checked;
    const r = await t.request({
      method: 'POST',
      url: '/api/console/orgs',
      cookie: await t.staffCookie('keqiao'),
      body: { parentId: t.demo.keqiao.id, kind: 'township', name: 'x'.repeat(2_000_000), regionCode: '330603004' },
    });
    expect(r.statusCode).toBe(413);
    expect(r.json().code).toBe('common.payload_too_large');
    expect((await verifyAuditChain(t.platform.db)).checked).toBe(before);
  });

  it('answers an unknown API path with a 404 problem, and a wrong content type with 415', async () => {
    const { t } = h;
    const missing = await t.request({ method: 'GET', url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('common.not_found');
    expect(missing.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
    const xml = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/sign-in',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().code).toBe('common.unsupported_media_type');
  });

  it('serves the OpenAPI 3.1 document', async () => {
    const { t } = h;
    const r = await t.request({ method: 'GET', url: '/api/docs/json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/console/orgs', '/partner/v1/me', '/api/member/auth/sign-in']));
  });
});
