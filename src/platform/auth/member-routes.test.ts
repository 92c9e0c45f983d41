import { describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/tx.js';
import { DevSmsSender } from './sms.js';

function cookieFrom(response: { headers: Record<string, unknown> }): string {
  const raw = response.headers['set-cookie'];
  return ((Array.isArray(raw) ? raw[0] : raw) as string).split(';')[0] ?? '';
}

describe('member sign-in by SMS code', () => {
  const h = useTestApp();

  // Asks for a sign-in code for the phone, as a client at the given address.
  const requestCodeFrom = (remoteAddress: string, phone: string) =>
    h.t.app.inject({
      method: 'POST',
      url: '/api/member/auth/sms-codes',
      remoteAddress,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ phone }),
    });

  it('signs in a rider with the code sent to the phone, once', async () => {
    const { t } = h;
    const sent = await t.request({ method: 'POST', url: '/api/member/auth/sms-codes', body: { phone: '138 0571 0001' } });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toEqual({ expiresInSeconds: 300 });
    const code = t.sms.lastCodeFor('13805710001');
    const signIn = await t.request({ method: 'POST', url: '/api/member/auth/sign-in', body: { phone: '13805710001', code } });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json()).toMatchObject({ account: { phoneMasked: '138****0001' }, firstSignIn: true });
    const [record] = await queryRows<{ action: string; actor_id: string; request_id: string }>(
      t.platform.db,
      sql`select action, actor_id, request_id from audit_log where actor_kind = 'member' order by seq desc limit 1`,
    );
    expect(record).toMatchObject({
      action: 'member.account_created',
      actor_id: signIn.json().account.id,
      request_id: signIn.headers['x-request-id'],
    });
    const me = await t.request({ method: 'GET', url: '/api/member/me', cookie: cookieFrom(signIn) });
    expect(me.json().phoneMasked).toBe('138****0001');
    const again = await t.request({ method: 'POST', url: '/api/member/auth/sign-in', body: { phone: '13805710001', code } });
    expect(again.json().code).toBe('auth.sms_code_expired');
  });

  it('allows one code a minute per phone', async () => {
    const { t } = h;
    expect((await t.request({ method: 'POST', url: '/api/member/auth/sms-codes', body: { phone: '13805710002' } })).statusCode).toBe(200);
    const second = await t.request({ method: 'POST', url: '/api/member/auth/sms-codes', body: { phone: '13805710002' } });
    expect(second.statusCode).toBe(429);
    expect(second.json().code).toBe('auth.sms_rate_limited');
    expect(second.json().title).toMatch(/请 \d+ 秒后再试/);
  });

  it('allows thirty codes an hour from one address, whatever the phones', async () => {
    const send = (i: number) => requestCodeFrom('198.51.100.7', `1390000${String(i).padStart(4, '0')}`);
    for (let i = 0; i < 30; i++) expect((await send(i)).statusCode).toBe(200);
    const refused = await send(30);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('auth.sms_rate_limited');
  });

  it('refuses a 31st code from one address within an hour across the turn of the clock hour, saying when to retry', async () => {
    const send = (i: number) => requestCodeFrom('198.51.100.8', `1390001${String(i).padStart(4, '0')}`);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-07-01T10:59:00+08:00'));
      for (let i = 0; i < 30; i++) expect((await send(i)).statusCode).toBe(200);
      vi.setSystemTime(new Date('2026-07-01T11:00:30+08:00'));
      const refused = await send(30);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().code).toBe('auth.sms_rate_limited');
      // The first of the thirty leaves the hour at 11:59:00, 58.5 minutes on.
      expect(refused.headers['retry-after']).toBe('3510');
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives a phone ten codes a Shanghai day: the eleventh waits for midnight in Shanghai, not in UTC', async () => {
    const send = () => requestCodeFrom('198.51.100.9', '13805710010');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      // 23:00 in Shanghai is 15:00 UTC; one code every two minutes keeps inside the per-minute limit.
      for (let i = 0; i < 10; i++) {
        vi.setSystemTime(new Date(Date.parse('2026-07-01T23:00:00+08:00') + i * 120_000));
        expect((await send()).statusCode).toBe(200);
      }
      vi.setSystemTime(new Date('2026-07-01T23:59:00+08:00'));
      const eleventh = await send();
      expect(eleventh.statusCode).toBe(429);
      expect(eleventh.headers['retry-after']).toBe('60');
      vi.setSystemTime(new Date('2026-07-02T00:00:30+08:00'));
      expect((await send()).statusCode).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts wrong codes and burns the code after five', async () => {
    const { t } = h;
    await t.request({ method: 'POST', url: '/api/member/auth/sms-codes', body: { phone: '13805710003' } });
    const right = t.sms.lastCodeFor('13805710003');
    const wrong = right === '000000' ? '111111' : '000000';
    const lefts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await t.request({ method: 'POST', url: '/api/member/auth/sign-in', body: { phone: '13805710003', code: wrong } });
      expect(r.json().code).toBe('auth.sms_code_invalid');
      lefts.push(Number(/(\d+) 次/.exec(r.json().title as string)?.[1]));
    }
    expect(lefts).toEqual([4, 3, 2, 1, 0]);
    const late = await t.request({ method: 'POST', url: '/api/member/auth/sign-in', body: { phone: '13805710003', code: right } });
    expect(late.json().code).toBe('auth.sms_code_expired');
  });

  it('refuses a malformed phone number with a field error', async () => {
    const { t } = h;
    const r = await t.request({ method: 'POST', url: '/api/member/auth/sms-codes', body: { phone: '12345678901' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('auth.phone_invalid');
  });

  it('does not keep a code whose SMS could not be sent', async () => {
    const { t } = h;
    t.sms.failNext = true;
    const r = await t.request({ method: 'POST', url: '/api/member/auth/sms-codes', body: { phone: '13805710004' } });
    expect(r.statusCode).toBe(502);
    expect(r.json().code).toBe('auth.sms_send_failed');
  });

  it('signs out: the session stops working', async () => {
    const { t } = h;
    await t.request({ method: 'POST', url: '/api/member/auth/sms-codes', body: { phone: '13805710005' } });
    const signIn = await t.request({
      method: 'POST',
      url: '/api/member/auth/sign-in',
      body: { phone: '13805710005', code: t.sms.lastCodeFor('13805710005') },
    });
    const cookie = cookieFrom(signIn);
    // Served once, so the session is cached: the sign-out must drop it.
    expect((await t.request({ method: 'GET', url: '/api/member/me', cookie })).statusCode).toBe(200);
    expect((await t.request({ method: 'POST', url: '/api/member/auth/sign-out', cookie })).statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: '/api/member/me', cookie })).statusCode).toBe(401);
  });
});

describe('dev SMS inbox', () => {
  const h = useTestApp();
  const gateway = useTestApp({
    GONGHUI_SMS_SENDER: 'http',
    GONGHUI_SMS_GATEWAY_URL: 'http://127.0.0.1:9/send',
    GONGHUI_SMS_GATEWAY_KEY_ID: 'k',
    GONGHUI_SMS_GATEWAY_SECRET: 's',
  });

  it('lists what the development sender sent, newest first', async () => {
    const { t } = h;
    const dev = new DevSmsSender(t.platform.db, t.platform.log);
    await dev.send('13805710009', 'sign_in_code', { code: '246810', minutes: '5' });
    const r = await t.request({ method: 'GET', url: '/api/dev/sms-inbox' });
    expect(r.json().items[0]).toMatchObject({ phone: '13805710009', text: expect.stringContaining('246810') });
  });

  it('does not exist when a real SMS gateway is configured', async () => {
    const r = await gateway.t.request({ method: 'GET', url: '/api/dev/sms-inbox' });
    expect(r.statusCode).toBe(404);
  });
});
