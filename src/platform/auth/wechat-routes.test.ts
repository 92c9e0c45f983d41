// WeChat's 网页授权 on a member's session, through a local WeChat that issues codes and checks the AppID,
// the secret and each code's single use: the authorize link, the callback that binds the openid, and
// every way a callback can be refused — a forged, expired, altered or another session's state, a code
// used twice, WeChat down — none of which binds anything.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { memberCookie, nextPhone } from '../../../test/harness/members.js';
import { inTransaction, queryRows } from '../db/tx.js';
import { TEST_MERCHANT } from '../payments/testing/fake-wechatpay.js';
import { createSession } from './sessions.js';
import { startFakeWechatOAuth, type FakeWechatOAuth } from './testing/fake-wechat-oauth.js';
import { checkWechatState, signWechatState } from './wechat-session.js';

const APP_ID = 'wx2335445465459890';
const APP_SECRET = '3e2fa5ce1990693588816ff28e259ae0';
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const OTHER_OPENID = 'oUpF8uEvilEvilEvilEvilEvil0';
const PUBLIC_URL = 'https://gonghui.example.org';
const RETURN_TO = '/mutual-aid/plans/0190f1c2-6a7b-7c3d-8e9f-0a1b2c3d4e5f/enrol';

const settings: Record<string, string> = {};
let wechat: FakeWechatOAuth;
beforeAll(async () => {
  wechat = await startFakeWechatOAuth({ appId: APP_ID, appSecret: APP_SECRET });
  const der = (key: typeof TEST_MERCHANT.keys.publicKey) => key.export({ type: 'spki', format: 'der' }).toString('base64');
  Object.assign(settings, {
    GONGHUI_PUBLIC_URL: PUBLIC_URL,
    // WeChat Pay only so that there is an AppID payments are taken under; nothing here pays.
    GONGHUI_WECHATPAY_MCHID: TEST_MERCHANT.mchid,
    GONGHUI_WECHATPAY_SERIAL_NO: TEST_MERCHANT.serialNo,
    GONGHUI_WECHATPAY_PRIVATE_KEY: TEST_MERCHANT.keys.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    GONGHUI_WECHATPAY_PLATFORM_KEYS: `PUB_KEY_ID_0000000000FAKE0001:${der(TEST_MERCHANT.keys.publicKey)}`,
    GONGHUI_WECHATPAY_APIV3_KEY: TEST_MERCHANT.apiV3Key,
    GONGHUI_WECHATPAY_APPID: APP_ID,
    GONGHUI_WECHAT_APP_SECRET: APP_SECRET,
    GONGHUI_WECHAT_OPEN_BASE_URL: wechat.url,
    GONGHUI_WECHAT_API_BASE_URL: wechat.url,
  });
});
afterAll(() => wechat.close());

const me = async (t: TestApp, cookie: string) =>
  (await t.request({ method: 'GET', url: '/api/member/me', cookie })).json<{ wechat: { bound: boolean; available: boolean } }>().wechat;

const authorize = (t: TestApp, cookie: string, returnTo: string) =>
  t.request({ method: 'GET', url: `/api/member/wechat/authorize?returnTo=${encodeURIComponent(returnTo)}`, cookie });

/** Where the (fake) WeChat sends the browser back to, for the WeChat user holding it: the callback's path and query. */
async function throughWechat(link: string, user: string): Promise<string> {
  wechat.user = user;
  const page = await fetch(link.replace(/#wechat_redirect$/, ''), { redirect: 'manual' });
  expect(page.status).toBe(302);
  const back = new URL(page.headers.get('location') ?? '');
  expect(back.origin).toBe(PUBLIC_URL);
  return `${back.pathname}${back.search}`;
}

const callback = (t: TestApp, cookie: string, pathAndQuery: string) => t.request({ method: 'GET', url: pathAndQuery, cookie });

async function sessionOf(t: TestApp, cookie: string) {
  const token = cookie.split('=')[1] ?? '';
  const [row] = await queryRows<{ id: string; wechat_app_id: string | null; wechat_openid: string | null }>(
    t.platform.db,
    sql`select id, wechat_app_id, wechat_openid from auth_session where token_hash = sha256(convert_to(${token}, 'UTF8'))`,
  );
  if (!row) throw new Error('no session for the cookie');
  return row;
}

/** The same member signed in in another browser (a second SMS code would wait a minute). */
async function secondSession(t: TestApp, cookie: string): Promise<string> {
  const [first] = await queryRows<{ principal_id: string }>(
    t.platform.db,
    sql`select principal_id from auth_session where id = ${(await sessionOf(t, cookie)).id}`,
  );
  const { token } = await inTransaction(t.platform.db, (tx) =>
    createSession(tx, { kind: 'member', principalId: first?.principal_id ?? '', ttlMs: 3_600_000, now: new Date() }),
  );
  return `gh_member=${token}`;
}

const exchanges = () => wechat.log.filter((entry) => entry.path === '/sns/oauth2/access_token').length;

describe('WeChat 网页授权 of a member session', () => {
  const h = useTestApp(settings);

  it('sends the browser to WeChat with the documented link, a callback on the public address and a state bound to the session', async () => {
    const { t } = h;
    const cookie = await memberCookie(t, nextPhone());
    expect(await me(t, cookie)).toEqual({ bound: false, available: true });
    const answer = await authorize(t, cookie, RETURN_TO);
    expect(answer.statusCode, answer.body).toBe(302);
    expect(answer.headers['cache-control']).toBe('no-store');
    const link = String(answer.headers.location);
    const callbackUrl = `${PUBLIC_URL}/api/member/wechat/callback?returnTo=${encodeURIComponent(RETURN_TO)}`;
    const state = /&state=([A-Za-z0-9]+)#wechat_redirect$/.exec(link)?.[1] ?? '';
    expect(link).toBe(
      `${wechat.url}/connect/oauth2/authorize?appid=${APP_ID}&redirect_uri=${encodeURIComponent(callbackUrl)}` +
        `&response_type=code&scope=snsapi_base&state=${state}#wechat_redirect`,
    );
    // Ten digits of expiry and 128 bits of MAC: within WeChat's 128 letters and digits.
    expect(state).toMatch(/^\d{10}[0-9a-f]{32}$/);
    const session = await sessionOf(t, cookie);
    const binding = { appId: APP_ID, sessionId: session.id, returnTo: RETURN_TO };
    expect(checkWechatState(t.config, state, binding, new Date())).toBe('ok');
    expect(checkWechatState(t.config, state, binding, new Date(Date.now() + 11 * 60_000))).toBe('expired');
  });

  it('binds the openid WeChat gives to the session and returns to the page', async () => {
    const { t } = h;
    const cookie = await memberCookie(t, nextPhone());
    const back = await throughWechat(String((await authorize(t, cookie, `${RETURN_TO}?relation=spouse`)).headers.location), OPENID);
    const done = await callback(t, cookie, back);
    expect(done.statusCode, done.body).toBe(302);
    expect(done.headers.location).toBe(`${RETURN_TO}?relation=spouse`);
    expect(await sessionOf(t, cookie)).toMatchObject({ wechat_app_id: APP_ID, wechat_openid: OPENID });
    // The session cache of this instance let go of the session as it was: /me says so at once.
    expect(await me(t, cookie)).toEqual({ bound: true, available: true });
    const [record] = await queryRows<{ action: string; details: { appId: string } }>(
      t.platform.db,
      sql`select action, details from audit_log where action = 'member.wechat_bound' order by seq desc limit 1`,
    );
    expect(record).toMatchObject({ action: 'member.wechat_bound', details: { appId: APP_ID } });
  });

  it('binds nothing when the code comes back a second time (40163), and says so on the page', async () => {
    const { t } = h;
    const cookie = await memberCookie(t, nextPhone());
    const back = await throughWechat(String((await authorize(t, cookie, RETURN_TO)).headers.location), OPENID);
    expect((await callback(t, cookie, back)).headers.location).toBe(RETURN_TO);
    const again = await callback(t, cookie, back);
    expect(again.headers.location).toBe(`${RETURN_TO}?wechatAuthError=auth.wechat_code_used`);
    expect(await sessionOf(t, cookie)).toMatchObject({ wechat_openid: OPENID });
  });

  it('refuses a forged state, an expired one and an altered page without asking WeChat', async () => {
    const { t } = h;
    const cookie = await memberCookie(t, nextPhone());
    const back = new URL(await throughWechat(String((await authorize(t, cookie, RETURN_TO)).headers.location), OPENID), PUBLIC_URL);
    const state = back.searchParams.get('state') ?? '';
    const before = exchanges();

    const forged = new URL(back);
    forged.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('0') ? '1' : '0'}`);
    const refused = await callback(t, cookie, `${forged.pathname}${forged.search}`);
    expect(refused.statusCode).toBe(302);
    expect(refused.headers.location).toBe(`${RETURN_TO}?wechatAuthError=auth.wechat_state_invalid`);

    // The expiry is under the MAC: a later one written over it is a forgery too.
    const extended = new URL(back);
    extended.searchParams.set('state', `${Number(state.slice(0, 10)) + 3600}${state.slice(10)}`);
    expect((await callback(t, cookie, `${extended.pathname}${extended.search}`)).headers.location).toContain('auth.wechat_state_invalid');

    const session = await sessionOf(t, cookie);
    const old = signWechatState(
      t.config,
      { appId: APP_ID, sessionId: session.id, returnTo: RETURN_TO },
      new Date(Date.now() - 11 * 60_000),
    );
    const expired = new URL(back);
    expired.searchParams.set('state', old);
    expect((await callback(t, cookie, `${expired.pathname}${expired.search}`)).headers.location).toBe(
      `${RETURN_TO}?wechatAuthError=auth.wechat_state_expired`,
    );

    // The state vouches for the page: another page with it is refused (and sent to that page, an H5 one, with the error).
    const altered = new URL(back);
    altered.searchParams.set('returnTo', '/hardship');
    expect((await callback(t, cookie, `${altered.pathname}${altered.search}`)).headers.location).toBe(
      '/hardship?wechatAuthError=auth.wechat_state_invalid',
    );
    // And a page off the H5 sends the browser to the H5's home, never there.
    const offsite = new URL(back);
    offsite.searchParams.set('returnTo', 'https://evil.example/x');
    expect((await callback(t, cookie, `${offsite.pathname}${offsite.search}`)).headers.location).toBe(
      '/?wechatAuthError=auth.wechat_state_invalid',
    );

    expect(exchanges()).toBe(before);
    expect(await sessionOf(t, cookie)).toMatchObject({ wechat_app_id: null, wechat_openid: null });
    // The code itself was never spent: with its own state it still binds.
    expect((await callback(t, cookie, `${back.pathname}${back.search}`)).headers.location).toBe(RETURN_TO);
  });

  it('never binds one member’s round trip to another session: neither another member’s nor the same member’s other browser', async () => {
    const { t } = h;
    const victim = await memberCookie(t, nextPhone());
    const attacker = await memberCookie(t, nextPhone());
    // The attacker's own round trip, code and state, opened in the victim's browser (a link sent to them):
    // it would pay the victim's enrolments from the attacker's WeChat, or the other way round.
    const attackers = await throughWechat(String((await authorize(t, attacker, RETURN_TO)).headers.location), OTHER_OPENID);
    const planted = await callback(t, victim, attackers);
    expect(planted.headers.location).toBe(`${RETURN_TO}?wechatAuthError=auth.wechat_state_invalid`);
    // …and the victim's round trip replayed in the attacker's session.
    const victims = await throughWechat(String((await authorize(t, victim, RETURN_TO)).headers.location), OPENID);
    expect((await callback(t, attacker, victims)).headers.location).toContain('auth.wechat_state_invalid');
    // The same member signed in in a second browser is a second session: its state is not the first one's.
    const secondBrowser = await secondSession(t, victim);
    expect((await callback(t, secondBrowser, victims)).headers.location).toContain('auth.wechat_state_invalid');

    for (const cookie of [victim, attacker, secondBrowser]) expect(await sessionOf(t, cookie)).toMatchObject({ wechat_openid: null });
    // Each round trip still completes where it began.
    expect((await callback(t, victim, victims)).headers.location).toBe(RETURN_TO);
    expect((await callback(t, attacker, attackers)).headers.location).toBe(RETURN_TO);
    expect(await sessionOf(t, victim)).toMatchObject({ wechat_openid: OPENID });
    expect(await sessionOf(t, attacker)).toMatchObject({ wechat_openid: OTHER_OPENID });
    expect(await sessionOf(t, secondBrowser)).toMatchObject({ wechat_openid: null });
  });

  it('sends the browser back with auth.wechat_unavailable when WeChat is down, and a retry then binds', async () => {
    const { t } = h;
    const cookie = await memberCookie(t, nextPhone());
    const back = await throughWechat(String((await authorize(t, cookie, RETURN_TO)).headers.location), OPENID);
    wechat.failNext({ status: 502 });
    expect((await callback(t, cookie, back)).headers.location).toBe(`${RETURN_TO}?wechatAuthError=auth.wechat_unavailable`);
    expect(await me(t, cookie)).toEqual({ bound: false, available: true });
    // The H5 starts again from the page it was sent back to, whose error parameter does not travel on.
    const retry = await throughWechat(
      String((await authorize(t, cookie, `${RETURN_TO}?wechatAuthError=auth.wechat_unavailable`)).headers.location),
      OPENID,
    );
    const done = await callback(t, cookie, retry);
    expect(done.headers.location).toBe(RETURN_TO);
    expect(await me(t, cookie)).toEqual({ bound: true, available: true });
  });

  it('sends a code WeChat does not know back with auth.wechat_code_invalid', async () => {
    const { t } = h;
    const cookie = await memberCookie(t, nextPhone());
    const back = new URL(await throughWechat(String((await authorize(t, cookie, RETURN_TO)).headers.location), OPENID), PUBLIC_URL);
    back.searchParams.set('code', 'NotACodeWeChatIssued000000000000');
    expect((await callback(t, cookie, `${back.pathname}${back.search}`)).headers.location).toBe(
      `${RETURN_TO}?wechatAuthError=auth.wechat_code_invalid`,
    );
  });

  it('takes only the H5’s own pages to return to', async () => {
    const { t } = h;
    const cookie = await memberCookie(t, nextPhone());
    for (const returnTo of [
      'https://evil.example/x',
      '//evil.example/x',
      '/\\evil.example',
      '/..//evil.example',
      '/%2e%2e//evil.example',
      'javascript:alert(1)',
      '/api/member/me',
      '/%61pi/member/me',
      '/console/',
      '/partner',
      'mutual-aid',
    ]) {
      const refused = await authorize(t, cookie, returnTo);
      expect(refused.statusCode, returnTo).toBe(400);
      expect(refused.json(), returnTo).toMatchObject({ code: 'auth.wechat_return_to_invalid' });
    }
  });

  it('lets a member through ten callbacks in ten minutes, not more', async () => {
    const { t } = h;
    const cookie = await memberCookie(t, nextPhone());
    const back = await throughWechat(String((await authorize(t, cookie, RETURN_TO)).headers.location), OPENID);
    for (let i = 0; i < 10; i++) expect((await callback(t, cookie, back)).headers.location).not.toContain('common.rate_limited');
    expect((await callback(t, cookie, back)).headers.location).toBe(`${RETURN_TO}?wechatAuthError=common.rate_limited`);
  });

  it('asks for a signed-in member on both routes', async () => {
    const { t } = h;
    expect((await t.request({ method: 'GET', url: `/api/member/wechat/authorize?returnTo=%2F` })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: `/api/member/wechat/callback?code=x&state=y&returnTo=%2F` })).statusCode).toBe(401);
  });
});

describe('WeChat 网页授权 where it is not configured (development)', () => {
  const h = useTestApp();

  it('says it is not available, and the authorize route answers 404 auth.wechat_unconfigured', async () => {
    const { t } = h;
    const cookie = await memberCookie(t, nextPhone());
    expect(await me(t, cookie)).toEqual({ bound: false, available: false });
    const answer = await authorize(t, cookie, RETURN_TO);
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toMatchObject({ code: 'auth.wechat_unconfigured', title: '本服务未开通微信网页授权' });
    const back = await t.request({ method: 'GET', url: `/api/member/wechat/callback?code=x&state=y&returnTo=%2F`, cookie });
    expect(back.headers.location).toBe('/?wechatAuthError=auth.wechat_unconfigured');
  });
});
