import { and, desc, eq, isNull, lt, lte, notInArray, or, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { isDatabaseUnavailable } from '../db/errors.js';
import { inTransaction, type Db } from '../db/tx.js';
import { t } from '../i18n/i18n.js';
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
  /** The jobs this instance is running now. */
  private readonly active = new Set<string>();
  /** Runs that ended while the database was out of reach, by job: their end is written by a later poll. */
  private readonly unsettled = new Map<string, EndedRun>();

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
    await this.catchUp();
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
    // This instance runs it already, or still owes the database the end of a run it lost touch with.
    if (this.active.has(job.name) || this.unsettled.has(job.name)) return false;
    this.active.add(job.name);
    try {
      return await this.claimAndRun(job, force);
    } finally {
      this.active.delete(job.name);
    }
  }

  private async claimAndRun(job: JobDefinition, force: boolean): Promise<boolean> {
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
    let runId: number | null = null;
    let end: RunEnd;
    try {
      runId = await this.openRun(job.name, attempt, now);
      const summary = await job.run(db, now);
      const finished = this.now();
      end = { status: 'ok', summary: summary ?? null, attempts: 0, nextRunAt: new Date(finished.getTime() + job.intervalSeconds * 1000) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isDatabaseUnavailable(error)) {
        // Not the job's failure: the database went away under it (a failover). It runs again as soon
        // as the database is back, without the backoff or an attempt counted against it.
        this.options.log.warn(
          { err: error, job: job.name, attempt },
          'job interrupted: the database is unavailable; it runs again once it is back',
        );
        end = { status: 'failed', error: t('problems.jobs.interrupted', { detail: message }), attempts: claimed.attempts, nextRunAt: now };
      } else {
        this.options.log.warn({ err: error, job: job.name, attempt }, 'job failed; will retry');
        const finished = this.now();
        end = {
          status: 'failed',
          error: message,
          attempts: attempt,
          nextRunAt: new Date(finished.getTime() + retryDelaySeconds(attempt, job.intervalSeconds) * 1000),
        };
      }
    }
    await this.settle({ name: job.name, runId, lease, finishedAt: this.now(), ...end });
    return true;
  }

  /**
   * The run's row, once the job's last run is closed if it never ended: this instance holds the job, so
   * whoever ran that one lost it (their process died, and the lease ran out). Only the last can be open,
   * as each run closes the one before it: the job's newest row, found by its index, not a scan of its history.
   */
  private async openRun(name: string, attempt: number, now: Date): Promise<number | null> {
    return inTransaction(this.options.db, async (tx) => {
      const [last] = await tx
        .select({ id: jobRuns.id, instance: jobRuns.instance, status: jobRuns.status })
        .from(jobRuns)
        .where(eq(jobRuns.name, name))
        .orderBy(desc(jobRuns.id))
        .limit(1);
      if (last?.status === 'running') {
        await tx
          .update(jobRuns)
          .set({
            status: 'failed',
            finishedAt: now,
            error: t('problems.jobs.abandoned', { instance: last.instance, takenBy: this.options.instanceId }),
          })
          .where(eq(jobRuns.id, last.id));
      }
      const [run] = await tx
        .insert(jobRuns)
        .values({ name, instance: this.options.instanceId, attempt, startedAt: now, status: 'running' })
        .returning({ id: jobRuns.id });
      return run?.id ?? null;
    });
  }

  /**
   * Writes how a run ended and gives the job back. If the database is out of reach (the run's own
   * failure may be that), the end is kept and written by a later poll: until then the lease keeps every
   * other instance off the job, so it neither runs twice nor waits out the lease once the database is back.
   */
  private async settle(end: EndedRun): Promise<void> {
    try {
      await inTransaction(this.options.db, async (tx) => {
        await tx
          .update(jobSchedules)
          .set({
            lockedBy: null,
            lockedUntil: null,
            attempts: end.attempts,
            lastFinishedAt: end.finishedAt,
            lastStatus: end.status,
            lastError: end.status === 'ok' ? null : (end.error ?? '').slice(0, 2000),
            nextRunAt: end.nextRunAt,
          })
          // Only while the lease is still ours: past it, another instance may have taken the job over.
          .where(
            and(
              eq(jobSchedules.name, end.name),
              eq(jobSchedules.lockedBy, this.options.instanceId),
              eq(jobSchedules.lockedUntil, end.lease),
            ),
          );
        if (end.runId !== null) {
          await tx
            .update(jobRuns)
            .set(
              end.status === 'ok'
                ? { finishedAt: end.finishedAt, status: 'ok', summary: end.summary ?? null }
                : { finishedAt: end.finishedAt, status: 'failed', error: (end.error ?? '').slice(0, 2000) },
            )
            .where(and(eq(jobRuns.id, end.runId), eq(jobRuns.status, 'running')));
        }
      });
      this.unsettled.delete(end.name);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.unsettled.set(end.name, end);
      this.options.log.warn(
        { err: error, job: end.name },
        'job ended while the database is unavailable; its end is written once it is back',
      );
    }
  }

  /** The ends this instance still owes the database, then the jobs it holds without running them. */
  private async catchUp(): Promise<void> {
    for (const end of [...this.unsettled.values()]) {
      await this.settle(end);
      if (this.unsettled.has(end.name)) throw new Error(`the database is still unavailable: ${end.name} is not settled yet`);
    }
    // A claim can commit and its answer be lost with the connection (a failover right then): the row
    // then names this instance while nothing here runs the job. Given back at once, rather than at the
    // end of the lease. Claims sent from now on carry a later start, so none of them is given back.
    const since = this.now();
    const mine = [...this.active, ...this.unsettled.keys()];
    const lost = await this.options.db
      .update(jobSchedules)
      .set({ lockedBy: null, lockedUntil: null, nextRunAt: since })
      .where(
        and(
          eq(jobSchedules.lockedBy, this.options.instanceId),
          lt(jobSchedules.lastStartedAt, since),
          mine.length > 0 ? notInArray(jobSchedules.name, mine) : sql`true`,
        ),
      )
      .returning({ name: jobSchedules.name });
    if (lost.length > 0) this.options.log.warn({ jobs: lost.map((j) => j.name) }, 'jobs held without running: given back to run again');
  }
}

interface RunEnd {
  status: 'ok' | 'failed';
  summary?: string | null;
  error?: string;
  attempts: number;
  nextRunAt: Date;
}

interface EndedRun extends RunEnd {
  name: string;
  runId: number | null;
  /** The lease the run was claimed with: its end is written only while the job is still held with it. */
  lease: Date;
  finishedAt: Date;
}

export async function listJobs(db: Db) {
  return db.select().from(jobSchedules).orderBy(jobSchedules.name);
}

export async function listJobRuns(db: Db, name: string | undefined, limit: number) {
  const query = db.select().from(jobRuns);
  return (name ? query.where(eq(jobRuns.name, name)) : query).orderBy(desc(jobRuns.id)).limit(limit);
}
