import { and, eq, gt, isNull } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { StaffPrincipal } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { authErrors } from '../../../platform/auth/errors.js';
import { findKnownDevice, rememberDevice } from '../../../platform/auth/known-devices.js';
import { dummyPasswordHash, verifyPassword } from '../../../platform/auth/password.js';
import { authChallenges } from '../../../platform/auth/schema.js';
import { createSession, revokeAllSessions, revokeSession } from '../../../platform/auth/sessions.js';
import { clearThrottles, recordThrottleFailure, throttleWait, type ThrottlePolicy } from '../../../platform/auth/sign-in-throttle.js';
import { matchTotp, newTotpSecret, otpauthUrl } from '../../../platform/auth/totp.js';
import type { Platform } from '../../../platform/context.js';
import { inTransaction, type Db, type Tx } from '../../../platform/db/tx.js';
import type { AppError } from '../../../platform/errors/app-error.js';
import { findOrgById } from '#modules/orgs';
import { staffAccounts } from '../schema.js';
import { loadStaffPrincipal } from './principal.js';

// Sign-in throttles (ADR 0009). No failure count ever locks an account: a stranger who knows a username
// could keep its owner out. Instead each failure slows the keys it answers to, and a browser where the
// account completed a sign-in before (a known device) answers only to its own key, so hammering the
// account from elsewhere does not hold the owner back.
/** The account, as seen from browsers it never signed in on: 5 free failures, then 30 s doubling to 15 min. */
export const ACCOUNT_THROTTLE: ThrottlePolicy = { freeFailures: 5, leakSeconds: 900, baseDelaySeconds: 30, maxDelaySeconds: 900 };
/** A known device of the account: the same, on its own key (a stolen device cookie guesses no faster). */
export const DEVICE_THROTTLE: ThrottlePolicy = ACCOUNT_THROTTLE;
/** One address, over every name tried from it (spraying): a union office behind one NAT stays well inside it. */
export const ADDRESS_THROTTLE: ThrottlePolicy = { freeFailures: 20, leakSeconds: 180, baseDelaySeconds: 30, maxDelaySeconds: 900 };
/** How long a browser stays a known device of an account after its last sign-in there. */
export const KNOWN_DEVICE_TTL_MS = 180 * 86_400_000;
const CHALLENGE_TTL_MS = 5 * 60_000;
const MAX_CHALLENGE_ATTEMPTS = 5;
export const TOTP_SECRET_CONTEXT = 'staff_account.totp_secret';

/** The throttle key of a username, known or not: unknown names are throttled exactly like real ones. */
export const accountThrottleKey = (username: string) => `staff:account:${normaliseUsername(username)}`;
const addressThrottleKey = (ip: string) => `staff:address:${ip}`;
const deviceThrottleKey = (deviceId: string) => `staff:device:${deviceId}`;

const normaliseUsername = (username: string) => username.trim().toLowerCase();

type StaffRow = typeof staffAccounts.$inferSelect;

export type PasswordStep =
  | { status: 'totp_required'; challengeId: string }
  | {
      status: 'totp_enrolment_required';
      challengeId: string;
      otpauthUrl: string;
      qrDataUrl: string;
      secret: string;
    };

interface RequestMeta {
  ip: string;
  userAgent: string | null;
  requestId: string;
  now: Date;
  /** The tokens of the browser's device cookie (known-devices.ts). */
  deviceTokens: readonly string[];
}

interface Throttle {
  of: 'account' | 'address' | 'device';
  key: string;
  policy: ThrottlePolicy;
}

/** The throttles an attempt answers to: a known device its own; any other browser the account's and the address's. */
function throttlesOf(username: string, meta: RequestMeta, device: { id: string } | null): Throttle[] {
  if (device) return [{ of: 'device', key: deviceThrottleKey(device.id), policy: DEVICE_THROTTLE }];
  return [
    { of: 'account', key: accountThrottleKey(username), policy: ACCOUNT_THROTTLE },
    { of: 'address', key: addressThrottleKey(meta.ip), policy: ADDRESS_THROTTLE },
  ];
}

async function assertNotThrottled(db: Db, throttles: Throttle[], now: Date): Promise<AppError | null> {
  const wait = await throttleWait(
    db,
    throttles.map((t) => t.key),
    now,
  );
  return wait === null ? null : authErrors.signInThrottled({ seconds: wait });
}

const actorFor = (staff: Pick<StaffRow, 'id' | 'displayName' | 'orgId'>, meta: RequestMeta, orgPath: string | null = null): Actor => ({
  kind: 'staff',
  id: staff.id,
  name: staff.displayName,
  orgId: staff.orgId,
  orgPath,
  requestId: meta.requestId,
  ip: meta.ip,
});

// Takes the executor explicitly: inside a transaction it must be the transaction (PGlite has one
// connection, so a query on the outer handle would wait for the transaction forever).
async function orgPathOf(db: Db, orgId: string): Promise<string | null> {
  return (await findOrgById(db, orgId))?.path ?? null;
}

/**
 * Counts a failure against every throttle the attempt answers to, and audits it. A name nobody has is
 * recorded too (without the name: people type passwords into the name field), so the work done — and
 * the time taken — does not tell which names exist. Runs in the caller's transaction.
 */
async function recordFailure(
  tx: Tx,
  throttles: Throttle[],
  staff: StaffRow | null,
  meta: RequestMeta,
  step: 'password' | 'totp',
): Promise<void> {
  for (const throttle of throttles) await recordThrottleFailure(tx, throttle.key, throttle.policy, meta.now);
  const knownDevice = throttles.some((t) => t.of === 'device');
  const actor: Actor = staff
    ? actorFor(staff, meta, await orgPathOf(tx, staff.orgId))
    : { kind: 'system', id: null, name: 'sign-in', orgId: null, orgPath: null, requestId: meta.requestId, ip: meta.ip };
  await recordAudit(tx, actor, {
    action: 'staff.sign_in_failed',
    targetType: 'staff',
    ...(staff ? { targetId: staff.id } : {}),
    details: { step, knownDevice },
  });
}

/**
 * Step one: username and password. Success opens a five-minute TOTP challenge (or an enrolment). An
 * unknown name, a disabled account and a wrong password get the same answer, after the same work.
 */
export async function signInWithPassword(p: Platform, input: { username: string; password: string } & RequestMeta): Promise<PasswordStep> {
  const username = normaliseUsername(input.username);
  const [staff] = await p.db.select().from(staffAccounts).where(eq(staffAccounts.username, username)).limit(1);
  const device = await findKnownDevice(p.db, { tokens: input.deviceTokens, kind: 'staff', principalId: staff?.id ?? null, now: input.now });
  const throttles = throttlesOf(username, input, device);
  const throttled = await assertNotThrottled(p.db, throttles, input.now);
  if (throttled) throw throttled;
  // Hash even for an unknown name, so the answer's timing does not reveal which names exist.
  const passwordOk = await verifyPassword(input.password, staff?.passwordHash ?? dummyPasswordHash());
  if (!staff || staff.status !== 'active' || !passwordOk) {
    await inTransaction(p.db, (tx) => recordFailure(tx, throttles, staff ?? null, input, 'password'));
    throw authErrors.invalidCredentials();
  }
  const enrolled = staff.totpSecretCipher !== null && staff.totpEnrolledAt !== null;
  const secret = enrolled ? null : newTotpSecret();
  const [challenge] = await p.db
    .insert(authChallenges)
    .values({
      staffId: staff.id,
      kind: enrolled ? 'totp' : 'totp_enrolment',
      totpSecretCipher: secret ? p.cipher.encrypt(secret, TOTP_SECRET_CONTEXT) : null,
      createdAt: input.now,
      expiresAt: new Date(input.now.getTime() + CHALLENGE_TTL_MS),
    })
    .returning({ id: authChallenges.id });
  if (!challenge) throw new Error('challenge insert returned nothing');
  if (!secret) return { status: 'totp_required', challengeId: challenge.id };
  const url = otpauthUrl(secret, staff.username);
  return {
    status: 'totp_enrolment_required',
    challengeId: challenge.id,
    otpauthUrl: url,
    qrDataUrl: await QRCode.toDataURL(url, { margin: 1, width: 220 }),
    secret,
  };
}

/**
 * Step two: the TOTP code (confirming an enrolment when the challenge is one). Opens the session and
 * remembers the browser as a known device of the account: `deviceToken` is a new token for its device
 * cookie, or null when the browser was known already.
 */
export async function completeTotp(
  p: Platform,
  input: { challengeId: string; code: string } & RequestMeta,
): Promise<{ token: string; staff: StaffPrincipal; deviceToken: string | null }> {
  const outcome = await inTransaction(
    p.db,
    async (tx): Promise<{ error: AppError } | { token: string; staffId: string; sessionId: string; deviceToken: string | null }> => {
      const [challenge] = await tx
        .select()
        .from(authChallenges)
        .where(and(eq(authChallenges.id, input.challengeId), isNull(authChallenges.consumedAt), gt(authChallenges.expiresAt, input.now)))
        .for('update');
      if (!challenge) return { error: authErrors.challengeExpired() };
      const [staff] = await tx.select().from(staffAccounts).where(eq(staffAccounts.id, challenge.staffId)).for('update');
      if (!staff || staff.status !== 'active') return { error: authErrors.challengeExpired() };
      const device = await findKnownDevice(tx, { tokens: input.deviceTokens, kind: 'staff', principalId: staff.id, now: input.now });
      const throttles = throttlesOf(staff.username, input, device);
      // Checked here too: one password opens a challenge at a time, but several could be opened at once.
      const throttled = await assertNotThrottled(tx, throttles, input.now);
      if (throttled) return { error: throttled };
      const secretCipher = challenge.kind === 'totp_enrolment' ? challenge.totpSecretCipher : staff.totpSecretCipher;
      if (!secretCipher) return { error: authErrors.challengeExpired() };
      const secret = p.cipher.decrypt(secretCipher, TOTP_SECRET_CONTEXT);
      const step = matchTotp(secret, input.code.trim(), input.now);
      // A code is good once: a step at or before the last accepted one is a replay.
      if (step === null || (staff.totpLastStep !== null && step <= staff.totpLastStep)) {
        const attempts = challenge.attempts + 1;
        await tx
          .update(authChallenges)
          .set({
            attempts,
            ...(attempts >= MAX_CHALLENGE_ATTEMPTS ? { consumedAt: input.now } : {}),
          })
          .where(eq(authChallenges.id, challenge.id));
        await recordFailure(tx, throttles, staff, input, 'totp');
        return { error: authErrors.totpInvalid() };
      }
      await tx.update(authChallenges).set({ consumedAt: input.now }).where(eq(authChallenges.id, challenge.id));
      await tx
        .update(staffAccounts)
        .set({
          totpLastStep: step,
          lastSignInAt: input.now,
          ...(challenge.kind === 'totp_enrolment' ? { totpSecretCipher: secretCipher, totpEnrolledAt: input.now } : {}),
        })
        .where(eq(staffAccounts.id, staff.id));
      // The owner got through: what this browser answered to starts afresh — but never the address's
      // throttle, or one valid account would reset an address spraying many others.
      await clearThrottles(
        tx,
        throttles.filter((t) => t.of !== 'address').map((t) => t.key),
      );
      const deviceToken = await rememberDevice(tx, {
        known: device,
        kind: 'staff',
        principalId: staff.id,
        ttlMs: KNOWN_DEVICE_TTL_MS,
        now: input.now,
      });
      const { token, session } = await createSession(tx, {
        kind: 'staff',
        principalId: staff.id,
        ttlMs: p.config.sessionTtlHours * 3600_000,
        ip: input.ip,
        userAgent: input.userAgent,
        now: input.now,
      });
      const actor = actorFor(staff, input, await orgPathOf(tx, staff.orgId));
      if (challenge.kind === 'totp_enrolment') {
        await recordAudit(tx, actor, {
          action: 'staff.totp_enrolled',
          targetType: 'staff',
          targetId: staff.id,
        });
      }
      await recordAudit(tx, actor, {
        action: 'staff.sign_in',
        targetType: 'staff',
        targetId: staff.id,
        details: { sessionId: session.id, knownDevice: device !== null },
      });
      return { token, staffId: staff.id, sessionId: session.id, deviceToken };
    },
  );
  if ('error' in outcome) throw outcome.error;
  const staff = await loadStaffPrincipal(p.db, outcome.staffId, outcome.sessionId);
  if (!staff) throw authErrors.sessionExpired();
  return { token: outcome.token, staff, deviceToken: outcome.deviceToken };
}

export async function signOut(p: Platform, actor: Actor, staff: StaffPrincipal, now: Date): Promise<void> {
  await inTransaction(p.db, async (tx) => {
    await revokeSession(tx, staff.sessionId, now);
    await recordAudit(tx, actor, {
      action: 'staff.sign_out',
      targetType: 'staff',
      targetId: staff.id,
    });
  });
}

export async function signOutEverywhere(p: Platform, actor: Actor, staffId: string, now: Date): Promise<number> {
  return inTransaction(p.db, async (tx) => {
    const revoked = await revokeAllSessions(tx, 'staff', staffId, now);
    await recordAudit(tx, actor, {
      action: 'staff.sign_out_everywhere',
      targetType: 'staff',
      targetId: staffId,
      details: { revoked },
    });
    return revoked;
  });
}
