// Test factories for staff accounts; only tests import this file (.dependency-cruiser.cjs, testing-is-for-tests).
import { systemActor } from '../../platform/audit/audit.js';
import { createSession } from '../../platform/auth/sessions.js';
import { inTransaction, type Db } from '../../platform/db/tx.js';
import { createStaffAccount, type Roles, type StaffAccount } from './index.js';

export const TEST_STAFF_PASSWORD = 'Test@Staff2026';

let made = 0;

/**
 * A staff account at `org` with the given roles (created as the CLI creates one: no granter), and a
 * signed-in session for it: pass `cookie` to the app's requests. TOTP is left unset.
 */
export async function newStaff(
  db: Db,
  org: { id: string },
  roles: Roles,
  overrides: { username?: string; displayName?: string; password?: string } = {},
): Promise<{ staff: StaffAccount; cookie: string; token: string }> {
  made += 1;
  const staff = await createStaffAccount(db, systemActor('test'), null, null, {
    orgId: org.id,
    username: overrides.username ?? `test.staff${made}`,
    displayName: overrides.displayName ?? `测试干事${made}`,
    password: overrides.password ?? TEST_STAFF_PASSWORD,
    roles,
  });
  const { token } = await inTransaction(db, (tx) =>
    createSession(tx, { kind: 'staff', principalId: staff.id, ttlMs: 3600_000, now: new Date() }),
  );
  return { staff, cookie: `gh_staff=${token}`, token };
}
