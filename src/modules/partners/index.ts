// The partners module's public API.
import { systemActor } from '../../platform/audit/audit.js';
import type { EncryptedColumn } from '../../platform/crypto/rotation.js';
import { inTransaction } from '../../platform/db/tx.js';
import { defineModule } from '../../platform/manifest/manifest.js';
import { enablePartnerAuthCache } from './cache.js';
import { partnersMessages } from './messages.js';
import { partnerRoutes } from './routes.js';
import { createPartner, issuePartnerKey, loadPartnerPrincipal, lookupPartnerKey } from './service.js';

declare module '../../platform/access/access.js' {
  interface AccessModules {
    partners: true;
  }
}

const encryptedColumns: EncryptedColumn[] = [
  { table: 'partner_key', idColumn: 'id', column: 'secret_cipher', context: 'partner_key.secret' },
  { table: 'partner', idColumn: 'id', column: 'contact_phone_cipher', context: 'partner.contact_phone' },
];

export const partnersModule = defineModule({
  name: 'partners',
  accessModules: ['partners'],
  routes: partnerRoutes,
  caches: enablePartnerAuthCache,
  messages: partnersMessages,
  encryptedColumns,
  principals: (platform) => ({
    partnerKey: (keyId) => lookupPartnerKey(platform.db, platform, keyId),
    partner: (partnerId, keyId) => loadPartnerPrincipal(platform.db, partnerId, keyId),
  }),
  // The bus company of the 柯桥 example, with a key the README prints for trying the signed API.
  seedDemo: async ({ platform, orgs }) => {
    const keqiao = orgs.keqiao;
    if (!keqiao) return {};
    const actor = systemActor('seed');
    const everything = { orgId: '', path: '/' };
    const partnerKey = await inTransaction(platform.db, async (tx) => {
      const partner = await createPartner(tx, platform, actor, everything, { orgId: keqiao.id, name: '柯桥公交集团', kind: 'transport' });
      return issuePartnerKey(tx, platform, actor, everything, partner.id, 'demo');
    });
    return { partnerKey };
  },
});

export { createPartner, issuePartnerKey, listPartners, getPartnerNames } from './service.js';
