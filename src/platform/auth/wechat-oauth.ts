import type { WechatOAuthSettings } from '../config/config.js';
import { authErrors } from './errors.js';

// WeChat's 网页授权 for a 公众号's pages (OAuth 2.0, scope snsapi_base), as its public documentation states it
// (https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsaccesstoken.html):
// 1. the browser is sent to {open}/connect/oauth2/authorize?…#wechat_redirect; with snsapi_base WeChat asks
//    the user nothing and sends the browser straight back to redirect_uri with `code` and `state` added;
// 2. the server exchanges the code — once, within five minutes — at {api}/sns/oauth2/access_token for the
//    user's openid under the AppID. An openid is all snsapi_base gives, and all JSAPI payment needs.

/** The spec's `state`: letters and digits, at most 128 bytes, given back unchanged. */
export const WECHAT_STATE = /^[A-Za-z0-9]{1,128}$/;

// An openid is 28 characters of [A-Za-z0-9_-] in practice; WeChat Pay takes up to 128.
const OPENID = /^[A-Za-z0-9_-]{1,128}$/;

/** WeChat's errcodes that name what went wrong with the code, or that WeChat itself is busy. */
const CODE_INVALID = 40029;
const CODE_USED = 40163;
// -1 系统繁忙; 45009 and 45011 are its frequency limits: all may pass with time, none is the code's fault.
const BUSY = new Set([-1, 45009, 45011]);

export interface WechatIdentity {
  appId: string;
  openid: string;
  /** The scopes the code was issued for (snsapi_base here; snsapi_userinfo includes it). */
  scope: string;
}

export interface WechatOAuthOptions {
  /** How long one exchange may take: the member waits on a redirect for it. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Where to send the browser. WeChat matches the link against a pattern with its parameters in this order,
 * and opens an error page for any other order; `#wechat_redirect` is required even on a 302.
 */
export function wechatAuthorizeUrl(
  settings: Pick<WechatOAuthSettings, 'appId' | 'openBaseUrl'>,
  redirectUri: string,
  state: string,
): string {
  if (!WECHAT_STATE.test(state)) throw new Error(`a WeChat state is 1–128 letters and digits, not ${JSON.stringify(state)}`);
  const base = settings.openBaseUrl.replace(/\/+$/, '');
  return (
    `${base}/connect/oauth2/authorize?appid=${encodeURIComponent(settings.appId)}` +
    `&redirect_uri=${encodeURIComponent(redirectUri)}&response_type=code&scope=snsapi_base&state=${state}#wechat_redirect`
  );
}

interface AccessTokenAnswer {
  errcode?: unknown;
  errmsg?: unknown;
  access_token?: unknown;
  openid?: unknown;
  scope?: unknown;
  is_snapshotuser?: unknown;
}

/**
 * Exchanges a code for the user's openid, once: WeChat spends a code on its first exchange even when that
 * answer is lost (a retry would only be told 40163), so nothing here retries. Refusals become AppErrors
 * (auth.wechat_*); WeChat's own words go into the cause, for the log.
 */
export async function exchangeWechatCode(
  settings: Pick<WechatOAuthSettings, 'appId' | 'appSecret' | 'apiBaseUrl'>,
  code: string,
  options: WechatOAuthOptions = {},
): Promise<WechatIdentity> {
  const query = new URLSearchParams({ appid: settings.appId, secret: settings.appSecret, code, grant_type: 'authorization_code' });
  const url = `${settings.apiBaseUrl.replace(/\/+$/, '')}/sns/oauth2/access_token?${query.toString()}`;
  let status: number;
  let text: string;
  try {
    const response = await fetch(url, {
      headers: { accept: 'application/json', 'user-agent': 'gonghui-wechat-oauth' },
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    // AbortSignal.timeout aborts with a TimeoutError, while connecting or reading alike. The URL holds the
    // secret: neither it nor fetch's message (which may quote it) goes into what is logged.
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw authErrors.wechatUnavailable({}, { cause: new Error(timedOut ? 'wechat oauth: timed out' : 'wechat oauth: unreachable') });
  }
  if (status < 200 || status >= 300) throw authErrors.wechatUnavailable({}, { cause: new Error(`wechat oauth: HTTP ${status}`) });
  // WeChat sends its JSON as text/plain at times: the body is read whatever its type says.
  let answer: AccessTokenAnswer | null;
  try {
    answer = JSON.parse(text) as AccessTokenAnswer | null;
  } catch {
    answer = null;
  }
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
    throw authErrors.wechatUnavailable({}, { cause: new Error('wechat oauth: the answer is not a JSON object') });
  }
  const errcode = typeof answer.errcode === 'number' ? answer.errcode : 0;
  if (errcode !== 0) {
    const cause = new Error(`wechat oauth: errcode ${errcode} ${typeof answer.errmsg === 'string' ? answer.errmsg.slice(0, 200) : ''}`);
    if (errcode === CODE_INVALID) throw authErrors.wechatCodeInvalid({}, { cause });
    if (errcode === CODE_USED) throw authErrors.wechatCodeUsed({}, { cause });
    if (BUSY.has(errcode)) throw authErrors.wechatUnavailable({}, { cause });
    // An AppID or secret WeChat does not know (40013, 40125), a server address not on the 公众号's list
    // (40164): an operator's to fix; the member is told to ask, the log says what.
    throw authErrors.wechatRefused({ errcode }, { cause });
  }
  if (typeof answer.openid !== 'string' || !OPENID.test(answer.openid) || typeof answer.access_token !== 'string') {
    throw authErrors.wechatUnavailable({}, { cause: new Error('wechat oauth: the answer has no openid or access_token') });
  }
  // A 快照页 (snapshot page) visitor gets a virtual openid that no payment can be made with.
  if (answer.is_snapshotuser === 1) throw authErrors.wechatSnapshotUser({}, { cause: new Error('wechat oauth: snapshot-page user') });
  return { appId: settings.appId, openid: answer.openid, scope: typeof answer.scope === 'string' ? answer.scope : '' };
}
