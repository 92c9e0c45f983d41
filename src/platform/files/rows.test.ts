import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRecordBound, SeenIds } from './rows.js';

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

describe('the bound on a CSV file’s records', () => {
  const bound = async (text: string) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gonghui-csv-bound-'));
    const file = path.join(dir, 'roll.csv');
    writeFileSync(file, text);
    try {
      return await csvRecordBound(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('counts the lines whatever ends them, and a last line without a break', async () => {
    expect(await bound('a\nb\nc\n')).toBe(3);
    expect(await bound('a\r\nb\r\nc')).toBe(3);
    expect(await bound('a\rb\rc\r')).toBe(3);
    expect(await bound('')).toBe(0);
  });

  it('never counts fewer records than the file holds: a quoted line break only raises the bound', async () => {
    expect(await bound('name,address\n张三,"金柯桥大道\n1 号"\n')).toBe(3);
  });
});
