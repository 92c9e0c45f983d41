import { InvalidatedCache, listenerStateOf, type Invalidation } from '../../platform/cache/changes.js';
import type { Db } from '../../platform/db/tx.js';
import type { OrgNode } from './service/index.js';

// The tree is read far more than it changes (every console page opens it; organisations are created
// a few times a day), so one level of it is cached per instance and dropped on any org change.
const treeCaches = new WeakMap<Db, InvalidatedCache<OrgNode[]>>();
const subtreeCaches = new WeakMap<Db, InvalidatedCache<string[]>>();

/** Turns the tree cache on for the app's database handle (transactions never use it). */
export function enableOrgTreeCache(db: Db): () => void {
  const cache = new InvalidatedCache<OrgNode[]>(['orgs'], { maxEntries: 50_000, ttlMs: 10 * 60_000, listener: listenerStateOf(db) });
  const subtrees = new InvalidatedCache<string[]>(['orgs'], { maxEntries: 5_000, ttlMs: 10 * 60_000, listener: listenerStateOf(db) });
  treeCaches.set(db, cache);
  subtreeCaches.set(db, subtrees);
  return () => {
    cache.dispose();
    subtrees.dispose();
    treeCaches.delete(db);
    subtreeCaches.delete(db);
  };
}

/** The id lists of subtrees (by path), dropped with the tree. */
export function subtreeCacheFor(db: Db): InvalidatedCache<string[]> | undefined {
  return subtreeCaches.get(db);
}

export function orgTreeCacheFor(db: Db): InvalidatedCache<OrgNode[]> | undefined {
  return treeCaches.get(db);
}

/**
 * What a change of the 'orgs' topic does to a cache that holds organisations' names, paths or status:
 * a new organisation changes no existing one (an import of hundreds must not flush everything); any
 * other change (renamed, moved, deactivated) may touch any entry.
 */
export function orgChangeInvalidates(subject: string): Invalidation {
  return subject.startsWith('create:') ? 'none' : 'all';
}
