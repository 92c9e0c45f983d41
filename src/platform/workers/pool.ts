// Threads for CPU-bound work that would otherwise hold the server's event loop: the roll import's
// per-field cryptography is half of its CPU, and on the loop it both caps the import at one core and
// keeps every request waiting behind it. A pool answers each request with a promise; requests go to
// the threads in turn, so a caller that awaits them in the order sent gets its results in that order.
import { availableParallelism } from 'node:os';
import { parentPort, type Worker, type Transferable } from 'node:worker_threads';
import { startThread, type ThreadOptions } from './thread.js';

/** Threads a pool gets by default: the cores left beside the event loop (none on one core), at most four. */
export const defaultPoolSize = (): number => Math.max(0, Math.min(4, availableParallelism() - 1));

export interface PoolOptions extends ThreadOptions {
  size?: number;
}

interface Request<In> {
  id: number;
  input: In;
}

type Reply<Out> = { id: number; output: Out } | { id: number; error: string };

interface Pending<Out> {
  resolve: (output: Out) => void;
  reject: (error: Error) => void;
}

export class WorkerPoolError extends Error {}

export class WorkerPool<In, Out> {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending<Out>>();
  private nextId = 0;
  private failure: WorkerPoolError | null = null;
  private closed = false;

  /** `url` is a module that calls `serveRequests`. */
  constructor(url: URL, options: PoolOptions = {}) {
    const size = options.size ?? Math.max(1, defaultPoolSize());
    this.workers = Array.from({ length: size }, () => {
      const worker = startThread(url, options);
      worker.on('message', (reply: Reply<Out>) => this.settle(reply));
      worker.on('error', (error) => this.fail(`worker failed: ${error.message}`));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(`worker exited with code ${code}`);
      });
      // An idle thread must not keep a finished command alive; one with work must (see `run`).
      worker.unref();
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** Runs one request on the next thread in turn; `transfer` hands buffers over instead of copying them. */
  run(input: In, transfer: readonly Transferable[] = []): Promise<Out> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new WorkerPoolError('worker pool is closed'));
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length] as Worker;
    if (this.pending.size === 0) for (const w of this.workers) w.ref();
    return new Promise<Out>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, input } satisfies Request<In>, transfer);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.rejectAll(new WorkerPoolError('worker pool is closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private settle(reply: Reply<Out>): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) for (const w of this.workers) w.unref();
    if ('error' in reply) pending.reject(new WorkerPoolError(reply.error));
    else pending.resolve(reply.output);
  }

  // A thread that dies takes its requests with it, and a pool short of a thread would answer out of
  // turn: every request still open fails, and so does every later one.
  private fail(message: string): void {
    this.failure ??= new WorkerPoolError(message);
    this.rejectAll(this.failure);
  }

  private rejectAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/** The thread's side: answers each request with `handle`'s output, or with the error it threw. */
export function serveRequests(handle: (input: unknown) => { output: unknown; transfer?: Transferable[] }): void {
  if (!parentPort) throw new WorkerPoolError('serveRequests runs in a worker thread');
  const port = parentPort;
  port.on('message', ({ id, input }: Request<unknown>) => {
    let reply: Reply<unknown>;
    let transfer: Transferable[] = [];
    try {
      const answer = handle(input);
      reply = { id, output: answer.output };
      transfer = answer.transfer ?? [];
    } catch (error) {
      reply = { id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply, transfer);
  });
}
