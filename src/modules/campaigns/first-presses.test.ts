import { describe, expect, it } from 'vitest';
import { FirstPresses } from './service/claims.js';

describe('FirstPresses', () => {
  it('lets each bucket’s first press of a window go uncounted, once, and starts again with the next window', () => {
    const presses = new FirstPresses();
    expect(presses.take('claim:account:a', 60_000)).toBe(true);
    expect(presses.take('claim:account:a', 60_000)).toBe(false);
    expect(presses.take('claim:account:b', 60_000)).toBe(true);
    expect(presses.take('claim:account:a', 120_000)).toBe(true);
    // A batch stamped with the minute before (a slow one) is counted rather than reopening that minute.
    expect(presses.take('claim:account:c', 60_000)).toBe(false);
  });

  it('counts every press once a window has seen its cap of buckets', () => {
    const presses = new FirstPresses(2);
    expect(presses.take('a', 0)).toBe(true);
    expect(presses.take('b', 0)).toBe(true);
    expect(presses.take('c', 0)).toBe(false);
  });
});
