import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MemberPrincipal } from '../access/access.js';
import { parseConfig } from '../config/config.js';
import { TEST_MERCHANT } from '../payments/testing/fake-wechatpay.js';
import { checkWechatState, h5ReturnPath, signWechatState, wechatPayerOf, withWechatAuthError } from './wechat-session.js';

const seed = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const binding = { appId: 'wx2335445465459890', sessionId: '0190f1c2-6a7b-7c3d-8e9f-0a1b2c3d4e5f', returnTo: '/mutual-aid' };
const now = new Date('2026-07-01T09:00:00+08:00');

describe(signWechatState.name, () => {
  it('survives a rotation of the token seeds: a state signed before verifies while the old seed is still listed', () => {
    const old = seed('card2025');
    const before = parseConfig({ GONGHUI_CARD_SIGNING_KEYS: old });
    const rotated = parseConfig({ GONGHUI_CARD_SIGNING_KEYS: `${seed('card2026')},${old}` });
    const state = signWechatState(before, binding, now);
    expect(checkWechatState(rotated, state, binding, now)).toBe('ok');
    expect(checkWechatState(parseConfig({ GONGHUI_CARD_SIGNING_KEYS: seed('card2027') }), state, binding, now)).toBe('invalid');
  });

  it('binds the AppID, the session and the page, and lasts ten minutes', () => {
    const config = parseConfig({});
    const state = signWechatState(config, binding, now);
    for (const changed of [
      { appId: 'wx0000000000000000' },
      { sessionId: '0190f1c2-6a7b-7c3d-8e9f-000000000000' },
      { returnTo: '/hardship' },
    ]) {
      expect(checkWechatState(config, state, { ...binding, ...changed }, now)).toBe('invalid');
    }
    expect(checkWechatState(config, state, binding, new Date(now.getTime() + 599_000))).toBe('ok');
    expect(checkWechatState(config, state, binding, new Date(now.getTime() + 600_000))).toBe('expired');
    expect(checkWechatState(config, `${state}0`, binding, now)).toBe('invalid');
    expect(checkWechatState(config, state.toUpperCase(), binding, now)).toBe('invalid');
  });
});

describe(h5ReturnPath.name, () => {
  it('keeps an H5 path and its query, drops a fragment and an earlier failure’s code', () => {
    expect(h5ReturnPath('/mutual-aid/plans/1/enrol?relation=spouse#top')).toBe('/mutual-aid/plans/1/enrol?relation=spouse');
    expect(h5ReturnPath('/mutual-aid?wechatAuthError=auth.wechat_code_used&x=1')).toBe('/mutual-aid?x=1');
    expect(h5ReturnPath('/')).toBe('/');
    expect(withWechatAuthError('/mutual-aid?x=1', 'auth.wechat_code_used')).toBe('/mutual-aid?x=1&wechatAuthError=auth.wechat_code_used');
  });

  it('refuses other hosts however written, the API, the console, the partner page and control characters', () => {
    for (const raw of [
      '//evil.example',
      '/..//evil.example',
      '/%2e%2e//evil.example',
      '/\\evil',
      '/%5Cevil',
      '/api',
      '/%61pi/x',
      '/console',
      '/partner/',
      '/a\nb',
      '/%E0%A4%A',
      '',
    ]) {
      expect(h5ReturnPath(raw), JSON.stringify(raw)).toBeNull();
    }
  });
});

describe(wechatPayerOf.name, () => {
  const der = TEST_MERCHANT.keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const config = parseConfig({
    GONGHUI_WECHATPAY_MCHID: TEST_MERCHANT.mchid,
    GONGHUI_WECHATPAY_SERIAL_NO: TEST_MERCHANT.serialNo,
    GONGHUI_WECHATPAY_PRIVATE_KEY: TEST_MERCHANT.keys.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    GONGHUI_WECHATPAY_PLATFORM_KEYS: `PUB_KEY_ID_0000000000FAKE0001:${der}`,
    GONGHUI_WECHATPAY_APIV3_KEY: TEST_MERCHANT.apiV3Key,
    GONGHUI_WECHATPAY_APPID: 'wx2335445465459890',
  });
  const member = (wechat: MemberPrincipal['wechat']): MemberPrincipal => ({
    kind: 'member',
    accountId: 'a',
    sessionId: 's',
    phone: null,
    wechat,
  });

  it('pays as the session’s openid only under the AppID payments are taken with', () => {
    expect(wechatPayerOf(config, member({ appId: 'wx2335445465459890', openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M' }))).toEqual({
      kind: 'wechat',
      appId: 'wx2335445465459890',
      openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M',
    });
    // Bound before the 公众号 was replaced: WeChat Pay would refuse that openid, so the H5 binds again.
    expect(wechatPayerOf(config, member({ appId: 'wx0000000000000000', openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M' }))).toBeNull();
    expect(wechatPayerOf(config, member(null))).toBeNull();
    expect(wechatPayerOf(parseConfig({}), member({ appId: 'wx2335445465459890', openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M' }))).toBeNull();
  });
});
