import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SeenIds } from './import.js';

describe('the set of IDs seen in an import file', () => {
  it('returns the first row of every key put in, and nothing for a key never seen, also when slots collide', () => {
    const seen = new SeenIds(4_096);
    const keys = Array.from({ length: 4_096 }, () => randomBytes(32));
    // Keys that share their low 32 bits land in the same slot and must probe past each other.
    const twin = Buffer.from(keys[0]!);
    twin.writeUInt32BE((twin.readUInt32BE(0) ^ 1) >>> 0, 0);
    keys.forEach((key, i) => seen.set(key, i + 2));
    seen.set(twin, 99_999);
    keys.forEach((key, i) => expect(seen.get(key)).toBe(i + 2));
    expect(seen.get(twin)).toBe(99_999);
    expect(seen.get(randomBytes(32))).toBeUndefined();
  });
});
