// What a member sees in the H5: the campaigns open to them (or why not), the countdown, their coupons.
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { shanghaiDay } from '../../../platform/db/columns.js';
import { InvalidatedCache, listenerStateOf } from '../../../platform/cache/changes.js';
import type { Db } from '../../../platform/db/tx.js';
import { t } from '../../../platform/i18n/i18n.js';
import { evaluateEligibility, getMemberSnapshotsByAccounts } from '#modules/members';
import { getOrgsByIds } from '#modules/orgs';
import { campaignErrors } from '../errors.js';
import { claimWindow, limitPeriod, nextRelease, roomToday } from '../rules.js';
import { campaignDays, campaigns, coupons } from '../schema.js';
import { campaignTerms, ruleOf, type CampaignRow } from './campaigns.js';

export interface MemberCampaign {
  id: string;
  name: string;
  description: string;
  orgName: string;
  thresholdFen: number;
  discountFen: number;
  perMemberPeriod: 'day' | 'campaign';
  perMemberLimit: number;
  releaseTime: string;
  startsOn: string;
  endsOn: string;
  validDays: number;
  requireSmsCode: boolean;
  /** open: the button works now; waiting: counting down to `nextReleaseAt`; sold_out: none left today; claimed: the member's limit is reached. */
  state: 'open' | 'waiting' | 'sold_out' | 'claimed' | 'ineligible' | 'paused' | 'ended';
  ineligibleReason: string | null;
  nextReleaseAt: string | null;
  /** Coupons left today (null: no daily quota). */
  leftToday: number | null;
  held: number;
}

/** A campaign members may see today, with its owner union's path and name. */
interface LiveCampaign {
  row: CampaignRow;
  owner: { path: string; name: string } | null;
}

const liveLists = new WeakMap<Db, InvalidatedCache<LiveCampaign[]>>();

/**
 * Caches, per instance, the list of live campaigns: the same for every member, and read by each of the
 * tens of thousands who open the 福利 page before a release. Terms cannot change once approved; a
 * status change reaches every instance on the 'campaigns' topic, an owner's rename on 'orgs'.
 */
export function enableLiveCampaignCache(db: Db): () => void {
  const cache = new InvalidatedCache<LiveCampaign[]>(['campaigns', 'orgs'], {
    maxEntries: 4,
    ttlMs: 60_000,
    listener: listenerStateOf(db),
  });
  liveLists.set(db, cache);
  return () => {
    cache.dispose();
    liveLists.delete(db);
  };
}

async function readLiveCampaigns(db: Db, today: string): Promise<LiveCampaign[]> {
  const load = async (): Promise<LiveCampaign[]> => {
    const rows = await db
      .select()
      .from(campaigns)
      .where(and(inArray(campaigns.status, ['approved', 'paused']), gte(campaigns.endsOn, today)))
      .orderBy(desc(campaigns.createdAt))
      .limit(200);
    const owners = new Map((await getOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o]));
    return rows.map((row) => {
      const owner = owners.get(row.orgId);
      return { row, owner: owner ? { path: owner.path, name: owner.name } : null };
    });
  };
  const cache = liveLists.get(db);
  return (cache ? await cache.getPresent(today, load) : await load()) ?? [];
}

/**
 * The campaigns a member can see: every approved or paused campaign not yet over whose owner's
 * subtree holds the member's union (a campaign narrowed to one district is still seen, and explained,
 * by the rest of the owner's members); those they do not qualify for are shown with the reason, so a
 * courier can see that 智送清凉 is for six trades and theirs is one of them.
 */
export async function listMemberCampaigns(db: Db, accountId: string, now = new Date()): Promise<MemberCampaign[]> {
  const today = shanghaiDay(now);
  const [member, live] = await Promise.all([
    getMemberSnapshotsByAccounts(db, [accountId]).then((found) => found.get(accountId)),
    readLiveCampaigns(db, today),
  ]);
  if (!member) return [];
  // Every ancestor path of the member's union is a prefix of its own path.
  const visible = live.filter((c) => c.owner && member.unionPath.startsWith(c.owner.path));
  if (visible.length === 0) return [];
  const ids = visible.map((c) => c.row.id);
  // What moves with every claim is read fresh: the day's counters, the budget spent, the member's coupons.
  const [counters, held] = await Promise.all([
    db
      .select({ campaignId: campaigns.id, issuedFen: campaigns.issuedFen, issuedToday: campaignDays.issued })
      .from(campaigns)
      .leftJoin(campaignDays, and(eq(campaignDays.campaignId, campaigns.id), eq(campaignDays.day, today)))
      .where(inArray(campaigns.id, ids)),
    db
      .select({ campaignId: coupons.campaignId, period: coupons.period, n: sql<number>`count(*)::int` })
      .from(coupons)
      .where(and(inArray(coupons.campaignId, ids), eq(coupons.memberId, member.memberId)))
      .groupBy(coupons.campaignId, coupons.period),
  ]);
  const fresh = new Map(counters.map((c) => [c.campaignId, c]));
  return visible.map(({ row: cached, owner }) => {
    const counter = fresh.get(cached.id);
    const row = { ...cached, issuedFen: counter?.issuedFen ?? cached.issuedFen };
    const terms = campaignTerms(row);
    const period = limitPeriod(terms, today);
    const holds = held.find((h) => h.campaignId === row.id && h.period === period)?.n ?? 0;
    const left = roomToday(terms, counter?.issuedToday ?? 0, row.issuedFen);
    const verdict = evaluateEligibility(ruleOf(row), member, today);
    const window = claimWindow(terms, now);
    const release = nextRelease(terms, now);
    let state: MemberCampaign['state'];
    if (!verdict.eligible) state = 'ineligible';
    else if (!window.open) state = window.why === 'not_started' ? 'waiting' : window.why === 'paused' ? 'paused' : 'ended';
    else if (holds >= row.perMemberLimit) state = 'claimed';
    else state = left > 0 ? 'open' : 'sold_out';
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      orgName: owner?.name ?? '',
      thresholdFen: row.thresholdFen,
      discountFen: row.discountFen,
      perMemberPeriod: row.perMemberPeriod,
      perMemberLimit: row.perMemberLimit,
      releaseTime: row.releaseTime,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      validDays: row.validDays,
      requireSmsCode: row.requireSmsCode,
      state,
      ineligibleReason: verdict.eligible ? null : t(`campaigns.ineligible.${verdict.reason}`),
      nextReleaseAt: release ? release.toISOString() : null,
      leftToday: Number.isFinite(left) && row.dailyQuota !== null ? left : null,
      held: holds,
    };
  });
}

export interface MemberCoupon {
  id: string;
  campaignId: string;
  campaignName: string;
  code: string;
  thresholdFen: number;
  discountFen: number;
  status: 'issued' | 'redeemed' | 'expired' | 'voided';
  issuedAt: Date;
  expiresAt: Date;
  redeemedAt: Date | null;
}

const COUPON = {
  id: coupons.id,
  campaignId: coupons.campaignId,
  campaignName: campaigns.name,
  code: coupons.code,
  thresholdFen: coupons.thresholdFen,
  discountFen: coupons.discountFen,
  status: coupons.status,
  issuedAt: coupons.issuedAt,
  expiresAt: coupons.expiresAt,
  redeemedAt: coupons.redeemedAt,
};

// One that has run out shows as expired before the expiry job marks it.
const asSeen = (c: MemberCoupon, now: Date): MemberCoupon =>
  c.status === 'issued' && c.expiresAt <= now ? { ...c, status: 'expired' } : c;

/** The account's coupons, newest first. */
export async function listMemberCoupons(db: Db, accountId: string, limit: number, now = new Date()): Promise<MemberCoupon[]> {
  const rows = await db
    .select(COUPON)
    .from(coupons)
    .innerJoin(campaigns, eq(campaigns.id, coupons.campaignId))
    .where(eq(coupons.accountId, accountId))
    .orderBy(desc(coupons.issuedAt))
    .limit(limit);
  return rows.map((r) => asSeen(r, now));
}

/** One of the account's own coupons (another member's is "not found", never "forbidden"). */
export async function getMemberCoupon(db: Db, accountId: string, couponId: string, now = new Date()): Promise<MemberCoupon> {
  const [row] = await db
    .select(COUPON)
    .from(coupons)
    .innerJoin(campaigns, eq(campaigns.id, coupons.campaignId))
    .where(and(eq(coupons.id, couponId), eq(coupons.accountId, accountId)));
  if (!row) throw campaignErrors.couponNotFound();
  return asSeen(row, now);
}
