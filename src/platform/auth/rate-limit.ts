import { lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/tx.js';
import { rateLimits } from './schema.js';

export interface RateRule {
  bucket: string;
  windowSeconds: number;
  limit: number;
}

/**
 * Counts one hit in a fixed window shared by every instance (the counter is a row, incremented
 * atomically). Returns null when allowed, else the seconds until the window ends.
 */
export async function hitRateLimit(tx: Tx, rule: RateRule, now: Date): Promise<number | null> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await tx
    .insert(rateLimits)
    .values({ bucket: rule.bucket, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.bucket, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    })
    .returning({ count: rateLimits.count });
  if ((row?.count ?? 0) <= rule.limit) return null;
  return Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
}

export async function purgeRateLimits(db: Db, now: Date): Promise<number> {
  const rows = await db
    .delete(rateLimits)
    .where(lt(rateLimits.windowStart, new Date(now.getTime() - 2 * 24 * 3600 * 1000)))
    .returning({ bucket: rateLimits.bucket });
  return rows.length;
}
