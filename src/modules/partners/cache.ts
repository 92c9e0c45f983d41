import { InvalidatedCache, invalidatesByTopic, listenerStateOf, principalChangeInvalidates } from '../../platform/cache/changes.js';
import { orgChangeInvalidates } from '#modules/orgs';
import type { Db } from '../../platform/db/tx.js';

// Every partner request resolves its key and its partner before anything else; both change rarely
// (a key is revoked, a union deactivated). Cached per instance and dropped on those changes (ADR 0007):
// revocation notifies 'auth', deactivating a union notifies 'orgs'. Unknown keys are never cached, so a
// key issued on another instance works at once.
const caches = new WeakMap<Db, InvalidatedCache<unknown>>();

export function enablePartnerAuthCache(db: Db): () => void {
  const cache = new InvalidatedCache<unknown>(['auth', 'orgs'], {
    maxEntries: 10_000,
    ttlMs: 60_000,
    // A key revoked names its partner; member and staff sign-outs, frequent, touch no partner.
    invalidates: invalidatesByTopic({ auth: principalChangeInvalidates('partner'), orgs: orgChangeInvalidates }),
    listener: listenerStateOf(db),
  });
  caches.set(db, cache);
  return () => {
    cache.dispose();
    caches.delete(db);
  };
}

/** Loads through the cache when the handle has one; a null answer is returned but not kept. */
export function cachedPartnerRead<T extends { partnerId: string }>(db: Db, key: string, load: () => Promise<T | null>): Promise<T | null> {
  const cache = caches.get(db) as InvalidatedCache<T | null> | undefined;
  if (!cache) return load();
  return cache.getPresent(key, load, (value) => [`partner:${value.partnerId}`]);
}
