// The members module's public API: other modules import only from this file.
import type { JobScheduler } from '../../platform/jobs/scheduler.js';
import type { Platform } from '../../platform/context.js';
import type { Database } from '../../platform/db/client.js';
import { defineModule, type DemoSeedContext } from '../../platform/manifest/manifest.js';
import { enableMemberCaches } from './cache.js';
import { membersMessages } from './messages.js';
import { memberRoutes } from './routes/index.js';
import { DEMO_MEMBER_COUNT, seedMembers } from './seed.js';
import { CHANGE_FEED_KEPT_MS, MEMBER_TALLIES, purgeMemberChanges } from './service/tally.js';
import { foldTallies } from '../../platform/db/tally.js';
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

/**
 * The module's scheduled work: review reminders (the SLA), the retention purge, ending imports whose
 * process died, and forgetting the change feed's old rows.
 */
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
    run: async () => `ended ${(await endOrphanedImports(database, p)).length}`,
  });
  jobs.register({
    name: 'members.purge-change-feed',
    intervalSeconds: 86_400,
    run: async (db, now) => `purged ${await purgeMemberChanges(db, new Date(now.getTime() - CHANGE_FEED_KEPT_MS))}`,
  });
  // Reads sum the tallies' rows: folding keeps them a few per key, however many joins came in.
  jobs.register({
    name: 'members.fold-tallies',
    intervalSeconds: 30,
    run: (db) => foldTallies(db, MEMBER_TALLIES),
  });
}

// A roll to look at from the first minute of the embedded demo: synthetic members placed by the real
// rule (under a second). `gonghui seed --members N` adds more.
async function seedDemoMembers({ platform, database, volume }: DemoSeedContext): Promise<Record<string, unknown> | undefined> {
  if (!volume) return undefined;
  const seeded = await seedMembers(database, platform, { count: DEMO_MEMBER_COUNT });
  return { members: seeded.written };
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
  seedDemo: seedDemoMembers,
});

export { cardKeyring, importRollFile, parseImportMapping } from './service/index.js';
export type { MemberSummary, MemberSnapshot } from './service/lookup.js';
export {
  findMemberById,
  findMemberByAccount,
  findMemberByIdIndex,
  findMembersByIdIndexes,
  getMembersByIds,
  getMemberSnapshot,
  requireActiveMember,
  listMembersInSubtree,
  getMemberSnapshotsByAccounts,
  countEligibleMembers,
} from './service/lookup.js';
export type { EligibilityRule, Eligibility, IneligibleReason } from './eligibility.js';
export { evaluateEligibility } from './eligibility.js';
export type { SeedMembersOptions, SeedProgress } from './seed.js';
export { seedMembers } from './seed.js';
/** The columns of a roll import (header words included), and how far the console's roll counts: for the benchmarks. */
export { IMPORT_COLUMNS } from './service/index.js';
export { ROLL_COUNT_CAP } from './service/roll.js';
export { NEW_FORM_TRADES } from './rules.js';
/** The roll counted and followed, for reports and for lists matched to the roll (tally.ts). */
export type { AreaFilter, MemberCounts, MemberChangeCursor } from './service/tally.js';
export {
  childDepth,
  memberCounts,
  memberCountsBy,
  memberJoinsByMonth,
  memberJoinsByOrg,
  MEMBER_TALLIES,
  readMemberChanges,
  memberMatchKeys,
  memberPeople,
  personMatchIndexes,
  findMembersByPhoneAndName,
} from './service/tally.js';
