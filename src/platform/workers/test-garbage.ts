// Garbage with survivors, over several turns of the loop: what grows a young generation to its limit
// (thread.test.ts, in a thread and on the main thread alike).
export async function makeGarbage(): Promise<number> {
  const kept: { at: number }[] = [];
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < 1_000_000; i++) {
      const row = { at: i, text: `row ${i}` };
      if (i % 50 === 0) kept.push(row);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return kept.length;
}
