// Funds are read by every payment before it joins its batch: which union runs the fund, its status and
// sources. They change rarely (a fund set up, a source added), so each instance keeps them, dropped on
// the 'funds' change topic and on any change of the org tree (an owner renamed or moved) — ADR 0007.
// Without it, three reads per payment cost more than the payment (bench/funds.bench.ts).
import { InvalidatedCache, invalidatesByTopic, listenerStateOf } from '../../platform/cache/changes.js';
import type { Db } from '../../platform/db/tx.js';
import { orgChangeInvalidates } from '#modules/orgs';

const caches = new WeakMap<Db, InvalidatedCache<unknown>>();

export function enableFundCaches(db: Db): () => void {
  const cache = new InvalidatedCache<unknown>(['funds', 'orgs'], {
    maxEntries: 10_000,
    ttlMs: 10 * 60_000,
    invalidates: invalidatesByTopic({ funds: (subject) => (subject === '*' ? 'all' : [subject]), orgs: orgChangeInvalidates }),
    listener: listenerStateOf(db),
  });
  caches.set(db, cache);
  return () => {
    cache.dispose();
    caches.delete(db);
  };
}

/** Reads a fund through the instance's cache (a transaction, or a handle without one, reads the database). */
export function cachedFundRead<T extends { id: string }>(db: Db, fundId: string, load: () => Promise<T | null>): Promise<T | null> {
  const cache = caches.get(db) as InvalidatedCache<T | null> | undefined;
  if (!cache) return load();
  return cache.getPresent(fundId, load, (value) => [value.id]);
}
