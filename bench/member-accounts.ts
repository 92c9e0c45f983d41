// Signed-in H5 workers for the load benchmarks, written in bulk the way the SMS sign-in writes them.
import { randomBytes } from 'node:crypto';
import { getMemberAccountPhone } from '../src/platform/auth/member-sign-in.js';
import { authSessions, memberAccounts } from '../src/platform/auth/schema.js';
import { hashToken } from '../src/platform/auth/sessions.js';
import type { Platform } from '../src/platform/context.js';
import { uuidv7 } from '../src/platform/db/columns.js';
import { inTransaction } from '../src/platform/db/tx.js';

// The member account's phone is encrypted and indexed under this context by the sign-in (a private
// constant there); getMemberAccountPhone reads one back after the write to prove it still matches.
const ACCOUNT_PHONE_CONTEXT = 'auth_member_account.phone';

/** Mobile number k of a prefix the seed never uses (so the bench's people are new to the roll). */
export const phoneFor = (prefix: string, k: number) => `${prefix}${String(k).padStart(8, '0')}`;

/**
 * Signed-in H5 workers, made the way the SMS sign-in makes them (account row with the phone's
 * ciphertext and blind index, then a session row holding the SHA-256 of a 256-bit token), in bulk:
 * the SMS code's rate limits would otherwise allow one sign-in per phone a minute and 30 per IP an hour.
 */
export async function createMemberAccounts(
  p: Platform,
  prefix: string,
  from: number,
  count: number,
  userAgent: string,
  ttlMs = 3600_000,
): Promise<{ id: string; token: string }[]> {
  const now = new Date();
  const out: { id: string; token: string }[] = [];
  const CHUNK = 5_000;
  for (let at = 0; at < count; at += CHUNK) {
    const accounts: (typeof memberAccounts.$inferInsert)[] = [];
    const sessions: (typeof authSessions.$inferInsert)[] = [];
    for (let k = from + at; k < from + Math.min(count, at + CHUNK); k++) {
      const phone = phoneFor(prefix, k);
      const id = uuidv7();
      const token = randomBytes(32).toString('base64url');
      accounts.push({
        id,
        phoneCipher: p.cipher.encrypt(phone, ACCOUNT_PHONE_CONTEXT),
        phoneIndex: p.blindIndex.compute(phone, ACCOUNT_PHONE_CONTEXT),
        lastSignInAt: now,
      });
      sessions.push({
        tokenHash: hashToken(token),
        principalKind: 'member',
        principalId: id,
        expiresAt: new Date(now.getTime() + ttlMs),
        lastSeenAt: now,
        userAgent,
      });
      out.push({ id, token });
    }
    await inTransaction(p.db, async (tx) => {
      await tx.insert(memberAccounts).values(accounts);
      await tx.insert(authSessions).values(sessions);
    });
  }
  const first = out[0];
  if (!first || (await getMemberAccountPhone(p, first.id)) !== phoneFor(prefix, from)) {
    throw new Error('a bench account does not read back its phone: the sign-in’s phone context changed');
  }
  return out;
}
