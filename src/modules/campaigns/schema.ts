import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, updatedAt } from '../../platform/db/columns.js';
import { members } from '../members/schema.js';
import { orgs } from '../orgs/schema.js';

/** A campaign's eligibility rule as stored: the shape of members' EligibilityRule plus the unions chosen. */
export interface StoredRule {
  unionPaths: readonly string[];
  unionIds?: readonly string[];
  trades?: readonly string[] | null;
  newFormOnly?: boolean | null;
  joinedOnOrBefore?: string | null;
  joinedOnOrAfter?: string | null;
  regionCodes?: readonly string[] | null;
}

export const CAMPAIGN_STATUSES = ['draft', 'pending', 'approved', 'paused', 'ended'] as const;
export const COUPON_STATUSES = ['issued', 'redeemed', 'expired', 'voided'] as const;

/**
 * A union's benefit campaign: who may claim (the eligibility rule), what (one kind of coupon), how
 * many (a daily quota, a per-member limit, a budget cap) and when (dates, a daily release time).
 * Its row is also the lock every claim batch of the campaign takes (ADR 0012): the counters beside it
 * change only under that lock.
 */
export const campaigns = pgTable(
  'campaign',
  {
    id: id(),
    // The owner union: the campaign is for its subtree's members, run by its subtree's staff.
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    status: text('status', { enum: CAMPAIGN_STATUSES }).notNull().default('draft'),
    // The eligibility rule (EligibilityRule of members' index, with the unionIds staff chose), as JSON.
    rule: jsonb('rule').$type<StoredRule>().notNull(),
    thresholdFen: integer('threshold_fen').notNull(),
    discountFen: integer('discount_fen').notNull(),
    // Null: no daily cap (the budget or the per-member limit bounds the campaign).
    dailyQuota: integer('daily_quota'),
    perMemberPeriod: text('per_member_period', { enum: ['day', 'campaign'] }).notNull(),
    perMemberLimit: smallint('per_member_limit').notNull(),
    // Asia/Shanghai wall-clock 'HH:MM' at which each day's coupons are released.
    releaseTime: text('release_time').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    budgetFen: bigint('budget_fen', { mode: 'number' }),
    // A coupon is good until the end of the Asia/Shanghai day this many days after it was claimed (1: the same day).
    validDays: smallint('valid_days').notNull(),
    requireSmsCode: boolean('require_sms_code').notNull().default(false),
    channel: text('channel', { enum: ['platform', 'wechatpay'] })
      .notNull()
      .default('platform'),
    channelStockId: text('channel_stock_id'),
    issuedCount: integer('issued_count').notNull().default(0),
    issuedFen: bigint('issued_fen', { mode: 'number' }).notNull().default(0),
    createdBy: uuid('created_by').notNull(),
    submittedBy: uuid('submitted_by'),
    submittedAt: instant('submitted_at'),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: instant('decided_at'),
    decisionReason: text('decision_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('campaign_org_ix').on(t.orgId), index('campaign_live_ix').on(t.status, t.endsOn)],
);

/** A campaign's coupons issued on one Asia/Shanghai day: the daily quota's counter. */
export const campaignDays = pgTable(
  'campaign_day',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    day: date('day', { mode: 'string' }).notNull(),
    issued: integer('issued').notNull().default(0),
    // When the day's last coupon went: the "sold out at 10:00:03" of the statistics.
    soldOutAt: instant('sold_out_at'),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.day] })],
);

export const coupons = pgTable(
  'campaign_coupon',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    accountId: uuid('account_id').notNull(),
    // The per-member limit as a key: the day for "N a day", 'campaign' for "N per campaign"; with the
    // slot (1..N) it is unique, so no race anywhere can give a member more than the limit.
    period: text('period').notNull(),
    slot: smallint('slot').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    // What the cashier types when the QR will not scan: 12 digits, random.
    code: text('code').notNull(),
    thresholdFen: integer('threshold_fen').notNull(),
    discountFen: integer('discount_fen').notNull(),
    status: text('status', { enum: COUPON_STATUSES }).notNull().default('issued'),
    issuedAt: instant('issued_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    // The member's union, trade and work place when claimed: the statistics by area and trade.
    orgId: uuid('org_id').notNull(),
    trade: text('trade').notNull(),
    regionCode: text('region_code').notNull(),
    // Joined the union on or after the campaign's start: "joined because of the coupons".
    joinedDuring: boolean('joined_during').notNull(),
    // Milliseconds after the day's release: the abuse rules look at how fast an account always is.
    msAfterRelease: integer('ms_after_release').notNull(),
    ip: text('ip'),
    deviceId: text('device_id'),
    externalCouponId: text('external_coupon_id'),
    channelState: text('channel_state', { enum: ['none', 'pending', 'issued', 'failed'] })
      .notNull()
      .default('none'),
    channelAttempts: smallint('channel_attempts').notNull().default(0),
    redeemedAt: instant('redeemed_at'),
    voidedAt: instant('voided_at'),
    voidReason: text('void_reason'),
  },
  (t) => [
    uniqueIndex('campaign_coupon_limit_uq').on(t.campaignId, t.memberId, t.period, t.slot),
    uniqueIndex('campaign_coupon_code_uq').on(t.code),
    index('campaign_coupon_account_ix').on(t.accountId, t.issuedAt),
    // A campaign's coupons (its statistics) are the first rows of campaign_coupon_limit_uq: no index of their own.
    index('campaign_coupon_expiry_ix')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'issued'`),
    index('campaign_coupon_channel_ix')
      .on(t.id)
      .where(sql`${t.channelState} = 'pending'`),
    uniqueIndex('campaign_coupon_external_uq')
      .on(t.externalCouponId)
      .where(sql`${t.externalCouponId} is not null`),
  ],
);

/** A coupon used at a merchant: the settlement's line. A void (same day only) keeps the row, marked. */
export const redemptions = pgTable(
  'campaign_redemption',
  {
    id: id(),
    couponId: uuid('coupon_id')
      .notNull()
      .references(() => coupons.id),
    campaignId: uuid('campaign_id').notNull(),
    // The merchant partner that redeemed it; null for a coupon used in a payment channel's own stores.
    partnerId: uuid('partner_id'),
    // The channel's merchant (WeChat Pay's consume_mchid) when the channel reported the use.
    channelMerchantId: text('channel_merchant_id'),
    // The merchant's own order reference, for reconciling with its till.
    orderRef: text('order_ref'),
    // Null when a channel reports the use without the order's amount.
    orderAmountFen: integer('order_amount_fen'),
    discountFen: integer('discount_fen').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    source: text('source', { enum: ['partner', 'channel'] }).notNull(),
    redeemedAt: instant('redeemed_at').notNull(),
    voidedAt: instant('voided_at'),
    voidReason: text('void_reason'),
  },
  (t) => [
    // One live redemption per coupon: a second one is refused by the index, whatever the race.
    uniqueIndex('campaign_redemption_live_uq')
      .on(t.couponId)
      .where(sql`${t.voidedAt} is null`),
    index('campaign_redemption_partner_day_ix').on(t.partnerId, t.day),
    index('campaign_redemption_campaign_day_ix').on(t.campaignId, t.day),
  ],
);

/** An account whose claims look scripted, for staff to clear or block (abuse.ts). */
export const claimFlags = pgTable(
  'campaign_claim_flag',
  {
    id: id(),
    accountId: uuid('account_id').notNull(),
    memberId: uuid('member_id'),
    // The member's union when flagged: which staff see the flag.
    orgId: uuid('org_id').notNull(),
    kind: text('kind', { enum: ['shared_device', 'always_first', 'manual'] }).notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['open', 'cleared', 'blocked'] })
      .notNull()
      .default('open'),
    decidedBy: uuid('decided_by'),
    decidedAt: instant('decided_at'),
    decisionReason: text('decision_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('campaign_claim_flag_open_uq')
      .on(t.accountId, t.kind)
      .where(sql`${t.status} = 'open'`),
    index('campaign_claim_flag_org_ix').on(t.orgId, t.status),
    index('campaign_claim_flag_blocked_ix')
      .on(t.accountId)
      .where(sql`${t.status} = 'blocked'`),
  ],
);

/**
 * The account's identity in a payment channel (a WeChat openid under an app id), which a channel
 * coupon is issued to. Set by the H5 when opened inside WeChat after its OAuth hands it the openid.
 */
export const channelUsers = pgTable(
  'campaign_channel_user',
  {
    accountId: uuid('account_id').notNull(),
    channel: text('channel', { enum: ['wechatpay'] }).notNull(),
    appId: text('app_id').notNull(),
    userRef: text('user_ref').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.channel] })],
);

/** Channel use notifications already applied (the provider retries them): applied at most once. */
export const channelEvents = pgTable('campaign_channel_event', {
  eventId: text('event_id').primaryKey(),
  channel: text('channel').notNull(),
  receivedAt: instant('received_at').notNull(),
});
