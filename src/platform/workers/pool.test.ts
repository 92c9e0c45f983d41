import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool, WorkerPoolError } from './pool.js';

const WORKER = new URL('./test-worker.ts', import.meta.url);

describe(WorkerPool.name, () => {
  let pool: WorkerPool<number, number> | null = null;
  afterEach(async () => {
    await pool?.close();
    pool = null;
  });

  it('answers every request, each with its own result, across its threads', async () => {
    pool = new WorkerPool<number, number>(WORKER, { size: 2 });
    const inputs = Array.from({ length: 200 }, (_, i) => i);
    expect(await Promise.all(inputs.map((n) => pool!.run(n)))).toEqual(inputs.map((n) => n * 2));
  });

  it('fails the one request whose work throws, and goes on', async () => {
    pool = new WorkerPool<number, number>(WORKER, { size: 1 });
    await expect(pool.run(-1)).rejects.toThrow('negative: -1');
    expect(await pool.run(21)).toBe(42);
  });

  it('fails every open and later request once a thread dies', async () => {
    pool = new WorkerPool<number, number>(WORKER, { size: 2 });
    expect(await pool.run(1)).toBe(2);
    const dying = pool.run(Number.NaN);
    await expect(dying).rejects.toThrow(WorkerPoolError);
    await expect(dying).rejects.toThrow('worker exited with code 3');
    await expect(pool.run(1)).rejects.toThrow('worker exited with code 3');
  });

  it('refuses work once closed', async () => {
    pool = new WorkerPool<number, number>(WORKER, { size: 1 });
    await pool.close();
    await expect(pool.run(1)).rejects.toThrow('worker pool is closed');
  });
});
