// The mutual-aid module's public API (职工医疗互助保障, issue 19): plans with their rules as data, enrolment
// with payment, claims and their review, payment batches through the funds ledger, the hospitals'
// 一单式 settlement and its daily reconciliation, the fund dashboard.
import type { JobScheduler } from '../../platform/jobs/scheduler.js';
import type { Platform } from '../../platform/context.js';
import { defineModule } from '../../platform/manifest/manifest.js';
import { shanghaiDay } from '../../platform/time/shanghai.js';
import { mutualAidMessages } from './messages.js';
import { mutualAidRuleMessages } from './messages-rules.js';
import { mutualAidRoutes } from './routes/index.js';
import { seedMutualAidDemo } from './seed.js';
import { MUTUAL_AID_ENCRYPTED_COLUMNS } from './service/crypto.js';
import { settlePendingPayments } from './service/enrolment.js';
import { remindRenewals } from './service/reminders.js';
import { reconcileDay } from './service/settlements.js';

declare module '../../platform/access/access.js' {
  interface AccessModules {
    'mutual-aid': true;
  }
}

declare module '../../platform/auth/sms.js' {
  interface SmsTemplates {
    mutual_aid_claim: true;
    mutual_aid_renewal: true;
  }
}

/**
 * Orders past their time are asked about once more and closed (every 5 minutes); yesterday's hospital
 * settlements are reconciled and renewal reminders sent (daily).
 */
function registerMutualAidJobs(jobs: JobScheduler, { platform: p }: { platform: Platform }): void {
  jobs.register({
    name: 'mutual-aid.settle-pending-payments',
    intervalSeconds: 300,
    run: async (db, now) => {
      const { paid, closed } = await settlePendingPayments(db, p, now);
      return `paid ${paid}, closed ${closed}`;
    },
  });
  jobs.register({
    name: 'mutual-aid.reconcile',
    intervalSeconds: 86_400,
    run: async (db, now) => `reconciled ${await reconcileDay(db, shanghaiDay(new Date(now.getTime() - 86_400_000)), now)}`,
  });
  jobs.register({
    name: 'mutual-aid.renewal-reminders',
    intervalSeconds: 86_400,
    run: async (db, now) => `reminded ${await remindRenewals(db, p, now)}`,
  });
}

export const mutualAidModule = defineModule({
  name: 'mutual-aid',
  accessModules: ['mutual-aid'],
  routes: mutualAidRoutes,
  jobs: registerMutualAidJobs,
  messages: { ...mutualAidRuleMessages, ...mutualAidMessages },
  encryptedColumns: MUTUAL_AID_ENCRYPTED_COLUMNS,
  seedDemo: seedMutualAidDemo,
});

export {
  FEMALE_DISEASES,
  GUANGDONG_HARDSHIP_PLAN,
  URUMQI_PLAN,
  XINKANG_PLAN,
  ageOn,
  atRate,
  checkClaimFigures,
  checkEnrolment,
  coveredFrom,
  cycleOf,
  payClaim,
  type Applicant,
  type Benefit,
  type ClaimFigures,
  type ClaimInput,
  type Cycle,
  type Payout,
  type PlanRule,
} from './rules.js';
