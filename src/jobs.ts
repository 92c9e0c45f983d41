import { AuditKeyRing } from './platform/audit/chain.js';
import { checkpointSink, takeCheckpoint } from './platform/audit/checkpoints.js';
import { purgeIdempotencyRecords } from './platform/auth/idempotency.js';
import { purgeKnownDevices } from './platform/auth/known-devices.js';
import { purgePartnerNonces } from './platform/auth/partner-signing.js';
import { purgeRateLimits } from './platform/auth/rate-limit.js';
import { purgeDeadSessions } from './platform/auth/sessions.js';
import { purgeSignInThrottles } from './platform/auth/sign-in-throttle.js';
import type { Config } from './platform/config/config.js';
import type { Db } from './platform/db/tx.js';
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
  // Housekeeping purges of expired rows: one line each (name, interval in seconds, the purge).
  const purges: [name: string, intervalSeconds: number, purge: (db: Db, now: Date) => Promise<number>][] = [
    ['auth.purge-sessions', 3600, purgeDeadSessions],
    ['auth.purge-rate-limits', 3600, purgeRateLimits],
    ['auth.purge-sign-in-throttles', 3600, purgeSignInThrottles],
    ['auth.purge-known-devices', 86_400, purgeKnownDevices],
    ['auth.purge-partner-nonces', 300, purgePartnerNonces],
    ['auth.purge-idempotency', 3600, purgeIdempotencyRecords],
  ];
  for (const [name, intervalSeconds, purge] of purges) {
    jobs.register({ name, intervalSeconds, run: async (db, now) => `purged ${await purge(db, now)}` });
  }
}
