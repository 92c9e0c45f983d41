import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../../bin/server-flags.mjs';
import { messagesOf, startThread } from './thread.js';

const THREAD = new URL('./test-thread.ts', import.meta.url);

async function take(end: string, messages = 3): Promise<{ got: number[]; error: (Error & { code?: string }) | null }> {
  const worker = startThread(THREAD, { workerData: { messages, end }, resourceLimits: { maxOldGenerationSizeMb: 16 } });
  const got: number[] = [];
  try {
    for await (const message of messagesOf<number>(worker)) got.push(message);
    return { got, error: null };
  } catch (error) {
    return { got, error: error as Error };
  } finally {
    await worker.terminate();
  }
}

describe(messagesOf.name, () => {
  it('gives every message in order and ends when the thread exits', async () => {
    expect(await take('exit', 500)).toEqual({ got: Array.from({ length: 500 }, (_, i) => i), error: null });
  });

  it('gives the messages sent before the thread died, then its error', async () => {
    const thrown = await take('throw');
    expect(thrown.got).toEqual([0, 1, 2]);
    expect(thrown.error?.message).toBe('thrown in the thread');
    const exited = await take('code');
    expect(exited.got).toEqual([0, 1, 2]);
    expect(exited.error?.message).toBe('thread exited with code 3');
  });

  it('keeps the messages of threads that die at once while others start (the error overtook them under load)', async () => {
    const dead = await Promise.all(Array.from({ length: 24 }, () => take('throw')));
    expect(dead.map((d) => d.got)).toEqual(dead.map(() => [0, 1, 2]));
    expect(dead.every((d) => d.error?.message === 'thrown in the thread')).toBe(true);
  });

  it('ends with ERR_WORKER_OUT_OF_MEMORY when the thread passes its heap’s limit, and the process lives on', async () => {
    const { error } = await take('exhaust', 0);
    expect(error?.code).toBe('ERR_WORKER_OUT_OF_MEMORY');
  });
});

describe(startThread.name, () => {
  it('holds a thread to its own young generation under the server’s flags, and leaves the main thread’s as they set it', async () => {
    const script = fileURLToPath(new URL('./test-young.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', script]);
    const young = JSON.parse(stdout) as { main: number; thread: number };
    // --max-semi-space-size=32: two semi-spaces of 32 MB once grown; the thread's limit is 4 MB in all.
    expect(young.main).toBe(64);
    expect(young.thread).toBeLessThanOrEqual(4);
  });
});
