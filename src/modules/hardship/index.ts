// The hardship module's public API: hardship files (建档立卡) with their review, aid paid through the
// funds ledger, help cards and the competition ranking (issue 18; being built — the rules first).
import { defineModule } from '../../platform/manifest/manifest.js';
import { hardshipRuleMessages } from './messages-rules.js';

export const hardshipModule = defineModule({
  name: 'hardship',
  messages: hardshipRuleMessages,
});
