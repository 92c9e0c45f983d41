// The partners module's public API.
export { createPartner, issuePartnerKey, listPartners, lookupPartnerKey, loadPartnerPrincipal } from './service.js';
export { partnerRoutes } from './routes.js';
/** Columns holding encrypted values, for `gonghui keys rotate`. */
export const PARTNER_ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  { table: 'partner_key', idColumn: 'id', column: 'secret_cipher', context: 'partner_key.secret' },
  { table: 'partner', idColumn: 'id', column: 'contact_phone_cipher', context: 'partner.contact_phone' },
];
import type { EncryptedColumn } from '../../platform/crypto/rotation.js';
export { enablePartnerAuthCache } from './cache.js';
