// The competition ranking (安徽 专项劳动竞赛, "看看谁把困难职工找得更全帮得更好"): the areas directly
// below a union, each scored on the indicators of its competition — files per 10,000 members, days to
// the first aid, reviews on time, funds spent, call-back satisfaction, exits — and ranked (ties share a
// rank). A refresh ranks every level of a subtree in one pass: each figure is read once per
// organisation (grouped statements over the files, the aid, the call-backs and the fund balances) and
// rolled up the tree in memory, the median through each area's histogram of days — so a province of
// 200,000 files and 2,000,000 aid records is ranked at every level in seconds, in bounded memory.
// Kept with the figures behind each score; refreshed nightly and on demand.
import type { Writable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { inTransaction, queryRows, type Db } from '../../../platform/db/tx.js';
import { addSafeRow, addSafeWorksheet, loadExcel } from '../../../platform/files/excel.js';
import { t } from '../../../platform/i18n/i18n.js';
import { shanghaiDay, shanghaiTimeText } from '../../../platform/time/shanghai.js';
import { fundUseByOrg } from '#modules/funds';
import { memberCountsBy } from '#modules/members';
import { findOrgById, getOrg, getOrgsByIds, listAreaUnions, orgIdsInScope, orgPathsInScope, type Org } from '#modules/orgs';
import { hardshipErrors } from '../errors.js';
import {
  checkIndicators,
  DEFAULT_INDICATORS,
  filesPer10kMembers,
  histogramMedian,
  INDICATOR_CODES,
  rankAreas,
  type AreaFigures,
  type Indicator,
  type IndicatorCode,
  type IndicatorPart,
} from '../rules.js';
import { hardshipCompetitions, hardshipRankings } from '../schema.js';

export interface RankedArea {
  org: { id: string; name: string };
  score: number;
  rank: number;
  parts: IndicatorPart[];
  /** The counts the indicators were computed from. */
  counts: {
    members: number;
    filesFound: number;
    filed: number;
    exitedThisYear: number;
    fundsReceivedFen: number;
    fundsSpentFen: number;
    callbacks: number;
  };
}

export interface Ranking {
  org: { id: string; name: string };
  computedAt: Date;
  /** The indicators and weights scored by, and whose competition set them (null: the defaults). */
  indicators: Indicator[];
  indicatorsOrgId: string | null;
  areas: RankedArea[];
}

const AID_PURPOSES = ['warmth', 'study', 'medical', 'life'] as const;

/** What one organisation's rows add to the areas above it. */
interface Tally {
  found: number;
  filed: number;
  onTime: number;
  exited: number;
  callbacks: number;
  satisfactionSum: number;
  spentFen: number;
  availableFen: number;
  /** Files by whole days from the application to the first aid paid. */
  days: Map<number, number>;
}

const emptyTally = (): Tally => ({
  found: 0,
  filed: 0,
  onTime: 0,
  exited: 0,
  callbacks: 0,
  satisfactionSum: 0,
  spentFen: 0,
  availableFen: 0,
  days: new Map(),
});

function addInto(into: Tally, from: Tally): void {
  into.found += from.found;
  into.filed += from.filed;
  into.onTime += from.onTime;
  into.exited += from.exited;
  into.callbacks += from.callbacks;
  into.satisfactionSum += from.satisfactionSum;
  into.spentFen += from.spentFen;
  into.availableFen += from.availableFen;
  for (const [days, n] of from.days) into.days.set(days, (into.days.get(days) ?? 0) + n);
}

/** Each organisation's own figures in a scope: four grouped statements, however many files. */
async function ownTallies(db: Db, scope: Scope, today: string): Promise<Map<string, Tally>> {
  const inScope = orgIdsInScope(scope);
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const yearAgo = `${String(Number(today.slice(0, 4)) - 1)}${today.slice(4)}`;
  const tallies = new Map<string, Tally>();
  const of = (orgId: string): Tally => {
    let tally = tallies.get(orgId);
    if (!tally) tallies.set(orgId, (tally = emptyTally()));
    return tally;
  };
  const files = await queryRows<{ org_id: string; found: number; filed: number; on_time: number; exited: number }>(
    db,
    sql`select org_id,
               count(*) filter (where filed_on is not null)::int as found,
               count(*) filter (where status = 'filed')::int as filed,
               count(*) filter (where status = 'filed' and review_due_on >= ${today})::int as on_time,
               count(*) filter (where status = 'exited' and closed_on >= ${yearStart})::int as exited
        from hardship_file where org_id in ${inScope} group by org_id`,
  );
  for (const r of files) Object.assign(of(r.org_id), { found: r.found, filed: r.filed, onTime: r.on_time, exited: r.exited });
  // Files counted by org and days from the application (a Shanghai day) to the first aid paid, which
  // the file keeps: one pass over the files, not a join with every aid record.
  const days = await queryRows<{ org_id: string; days: number; n: number }>(
    db,
    sql`select org_id, first_aid_on - (created_at at time zone 'Asia/Shanghai')::date as days, count(*)::int as n
        from hardship_file where first_aid_on is not null and org_id in ${inScope}
        group by 1, 2`,
  );
  for (const r of days) of(r.org_id).days.set(r.days, r.n);
  const callbacks = await queryRows<{ org_id: string; n: number; total: number }>(
    db,
    sql`select org_id, count(*)::int as n, coalesce(sum(satisfaction), 0)::int as total from hardship_callback
        where status = 'done' and org_id in ${inScope} and week >= ${yearAgo} group by org_id`,
  );
  for (const r of callbacks) Object.assign(of(r.org_id), { callbacks: r.n, satisfactionSum: r.total });
  for (const [orgId, use] of await fundUseByOrg(db, scope, AID_PURPOSES)) {
    Object.assign(of(orgId), { spentFen: use.spentFen, availableFen: use.availableFen });
  }
  return tallies;
}

/** The competition that applies at a union: its own, the nearest above, or the defaults. */
function competitionAt(path: string, competitions: Map<string, Indicator[]>): { indicators: Indicator[]; orgId: string | null } {
  const chain = path.split('/').filter(Boolean).reverse();
  for (const orgId of chain) {
    const indicators = competitions.get(orgId);
    if (indicators) return { indicators, orgId };
  }
  return { indicators: [...DEFAULT_INDICATORS], orgId: null };
}

async function loadCompetitions(db: Db): Promise<Map<string, Indicator[]>> {
  const rows = await db.select().from(hardshipCompetitions);
  return new Map(rows.map((r) => [r.orgId, r.indicators]));
}

/**
 * Ranks the areas below a union and below every area union of its subtree (a province: its cities,
 * each city's districts, each district's streets), keeps every ranking, and answers the union's own.
 */
export async function refreshRankings(
  db: Db,
  scope: Scope,
  orgId: string,
  now = new Date(),
): Promise<{ ranking: Ranking; rankings: number }> {
  const root = await getOrg(db, scope, orgId);
  const subtree: Scope = { orgId: root.id, path: root.path };
  const today = shanghaiDay(now);
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const areaUnions = (await listAreaUnions(db, subtree)).filter((o) => o.id === root.id || o.regionCode !== '');
  const areaIds = new Set(areaUnions.map((o) => o.id));
  const [own, paths, competitions] = await Promise.all([
    ownTallies(db, subtree, today),
    orgPathsInScope(db, subtree),
    loadCompetitions(db),
  ]);

  // Each organisation's figures go to every area union above it (itself included) inside the subtree.
  const rolled = new Map<string, Tally>();
  for (const [id, tally] of own) {
    const path = paths.get(id);
    if (!path) continue;
    for (const ancestor of path.slice(root.path.length - root.id.length - 1).split('/')) {
      if (!areaIds.has(ancestor)) continue;
      let into = rolled.get(ancestor);
      if (!into) rolled.set(ancestor, (into = emptyTally()));
      addInto(into, tally);
    }
  }

  const childrenOf = new Map<string, Org[]>();
  for (const org of areaUnions) {
    if (org.id === root.id || !org.parentId) continue;
    const list = childrenOf.get(org.parentId) ?? [];
    list.push(org);
    childrenOf.set(org.parentId, list);
  }
  // Members by area code, one grouped read per code length the ranked areas have.
  const lengths = new Set(areaUnions.filter((o) => o.id !== root.id).map((o) => o.regionCode.length));
  const members = new Map<string, number>();
  for (const length of lengths) {
    for (const [code, counts] of await memberCountsBy(db, { area: root.regionCode }, { depth: length }, yearStart)) {
      members.set(code, counts.members);
    }
  }

  const rankings: { parent: Org; ranking: Ranking }[] = [];
  for (const parent of areaUnions) {
    const children = childrenOf.get(parent.id);
    if (!children || children.length === 0) continue;
    const { indicators, orgId: indicatorsOrgId } = competitionAt(parent.path, competitions);
    const figures = children.map((child) => {
      const tally = rolled.get(child.id) ?? emptyTally();
      const memberCount = members.get(child.regionCode) ?? 0;
      const receivedFen = tally.spentFen + tally.availableFen;
      const values: AreaFigures['values'] = {
        files_per_10k_members: filesPer10kMembers(tally.found, memberCount),
        median_days_to_first_aid: histogramMedian(tally.days),
        reviews_on_time_share: tally.filed > 0 ? tally.onTime / tally.filed : null,
        funds_spent_share: receivedFen > 0 ? tally.spentFen / receivedFen : null,
        callback_satisfaction: tally.callbacks > 0 ? tally.satisfactionSum / tally.callbacks : null,
        exits_share: tally.filed + tally.exited > 0 ? tally.exited / (tally.filed + tally.exited) : null,
      };
      const counts: RankedArea['counts'] = {
        members: memberCount,
        filesFound: tally.found,
        filed: tally.filed,
        exitedThisYear: tally.exited,
        fundsReceivedFen: receivedFen,
        fundsSpentFen: tally.spentFen,
        callbacks: tally.callbacks,
      };
      return { org: child, values, counts };
    });
    const byId = new Map(figures.map((f) => [f.org.id, f]));
    const areas = rankAreas(
      figures.map((f) => ({ areaId: f.org.id, values: f.values })),
      indicators,
    ).flatMap((r): RankedArea[] => {
      const f = byId.get(r.areaId);
      return f ? [{ org: { id: f.org.id, name: f.org.name }, score: r.score, rank: r.rank, parts: r.parts, counts: f.counts }] : [];
    });
    rankings.push({ parent, ranking: { org: { id: parent.id, name: parent.name }, computedAt: now, indicators, indicatorsOrgId, areas } });
  }

  // Kept in one statement per thousand rankings: a province's are about a hundred.
  for (let i = 0; i < rankings.length; i += 1000) {
    await db
      .insert(hardshipRankings)
      .values(
        rankings.slice(i, i + 1000).map(({ parent, ranking }) => ({
          orgId: parent.id,
          computedAt: now,
          indicators: ranking.indicators,
          indicatorsOrgId: ranking.indicatorsOrgId,
          rows: ranking.areas,
        })),
      )
      .onConflictDoUpdate({
        target: hardshipRankings.orgId,
        set: {
          computedAt: sql`excluded.computed_at`,
          indicators: sql`excluded.indicators`,
          indicatorsOrgId: sql`excluded.indicators_org_id`,
          rows: sql`excluded.rows`,
        },
      });
  }
  const mine = rankings.find((r) => r.parent.id === root.id)?.ranking;
  const { indicators, orgId: indicatorsOrgId } = competitionAt(root.path, competitions);
  return {
    ranking: mine ?? { org: { id: root.id, name: root.name }, computedAt: now, indicators, indicatorsOrgId, areas: [] },
    rankings: rankings.length,
  };
}

/** The kept ranking below a union, computed now (with its subtree's) if it has none yet. */
export async function getRanking(db: Db, scope: Scope, orgId: string): Promise<Ranking> {
  const parent = await getOrg(db, scope, orgId);
  const [kept] = await db
    .select()
    .from(hardshipRankings)
    .where(sql`${hardshipRankings.orgId} = ${parent.id}`);
  if (!kept) return (await refreshRankings(db, scope, parent.id)).ranking;
  return {
    org: { id: parent.id, name: parent.name },
    computedAt: kept.computedAt,
    indicators: kept.indicators,
    indicatorsOrgId: kept.indicatorsOrgId,
    areas: kept.rows as RankedArea[],
  };
}

/** The nightly refresh: every subtree someone has looked at, from its topmost kept union down. */
export async function refreshKeptRankings(db: Db, now = new Date()): Promise<number> {
  const kept = await getOrgsByIds(
    db,
    (await db.select({ orgId: hardshipRankings.orgId }).from(hardshipRankings)).map((r) => r.orgId),
  );
  const topmost = kept.filter((org) => !kept.some((other) => other.id !== org.id && org.path.startsWith(other.path)));
  // The system's scope is the whole tree: every path starts with ''.
  const everything: Scope = { orgId: '', path: '' };
  let refreshed = 0;
  for (const org of topmost) refreshed += (await refreshRankings(db, everything, org.id, now)).rankings;
  return refreshed;
}

export interface Competition {
  indicators: Indicator[];
  /** Whose competition: the union's own, the nearest above (named even when above the staff's reach), or null for the defaults. */
  orgId: string | null;
  orgName: string | null;
}

/** The indicators a union's competition scores by (its own, the nearest above, or the defaults). */
export async function getCompetition(db: Db, scope: Scope, orgId: string): Promise<Competition> {
  const org = await getOrg(db, scope, orgId);
  const found = competitionAt(org.path, await loadCompetitions(db));
  const owner = found.orgId ? await findOrgById(db, found.orgId) : null;
  return { ...found, orgName: owner?.name ?? null };
}

/**
 * Sets a union's indicators and weights; its rankings and those below follow at the next refresh. Each
 * indicator's direction is the system's (fewer days to the first aid is always better), whatever is sent.
 */
export async function setCompetition(
  db: Db,
  actor: Actor,
  scope: Scope,
  orgId: string,
  weights: readonly { code: IndicatorCode; weight: number }[],
): Promise<Competition> {
  const indicators: Indicator[] = weights.map((w) => ({ code: w.code, weight: w.weight, better: directionOf(w.code) }));
  const problems = checkIndicators(indicators);
  if (problems.length > 0) throw hardshipErrors.invalid({ count: problems.length }, { errors: problems });
  return inTransaction(db, async (tx) => {
    const org = await getOrg(tx, scope, orgId);
    await tx
      .insert(hardshipCompetitions)
      .values({ orgId: org.id, indicators })
      .onConflictDoUpdate({ target: hardshipCompetitions.orgId, set: { indicators, updatedAt: new Date() } });
    await recordAudit(tx, actor, {
      action: 'hardship.competition',
      targetType: 'org',
      targetId: org.id,
      orgId: org.id,
      orgPath: org.path,
      details: { indicators },
    });
    return { indicators, orgId: org.id, orgName: org.name };
  });
}

/** Drops a union's own weights: it takes the nearest union's above again, or the defaults. */
export async function clearCompetition(db: Db, actor: Actor, scope: Scope, orgId: string): Promise<Competition> {
  await inTransaction(db, async (tx) => {
    const org = await getOrg(tx, scope, orgId);
    const dropped = await tx.delete(hardshipCompetitions).where(eq(hardshipCompetitions.orgId, org.id)).returning();
    if (dropped.length === 0) return;
    await recordAudit(tx, actor, {
      action: 'hardship.competition_cleared',
      targetType: 'org',
      targetId: org.id,
      orgId: org.id,
      orgPath: org.path,
      details: { indicators: dropped[0]?.indicators ?? [] },
    });
  });
  return getCompetition(db, scope, orgId);
}

function directionOf(code: IndicatorCode): Indicator['better'] {
  return DEFAULT_INDICATORS.find((i) => i.code === code)?.better ?? 'higher';
}

const PERCENT: ReadonlySet<IndicatorCode> = new Set(['reviews_on_time_share', 'funds_spent_share', 'exits_share']);

export async function writeRankingXlsx(db: Db, actor: Actor, scope: Scope, orgId: string, out: Writable, now = new Date()): Promise<void> {
  const ranking = await getRanking(db, scope, orgId);
  const parent = await getOrg(db, scope, orgId);
  await inTransaction(db, (tx) =>
    recordAudit(tx, actor, {
      action: 'hardship.export_ranking',
      targetType: 'org',
      targetId: parent.id,
      orgId: parent.id,
      orgPath: parent.path,
    }),
  );
  const workbook = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = actor.name ?? '';
  workbook.created = now;
  const sheet = addSafeWorksheet(workbook, t('hardship.ranking.sheet'));
  addSafeRow(sheet, [t('hardship.ranking.title', { org: ranking.org.name, time: shanghaiTimeText(ranking.computedAt) })]).commit();
  const header = addSafeRow(sheet, [
    t('hardship.ranking.col.rank'),
    t('hardship.ranking.col.area'),
    t('hardship.ranking.col.score'),
    ...INDICATOR_CODES.flatMap((c) => [t(`hardship.indicator.${c}`), t('hardship.ranking.col.points')]),
  ]);
  header.font = { bold: true };
  header.commit();
  for (const area of ranking.areas) {
    addSafeRow(sheet, [
      area.rank,
      area.org.name,
      area.score,
      ...INDICATOR_CODES.flatMap((code) => {
        const part = area.parts.find((p) => p.code === code);
        const value = part?.value ?? null;
        return [
          value === null ? '—' : PERCENT.has(code) ? Math.round(value * 1000) / 10 : Math.round(value * 100) / 100,
          part?.points ?? 0,
        ];
      }),
    ]).commit();
  }
  sheet.commit();
  await workbook.commit();
}
