// The staff module's public API.
export type { StaffAccount, CreateStaffInput, Roles } from './service/accounts.js';
export { createStaffAccount, getStaffAccount, listStaffAccounts, countStaff, setStaffTotpSecret } from './service/accounts.js';
export { enableStaffSessionCache, resolveStaffToken } from './service/principal.js';
export { staffErrors } from './errors.js';
export { staffRoutes } from './routes.js';
/** Columns holding encrypted values, for `gonghui keys rotate`. */
export const STAFF_ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  { table: 'staff_account', idColumn: 'id', column: 'totp_secret_cipher', context: 'staff_account.totp_secret' },
];
import type { EncryptedColumn } from '../../platform/crypto/rotation.js';
