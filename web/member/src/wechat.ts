// Inside WeChat's browser a member pays by JSAPI, as the openid WeChat's 网页授权 gave the session: the
// server keeps it on the session and takes the payer from there. A page that is about to take a payment
// first sends the browser through that round trip — silently, WeChat asks nothing for snsapi_base — and
// comes back to itself. Where the server does not offer it (development), pages pay as they always did.
import type { WechatStatus } from './api.ts';

/** Added by the server's callback to the page it returns to when the round trip failed: an auth.wechat_* code. */
export const WECHAT_AUTH_ERROR_PARAM = 'wechatAuthError';

export function inWechatBrowser(userAgent: string = navigator.userAgent): boolean {
  return /MicroMessenger/i.test(userAgent);
}

/** The server's route that starts the round trip and comes back to `returnTo` (a path of the H5). */
export function wechatAuthorizeUrl(returnTo: string): string {
  return `/api/member/wechat/authorize?returnTo=${encodeURIComponent(returnTo)}`;
}

export type WechatStep =
  /** Nothing to do: outside WeChat, not offered, or the session already has its openid. */
  | { kind: 'ready' }
  /** Go through WeChat first (`url`), then this page again. */
  | { kind: 'authorize'; url: string }
  /** The last round trip failed (`code`, from the server): say so, and start again only when asked. */
  | { kind: 'failed'; code: string; retryUrl: string };

/** What a paying page does before anything else, from where it runs and what the server says of the session. */
export function wechatStep(input: { userAgent: string; status: WechatStatus | null; pathname: string; search: string }): WechatStep {
  const { status } = input;
  if (!inWechatBrowser(input.userAgent) || !status?.available || status.bound) return { kind: 'ready' };
  const params = new URLSearchParams(input.search);
  const failed = params.get(WECHAT_AUTH_ERROR_PARAM);
  params.delete(WECHAT_AUTH_ERROR_PARAM);
  const query = params.toString();
  const url = wechatAuthorizeUrl(`${input.pathname}${query ? `?${query}` : ''}`);
  // Never straight back to WeChat after a failure: a broken round trip would loop for ever.
  return failed ? { kind: 'failed', code: failed, retryUrl: url } : { kind: 'authorize', url };
}

// The codes the server's callback may send back with (auth.wechat_* and the rate limit), each worded in the catalogue.
const FAILURE_KEYS = {
  'auth.wechat_unconfigured': 'member.wechat.failed.auth.wechat_unconfigured',
  'auth.wechat_state_invalid': 'member.wechat.failed.auth.wechat_state_invalid',
  'auth.wechat_state_expired': 'member.wechat.failed.auth.wechat_state_expired',
  'auth.wechat_code_invalid': 'member.wechat.failed.auth.wechat_code_invalid',
  'auth.wechat_code_used': 'member.wechat.failed.auth.wechat_code_used',
  'auth.wechat_snapshot_user': 'member.wechat.failed.auth.wechat_snapshot_user',
  'auth.wechat_refused': 'member.wechat.failed.auth.wechat_refused',
  'auth.wechat_unavailable': 'member.wechat.failed.auth.wechat_unavailable',
  'common.rate_limited': 'member.wechat.failed.common.rate_limited',
} as const;

type FailureKey = (typeof FAILURE_KEYS)[keyof typeof FAILURE_KEYS] | 'member.wechat.failed.other';

/** The catalogue key that says what went wrong: the code comes from the address, so only known ones are looked up. */
export function wechatFailureKey(code: string): FailureKey {
  return Object.hasOwn(FAILURE_KEYS, code) ? FAILURE_KEYS[code as keyof typeof FAILURE_KEYS] : 'member.wechat.failed.other';
}
