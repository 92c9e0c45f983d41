import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/harness/db.js';
import { inTransaction } from '../db/tx.js';
import { deviceCookieValue, parseDeviceCookie } from './known-devices.js';
import {
  blockedUntil,
  clearThrottles,
  purgeSignInThrottles,
  recordThrottleFailure,
  throttleDelaySeconds,
  throttleWait,
  type ThrottlePolicy,
} from './sign-in-throttle.js';

const policy: ThrottlePolicy = { freeFailures: 3, leakSeconds: 600, baseDelaySeconds: 10, maxDelaySeconds: 60 };

describe(throttleDelaySeconds.name, () => {
  it('lets the free failures through, then doubles the wait up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 40].map((score) => throttleDelaySeconds(score, policy))).toEqual([0, 0, 10, 20, 40, 60, 60, 60]);
  });
});

describe(recordThrottleFailure.name, () => {
  const t = useTestDatabase();
  const fail = (key: string, now: Date) => inTransaction(t.database.db, (tx) => recordThrottleFailure(tx, key, policy, now));
  const start = new Date('2026-07-01T09:00:00+08:00');
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

  it('blocks a key from its third failure, and tells how long to wait', async () => {
    await fail('test:a', at(0));
    await fail('test:a', at(1));
    expect(await throttleWait(t.database.db, ['test:a'], at(2))).toBeNull();
    await fail('test:a', at(2));
    expect(await throttleWait(t.database.db, ['test:a', 'test:unrelated'], at(2))).toBe(10);
    expect(await throttleWait(t.database.db, ['test:a'], at(12))).toBeNull();
  });

  it('forgets one failure for every whole leak period without one', async () => {
    for (const s of [0, 1, 2]) await fail('test:leak', at(s));
    // Twenty minutes later two failures are forgotten: this one brings the score to 2, under the free 3.
    await fail('test:leak', at(1202));
    expect(await throttleWait(t.database.db, ['test:leak'], at(1202))).toBeNull();
  });

  it('counts every one of failures made at once', async () => {
    await Promise.all(Array.from({ length: 6 }, () => fail('test:burst', at(0))));
    // Score 6: 10 · 2³ = 80 s, capped at 60.
    expect(await throttleWait(t.database.db, ['test:burst'], at(0))).toBe(60);
  });

  it('clears keys, reports who is blocked, and purges keys idle for a day', async () => {
    for (const s of [0, 1, 2]) await fail('test:clear', at(s));
    expect([...(await blockedUntil(t.database.db, ['test:clear', 'test:none'], at(3))).keys()]).toEqual(['test:clear']);
    await inTransaction(t.database.db, (tx) => clearThrottles(tx, ['test:clear']));
    expect(await throttleWait(t.database.db, ['test:clear'], at(3))).toBeNull();
    await fail('test:idle', at(0));
    expect(await purgeSignInThrottles(t.database.db, at(86_401))).toBeGreaterThanOrEqual(1);
    expect(await blockedUntil(t.database.db, ['test:idle'], at(86_401))).toEqual(new Map());
  });
});

describe(parseDeviceCookie.name, () => {
  const token = (c: string) => c.repeat(43);

  it('keeps well-formed tokens, at most five, and ignores the rest', () => {
    expect(parseDeviceCookie(undefined)).toEqual([]);
    expect(parseDeviceCookie(`${token('a')}.junk.${token('b')}`)).toEqual([token('a'), token('b')]);
    expect(parseDeviceCookie(['a', 'b', 'c', 'd', 'e', 'f'].map(token).join('.'))).toHaveLength(5);
  });

  it('puts the new token first and keeps the browser’s other accounts behind it', () => {
    expect(deviceCookieValue(token('n'), [token('a'), token('n'), token('b')])).toBe([token('n'), token('a'), token('b')].join('.'));
  });
});
