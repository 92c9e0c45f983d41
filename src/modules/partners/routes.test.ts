import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { signRequest, type PartnerCredentials } from '../../platform/auth/partner-client.js';

function signed(t: TestApp, creds: PartnerCredentials, request: Parameters<typeof signRequest>[1]) {
  const s = signRequest(creds, request);
  return t.app.inject({ method: s.method as 'GET', url: s.path, headers: s.headers, ...(s.body ? { payload: s.body } : {}) });
}

describe('partner API signing', () => {
  const h = useTestApp();
  const creds = () => h.t.demo.partnerKey!;

  it('answers a correctly signed request with the partner it belongs to', async () => {
    const r = await signed(h.t, creds(), { method: 'GET', path: '/partner/v1/me' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ partner: { name: '柯桥公交集团', kind: 'transport' }, keyId: creds().keyId });
  });

  it('refuses a replayed request (same nonce)', async () => {
    const nonce = randomUUID();
    expect((await signed(h.t, creds(), { method: 'GET', path: '/partner/v1/me', nonce })).statusCode).toBe(200);
    const replay = await signed(h.t, creds(), { method: 'GET', path: '/partner/v1/me', nonce });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('auth.nonce_replayed');
  });

  it('refuses a clock more than five minutes off, either way', async () => {
    for (const offset of [-301_000, 301_000]) {
      const r = await signed(h.t, creds(), { method: 'GET', path: '/partner/v1/me', now: new Date(Date.now() + offset) });
      expect(r.json().code).toBe('auth.timestamp_skewed');
    }
  });

  it('refuses a wrong secret, a tampered body, a missing header and an unknown key', async () => {
    const { t } = h;
    expect((await signed(t, { keyId: creds().keyId, secret: 'sk_wrong' }, { method: 'GET', path: '/partner/v1/me' })).json().code).toBe(
      'auth.signature_invalid',
    );
    const s = signRequest(creds(), {
      method: 'PATCH',
      path: '/partner/v1/profile',
      body: { contactName: '张三' },
      idempotencyKey: randomUUID(),
    });
    const tampered = await t.app.inject({
      method: 'PATCH',
      url: s.path,
      headers: s.headers,
      payload: JSON.stringify({ contactName: '李四' }),
    });
    expect(tampered.json().code).toBe('auth.signature_invalid');
    const bare = await t.app.inject({ method: 'GET', url: '/partner/v1/me' });
    expect(bare.json().code).toBe('auth.signature_missing');
    expect((await signed(t, { keyId: 'pk_unknown_key', secret: 'x' }, { method: 'GET', path: '/partner/v1/me' })).json().code).toBe(
      'auth.partner_key_invalid',
    );
  });

  it('accepts the signature only in its one base64 form', async () => {
    const s = signRequest(creds(), { method: 'GET', path: '/partner/v1/me' });
    const signature = s.headers['x-gonghui-signature'] ?? '';
    const send = (value: string) => h.t.app.inject({ method: 'GET', url: s.path, headers: { ...s.headers, 'x-gonghui-signature': value } });
    // The last character carries 4 bits: its neighbour decodes to the same 32 bytes and is still refused.
    const last = signature.at(-2) ?? '';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const neighbour = alphabet[alphabet.indexOf(last) + 1] ?? '';
    expect(Buffer.from(`${signature.slice(0, -2)}${neighbour}=`, 'base64')).toEqual(Buffer.from(signature, 'base64'));
    const bytes = Buffer.from(signature, 'base64');
    for (const variant of [
      signature.slice(0, -1),
      `${signature.slice(0, -2)}${neighbour}=`,
      `${signature} `,
      `${signature}AAAA`,
      bytes.toString('base64url'),
      bytes.toString('hex'),
    ]) {
      const r = await send(variant);
      expect(r.statusCode, variant).toBe(401);
      expect(r.json().code).toBe('auth.signature_invalid');
    }
    expect((await send(signature)).statusCode).toBe(200);
  });

  it('stops accepting a key once it is revoked', async () => {
    const { t } = h;
    const staff = await t.staffCookie('keqiao');
    const partners = await t.request({ method: 'GET', url: '/api/console/partners', cookie: staff });
    const partnerId = partners.json().items[0].id as string;
    const issued = await t.request({
      method: 'POST',
      url: `/api/console/partners/${partnerId}/keys`,
      cookie: staff,
      body: { label: '临时' },
    });
    const key: PartnerCredentials = issued.json();
    expect((await signed(t, key, { method: 'GET', path: '/partner/v1/me' })).statusCode).toBe(200);
    expect(
      (await t.request({ method: 'POST', url: `/api/console/partners/${partnerId}/keys/${key.keyId}/revoke`, cookie: staff })).statusCode,
    ).toBe(204);
    expect((await signed(t, key, { method: 'GET', path: '/partner/v1/me' })).json().code).toBe('auth.partner_key_invalid');
  });
});

describe('partner contact phone', () => {
  const h = useTestApp();

  it('is masked in lists and revealed only with a reason, which is audited', async () => {
    const { t } = h;
    const key = randomUUID();
    await signed(t, t.demo.partnerKey!, {
      method: 'PATCH',
      path: '/partner/v1/profile',
      body: { contactName: '陈经理', contactPhone: '13905750002' },
      idempotencyKey: key,
    });
    const staff = await t.staffCookie('keqiao');
    const partner = (await t.request({ method: 'GET', url: '/api/console/partners', cookie: staff })).json().items[0];
    expect(partner.contactPhoneMasked).toBe('139****0002');
    expect(JSON.stringify(partner)).not.toContain('13905750002');
    const noReason = await t.request({
      method: 'POST',
      url: `/api/console/partners/${partner.id as string}/reveal-contact-phone`,
      cookie: staff,
      body: {},
    });
    expect(noReason.statusCode).toBe(400);
    const revealed = await t.request({
      method: 'POST',
      url: `/api/console/partners/${partner.id as string}/reveal-contact-phone`,
      cookie: staff,
      body: { reason: '联系核销事宜' },
    });
    expect(revealed.json()).toEqual({ contactPhone: '13905750002' });
    const audit = await t.request({ method: 'GET', url: '/api/console/audit?action=partners.contact_phone_revealed', cookie: staff });
    expect(audit.json().items[0]).toMatchObject({ reason: '联系核销事宜', actorName: '柯桥区总工会管理员', targetId: partner.id });
  });
});

describe('partner idempotency', () => {
  const h = useTestApp();
  const creds = () => h.t.demo.partnerKey!;
  // A signed PATCH of the partner's own profile under the given Idempotency-Key.
  const patchProfile = (body: Record<string, unknown>, idempotencyKey: string) =>
    signed(h.t, creds(), { method: 'PATCH', path: '/partner/v1/profile', body, idempotencyKey });

  it('requires an Idempotency-Key on a state-changing call', async () => {
    const r = await signed(h.t, creds(), { method: 'PATCH', path: '/partner/v1/profile', body: { contactName: '王师傅' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('auth.idempotency_key_required');
  });

  it('gives a retry the first answer, and refuses the same key with a different body', async () => {
    const key = randomUUID();
    const first = await patchProfile({ contactName: '王师傅', contactPhone: '13905750001' }, key);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ contactName: '王师傅', contactPhoneMasked: '139****0001' });
    const retry = await patchProfile({ contactName: '王师傅', contactPhone: '13905750001' }, key);
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    const other = await patchProfile({ contactName: '赵师傅' }, key);
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('auth.idempotency_key_reused');
  });

  it('lets a retry run again when the first attempt failed (nothing was written)', async () => {
    const key = randomUUID();
    const bad = await patchProfile({ contactPhone: '123' }, key);
    expect(bad.json().code).toBe('partners.phone_invalid');
    const again = await patchProfile({ contactPhone: '123' }, key);
    expect(again.json().code).toBe('partners.phone_invalid');
    expect(again.headers['idempotent-replayed']).toBeUndefined();
  });

  it('runs concurrent retries with the same key once', async () => {
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 5 }, () => patchProfile({ contactName: '并发师傅' }, key)));
    const fresh = results.filter((r) => r.statusCode === 200 && r.headers['idempotent-replayed'] === undefined);
    expect(fresh).toHaveLength(1);
    for (const r of results) expect([200, 409]).toContain(r.statusCode);
    const staff = await h.t.staffCookie('keqiao');
    const audit = await h.t.request({ method: 'GET', url: '/api/console/audit?action=partners.profile_updated', cookie: staff });
    const forThisKey = audit
      .json()
      .items.filter((i: { requestId: string }) => results.some((r) => r.headers['x-request-id'] === i.requestId));
    expect(forThisKey).toHaveLength(1);
  });
});
