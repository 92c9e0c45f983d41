import { describe, expect, it } from 'vitest';
import { inWechatBrowser, wechatFailureKey, wechatStep } from './wechat.ts';

const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 10; V2031A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.99 Mobile Safari/537.36 MicroMessenger/8.0.40';
const CHROME_UA = 'Mozilla/5.0 (Linux; Android 10) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
const page = { pathname: '/mutual-aid/plans/p1/enrol', search: '?relation=spouse' };

describe(wechatStep.name, () => {
  it('goes through WeChat first inside WeChat when the server offers it and the session has no openid, back to this page', () => {
    expect(wechatStep({ userAgent: WECHAT_UA, status: { available: true, bound: false }, ...page })).toEqual({
      kind: 'authorize',
      url: '/api/member/wechat/authorize?returnTo=%2Fmutual-aid%2Fplans%2Fp1%2Fenrol%3Frelation%3Dspouse',
    });
  });

  it('does nothing outside WeChat, where it is not offered, or once the session has its openid', () => {
    expect(wechatStep({ userAgent: CHROME_UA, status: { available: true, bound: false }, ...page })).toEqual({ kind: 'ready' });
    expect(wechatStep({ userAgent: WECHAT_UA, status: { available: false, bound: false }, ...page })).toEqual({ kind: 'ready' });
    expect(wechatStep({ userAgent: WECHAT_UA, status: { available: true, bound: true }, ...page })).toEqual({ kind: 'ready' });
    expect(wechatStep({ userAgent: WECHAT_UA, status: null, ...page })).toEqual({ kind: 'ready' });
  });

  it('after a failed round trip stops and offers to start again, without the error in the page to return to', () => {
    const step = wechatStep({
      userAgent: WECHAT_UA,
      status: { available: true, bound: false },
      pathname: page.pathname,
      search: '?relation=spouse&wechatAuthError=auth.wechat_code_used',
    });
    expect(step).toEqual({
      kind: 'failed',
      code: 'auth.wechat_code_used',
      retryUrl: '/api/member/wechat/authorize?returnTo=%2Fmutual-aid%2Fplans%2Fp1%2Fenrol%3Frelation%3Dspouse',
    });
  });

  it('knows WeChat’s browser by its user agent', () => {
    expect(inWechatBrowser(WECHAT_UA)).toBe(true);
    expect(inWechatBrowser(CHROME_UA)).toBe(false);
  });
});

describe(wechatFailureKey.name, () => {
  it('words the codes the callback sends, and anything else the address may hold as a failure in general', () => {
    expect(wechatFailureKey('auth.wechat_code_used')).toBe('member.wechat.failed.auth.wechat_code_used');
    for (const code of ['constructor', '__proto__', 'auth.anything', '']) expect(wechatFailureKey(code)).toBe('member.wechat.failed.other');
  });
});
