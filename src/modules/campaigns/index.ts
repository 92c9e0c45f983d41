// The campaigns module's public API: other modules import only from this file.
import type { JobScheduler } from '../../platform/jobs/scheduler.js';
import { defineModule } from '../../platform/manifest/manifest.js';
import { campaignsMessages } from './messages.js';
import { campaignRoutes } from './routes/index.js';
import { seedCampaignDemo } from './seed.js';
import type { Platform } from '../../platform/context.js';
import { enableCampaignCache, enableLiveCampaignCache, expireCoupons, flagScriptedClaims, issuePendingCoupons } from './service/index.js';

declare module '../../platform/access/access.js' {
  interface AccessModules {
    campaigns: true;
  }
}
declare module '../../platform/cache/changes.js' {
  interface ChangeTopics {
    campaigns: true;
  }
}
declare module '../../platform/auth/sms.js' {
  interface SmsTemplates {
    campaign_claim_code: true;
  }
}

/**
 * Coupons past their day are marked expired; accounts that claim like scripts are flagged for staff;
 * coupons of channel campaigns are issued into the channel (the outbox).
 */
function registerCampaignJobs(jobs: JobScheduler, { platform }: { platform: Platform }): void {
  jobs.register({
    name: 'campaigns.issue-to-channel',
    intervalSeconds: 30,
    run: async (db) => {
      const run = await issuePendingCoupons(db, platform);
      return `issued ${run.issued}, retrying ${run.retrying}, failed ${run.failed}`;
    },
  });
  jobs.register({
    name: 'campaigns.expire-coupons',
    intervalSeconds: 600,
    run: async (db, now) => `expired ${await expireCoupons(db, now)}`,
  });
  jobs.register({
    name: 'campaigns.flag-scripted-claims',
    intervalSeconds: 3600,
    run: async (db, now) => `flagged ${await flagScriptedClaims(db, now)}`,
  });
}

export const campaignsModule = defineModule({
  name: 'campaigns',
  accessModules: ['campaigns'],
  changeTopics: ['campaigns'],
  routes: campaignRoutes,
  // The campaign rows claims read, and the live list the 福利 page reads.
  caches: (db) => {
    const disposers = [enableCampaignCache(db), enableLiveCampaignCache(db)];
    return () => disposers.forEach((dispose) => dispose());
  },
  jobs: registerCampaignJobs,
  messages: campaignsMessages,
  seedDemo: seedCampaignDemo,
});
