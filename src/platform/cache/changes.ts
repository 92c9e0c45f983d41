import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import { afterCommit, type Tx } from '../db/tx.js';

// Read caches (the org tree, resolved staff sessions) are invalidated through PostgreSQL
// LISTEN/NOTIFY: a write calls notifyChange() inside its transaction, PostgreSQL delivers the
// notification to every instance when — and only if — the transaction commits, and each instance
// drops what it cached. The database stays the only source of truth; a cache can only be stale for
// the moment between a commit and the notification's arrival (ADR 0007).

export const CHANGE_CHANNEL = 'gonghui_changes';

export type ChangeTopic = 'orgs' | 'auth' | 'members';

const local = new EventEmitter();
local.setMaxListeners(0);

export async function notifyChange(tx: Tx, topic: ChangeTopic, subject = '*'): Promise<void> {
  const payload = `${topic}:${subject}`;
  await tx.execute(sql`select pg_notify(${CHANGE_CHANNEL}, ${payload})`);
  // This instance drops its caches as soon as the commit returns, before the notification comes back:
  // the client that made the change reads its own write at once.
  afterCommit(tx, () => deliverChange(payload));
}

/** Called by the database's listener with each payload, and with 'reset' when notifications may have been lost. */
export function deliverChange(payload: string): void {
  if (payload === 'reset') {
    local.emit('reset');
    return;
  }
  const colon = payload.indexOf(':');
  const topic = colon < 0 ? payload : payload.slice(0, colon);
  const subject = colon < 0 ? '*' : payload.slice(colon + 1);
  local.emit('change', topic, subject);
}

/** Subscribes a cache; returns the unsubscribe function. A reset (missed notifications) flushes every cache. */
export function onChange(topics: readonly ChangeTopic[], flush: (topic: ChangeTopic | 'reset', subject: string) => void): () => void {
  const onTopic = (topic: ChangeTopic, subject: string) => {
    if (topics.includes(topic)) flush(topic, subject);
  };
  const onReset = () => flush('reset', '*');
  local.on('change', onTopic);
  local.on('reset', onReset);
  return () => {
    local.off('change', onTopic);
    local.off('reset', onReset);
  };
}

/**
 * A small read cache whose entries are dropped on a change notification. Each fill records the
 * generation it started in: a fill that raced with an invalidation is not stored, so a read that
 * began before a commit can never put pre-commit data back after the flush. Concurrent misses on one
 * key share one load (of the same generation): after a flush, a hundred partners checking the same
 * card at once cost the database one read, not a hundred.
 */
export class InvalidatedCache<V> {
  private readonly entries = new Map<string, { value: V; storedAt: number }>();
  private readonly loading = new Map<string, { generation: number; value: Promise<V> }>();
  private generation = 0;
  private readonly unsubscribe: () => void;

  constructor(
    topics: readonly ChangeTopic[],
    private readonly options: {
      maxEntries: number;
      ttlMs: number;
      now?: () => number;
      /** Changes of a subscribed topic this cache does not depend on (a reset always flushes). */
      ignore?: (topic: ChangeTopic, subject: string) => boolean;
    },
  ) {
    this.unsubscribe = onChange(topics, (topic, subject) => {
      if (topic !== 'reset' && options.ignore?.(topic, subject)) return;
      this.clear();
    });
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    // Loads under way finish for their callers but are neither stored nor joined by later reads.
    this.loading.clear();
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    return this.read(key, load, true);
  }

  /** Like get, but an absent answer (null) is returned and not kept: something created a moment ago is found at once. */
  getPresent<T extends V>(key: string, load: () => Promise<T | null>): Promise<T | null> {
    return this.read(key, load as () => Promise<V>, false) as Promise<T | null>;
  }

  // Not async: a hit — every request's session, partner key or card — is one settled promise, not a chain.
  private read(key: string, load: () => Promise<V>, keepNull: boolean): Promise<V> {
    const now = (this.options.now ?? Date.now)();
    const hit = this.entries.get(key);
    if (hit && now - hit.storedAt < this.options.ttlMs) return Promise.resolve(hit.value);
    const pending = this.loading.get(key);
    if (pending?.generation === this.generation) return pending.value;
    return this.fill(key, load, now, keepNull);
  }

  private async fill(key: string, load: () => Promise<V>, now: number, keepNull: boolean): Promise<V> {
    const generation = this.generation;
    const value = load();
    this.loading.set(key, { generation, value });
    try {
      const loaded = await value;
      if (generation === this.generation && (keepNull || loaded !== null)) {
        if (this.entries.size >= this.options.maxEntries) this.entries.clear();
        this.entries.set(key, { value: loaded, storedAt: now });
      }
      return loaded;
    } finally {
      if (this.loading.get(key)?.value === value) this.loading.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    this.unsubscribe();
    this.entries.clear();
  }
}
