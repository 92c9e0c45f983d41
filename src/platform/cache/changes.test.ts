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

describe('InvalidatedCache ignore', () => {
  it('keeps entries on changes it does not depend on, and flushes on the others and on a reset', async () => {
    const cache = new InvalidatedCache<number>(['orgs'], {
      maxEntries: 10,
      ttlMs: 60_000,
      ignore: (_topic, subject) => subject.startsWith('create:'),
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
});
