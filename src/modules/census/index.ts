// The census module's public API: other modules import only from this file.
import type { Platform } from '../../platform/context.js';
import type { Database } from '../../platform/db/client.js';
import type { JobScheduler } from '../../platform/jobs/scheduler.js';
import { defineModule, type DemoSeedContext } from '../../platform/manifest/manifest.js';
import { censusMessages } from './messages.js';
import { censusRoutes } from './routes/index.js';
import { seedCensusDemo } from './seed.js';
import { foldTallies } from '../../platform/db/tally.js';
import { CENSUS_TALLIES, CONTEXT, endOrphanedLists, followRoll } from './service/index.js';

declare module '../../platform/access/access.js' {
  interface AccessModules {
    census: true;
  }
}
declare module '../../platform/auth/sms.js' {
  interface SmsTemplates {
    census_invitation: true;
  }
}

/** Following the roll's changes (coverage moves as members join and leave), and ending lists whose process died. */
function registerCensusJobs(jobs: JobScheduler, { platform, database }: { platform: Platform; database: Database }): void {
  jobs.register({
    name: 'census.follow-roll',
    intervalSeconds: 10,
    run: async (db) => `members looked at ${await followRoll(db, platform)}`,
  });
  jobs.register({
    name: 'census.fold-coverage',
    intervalSeconds: 30,
    run: (db) => foldTallies(db, CENSUS_TALLIES),
  });
  jobs.register({
    name: 'census.end-orphaned-lists',
    intervalSeconds: 60,
    run: async () => `ended ${(await endOrphanedLists(database, platform)).length}`,
  });
}

const ENCRYPTED = [
  { column: 'name_cipher', context: CONTEXT.name },
  { column: 'id_number_cipher', context: CONTEXT.idNumber },
  { column: 'phone_cipher', context: CONTEXT.phone },
];

// The demo's census: 柯桥区's couriers and a platform's riders, some of them on the demo roll.
async function seedDemo({ platform, database, orgs, volume }: DemoSeedContext): Promise<Record<string, unknown> | undefined> {
  if (!volume || !orgs.keqiao) return undefined;
  return seedCensusDemo(database, platform, orgs.keqiao);
}

export const censusModule = defineModule({
  name: 'census',
  accessModules: ['census'],
  routes: censusRoutes,
  jobs: registerCensusJobs,
  messages: censusMessages,
  seedDemo,
  // A list's staged rows live minutes; the census's people are kept.
  encryptedColumns: ENCRYPTED.map((c) => ({ table: 'census_person', idColumn: 'id', ...c })),
});

export { coverageRate } from './rules.js';
/** The coverage's tallies, for a bulk loader to fold (the job does it every 30 s). */
export { CENSUS_TALLIES } from './service/index.js';
