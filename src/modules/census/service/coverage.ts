// The coverage dashboard: members ÷ census for an area and its areas one level down, by trade, month
// by month; beside it the roll's own counts and the unions built. Every figure is a sum of a few
// maintained rows read by the area's key (census_area_coverage, census_area_month, the roll's area
// tallies: migration 0014), never a count of people.
import { sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import type { TallyTable } from '../../../platform/db/tally.js';
import { queryRows, type Db } from '../../../platform/db/tx.js';
import { findRegion, regionAncestry, type RegionLevel } from '../../../platform/regions/regions.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { childDepth, memberCountsBy, memberJoinsByMonth, type MemberCounts } from '#modules/members';
import { countUnionsByFormation, type FormationCount, type Trade } from '#modules/orgs';
import { coverageRate } from '../rules.js';
import { areaCoverage, areaCoverageMonths } from '../schema.js';
import { areaOf, requireWithinArea } from './common.js';

const TREND_MONTHS = 12;

/** The coverage's tallies, folded by the job `census.fold-coverage`. */
export const CENSUS_TALLIES: readonly TallyTable[] = [
  { name: 'census_area_coverage', keys: ['depth', 'area_code', 'trade'], sums: ['census', 'members', 'probable'] },
  { name: 'census_area_month', keys: ['depth', 'area_code', 'trade', 'month'], sums: ['census', 'members'] },
];

export interface CoverageFigures {
  census: number;
  /** Census people who are members (by 身份证号, or a confirmed probable match). */
  members: number;
  /** Census people probably members (phone + name), awaiting confirmation. */
  probable: number;
  /** Census people not yet members. */
  notYetMembers: number;
  /** members ÷ census; null when nobody is counted. */
  rate: number | null;
  /** The roll in the area: active members, however they were counted or not. */
  rollMembers: number;
  newFormMembers: number;
  /** Joined this year (Asia/Shanghai), and how many of them new-form. */
  joinedThisYear: number;
  joinedNewFormThisYear: number;
}

export interface CoverageRow extends CoverageFigures {
  /** A region's code (the area's children), or a trade's. */
  key: string;
  name: string;
  level: RegionLevel | null;
}

export interface CoverageReport {
  area: { code: string; name: string; level: RegionLevel | null };
  /** Province → … → the area, for the breadcrumb (within the staff member's own area). */
  path: { code: string; name: string }[];
  trade: Trade | null;
  totals: CoverageFigures;
  /** One level down; `key` = the area itself collects people placed no finer than it. */
  children: CoverageRow[];
  trades: CoverageRow[];
  trend: { month: string; census: number; members: number; rate: number | null; joined: number; joinedNewForm: number }[];
  formation: FormationCount[];
  yearStart: string;
}

type Sums = { census: number; members: number; probable: number };
const NONE: Sums = { census: 0, members: 0, probable: 0 };
const NO_MEMBERS: MemberCounts = { members: 0, newFormMembers: 0, joined: 0, joinedNewForm: 0 };

const addSums = (a: Sums, b: Sums): Sums => ({
  census: a.census + b.census,
  members: a.members + b.members,
  probable: a.probable + b.probable,
});
const addCounts = (a: MemberCounts, b: MemberCounts): MemberCounts => ({
  members: a.members + b.members,
  newFormMembers: a.newFormMembers + b.newFormMembers,
  joined: a.joined + b.joined,
  joinedNewForm: a.joinedNewForm + b.joinedNewForm,
});

function figures(c: Sums, m: MemberCounts): CoverageFigures {
  return {
    census: c.census,
    members: c.members,
    probable: c.probable,
    notYetMembers: Math.max(0, c.census - c.members),
    rate: coverageRate(c.members, c.census),
    rollMembers: m.members,
    newFormMembers: m.newFormMembers,
    joinedThisYear: m.joined,
    joinedNewFormThisYear: m.joinedNewForm,
  };
}

/** The months YYYY-MM from `first` to `last`, inclusive. */
function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

export async function coverageReport(
  db: Db,
  scope: Scope,
  query: { region?: string | undefined; trade?: Trade | undefined },
  now = new Date(),
): Promise<CoverageReport> {
  const own = await areaOf(db, scope);
  const code = requireWithinArea(query.region ?? own, own);
  const trade = query.trade ?? null;
  const today = shanghaiDay(now);
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const childLength = childDepth(code);
  const filter = { area: code, trade: trade ?? undefined };
  const c = areaCoverage;
  const ofTrade = trade ? sql`and ${c.trade} = ${trade}` : sql``;

  const byChild = childLength
    ? await queryRows<Sums & { key: string }>(
        db,
        sql`select ${c.areaCode} as key, sum(${c.census})::int as census, sum(${c.members})::int as members,
                   sum(${c.probable})::int as probable
              from ${c} where ${c.depth} = ${childLength} and ${c.areaCode} like ${`${code}%`} ${ofTrade} group by 1`,
      )
    : [];
  const byTrade = await queryRows<Sums & { key: string }>(
    db,
    sql`select ${c.trade} as key, sum(${c.census})::int as census, sum(${c.members})::int as members, sum(${c.probable})::int as probable
          from ${c} where ${c.depth} = ${code.length} and ${c.areaCode} = ${code} group by 1`,
  );
  const rollByChild = childLength ? await memberCountsBy(db, filter, { depth: childLength }, yearStart) : new Map<string, MemberCounts>();
  const rollByTrade = await memberCountsBy(db, { area: code }, 'trade', yearStart);

  // Children: every region one level down that has anyone counted or on the roll, largest census first.
  const childSums = new Map(byChild.map((r) => [r.key, r]));
  const childKeys = [...new Set([...childSums.keys(), ...rollByChild.keys()])];
  const children = childKeys
    .map((key): CoverageRow => {
      const region = findRegion(key);
      return {
        key,
        name: key === code ? '' : (region?.name ?? key),
        level: key === code ? null : (region?.level ?? null),
        ...figures(childSums.get(key) ?? NONE, rollByChild.get(key) ?? NO_MEMBERS),
      };
    })
    .sort((a, b) => b.census - a.census || b.rollMembers - a.rollMembers || a.key.localeCompare(b.key));

  const tradeSums = new Map(byTrade.map((r) => [r.key, r]));
  // The totals are the trades' sums (every row has one trade): over a province, each sum of its own
  // was one more pass over hundreds of thousands of rows.
  const censusTotal = trade ? (tradeSums.get(trade) ?? NONE) : [...tradeSums.values()].reduce(addSums, NONE);
  const rollTotal = trade ? (rollByTrade.get(trade) ?? NO_MEMBERS) : [...rollByTrade.values()].reduce(addCounts, NO_MEMBERS);
  const trades = [...new Set([...tradeSums.keys(), ...rollByTrade.keys()])]
    .map((key): CoverageRow => ({
      key,
      name: key,
      level: null,
      ...figures(tradeSums.get(key) ?? NONE, rollByTrade.get(key) ?? NO_MEMBERS),
    }))
    .sort((a, b) => b.census - a.census || b.rollMembers - a.rollMembers);

  // The trend: each month's census and members are the running sums of the changes up to it.
  const m = areaCoverageMonths;
  const changes = await queryRows<{ month: string; census: number; members: number }>(
    db,
    sql`select to_char(${m.month}, 'YYYY-MM') as month, sum(${m.census})::int as census, sum(${m.members})::int as members
          from ${m} where ${m.depth} = ${code.length} and ${m.areaCode} = ${code} ${trade ? sql`and ${m.trade} = ${trade}` : sql``}
         group by 1 order by 1`,
  );
  const thisMonth = today.slice(0, 7);
  const shown = monthsBetween(monthsBefore(thisMonth, TREND_MONTHS - 1), thisMonth);
  const joins = new Map((await memberJoinsByMonth(db, filter, `${shown[0] as string}-01`)).map((j) => [j.month, j]));
  let census = 0;
  let members = 0;
  let at = 0;
  const trend = shown.map((month) => {
    while (at < changes.length && (changes[at]?.month ?? '') <= month) {
      census += changes[at]?.census ?? 0;
      members += changes[at]?.members ?? 0;
      at += 1;
    }
    const j = joins.get(month);
    return { month, census, members, rate: coverageRate(members, census), joined: j?.joined ?? 0, joinedNewForm: j?.joinedNewForm ?? 0 };
  });

  const region = code ? findRegion(code) : null;
  const path = regionAncestry(code)
    .filter((r) => r.code.startsWith(own))
    .map((r) => ({ code: r.code, name: r.name }));
  return {
    area: { code, name: region?.name ?? '', level: region?.level ?? null },
    path,
    trade,
    totals: figures(censusTotal, rollTotal),
    children,
    trades,
    trend,
    formation: await countUnionsByFormation(db, code, new Date(`${yearStart}T00:00:00+08:00`)),
    yearStart,
  };
}

/** The month `n` months before `month` (YYYY-MM). */
function monthsBefore(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
