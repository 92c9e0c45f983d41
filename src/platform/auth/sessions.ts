import { hash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { notifyChange } from '../cache/changes.js';
import { prepared } from '../db/prepared.js';
import { pgArray } from '../db/arrays.js';
import type { Db, Tx } from '../db/tx.js';
import { authSessions } from './schema.js';

export type SessionKind = 'staff' | 'member';

export interface Session {
  id: string;
  principalKind: SessionKind;
  principalId: string;
  expiresAt: Date;
}

// The one-shot hash: every request's session is looked up by it, and a Hash object per call cost 3 µs of 200.
export const hashToken = (token: string): Buffer => hash('sha256', token, 'buffer');

/** The key a session cache keeps a token's session under: its hash, never the token itself. */
export const tokenCacheKey = (token: string): string => hash('sha256', token, 'base64');

export async function createSession(
  tx: Tx,
  input: {
    kind: SessionKind;
    principalId: string;
    ttlMs: number;
    ip?: string | null;
    userAgent?: string | null;
    now: Date;
  },
): Promise<{ token: string; session: Session }> {
  // 256 random bits; only the hash is stored, so a database leak yields no usable token.
  const token = randomBytes(32).toString('base64url');
  const [row] = await tx
    .insert(authSessions)
    .values({
      tokenHash: hashToken(token),
      principalKind: input.kind,
      principalId: input.principalId,
      expiresAt: new Date(input.now.getTime() + input.ttlMs),
      lastSeenAt: input.now,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    })
    .returning();
  if (!row) throw new Error('session insert returned nothing');
  return {
    token,
    session: {
      id: row.id,
      principalKind: row.principalKind,
      principalId: row.principalId,
      expiresAt: row.expiresAt,
    },
  };
}

// Touching last_seen_at on every request would turn each read into a write; once a minute is enough.
const TOUCH_EVERY_MS = 60_000;
// And the touches of a minute's first requests are written together, once a second: at a campaign's
// release tens of thousands of sessions are seen at once, and a commit each would be a commit per claim.
const TOUCH_FLUSH_MS = 1000;
const pendingTouches = new WeakMap<Db, Map<string, Date>>();

/**
 * Records that a session is in use, at most once a minute per session, in one statement per second
 * for all of them. Last-seen is for people reading the sessions list, never for a decision: a touch
 * lost when the process stops is no loss.
 */
export async function touchSession(db: Db, session: { id: string; lastSeenAt: Date }, now: Date): Promise<void> {
  if (now.getTime() - session.lastSeenAt.getTime() <= TOUCH_EVERY_MS) return;
  let pending = pendingTouches.get(db);
  if (!pending) {
    const batch = new Map<string, Date>();
    pending = batch;
    pendingTouches.set(db, batch);
    setTimeout(() => {
      pendingTouches.delete(db);
      void flushTouches(db, batch);
    }, TOUCH_FLUSH_MS).unref();
  }
  pending.set(session.id, now);
}

async function flushTouches(db: Db, touches: ReadonlyMap<string, Date>): Promise<void> {
  const latest = [...touches.values()].reduce((a, b) => (a > b ? a : b));
  await db
    .update(authSessions)
    .set({ lastSeenAt: latest })
    .where(sql`${authSessions.id} = any(${pgArray([...touches.keys()])}::uuid[])`)
    // The database may be closing (a test, a shutdown); last-seen is informational.
    .catch(() => undefined);
}

// Every signed-in request reads its session: prepared once (see prepared.ts).
const liveSession = (db: Db) =>
  db
    .select()
    .from(authSessions)
    .where(
      and(
        eq(authSessions.tokenHash, sql.placeholder('tokenHash')),
        eq(authSessions.principalKind, sql.placeholder('kind')),
        isNull(authSessions.revokedAt),
        gt(authSessions.expiresAt, sql.placeholder('now')),
      ),
    )
    .limit(1)
    .prepare('auth_live_session');

export async function resolveSession(db: Db, kind: SessionKind, token: string, now: Date): Promise<Session | null> {
  const [row] = await prepared(db, liveSession).execute({ tokenHash: hashToken(token), kind, now });
  if (!row) return null;
  await touchSession(db, row, now);
  return {
    id: row.id,
    principalKind: row.principalKind,
    principalId: row.principalId,
    expiresAt: row.expiresAt,
  };
}

export async function revokeSession(tx: Tx, sessionId: string, now: Date, kind: SessionKind = 'staff'): Promise<void> {
  await notifyChange(tx, 'auth', `${kind}:${sessionId}`);
  await tx
    .update(authSessions)
    .set({ revokedAt: now })
    .where(and(eq(authSessions.id, sessionId), isNull(authSessions.revokedAt)));
}

/** "Sign out everywhere": every live session of the principal, on every instance, at once. */
export async function revokeAllSessions(tx: Tx, kind: SessionKind, principalId: string, now: Date): Promise<number> {
  const rows = await tx
    .update(authSessions)
    .set({ revokedAt: now })
    .where(and(eq(authSessions.principalKind, kind), eq(authSessions.principalId, principalId), isNull(authSessions.revokedAt)))
    .returning({ id: authSessions.id });
  await notifyChange(tx, 'auth', `${kind}:${principalId}`);
  return rows.length;
}

export async function countLiveSessions(db: Db, kind: SessionKind, principalId: string, now: Date): Promise<number> {
  const rows = await db
    .select({ id: authSessions.id })
    .from(authSessions)
    .where(
      and(
        eq(authSessions.principalKind, kind),
        eq(authSessions.principalId, principalId),
        isNull(authSessions.revokedAt),
        gt(authSessions.expiresAt, now),
      ),
    );
  return rows.length;
}

export async function purgeDeadSessions(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - 30 * 24 * 3600 * 1000);
  const rows = await db
    .delete(authSessions)
    .where(or(lt(authSessions.expiresAt, cutoff), lt(authSessions.revokedAt, cutoff)))
    .returning({ id: authSessions.id });
  return rows.length;
}
