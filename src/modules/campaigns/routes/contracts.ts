// The campaigns API's request and response schemas (zod): the same schema types the handler and writes the OpenAPI document.
import { z } from 'zod';
import { Day } from '../../../platform/http/zod.js';
import { TRADES } from '#modules/orgs';
import { CAMPAIGN_STATUSES, COUPON_STATUSES } from '../schema.js';

const Fen = z.number().int().min(0).max(100_000_000);

export const CampaignBody = z.strictObject({
  orgId: z.uuid(),
  name: z.string().trim().min(2).max(60),
  description: z.string().trim().max(2000).optional(),
  trades: z.array(z.enum(TRADES)).max(TRADES.length).nullish(),
  newFormOnly: z.boolean().optional(),
  joinedOnOrBefore: Day.nullish(),
  joinedOnOrAfter: Day.nullish(),
  regionCodes: z
    .array(z.string().regex(/^\d{2,9}$/))
    .max(100)
    .nullish(),
  unionIds: z.array(z.uuid()).max(100).nullish(),
  thresholdFen: Fen,
  discountFen: Fen,
  dailyQuota: z.number().int().min(1).max(10_000_000).nullable(),
  perMemberPeriod: z.enum(['day', 'campaign']),
  perMemberLimit: z.number().int().min(1).max(100),
  releaseTime: z.string().regex(/^\d{2}:\d{2}$/),
  startsOn: Day,
  endsOn: Day,
  budgetFen: z.number().int().min(1).max(100_000_000_000).nullable(),
  validDays: z.number().int().min(1).max(366),
  requireSmsCode: z.boolean().optional(),
  channel: z.enum(['platform', 'wechatpay']).optional(),
  channelStockId: z.string().trim().max(64).nullish(),
});

export const CampaignResponse = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  name: z.string(),
  description: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  phase: z.enum(['draft', 'pending', 'scheduled', 'running', 'paused', 'ended']),
  rule: z.object({
    unionPaths: z.array(z.string()).readonly(),
    trades: z.array(z.enum(TRADES)).readonly().nullish(),
    newFormOnly: z.boolean().nullish(),
    joinedOnOrBefore: z.string().nullish(),
    joinedOnOrAfter: z.string().nullish(),
    regionCodes: z.array(z.string()).readonly().nullish(),
  }),
  unionIds: z.array(z.string()),
  thresholdFen: z.number(),
  discountFen: z.number(),
  dailyQuota: z.number().nullable(),
  perMemberPeriod: z.enum(['day', 'campaign']),
  perMemberLimit: z.number(),
  releaseTime: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  budgetFen: z.number().nullable(),
  validDays: z.number(),
  requireSmsCode: z.boolean(),
  channel: z.enum(['platform', 'wechatpay']),
  channelStockId: z.string().nullable(),
  issuedCount: z.number(),
  issuedFen: z.number(),
  maxCoupons: z.number().nullable(),
  createdBy: z.string(),
  submittedBy: z.string().nullable(),
  submittedAt: z.date().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.date().nullable(),
  decisionReason: z.string().nullable(),
  createdAt: z.date(),
});

const StatsRow = {
  key: z.string(),
  label: z.string(),
  claimed: z.number(),
  redeemed: z.number(),
  redemptionRate: z.number(),
  discountFen: z.number(),
};

export const StatsResponse = z.object({
  campaignId: z.string(),
  totals: z.object({ ...StatsRow, members: z.number(), joinedDuring: z.number(), expired: z.number() }),
  byDay: z.array(z.object({ ...StatsRow, soldOutAt: z.date().nullable() })),
  byTrade: z.array(z.object(StatsRow)),
  byArea: z.array(z.object(StatsRow)),
});

export const MemberCampaignResponse = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  orgName: z.string(),
  thresholdFen: z.number(),
  discountFen: z.number(),
  perMemberPeriod: z.enum(['day', 'campaign']),
  perMemberLimit: z.number(),
  releaseTime: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  validDays: z.number(),
  requireSmsCode: z.boolean(),
  state: z.enum(['open', 'waiting', 'sold_out', 'claimed', 'ineligible', 'paused', 'ended']),
  ineligibleReason: z.string().nullable(),
  nextReleaseAt: z.string().nullable(),
  leftToday: z.number().nullable(),
  held: z.number(),
});

export const MemberCouponResponse = z.object({
  id: z.string(),
  campaignId: z.string(),
  campaignName: z.string(),
  code: z.string(),
  thresholdFen: z.number(),
  discountFen: z.number(),
  status: z.enum(COUPON_STATUSES),
  issuedAt: z.date(),
  expiresAt: z.date(),
  redeemedAt: z.date().nullable(),
});

export const RedemptionResponse = z.object({
  redemptionId: z.string(),
  couponCode: z.string(),
  campaignId: z.string(),
  campaignName: z.string(),
  orderAmountFen: z.number(),
  discountFen: z.number(),
  payFen: z.number(),
  redeemedAt: z.coerce.date(),
  voidedAt: z.coerce.date().nullable(),
});

export const SettlementQuery = z.strictObject({
  from: Day,
  to: Day,
  campaignId: z.uuid().optional(),
  partnerId: z.uuid().optional(),
});

export const SettlementLineResponse = z.object({
  day: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  campaignId: z.string(),
  campaignName: z.string(),
  redeemed: z.number(),
  orderAmountFen: z.number(),
  discountFen: z.number(),
});

export const ClaimFlagResponse = z.object({
  id: z.string(),
  accountId: z.string(),
  memberId: z.string().nullable(),
  memberNo: z.string().nullable(),
  orgId: z.string(),
  kind: z.enum(['shared_device', 'always_first', 'manual']),
  details: z.record(z.string(), z.unknown()),
  status: z.enum(['open', 'cleared', 'blocked']),
  decidedAt: z.date().nullable(),
  decisionReason: z.string().nullable(),
  createdAt: z.date(),
});
