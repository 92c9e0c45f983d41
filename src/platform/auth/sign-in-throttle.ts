import { and, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/tx.js';
import { signInThrottles } from './schema.js';

/**
 * How one key (an account name, an address, a known device) is slowed down after failed sign-ins. Each
 * failure adds one to the key's score, and one is forgotten every `leakSeconds`; from `freeFailures` on,
 * every failure blocks the key for `baseDelaySeconds`, doubling with each further failure up to
 * `maxDelaySeconds`. Nothing ever locks: the worst an attacker can do is make a key wait the maximum,
 * and the steady rate of guesses it allows is one per `leakSeconds`.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  leakSeconds: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

/** Seconds a key is blocked after a failure that brought its score to `score`. */
export function throttleDelaySeconds(score: number, policy: ThrottlePolicy): number {
  if (score < policy.freeFailures) return 0;
  return Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** (score - policy.freeFailures));
}

/** Seconds until every one of the keys may be tried again; null when none is blocked. */
export async function throttleWait(db: Db, keys: readonly string[], now: Date): Promise<number | null> {
  if (keys.length === 0) return null;
  const rows = await db
    .select({ blockedUntil: signInThrottles.blockedUntil })
    .from(signInThrottles)
    .where(inArray(signInThrottles.key, [...keys]));
  const until = Math.max(0, ...rows.map((r) => r.blockedUntil?.getTime() ?? 0));
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : null;
}

/**
 * Counts a failure against a key and blocks it as the policy says. The score is decayed and raised by
 * one upsert under the row's lock, so failures on any instance at once are all counted; the block is
 * written in the same transaction, while the row is still locked.
 */
export async function recordThrottleFailure(tx: Tx, key: string, policy: ThrottlePolicy, now: Date): Promise<void> {
  // Whole leak periods only: an integer score keeps "the fifth failure" exactly the fifth.
  const leaked = sql`floor(extract(epoch from (${now}::timestamptz - ${signInThrottles.updatedAt})) / ${policy.leakSeconds})`;
  const [row] = await tx
    .insert(signInThrottles)
    .values({ key, score: 1, updatedAt: now })
    .onConflictDoUpdate({
      target: signInThrottles.key,
      set: { score: sql`greatest(0, ${signInThrottles.score} - greatest(0, ${leaked})) + 1`, updatedAt: now },
    })
    .returning({ score: signInThrottles.score });
  const delay = throttleDelaySeconds(row?.score ?? 1, policy);
  if (delay === 0) return;
  const until = new Date(now.getTime() + delay * 1000);
  await tx
    .update(signInThrottles)
    .set({ blockedUntil: sql`greatest(coalesce(${signInThrottles.blockedUntil}, ${until}::timestamptz), ${until}::timestamptz)` })
    .where(sql`${signInThrottles.key} = ${key}`);
}

/** Forgets the keys' failures: the owner proved who they are, or an administrator lifted the block. */
export async function clearThrottles(tx: Tx, keys: readonly string[]): Promise<void> {
  if (keys.length > 0) await tx.delete(signInThrottles).where(inArray(signInThrottles.key, [...keys]));
}

/** Until when each of the keys is blocked, for those blocked at `now`. */
export async function blockedUntil(db: Db, keys: readonly string[], now: Date): Promise<Map<string, Date>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select({ key: signInThrottles.key, blockedUntil: signInThrottles.blockedUntil })
    .from(signInThrottles)
    .where(inArray(signInThrottles.key, [...keys]));
  return new Map(rows.flatMap((r) => (r.blockedUntil && r.blockedUntil > now ? [[r.key, r.blockedUntil] as const] : [])));
}

/** Keys untouched for a day and no longer blocked have leaked their score away (or nearly): dropped. */
export async function purgeSignInThrottles(db: Db, now: Date): Promise<number> {
  const rows = await db
    .delete(signInThrottles)
    .where(
      and(
        lt(signInThrottles.updatedAt, new Date(now.getTime() - 86_400_000)),
        or(isNull(signInThrottles.blockedUntil), lt(signInThrottles.blockedUntil, now)),
      ),
    )
    .returning({ key: signInThrottles.key });
  return rows.length;
}
