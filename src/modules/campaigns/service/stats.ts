// The campaign's numbers for staff: claimed, redeemed, the redemption rate and the money, by day, trade
// and area, and the members who joined the union while it ran ("benefits drive joining").
import { asc, eq, sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import type { Db } from '../../../platform/db/tx.js';
import { regionFullName } from '../../../platform/regions/regions.js';
import { t } from '../../../platform/i18n/i18n.js';
import { campaignDays, coupons } from '../schema.js';
import { getCampaign } from './campaigns.js';

export interface StatsRow {
  key: string;
  label: string;
  claimed: number;
  redeemed: number;
  /** Redeemed ÷ claimed, 0–1 (0 when nothing was claimed). */
  redemptionRate: number;
  discountFen: number;
}

export interface CampaignStats {
  campaignId: string;
  totals: StatsRow & { members: number; joinedDuring: number; expired: number };
  byDay: (StatsRow & { soldOutAt: Date | null })[];
  byTrade: StatsRow[];
  byArea: StatsRow[];
}

const rate = (redeemed: number, claimed: number) => (claimed === 0 ? 0 : Math.round((redeemed / claimed) * 10_000) / 10_000);

// Redeemed coupons count on the day they were claimed: the rate of a day is "of that day's coupons, how many were used".
const AGGREGATES = {
  claimed: sql<number>`count(*)::int`,
  redeemed: sql<number>`(count(*) filter (where ${coupons.status} = 'redeemed'))::int`,
  discountFen: sql<number>`coalesce(sum(${coupons.discountFen}) filter (where ${coupons.status} = 'redeemed'), 0)::bigint`,
};

function row(key: string, label: string, r: { claimed: number; redeemed: number; discountFen: number | string }): StatsRow {
  return {
    key,
    label,
    claimed: r.claimed,
    redeemed: r.redeemed,
    redemptionRate: rate(r.redeemed, r.claimed),
    discountFen: Number(r.discountFen),
  };
}

export async function campaignStats(db: Db, scope: Scope, campaignId: string): Promise<CampaignStats> {
  const campaign = await getCampaign(db, scope, campaignId);
  const of = eq(coupons.campaignId, campaign.id);
  const [totals] = await db
    .select({
      ...AGGREGATES,
      members: sql<number>`count(distinct ${coupons.memberId})::int`,
      joinedDuring: sql<number>`(count(distinct ${coupons.memberId}) filter (where ${coupons.joinedDuring}))::int`,
      expired: sql<number>`(count(*) filter (where ${coupons.status} = 'expired'))::int`,
    })
    .from(coupons)
    .where(of);
  const days = await db
    .select({ day: coupons.day, ...AGGREGATES })
    .from(coupons)
    .where(of)
    .groupBy(coupons.day)
    .orderBy(asc(coupons.day));
  const soldOut = new Map(
    (
      await db
        .select({ day: campaignDays.day, soldOutAt: campaignDays.soldOutAt })
        .from(campaignDays)
        .where(eq(campaignDays.campaignId, campaign.id))
    ).map((d) => [d.day, d.soldOutAt]),
  );
  const trades = await db
    .select({ trade: coupons.trade, ...AGGREGATES })
    .from(coupons)
    .where(of)
    .groupBy(coupons.trade)
    .orderBy(sql`count(*) desc`);
  // Areas at the district level: the six digits of the work place's code.
  const district = sql<string>`substr(${coupons.regionCode}, 1, 6)`;
  const areas = await db
    .select({ area: district, ...AGGREGATES })
    .from(coupons)
    .where(of)
    .groupBy(district)
    .orderBy(sql`count(*) desc`)
    .limit(200);
  const t0 = totals ?? { claimed: 0, redeemed: 0, discountFen: 0, members: 0, joinedDuring: 0, expired: 0 };
  return {
    campaignId: campaign.id,
    totals: { ...row('total', '', t0), members: t0.members, joinedDuring: t0.joinedDuring, expired: t0.expired },
    byDay: days.map((d) => ({ ...row(d.day, d.day, d), soldOutAt: soldOut.get(d.day) ?? null })),
    byTrade: trades.map((r) => row(r.trade, t(`orgs.trade.${r.trade}`), r)),
    byArea: areas.map((r) => row(r.area, regionFullName(r.area) || r.area, r)),
  };
}
