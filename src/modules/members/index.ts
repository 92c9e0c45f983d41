// The members module's public API: other modules import only from this file.
import type { JobScheduler } from '../../platform/jobs/scheduler.js';
import type { Platform } from '../../platform/context.js';
import type { Database } from '../../platform/db/client.js';
import { endOrphanedImports, purgeExpiredPersonalData, remindOverdueReviews } from './service/index.js';

export { MEMBER_ENCRYPTED_COLUMNS, cardKeyring, importRollFile, parseImportMapping } from './service/index.js';
export type { MemberSummary, MemberSnapshot } from './service/lookup.js';
export {
  findMemberById,
  findMemberByAccount,
  getMembersByIds,
  getMemberSnapshot,
  requireActiveMember,
  listMembersInSubtree,
} from './service/lookup.js';
export type { SeedMembersOptions, SeedProgress } from './seed.js';
export { seedMembers } from './seed.js';
/** The columns of a roll import (header words included), and how far the console's roll counts: for the benchmarks. */
export { IMPORT_COLUMNS } from './service/index.js';
export { ROLL_COUNT_CAP } from './service/roll.js';
export { enableMemberCaches } from './cache.js';
export { memberRoutes } from './routes/index.js';
export { NEW_FORM_TRADES } from './rules.js';

/** The module's scheduled work: review reminders (the SLA), the retention purge, and ending imports whose process died. */
export function registerMemberJobs(jobs: JobScheduler, p: Platform, database: Database): void {
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
    run: async () => `ended ${(await endOrphanedImports(database, p)).length}`,
  });
}
