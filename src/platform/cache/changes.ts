import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import { afterCommit, type Tx } from '../db/tx.js';

// Read caches (the org tree, resolved staff sessions) are invalidated through PostgreSQL
// LISTEN/NOTIFY: a write calls notifyChange() inside its transaction, PostgreSQL delivers the
// notification to every instance when — and only if — the transaction commits, and each instance
// drops what it cached. The database stays the only source of truth; a cache can only be stale for
// the moment between a commit and the notification's arrival (ADR 0007).

export const CHANGE_CHANNEL = 'gonghui_changes';

/**
 * The topics of change notifications: the platform's own ('auth': sessions, sign-outs, keys), and each
 * module's, which the module declares by augmentation
 * (`declare module '…/platform/cache/changes.js' { interface ChangeTopics { members: true } }`).
 */
export interface ChangeTopics {
  auth: true;
}
export type ChangeTopic = keyof ChangeTopics;

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

/** What a change invalidates in one cache: every entry, nothing, or the entries carrying one of these tags. */
export type Invalidation = 'all' | 'none' | readonly string[];

/** The kinds of principal whose 'auth' changes name them: '<kind>:<session or principal id>'. */
const PRINCIPAL_KINDS = ['staff:', 'member:', 'partner:'];

/**
 * What an 'auth' change does to a cache of one kind of principal (its entries tagged '<kind>:<id>'): a
 * change naming that kind drops the entries it names, one naming another kind nothing, anything else
 * everything.
 */
export function principalChangeInvalidates(kind: 'staff' | 'member' | 'partner'): (subject: string) => Invalidation {
  return (subject) => {
    if (subject.startsWith(`${kind}:`)) return [subject];
    return PRINCIPAL_KINDS.some((prefix) => subject.startsWith(prefix)) ? 'none' : 'all';
  };
}

/**
 * One rule per topic, for a cache that listens to several: each topic's changes are read by the rule
 * its owner gives (a topic without one invalidates everything).
 */
export function invalidatesByTopic(
  rules: Partial<Record<ChangeTopic, (subject: string) => Invalidation>>,
): (topic: ChangeTopic, subject: string) => Invalidation {
  return (topic, subject) => rules[topic]?.(subject) ?? 'all';
}

/**
 * Whether a database handle's listener is connected. While it is not, notifications of other
 * instances' commits are lost, so the caches of that handle read through to the database instead of
 * answering from memory (a session signed out elsewhere must not live on here until the reconnect).
 */
export interface ListenerState {
  live: boolean;
}

const listenerStates = new WeakMap<object, ListenerState>();

export function listenerStateOf(db: object): ListenerState {
  let state = listenerStates.get(db);
  if (!state) listenerStates.set(db, (state = { live: true }));
  return state;
}

// Beyond this many tags invalidated while loads were in flight, one full flush is cheaper to track.
const MAX_TRACKED_INVALIDATIONS = 10_000;

/**
 * A small read cache whose entries are dropped on a change notification — all of them, or only those
 * the change names by tag (one member's sign-out drops that member's sessions, not every member's).
 * A fill that raced with an invalidation of what it loaded is not stored, so a read that began
 * before a commit can never put pre-commit data back. Concurrent misses on one key share one load
 * (begun after the last invalidation): after a flush, a hundred partners checking the same card at
 * once cost the database one read, not a hundred.
 */
export class InvalidatedCache<V> {
  private readonly entries = new Map<string, { value: V; storedAt: number; tags: readonly string[] }>();
  private readonly tagged = new Map<string, Set<string>>();
  private readonly loading = new Map<string, { generation: number; value: Promise<V> }>();
  /** Bumped by a full flush: no fill begun before it is stored. */
  private generation = 0;
  /** Bumped by each tag invalidation; a fill records the count it began at. */
  private invalidations = 0;
  private readonly invalidatedAt = new Map<string, number>();
  /** Fills under way, joined or not (an invalidation stops later reads joining them, not their finishing). */
  private inFlight = 0;
  private readonly unsubscribe: () => void;

  constructor(
    topics: readonly ChangeTopic[],
    private readonly options: {
      maxEntries: number;
      ttlMs: number;
      now?: () => number;
      /** What a change of a subscribed topic invalidates (default: everything). A reset always flushes. */
      invalidates?: (topic: ChangeTopic, subject: string) => Invalidation;
      /** The listener this cache relies on; while it is down, reads go to the database. */
      listener?: ListenerState;
    },
  ) {
    this.unsubscribe = onChange(topics, (topic, subject) => {
      const scope = topic === 'reset' ? 'all' : (options.invalidates?.(topic, subject) ?? 'all');
      if (scope === 'all') this.clear();
      else if (scope !== 'none') this.invalidate(scope);
    });
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.tagged.clear();
    this.invalidatedAt.clear();
    // Loads under way finish for their callers but are neither stored nor joined by later reads.
    this.loading.clear();
  }

  /** Drops the entries carrying any of these tags, and keeps loads under way from storing them. */
  invalidate(tags: readonly string[]): void {
    if (this.invalidatedAt.size + tags.length > MAX_TRACKED_INVALIDATIONS) return this.clear();
    const at = ++this.invalidations;
    for (const tag of tags) {
      for (const key of this.tagged.get(tag) ?? []) this.remove(key);
      if (this.inFlight > 0) this.invalidatedAt.set(tag, at);
    }
    // Which key a load under way will turn out to carry the tag is known only when it is done: later
    // reads start their own rather than join one that began before the change.
    this.loading.clear();
  }

  get(key: string, load: () => Promise<V>, tagsOf?: (value: V) => readonly string[]): Promise<V> {
    return this.read(key, load, true, tagsOf);
  }

  /** Like get, but an absent answer (null) is returned and not kept: something created a moment ago is found at once. */
  getPresent<T extends V>(key: string, load: () => Promise<T | null>, tagsOf?: (value: T) => readonly string[]): Promise<T | null> {
    return this.read(key, load as () => Promise<V>, false, tagsOf as ((value: V) => readonly string[]) | undefined) as Promise<T | null>;
  }

  // Not async: a hit — every request's session, partner key or card — is one settled promise, not a chain.
  private read(key: string, load: () => Promise<V>, keepNull: boolean, tagsOf?: (value: V) => readonly string[]): Promise<V> {
    if (this.options.listener && !this.options.listener.live) return load();
    const now = (this.options.now ?? Date.now)();
    const hit = this.entries.get(key);
    if (hit && now - hit.storedAt < this.options.ttlMs) return Promise.resolve(hit.value);
    const pending = this.loading.get(key);
    if (pending?.generation === this.generation) return pending.value;
    return this.fill(key, load, now, keepNull, tagsOf);
  }

  private async fill(
    key: string,
    load: () => Promise<V>,
    now: number,
    keepNull: boolean,
    tagsOf?: (value: V) => readonly string[],
  ): Promise<V> {
    const generation = this.generation;
    const began = this.invalidations;
    const value = load();
    this.loading.set(key, { generation, value });
    this.inFlight++;
    try {
      const loaded = await value;
      const tags = loaded === null || !tagsOf ? [] : tagsOf(loaded);
      const raced = generation !== this.generation || tags.some((tag) => (this.invalidatedAt.get(tag) ?? 0) > began);
      if (!raced && (keepNull || loaded !== null)) this.store(key, loaded, now, tags);
      return loaded;
    } finally {
      if (this.loading.get(key)?.value === value) this.loading.delete(key);
      // With no fill under way, none can race with an invalidation already made.
      if (--this.inFlight === 0) this.invalidatedAt.clear();
    }
  }

  private store(key: string, value: V, now: number, tags: readonly string[]): void {
    if (this.entries.size >= this.options.maxEntries && !this.entries.has(key)) {
      this.entries.clear();
      this.tagged.clear();
    }
    this.remove(key);
    this.entries.set(key, { value, storedAt: now, tags });
    for (const tag of tags) {
      let keys = this.tagged.get(tag);
      if (!keys) this.tagged.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.tagged.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.tagged.delete(tag);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    this.unsubscribe();
    this.entries.clear();
    this.tagged.clear();
  }
}
