// The competition ranking (安徽 专项劳动竞赛, "看看谁把困难职工找得更全帮得更好"): the areas directly
// below a union, each scored on the indicators of `rules.ts` from its own figures — files per 10,000
// members, days to the first aid, reviews on time, funds spent, call-back satisfaction, exits — and
// ranked (ties share a rank). Stored with the figures behind each score; refreshed nightly and on demand.
import type { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { inTransaction, queryRows, type Db } from '../../../platform/db/tx.js';
import { addSafeRow, addSafeWorksheet, loadExcel } from '../../../platform/files/excel.js';
import { t } from '../../../platform/i18n/i18n.js';
import { shanghaiDay, shanghaiTimeText } from '../../../platform/time/shanghai.js';
import { subtreeFundUse } from '#modules/funds';
import { memberCounts } from '#modules/members';
import { getOrg, listOrgChildren, orgIdsInScope, type Org } from '#modules/orgs';
import {
  DEFAULT_INDICATORS,
  filesPer10kMembers,
  INDICATOR_CODES,
  rankAreas,
  type AreaFigures,
  type IndicatorCode,
  type IndicatorPart,
} from '../rules.js';
import { hardshipRankings } from '../schema.js';

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
  areas: RankedArea[];
}

const AID_PURPOSES = ['warmth', 'study', 'medical', 'life'] as const;

/** One area's figures, each from one set-based statement over its subtree. */
async function areaFigures(db: Db, area: Org, today: string): Promise<{ values: AreaFigures['values']; counts: RankedArea['counts'] }> {
  const subtree = orgIdsInScope({ orgId: area.id, path: area.path });
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const yearAgo = `${String(Number(today.slice(0, 4)) - 1)}${today.slice(4)}`;
  const [files] = await queryRows<{ found: number; filed: number; on_time: number; exited: number }>(
    db,
    sql`select count(*) filter (where filed_on is not null)::int as found,
               count(*) filter (where status = 'filed')::int as filed,
               count(*) filter (where status = 'filed' and review_due_on >= ${today})::int as on_time,
               count(*) filter (where status = 'exited' and closed_on >= ${yearStart})::int as exited
        from hardship_file where org_id in ${subtree}`,
  );
  const [firstAid] = await queryRows<{ median: number | null }>(
    db,
    sql`select percentile_cont(0.5) within group (order by days) as median from (
          select min(a.paid_on) - f.created_at::date as days
          from hardship_file f join hardship_aid a on a.file_id = f.id and a.status = 'paid'
          where f.org_id in ${subtree} group by f.id, f.created_at) d`,
  );
  const [callbacks] = await queryRows<{ n: number; mean: number | null }>(
    db,
    sql`select count(*)::int as n, avg(satisfaction)::float8 as mean from hardship_callback
        where status = 'done' and org_id in ${subtree} and week >= ${yearAgo}`,
  );
  const members = (await memberCounts(db, { area: area.regionCode }, yearStart)).members;
  const funds = await subtreeFundUse(db, area, AID_PURPOSES);
  const found = files?.found ?? 0;
  const filed = files?.filed ?? 0;
  const exited = files?.exited ?? 0;
  return {
    values: {
      files_per_10k_members: filesPer10kMembers(found, members),
      median_days_to_first_aid: firstAid?.median ?? null,
      reviews_on_time_share: filed > 0 ? (files?.on_time ?? 0) / filed : null,
      funds_spent_share: funds.receivedFen > 0 ? funds.spentFen / funds.receivedFen : null,
      callback_satisfaction: callbacks && callbacks.n > 0 ? callbacks.mean : null,
      exits_share: filed + exited > 0 ? exited / (filed + exited) : null,
    },
    counts: {
      members,
      filesFound: found,
      filed,
      exitedThisYear: exited,
      fundsReceivedFen: funds.receivedFen,
      fundsSpentFen: funds.spentFen,
      callbacks: callbacks?.n ?? 0,
    },
  };
}

/** Scores and ranks the areas directly below a union, and keeps the result. */
export async function refreshRanking(db: Db, scope: Scope, orgId: string, now = new Date()): Promise<Ranking> {
  const parent = await getOrg(db, scope, orgId);
  const today = shanghaiDay(now);
  const children = (await listOrgChildren(db, scope, parent.id)).filter((c) => c.status === 'active' && c.regionCode !== '');
  const figures: { org: Org; values: AreaFigures['values']; counts: RankedArea['counts'] }[] = [];
  // One area at a time: a province's areas are a few dozen, and each is a handful of statements.
  for (const child of children) figures.push({ org: child, ...(await areaFigures(db, child, today)) });
  const ranked = rankAreas(
    figures.map((f) => ({ areaId: f.org.id, values: f.values })),
    DEFAULT_INDICATORS,
  );
  const byId = new Map(figures.map((f) => [f.org.id, f]));
  const areas: RankedArea[] = ranked.flatMap((r) => {
    const f = byId.get(r.areaId);
    return f ? [{ org: { id: f.org.id, name: f.org.name }, score: r.score, rank: r.rank, parts: r.parts, counts: f.counts }] : [];
  });
  await db
    .insert(hardshipRankings)
    .values({ orgId: parent.id, computedAt: now, rows: areas })
    .onConflictDoUpdate({ target: hardshipRankings.orgId, set: { computedAt: now, rows: areas } });
  return { org: { id: parent.id, name: parent.name }, computedAt: now, areas };
}

/** The kept ranking below a union, computed now if it has none yet. */
export async function getRanking(db: Db, scope: Scope, orgId: string): Promise<Ranking> {
  const parent = await getOrg(db, scope, orgId);
  const [kept] = await db
    .select()
    .from(hardshipRankings)
    .where(sql`${hardshipRankings.orgId} = ${parent.id}`);
  if (!kept) return refreshRanking(db, scope, parent.id);
  return { org: { id: parent.id, name: parent.name }, computedAt: kept.computedAt, areas: kept.rows as RankedArea[] };
}

/** The nightly refresh of every ranking someone has looked at. */
export async function refreshKeptRankings(db: Db, now = new Date()): Promise<number> {
  const kept = await db.select({ orgId: hardshipRankings.orgId }).from(hardshipRankings);
  // The system's scope is the whole tree: every path starts with ''.
  const everything: Scope = { orgId: '', path: '' };
  for (const { orgId } of kept) await refreshRanking(db, everything, orgId, now);
  return kept.length;
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
