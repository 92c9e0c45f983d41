import { purgeIdempotencyRecords } from './platform/auth/idempotency.js';
import { purgePartnerNonces } from './platform/auth/partner-signing.js';
import { purgeRateLimits } from './platform/auth/rate-limit.js';
import { purgeDeadSessions } from './platform/auth/sessions.js';
import type { JobScheduler } from './platform/jobs/scheduler.js';

/** The platform's own housekeeping; modules register theirs beside these. */
export function registerPlatformJobs(jobs: JobScheduler): void {
  jobs.register({
    name: 'auth.purge-sessions',
    intervalSeconds: 3600,
    run: async (db, now) => `purged ${await purgeDeadSessions(db, now)}`,
  });
  jobs.register({
    name: 'auth.purge-rate-limits',
    intervalSeconds: 3600,
    run: async (db, now) => `purged ${await purgeRateLimits(db, now)}`,
  });
  jobs.register({
    name: 'auth.purge-partner-nonces',
    intervalSeconds: 300,
    run: async (db, now) => `purged ${await purgePartnerNonces(db, now)}`,
  });
  jobs.register({
    name: 'auth.purge-idempotency',
    intervalSeconds: 3600,
    run: async (db, now) => `purged ${await purgeIdempotencyRecords(db, now)}`,
  });
}
