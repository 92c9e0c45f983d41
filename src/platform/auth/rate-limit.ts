import { lt, sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../db/tx.js';
import { shanghaiDay } from '../db/columns.js';
import { rateCounters, rateLimits } from './schema.js';

/**
 * A limit of `limit` hits per window: `{ seconds }` is any stretch of that many seconds (a sliding
 * window, so no burst fits around a clock boundary), `'shanghai_day'` the Asia/Shanghai calendar day
 * (what "per day" means everywhere in the project).
 */
export interface RateRule {
  bucket: string;
  limit: number;
  window: { seconds: number } | 'shanghai_day';
}

const DAY_MS = 86_400_000;

function shanghaiDayStart(now: Date): Date {
  return new Date(`${shanghaiDay(now)}T00:00:00+08:00`);
}

/** The earliest instant a hit must have been made at to count against the rule at `now`. */
export function windowFrom(rule: RateRule, now: Date): Date {
  if (rule.window === 'shanghai_day') return shanghaiDayStart(now);
  // Hits are kept to the millisecond: one made exactly `seconds` ago has left the window.
  return new Date(now.getTime() - rule.window.seconds * 1000 + 1);
}

/** Seconds until a refused hit would be admitted, given the admitted hits still in the window. */
export function retryAfterSeconds(rule: RateRule, hits: readonly Date[], now: Date): number {
  let freeAt: number;
  if (rule.window === 'shanghai_day') {
    freeAt = shanghaiDayStart(now).getTime() + DAY_MS;
  } else {
    // Room opens when the oldest hit beyond limit − 1 leaves the window.
    const sorted = hits.map((h) => h.getTime()).sort((a, b) => a - b);
    const oldest = sorted[Math.max(0, sorted.length - rule.limit)] ?? now.getTime();
    freeAt = oldest + rule.window.seconds * 1000;
  }
  return Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
}

/**
 * Counts one hit against a rule shared by every instance. Each bucket is one row holding the instants
 * of its admitted hits still in the window (never more than `limit`); the upsert reads, prunes and
 * appends under the row's lock, so concurrent hits on any instance are admitted at most `limit` times.
 * Returns null when admitted, else the seconds until a hit would be.
 */
export async function hitRateLimit(tx: Tx, rule: RateRule, now: Date): Promise<number | null> {
  const from = windowFrom(rule, now);
  const inWindow = sql`array(select h from unnest(${rateLimits.hits}) h where h >= ${from}::timestamptz order by h)`;
  const room = sql`cardinality(${inWindow}) < ${rule.limit}`;
  const [row] = await tx
    .insert(rateLimits)
    .values({ bucket: rule.bucket, hits: [now], admitted: true, updatedAt: now })
    .onConflictDoUpdate({
      target: rateLimits.bucket,
      set: {
        hits: sql`case when ${room} then ${inWindow} || ${now}::timestamptz else ${inWindow} end`,
        admitted: room,
        updatedAt: now,
      },
    })
    .returning({ hits: rateLimits.hits, admitted: rateLimits.admitted });
  if (!row || row.admitted) return null;
  return retryAfterSeconds(rule, row.hits, now);
}

/** The start of the fixed window `now` falls in: whole multiples of the window's seconds, or the Shanghai day. */
export function fixedWindowStart(rule: RateRule, now: Date): Date {
  if (rule.window === 'shanghai_day') return shanghaiDayStart(now);
  const ms = rule.window.seconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/**
 * Counts many hits on many buckets in one statement, for work answered in batches (a campaign's
 * claims, ADR 0012): `hits` maps each bucket to its rule and how many hits the batch brings. Fixed
 * windows, not the sliding log of hitRateLimit: one upsert of a counter per bucket is what a batch of
 * a thousand claims can afford, and a burst of twice the limit across a window's edge is acceptable
 * for what these limits are for (scripts pressing claim). Refused hits count too: hammering stays
 * refused. Returns how many of each bucket's hits were admitted (the first ones, in the caller's order).
 */
export async function countHitsMany(
  tx: Tx,
  hits: ReadonlyMap<string, { rule: RateRule; count: number }>,
  now: Date,
): Promise<Map<string, number>> {
  if (hits.size === 0) return new Map();
  const rows = [...hits].map(([bucket, { rule, count }]) => ({
    bucket,
    window_start: fixedWindowStart(rule, now).toISOString(),
    n: count,
  }));
  // In bucket order: two batches counting the same buckets at once lock their rows in one order, so
  // they wait for each other rather than deadlock.
  const counted = await queryRows<{ bucket: string; hits: number }>(
    tx,
    sql`insert into ${rateCounters} (bucket, window_start, hits)
        select bucket, window_start, n from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as t(bucket text, window_start timestamptz, n int)
        order by bucket, window_start
        on conflict (bucket, window_start) do update set hits = ${rateCounters.hits} + excluded.hits
        returning bucket, hits`,
  );
  const admitted = new Map<string, number>();
  for (const row of counted) {
    const { rule, count } = hits.get(row.bucket) as { rule: RateRule; count: number };
    const before = row.hits - count;
    admitted.set(row.bucket, Math.max(0, Math.min(count, rule.limit - before)));
  }
  return admitted;
}

/** Buckets untouched for two days hold no hit any rule still counts (the longest window is a day). */
export async function purgeRateLimits(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - 2 * DAY_MS);
  const rows = await db.delete(rateLimits).where(lt(rateLimits.updatedAt, cutoff)).returning({ bucket: rateLimits.bucket });
  const counters = await db.delete(rateCounters).where(lt(rateCounters.windowStart, cutoff)).returning({ bucket: rateCounters.bucket });
  return rows.length + counters.length;
}
