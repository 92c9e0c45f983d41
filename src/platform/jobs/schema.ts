import { bigserial, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from '../db/columns.js';

// One row per registered job. An instance runs a job only after winning the row with one UPDATE, so
// exactly one of N instances runs each due job, with no session-level locks (PGlite has one session).
export const jobSchedules = pgTable('job_schedule', {
  name: text('name').primaryKey(),
  intervalSeconds: integer('interval_seconds').notNull(),
  nextRunAt: instant('next_run_at').notNull(),
  lockedBy: text('locked_by'),
  lockedUntil: instant('locked_until'),
  attempts: integer('attempts').notNull().default(0),
  lastStartedAt: instant('last_started_at'),
  lastFinishedAt: instant('last_finished_at'),
  lastStatus: text('last_status', { enum: ['ok', 'failed'] }),
  lastError: text('last_error'),
});

export const jobRuns = pgTable(
  'job_run',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    instance: text('instance').notNull(),
    attempt: integer('attempt').notNull(),
    startedAt: instant('started_at').notNull(),
    finishedAt: instant('finished_at'),
    status: text('status', { enum: ['running', 'ok', 'failed'] }).notNull(),
    error: text('error'),
    summary: text('summary'),
  },
  (t) => [index('job_run_name_ix').on(t.name, t.id)],
);
