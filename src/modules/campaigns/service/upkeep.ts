// The module's scheduled work: coupons past their day are marked expired, and accounts that claim
// like scripts are put before their union's staff. Plus the staff's decisions on those flags.
import { and, desc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import { pageAfter, parseIdCursor } from '../../../platform/db/keyset.js';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { addDays, DEFAULT_ABUSE_THRESHOLDS, findAbuse, type AbuseThresholds } from '../rules.js';
import { shanghaiDay } from '../../../platform/db/columns.js';
import { getMembersByIds } from '#modules/members';
import { orgIdsInScope } from '#modules/orgs';
import { campaignErrors } from '../errors.js';
import { claimFlags, coupons } from '../schema.js';

/** Coupons marked per statement: the expiry of a 50,000-coupon day never holds one long transaction. */
const EXPIRE_CHUNK = 5000;

/** Marks the issued coupons whose validity has ended; returns how many. Idempotent, resumable after a crash. */
export async function expireCoupons(db: Db, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await db
      .update(coupons)
      .set({ status: 'expired' })
      .where(
        inArray(
          coupons.id,
          db
            .select({ id: coupons.id })
            .from(coupons)
            .where(and(eq(coupons.status, 'issued'), lte(coupons.expiresAt, now)))
            .limit(EXPIRE_CHUNK),
        ),
      )
      .returning({ id: coupons.id });
    total += rows.length;
    if (rows.length < EXPIRE_CHUNK) return total;
  }
}

/**
 * Looks at the last `days` days of claims and opens a flag for each account that claims like a
 * machine (findAbuse in rules.ts); an account already flagged for the same reason is not flagged again.
 */
export async function flagScriptedClaims(db: Db, now: Date, days = 5, limits: AbuseThresholds = DEFAULT_ABUSE_THRESHOLDS): Promise<number> {
  const from = addDays(shanghaiDay(now), -(days - 1));
  const traces = await db
    .select({
      accountId: coupons.accountId,
      memberId: coupons.memberId,
      orgId: coupons.orgId,
      day: coupons.day,
      msAfterRelease: coupons.msAfterRelease,
      deviceId: coupons.deviceId,
    })
    .from(coupons)
    .where(gte(coupons.day, from));
  const who = new Map(traces.map((t) => [t.accountId, t]));
  const findings = findAbuse(traces, limits);
  if (findings.length === 0) return 0;
  const rows = await db
    .insert(claimFlags)
    .values(
      findings.map((f) => ({
        accountId: f.accountId,
        memberId: who.get(f.accountId)?.memberId ?? null,
        orgId: who.get(f.accountId)?.orgId ?? '',
        kind: f.kind,
        details: f.details,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: claimFlags.id });
  return rows.length;
}

export type ClaimFlag = typeof claimFlags.$inferSelect & { memberNo: string | null };

/** The subtree's flags, newest first, each with the member number staff look the member up by. */
/** The subtree's flags in one status, newest first (by UUIDv7 id), a page at a time. */
export async function listClaimFlags(
  db: Db,
  scope: Scope,
  filter: { status: 'open' | 'cleared' | 'blocked'; cursor?: string | undefined; limit: number },
): Promise<{ items: ClaimFlag[]; nextCursor: string | null }> {
  const conditions = [eq(claimFlags.status, filter.status), inArray(claimFlags.orgId, orgIdsInScope(scope))];
  const after = parseIdCursor(filter.cursor);
  if (after) conditions.push(lt(claimFlags.id, after));
  const rows = await db
    .select()
    .from(claimFlags)
    .where(and(...conditions))
    .orderBy(desc(claimFlags.id))
    .limit(filter.limit + 1);
  const { page, nextCursor } = pageAfter(rows, filter.limit);
  return { items: await withMemberNos(db, page), nextCursor };
}

async function withMemberNos(db: Db, rows: (typeof claimFlags.$inferSelect)[]): Promise<ClaimFlag[]> {
  const memberNos = new Map(
    (
      await getMembersByIds(
        db,
        rows.flatMap((r) => (r.memberId ? [r.memberId] : [])),
      )
    ).map((m) => [m.id, m.memberNo]),
  );
  return rows.map((r) => ({ ...r, memberNo: r.memberId ? (memberNos.get(r.memberId) ?? null) : null }));
}

/**
 * Clears a flag (a person after all) or blocks the account from claiming; a block also voids the
 * account's coupons not yet used, so what a script gathered cannot be spent.
 */
export async function decideClaimFlag(
  db: Db,
  actor: Actor,
  scope: Scope,
  flagId: string,
  decision: 'clear' | 'block',
  reason: string,
  now = new Date(),
): Promise<ClaimFlag> {
  return inTransaction(db, async (tx) => {
    const [flag] = await tx
      .select()
      .from(claimFlags)
      .where(and(eq(claimFlags.id, flagId), inArray(claimFlags.orgId, orgIdsInScope(scope))))
      .for('update');
    if (!flag) throw campaignErrors.flagNotFound();
    if (flag.status !== 'open') throw campaignErrors.statusChangeNotAllowed({ status: flag.status, action: decision });
    const [row] = await tx
      .update(claimFlags)
      .set({ status: decision === 'clear' ? 'cleared' : 'blocked', decidedBy: actor.id, decidedAt: now, decisionReason: reason })
      .where(eq(claimFlags.id, flagId))
      .returning();
    let voided = 0;
    if (decision === 'block') {
      const rows = await tx
        .update(coupons)
        .set({ status: 'voided', voidedAt: now, voidReason: reason })
        .where(and(eq(coupons.accountId, flag.accountId), eq(coupons.status, 'issued')))
        .returning({ id: coupons.id });
      voided = rows.length;
    }
    await recordAudit(tx, actor, {
      action: `campaign.claim_flag_${decision}`,
      targetType: 'member_account',
      targetId: flag.accountId,
      reason,
      details: { flagId, kind: flag.kind, voided },
    });
    return (await withMemberNos(tx, [row as typeof claimFlags.$inferSelect]))[0] as ClaimFlag;
  });
}

/** Counts of coupons by status, a cheap check the benchmark and the tests use on the invariants. */
export async function couponCounts(db: Db, campaignId: string): Promise<Record<string, number>> {
  const rows = await db
    .select({ status: coupons.status, n: sql<number>`count(*)::int` })
    .from(coupons)
    .where(eq(coupons.campaignId, campaignId))
    .groupBy(coupons.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
