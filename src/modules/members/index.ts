// The members module's public API: other modules import only from this file.
import type { JobScheduler } from '../../platform/jobs/scheduler.js';
import type { Platform } from '../../platform/context.js';
import type { Database } from '../../platform/db/client.js';
import { defineModule } from '../../platform/manifest/manifest.js';
import { enableMemberCaches } from './cache.js';
import { membersMessages } from './messages.js';
import { memberRoutes } from './routes.js';
import { endOrphanedImports, MEMBER_ENCRYPTED_COLUMNS, purgeExpiredPersonalData, remindOverdueReviews } from './service/index.js';

declare module '../../platform/access/access.js' {
  interface AccessModules {
    members: true;
  }
}
declare module '../../platform/cache/changes.js' {
  interface ChangeTopics {
    members: true;
  }
}
declare module '../../platform/auth/sms.js' {
  interface SmsTemplates {
    member_approved: true;
    member_rejected: true;
    member_transfer_completed: true;
  }
}

/** The module's scheduled work: review reminders (the SLA), the retention purge, and ending imports whose process died. */
function registerMemberJobs(jobs: JobScheduler, { platform: p, database }: { platform: Platform; database: Database }): void {
  jobs.register({
    name: 'members.review-reminders',
    intervalSeconds: 900,
    run: async (db, now) => `reminded ${await remindOverdueReviews(db, now)}`,
  });
  jobs.register({
    name: 'members.purge-personal-data',
    intervalSeconds: 86_400,
    leaseSeconds: 3600,
    run: async (db, now) => `purged ${await purgeExpiredPersonalData(db, now, p.config.memberRetentionYears)}`,
  });
  jobs.register({
    name: 'members.end-orphaned-imports',
    intervalSeconds: 60,
    run: async () => `ended ${(await endOrphanedImports(p, database)).length}`,
  });
}

export const membersModule = defineModule({
  name: 'members',
  accessModules: ['members'],
  changeTopics: ['members'],
  routes: memberRoutes,
  caches: enableMemberCaches,
  jobs: registerMemberJobs,
  messages: membersMessages,
  encryptedColumns: MEMBER_ENCRYPTED_COLUMNS,
});

export type { Member, MemberCard, CardVerification, PublishedCardKey } from './service/index.js';
export type { ImportJob, ImportProgress } from './service/index.js';
export { cardKeyring, importRollFile, parseImportMapping, verifyCard } from './service/index.js';
export { memberErrors } from './errors.js';
export { choosePlacement, formatMemberNo, isValidMemberNo, NEW_FORM_TRADES } from './rules.js';
