// A member session learns, through WeChat's 网页授权 (wechat-oauth.ts), which WeChat user its browser runs
// as: the H5 sends the browser to /api/member/wechat/authorize, WeChat sends it back to the callback with
// a code, and the code's openid is stored on the session. JSAPI payment then takes the payer from the
// session, never from what a page says (ADR 0019).
//
// The round trip's `state` ties the callback to the session that started it: an HMAC over the session id,
// the page to return to and an expiry, so a code fetched in one member's browser cannot be bound to
// another's session, nor a link crafted by someone else bind their openid to a member's. WeChat carries
// at most 128 letters and digits of state, so the page itself rides in the callback's own query and the
// state only vouches for it.
import { hkdfSync, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { MemberPrincipal } from '../access/access.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { notifyChange } from '../cache/changes.js';
import type { Config } from '../config/config.js';
import { HmacSha256 } from '../crypto/hmac.js';
import { inTransaction, type Db, type Tx } from '../db/tx.js';
import { commonErrors } from '../errors/app-error.js';
import type { Payer } from '../payments/pay-in.js';
import { authErrors } from './errors.js';
import { hitRateLimit } from './rate-limit.js';
import { authSessions } from './schema.js';
import { exchangeWechatCode, wechatAuthorizeUrl, type WechatIdentity, type WechatOAuthOptions } from './wechat-oauth.js';

export const WECHAT_CALLBACK_PATH = '/api/member/wechat/callback';
/** The query parameter the callback adds to the page it returns to when the round trip failed: an auth.wechat_* code. */
export const WECHAT_AUTH_ERROR_PARAM = 'wechatAuthError';

/** Time for WeChat's round trip: usually a second, ten minutes for a slow network or a hesitant member. */
const STATE_TTL_SECONDS = 600;
// 128 bits of HMAC-SHA256, in hex: the state stays letters and digits, as WeChat requires.
const MAC_BYTES = 16;
const STATE_FORM = /^(\d{10})([0-9a-f]{32})$/;
const STATE_INFO = 'gonghui/wechat-oauth-state/v1';
// A member's callbacks each cost an exchange with WeChat under our secret: a few retries are normal, more are not.
const CALLBACKS_PER_SESSION = { window: { seconds: 600 }, limit: 10 } as const;
// The H5's own pages only: never the API, the console or the partner page, never another origin.
const NOT_H5 = /^\/(api|console|partner)(\/|$)/;
const MAX_RETURN_TO = 1000;

const stateKeys = new WeakMap<object, readonly HmacSha256[]>();

/**
 * The state's keys, derived from the seeds of the signed tokens (GONGHUI_CARD_SIGNING_KEYS) with HKDF and
 * an `info` of their own, as every token type's are (platform/tokens): the first signs, all verify, so a
 * rotation of the seeds breaks no round trip under way.
 */
function keysOf(config: Readonly<Config>): readonly HmacSha256[] {
  let keys = stateKeys.get(config);
  if (!keys) {
    keys = config.cardSigningKeys.map((seed) => new HmacSha256(Buffer.from(hkdfSync('sha256', seed.key, Buffer.alloc(0), STATE_INFO, 32))));
    stateKeys.set(config, keys);
  }
  return keys;
}

interface StateBinding {
  appId: string;
  sessionId: string;
  returnTo: string;
}

function macOf(key: HmacSha256, binding: StateBinding, expires: string): Buffer {
  return key.digest(`${STATE_INFO}\n${binding.appId}\n${binding.sessionId}\n${binding.returnTo}\n${expires}`).subarray(0, MAC_BYTES);
}

/** The state of one round trip: its expiry (Unix seconds, ten digits) and the MAC over it and what it binds. */
export function signWechatState(config: Readonly<Config>, binding: StateBinding, now: Date): string {
  const [signer] = keysOf(config);
  if (!signer) throw new Error('no token signing seed');
  const expires = String(Math.floor(now.getTime() / 1000) + STATE_TTL_SECONDS);
  return `${expires}${macOf(signer, binding, expires).toString('hex')}`;
}

export type StateCheck = 'ok' | 'invalid' | 'expired';

export function checkWechatState(config: Readonly<Config>, state: string, binding: StateBinding, now: Date): StateCheck {
  const form = STATE_FORM.exec(state);
  if (!form) return 'invalid';
  const [, expires = '', mac = ''] = form;
  const given = Buffer.from(mac, 'hex');
  // Every key is tried, whichever matches: the comparison's time says nothing of which one did.
  let genuine = false;
  for (const key of keysOf(config)) genuine = timingSafeEqual(given, macOf(key, binding, expires)) || genuine;
  if (!genuine) return 'invalid';
  return Number(expires) * 1000 <= now.getTime() ? 'expired' : 'ok';
}

/**
 * The H5 page to come back to, as a path with its query (fragments and the error parameter of an earlier
 * failure dropped), or null for anything else: another origin, a scheme, `//host`, a backslash, the API.
 */
export function h5ReturnPath(raw: string): string | null {
  if (raw.length > MAX_RETURN_TO || !raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return null;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(raw)) return null;
  const base = 'https://h5.invalid';
  const url = new URL(raw, base);
  if (url.origin !== base) return null;
  // Dot segments resolve: '/..//evil.example' is the path '//evil.example', a link to another host. The
  // router decodes what the URL keeps encoded ('/%61pi/…' is the API): both forms are judged.
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if ([url.pathname, decoded].some((path) => path.startsWith('//') || path.includes('\\') || NOT_H5.test(path))) return null;
  url.searchParams.delete(WECHAT_AUTH_ERROR_PARAM);
  return `${url.pathname}${url.search}`;
}

/** The page with the code of what went wrong, for the H5 to say so (and not to start again by itself). */
export function withWechatAuthError(path: string, code: string): string {
  const url = new URL(path, 'https://h5.invalid');
  url.searchParams.set(WECHAT_AUTH_ERROR_PARAM, code);
  return `${url.pathname}${url.search}`;
}

/** What the H5 needs to know of the session: whether it has an openid the payments can use, and whether it could get one. */
export function wechatStatusOf(config: Readonly<Config>, member: MemberPrincipal): { bound: boolean; available: boolean } {
  return { bound: wechatPayerOf(config, member) !== null, available: config.wechatOAuth !== null };
}

/**
 * The JSAPI payer of the session: its openid, when WeChat gave it under the AppID payments are taken with
 * (a binding under an AppID since replaced is no use to WeChat Pay, and the H5 binds the session again).
 */
export function wechatPayerOf(config: Readonly<Config>, member: MemberPrincipal): Extract<Payer, { kind: 'wechat' }> | null {
  const appId = config.wechatPay?.appId;
  if (!member.wechat || !appId || member.wechat.appId !== appId) return null;
  return { kind: 'wechat', appId: member.wechat.appId, openid: member.wechat.openid };
}

/** Where the callback is reached: the public address when configured (production must), else the request's own origin. */
export function wechatCallbackUrl(config: Readonly<Config>, requestOrigin: string, returnTo: string): string {
  const origin = (config.publicUrl ?? requestOrigin).replace(/\/+$/, '');
  return `${origin}${WECHAT_CALLBACK_PATH}?returnTo=${encodeURIComponent(returnTo)}`;
}

/** The link that sends the member's browser through WeChat and back to `returnTo` (an H5 path). */
export function startWechatAuthorization(
  config: Readonly<Config>,
  member: MemberPrincipal,
  input: { returnTo: string; requestOrigin: string; now: Date },
): string {
  const oauth = config.wechatOAuth;
  if (!oauth) throw authErrors.wechatUnconfigured();
  const returnTo = h5ReturnPath(input.returnTo);
  if (!returnTo) throw authErrors.wechatReturnToInvalid();
  const state = signWechatState(config, { appId: oauth.appId, sessionId: member.sessionId, returnTo }, input.now);
  return wechatAuthorizeUrl(oauth, wechatCallbackUrl(config, input.requestOrigin, returnTo), state);
}

/**
 * The callback: checks that the state is this session's and fresh, exchanges the code, and stores the
 * openid on the session. Returns the page to go back to; throws an AppError (auth.wechat_*) otherwise.
 */
export async function completeWechatAuthorization(
  deps: { db: Db; config: Readonly<Config> },
  member: MemberPrincipal,
  input: { code: string | undefined; state: string; returnTo: string; actor: Actor; now: Date },
  options: WechatOAuthOptions = {},
): Promise<{ returnTo: string; identity: WechatIdentity }> {
  const oauth = deps.config.wechatOAuth;
  if (!oauth) throw authErrors.wechatUnconfigured();
  // An altered page fails the MAC like any other part of the binding.
  const returnTo = h5ReturnPath(input.returnTo);
  if (!returnTo) throw authErrors.wechatStateInvalid();
  const check = checkWechatState(deps.config, input.state, { appId: oauth.appId, sessionId: member.sessionId, returnTo }, input.now);
  if (check === 'invalid') throw authErrors.wechatStateInvalid();
  if (check === 'expired') throw authErrors.wechatStateExpired();
  const limited = await inTransaction(deps.db, (tx) =>
    hitRateLimit(tx, { bucket: `wechat-oauth:${member.sessionId}`, ...CALLBACKS_PER_SESSION }, input.now),
  );
  if (limited !== null) throw commonErrors.rateLimited({ seconds: limited });
  // Without a code the user declined; snsapi_base asks nothing, so only a hand-made link lands here.
  if (!input.code) throw authErrors.wechatCodeInvalid();
  const identity = await exchangeWechatCode(oauth, input.code, options);
  await inTransaction(deps.db, async (tx) => {
    await bindSessionToWechat(tx, member.sessionId, identity);
    await recordAudit(tx, input.actor, {
      action: 'member.wechat_bound',
      targetType: 'member_account',
      targetId: member.accountId,
      details: { sessionId: member.sessionId, appId: identity.appId },
    });
  });
  return { returnTo, identity };
}

/** Stores the openid on a live member session; every instance's session cache drops it (ADR 0007). */
export async function bindSessionToWechat(tx: Tx, sessionId: string, identity: Pick<WechatIdentity, 'appId' | 'openid'>): Promise<void> {
  const bound = await tx
    .update(authSessions)
    .set({ wechatAppId: identity.appId, wechatOpenid: identity.openid })
    .where(and(eq(authSessions.id, sessionId), eq(authSessions.principalKind, 'member'), isNull(authSessions.revokedAt)))
    .returning({ id: authSessions.id });
  // Signed out in another tab while WeChat had the browser.
  if (bound.length === 0) throw commonErrors.unauthenticated();
  await notifyChange(tx, 'auth', `member:${sessionId}`);
}
