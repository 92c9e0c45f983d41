import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { listStaffAccounts } from '#modules/staff';
import { createSession } from '../src/platform/auth/sessions.js';
import { parseConfig } from '../src/platform/config/config.js';
import { inTransaction, queryRows } from '../src/platform/db/tx.js';
import type { Database } from '../src/platform/db/client.js';
import { DEMO_MEMBER_COUNT } from '../src/modules/members/seed.js';
import { startServer } from '../src/server.js';

async function memberCount(database: Database): Promise<number> {
  const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from member`);
  return row?.n ?? 0;
}

/** What the demo's district staff (keqiao) sees on the first page of the roll. */
async function rollTotalOfKeqiao(url: string, database: Database): Promise<number> {
  const [staff] = (await listStaffAccounts(database.db, { orgId: '', path: '/' }, { q: 'keqiao', limit: 10 })).filter(
    (s) => s.username === 'keqiao',
  );
  if (!staff) throw new Error('no demo staff keqiao');
  const { token } = await inTransaction(database.db, (tx) =>
    createSession(tx, { kind: 'staff', principalId: staff.id, ttlMs: 60_000, now: new Date() }),
  );
  const response = await fetch(`${url}/api/console/members?limit=10`, { headers: { cookie: `gh_staff=${token}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { total: number }).total;
}

describe('the server process', () => {
  it('seeds the embedded database (demo tree and members) on first start, answers, and shuts down gracefully finishing requests in flight', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gonghui-server-'));
    try {
      const config = parseConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        PORT: '0',
        HOST: '127.0.0.1',
        GONGHUI_DATA_DIR: dataDir,
        GONGHUI_JOBS_ENABLED: 'true',
      });
      const server = await startServer(config);
      const ready = await fetch(`${server.url}/api/ready`);
      expect(await ready.json()).toEqual({ status: 'ready', database: 'pglite' });
      // The demo's roll is not empty: a few hundred synthetic members, the district's share in its roll.
      expect(await memberCount(server.database)).toBe(DEMO_MEMBER_COUNT);
      const keqiaoRoll = await rollTotalOfKeqiao(server.url, server.database);
      expect(keqiaoRoll).toBeGreaterThan(DEMO_MEMBER_COUNT / 4);
      expect(keqiaoRoll).toBeLessThan(DEMO_MEMBER_COUNT);
      const response = await fetch(`${server.url}/api/health`, { headers: { 'x-request-id': 'probe-12345678' } });
      expect(response.headers.get('x-request-id')).toBe('probe-12345678');
      // A request the server has received when the shutdown begins still gets its answer. (Waiting a few
      // milliseconds instead raced on a busy machine: the request had not arrived, and its connection was reset.)
      const received = new Promise((resolve) => server.app.server.once('request', resolve));
      const inFlight = fetch(`${server.url}/api/regions?parent=330603`).then((r) => r.status);
      await received;
      await server.stop();
      expect(await inFlight).toBe(200);
      await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
      // The data directory is released and keeps the seeded demo for the next start.
      const again = await startServer(config);
      const tree = await fetch(`${again.url}/api/regions`);
      expect(tree.status).toBe(200);
      // Seeded once: a restart adds nobody.
      expect(await memberCount(again.database)).toBe(DEMO_MEMBER_COUNT);
      await again.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
