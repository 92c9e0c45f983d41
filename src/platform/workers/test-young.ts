// Run by thread.test.ts in a node started with the server's flags: the young generation of a thread
// started with a limit, and of the main thread after the same garbage, as JSON on stdout.
import { getHeapSpaceStatistics } from 'node:v8';
import { SERVER_NODE_FLAGS } from '../../../bin/server-flags.mjs';
import { makeGarbage } from './test-garbage.js';
import { messagesOf, startThread } from './thread.js';

const youngMb = () => (getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0) / 2 ** 20;
const kept = await makeGarbage();
const worker = startThread(new URL('./test-thread.ts', import.meta.url), {
  workerData: { messages: 0, end: 'young' },
  resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
});
for await (const message of messagesOf<{ youngMb: number }>(worker)) {
  process.stdout.write(JSON.stringify({ flags: SERVER_NODE_FLAGS, main: youngMb(), thread: message.youngMb, kept }));
  break;
}
await worker.terminate();
