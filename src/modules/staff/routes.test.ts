import { describe, expect, it, vi } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { base32Decode, hotp, totpCode, totpStep } from '../../platform/auth/totp.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../seed/demo.js';

function cookieFrom(response: { headers: Record<string, unknown> }): string {
  const raw = response.headers['set-cookie'];
  const first = (Array.isArray(raw) ? raw[0] : raw) as string;
  return first.split(';')[0] ?? '';
}

// Each TOTP code is good once; a test that signs in twice uses the next step's code.
const codeAt = (secret: string, stepOffset: number) => hotp(base32Decode(secret), totpStep(new Date()) + stepOffset);

async function signIn(t: TestApp, username: string, password: string, code: string) {
  const first = await t.request({ method: 'POST', url: '/api/console/auth/sign-in', body: { username, password } });
  if (first.statusCode !== 200) return first;
  return t.request({ method: 'POST', url: '/api/console/auth/totp', body: { challengeId: first.json().challengeId, code } });
}

describe('staff sign-in', () => {
  const h = useTestApp();

  it('signs in with password and TOTP, sets an httpOnly session cookie and audits it', async () => {
    const { t } = h;
    const response = await signIn(t, 'keqiao', DEMO_PASSWORD, totpCode(DEMO_TOTP_SECRET));
    expect(response.statusCode).toBe(200);
    expect(response.json().me).toMatchObject({
      username: 'keqiao',
      org: { name: '柯桥区总工会', kind: 'county' },
      roles: { orgs: 'admin' },
    });
    expect(String(response.headers['set-cookie'])).toMatch(/gh_staff=.+HttpOnly; SameSite=Strict/);
    const me = await t.request({ method: 'GET', url: '/api/console/me', cookie: cookieFrom(response) });
    expect(me.json().displayName).toBe('柯桥区总工会管理员');
    const audit = await t.request({ method: 'GET', url: '/api/console/audit?action=staff.sign_in', cookie: cookieFrom(response) });
    expect(audit.json().items.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses a TOTP code used a second time', async () => {
    const { t } = h;
    const code = codeAt(DEMO_TOTP_SECRET, 1);
    expect((await signIn(t, 'yuecheng', DEMO_PASSWORD, code)).statusCode).toBe(200);
    const replay = await signIn(t, 'yuecheng', DEMO_PASSWORD, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('auth.totp_invalid');
  });

  it('answers the same for an unknown user as for a wrong password', async () => {
    const { t } = h;
    const unknown = await t.request({
      method: 'POST',
      url: '/api/console/auth/sign-in',
      body: { username: 'nobody', password: 'whatever' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('auth.invalid_credentials');
  });

  it('locks the account after five wrong passwords, even with the right one afterwards', async () => {
    const { t } = h;
    for (let i = 0; i < 4; i++) {
      const r = await t.request({
        method: 'POST',
        url: '/api/console/auth/sign-in',
        body: { username: 'keqiao.street', password: 'wrong-password' },
      });
      expect(r.json().code).toBe('auth.invalid_credentials');
    }
    const fifth = await t.request({
      method: 'POST',
      url: '/api/console/auth/sign-in',
      body: { username: 'keqiao.street', password: 'wrong-password' },
    });
    expect(fifth.statusCode).toBe(423);
    const right = await t.request({
      method: 'POST',
      url: '/api/console/auth/sign-in',
      body: { username: 'keqiao.street', password: DEMO_PASSWORD },
    });
    expect(right.json().code).toBe('auth.account_locked');
    const admin = await t.staffCookie('keqiao');
    const list = await t.request({ method: 'GET', url: '/api/console/staff?q=keqiao.street', cookie: admin });
    const id = list.json().items[0].id as string;
    expect((await t.request({ method: 'POST', url: `/api/console/staff/${id}/unlock`, cookie: admin })).statusCode).toBe(200);
    const after = await t.request({
      method: 'POST',
      url: '/api/console/auth/sign-in',
      body: { username: 'keqiao.street', password: DEMO_PASSWORD },
    });
    expect(after.json().status).toBe('totp_required');
  });

  it('slows password spraying: more than 60 sign-in attempts from one address in 5 minutes are refused', async () => {
    const { t } = h;
    const attempt = (username: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/console/auth/sign-in',
        remoteAddress: '203.0.113.9',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ username, password: 'Spray@2026' }),
      });
    // The limit counts in fixed 5-minute windows: on a slow machine 61 attempts can straddle a window's
    // end and start counting afresh. The clock is held at the start of a window while they are made.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Math.ceil(Date.now() / 300_000) * 300_000 + 1_000));
    try {
      for (let i = 0; i < 60; i++) expect((await attempt(`sprayed${i}`)).statusCode).toBe(401);
      const refused = await attempt('keqiao');
      expect(refused.statusCode).toBe(429);
      expect(refused.json().code).toBe('common.rate_limited');
    } finally {
      vi.useRealTimers();
    }
    // Other addresses are not affected.
    const other = await t.request({ method: 'POST', url: '/api/console/auth/sign-in', body: { username: 'nobody', password: 'x' } });
    expect(other.statusCode).toBe(401);
  });

  it('enrols TOTP by QR at the first sign-in of a new account', async () => {
    const { t } = h;
    const admin = await t.staffCookie('keqiao');
    const created = await t.request({
      method: 'POST',
      url: '/api/console/staff',
      cookie: admin,
      body: {
        orgId: t.demo.huasheStreet.id,
        username: 'huashe.new',
        displayName: '华舍新干事',
        password: 'Huashe@2026!',
        roles: { orgs: 'operator' },
      },
    });
    expect(created.statusCode).toBe(201);
    const first = await t.request({
      method: 'POST',
      url: '/api/console/auth/sign-in',
      body: { username: 'huashe.new', password: 'Huashe@2026!' },
    });
    const body = first.json();
    expect(body.status).toBe('totp_enrolment_required');
    expect(body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(body.otpauthUrl).toContain(`secret=${body.secret as string}`);
    const bad = await t.request({ method: 'POST', url: '/api/console/auth/totp', body: { challengeId: body.challengeId, code: '000000' } });
    expect(bad.statusCode).toBe(401);
    const ok = await t.request({
      method: 'POST',
      url: '/api/console/auth/totp',
      body: { challengeId: body.challengeId, code: totpCode(body.secret as string) },
    });
    expect(ok.statusCode).toBe(200);
    const second = await t.request({
      method: 'POST',
      url: '/api/console/auth/sign-in',
      body: { username: 'huashe.new', password: 'Huashe@2026!' },
    });
    expect(second.json().status).toBe('totp_required');
  });

  it('signs out everywhere: every session of the account stops working at once', async () => {
    const { t } = h;
    const a = cookieFrom(await signIn(t, 'zhejiang', DEMO_PASSWORD, codeAt(DEMO_TOTP_SECRET, -1)));
    const b = cookieFrom(await signIn(t, 'zhejiang', DEMO_PASSWORD, codeAt(DEMO_TOTP_SECRET, 0)));
    expect((await t.request({ method: 'GET', url: '/api/console/me', cookie: b })).statusCode).toBe(200);
    const out = await t.request({ method: 'POST', url: '/api/console/auth/sign-out-everywhere', cookie: a });
    expect(out.json().revoked).toBeGreaterThanOrEqual(2);
    expect((await t.request({ method: 'GET', url: '/api/console/me', cookie: a })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/console/me', cookie: b })).statusCode).toBe(401);
  });
});

describe('staff management', () => {
  const h = useTestApp();

  it('refuses to grant a role above the granter’s own', async () => {
    const { t } = h;
    const admin = await t.staffCookie('keqiao');
    await t.request({
      method: 'POST',
      url: '/api/console/staff',
      cookie: admin,
      body: {
        orgId: t.demo.keqiao.id,
        username: 'half.admin',
        displayName: '半管理员',
        password: 'HalfAdmin@2026',
        roles: { staff: 'admin', orgs: 'viewer' },
      },
    });
    const half = await t.staffCookie('half.admin');
    const escalate = await t.request({
      method: 'POST',
      url: '/api/console/staff',
      cookie: half,
      body: { orgId: t.demo.keqiao.id, username: 'escalated', displayName: '越权', password: 'Escalate@2026', roles: { orgs: 'admin' } },
    });
    expect(escalate.statusCode).toBe(403);
    expect(escalate.json().code).toBe('staff.role_above_own');
  });

  it('refuses to reset, re-enrol or demote an account that holds more than the acting admin', async () => {
    const { t } = h;
    const admin = await t.staffCookie('keqiao');
    await t.request({
      method: 'POST',
      url: '/api/console/staff',
      cookie: admin,
      body: { orgId: t.demo.keqiao.id, username: 'hr.only', displayName: '人事专员', password: 'HrOnly@2026x', roles: { staff: 'admin' } },
    });
    const hr = await t.staffCookie('hr.only');
    const keqiao = (await t.request({ method: 'GET', url: '/api/console/staff?q=keqiao', cookie: hr }))
      .json()
      .items.find((s: { username: string }) => s.username === 'keqiao');
    for (const [path, body] of [
      ['reset-password', { password: 'Takeover@2026' }],
      ['reset-totp', undefined],
      ['sign-out-everywhere', undefined],
    ] as const) {
      const r = await t.request({
        method: 'POST',
        url: `/api/console/staff/${keqiao.id as string}/${path}`,
        cookie: hr,
        ...(body ? { body } : {}),
      });
      expect(r.statusCode, path).toBe(403);
      expect(r.json().code).toBe('staff.target_outranks');
    }
    const demote = await t.request({ method: 'PATCH', url: `/api/console/staff/${keqiao.id as string}`, cookie: hr, body: { roles: {} } });
    expect(demote.json().code).toBe('staff.target_outranks');
    expect((await t.request({ method: 'GET', url: `/api/console/staff/${keqiao.id as string}`, cookie: admin })).json().roles.orgs).toBe(
      'admin',
    );
  });

  it('refuses a weak password with the reasons', async () => {
    const { t } = h;
    const r = await t.request({
      method: 'POST',
      url: '/api/console/staff',
      cookie: await t.staffCookie('keqiao'),
      body: { orgId: t.demo.keqiao.id, username: 'weak.pw', displayName: '弱密码', password: 'short', roles: {} },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.map((e: { code: string }) => e.code)).toEqual(['staff.password_too_short', 'staff.password_too_simple']);
  });

  it('disabling an account ends its sessions', async () => {
    const { t } = h;
    const admin = await t.staffCookie('keqiao');
    const created = await t.request({
      method: 'POST',
      url: '/api/console/staff',
      cookie: admin,
      body: { orgId: t.demo.keqiao.id, username: 'to.disable', displayName: '待停用', password: 'Disable@2026', roles: { orgs: 'viewer' } },
    });
    const session = await t.staffCookie('to.disable');
    expect((await t.request({ method: 'GET', url: '/api/console/me', cookie: session })).statusCode).toBe(200);
    const patch = await t.request({
      method: 'PATCH',
      url: `/api/console/staff/${created.json().id as string}`,
      cookie: admin,
      body: { status: 'disabled' },
    });
    expect(patch.json().status).toBe('disabled');
    expect((await t.request({ method: 'GET', url: '/api/console/me', cookie: session })).statusCode).toBe(401);
  });
});
