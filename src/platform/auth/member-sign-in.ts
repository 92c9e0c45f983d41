import { randomInt, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { MemberPrincipal } from '../access/access.js';
import type { BlindIndex, FieldCipher } from '../crypto/field-cipher.js';
import { checkMobile } from '../crypto/validators.js';
import { recordAudit } from '../audit/audit.js';
import { InvalidatedCache, invalidatesByTopic, listenerStateOf, principalChangeInvalidates } from '../cache/changes.js';
import { prepared } from '../db/prepared.js';
import { inTransaction, type Db, type Tx } from '../db/tx.js';
import type { AppError } from '../errors/app-error.js';
import { authErrors } from './errors.js';
import { hitRateLimit, type RateRule } from './rate-limit.js';
import { authSessions, memberAccounts, smsCodes } from './schema.js';
import { createSession, tokenCacheKey, touchSession, type Session } from './sessions.js';
import type { SmsSender, SmsTemplate } from './sms.js';

export interface MemberAuthDeps {
  db: Db;
  cipher: FieldCipher;
  blindIndex: BlindIndex;
  sms: SmsSender;
  sessionTtlMs: number;
}

const CODE_TTL_MS = 5 * 60_000;
const MAX_CODE_ATTEMPTS = 5;

// Per phone: one code a minute and ten a (Shanghai) day; per IP: thirty in any hour (a shared NAT of a
// delivery hub sends many riders through one address, so the IP limit is loose and the phone limit
// strict). The minute and the hour slide: no burst of twice the limit fits around a clock boundary.
const phoneRules = (phoneKey: string, purpose: string): RateRule[] => [
  // One a minute per purpose: a member who has just signed in may at once ask for a claim's code.
  {
    bucket: purpose === 'sign_in' ? `sms:phone:min:${phoneKey}` : `sms:phone:min:${purpose}:${phoneKey}`,
    window: { seconds: 60 },
    limit: 1,
  },
  { bucket: `sms:phone:day:${phoneKey}`, window: 'shanghai_day', limit: 10 },
];
const ipRule = (ip: string): RateRule => ({
  bucket: `sms:ip:${ip}`,
  window: { seconds: 3600 },
  limit: 30,
});
const verifyIpRule = (ip: string): RateRule => ({
  bucket: `sms-verify:ip:${ip}`,
  window: { seconds: 3600 },
  limit: 100,
});

const PHONE_CONTEXT = 'auth_member_account.phone';

function parsePhone(raw: string): string {
  const phone = checkMobile(raw);
  if (!phone.ok) throw authErrors.phoneInvalid();
  return phone.value;
}

// Codes are stored as HMACs keyed with the blind-index key: six digits hashed plainly would be
// reversed by trying all million values.
function codeHash(deps: Pick<MemberAuthDeps, 'blindIndex'>, phone: string, code: string): Buffer {
  return deps.blindIndex.compute(`${phone}:${code}`, 'auth_sms_code');
}

export async function requestSmsCode(
  deps: MemberAuthDeps,
  input: { phone: string; ip: string; now: Date },
): Promise<{ expiresInSeconds: number }> {
  return sendCode(deps, { ...input, phone: parsePhone(input.phone), purpose: 'sign_in', template: 'sign_in_code', params: {} });
}

/**
 * A code that confirms one action of a signed-in member (a campaign's claim at release time), sent to
 * the account's phone. Kept apart from sign-in codes by its purpose: neither replaces the other. The
 * same per-phone and per-address limits as sign-in codes hold.
 */
export async function requestActionCode(
  deps: MemberAuthDeps,
  input: { phone: string; purpose: string; template: SmsTemplate; params: Record<string, string>; ip: string; now: Date },
): Promise<{ expiresInSeconds: number }> {
  return sendCode(deps, input);
}

async function sendCode(
  deps: MemberAuthDeps,
  input: { phone: string; purpose: string; template: SmsTemplate; params: Record<string, string>; ip: string; now: Date },
): Promise<{ expiresInSeconds: number }> {
  const { phone, purpose } = input;
  const phoneIndex = deps.blindIndex.compute(phone, PHONE_CONTEXT);
  const phoneKey = phoneIndex.toString('hex').slice(0, 32);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const codeId = await inTransaction(deps.db, async (tx) => {
    for (const rule of [...phoneRules(phoneKey, purpose), ipRule(input.ip)]) {
      const retryAfter = await hitRateLimit(tx, rule, input.now);
      if (retryAfter !== null) throw authErrors.smsRateLimited({ seconds: retryAfter });
    }
    // A new code replaces any earlier one of the same purpose still open.
    await tx
      .update(smsCodes)
      .set({ consumedAt: input.now })
      .where(and(eq(smsCodes.phoneIndex, phoneIndex), eq(smsCodes.purpose, purpose), isNull(smsCodes.consumedAt)));
    const [row] = await tx
      .insert(smsCodes)
      .values({
        phoneIndex,
        codeHash: codeHash(deps, phone, code),
        purpose,
        createdAt: input.now,
        expiresAt: new Date(input.now.getTime() + CODE_TTL_MS),
      })
      .returning({ id: smsCodes.id });
    return row?.id;
  });
  // Sent after commit: an SMS provider's latency must not hold a database transaction open.
  try {
    await deps.sms.send(phone, input.template, { ...input.params, code, minutes: '5' });
  } catch (error) {
    if (codeId) await deps.db.update(smsCodes).set({ consumedAt: new Date() }).where(eq(smsCodes.id, codeId));
    throw authErrors.smsSendFailed({}, { cause: error });
  }
  return { expiresInSeconds: CODE_TTL_MS / 1000 };
}

/**
 * Checks and consumes the open code of a purpose, inside the caller's transaction; a wrong code counts
 * as an attempt (five end it). Returns the error to throw after the transaction commits, or null.
 * `issuedFrom`: a code issued earlier does not count (a claim's code must be asked for after release).
 */
export async function consumeSmsCode(
  tx: Tx,
  deps: Pick<MemberAuthDeps, 'blindIndex'>,
  input: { phone: string; purpose: string; code: string; now: Date; issuedFrom?: Date },
): Promise<AppError | null> {
  const phoneIndex = deps.blindIndex.compute(input.phone, PHONE_CONTEXT);
  const [open] = await tx
    .select()
    .from(smsCodes)
    .where(and(eq(smsCodes.phoneIndex, phoneIndex), eq(smsCodes.purpose, input.purpose), isNull(smsCodes.consumedAt)))
    .orderBy(desc(smsCodes.createdAt))
    .limit(1)
    .for('update');
  if (!open || open.expiresAt <= input.now || (input.issuedFrom && open.createdAt < input.issuedFrom)) return authErrors.smsCodeExpired();
  if (!timingSafeEqual(codeHash(deps, input.phone, input.code.trim()), open.codeHash)) {
    const attempts = open.attempts + 1;
    await tx
      .update(smsCodes)
      .set({ attempts, ...(attempts >= MAX_CODE_ATTEMPTS ? { consumedAt: input.now } : {}) })
      .where(eq(smsCodes.id, open.id));
    return authErrors.smsCodeInvalid({ left: Math.max(0, MAX_CODE_ATTEMPTS - attempts) });
  }
  // Single use: consumed in the caller's transaction, with what it confirms.
  const consumed = await tx
    .update(smsCodes)
    .set({ consumedAt: input.now })
    .where(and(eq(smsCodes.id, open.id), isNull(smsCodes.consumedAt), gt(smsCodes.expiresAt, input.now)))
    .returning({ id: smsCodes.id });
  return consumed.length === 0 ? authErrors.smsCodeExpired() : null;
}

export interface MemberSignIn {
  token: string;
  session: Session;
  accountId: string;
  firstSignIn: boolean;
}

export async function signInWithSmsCode(
  deps: MemberAuthDeps,
  input: {
    phone: string;
    code: string;
    ip: string;
    userAgent: string | null;
    now: Date;
    requestId?: string;
  },
): Promise<MemberSignIn> {
  const phone = parsePhone(input.phone);
  const phoneIndex = deps.blindIndex.compute(phone, PHONE_CONTEXT);
  // A wrong code must still count as an attempt, so the outcome is decided inside the transaction
  // and the error thrown after it commits.
  const outcome = await inTransaction(deps.db, async (tx): Promise<{ error: AppError } | { value: MemberSignIn }> => {
    const limited = await hitRateLimit(tx, verifyIpRule(input.ip), input.now);
    if (limited !== null) return { error: authErrors.smsRateLimited({ seconds: limited }) };
    const refused = await consumeSmsCode(tx, deps, { phone, purpose: 'sign_in', code: input.code, now: input.now });
    if (refused) return { error: refused };
    const inserted = await tx
      .insert(memberAccounts)
      .values({
        phoneCipher: deps.cipher.encrypt(phone, PHONE_CONTEXT),
        phoneIndex,
        lastSignInAt: input.now,
      })
      .onConflictDoUpdate({
        target: memberAccounts.phoneIndex,
        set: { lastSignInAt: input.now },
      })
      .returning({ id: memberAccounts.id, created: sql<boolean>`xmax = 0` });
    const account = inserted[0];
    if (!account) throw new Error('member account upsert returned nothing');
    const { token, session } = await createSession(tx, {
      kind: 'member',
      principalId: account.id,
      ttlMs: deps.sessionTtlMs,
      ip: input.ip,
      userAgent: input.userAgent,
      now: input.now,
    });
    // The account (created on the first sign-in) and each session are state changes: audited, with no
    // organisation yet (the members module links the account to a union when the worker joins).
    await recordAudit(
      tx,
      { kind: 'member', id: account.id, name: null, orgId: null, orgPath: null, requestId: input.requestId ?? null, ip: input.ip },
      {
        action: account.created ? 'member.account_created' : 'member.sign_in',
        targetType: 'member_account',
        targetId: account.id,
        details: { sessionId: session.id },
      },
    );
    return {
      value: {
        token,
        session,
        accountId: account.id,
        firstSignIn: account.created,
      },
    };
  });
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

// Prepared once (see prepared.ts).
const accountById = (db: Db) =>
  db
    .select({ phoneCipher: memberAccounts.phoneCipher })
    .from(memberAccounts)
    .where(eq(memberAccounts.id, sql.placeholder('accountId')))
    .limit(1)
    .prepare('auth_member_account_phone');

// A member's every H5 request: the live session and its account's phone, in one statement.
const liveMemberSession = (db: Db) =>
  db
    .select({
      id: authSessions.id,
      accountId: authSessions.principalId,
      lastSeenAt: authSessions.lastSeenAt,
      expiresAt: authSessions.expiresAt,
      phoneCipher: memberAccounts.phoneCipher,
      wechatAppId: authSessions.wechatAppId,
      wechatOpenid: authSessions.wechatOpenid,
    })
    .from(authSessions)
    .leftJoin(memberAccounts, eq(memberAccounts.id, authSessions.principalId))
    .where(
      and(
        eq(authSessions.tokenHash, sql.placeholder('tokenHash')),
        eq(authSessions.principalKind, 'member'),
        isNull(authSessions.revokedAt),
        gt(authSessions.expiresAt, sql.placeholder('now')),
      ),
    )
    .limit(1)
    .prepare('auth_live_member_session');

// Every H5 request starts by finding its session, and a campaign's first minute brings tens of
// thousands of members at once, most of whom opened the page on its countdown minutes before: live
// sessions are cached per instance for ten minutes, and any member's sign-out drops them on every
// instance (a NOTIFY from its commit, ADR 0007; while the listener is down the cache is not read, and
// a session's own expiry is checked on every use). Signing in notifies nothing (a new token was never
// cached), and unknown tokens are not kept, so a flood of made-up ones cannot push the live sessions
// out. A session is touched when it is loaded.
type LiveMemberSession = {
  id: string;
  accountId: string;
  lastSeenAt: Date;
  expiresAt: Date;
  phoneCipher: Buffer | null;
  wechatAppId: string | null;
  wechatOpenid: string | null;
};
const memberSessionCaches = new WeakMap<Db, InvalidatedCache<LiveMemberSession | null>>();

export function enableMemberSessionCache(db: Db): () => void {
  const cache = new InvalidatedCache<LiveMemberSession | null>(['auth'], {
    maxEntries: 100_000,
    ttlMs: 10 * 60_000,
    // A sign-out names its session, a sign-out everywhere its account: only those entries go.
    invalidates: invalidatesByTopic({ auth: principalChangeInvalidates('member') }),
    listener: listenerStateOf(db),
  });
  memberSessionCaches.set(db, cache);
  return () => {
    cache.dispose();
    memberSessionCaches.delete(db);
  };
}

const sessionTags = (session: LiveMemberSession): string[] => [`member:${session.id}`, `member:${session.accountId}`];

/** The member signed in with this token, or null when the session is unknown, expired or revoked. */
export async function resolveMemberToken(
  deps: Pick<MemberAuthDeps, 'db' | 'cipher'>,
  token: string,
  now: Date,
): Promise<MemberPrincipal | null> {
  const key = tokenCacheKey(token);
  const load = async (): Promise<LiveMemberSession | null> => {
    const [row] = await prepared(deps.db, liveMemberSession).execute({ tokenHash: Buffer.from(key, 'base64'), now });
    if (!row) return null;
    await touchSession(deps.db, row, now);
    // A small Buffer is a slice of an 8 KB slab shared with whatever was allocated beside it: kept
    // for a minute in a cache of tens of thousands, each would pin its slab. A copy of its own does not.
    const phoneCipher =
      row.phoneCipher &&
      Buffer.from(row.phoneCipher.buffer.slice(row.phoneCipher.byteOffset, row.phoneCipher.byteOffset + row.phoneCipher.length));
    return { ...row, phoneCipher };
  };
  const cache = memberSessionCaches.get(deps.db);
  const row = cache ? await cache.getPresent(key, load, sessionTags) : await load();
  if (!row || row.expiresAt <= now) return null;
  const { phoneCipher } = row;
  let phone: string | undefined;
  return {
    kind: 'member',
    accountId: row.accountId,
    sessionId: row.id,
    wechat: row.wechatAppId && row.wechatOpenid ? { appId: row.wechatAppId, openid: row.wechatOpenid } : null,
    // Decrypted when a route reads it (a join, /me): most H5 requests never do.
    get phone() {
      if (!phoneCipher) return null;
      phone ??= deps.cipher.decrypt(phoneCipher, PHONE_CONTEXT);
      return phone;
    },
  };
}

export async function getMemberAccountPhone(deps: Pick<MemberAuthDeps, 'db' | 'cipher'>, accountId: string): Promise<string | null> {
  const [row] = await prepared(deps.db, accountById).execute({ accountId });
  return row ? deps.cipher.decrypt(row.phoneCipher, PHONE_CONTEXT) : null;
}
