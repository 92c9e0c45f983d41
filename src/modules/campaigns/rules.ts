// Pure rules of benefit campaigns: when a campaign is open, how a batch of claims shares what is left
// of the day, whether a coupon pays for an order, and which accounts claim like machines.
import { shanghaiDay } from '../../platform/time/shanghai.js';

const DAY_MS = 86_400_000;

export type CampaignStatus = 'draft' | 'pending' | 'approved' | 'paused' | 'ended';
/** What a campaign is doing now, for people: a status plus the clock. */
export type CampaignPhase = 'draft' | 'pending' | 'scheduled' | 'running' | 'paused' | 'ended';

export interface CampaignTerms {
  status: CampaignStatus;
  thresholdFen: number;
  discountFen: number;
  dailyQuota: number | null;
  perMemberPeriod: 'day' | 'campaign';
  perMemberLimit: number;
  releaseTime: string;
  startsOn: string;
  endsOn: string;
  budgetFen: number | null;
  validDays: number;
}

/** The instant of `releaseTime` ('HH:MM', Asia/Shanghai) on `day`. */
export function releaseAt(day: string, releaseTime: string): Date {
  return new Date(`${day}T${releaseTime}:00+08:00`);
}

/** The Asia/Shanghai day `n` days after `day`. */
export function addDays(day: string, n: number): string {
  return shanghaiDay(new Date(new Date(`${day}T12:00:00+08:00`).getTime() + n * DAY_MS));
}

export function phaseOf(c: Pick<CampaignTerms, 'status' | 'startsOn' | 'endsOn'>, now: Date): CampaignPhase {
  if (c.status !== 'approved') return c.status === 'ended' ? 'ended' : c.status;
  const today = shanghaiDay(now);
  if (today < c.startsOn) return 'scheduled';
  return today > c.endsOn ? 'ended' : 'running';
}

export type ClaimWindow =
  | { open: true; day: string; releasedAt: Date }
  | { open: false; why: 'not_started'; releaseAt: Date }
  | { open: false; why: 'ended' | 'paused' | 'not_approved' };

/**
 * Whether claims are taken now, and for which day. Before the first day, and on each day before its
 * release time, the answer carries the next release, which the H5 counts down to.
 */
export function claimWindow(c: CampaignTerms, now: Date): ClaimWindow {
  if (c.status === 'ended') return { open: false, why: 'ended' };
  if (c.status === 'paused') return { open: false, why: 'paused' };
  if (c.status !== 'approved') return { open: false, why: 'not_approved' };
  const today = shanghaiDay(now);
  if (today > c.endsOn) return { open: false, why: 'ended' };
  if (today < c.startsOn) return { open: false, why: 'not_started', releaseAt: releaseAt(c.startsOn, c.releaseTime) };
  const released = releaseAt(today, c.releaseTime);
  if (now < released) return { open: false, why: 'not_started', releaseAt: released };
  return { open: true, day: today, releasedAt: released };
}

/** The next release after now, or null when the campaign has no more days (the H5's countdown). */
export function nextRelease(c: CampaignTerms, now: Date): Date | null {
  const w = claimWindow(c, now);
  if (!w.open) return w.why === 'not_started' ? w.releaseAt : null;
  const tomorrow = addDays(w.day, 1);
  return tomorrow > c.endsOn ? null : releaseAt(tomorrow, c.releaseTime);
}

/** A coupon claimed on `day` is good to the end of the Asia/Shanghai day `validDays − 1` later. */
export function couponExpiresAt(day: string, validDays: number): Date {
  return new Date(new Date(`${addDays(day, validDays)}T00:00:00+08:00`).getTime());
}

/** Coupons the budget still pays for (null budget: no cap from it). */
export function budgetRoom(c: Pick<CampaignTerms, 'budgetFen' | 'discountFen'>, issuedFen: number): number {
  if (c.budgetFen === null) return Number.POSITIVE_INFINITY;
  return Math.max(0, Math.floor((c.budgetFen - issuedFen) / c.discountFen));
}

/** Coupons still to be had today: the smaller of the day's quota and the budget. */
export function roomToday(
  c: Pick<CampaignTerms, 'dailyQuota' | 'budgetFen' | 'discountFen'>,
  issuedToday: number,
  issuedFen: number,
): number {
  const quota = c.dailyQuota === null ? Number.POSITIVE_INFINITY : Math.max(0, c.dailyQuota - issuedToday);
  return Math.min(quota, budgetRoom(c, issuedFen));
}

/** The per-member limit's key: the day for "N a day", the whole campaign for "N per campaign". */
export function limitPeriod(c: Pick<CampaignTerms, 'perMemberPeriod'>, day: string): string {
  return c.perMemberPeriod === 'day' ? day : 'campaign';
}

// ---------------------------------------------------------------------------------------------
// A batch of claims against one campaign and day.

export interface BatchClaim {
  /** The claim's place in the batch, echoed in its outcome. */
  index: number;
  memberId: string;
}

export type BatchOutcome = { index: number; result: 'granted'; slot: number } | { index: number; result: 'already_claimed' | 'sold_out' };

/**
 * Shares what is left among a batch, first come first served: each member gets at most one coupon per
 * claim and never more than the limit (counting what they hold), and the coupons go in arrival order
 * until `room` is used. A member who presses twice in one batch is answered "already claimed" for the
 * second press once the first took their last slot. `held` is each member's coupons in the period.
 */
export function allocateBatch(
  claims: readonly BatchClaim[],
  held: ReadonlyMap<string, number>,
  limit: number,
  room: number,
): BatchOutcome[] {
  const holding = new Map(held);
  let left = room;
  return claims.map(({ index, memberId }) => {
    const has = holding.get(memberId) ?? 0;
    if (has >= limit) return { index, result: 'already_claimed' };
    if (left <= 0) return { index, result: 'sold_out' };
    left -= 1;
    holding.set(memberId, has + 1);
    return { index, result: 'granted', slot: has + 1 };
  });
}

// ---------------------------------------------------------------------------------------------
// Redemption.

export type RedemptionRefusal = 'used' | 'expired' | 'voided' | 'below_threshold';

export function checkRedemption(
  coupon: { status: 'issued' | 'redeemed' | 'expired' | 'voided'; expiresAt: Date; thresholdFen: number },
  orderAmountFen: number,
  now: Date,
): RedemptionRefusal | null {
  if (coupon.status === 'redeemed') return 'used';
  if (coupon.status === 'voided') return 'voided';
  if (coupon.status === 'expired' || coupon.expiresAt <= now) return 'expired';
  if (orderAmountFen < coupon.thresholdFen) return 'below_threshold';
  return null;
}

/** A cashier may undo a redemption on the Asia/Shanghai day it was made (a refund at the till), not later. */
export function canVoidRedemption(redeemedAt: Date, now: Date): boolean {
  return shanghaiDay(redeemedAt) === shanghaiDay(now);
}

/** The discount an order gets: the coupon's, never more than the order itself. */
export function discountFor(coupon: { discountFen: number }, orderAmountFen: number): number {
  return Math.min(coupon.discountFen, orderAmountFen);
}

// ---------------------------------------------------------------------------------------------
// Campaign terms as staff enter them.

export type TermsProblem =
  | 'discount_not_positive'
  | 'discount_above_threshold'
  | 'dates_reversed'
  | 'release_time_invalid'
  | 'budget_below_one_coupon'
  | 'limit_out_of_range'
  | 'valid_days_out_of_range'
  | 'quota_not_positive';

/** What is wrong with a campaign's terms, field by field (nothing: they hold). */
export function termsProblems(t: Omit<CampaignTerms, 'status'>): { field: string; code: TermsProblem }[] {
  const out: { field: string; code: TermsProblem }[] = [];
  if (t.discountFen <= 0) out.push({ field: 'discountFen', code: 'discount_not_positive' });
  // 满3元减2.99元: the member always pays something; a coupon with no threshold (0) is a plain discount.
  if (t.thresholdFen > 0 && t.discountFen > t.thresholdFen) out.push({ field: 'discountFen', code: 'discount_above_threshold' });
  if (t.startsOn > t.endsOn) out.push({ field: 'endsOn', code: 'dates_reversed' });
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(t.releaseTime)) out.push({ field: 'releaseTime', code: 'release_time_invalid' });
  if (t.budgetFen !== null && t.budgetFen < t.discountFen) out.push({ field: 'budgetFen', code: 'budget_below_one_coupon' });
  if (t.perMemberLimit < 1 || t.perMemberLimit > 100) out.push({ field: 'perMemberLimit', code: 'limit_out_of_range' });
  if (t.validDays < 1 || t.validDays > 366) out.push({ field: 'validDays', code: 'valid_days_out_of_range' });
  if (t.dailyQuota !== null && t.dailyQuota < 1) out.push({ field: 'dailyQuota', code: 'quota_not_positive' });
  return out;
}

/** The most coupons a campaign can ever issue under its terms, for the staff's check before approval. */
export function maxCoupons(t: Omit<CampaignTerms, 'status'>): number | null {
  const days = Math.round((new Date(`${t.endsOn}T00:00:00Z`).getTime() - new Date(`${t.startsOn}T00:00:00Z`).getTime()) / DAY_MS) + 1;
  const byQuota = t.dailyQuota === null ? Number.POSITIVE_INFINITY : t.dailyQuota * days;
  const byBudget = budgetRoom(t, 0);
  const most = Math.min(byQuota, byBudget);
  return Number.isFinite(most) ? most : null;
}

// ---------------------------------------------------------------------------------------------
// Abuse: claims that look scripted.

export interface ClaimTrace {
  accountId: string;
  day: string;
  msAfterRelease: number;
  deviceId: string | null;
}

export interface AbuseThresholds {
  /** More accounts than this claiming from one device on one day: a phone farm. */
  accountsPerDevice: number;
  /** A claim this soon after release (ms) is faster than a person reading the screen and pressing. */
  inhumanMs: number;
  /** On at least this many distinct days: once is luck, every day is a script. */
  inhumanDays: number;
}

export const DEFAULT_ABUSE_THRESHOLDS: AbuseThresholds = { accountsPerDevice: 3, inhumanMs: 300, inhumanDays: 3 };

export interface AbuseFinding {
  accountId: string;
  kind: 'shared_device' | 'always_first';
  details: Record<string, unknown>;
}

/** Accounts to put before staff, with what was seen; the same account and kind at most once. */
export function findAbuse(traces: readonly ClaimTrace[], limits: AbuseThresholds = DEFAULT_ABUSE_THRESHOLDS): AbuseFinding[] {
  const byDevice = new Map<string, Set<string>>();
  const fastDays = new Map<string, Set<string>>();
  for (const t of traces) {
    if (t.deviceId) {
      const key = `${t.day}|${t.deviceId}`;
      const accounts = byDevice.get(key) ?? new Set<string>();
      accounts.add(t.accountId);
      byDevice.set(key, accounts);
    }
    if (t.msAfterRelease < limits.inhumanMs) {
      const days = fastDays.get(t.accountId) ?? new Set<string>();
      days.add(t.day);
      fastDays.set(t.accountId, days);
    }
  }
  const found = new Map<string, AbuseFinding>();
  for (const [key, accounts] of byDevice) {
    if (accounts.size <= limits.accountsPerDevice) continue;
    const [day, deviceId] = key.split('|') as [string, string];
    for (const accountId of accounts) {
      found.set(`${accountId}|shared_device`, { accountId, kind: 'shared_device', details: { day, deviceId, accounts: accounts.size } });
    }
  }
  for (const [accountId, days] of fastDays) {
    if (days.size < limits.inhumanDays) continue;
    found.set(`${accountId}|always_first`, {
      accountId,
      kind: 'always_first',
      details: { days: [...days].sort(), withinMs: limits.inhumanMs },
    });
  }
  return [...found.values()];
}
