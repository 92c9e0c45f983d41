import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, useTestDatabase } from '../../../test/harness/db.js';
import { databaseThroughProxy } from '../../../test/harness/proxy.js';
import { jobSchedules } from './schema.js';
import { JobScheduler, listJobRuns, listJobs, retryDelaySeconds, type JobDefinition } from './scheduler.js';

const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe(JobScheduler.name, () => {
  const h = useTestDatabase();

  it('runs a due job on exactly one of several instances', async () => {
    const db = h.database.db;
    const runs: string[] = [];
    let now = new Date('2026-07-01T00:00:00Z');
    const job = (instance: string): JobDefinition => ({
      name: 'test.once',
      intervalSeconds: 60,
      run: async () => {
        runs.push(instance);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return 'done';
      },
    });
    const instances = ['a', 'b', 'c'].map((id) => {
      const s = new JobScheduler({ db, instanceId: id, log: quietLog, now: () => now });
      s.register(job(id));
      return s;
    });
    await instances[0]!.sync();
    now = new Date(now.getTime() + 10_000);
    await Promise.all(instances.map((s) => s.runDue()));
    expect(runs).toHaveLength(1);
    // Not due again until its interval has passed.
    await Promise.all(instances.map((s) => s.runDue()));
    expect(runs).toHaveLength(1);
    now = new Date(now.getTime() + 61_000);
    await Promise.all(instances.map((s) => s.runDue()));
    expect(runs).toHaveLength(2);
    const history = await listJobRuns(db, 'test.once', 10);
    expect(history.map((r) => r.status)).toEqual(['ok', 'ok']);
  });

  it('runs a job now on an instance that schedules none (never synced), and not while another holds it', async () => {
    const db = h.database.db;
    const now = new Date('2026-07-01T00:00:00Z');
    const runs: string[] = [];
    const web = new JobScheduler({ db, instanceId: 'web', log: quietLog, now: () => now });
    web.register({ name: 'test.run-now', intervalSeconds: 3600, run: async () => `ran ${runs.push('web')}` });
    expect(await web.runNow('test.run-now')).toBe(true);
    expect(runs).toEqual(['web']);
    expect((await listJobRuns(db, 'test.run-now', 10)).map((r) => r.status)).toEqual(['ok']);
    // The row it wrote is a real schedule: a held lease refuses a second "run now".
    const slow = new JobScheduler({ db, instanceId: 'slow', log: quietLog, now: () => now });
    let release: () => void = () => undefined;
    slow.register({ name: 'test.run-now', intervalSeconds: 3600, run: () => new Promise<string>((r) => (release = () => r('slow'))) });
    const holding = slow.runNow('test.run-now');
    await expect.poll(async () => (await listJobs(db)).find((j) => j.name === 'test.run-now')?.lockedBy).toBe('slow');
    expect(await web.runNow('test.run-now')).toBe(false);
    release();
    expect(await holding).toBe(true);
  });

  it('retries a failing job with growing backoff and records the error', async () => {
    const db = h.database.db;
    let now = new Date('2026-07-01T00:00:00Z');
    let fail = true;
    const s = new JobScheduler({ db, instanceId: 'x', log: quietLog, now: () => now });
    s.register({
      name: 'test.flaky',
      intervalSeconds: 3600,
      run: async () => {
        if (fail) throw new Error('upstream down');
        return 'ok';
      },
    });
    await s.sync();
    now = new Date(now.getTime() + 10_000);
    await s.runDue();
    let [row] = (await listJobs(db)).filter((j) => j.name === 'test.flaky');
    expect(row).toMatchObject({ lastStatus: 'failed', lastError: 'upstream down', attempts: 1 });
    expect(row!.nextRunAt.getTime() - now.getTime()).toBe(30_000);
    now = new Date(row!.nextRunAt.getTime());
    await s.runDue();
    [row] = (await listJobs(db)).filter((j) => j.name === 'test.flaky');
    expect(row!.attempts).toBe(2);
    expect(row!.nextRunAt.getTime() - now.getTime()).toBe(60_000);
    fail = false;
    now = new Date(row!.nextRunAt.getTime());
    await s.runDue();
    [row] = (await listJobs(db)).filter((j) => j.name === 'test.flaky');
    expect(row).toMatchObject({ lastStatus: 'ok', attempts: 0, lastError: null });
  });

  it('caps the backoff', () => {
    expect([1, 2, 3, 10].map((a) => retryDelaySeconds(a, 300))).toEqual([30, 60, 120, 300]);
    expect(retryDelaySeconds(20, 86_400)).toBe(3600);
  });

  it('takes over a job whose holder died once its lease has passed', async () => {
    const db = h.database.db;
    let now = new Date('2026-07-02T00:00:00Z');
    const ran: string[] = [];
    const make = (id: string, hang: boolean) => {
      const s = new JobScheduler({ db, instanceId: id, log: quietLog, now: () => now });
      s.register({
        name: 'test.lease',
        intervalSeconds: 60,
        leaseSeconds: 120,
        run: async () => (hang ? new Promise<never>(() => undefined) : (ran.push(id), 'ok')),
      });
      return s;
    };
    const dying = make('dying', true);
    const healthy = make('healthy', false);
    await dying.sync();
    now = new Date(now.getTime() + 10_000);
    void dying.runDue();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await healthy.runDue();
    expect(ran).toEqual([]);
    now = new Date(now.getTime() + 121_000);
    await healthy.runDue();
    expect(ran).toEqual(['healthy']);
    // The dead holder's run does not stay "running" forever: whoever took the job over closed it.
    const [taken, abandoned] = await listJobRuns(db, 'test.lease', 10);
    expect(taken).toMatchObject({ instance: 'healthy', status: 'ok' });
    expect(abandoned).toMatchObject({ instance: 'dying', status: 'failed' });
    expect(abandoned?.error).toContain('dying');
  });

  it('gives back at once a job it holds but does not run (a claim that committed while its answer was lost)', async () => {
    const db = h.database.db;
    const now = new Date('2026-07-03T00:00:00Z');
    const ran: string[] = [];
    const s = new JobScheduler({ db, instanceId: 'x', log: quietLog, now: () => now });
    s.register({ name: 'test.lost-claim', intervalSeconds: 86_400, run: async () => `ran ${ran.push('x')}` });
    await s.sync();
    // Held by `instance` since a second ago, as a claim leaves the row.
    const heldBy = (instance: string) =>
      db
        .update(jobSchedules)
        .set({
          lockedBy: instance,
          lockedUntil: new Date(now.getTime() + 3600_000),
          lastStartedAt: new Date(now.getTime() - 1_000),
          nextRunAt: now,
        })
        .where(sql`name = 'test.lost-claim'`);
    // As the failover left it: the claim is in the database, the process never heard it back.
    await heldBy('x');
    expect(await s.runDue()).toEqual(['test.lost-claim']);
    expect(ran).toEqual(['x']);
    // Another instance's hold is not ours to give back.
    await heldBy('y');
    expect(await s.runDue()).toEqual([]);
  });
});

// The database going away under a running job, for real: the scheduler's connections pass through a
// proxy the test cuts, as a failover cuts them (PostgreSQL only: PGlite lives in the process).
describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('a job when the database goes away under it (PostgreSQL)', () => {
  let url = '';
  const h = useTestDatabase({
    open: async () => {
      const database = await createTestDatabase();
      url = database.url ?? '';
      return database;
    },
  });

  it('an interrupted run waits for the database, then runs again exactly once, never beside another instance', async () => {
    const { proxy, database, close } = await databaseThroughProxy(url, 2);
    try {
      let now = new Date('2026-07-04T00:00:00Z');
      const runs: string[] = [];
      let reached: () => void = () => undefined;
      let go: () => void = () => undefined;
      const atGate = new Promise<void>((resolve) => (reached = resolve));
      const gate = new Promise<void>((resolve) => (go = resolve));
      const job = (id: string, wait: boolean): JobDefinition => ({
        name: 'test.failover',
        intervalSeconds: 86_400,
        run: async (db) => {
          runs.push(id);
          if (wait && runs.length === 1) {
            reached();
            await gate;
          }
          await db.execute(sql`select 1`);
          return `ran on ${id}`;
        },
      });
      const cutOff = new JobScheduler({ db: database.db, instanceId: 'cut-off', log: quietLog, now: () => now });
      cutOff.register(job('cut-off', true));
      const other = new JobScheduler({ db: h.database.db, instanceId: 'other', log: quietLog, now: () => now });
      other.register(job('other', false));
      await other.sync();
      now = new Date(now.getTime() + 10_000);
      const first = cutOff.runDue();
      await atGate;
      proxy.cut();
      go();
      expect(await first).toEqual(['test.failover']);
      // Its end could not be written: the job stays held, so no other instance runs it meanwhile…
      expect(await other.runDue()).toEqual([]);
      await expect(cutOff.runDue()).rejects.toThrow();
      expect(runs).toEqual(['cut-off']);
      const [held] = (await listJobs(h.database.db)).filter((j) => j.name === 'test.failover');
      expect(held?.lockedBy).toBe('cut-off');
      // …and once the database is back the end is written and the job runs again at once, not after its lease.
      proxy.restore();
      now = new Date(now.getTime() + 5_000);
      expect(await cutOff.runDue()).toEqual(['test.failover']);
      expect(await other.runDue()).toEqual([]);
      expect(runs).toEqual(['cut-off', 'cut-off']);
      const history = await listJobRuns(h.database.db, 'test.failover', 10);
      expect(history.map((r) => r.status)).toEqual(['ok', 'failed']);
      expect(history[1]?.error).toContain('数据库暂时不可用');
      const [row] = (await listJobs(h.database.db)).filter((j) => j.name === 'test.failover');
      expect(row).toMatchObject({ lockedBy: null, lastStatus: 'ok', attempts: 0 });
      expect(row?.nextRunAt.getTime()).toBeGreaterThan(now.getTime() + 86_000_000);
    } finally {
      await close();
    }
  });

  it('a run that finished as the database went away is recorded once it is back, and not run again', async () => {
    const { proxy, database, close } = await databaseThroughProxy(url, 2);
    try {
      let now = new Date('2026-07-05T00:00:00Z');
      const runs: string[] = [];
      const s = new JobScheduler({ db: database.db, instanceId: 'lucky', log: quietLog, now: () => now });
      s.register({
        name: 'test.finished-then-cut',
        intervalSeconds: 86_400,
        run: async (db) => {
          runs.push('lucky');
          await db.execute(sql`select 1`);
          // Its work is done; the database goes away before the scheduler writes so.
          proxy.cut();
          return 'done';
        },
      });
      await s.sync();
      now = new Date(now.getTime() + 10_000);
      expect(await s.runDue()).toEqual(['test.finished-then-cut']);
      await expect(s.runDue()).rejects.toThrow();
      proxy.restore();
      now = new Date(now.getTime() + 5_000);
      expect(await s.runDue()).toEqual([]);
      expect(runs).toEqual(['lucky']);
      const history = await listJobRuns(h.database.db, 'test.finished-then-cut', 10);
      expect(history.map((r) => [r.status, r.summary])).toEqual([['ok', 'done']]);
    } finally {
      await close();
    }
  });

  it('a run whose own connection is terminated (57P01) runs again without backoff', async () => {
    let now = new Date('2026-07-06T00:00:00Z');
    let terminated = false;
    const s = new JobScheduler({ db: h.database.db, instanceId: 'x', log: quietLog, now: () => now });
    s.register({
      name: 'test.terminated',
      intervalSeconds: 86_400,
      run: async (db) => {
        if (!terminated) {
          terminated = true;
          await db.execute(sql`select pg_terminate_backend(pg_backend_pid())`);
        }
        return 'ok';
      },
    });
    await s.sync();
    now = new Date(now.getTime() + 10_000);
    await s.runDue();
    const [row] = (await listJobs(h.database.db)).filter((j) => j.name === 'test.terminated');
    expect(row).toMatchObject({ lastStatus: 'failed', attempts: 0, lockedBy: null });
    expect(row?.nextRunAt.getTime()).toBe(now.getTime());
    expect(await s.runDue()).toEqual(['test.terminated']);
  });
});
