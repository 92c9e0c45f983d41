import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseConfig } from '../src/platform/config/config.js';
import { DataDirLockedError, openDatabase } from '../src/platform/db/client.js';
import { useTestApp } from './harness/app.js';

describe('several instances on one PostgreSQL', () => {
  const h = useTestApp();

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))('share sessions: a sign-out everywhere on one instance holds on the other', async () => {
    const { t } = h;
    // A second app over the same database, as a second instance behind the load balancer would be.
    const other = await buildApp({ config: t.config, database: t.database, logger: false, serveWeb: false });
    try {
      const cookie = await t.staffCookie('keqiao');
      const onB = await other.inject({ method: 'GET', url: '/api/console/me', headers: { cookie } });
      expect(onB.statusCode).toBe(200);
      const out = await t.request({ method: 'POST', url: '/api/console/auth/sign-out-everywhere', cookie });
      expect(out.statusCode).toBe(200);
      expect((await other.inject({ method: 'GET', url: '/api/console/me', headers: { cookie } })).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('embedded database', () => {
  it('refuses a second opening of the same data directory while the first holds it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gonghui-lock-'));
    const first = await openDatabase({ dataDir: dir });
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      await first.close();
    }
    // Closed: the directory is free again.
    const again = await openDatabase({ dataDir: dir });
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes over the lock of a process that died', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gonghui-lock-'));
    writeFileSync(path.join(dir, 'gonghui.lock'), '999999999');
    const db = await openDatabase({ dataDir: dir });
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with parseConfig defaults on ./data-like directories', () => {
    const config = parseConfig({ GONGHUI_DATA_DIR: '/tmp/x' });
    expect(config.dataDir).toBe('/tmp/x');
    expect(config.databaseUrl).toBeUndefined();
  });
});
