import { and, eq, gt, isNull } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { StaffPrincipal } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { authErrors } from '../../../platform/auth/errors.js';
import { hitRateLimit } from '../../../platform/auth/rate-limit.js';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../../../platform/auth/password.js';
import { authChallenges } from '../../../platform/auth/schema.js';
import { createSession, revokeAllSessions, revokeSession } from '../../../platform/auth/sessions.js';
import { matchTotp, newTotpSecret, otpauthUrl } from '../../../platform/auth/totp.js';
import type { Platform } from '../../../platform/context.js';
import { inTransaction, type Db, type Tx } from '../../../platform/db/tx.js';
import { commonErrors, type AppError } from '../../../platform/errors/app-error.js';
import { findOrgById } from '../../orgs/index.js';
import { staffAccounts } from '../schema.js';
import { loadStaffPrincipal } from './principal.js';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;
const CHALLENGE_TTL_MS = 5 * 60_000;
const MAX_CHALLENGE_ATTEMPTS = 5;
export const TOTP_SECRET_CONTEXT = 'staff_account.totp_secret';

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

/** Counts a failure; the fifth in a row locks the account for 15 minutes. Runs in the caller's tx. */
async function recordFailure(
  tx: Tx,
  staff: StaffRow,
  meta: RequestMeta,
  orgPath: string | null,
  what: 'password' | 'totp',
): Promise<AppError> {
  const attempts = staff.failedAttempts + 1;
  const locks = attempts >= MAX_FAILED_ATTEMPTS;
  await tx
    .update(staffAccounts)
    .set(
      locks
        ? {
            failedAttempts: 0,
            lockedUntil: new Date(meta.now.getTime() + LOCKOUT_MINUTES * 60_000),
          }
        : { failedAttempts: attempts },
    )
    .where(eq(staffAccounts.id, staff.id));
  await recordAudit(tx, actorFor(staff, meta, orgPath), {
    action: locks ? 'staff.locked' : 'staff.sign_in_failed',
    targetType: 'staff',
    targetId: staff.id,
    details: { step: what, attempts },
  });
  if (locks) return authErrors.accountLocked({ minutes: LOCKOUT_MINUTES });
  return what === 'password'
    ? authErrors.invalidCredentials({ left: MAX_FAILED_ATTEMPTS - attempts })
    : authErrors.totpInvalid({ left: MAX_FAILED_ATTEMPTS - attempts });
}

function lockedError(staff: StaffRow, now: Date): AppError | null {
  if (staff.lockedUntil && staff.lockedUntil > now) {
    return authErrors.accountLocked({
      minutes: Math.ceil((staff.lockedUntil.getTime() - now.getTime()) / 60_000),
    });
  }
  return null;
}

/** Step one: username and password. Success opens a five-minute TOTP challenge (or an enrolment). */
export async function signInWithPassword(p: Platform, input: { username: string; password: string } & RequestMeta): Promise<PasswordStep> {
  const username = input.username.trim().toLowerCase();
  // Password spraying across many accounts from one address is slowed here; the per-account
  // lockout below stops guessing at one account. A union office behind one NAT stays well inside it.
  const limited = await inTransaction(p.db, (tx) =>
    hitRateLimit(tx, { bucket: `staff-sign-in:ip:${input.ip}`, window: { seconds: 300 }, limit: 60 }, input.now),
  );
  if (limited !== null) throw commonErrors.rateLimited({ seconds: limited });
  const [staff] = await p.db.select().from(staffAccounts).where(eq(staffAccounts.username, username)).limit(1);
  // Hash even for an unknown name, so the answer's timing does not reveal which names exist.
  const passwordOk = await verifyPassword(input.password, staff?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!staff || staff.status !== 'active') throw authErrors.invalidCredentials({ left: MAX_FAILED_ATTEMPTS });
  const locked = lockedError(staff, input.now);
  if (locked) throw locked;
  const orgPath = await orgPathOf(p.db, staff.orgId);
  const outcome = await inTransaction(p.db, async (tx): Promise<{ error: AppError } | { step: PasswordStep }> => {
    const [current] = await tx.select().from(staffAccounts).where(eq(staffAccounts.id, staff.id)).for('update');
    if (!current) {
      return {
        error: authErrors.invalidCredentials({ left: MAX_FAILED_ATTEMPTS }),
      };
    }
    const lockedNow = lockedError(current, input.now);
    if (lockedNow) return { error: lockedNow };
    if (!passwordOk) {
      return {
        error: await recordFailure(tx, current, input, orgPath, 'password'),
      };
    }
    const enrolled = current.totpSecretCipher !== null && current.totpEnrolledAt !== null;
    const secret = enrolled ? null : newTotpSecret();
    const [challenge] = await tx
      .insert(authChallenges)
      .values({
        staffId: current.id,
        kind: enrolled ? 'totp' : 'totp_enrolment',
        totpSecretCipher: secret ? p.cipher.encrypt(secret, TOTP_SECRET_CONTEXT) : null,
        createdAt: input.now,
        expiresAt: new Date(input.now.getTime() + CHALLENGE_TTL_MS),
      })
      .returning({ id: authChallenges.id });
    if (!challenge) throw new Error('challenge insert returned nothing');
    if (!secret) return { step: { status: 'totp_required', challengeId: challenge.id } };
    const url = otpauthUrl(secret, current.username);
    return {
      step: {
        status: 'totp_enrolment_required',
        challengeId: challenge.id,
        otpauthUrl: url,
        qrDataUrl: await QRCode.toDataURL(url, { margin: 1, width: 220 }),
        secret,
      },
    };
  });
  if ('error' in outcome) throw outcome.error;
  return outcome.step;
}

/** Step two: the TOTP code (confirming an enrolment when the challenge is one). Opens the session. */
export async function completeTotp(
  p: Platform,
  input: { challengeId: string; code: string } & RequestMeta,
): Promise<{ token: string; staff: StaffPrincipal }> {
  const outcome = await inTransaction(
    p.db,
    async (tx): Promise<{ error: AppError } | { token: string; staffId: string; sessionId: string }> => {
      const [challenge] = await tx
        .select()
        .from(authChallenges)
        .where(and(eq(authChallenges.id, input.challengeId), isNull(authChallenges.consumedAt), gt(authChallenges.expiresAt, input.now)))
        .for('update');
      if (!challenge) return { error: authErrors.challengeExpired() };
      const [staff] = await tx.select().from(staffAccounts).where(eq(staffAccounts.id, challenge.staffId)).for('update');
      if (!staff || staff.status !== 'active') return { error: authErrors.challengeExpired() };
      const locked = lockedError(staff, input.now);
      if (locked) return { error: locked };
      const orgPath = await orgPathOf(tx, staff.orgId);
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
        return {
          error: await recordFailure(tx, staff, input, orgPath, 'totp'),
        };
      }
      await tx.update(authChallenges).set({ consumedAt: input.now }).where(eq(authChallenges.id, challenge.id));
      await tx
        .update(staffAccounts)
        .set({
          failedAttempts: 0,
          lockedUntil: null,
          totpLastStep: step,
          lastSignInAt: input.now,
          ...(challenge.kind === 'totp_enrolment' ? { totpSecretCipher: secretCipher, totpEnrolledAt: input.now } : {}),
        })
        .where(eq(staffAccounts.id, staff.id));
      const { token, session } = await createSession(tx, {
        kind: 'staff',
        principalId: staff.id,
        ttlMs: p.config.sessionTtlHours * 3600_000,
        ip: input.ip,
        userAgent: input.userAgent,
        now: input.now,
      });
      const actor = actorFor(staff, input, orgPath);
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
        details: { sessionId: session.id },
      });
      return { token, staffId: staff.id, sessionId: session.id };
    },
  );
  if ('error' in outcome) throw outcome.error;
  const staff = await loadStaffPrincipal(p.db, outcome.staffId, outcome.sessionId);
  if (!staff) throw authErrors.sessionExpired();
  return { token: outcome.token, staff };
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
