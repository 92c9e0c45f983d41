// Group commit in the application: requests that must serialise on one row (a hot balance) are
// gathered per key and written by one transaction each, so the cost of a commit — an fsync and a
// round trip under the row's lock — is paid once per batch instead of once per request. At most one
// batch per key is in flight in a process; requests that arrive meanwhile form the next one, so
// batches grow with load and a lone request on a quiet day waits for nothing but its own turn of the
// event loop. The queue holds only requests in flight: a crash loses no state, its callers got no answer.

export type BatchOutcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions<K, I, O> {
  /** Writes one batch in one transaction; answers each item in order. A throw fails the whole batch. */
  write: (key: K, items: I[]) => Promise<BatchOutcome<O>[]>;
  /** What each caller of a batch that failed as a whole is told (a retryable error: nothing was written). */
  failed: (error: unknown) => unknown;
  /** The most items one transaction takes. */
  maxBatch?: number;
}

export class GroupCommit<K extends string, I, O> {
  private readonly queues = new Map<K, Waiting<I, O>[]>();
  private readonly busy = new Set<K>();
  private readonly maxBatch: number;

  constructor(private readonly options: GroupCommitOptions<K, I, O>) {
    this.maxBatch = options.maxBatch ?? 500;
  }

  submit(key: K, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) queue.push({ item, resolve, reject });
      else this.queues.set(key, [{ item, resolve, reject }]);
      // Requests parsed in the same turn of the event loop start together.
      if (!this.busy.has(key)) {
        this.busy.add(key);
        setImmediate(() => void this.drain(key));
      }
    });
  }

  /** Items waiting or being written, for tests and metrics. */
  pending(key: K): number {
    return this.queues.get(key)?.length ?? 0;
  }

  private async drain(key: K): Promise<void> {
    for (;;) {
      const queue = this.queues.get(key);
      if (!queue || queue.length === 0) {
        this.queues.delete(key);
        this.busy.delete(key);
        return;
      }
      const batch = queue.splice(0, this.maxBatch);
      let outcomes: BatchOutcome<O>[];
      try {
        outcomes = await this.options.write(
          key,
          batch.map((w) => w.item),
        );
        if (outcomes.length !== batch.length) throw new Error(`group commit: ${outcomes.length} outcomes for ${batch.length} items`);
      } catch (error) {
        const told = this.options.failed(error);
        for (const w of batch) w.reject(told);
        continue;
      }
      batch.forEach((w, i) => {
        const outcome = outcomes[i];
        if (outcome?.ok) w.resolve(outcome.value);
        else w.reject(outcome?.error);
      });
    }
  }
}

/**
 * Splits a batch into rounds in which no two items share a key (a patient, an Idempotency-Key…), as
 * indexes into `items`: an item that waits blocks its keys for the rest of the round too, so items
 * sharing a key are written in the order they came. One round per transaction, each seeing the last's work.
 */
export function inRounds<I>(items: readonly I[], keysOf: (item: I) => readonly string[]): number[][] {
  const rounds: number[][] = [];
  let left = items.map((_, i) => i);
  while (left.length > 0) {
    const taken = new Set<string>();
    const round: number[] = [];
    const later: number[] = [];
    for (const i of left) {
      const keys = keysOf(items[i] as I);
      if (keys.some((k) => taken.has(k))) later.push(i);
      else round.push(i);
      for (const k of keys) taken.add(k);
    }
    rounds.push(round);
    left = later;
  }
  return rounds;
}
