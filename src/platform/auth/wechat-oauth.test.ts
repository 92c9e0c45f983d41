import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWechatOAuth, type FakeWechatOAuth } from './testing/fake-wechat-oauth.js';
import { exchangeWechatCode, wechatAuthorizeUrl } from './wechat-oauth.js';

const APP_ID = 'wx520c15f417810387';
const APP_SECRET = '3e2fa5ce1990693588816ff28e259ae0';
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

let fake: FakeWechatOAuth;
beforeAll(async () => {
  fake = await startFakeWechatOAuth({ appId: APP_ID, appSecret: APP_SECRET });
});
afterAll(() => fake.close());

const settings = () => ({ appId: APP_ID, appSecret: APP_SECRET, openBaseUrl: fake.url, apiBaseUrl: fake.url });

describe(wechatAuthorizeUrl.name, () => {
  it('writes the documented link: its parameters in the documented order, the callback encoded, #wechat_redirect last', () => {
    const url = wechatAuthorizeUrl(
      { appId: APP_ID, openBaseUrl: 'https://open.weixin.qq.com' },
      'https://gonghui.example.org/api/member/wechat/callback?returnTo=%2Fmutual-aid',
      'abc123XYZ',
    );
    expect(url).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx520c15f417810387' +
        '&redirect_uri=https%3A%2F%2Fgonghui.example.org%2Fapi%2Fmember%2Fwechat%2Fcallback%3FreturnTo%3D%252Fmutual-aid' +
        '&response_type=code&scope=snsapi_base&state=abc123XYZ#wechat_redirect',
    );
  });

  it('refuses a state WeChat would not carry (other characters, more than 128)', () => {
    const base = { appId: APP_ID, openBaseUrl: 'https://open.weixin.qq.com' };
    expect(() => wechatAuthorizeUrl(base, 'https://x.example/cb', 'a.b')).toThrow(/letters and digits/);
    expect(() => wechatAuthorizeUrl(base, 'https://x.example/cb', 'a'.repeat(129))).toThrow(/letters and digits/);
  });

  it('is a link the (fake) authorize page accepts, and that comes back to the callback with a code and the state', async () => {
    fake.user = OPENID;
    const link = wechatAuthorizeUrl(settings(), 'https://gonghui.example.org/api/member/wechat/callback?returnTo=%2Fx', 'S1');
    const answer = await fetch(link, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe('https://gonghui.example.org/api/member/wechat/callback');
    expect(back.searchParams.get('returnTo')).toBe('/x');
    expect(back.searchParams.get('state')).toBe('S1');
    expect(await exchangeWechatCode(settings(), back.searchParams.get('code') ?? '')).toMatchObject({ openid: OPENID });
  });
});

describe(exchangeWechatCode.name, () => {
  it('gives the openid under the AppID for a fresh code', async () => {
    const code = fake.issueCode(OPENID);
    expect(await exchangeWechatCode(settings(), code)).toEqual({ appId: APP_ID, openid: OPENID, scope: 'snsapi_base' });
  });

  it('answers auth.wechat_code_invalid to a code WeChat never issued (40029)', async () => {
    await expect(exchangeWechatCode(settings(), 'NotACodeWeChatIssued000000000000')).rejects.toMatchObject({
      code: 'auth.wechat_code_invalid',
      status: 400,
    });
    expect(fake.log.at(-1)).toMatchObject({ errcode: 40029 });
  });

  it('answers auth.wechat_code_used to a code exchanged before (40163)', async () => {
    const code = fake.issueCode(OPENID);
    await exchangeWechatCode(settings(), code);
    await expect(exchangeWechatCode(settings(), code)).rejects.toMatchObject({ code: 'auth.wechat_code_used', status: 409 });
    expect(fake.log.at(-1)).toMatchObject({ errcode: 40163 });
  });

  it('answers auth.wechat_refused with WeChat’s errcode to a wrong secret, without the secret in what is logged', async () => {
    const code = fake.issueCode(OPENID);
    const refused = await exchangeWechatCode({ ...settings(), appSecret: 'f'.repeat(32) }, code).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'auth.wechat_refused', status: 502, params: { errcode: 40125 } });
    expect(String((refused as Error).cause)).toContain('invalid appsecret');
    expect(String((refused as Error).cause)).not.toContain('f'.repeat(32));
  });

  it('answers auth.wechat_unavailable when WeChat is busy (-1) or sends an error status', async () => {
    fake.failNext('busy');
    await expect(exchangeWechatCode(settings(), fake.issueCode(OPENID))).rejects.toMatchObject({
      code: 'auth.wechat_unavailable',
      status: 503,
    });
    fake.failNext({ status: 502 });
    await expect(exchangeWechatCode(settings(), fake.issueCode(OPENID))).rejects.toMatchObject({ code: 'auth.wechat_unavailable' });
  });

  it('answers auth.wechat_unavailable to an answer that is not JSON', async () => {
    fake.failNext('not-json');
    const error = await exchangeWechatCode(settings(), fake.issueCode(OPENID)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'auth.wechat_unavailable' });
    expect(String((error as Error).cause)).toContain('not a JSON object');
  });

  it('answers auth.wechat_unavailable when WeChat does not answer in time', async () => {
    fake.failNext('hang');
    const started = Date.now();
    const error = await exchangeWechatCode(settings(), fake.issueCode(OPENID), { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'auth.wechat_unavailable' });
    expect(String((error as Error).cause)).toContain('timed out');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('answers auth.wechat_unavailable when nothing listens at the address, without the secret in the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await exchangeWechatCode({ ...settings(), apiBaseUrl: `http://127.0.0.1:${port}` }, 'x').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'auth.wechat_unavailable' });
    expect(String((error as Error).cause)).toBe('Error: wechat oauth: unreachable');
  });

  it('refuses the virtual openid of a 快照页 visitor', async () => {
    await expect(exchangeWechatCode(settings(), fake.issueCode(OPENID, { snapshot: true }))).rejects.toMatchObject({
      code: 'auth.wechat_snapshot_user',
    });
  });

  it('sends the documented query: appid, secret, code and grant_type=authorization_code', async () => {
    // The fake answers each missing or wrong parameter with WeChat's own errcode; a success means all four were right.
    const code = fake.issueCode(OPENID);
    await exchangeWechatCode(settings(), code);
    expect(fake.log.at(-1)).toEqual({ path: '/sns/oauth2/access_token', status: 200, errcode: 0 });
  });
});
