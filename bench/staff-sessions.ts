// Signed-in staff for the load benchmarks: a session written the way the console's sign-in writes
// one, for a demo staff account (the sign-in itself asks a TOTP code and is rate limited).
import { createSession } from '../src/platform/auth/sessions.js';
import type { Platform } from '../src/platform/context.js';
import { inTransaction } from '../src/platform/db/tx.js';
import { listStaffAccounts } from '#modules/staff';

/** A staff session's token for the demo account `username`, living `ttlMs` (3 hours: a watchdog stops every run long before). */
export async function staffSession(p: Platform, username: string, userAgent: string, ttlMs = 3 * 3600_000): Promise<string> {
  const [staff] = (await listStaffAccounts(p.db, { orgId: '', path: '/' }, { q: username, limit: 5 })).filter(
    (s) => s.username === username,
  );
  if (!staff) throw new Error(`demo staff "${username}" not found`);
  const { token } = await inTransaction(p.db, (tx) =>
    createSession(tx, { kind: 'staff', principalId: staff.id, ttlMs, now: new Date(), userAgent }),
  );
  return token;
}
