import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/platform/audit/audit.js';
import { createTestApp, useTestApp } from './harness/app.js';
import { memberCookie } from './harness/members.js';

// A page on another site can make the browser send a form (`enctype="text/plain"`) or a fetch with
// the user's cookies. Every state-changing staff and member route refuses what a browser marks as
// coming from elsewhere, before the session is even looked up.

const ANY_ID = '0190b1e2-3c4d-7e5f-8a9b-0c1d2e3f4a5b';
const HOST = 'gonghui.example.org';

describe('cross-site requests', () => {
  const h = useTestApp();

  async function resetTotpOfKeqiaoStreet(headers: Record<string, string>, body?: string) {
    const { t } = h;
    const admin = await t.staffCookie('keqiao');
    const target = (await t.request({ method: 'GET', url: '/api/console/staff?q=keqiao.street', cookie: admin })).json().items[0];
    return t.app.inject({
      method: 'POST',
      url: `/api/console/staff/${target.id}/reset-totp`,
      headers: { cookie: admin, host: HOST, ...headers },
      ...(body !== undefined ? { payload: body } : {}),
    });
  }

  it('refuses the cross-site text/plain form post that reset a TOTP, and changes nothing', async () => {
    const { t } = h;
    const before = (await verifyAuditChain(t.platform.db)).checked;
    const form = await resetTotpOfKeqiaoStreet(
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      'x=1',
    );
    expect(form.statusCode).toBe(403);
    expect(form.json().code).toBe('common.cross_site_request');
    // The same without a body, and from a sibling subdomain (same site, another origin).
    expect((await resetTotpOfKeqiaoStreet({ origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await resetTotpOfKeqiaoStreet({ origin: `https://x.${HOST}`, 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
    expect((await resetTotpOfKeqiaoStreet({ origin: 'null' })).statusCode).toBe(403);
    expect((await resetTotpOfKeqiaoStreet({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await verifyAuditChain(t.platform.db)).checked).toBe(before);
    // From the console's own origin it goes through.
    const own = await resetTotpOfKeqiaoStreet({ origin: `https://${HOST}`, 'sec-fetch-site': 'same-origin' });
    expect(own.statusCode).toBe(200);
  });

  it('refuses a foreign origin on every state-changing staff, member and public route, before anything else', async () => {
    const { t } = h;
    const cookie = `${await t.staffCookie('keqiao')}; ${await memberCookie(t, '13800138000')}`;
    const routes = t.app.routeTable.filter(
      (r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && r.access !== undefined && r.access.auth !== 'partner',
    );
    expect(routes.length).toBeGreaterThan(40);
    const before = (await verifyAuditChain(t.platform.db)).checked;
    for (const route of routes) {
      const r = await t.app.inject({
        method: route.method as 'POST',
        url: route.url.replace(/:\w+/g, ANY_ID),
        headers: { cookie, host: HOST, origin: 'https://evil.example', 'content-type': 'application/json' },
        payload: '{}',
      });
      expect(r.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(r.json().code).toBe('common.cross_site_request');
    }
    expect((await verifyAuditChain(t.platform.db)).checked).toBe(before);
  });

  it('lets through what no browser sent on its own: no Origin at all, or a bearer token', async () => {
    const { t } = h;
    const token = (await t.staffCookie('keqiao')).split('=')[1]!;
    const bearer = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/sign-out',
      headers: { authorization: `Bearer ${token}`, origin: 'https://tool.example' },
    });
    expect(bearer.statusCode).toBeLessThan(400);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'keqiao', password: 'wrong-password' }),
    });
    expect(signIn.json().code).not.toBe('common.cross_site_request');
  });

  it('accepts the origins an operator lists in GONGHUI_ALLOWED_ORIGINS', async () => {
    const t = await createTestApp({ GONGHUI_ALLOWED_ORIGINS: 'https://console.example.org, https://h5.example.org' });
    try {
      const send = (origin: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/member/auth/sms-codes',
          headers: { origin, host: HOST, 'content-type': 'application/json' },
          payload: JSON.stringify({ phone: '13800138001' }),
        });
      expect((await send('https://h5.example.org')).statusCode).toBeLessThan(300);
      expect((await send('https://other.example.org')).statusCode).toBe(403);
    } finally {
      await t.app.close();
      await t.database.close();
    }
  });
});
