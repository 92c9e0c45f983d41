import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { base32Decode, hotp, totpCode, totpStep } from '../../platform/auth/totp.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../seed/demo.js';

// Asks the console to create a staff account, as whoever holds the cookie.
function postStaff(t: TestApp, cookie: string, body: Record<string, unknown>) {
  return t.request({ method: 'POST', url: '/api/console/staff', cookie, body });
}

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

  it('enrols TOTP by QR at the first sign-in of a new account', async () => {
    const { t } = h;
    const admin = await t.staffCookie('keqiao');
    const created = await postStaff(t, admin, {
      orgId: t.demo.huasheStreet.id,
      username: 'huashe.new',
      displayName: '华舍新干事',
      password: 'Huashe@2026!',
      roles: { orgs: 'operator' },
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

describe('staff sign-in throttles', () => {
  const h = useTestApp();
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const setClock = (iso: string) => vi.setSystemTime(new Date(iso));
  const advance = (seconds: number) => vi.setSystemTime(new Date(Date.now() + seconds * 1000));

  interface From {
    ip: string;
    cookie?: string | undefined;
  }
  const post = (t: TestApp, url: string, body: unknown, from: From) =>
    t.app.inject({
      method: 'POST',
      url,
      remoteAddress: from.ip,
      headers: { 'content-type': 'application/json', ...(from.cookie ? { cookie: from.cookie } : {}) },
      payload: JSON.stringify(body),
    });
  const password = (t: TestApp, username: string, secret: string, from: From) =>
    post(t, '/api/console/auth/sign-in', { username, password: secret }, from);
  /** Password and TOTP from one browser; the last answer, and the browser's device cookie after it. */
  async function fullSignIn(t: TestApp, username: string, from: From) {
    const first = await password(t, username, DEMO_PASSWORD, from);
    if (first.statusCode !== 200) return { response: first, deviceCookie: from.cookie, deviceSetCookie: undefined };
    const second = await post(
      t,
      '/api/console/auth/totp',
      { challengeId: first.json().challengeId, code: totpCode(DEMO_TOTP_SECRET) },
      from,
    );
    const raw = second.headers['set-cookie'];
    const device = (Array.isArray(raw) ? raw : [raw]).find((c): c is string => typeof c === 'string' && c.startsWith('gh_staff_device='));
    return { response: second, deviceCookie: device ? device.split(';')[0] : from.cookie, deviceSetCookie: device };
  }
  // What tells one answer from another, the request id aside.
  const shape = (r: { statusCode: number; headers: Record<string, unknown>; json: () => Record<string, unknown> }) => {
    const { requestId: _id, ...body } = r.json();
    return { status: r.statusCode, retryAfter: r.headers['retry-after'] ?? null, body };
  };

  it('lets the owner sign in from a known browser with password and TOTP while a stranger hammers the name', async () => {
    const { t } = h;
    setClock('2026-07-01T09:00:00+08:00');
    const owner = { ip: '192.0.2.10' };
    const first = await fullSignIn(t, 'keqiao.street', owner);
    expect(first.response.statusCode).toBe(200);
    // Sent back to the sign-in calls only, and never readable by scripts.
    expect(first.deviceSetCookie).toMatch(/^gh_staff_device=[\w-]{43};.*Path=\/api\/console\/auth.*HttpOnly.*SameSite=Strict/);

    const stranger = { ip: '203.0.113.66' };
    for (let i = 0; i < 5; i++) expect((await password(t, 'keqiao.street', `Guess@2026-${i}`, stranger)).statusCode).toBe(401);
    for (let i = 0; i < 20; i++) {
      advance(1);
      expect((await password(t, 'keqiao.street', `Guess@2026-x${i}`, stranger)).statusCode).toBe(429);
    }
    // A browser the account never signed in on waits, even with the right password ...
    const elsewhere = await password(t, 'keqiao.street', DEMO_PASSWORD, { ip: '192.0.2.99' });
    expect(elsewhere.statusCode).toBe(429);
    expect(elsewhere.json().code).toBe('auth.sign_in_throttled');
    // ... but the owner's browser is known: the right password and TOTP get in.
    advance(30);
    const again = await fullSignIn(t, 'keqiao.street', { ip: owner.ip, cookie: first.deviceCookie });
    expect(again.response.statusCode).toBe(200);
    expect(again.response.json().me.username).toBe('keqiao.street');
    // The known browser's own mistakes are its own: a wrong password there is refused, not throttled.
    expect((await password(t, 'keqiao.street', 'Typo@2026', { ip: owner.ip, cookie: first.deviceCookie })).statusCode).toBe(401);
    // The device cookie of one account does nothing for another.
    for (let i = 0; i < 5; i++) await password(t, 'yuecheng', 'Guess@2026', stranger);
    expect((await password(t, 'yuecheng', DEMO_PASSWORD, { ip: owner.ip, cookie: first.deviceCookie })).statusCode).toBe(429);
  });

  it('holds back unknown browsers after five failures with 429, Retry-After and a Chinese message, longer after each further one; an administrator lifts it', async () => {
    const { t } = h;
    setClock('2026-07-02T09:00:00+08:00');
    const from = { ip: '198.51.100.20' };
    for (let i = 0; i < 4; i++) expect((await password(t, 'zhejiang', 'Wrong@2026', from)).json().code).toBe('auth.invalid_credentials');
    // A wrong TOTP code counts as a failure too (it takes the right password to get that far).
    const challenge = (await password(t, 'zhejiang', DEMO_PASSWORD, from)).json().challengeId as string;
    const wrongCode = totpCode(DEMO_TOTP_SECRET) === '000000' ? '111111' : '000000';
    expect((await post(t, '/api/console/auth/totp', { challengeId: challenge, code: wrongCode }, from)).json().code).toBe(
      'auth.totp_invalid',
    );
    const held = await password(t, 'zhejiang', DEMO_PASSWORD, from);
    expect(held.statusCode).toBe(429);
    expect(held.headers['retry-after']).toBe('30');
    expect(held.json()).toMatchObject({ code: 'auth.sign_in_throttled', title: '登录失败次数过多，请 30 秒后再试' });
    advance(30);
    expect((await password(t, 'zhejiang', 'Wrong@2026', from)).statusCode).toBe(401);
    expect((await password(t, 'zhejiang', DEMO_PASSWORD, from)).headers['retry-after']).toBe('60');

    const province = await t.staffCookie('zhejiang');
    const staff = (await t.request({ method: 'GET', url: '/api/console/staff?q=zhejiang', cookie: province })).json().items[0] as {
      id: string;
      lockedUntil: string | null;
    };
    expect(new Date(staff.lockedUntil ?? 0).getTime()).toBe(Date.now() + 60_000);
    // 柯桥's administrator cannot reach the province's account; the province's own can.
    const keqiao = await t.staffCookie('keqiao');
    expect((await t.request({ method: 'POST', url: `/api/console/staff/${staff.id}/unlock`, cookie: keqiao })).statusCode).toBe(404);
    expect((await t.request({ method: 'POST', url: `/api/console/staff/${staff.id}/unlock`, cookie: province })).statusCode).toBe(200);
    expect((await password(t, 'zhejiang', DEMO_PASSWORD, from)).json().status).toBe('totp_required');
  });

  it('answers a name nobody has, and a disabled account, exactly as a real one, failure after failure', async () => {
    const { t } = h;
    setClock('2026-07-03T09:00:00+08:00');
    const admin = await t.staffCookie('keqiao');
    const created = await postStaff(t, admin, {
      orgId: t.demo.keqiao.id,
      username: 'gone.away',
      displayName: '已停用',
      password: 'GoneAway@2026',
      roles: {},
    });
    await t.request({
      method: 'PATCH',
      url: `/api/console/staff/${created.json().id as string}`,
      cookie: admin,
      body: { status: 'disabled' },
    });
    const sequence = async (username: string, secret: string, ip: string) => {
      const answers = [];
      for (let i = 0; i < 8; i++) answers.push(shape(await password(t, username, secret, { ip })));
      return answers;
    };
    const real = await sequence('keqiao', 'Wrong@2026', '198.51.100.31');
    expect(real.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    expect(await sequence('no.such.user', 'Wrong@2026', '198.51.100.32')).toEqual(real);
    // The right password of a disabled account changes nothing either.
    expect(await sequence('gone.away', 'GoneAway@2026', '198.51.100.33')).toEqual(real);
  });

  it('slows password spraying from one address after twenty failures, whatever the names, and leaves other addresses alone', async () => {
    const { t } = h;
    setClock('2026-07-04T09:00:00+08:00');
    const sprayer = { ip: '203.0.113.9' };
    for (let i = 0; i < 20; i++) expect((await password(t, `sprayed${i}`, 'Spray@2026', sprayer)).statusCode).toBe(401);
    const refused = await password(t, 'keqiao', DEMO_PASSWORD, sprayer);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.json().code).toBe('auth.sign_in_throttled');
    expect((await password(t, 'keqiao', DEMO_PASSWORD, { ip: '203.0.113.10' })).json().status).toBe('totp_required');
  });

  it('never locks: a patient stranger trying every minute gets a guess about every quarter of an hour', async () => {
    const { t } = h;
    setClock('2026-07-05T09:00:00+08:00');
    const stranger = { ip: '203.0.113.77' };
    const admitted: number[] = [];
    for (let minute = 0; minute < 180; minute++) {
      const r = await password(t, 'yuecheng', 'Guess@2026', stranger);
      if (r.statusCode === 401) admitted.push(minute);
      else expect(r.statusCode).toBe(429);
      advance(60);
    }
    // Five free, then waits of 30 s, 1, 2, 4, 8 and 15 minutes; from then on one guess a quarter of an hour
    // (the one forgotten in each quarter), and the name is never shut for good.
    const quarterly = Array.from({ length: 10 }, (_, i) => 35 + 15 * i);
    expect(admitted).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 12, 20, ...quarterly]);
  });
});

describe('staff management', () => {
  const h = useTestApp();

  it('refuses to grant a role above the granter’s own', async () => {
    const { t } = h;
    const admin = await t.staffCookie('keqiao');
    await postStaff(t, admin, {
      orgId: t.demo.keqiao.id,
      username: 'half.admin',
      displayName: '半管理员',
      password: 'HalfAdmin@2026',
      roles: { staff: 'admin', orgs: 'viewer' },
    });
    const half = await t.staffCookie('half.admin');
    const escalate = await postStaff(t, half, {
      orgId: t.demo.keqiao.id,
      username: 'escalated',
      displayName: '越权',
      password: 'Escalate@2026',
      roles: { orgs: 'admin' },
    });
    expect(escalate.statusCode).toBe(403);
    expect(escalate.json().code).toBe('staff.role_above_own');
  });

  it('refuses to reset, re-enrol or demote an account that holds more than the acting admin', async () => {
    const { t } = h;
    const admin = await t.staffCookie('keqiao');
    await postStaff(t, admin, {
      orgId: t.demo.keqiao.id,
      username: 'hr.only',
      displayName: '人事专员',
      password: 'HrOnly@2026x',
      roles: { staff: 'admin' },
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
    const r = await postStaff(t, await t.staffCookie('keqiao'), {
      orgId: t.demo.keqiao.id,
      username: 'weak.pw',
      displayName: '弱密码',
      password: 'short',
      roles: {},
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.map((e: { code: string }) => e.code)).toEqual(['staff.password_too_short', 'staff.password_too_simple']);
  });

  it('disabling an account ends its sessions', async () => {
    const { t } = h;
    const admin = await t.staffCookie('keqiao');
    const created = await postStaff(t, admin, {
      orgId: t.demo.keqiao.id,
      username: 'to.disable',
      displayName: '待停用',
      password: 'Disable@2026',
      roles: { orgs: 'viewer' },
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
