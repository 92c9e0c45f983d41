// Coupons of a campaign run through a payment channel (WeChat Pay's 代金券): the claim is decided here,
// as every claim is; the coupon is then issued into the channel by a job (an outbox: retried, exactly
// once by the channel's idempotent out_request_no = the coupon id), and the channel's use notification
// marks it redeemed here. The channel's client lives in platform/payments (no business rules).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Platform } from '../../../platform/context.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { shanghaiDay } from '../../../platform/db/columns.js';
import { wechatPayCouponChannelFromConfig, type CouponChannel } from '../../../platform/payments/coupon-channel.js';
import { PaymentProviderError } from '../../../platform/payments/wechatpay-v3.js';
import { campaignErrors } from '../errors.js';
import { campaigns, channelEvents, channelUsers, coupons, redemptions } from '../schema.js';

/** After this many failed attempts a coupon's issue is given up (failed) for staff to look at. */
const MAX_ATTEMPTS = 8;

const channels = new WeakMap<object, CouponChannel | null>();

/** The configured channel of this installation (null: none), built once per configuration. */
export function couponChannelOf(p: Pick<Platform, 'config'>): CouponChannel | null {
  if (!channels.has(p.config)) channels.set(p.config, wechatPayCouponChannelFromConfig(p.config));
  return channels.get(p.config) ?? null;
}

/** Records the account's WeChat identity (the openid the H5's WeChat sign-in gave, under that app). */
export async function bindChannelUser(db: Db, accountId: string, input: { appId: string; openid: string }): Promise<void> {
  await db
    .insert(channelUsers)
    .values({ accountId, channel: 'wechatpay', appId: input.appId, userRef: input.openid })
    .onConflictDoUpdate({ target: [channelUsers.accountId, channelUsers.channel], set: { appId: input.appId, userRef: input.openid } });
}

/** The accounts among these with a channel identity: a channel campaign's claims need one. */
export async function accountsWithChannelUser(db: Db, accountIds: readonly string[]): Promise<Set<string>> {
  if (accountIds.length === 0) return new Set();
  const rows = await db
    .select({ accountId: channelUsers.accountId })
    .from(channelUsers)
    .where(and(eq(channelUsers.channel, 'wechatpay'), inArray(channelUsers.accountId, [...new Set(accountIds)])));
  return new Set(rows.map((r) => r.accountId));
}

export interface IssueRun {
  issued: number;
  retrying: number;
  failed: number;
}

/**
 * Issues the coupons waiting for the channel, oldest first. No transaction is held across a call to
 * the provider: a coupon is marked issued after the provider's answer, and a crash in between issues it
 * again next run under the same out_request_no, which the provider answers with the same coupon.
 */
export async function issuePendingCoupons(db: Db, p: Pick<Platform, 'config' | 'log'>, limit = 200): Promise<IssueRun> {
  const run: IssueRun = { issued: 0, retrying: 0, failed: 0 };
  const pending = await db
    .select({
      id: coupons.id,
      attempts: coupons.channelAttempts,
      stockId: campaigns.channelStockId,
      appId: channelUsers.appId,
      openid: channelUsers.userRef,
    })
    .from(coupons)
    .innerJoin(campaigns, eq(campaigns.id, coupons.campaignId))
    .leftJoin(channelUsers, and(eq(channelUsers.accountId, coupons.accountId), eq(channelUsers.channel, 'wechatpay')))
    .where(eq(coupons.channelState, 'pending'))
    .orderBy(asc(coupons.id))
    .limit(limit);
  if (pending.length === 0) return run;
  const channel = couponChannelOf(p);
  if (!channel) {
    p.log.warn({ pending: pending.length }, 'coupons wait for a payment channel that is not configured');
    return { ...run, retrying: pending.length };
  }
  for (const coupon of pending) {
    // The claim required the identity; one removed since cannot be issued to.
    if (!coupon.stockId || !coupon.appId || !coupon.openid) {
      await db.update(coupons).set({ channelState: 'failed' }).where(eq(coupons.id, coupon.id));
      run.failed += 1;
      continue;
    }
    try {
      const { externalCouponId } = await channel.issue({
        stockId: coupon.stockId,
        outRequestNo: coupon.id,
        userRef: coupon.openid,
        appId: coupon.appId,
      });
      await db.update(coupons).set({ channelState: 'issued', externalCouponId }).where(eq(coupons.id, coupon.id));
      run.issued += 1;
    } catch (error) {
      const retryable = error instanceof PaymentProviderError ? error.retryable : true;
      const attempts = coupon.attempts + 1;
      const failed = !retryable || attempts >= MAX_ATTEMPTS;
      await db
        .update(coupons)
        .set({ channelAttempts: attempts, ...(failed ? { channelState: 'failed' as const } : {}) })
        .where(eq(coupons.id, coupon.id));
      p.log.warn({ err: error, couponId: coupon.id, attempts }, failed ? 'coupon not issued to the channel' : 'coupon issue to retry');
      if (failed) run.failed += 1;
      else run.retrying += 1;
    }
  }
  return run;
}

/**
 * Applies the channel's notification that a coupon was used in one of its stores: verified and
 * decrypted by the channel, applied at most once per event (the provider retries until it hears 2xx).
 */
export async function applyChannelUse(
  db: Db,
  p: Pick<Platform, 'config'>,
  headers: Record<string, string | undefined>,
  rawBody: string,
  now = new Date(),
): Promise<'applied' | 'duplicate' | 'ignored'> {
  const channel = couponChannelOf(p);
  if (!channel) throw campaignErrors.channelNotConfigured();
  const event = await channel.parseUseNotification(headers, rawBody, now).catch((error: unknown) => {
    throw campaignErrors.channelNotificationInvalid({}, { cause: error });
  });
  return inTransaction(db, async (tx) => {
    const fresh = await tx
      .insert(channelEvents)
      .values({ eventId: event.eventId, channel: channel.name, receivedAt: now })
      .onConflictDoNothing()
      .returning();
    if (fresh.length === 0) return 'duplicate';
    if (event.status !== 'used') return 'ignored';
    const [coupon] = await tx.select().from(coupons).where(eq(coupons.externalCouponId, event.externalCouponId)).for('update');
    if (!coupon || coupon.status === 'redeemed') return 'ignored';
    const usedAt = event.usedAt ?? now;
    await tx.insert(redemptions).values({
      couponId: coupon.id,
      campaignId: coupon.campaignId,
      partnerId: null,
      channelMerchantId: event.merchantId,
      orderRef: event.transactionId,
      orderAmountFen: event.orderAmountFen,
      discountFen: event.discountFen ?? coupon.discountFen,
      day: shanghaiDay(usedAt),
      source: 'channel',
      redeemedAt: usedAt,
    });
    await tx.update(coupons).set({ status: 'redeemed', redeemedAt: usedAt }).where(eq(coupons.id, coupon.id));
    return 'applied';
  });
}

/** Coupons by channel state, for the console and the tests. */
export async function channelStates(db: Db, campaignId: string): Promise<Record<string, number>> {
  const rows = await db
    .select({ state: coupons.channelState, n: sql<number>`count(*)::int` })
    .from(coupons)
    .where(eq(coupons.campaignId, campaignId))
    .groupBy(coupons.channelState);
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}
