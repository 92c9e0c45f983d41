import { InvalidatedCache, invalidatesByTopic, listenerStateOf, type Invalidation } from '../../platform/cache/changes.js';
import { orgChangeInvalidates } from '#modules/orgs';
import type { Db } from '../../platform/db/tx.js';

// Two hot reads of this module, cached per instance and dropped on every change notification of the
// 'members' topic, and of 'orgs' (a union renamed) (ADR 0007): what a card check needs about a member
// (status, masked name, union and its name), and
// a union's review settings (read by every join). Every write that changes a member's status, union or
// name, and every settings change, notifies — so a member who left fails the next card check on every
// instance. Unknown members are never cached: a member approved a moment ago is found at once.
const caches = new WeakMap<Db, InvalidatedCache<unknown>>();

export function enableMemberCaches(db: Db): () => void {
  const cache = new InvalidatedCache<unknown>(['members', 'orgs'], {
    maxEntries: 200_000,
    ttlMs: 10 * 60_000,
    invalidates: invalidatesByTopic({ members: membersChangedBy, orgs: orgChangeInvalidates }),
    listener: listenerStateOf(db),
  });
  caches.set(db, cache);
  return () => {
    cache.dispose();
    caches.delete(db);
  };
}

/** Reads through the cache; `tag` names what the value depends on, as the writes notify it ('member:<id>', 'settings:<org id>'). */
export function cachedMemberRead<T>(db: Db, key: string, load: () => Promise<T | null>, tag: (value: T) => string): Promise<T | null> {
  const cache = caches.get(db) as InvalidatedCache<T | null> | undefined;
  if (!cache) return load();
  return cache.getPresent(key, load, (value) => [tag(value)]);
}

// A write names the member it changed, or the union whose settings it changed: only their entries go.
// A purge (many members at once) and a change of an organisation (renamed, moved) drop everything; a
// new organisation changes no member's.
function membersChangedBy(subject: string): Invalidation {
  if (subject === 'purge' || subject === '*') return 'all';
  return subject.startsWith('settings:') ? [subject] : [`member:${subject}`];
}
