import { describe, expect, it } from 'vitest';
import { closedPort } from '../../../test/harness/ports.js';
import { openDatabase } from './client.js';
import { parseLsn, stalenessMs } from './replica.js';

describe('how stale a standby is', () => {
  it('reads WAL positions as PostgreSQL prints them', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(() => parseLsn('B374D848')).toThrow('not an LSN');
  });

  it('is the time since the latest moment whose primary position the standby has replayed', () => {
    // The primary's position noted every 500 ms; the standby has replayed up to 0/3000.
    const samples = [
      { at: 10_000, lsn: 0x1000n },
      { at: 10_500, lsn: 0x2000n },
      { at: 11_000, lsn: 0x3000n },
      { at: 11_500, lsn: 0x9000n },
    ];
    expect(stalenessMs(samples, 0x3000n, 11_600)).toBe(600);
    expect(stalenessMs(samples, 0x9000n, 11_600)).toBe(100);
    expect(stalenessMs(samples, 0x2fffn, 11_600)).toBe(1_100);
    // Behind every moment kept: further behind than the window, unknown.
    expect(stalenessMs(samples, 0x0fffn, 11_600)).toBeNull();
  });
});

const url = process.env.TEST_DATABASE_URL;

describe.runIf(Boolean(url))('reads on PostgreSQL with DATABASE_READ_URL', () => {
  it('go to the read server while it answers, and to the primary while it is out of reach', async () => {
    // The read URL reaches a primary here (no standby on the test server): current data, so in use.
    const database = await openDatabase({ url, readUrl: url, poolSize: 2 });
    try {
      const replica = database.replica;
      expect(replica).not.toBeNull();
      expect(await replica?.check()).toEqual({ inUse: true, stalenessMs: 0, reason: 'fresh' });
      expect(database.readDb()).not.toBe(database.db);
    } finally {
      await database.close();
    }
    const unreachable = `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`;
    const down = await openDatabase({ url, readUrl: unreachable, poolSize: 2 });
    try {
      expect(await down.replica?.check()).toEqual({ inUse: false, stalenessMs: null, reason: 'unreachable' });
      expect(down.readDb()).toBe(down.db);
    } finally {
      await down.close();
    }
  });
});
