// The staff module's public API.
import type { EncryptedColumn } from '../../platform/crypto/rotation.js';
import { defineModule } from '../../platform/manifest/manifest.js';
import { staffMessages } from './messages.js';
import { staffRoutes } from './routes.js';
import { enableStaffSessionCache, resolveStaffToken } from './service/principal.js';

declare module '../../platform/access/access.js' {
  interface AccessModules {
    staff: true;
  }
}

const encryptedColumns: EncryptedColumn[] = [
  { table: 'staff_account', idColumn: 'id', column: 'totp_secret_cipher', context: 'staff_account.totp_secret' },
];

export const staffModule = defineModule({
  name: 'staff',
  accessModules: ['staff'],
  routes: staffRoutes,
  caches: enableStaffSessionCache,
  messages: staffMessages,
  encryptedColumns,
  principals: (platform) => ({ staff: (token, now) => resolveStaffToken(platform.db, token, now) }),
});

export type { StaffAccount, StaffWithRole, CreateStaffInput, Roles } from './service/accounts.js';
export {
  createStaffAccount,
  getStaffAccount,
  listStaffAccounts,
  listStaffWithRole,
  countStaff,
  setStaffTotpSecret,
} from './service/accounts.js';
export { staffErrors } from './errors.js';
