import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/harness/db.js';
import { inTransaction } from '../db/tx.js';
import { deliverChange, InvalidatedCache, notifyChange, onChange } from './changes.js';

describe(InvalidatedCache.name, () => {
  it('serves a cached value until its topic changes', async () => {
    const cache = new InvalidatedCache<number>(['orgs'], { maxEntries: 10, ttlMs: 60_000 });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('k', load)).toBe(1);
    expect(await cache.get('k', load)).toBe(1);
    deliverChange('auth:someone');
    expect(await cache.get('k', load)).toBe(1);
    deliverChange('orgs:*');
    expect(await cache.get('k', load)).toBe(2);
    cache.dispose();
  });

  it('does not store a value whose load raced with an invalidation', async () => {
    const cache = new InvalidatedCache<string>(['orgs'], { maxEntries: 10, ttlMs: 60_000 });
    let release: () => void = () => undefined;
    const slow = cache.get('k', () => new Promise<string>((resolve) => (release = () => resolve('before the commit'))));
    deliverChange('orgs:*');
    release();
    expect(await slow).toBe('before the commit');
    expect(await cache.get('k', async () => 'after the commit')).toBe('after the commit');
    cache.dispose();
  });

  it('gives concurrent misses on one key one load, and a flush a load of its own', async () => {
    const cache = new InvalidatedCache<string>(['orgs'], { maxEntries: 10, ttlMs: 60_000 });
    const releases: ((value: string) => void)[] = [];
    const load = () => new Promise<string>((resolve) => releases.push(resolve));
    const before = [cache.get('k', load), cache.get('k', load), cache.get('k', load)];
    const other = cache.get('other', load);
    expect(releases).toHaveLength(2);
    deliverChange('orgs:*');
    // A read after the flush must not be handed the load that began before it.
    const after = cache.get('k', load);
    expect(releases).toHaveLength(3);
    releases[0]?.('before the commit');
    releases[1]?.('other');
    releases[2]?.('after the commit');
    expect(await Promise.all(before)).toEqual(['before the commit', 'before the commit', 'before the commit']);
    expect(await other).toBe('other');
    expect(await after).toBe('after the commit');
    expect(await cache.get('k', load)).toBe('after the commit');
    expect(releases).toHaveLength(3);
    cache.dispose();
  });

  it('shares a failed load with the reads that joined it, and keeps nothing of it', async () => {
    const cache = new InvalidatedCache<number>(['orgs'], { maxEntries: 10, ttlMs: 60_000 });
    let fail: (error: Error) => void = () => undefined;
    const failing = () => new Promise<number>((_resolve, reject) => (fail = reject));
    const reads = [cache.get('k', failing), cache.get('k', failing)];
    fail(new Error('connection lost'));
    for (const read of reads) await expect(read).rejects.toThrow('connection lost');
    expect(await cache.get('k', async () => 7)).toBe(7);
    cache.dispose();
  });

  it('flushes everything when notifications may have been missed', async () => {
    const cache = new InvalidatedCache<number>(['auth'], { maxEntries: 10, ttlMs: 60_000 });
    await cache.get('k', async () => 1);
    deliverChange('reset');
    expect(cache.size).toBe(0);
    cache.dispose();
  });
});

describe(notifyChange.name, () => {
  const h = useTestDatabase();

  it('reaches this instance after the commit, and not at all after a rollback', async () => {
    const seen: string[] = [];
    const stop = onChange(['orgs'], (topic, subject) => seen.push(`${topic}:${subject}`));
    const db = h.database.db;
    await expect(
      inTransaction(db, async (tx) => {
        await notifyChange(tx, 'orgs', 'rolled-back');
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    expect(seen).toEqual([]);
    await inTransaction(db, async (tx) => {
      await notifyChange(tx, 'orgs', 'committed');
      expect(seen).toEqual([]);
    });
    expect(seen).toContain('orgs:committed');
    stop();
  });
});

describe('InvalidatedCache invalidation by tag', () => {
  it('keeps entries on changes it does not depend on, and flushes on the others and on a reset', async () => {
    const cache = new InvalidatedCache<number>(['orgs'], {
      maxEntries: 10,
      ttlMs: 60_000,
      invalidates: (_topic, subject) => (subject.startsWith('create:') ? 'none' : 'all'),
    });
    await cache.get('k', async () => 1);
    deliverChange('orgs:create:some-parent');
    expect(cache.size).toBe(1);
    deliverChange('orgs:*');
    expect(cache.size).toBe(0);
    await cache.get('k', async () => 1);
    deliverChange('reset');
    expect(cache.size).toBe(0);
    cache.dispose();
  });

  it('drops only the entries a change names: one sign-out, not every session', async () => {
    const cache = new InvalidatedCache<{ session: string; account: string }>(['auth'], {
      maxEntries: 100,
      ttlMs: 60_000,
      invalidates: (_topic, subject) => (subject.startsWith('member:') ? [subject] : 'none'),
    });
    const tags = (v: { session: string; account: string }) => [`member:${v.session}`, `member:${v.account}`];
    let loads = 0;
    const read = (token: string, session: string, account: string) =>
      cache.get(
        token,
        async () => {
          loads++;
          return { session, account };
        },
        tags,
      );
    await read('t1', 's1', 'a1');
    await read('t2', 's2', 'a1');
    await read('t3', 's3', 'a2');
    expect(loads).toBe(3);
    deliverChange('auth:member:s1');
    expect(cache.size).toBe(2);
    await read('t2', 's2', 'a1');
    await read('t3', 's3', 'a2');
    expect(loads).toBe(3);
    // A sign-out everywhere names the account: every session of it goes, the other account's stays.
    deliverChange('auth:member:a1');
    expect(cache.size).toBe(1);
    await read('t3', 's3', 'a2');
    expect(loads).toBe(3);
    deliverChange('auth:staff:s3');
    expect(cache.size).toBe(1);
    cache.dispose();
  });

  it('does not store a load that raced with an invalidation of what it loaded, and stores one that did not', async () => {
    const cache = new InvalidatedCache<string>(['members'], {
      maxEntries: 10,
      ttlMs: 60_000,
      invalidates: (_topic, subject) => [subject],
    });
    const releases: ((value: string) => void)[] = [];
    const load = () => new Promise<string>((resolve) => releases.push(resolve));
    const racing = cache.get('card:1', load, () => ['m1']);
    const untouched = cache.get('card:2', load, () => ['m2']);
    deliverChange('members:m1');
    // A read after the change starts its own load rather than join the one begun before it.
    const after = cache.get('card:1', load, () => ['m1']);
    expect(releases).toHaveLength(3);
    releases[0]?.('m1 before the commit');
    releases[1]?.('m2');
    releases[2]?.('m1 after the commit');
    expect(await racing).toBe('m1 before the commit');
    expect(await untouched).toBe('m2');
    expect(await after).toBe('m1 after the commit');
    expect(await cache.get('card:1', load, () => ['m1'])).toBe('m1 after the commit');
    expect(await cache.get('card:2', load, () => ['m2'])).toBe('m2');
    expect(releases).toHaveLength(3);
    cache.dispose();
  });

  it('reads through to the source while its listener is down, and caches again once it is back', async () => {
    const listener = { live: true };
    const cache = new InvalidatedCache<number>(['auth'], { maxEntries: 10, ttlMs: 60_000, listener });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('k', load)).toBe(1);
    expect(await cache.get('k', load)).toBe(1);
    listener.live = false;
    expect(await cache.get('k', load)).toBe(2);
    expect(await cache.get('k', load)).toBe(3);
    expect(cache.size).toBe(1);
    listener.live = true;
    deliverChange('reset');
    expect(await cache.get('k', load)).toBe(4);
    expect(await cache.get('k', load)).toBe(4);
    cache.dispose();
  });
});
