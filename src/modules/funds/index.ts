// The funds module's public API: the ledger that hardship aid, mutual aid, awards and activities pay
// through (issue 18). Other modules call `disburse`/`disburseMany` inside their own transaction.
import type { JobScheduler } from '../../platform/jobs/scheduler.js';
import type { Platform } from '../../platform/context.js';
import { defineModule } from '../../platform/manifest/manifest.js';
import { enableFundCaches } from './cache.js';
import { fundsMessages } from './messages.js';
import { fundRoutes } from './routes/index.js';
import { seedFundsDemo } from './seed.js';
import { verifyLedger } from './service/statements.js';

declare module '../../platform/access/access.js' {
  interface AccessModules {
    funds: true;
  }
}

declare module '../../platform/cache/changes.js' {
  interface ChangeTopics {
    /** A fund set up or changed, or a source added (subject: its id): each instance drops its copy. */
    funds: true;
  }
}

/** Every night the balances are recomputed from the journal; a mismatch is logged loudly (it cannot happen short of a bug or a hand edit). */
function registerFundJobs(jobs: JobScheduler, { platform: p }: { platform: Platform }): void {
  jobs.register({
    name: 'funds.verify-ledger',
    intervalSeconds: 86_400,
    leaseSeconds: 3600,
    run: async (db) => {
      const mismatches = await verifyLedger(db);
      if (mismatches.length > 0) p.log.error({ mismatches: mismatches.slice(0, 20) }, 'funds: balances disagree with the journal');
      return mismatches.length === 0 ? 'the books agree' : `${mismatches.length} balances disagree with the journal`;
    },
  });
}

export const fundsModule = defineModule({
  name: 'funds',
  accessModules: ['funds'],
  changeTopics: ['funds'],
  routes: fundRoutes,
  caches: enableFundCaches,
  messages: fundsMessages,
  jobs: registerFundJobs,
  seedDemo: seedFundsDemo,
});

export { FUND_PURPOSES, formatYuan, type Figures, type FundPurpose } from './rules.js';
export { disburse, disburseMany, type DisbursementInput, type Payment } from './service/disburse.js';
export { createFund, fundNames, listFunds, loadFund, type Fund } from './service/funds.js';
export { receiveFromSource, reverseTransfer } from './service/movements.js';
export type { Transfer } from './service/ledger.js';
export { fundTree, fundUseByOrg } from './service/statements.js';
export { fundErrors } from './errors.js';
