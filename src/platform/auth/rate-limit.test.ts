import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/harness/db.js';
import { inTransaction } from '../db/tx.js';
import {
  countHitsMany,
  fixedWindowStart,
  hitRateLimit,
  purgeRateLimits,
  retryAfterSeconds,
  windowFrom,
  type RateRule,
} from './rate-limit.js';

const at = (iso: string) => new Date(iso);
const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);

describe(hitRateLimit.name, () => {
  const t = useTestDatabase();
  const hit = (rule: RateRule, now: Date) => inTransaction(t.database.db, (tx) => hitRateLimit(tx, rule, now));

  it('lets no more than the hourly limit through in any hour, however the hits straddle the clock hour', async () => {
    const rule: RateRule = { bucket: 'test:hour-boundary', window: { seconds: 3600 }, limit: 30 };
    const before = at('2026-07-01T10:59:30+08:00');
    for (let i = 0; i < 30; i++) expect(await hit(rule, plus(before, i * 1000))).toBeNull();
    // A minute later the clock hour has turned; a fixed window would start counting afresh here.
    const after = at('2026-07-01T11:00:30+08:00');
    const refused: (number | null)[] = [];
    for (let i = 0; i < 30; i++) refused.push(await hit(rule, plus(after, i * 1000)));
    expect(refused.every((r) => r !== null)).toBe(true);
    // The first hit (10:59:30) leaves the window at 11:59:30: 3,540 s after 11:00:30.
    expect(refused[0]).toBe(3540);
  });

  it('admits again as each of the oldest hits leaves the window, one for one', async () => {
    const rule: RateRule = { bucket: 'test:slide', window: { seconds: 60 }, limit: 2 };
    const start = at('2026-07-01T09:00:00+08:00');
    expect(await hit(rule, start)).toBeNull();
    expect(await hit(rule, plus(start, 20_000))).toBeNull();
    expect(await hit(rule, plus(start, 59_999))).toBe(1);
    expect(await hit(rule, plus(start, 60_000))).toBeNull();
    // The hit at 20 s still counts until 80 s.
    expect(await hit(rule, plus(start, 61_000))).toBe(19);
    expect(await hit(rule, plus(start, 80_000))).toBeNull();
  });

  it('counts a daily limit over the Shanghai calendar day, not the UTC one', async () => {
    const rule: RateRule = { bucket: 'test:day', window: 'shanghai_day', limit: 10 };
    // 23:50 in Shanghai is 15:50 UTC: the UTC day still has eight hours to go.
    const lateEvening = at('2026-07-01T23:50:00+08:00');
    for (let i = 0; i < 10; i++) expect(await hit(rule, plus(lateEvening, i * 1000))).toBeNull();
    expect(await hit(rule, at('2026-07-01T23:55:00+08:00'))).toBe(300);
    expect(await hit(rule, at('2026-07-02T00:00:01+08:00'))).toBeNull();
  });

  it('admits exactly the limit of hits made at once', async () => {
    const rule: RateRule = { bucket: 'test:concurrent', window: { seconds: 60 }, limit: 3 };
    const now = at('2026-07-01T12:00:00+08:00');
    const answers = await Promise.all(Array.from({ length: 12 }, () => hit(rule, now)));
    expect(answers.filter((a) => a === null)).toHaveLength(3);
  });

  it('keeps buckets in use and purges those idle for two days', async () => {
    const now = at('2026-07-10T12:00:00+08:00');
    await hit({ bucket: 'test:idle', window: { seconds: 60 }, limit: 1 }, plus(now, -3 * 86_400_000));
    await hit({ bucket: 'test:recent', window: { seconds: 60 }, limit: 1 }, plus(now, -3_600_000));
    expect(await purgeRateLimits(t.database.db, now)).toBeGreaterThanOrEqual(1);
    expect(await hit({ bucket: 'test:recent', window: { seconds: 7200 }, limit: 1 }, now)).not.toBeNull();
  });
});

describe(windowFrom.name, () => {
  it('starts a Shanghai day at 16:00 UTC the day before', () => {
    expect(windowFrom({ bucket: 'b', window: 'shanghai_day', limit: 1 }, at('2026-07-01T03:00:00Z')).toISOString()).toBe(
      '2026-06-30T16:00:00.000Z',
    );
  });
});

describe(retryAfterSeconds.name, () => {
  it('waits for the hit whose leaving makes room, not the oldest one, when hits beyond the limit were kept', () => {
    const rule: RateRule = { bucket: 'b', window: { seconds: 100 }, limit: 2 };
    const now = at('2026-07-01T00:01:00Z');
    const hits = [at('2026-07-01T00:00:00Z'), at('2026-07-01T00:00:10Z'), at('2026-07-01T00:00:30Z')];
    expect(retryAfterSeconds(rule, hits, now)).toBe(50);
  });
});

describe(countHitsMany.name, () => {
  const h = useTestDatabase();

  it('counts a batch’s hits on many buckets in one go, admitting the first up to each limit, in fixed windows', async () => {
    const db = h.database.db;
    const perMinute = (bucket: string, limit: number): RateRule => ({ bucket, window: { seconds: 60 }, limit });
    const now = new Date('2026-07-01T02:00:10Z');
    const first = await countHitsMany(
      db,
      new Map([
        ['a', { rule: perMinute('a', 10), count: 4 }],
        ['b', { rule: perMinute('b', 3), count: 5 }],
      ]),
      now,
    );
    expect(first).toEqual(
      new Map([
        ['a', 4],
        ['b', 3],
      ]),
    );
    const second = await countHitsMany(db, new Map([['a', { rule: perMinute('a', 10), count: 8 }]]), new Date(now.getTime() + 30_000));
    expect(second).toEqual(new Map([['a', 6]]));
    // Refused hits counted too; the next minute starts afresh.
    expect(await countHitsMany(db, new Map([['b', { rule: perMinute('b', 3), count: 1 }]]), new Date(now.getTime() + 49_000))).toEqual(
      new Map([['b', 0]]),
    );
    expect(await countHitsMany(db, new Map([['b', { rule: perMinute('b', 3), count: 1 }]]), new Date(now.getTime() + 50_000))).toEqual(
      new Map([['b', 1]]),
    );
    expect(fixedWindowStart(perMinute('x', 1), now)).toEqual(new Date('2026-07-01T02:00:00Z'));
    expect(fixedWindowStart({ bucket: 'x', window: 'shanghai_day', limit: 1 }, now)).toEqual(new Date('2026-07-01T00:00:00+08:00'));
  });
});
