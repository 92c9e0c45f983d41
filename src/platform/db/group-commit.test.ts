import { describe, expect, it } from 'vitest';
import { GroupCommit, type BatchOutcome } from './group-commit.js';

describe('group commit', () => {
  it('writes the requests of one turn of the event loop as one batch, and those arriving meanwhile as the next', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const q = new GroupCommit<string, number, number>({
      write: async (_key, items) => {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((r) => (release = r));
        return items.map((i): BatchOutcome<number> => ({ ok: true, value: i * 10 }));
      },
      failed: (e) => e,
    });
    const first = [1, 2, 3].map((i) => q.submit('a', i));
    await new Promise((r) => setImmediate(r));
    const later = [4, 5].map((i) => q.submit('a', i));
    expect(q.pending('a')).toBe(2);
    release();
    expect(await Promise.all([...first, ...later])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('answers each item with its own outcome, and every item of a failed batch with the retryable error', async () => {
    let fail = false;
    const q = new GroupCommit<string, number, number>({
      write: async (_key, items) => {
        if (fail) throw new Error('connection lost');
        return items.map((i): BatchOutcome<number> => (i % 2 ? { ok: true, value: i } : { ok: false, error: new Error(`refused ${i}`) }));
      },
      failed: () => new Error('busy'),
    });
    const out = await Promise.allSettled([1, 2].map((i) => q.submit('k', i)));
    expect(out.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([1, 'refused 2']);
    fail = true;
    const failed = await Promise.allSettled([3, 4].map((i) => q.submit('k', i)));
    expect(failed.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : 'ok'))).toEqual(['busy', 'busy']);
  });

  it('keeps keys apart and bounds a batch', async () => {
    const seen: string[] = [];
    const q = new GroupCommit<string, number, number>({
      write: async (key, items) => {
        seen.push(`${key}:${items.length}`);
        return items.map((i) => ({ ok: true as const, value: i }));
      },
      failed: (e) => e,
      maxBatch: 2,
    });
    await Promise.all([...[1, 2, 3].map((i) => q.submit('a', i)), q.submit('b', 9)]);
    expect(seen.sort()).toEqual(['a:1', 'a:2', 'b:1']);
  });
});
