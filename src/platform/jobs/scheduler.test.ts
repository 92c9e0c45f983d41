import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/harness/db.js';
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
  });
});
