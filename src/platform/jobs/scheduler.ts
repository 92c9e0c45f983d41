import { and, desc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/tx.js';
import { jobRuns, jobSchedules } from './schema.js';

export interface JobDefinition {
  name: string;
  intervalSeconds: number;
  /** How long one run may hold the job before another instance may take it over. */
  leaseSeconds?: number;
  run(db: Db, now: Date): Promise<string | undefined>;
}

export interface JobSchedulerOptions {
  db: Db;
  instanceId: string;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  pollMs?: number;
  now?: () => Date;
}

/** Backoff after failures: 30 s, 1 min, 2 min, … capped at one interval (and at one hour). */
export function retryDelaySeconds(attempts: number, intervalSeconds: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempts - 1), Math.max(intervalSeconds, 30), 3600);
}

/**
 * Runs registered jobs. Every instance polls; the UPDATE … WHERE due AND unlocked RETURNING lets
 * exactly one of them win each due run, with no session state (it works on PGlite's single session
 * and across N instances on PostgreSQL alike).
 */
export class JobScheduler {
  private readonly jobs = new Map<string, JobDefinition>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly now: () => Date;

  constructor(private readonly options: JobSchedulerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  register(job: JobDefinition): void {
    if (this.jobs.has(job.name)) throw new Error(`job registered twice: ${job.name}`);
    this.jobs.set(job.name, job);
  }

  get definitions(): JobDefinition[] {
    return [...this.jobs.values()];
  }

  /** Writes a schedule row for each registered job (first run one interval from now, or kept). */
  async sync(): Promise<void> {
    const now = this.now();
    for (const job of this.jobs.values()) {
      await this.options.db
        .insert(jobSchedules)
        .values({
          name: job.name,
          intervalSeconds: job.intervalSeconds,
          nextRunAt: new Date(now.getTime() + 5_000),
        })
        .onConflictDoUpdate({
          target: jobSchedules.name,
          set: { intervalSeconds: job.intervalSeconds },
        });
    }
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runDue()
        .then(() => undefined)
        .catch((error: unknown) => this.options.log.error({ err: error }, 'job poll failed'))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs ?? 5_000);
        });
    };
    this.timer = setTimeout(tick, 1_000);
  }

  /** Stops polling and waits for a run in progress, so shutdown never cuts a job in half. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Runs every due job this instance can claim; returns the names it ran. */
  async runDue(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of this.jobs.values()) {
      if (await this.tryRun(job)) ran.push(job.name);
    }
    return ran;
  }

  /**
   * Runs one job now if no other instance holds it (the console's "run now"). On an instance that does
   * not schedule jobs (GONGHUI_JOBS_ENABLED=false: never synced) the job's schedule row may not exist
   * yet; it is written first, or "run now" would find nothing to claim and never run.
   */
  async runNow(name: string): Promise<boolean> {
    const job = this.jobs.get(name);
    if (!job) return false;
    const now = this.now();
    await this.options.db
      .insert(jobSchedules)
      .values({ name: job.name, intervalSeconds: job.intervalSeconds, nextRunAt: new Date(now.getTime() + job.intervalSeconds * 1000) })
      .onConflictDoNothing({ target: jobSchedules.name });
    return this.tryRun(job, true);
  }

  private async tryRun(job: JobDefinition, force = false): Promise<boolean> {
    const db = this.options.db;
    const now = this.now();
    const lease = new Date(now.getTime() + (job.leaseSeconds ?? 300) * 1000);
    const [claimed] = await db
      .update(jobSchedules)
      .set({
        lockedBy: this.options.instanceId,
        lockedUntil: lease,
        lastStartedAt: now,
      })
      .where(
        and(
          eq(jobSchedules.name, job.name),
          force ? sql`true` : lte(jobSchedules.nextRunAt, now),
          or(isNull(jobSchedules.lockedUntil), lte(jobSchedules.lockedUntil, now)),
        ),
      )
      .returning();
    if (!claimed) return false;
    const attempt = claimed.attempts + 1;
    const [run] = await db
      .insert(jobRuns)
      .values({
        name: job.name,
        instance: this.options.instanceId,
        attempt,
        startedAt: now,
        status: 'running',
      })
      .returning({ id: jobRuns.id });
    try {
      const summary = await job.run(db, now);
      const finished = this.now();
      await db
        .update(jobSchedules)
        .set({
          lockedBy: null,
          lockedUntil: null,
          attempts: 0,
          lastFinishedAt: finished,
          lastStatus: 'ok',
          lastError: null,
          nextRunAt: new Date(finished.getTime() + job.intervalSeconds * 1000),
        })
        .where(eq(jobSchedules.name, job.name));
      if (run) {
        await db
          .update(jobRuns)
          .set({ finishedAt: finished, status: 'ok', summary: summary ?? null })
          .where(eq(jobRuns.id, run.id));
      }
    } catch (error) {
      const finished = this.now();
      const message = error instanceof Error ? error.message : String(error);
      this.options.log.warn({ err: error, job: job.name, attempt }, 'job failed; will retry');
      await db
        .update(jobSchedules)
        .set({
          lockedBy: null,
          lockedUntil: null,
          attempts: attempt,
          lastFinishedAt: finished,
          lastStatus: 'failed',
          lastError: message.slice(0, 2000),
          nextRunAt: new Date(finished.getTime() + retryDelaySeconds(attempt, job.intervalSeconds) * 1000),
        })
        .where(eq(jobSchedules.name, job.name));
      if (run) {
        await db
          .update(jobRuns)
          .set({
            finishedAt: finished,
            status: 'failed',
            error: message.slice(0, 2000),
          })
          .where(eq(jobRuns.id, run.id));
      }
    }
    return true;
  }
}

export async function listJobs(db: Db) {
  return db.select().from(jobSchedules).orderBy(jobSchedules.name);
}

export async function listJobRuns(db: Db, name: string | undefined, limit: number) {
  const query = db.select().from(jobRuns);
  return (name ? query.where(eq(jobRuns.name, name)) : query).orderBy(desc(jobRuns.id)).limit(limit);
}
