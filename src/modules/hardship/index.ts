// The hardship module's public API: hardship files (建档立卡) with their process and review, aid paid
// through the funds ledger, help cards and the competition ranking (issue 18).
import type { JobScheduler } from '../../platform/jobs/scheduler.js';
import { defineModule } from '../../platform/manifest/manifest.js';
import { drawCallbacks } from './service/help.js';
import { refreshKeptRankings } from './service/ranking.js';
import { listReviewsDue } from './service/reminders.js';
import { seedHardshipDemo } from './seed.js';
import { hardshipMessages } from './messages.js';
import { hardshipRuleMessages } from './messages-rules.js';
import { hardshipRoutes } from './routes/index.js';
import { HARDSHIP_ENCRYPTED_COLUMNS } from './service/crypto.js';

declare module '../../platform/access/access.js' {
  interface AccessModules {
    hardship: true;
  }
}

declare module '../../platform/auth/sms.js' {
  interface SmsTemplates {
    hardship_status: true;
    hardship_invite: true;
    hardship_need_answered: true;
  }
}

/**
 * The weekly call-back draw (随机回访): run daily, it draws once a week (a second run finds the week
 * drawn); each union's list of reviews due and overdue, brought up to date daily; the rankings each night.
 */
function registerHardshipJobs(jobs: JobScheduler): void {
  jobs.register({
    name: 'hardship.draw-callbacks',
    intervalSeconds: 86_400,
    run: async (db, now) => `drew ${await drawCallbacks(db, now)}`,
  });
  jobs.register({
    name: 'hardship.review-reminders',
    intervalSeconds: 86_400,
    run: async (db, now) => `listed ${await listReviewsDue(db, now)} unions`,
  });
  jobs.register({
    name: 'hardship.refresh-rankings',
    intervalSeconds: 86_400,
    leaseSeconds: 1800,
    run: async (db, now) => `refreshed ${await refreshKeptRankings(db, now)}`,
  });
}

export const hardshipModule = defineModule({
  name: 'hardship',
  accessModules: ['hardship'],
  routes: hardshipRoutes,
  jobs: registerHardshipJobs,
  seedDemo: seedHardshipDemo,
  messages: { ...hardshipRuleMessages, ...hardshipMessages },
  encryptedColumns: HARDSHIP_ENCRYPTED_COLUMNS,
});
