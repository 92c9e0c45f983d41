import { AuditKeyRing } from './platform/audit/chain.js';
import { checkpointSink, takeCheckpoint } from './platform/audit/checkpoints.js';
import { purgeIdempotencyRecords } from './platform/auth/idempotency.js';
import { purgeKnownDevices } from './platform/auth/known-devices.js';
import { purgePartnerNonces } from './platform/auth/partner-signing.js';
import { purgeRateLimits } from './platform/auth/rate-limit.js';
import { purgeDeadSessions } from './platform/auth/sessions.js';
import { purgeSignInThrottles } from './platform/auth/sign-in-throttle.js';
import type { Config } from './platform/config/config.js';
import type { JobScheduler } from './platform/jobs/scheduler.js';

/** The platform's own housekeeping; modules register theirs beside these. */
export function registerPlatformJobs(jobs: JobScheduler, config: Readonly<Config>): void {
  // The audit chain's head, signed, sent where the database's administrators cannot rewrite it (ADR 0003).
  const auditKeys = new AuditKeyRing(config.auditKeys);
  const sink = checkpointSink(config.auditCheckpoints);
  jobs.register({
    name: 'audit.checkpoint',
    intervalSeconds: config.auditCheckpointMinutes * 60,
    run: async (db, now) => {
      const checkpoint = await takeCheckpoint(db, auditKeys, now);
      await sink.write(checkpoint);
      return `seq ${checkpoint.seq} → ${sink.target}`;
    },
  });
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
    name: 'auth.purge-sign-in-throttles',
    intervalSeconds: 3600,
    run: async (db, now) => `purged ${await purgeSignInThrottles(db, now)}`,
  });
  jobs.register({
    name: 'auth.purge-known-devices',
    intervalSeconds: 86_400,
    run: async (db, now) => `purged ${await purgeKnownDevices(db, now)}`,
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
