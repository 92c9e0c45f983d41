// The stations module's scheduled work.
import type { Config } from '../../platform/config/config.js';
import { FileStore, sweepFileStore } from '../../platform/files/store.js';
import type { JobScheduler } from '../../platform/jobs/scheduler.js';

export function registerStationJobs(jobs: JobScheduler, { config }: { config: Readonly<Config> }): void {
  // The platform's file store keeps bytes a row may yet name; this sweep deletes those no row names
  // after an hour (uploads refused or rolled back, photos deleted). Registered here because stations is
  // the store's first user: it moves to src/jobs.ts, the platform's own list, when a second module
  // puts files (a second registration of the name would throw).
  const store = FileStore.of(config);
  jobs.register({
    name: 'files.sweep',
    intervalSeconds: 6 * 3600,
    run: async (db, now) => `removed ${await sweepFileStore(db, store, now)}`,
  });
}
