// The hardship module's public API: hardship files (建档立卡) with their process and review, aid paid
// through the funds ledger, help cards and the competition ranking (issue 18; being built).
import { defineModule } from '../../platform/manifest/manifest.js';
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
  }
}

export const hardshipModule = defineModule({
  name: 'hardship',
  accessModules: ['hardship'],
  routes: hardshipRoutes,
  messages: { ...hardshipRuleMessages, ...hardshipMessages },
  encryptedColumns: HARDSHIP_ENCRYPTED_COLUMNS,
});
