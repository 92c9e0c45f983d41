// A thread of its own for one long piece of work (a list's reading), and the pool's threads: started the
// same way whether the sources run compiled or through tsx.
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker, type ResourceLimits } from 'node:worker_threads';

export interface ThreadOptions {
  /** Handed to the thread once, at its start (keys, settings). */
  workerData?: unknown;
  resourceLimits?: ResourceLimits;
}

let ownLimits = false;

/**
 * The server runs with --max-semi-space-size (bin/server-flags.mjs) for its own heap, and V8 applies the
 * flag to every isolate created after it, over a thread's resourceLimits: a list reader limited to 4 MB
 * of young generation got 64. The flag is read when an isolate's heap is set up, so clearing it once
 * the main heap exists gives each thread its own limits and leaves the main heap as it is (thread.test.ts
 * checks both under the server's flags).
 */
function giveThreadsTheirOwnLimits(): void {
  if (ownLimits) return;
  ownLimits = true;
  setFlagsFromString('--max-semi-space-size=0');
}

/** Starts the module at `url` in a thread; sources run through tsx have their loader registered first. */
export function startThread(url: URL, options: ThreadOptions = {}): Worker {
  giveThreadsTheirOwnLimits();
  const settings = { workerData: options.workerData, resourceLimits: options.resourceLimits };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, settings);
  // A thread starts without the loader the CLI and the tests registered on the main thread. tsx's
  // require hook runs in the thread itself, where its ESM loader would start one more thread for its hooks.
  const bootstrap = `require('tsx/cjs/api').register(); require(${JSON.stringify(fileURLToPath(url))});`;
  return new Worker(bootstrap, { ...settings, eval: true });
}

/** The thread module beside `base` named `name`, as .ts when the sources run through tsx and .js when compiled. */
export function threadModule(name: string, base: string): URL {
  return new URL(`./${name}.${base.endsWith('.ts') ? 'ts' : 'js'}`, base);
}

/**
 * The thread's messages in order, until it exits. A thread that dies (an error it did not catch, its
 * heap's limit reached, a non-zero exit) ends the iteration with that error once its earlier messages are taken.
 */
export async function* messagesOf<T>(worker: Worker): AsyncGenerator<T> {
  const queue: T[] = [];
  // Set by the handlers below, between the awaits.
  let end = null as { error: Error | null } | null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (message: T) => {
    queue.push(message);
    notify();
  });
  // A thread's error comes by its own channel and may overtake the messages it sent before it died;
  // 'exit' always follows it, and Node delivers the thread's last messages before 'exit'. So the error is
  // kept until then (a thread that threw at once under load gave none of its three messages).
  let died: Error | null = null;
  worker.on('error', (error) => {
    died ??= error;
  });
  worker.on('exit', (code) => {
    end = { error: died ?? (code === 0 ? null : new Error(`thread exited with code ${code}`)) };
    notify();
  });
  for (;;) {
    if (queue.length > 0) {
      yield queue.shift() as T;
      continue;
    }
    if (end) {
      if (end.error) throw end.error;
      return;
    }
    await new Promise<void>((resolve) => (wake = resolve));
  }
}
