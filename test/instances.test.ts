import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { CHANGE_CHANNEL, listenerStateOf } from '../src/platform/cache/changes.js';
import { parseConfig } from '../src/platform/config/config.js';
import { DataDirLockedError, openDatabase } from '../src/platform/db/client.js';
import { wgs84ToGcj02 } from '../src/platform/geo/coords.js';
import { useTestApp, type TestApp } from './harness/app.js';
import { pgliteImage } from './harness/pglite-image.js';
import { memberCookie, nextPhone } from './harness/members.js';
import { riderHomeInput } from '../src/modules/stations/testing.js';

// A second app with its own connection pool and listener, as a second instance behind nginx; closed
// whatever `use` does.
async function onSecondInstance(t: TestApp, use: (other: FastifyInstance) => Promise<void>): Promise<void> {
  const database = await openDatabase({ url: t.database.url ?? '', poolSize: 4 });
  const app = await buildApp({ config: t.config, database, logger: false, serveWeb: false });
  try {
    await use(app);
  } finally {
    await app.close();
    await database.close();
  }
}

describe('several instances on one PostgreSQL', () => {
  const h = useTestApp();

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'share sessions: a sign-out everywhere on one instance holds on the other at once',
    async () => {
      const { t } = h;
      await onSecondInstance(t, async (other) => {
        const cookie = await t.staffCookie('keqiao');
        // Both instances have now cached the session.
        expect((await other.inject({ method: 'GET', url: '/api/console/me', headers: { cookie } })).statusCode).toBe(200);
        expect((await t.request({ method: 'GET', url: '/api/console/me', cookie })).statusCode).toBe(200);
        const out = await t.request({ method: 'POST', url: '/api/console/auth/sign-out-everywhere', cookie });
        expect(out.statusCode).toBe(200);
        await expect
          .poll(async () => (await other.inject({ method: 'GET', url: '/api/console/me', headers: { cookie } })).statusCode, {
            timeout: 2000,
            interval: 10,
          })
          .toBe(401);
      });
    },
  );

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'share member sessions: a worker’s sign-out on one instance holds on the other at once, and the other worker stays signed in',
    async () => {
      const { t } = h;
      await onSecondInstance(t, async (other) => {
        const leaving = await memberCookie(t, nextPhone());
        const staying = await memberCookie(t, nextPhone());
        const me = async (cookie: string) => (await other.inject({ method: 'GET', url: '/api/member/me', headers: { cookie } })).statusCode;
        // The other instance has now cached both sessions.
        expect([await me(leaving), await me(staying)]).toEqual([200, 200]);
        expect((await t.request({ method: 'POST', url: '/api/member/auth/sign-out', cookie: leaving })).statusCode).toBe(204);
        await expect.poll(() => me(leaving), { timeout: 2000, interval: 10 }).toBe(401);
        expect(await me(staying)).toBe(200);
      });
    },
  );

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'read through their caches while their listener is down: a session revoked elsewhere meanwhile is refused at once',
    async () => {
      const { t } = h;
      await onSecondInstance(t, async (other) => {
        const cookie = await memberCookie(t, nextPhone());
        const me = async () => (await other.inject({ method: 'GET', url: '/api/member/me', headers: { cookie } })).statusCode;
        expect(await me()).toBe(200);
        // Every listening connection cut, as a network blip or a proxy restart would.
        await t.platform.db.execute(
          sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'gonghui-listen' and datname = current_database()`,
        );
        await expect.poll(() => listenerStateOf(other.platform.db).live, { timeout: 5000, interval: 10 }).toBe(false);
        expect(await me()).toBe(200);
        // Revoked by an instance in another process: its NOTIFY reaches no listener of this one.
        await t.platform.db.execute(sql`update auth_session set revoked_at = now() where principal_kind = 'member' and revoked_at is null`);
        expect(await me()).toBe(401);
        // Back: listening again, and caching again.
        await expect.poll(() => listenerStateOf(other.platform.db).live, { timeout: 10_000, interval: 20 }).toBe(true);
      });
    },
  );

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))('see an organisation created on another instance in the (cached) tree', async () => {
    const { t } = h;
    await onSecondInstance(t, async (other) => {
      const cookie = await t.staffCookie('zhejiang');
      const url = `/api/console/orgs/tree?parentId=${t.demo.yuecheng.id}`;
      const names = async () =>
        (await other.inject({ method: 'GET', url, headers: { cookie } })).json().items.map((o: { name: string }) => o.name);
      expect(await names()).toEqual(['府山街道总工会']);
      const created = await t.request({
        method: 'POST',
        url: '/api/console/orgs',
        cookie,
        body: { parentId: t.demo.yuecheng.id, kind: 'township', name: '塔山街道总工会', regionCode: '330602001' },
      });
      expect(created.statusCode).toBe(201);
      await expect.poll(names, { timeout: 2000, interval: 10 }).toContain('塔山街道总工会');
    });
  });

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'follows a station placed, moved and closed by another process, answering from memory once the notification is in',
    async () => {
      const { t } = h;
      await onSecondInstance(t, async (other) => {
        const cookie = await t.staffCookie('keqiao');
        // 拉萨 and 乌鲁木齐 (WGS-84): no other station within hundreds of kilometres.
        const lhasa = { lng: 91.11, lat: 29.65 };
        const urumqi = { lng: 87.62, lat: 43.83 };
        const nearestTo = async (at: { lng: number; lat: number }) => {
          const answer = await other.inject({ method: 'GET', url: `/api/member/stations/nearest?lng=${at.lng}&lat=${at.lat}&limit=1` });
          const first = answer.json<{ items: { name: string; distanceM: number }[] }>().items[0];
          return { from: answer.headers['x-stations-source'], near: first !== undefined && first.distanceM < 1_000 ? first.name : null };
        };
        // The other instance loads its index on its first search, and answers from memory after.
        await expect.poll(() => nearestTo(lhasa), { timeout: 10_000, interval: 20 }).toEqual({ from: 'memory', near: null });
        const body = { ...riderHomeInput(t.demo.keqiao.id, '拉萨骑手之家'), regionCode: '330603', gcj02: wgs84ToGcj02(lhasa) };
        const created = await t.request({ method: 'POST', url: '/api/console/stations', cookie, body });
        expect(created.statusCode, created.body).toBe(201);
        const id = created.json<{ id: string }>().id;
        await expect.poll(() => nearestTo(lhasa), { timeout: 2000, interval: 10 }).toEqual({ from: 'memory', near: '拉萨骑手之家' });
        // Moved and then closed by a process of its own (this process's instances share an in-process
        // delivery of their own commits): only the NOTIFY can tell the other instance.
        const elsewhere = new pg.Client({ connectionString: t.database.url ?? '' });
        await elsewhere.connect();
        try {
          const write = async (change: string) => {
            await elsewhere.query('begin');
            await elsewhere.query(change, [id]);
            await elsewhere.query(`select pg_notify('${CHANGE_CHANNEL}', 'stations:' || $1)`, [id]);
            await elsewhere.query('commit');
          };
          await write(`update station set lng = ${urumqi.lng}, lat = ${urumqi.lat} where id = $1`);
          await expect.poll(() => nearestTo(urumqi), { timeout: 2000, interval: 10 }).toEqual({ from: 'memory', near: '拉萨骑手之家' });
          expect(await nearestTo(lhasa)).toEqual({ from: 'memory', near: null });
          await write(`update station set status = 'closed' where id = $1`);
          await expect.poll(() => nearestTo(urumqi), { timeout: 2000, interval: 10 }).toEqual({ from: 'memory', near: null });
        } finally {
          await elsewhere.end();
        }
      });
    },
  );
});

describe('sign-in throttles across instances', () => {
  const h = useTestApp();

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'hold a name back on every instance: failures counted on one are waited out on the other',
    async () => {
      const { t } = h;
      await onSecondInstance(t, async (other) => {
        const attempt = (app: FastifyInstance, ip: string, password: string) =>
          app.inject({
            method: 'POST',
            url: '/api/console/auth/sign-in',
            remoteAddress: ip,
            headers: { 'content-type': 'application/json' },
            payload: JSON.stringify({ username: 'yuecheng', password }),
          });
        for (let i = 0; i < 5; i++) expect((await attempt(t.app, '198.51.100.70', 'Wrong@2026')).statusCode).toBe(401);
        const elsewhere = await attempt(other, '198.51.100.71', 'Wrong@2026');
        expect(elsewhere.statusCode).toBe(429);
        expect(elsewhere.json().code).toBe('auth.sign_in_throttled');
      });
    },
  );
});

describe('embedded database', () => {
  it('refuses a second opening of the same data directory while the first holds it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gonghui-lock-'));
    const first = await openDatabase({ dataDir: dir, image: pgliteImage() ?? undefined });
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
    const lock = path.join(dir, 'gonghui.lock');
    writeFileSync(lock, '999999999');
    const db = await openDatabase({ dataDir: dir, image: pgliteImage() ?? undefined });
    try {
      // The lock is now this process's, so a second opening is refused as for any live holder.
      expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
      await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      await db.close();
    }
    expect(existsSync(lock)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with parseConfig defaults on ./data-like directories', () => {
    const config = parseConfig({ GONGHUI_DATA_DIR: '/tmp/x' });
    expect(config.dataDir).toBe('/tmp/x');
    expect(config.databaseUrl).toBeUndefined();
  });
});

describe('behind one nginx (GONGHUI_TRUST_PROXY=1)', () => {
  const h = useTestApp({ GONGHUI_TRUST_PROXY: '1' });

  it('takes the client address nginx appended, not one the client made up', async () => {
    const { t } = h;
    await t.app.inject({
      method: 'POST',
      url: '/api/console/auth/sign-in',
      remoteAddress: '127.0.0.1',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '6.6.6.6, 203.0.113.50' },
      payload: JSON.stringify({ username: 'keqiao.street', password: 'wrong-password' }),
    });
    const audit = await t.request({
      method: 'GET',
      url: '/api/console/audit?action=staff.sign_in_failed',
      cookie: await t.staffCookie('keqiao'),
    });
    expect(audit.json().items[0].ip).toBe('203.0.113.50');
  });
});
