// A thread for thread.test.ts: sends what workerData asks for, then ends as it says.
import { getHeapSpaceStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { makeGarbage } from './test-garbage.js';

const { messages, end } = workerData as { messages: number; end: 'exit' | 'throw' | 'exhaust' | 'code' | 'young' };
for (let i = 0; i < messages; i++) parentPort?.postMessage(i);
if (end === 'throw') throw new Error('thrown in the thread');
if (end === 'code') process.exit(3);
if (end === 'exhaust') {
  const held: number[][] = [];
  for (;;) held.push(Array.from({ length: 100_000 }, (_, i) => i));
}
if (end === 'young') void young();

// Loaded through a require hook (thread.ts), so no await at the top level.
async function young(): Promise<void> {
  const kept = await makeGarbage();
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  parentPort?.postMessage({ youngMb: (young?.space_size ?? 0) / 2 ** 20, kept });
}
