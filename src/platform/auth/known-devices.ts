import { randomBytes } from 'node:crypto';
import { and, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Db, Tx } from '../db/tx.js';
import { knownDevices } from './schema.js';
import { hashToken } from './sessions.js';

// A browser may be shared (a union office's front desk): the device cookie holds the tokens of the
// last few accounts that signed in on it, newest first.
const MAX_TOKENS_PER_COOKIE = 5;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The device tokens a cookie holds; anything malformed is ignored. */
export function parseDeviceCookie(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split('.')
    .filter((token) => TOKEN.test(token))
    .slice(0, MAX_TOKENS_PER_COOKIE);
}

/** The cookie after a sign-in on this device: its token first, the others kept behind it. */
export function deviceCookieValue(token: string, previous: readonly string[]): string {
  return [token, ...previous.filter((t) => t !== token)].slice(0, MAX_TOKENS_PER_COOKIE).join('.');
}

// A principal id no row has: the lookup runs (and costs the same) whether or not the account exists.
const NOBODY = '00000000-0000-0000-0000-000000000000';

/** The known device among the tokens that belongs to the principal, or null. */
export async function findKnownDevice(
  db: Db,
  input: { tokens: readonly string[]; kind: 'staff'; principalId: string | null; now: Date },
): Promise<{ id: string } | null> {
  if (input.tokens.length === 0) return null;
  const [row] = await db
    .select({ id: knownDevices.id })
    .from(knownDevices)
    .where(
      and(
        inArray(knownDevices.tokenHash, input.tokens.map(hashToken)),
        eq(knownDevices.principalKind, input.kind),
        eq(knownDevices.principalId, input.principalId ?? NOBODY),
        gt(knownDevices.expiresAt, input.now),
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * Remembers the browser after a complete sign-in: a known device's lifetime is extended, a new one gets
 * a 256-bit token (returned once, for the cookie; only its hash is stored).
 */
export async function rememberDevice(
  tx: Tx,
  input: { known: { id: string } | null; kind: 'staff'; principalId: string; ttlMs: number; now: Date },
): Promise<string | null> {
  const expiresAt = new Date(input.now.getTime() + input.ttlMs);
  if (input.known) {
    await tx.update(knownDevices).set({ lastUsedAt: input.now, expiresAt }).where(eq(knownDevices.id, input.known.id));
    return null;
  }
  const token = randomBytes(32).toString('base64url');
  await tx.insert(knownDevices).values({
    tokenHash: hashToken(token),
    principalKind: input.kind,
    principalId: input.principalId,
    createdAt: input.now,
    lastUsedAt: input.now,
    expiresAt,
  });
  return token;
}

/** Forgets every device of a principal whose credentials changed. */
export async function forgetKnownDevices(tx: Tx, kind: 'staff', principalId: string): Promise<number> {
  const rows = await tx
    .delete(knownDevices)
    .where(and(eq(knownDevices.principalKind, kind), eq(knownDevices.principalId, principalId)))
    .returning({ id: knownDevices.id });
  return rows.length;
}

export async function purgeKnownDevices(db: Db, now: Date): Promise<number> {
  const rows = await db.delete(knownDevices).where(lt(knownDevices.expiresAt, now)).returning({ id: knownDevices.id });
  return rows.length;
}
