// A census list killed with SIGKILL while its rows are being staged: a real server process (the one a
// union office uploads to), a real database it shares with this test (a PGlite data directory, or a
// PostgreSQL database under TEST_DATABASE_URL), no stand-ins.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../../app.js';
import { createSession } from '../../platform/auth/sessions.js';
import { createPlatform } from '../../platform/bootstrap.js';
import { parseConfig } from '../../platform/config/config.js';
import { inTransaction, queryRows } from '../../platform/db/tx.js';
import { seedDemo } from '../../seed/demo.js';
import { listStaffAccounts } from '#modules/staff';
import { sharedDatabase } from '../../../test/harness/shared-database.js';
import { makeIdNumber } from '../../../test/harness/members.js';
import { encodeGbk } from '../../../test/support/gbk.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// Enough rows that the upload is still being read when its first batches are staged.
const ROWS = 20_000;

const work = mkdtempSync(path.join(os.tmpdir(), 'gonghui-census-crash-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function list(): Buffer {
  const lines = ['姓名,身份证号码,联系电话,所属企业,工作地点'];
  for (let i = 0; i < ROWS; i++) {
    const birth = new Date(Date.UTC(1960, 0, 1) + (i % 10_000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const name = `骑手${String.fromCharCode(0x4e00 + (i % 500))}${String.fromCharCode(0x4e00 + Math.floor(i / 500))}`;
    lines.push(`${name},${makeIdNumber('330603', birth, 201 + Math.floor(i / 10_000))},,美团,柯桥区柯桥街道`);
  }
  return encodeGbk(lines.join('\r\n'));
}

describe('a census list killed while it is staged', () => {
  it('counts nothing; the list is found dead and failed with the reason, its staged rows gone, and the same file then counts whole', async () => {
    const shared = await sharedDatabase(work);
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      GONGHUI_JOBS_ENABLED: 'false',
      GONGHUI_DATA_DIR: path.join(work, 'data'),
      ...shared.env,
    };
    const config = parseConfig(env);
    try {
      // Seeded, and a staff session opened, here; then closed: a PGlite directory is one process's at a time.
      let database = await shared.open();
      const p = createPlatform(config, database);
      await seedDemo(p, database);
      const [staff] = (await listStaffAccounts(p.db, { orgId: '', path: '/' }, { q: 'keqiao', limit: 10 })).filter(
        (s) => s.username === 'keqiao',
      );
      const { token } = await inTransaction(p.db, (tx) =>
        createSession(tx, { kind: 'staff', principalId: staff?.id ?? '', ttlMs: 3600_000, now: new Date() }),
      );
      await database.close();
      const cookie = `gh_staff=${token}`;

      const child = spawn(process.execPath, [path.join(ROOT, 'bin/gonghui.mjs'), 'serve'], {
        cwd: ROOT,
        env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = once(child, 'exit');
      // Whatever fails below, the server does not outlive the test.
      onTestFinished(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      await expect.poll(() => /http:\/\/127\.0\.0\.1:\d+/.test(output), { timeout: 60_000, interval: 50 }).toBe(true);
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0] as string;
      const call = async (method: string, route: string, body?: unknown, type = 'application/json') => {
        const response = await fetch(`${url}${route}`, {
          method,
          headers: { cookie, origin: url, ...(body === undefined ? {} : { 'content-type': type }) },
          ...(body === undefined ? {} : { body: type === 'application/json' ? JSON.stringify(body) : (body as Buffer) }),
        });
        return { status: response.status, json: (await response.json()) as Record<string, unknown> };
      };
      const source = (await call('POST', '/api/console/census/sources', { name: '美团柯桥站', kind: 'platform' })).json.id as string;
      const file = list();
      const upload = await call(
        'POST',
        `/api/console/census/lists?sourceId=${source}&regionCode=330603&trade=food_delivery`,
        file,
        'text/csv',
      );
      expect(upload.status, JSON.stringify(upload.json)).toBe(202);
      const listId = upload.json.id as string;
      // Killed as soon as its progress shows staged rows, while the file is still being read.
      let seen: Record<string, unknown> = {};
      await expect
        .poll(
          async () => {
            seen = (await call('GET', `/api/console/census/lists/${listId}`)).json;
            return seen.status === 'validating' && Number(seen.writtenRows) > 0;
          },
          { timeout: 60_000, interval: 10 },
        )
        .toBe(true);
      child.kill('SIGKILL');
      const [, signal] = (await exited) as [number | null, string | null];
      expect(signal).toBe('SIGKILL');

      database = await shared.open();
      const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(database.db, query))[0]?.n;
      // Killed mid-way indeed (the list showed rows staged): none counted. The stage is unlogged: PGlite
      // dies with the process and its recovery empties it; PostgreSQL lives on and keeps the rows.
      expect(Number(seen.writtenRows)).toBeGreaterThan(0);
      const staged = await count(sql`select count(*)::int as n from census_staged_row where list_id = ${listId}`);
      if (database.pool) expect(staged).toBeGreaterThan(0);
      expect(await count(sql`select count(*)::int as n from census_person`)).toBe(0);
      expect(await count(sql`select coalesce(sum(census), 0)::int as n from census_area_coverage`)).toBe(0);

      const app = await buildApp({ config, database, logger: false, serveWeb: false });
      try {
        await app.ready();
        const get = async (route: string) => (await app.inject({ method: 'GET', url: route, headers: { cookie } })).json();
        const dead = await get(`/api/console/census/lists/${listId}`);
        expect(dead).toMatchObject({ status: 'failed', writtenRows: 0 });
        expect(dead.failure).toContain('导入进程意外中断');
        expect(await count(sql`select count(*)::int as n from census_staged_row`)).toBe(0);

        const again = await app.inject({
          method: 'POST',
          url: `/api/console/census/lists?sourceId=${source}&regionCode=330603&trade=food_delivery`,
          headers: { cookie, 'content-type': 'text/csv' },
          payload: file,
        });
        expect(again.statusCode, again.body).toBe(202);
        const route = `/api/console/census/lists/${again.json().id as string}`;
        await expect.poll(async () => (await get(route)).status, { timeout: 120_000, interval: 100 }).toMatch(/completed|rejected|failed/);
        expect(await get(route)).toMatchObject({ status: 'completed', totalRows: ROWS, writtenRows: ROWS, newPeople: ROWS, errorRows: 0 });
        expect((await get('/api/console/census/coverage')).totals.census).toBe(ROWS);
      } finally {
        await app.close();
        await database.close();
      }
    } finally {
      await shared.done();
    }
  }, 240_000);
});
