// What a fund looks like from a union: its own figures and its subtree's, the unions below it with
// theirs, the statement of its lines (a bank statement: each line with the balance it left), and the
// statement as .xlsx. Figures are read from the balance rows; `verifyLedger` checks them against the journal.
import type { Writable } from 'node:stream';
import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { pageAfter, parseIdCursor } from '../../../platform/db/keyset.js';
import { inTransaction, queryRows, type Db } from '../../../platform/db/tx.js';
import { addSafeRow, addSafeWorksheet, loadExcel } from '../../../platform/files/excel.js';
import { t } from '../../../platform/i18n/i18n.js';
import { shanghaiTimeText } from '../../../platform/time/shanghai.js';
import { getOrgsByIds, orgIdsInScope, type Org } from '#modules/orgs';
import { NO_FIGURES, type Figures, type FundPurpose, type MovementKind } from '../rules.js';
import { fundBalances, funds, fundTransfers } from '../schema.js';
import { loadFund, orgOfFund, type LoadedFund } from './funds.js';
import { toTransfer, type Transfer } from './ledger.js';

export interface NodeFigures {
  org: { id: string; name: string; kind: string };
  /** The union's own account. */
  own: Figures;
  /** The union and every union below it: what reached the subtree and what it has spent and still holds. */
  subtree: Figures;
}

function figures(row: { receivedFen: number; passedOnFen: number; spentFen: number; availableFen: number } | undefined): Figures {
  return row
    ? { receivedFen: row.receivedFen, passedOnFen: row.passedOnFen, spentFen: row.spentFen, availableFen: row.availableFen }
    : NO_FIGURES;
}

/**
 * A subtree's figures. Allocations only go down, so money that entered a subtree stays in it until it
 * is spent: what the subtree received is what its unions have spent plus what they hold, and it has
 * passed nothing on.
 */
function subtreeOf(rows: Figures[]): Figures {
  const spentFen = rows.reduce((s, r) => s + r.spentFen, 0);
  const availableFen = rows.reduce((s, r) => s + r.availableFen, 0);
  return { receivedFen: spentFen + availableFen, passedOnFen: 0, spentFen, availableFen };
}

/** The union a view of the fund starts at: the one asked for, or the top of the fund the scope sees. */
function unionOf(db: Db, scope: Scope, fund: LoadedFund, orgId: string | undefined): Promise<Org> {
  return orgOfFund(db, scope, fund, orgId ?? (fund.owner.path.startsWith(scope.path) ? fund.owner.id : scope.orgId));
}

/** A union's figures in a fund, and those of each union directly below it that the fund's money reached. */
export async function fundTree(
  db: Db,
  scope: Scope,
  fundId: string,
  orgId?: string,
): Promise<{ fund: LoadedFund; node: NodeFigures; children: NodeFigures[] }> {
  const fund = await loadFund(db, scope, fundId);
  const org = await unionOf(db, scope, fund, orgId);
  const rows = await db
    .select()
    .from(fundBalances)
    .where(and(eq(fundBalances.fundId, fund.id), sql`${fundBalances.orgId} in ${orgIdsInScope({ orgId: org.id, path: org.path })}`));
  const orgs = new Map(
    (
      await getOrgsByIds(
        db,
        rows.map((r) => r.orgId),
      )
    ).map((o) => [o.id, o]),
  );
  // Each balance row below the union counts toward the child whose subtree holds it.
  const byChild = new Map<string, Figures[]>();
  let own: Figures = NO_FIGURES;
  for (const row of rows) {
    if (row.orgId === org.id) {
      own = figures(row);
      continue;
    }
    const path = orgs.get(row.orgId)?.path;
    const child = path?.slice(org.path.length).split('/').find(Boolean);
    if (!child) continue;
    byChild.set(child, [...(byChild.get(child) ?? []), figures(row)]);
  }
  const children = await getOrgsByIds(db, [...byChild.keys()]);
  const describe = (o: Org, ownFigures: Figures, subtreeRows: Figures[]): NodeFigures => ({
    org: { id: o.id, name: o.name, kind: o.kind },
    own: ownFigures,
    subtree: subtreeOf(subtreeRows),
  });
  return {
    fund,
    node: describe(org, own, rows.map(figures)),
    children: children
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
      .map((c) => describe(c, figures(rows.find((r) => r.orgId === c.id)), byChild.get(c.id) ?? [])),
  };
}

export interface StatementLine extends Transfer {
  /** The line's effect on this union's available balance (+ in, − out), and the balance it left. */
  inFen: number;
  outFen: number;
  balanceFen: number;
  counterparty: { id: string; name: string } | null;
  sourceName: string | null;
}

export interface StatementQuery {
  orgId?: string | undefined;
  /** Shanghai days, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  kind?: MovementKind | undefined;
  cursor?: string | undefined;
  limit: number;
}

function touching(fundId: string, orgId: string): SQL {
  // The union's holding account on either side: its sources, allocations in and out, its payments.
  return sql`${fundTransfers.fundId} = ${fundId} and ((${fundTransfers.debitOrgId} = ${orgId} and ${fundTransfers.debitAccount} = 'holding')
    or (${fundTransfers.creditOrgId} = ${orgId} and ${fundTransfers.creditAccount} = 'holding'))`;
}

const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const nextDayStart = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

/** A union's lines in a fund, newest first, each with its effect and the balance it left. */
export async function statement(
  db: Db,
  scope: Scope,
  fundId: string,
  q: StatementQuery,
): Promise<{ fund: LoadedFund; org: Org; items: StatementLine[]; nextCursor: string | null; figures: Figures }> {
  const fund = await loadFund(db, scope, fundId);
  const org = await unionOf(db, scope, fund, q.orgId);
  const where: SQL[] = [touching(fund.id, org.id)];
  if (q.from) where.push(gte(fundTransfers.createdAt, dayStart(q.from)));
  if (q.to) where.push(lt(fundTransfers.createdAt, nextDayStart(q.to)));
  if (q.kind) where.push(eq(fundTransfers.kind, q.kind));
  const cursor = parseIdCursor(q.cursor);
  if (cursor) where.push(lt(fundTransfers.id, cursor));
  const rows = await db
    .select()
    .from(fundTransfers)
    .where(and(...where))
    .orderBy(desc(fundTransfers.id))
    .limit(q.limit + 1);
  const { page, nextCursor } = pageAfter(rows, q.limit);
  const [own] = await db
    .select()
    .from(fundBalances)
    .where(and(eq(fundBalances.fundId, fund.id), eq(fundBalances.orgId, org.id)));
  return { fund, org, items: await describeLines(db, fund, org, page), nextCursor, figures: figures(own) };
}

async function describeLines(db: Db, fund: LoadedFund, org: Org, rows: (typeof fundTransfers.$inferSelect)[]): Promise<StatementLine[]> {
  const others = new Set<string>();
  for (const r of rows) for (const id of [r.debitOrgId, r.creditOrgId]) if (id !== org.id) others.add(id);
  const names = new Map((await getOrgsByIds(db, [...others])).map((o) => [o.id, o.name]));
  const sourceName = new Map(fund.sources.map((s) => [s.id, s.name]));
  return rows.map((r) => {
    const line = toTransfer(r);
    const isDebit = r.debitOrgId === org.id && r.debitAccount === 'holding';
    const other = isDebit ? r.creditOrgId : r.debitOrgId;
    return {
      ...line,
      inFen: isDebit ? r.amountFen : 0,
      outFen: isDebit ? 0 : r.amountFen,
      balanceFen: (isDebit ? r.debitAvailableAfter : r.creditAvailableAfter) ?? 0,
      counterparty: other !== org.id ? { id: other, name: names.get(other) ?? '' } : null,
      sourceName: r.sourceId ? (sourceName.get(r.sourceId) ?? null) : null,
    };
  });
}

const EXPORT_PAGE = 1000;

/** Checks the scope and writes the audit record before the first byte of an export leaves. */
export async function startStatementExport(
  db: Db,
  actor: Actor,
  scope: Scope,
  fundId: string,
  q: Omit<StatementQuery, 'cursor' | 'limit'>,
): Promise<{ fund: LoadedFund; org: Org }> {
  const fund = await loadFund(db, scope, fundId);
  const org = await unionOf(db, scope, fund, q.orgId);
  await inTransaction(db, (tx) =>
    recordAudit(tx, actor, {
      action: 'funds.export_statement',
      targetType: 'fund',
      targetId: fund.id,
      orgId: org.id,
      orgPath: org.path,
      details: { filter: { ...q } },
    }),
  );
  return { fund, org };
}

const COLUMNS: [string, number][] = [
  ['time', 20],
  ['kind', 10],
  ['counterparty', 24],
  ['payee', 16],
  ['memo', 36],
  ['in', 14],
  ['out', 14],
  ['balance', 16],
  ['actor', 14],
  ['id', 38],
];

/** The statement, oldest first (as a ledger is read), amounts in yuan as numbers Excel can sum. */
export async function writeStatementXlsx(
  db: Db,
  actor: Actor,
  scope: Scope,
  fundId: string,
  q: Omit<StatementQuery, 'cursor' | 'limit'>,
  out: Writable,
  now = new Date(),
): Promise<number> {
  const fund = await loadFund(db, scope, fundId);
  const org = await unionOf(db, scope, fund, q.orgId);
  const workbook = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = actor.name ?? '';
  workbook.created = now;
  const sheet = addSafeWorksheet(workbook, t('funds.statement.sheet'));
  sheet.columns = COLUMNS.map(([key, width]) => ({ key, width }));
  addSafeRow(sheet, [t('funds.statement.title', { org: org.name, fund: fund.name })]).commit();
  addSafeRow(sheet, [t('funds.statement.byline', { name: actor.name ?? '', time: shanghaiTimeText(now) })]).commit();
  const header = addSafeRow(
    sheet,
    COLUMNS.map(([key]) => t(`funds.statement.col.${key}`)),
  );
  header.font = { bold: true };
  header.commit();
  const where: SQL[] = [touching(fund.id, org.id)];
  if (q.from) where.push(gte(fundTransfers.createdAt, dayStart(q.from)));
  if (q.to) where.push(lt(fundTransfers.createdAt, nextDayStart(q.to)));
  if (q.kind) where.push(eq(fundTransfers.kind, q.kind));
  const yuan = (fen: number) => (fen === 0 ? null : fen / 100);
  let written = 0;
  let after: string | null = null;
  for (;;) {
    const rows: (typeof fundTransfers.$inferSelect)[] = await db
      .select()
      .from(fundTransfers)
      .where(and(...where, after ? sql`${fundTransfers.id} > ${after}` : undefined))
      .orderBy(asc(fundTransfers.id))
      .limit(EXPORT_PAGE);
    if (rows.length === 0) break;
    for (const line of await describeLines(db, fund, org, rows)) {
      addSafeRow(sheet, [
        shanghaiTimeText(line.createdAt),
        t(`funds.kind.${line.kind}`) + (line.reversal ? '（冲正）' : ''),
        line.sourceName ? t('funds.statement.from_source', { source: line.sourceName }) : (line.counterparty?.name ?? ''),
        line.payee ?? '',
        line.memo ?? '',
        yuan(line.inFen),
        yuan(line.outFen),
        line.balanceFen / 100,
        line.actorName ?? '',
        line.id,
      ]).commit();
      written++;
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < EXPORT_PAGE) break;
    after = last.id;
  }
  sheet.commit();
  await workbook.commit();
  return written;
}

export interface LedgerMismatch {
  fundId: string;
  orgId: string;
  kept: Figures;
  fromJournal: Figures;
}

/**
 * Recomputes every node's figures from the journal alone and compares them with the balance rows.
 * Empty when the books agree; run by the nightly job and after the benchmark.
 */
export async function verifyLedger(db: Db, fundId?: string): Promise<LedgerMismatch[]> {
  const rows = await queryRows<Record<string, string | number | null>>(
    db,
    sql`with lines as (
          select fund_id, debit_org_id as org_id, kind, reverses_id is not null as rev, amount_fen as amt, debit_account as acct, 1 as side from ${fundTransfers}
          union all
          select fund_id, credit_org_id, kind, reverses_id is not null, amount_fen, credit_account, -1 from ${fundTransfers}
        ), journal as (
          select fund_id, org_id,
            coalesce(sum(case when acct = 'holding' and kind in ('source', 'allocation') and not rev and side = 1 then amt
                              when acct = 'holding' and kind in ('source', 'allocation') and rev and side = -1 then -amt end), 0) as received,
            coalesce(sum(case when kind = 'allocation' and acct = 'holding' and not rev and side = -1 then amt
                              when kind = 'allocation' and acct = 'holding' and rev and side = 1 then -amt end), 0) as passed_on,
            coalesce(sum(case when acct = 'spent' and side = 1 then amt when acct = 'spent' and side = -1 then -amt end), 0) as spent,
            coalesce(sum(case when acct = 'holding' then side * amt end), 0) as available
          from lines ${fundId ? sql`where fund_id = ${fundId}` : sql``}
          group by fund_id, org_id
        )
        select coalesce(b.fund_id, j.fund_id) as fund_id, coalesce(b.org_id, j.org_id) as org_id,
          b.received_fen, b.passed_on_fen, b.spent_fen, b.available_fen,
          j.received, j.passed_on, j.spent, j.available
        from (select * from ${fundBalances} ${fundId ? sql`where fund_id = ${fundId}` : sql``}) b
        full join journal j on j.fund_id = b.fund_id and j.org_id = b.org_id
        where b.fund_id is null or j.fund_id is null
          or b.received_fen <> j.received or b.passed_on_fen <> j.passed_on or b.spent_fen <> j.spent or b.available_fen <> j.available`,
  );
  const n = (v: string | number | null | undefined) => Number(v ?? 0);
  return (
    rows
      .map((r) => ({
        fundId: String(r.fund_id),
        orgId: String(r.org_id),
        kept: {
          receivedFen: n(r.received_fen),
          passedOnFen: n(r.passed_on_fen),
          spentFen: n(r.spent_fen),
          availableFen: n(r.available_fen),
        },
        fromJournal: { receivedFen: n(r.received), passedOnFen: n(r.passed_on), spentFen: n(r.spent), availableFen: n(r.available) },
      }))
      // A balance row with nothing in the journal (all zero) agrees with an empty journal.
      .filter((m) => JSON.stringify(m.kept) !== JSON.stringify(m.fromJournal))
  );
}

/**
 * Each organisation's own spent and available money in the funds of these purposes, for the
 * organisations of a scope that hold any — reports roll them up their tree themselves (the hardship
 * competition's "share of allocated funds spent" at every level in one pass). What reached a subtree is
 * its spent plus its available: money passed on inside it counts once, where it now is.
 */
export async function fundUseByOrg(
  db: Db,
  scope: Scope,
  purposes: readonly FundPurpose[],
): Promise<Map<string, { spentFen: number; availableFen: number }>> {
  if (purposes.length === 0) return new Map();
  const rows = await queryRows<{ org_id: string; spent: string; available: string }>(
    db,
    sql`select b.org_id, sum(b.spent_fen) as spent, sum(b.available_fen) as available
        from ${fundBalances} b join ${funds} f on f.id = b.fund_id
        where f.purpose in (${sql.join(
          purposes.map((p) => sql`${p}`),
          sql`, `,
        )}) and b.org_id in ${orgIdsInScope(scope)}
        group by b.org_id`,
  );
  return new Map(rows.map((r) => [r.org_id, { spentFen: Number(r.spent), availableFen: Number(r.available) }]));
}
