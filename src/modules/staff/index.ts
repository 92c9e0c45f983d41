// The staff module's public API.
export type { StaffAccount, CreateStaffInput, Roles } from './service/accounts.js';
export { createStaffAccount, getStaffAccount, listStaffAccounts, countStaff, setStaffTotpSecret } from './service/accounts.js';
export { resolveStaffToken } from './service/principal.js';
export { staffErrors } from './errors.js';
export { staffRoutes } from './routes.js';
