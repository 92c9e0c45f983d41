// Funds and their sources: a union sets up a fund for its subtree (送温暖资金) and names where its money
// comes from. Staff see the funds their subtree's unions run, and those run above them that reach
// down into it; they see figures only for the unions of their own subtree.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { pathInScope, type Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { uniqueViolation } from '../../../platform/db/errors.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import type { FieldProblem } from '../../../platform/errors/app-error.js';
import { t } from '../../../platform/i18n/i18n.js';
import { findOrgById, getOrg, getOrgsByIds, orgErrors, orgIdsInScope, type Org } from '#modules/orgs';
import { notifyChange } from '../../../platform/cache/changes.js';
import { cachedFundRead } from '../cache.js';
import { fundErrors } from '../errors.js';
import type { FundPurpose } from '../rules.js';
import { fundSources, funds } from '../schema.js';

export interface Fund {
  id: string;
  orgId: string;
  orgName: string;
  name: string;
  purpose: FundPurpose;
  description: string | null;
  status: 'active' | 'closed';
  sources: { id: string; name: string }[];
  createdAt: Date;
}

/** A fund with its owner union, as the movements need it. */
export interface LoadedFund extends Fund {
  owner: Org;
}

export interface FundInput {
  orgId: string;
  name: string;
  purpose: FundPurpose;
  description?: string | null;
  sources?: string[];
}

const problem = (field: string, code: string): FieldProblem => ({ field, code: `funds.${code}`, message: t(`problems.funds.${code}`) });

export async function createFund(db: Db, actor: Actor, scope: Scope, input: FundInput): Promise<Fund> {
  const name = input.name.trim();
  const sources = [...new Set((input.sources ?? []).map((s) => s.trim()).filter(Boolean))];
  if (!name) throw fundErrors.invalid({ count: 1 }, { errors: [problem('name', 'name_required')] });
  return inTransaction(db, async (tx) => {
    const owner = await getOrg(tx, scope, input.orgId);
    let id: string;
    try {
      const [row] = await tx
        .insert(funds)
        .values({ orgId: owner.id, name, purpose: input.purpose, description: input.description?.trim() || null })
        .returning({ id: funds.id });
      if (!row) throw new Error('funds: the insert returned no row');
      id = row.id;
    } catch (error) {
      if (uniqueViolation(error) === 'fund_org_name_uq') throw fundErrors.duplicate({ name });
      throw error;
    }
    if (sources.length > 0) await tx.insert(fundSources).values(sources.map((s) => ({ fundId: id, name: s })));
    await notifyChange(tx, 'funds', id);
    await recordAudit(tx, actor, {
      action: 'funds.create',
      targetType: 'fund',
      targetId: id,
      orgId: owner.id,
      orgPath: owner.path,
      details: { name, purpose: input.purpose, sources },
    });
    return (await loadFund(tx, scope, id)) satisfies Fund;
  });
}

export async function addFundSource(
  db: Db,
  actor: Actor,
  scope: Scope,
  fundId: string,
  name: string,
): Promise<{ id: string; name: string }> {
  const trimmed = name.trim();
  if (!trimmed) throw fundErrors.invalid({ count: 1 }, { errors: [problem('name', 'name_required')] });
  return inTransaction(db, async (tx) => {
    const fund = await loadFund(tx, scope, fundId);
    // Only the owner's subtree may name the fund's sources; a district sees a province's fund but does not run it.
    if (!pathInScope(fund.owner.path, scope)) throw fundErrors.notFound();
    let row: { id: string; name: string } | undefined;
    try {
      [row] = await tx.insert(fundSources).values({ fundId, name: trimmed }).returning({ id: fundSources.id, name: fundSources.name });
    } catch (error) {
      if (uniqueViolation(error) === 'fund_source_name_uq') throw fundErrors.sourceDuplicate({ name: trimmed });
      throw error;
    }
    await notifyChange(tx, 'funds', fundId);
    await recordAudit(tx, actor, {
      action: 'funds.add_source',
      targetType: 'fund',
      targetId: fundId,
      orgId: fund.owner.id,
      orgPath: fund.owner.path,
      details: { source: trimmed },
    });
    if (!row) throw new Error('funds: the insert returned no row');
    return row;
  });
}

/**
 * The funds a staff member may see: run by a union of their subtree, or by a union above them (whose
 * money comes down into their subtree). Owners above are found from the scope's own path.
 */
function visibleTo(scope: Scope) {
  const above = scope.path.split('/').filter(Boolean);
  const own = sql`${funds.orgId} in ${orgIdsInScope(scope)}`;
  return above.length > 0 ? sql`(${own} or ${inArray(funds.orgId, above)})` : own;
}

export async function listFunds(db: Db, scope: Scope, filter: { purpose?: FundPurpose | undefined } = {}): Promise<Fund[]> {
  const rows = await db
    .select()
    .from(funds)
    .where(and(visibleTo(scope), filter.purpose ? eq(funds.purpose, filter.purpose) : undefined))
    .orderBy(asc(funds.createdAt), asc(funds.id));
  return withDetails(db, rows);
}

/** Funds' names by id, for the lists of other modules that pay from them (aid batches name their fund). */
export async function fundNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: funds.id, name: funds.name })
    .from(funds)
    .where(inArray(funds.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * A fund the scope may see, with its owner: every movement starts here. Visible means run by a union of
 * the scope's subtree, or by a union above it (the rule `visibleTo` applies in SQL), checked in memory
 * on the instance's cached copy.
 */
export async function loadFund(db: Db, scope: Scope, fundId: string): Promise<LoadedFund> {
  const fund = await cachedFundRead(db, fundId, async () => {
    const [row] = await db.select().from(funds).where(eq(funds.id, fundId)).limit(1);
    if (!row) return null;
    const [details] = await withDetails(db, [row]);
    const owner = await findOrgById(db, row.orgId);
    return details && owner ? { ...details, owner } : null;
  });
  if (!fund || !(pathInScope(fund.owner.path, scope) || pathInScope(scope.path, { orgId: fund.owner.id, path: fund.owner.path }))) {
    throw fundErrors.notFound();
  }
  return fund;
}

async function withDetails(db: Db, rows: (typeof funds.$inferSelect)[]): Promise<Fund[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [sources, owners] = await Promise.all([
    db.select().from(fundSources).where(inArray(fundSources.fundId, ids)).orderBy(asc(fundSources.createdAt), asc(fundSources.id)),
    getOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]),
  ]);
  const ownerName = new Map(owners.map((o) => [o.id, o.name]));
  return rows.map((r) => ({
    id: r.id,
    orgId: r.orgId,
    orgName: ownerName.get(r.orgId) ?? '',
    name: r.name,
    purpose: r.purpose,
    description: r.description,
    status: r.status,
    sources: sources.filter((s) => s.fundId === r.id).map((s) => ({ id: s.id, name: s.name })),
    createdAt: r.createdAt,
  }));
}

/**
 * A union of the fund's tree (its owner or below), as the scope sees it; otherwise the fund's own
 * refusal. Read from the org tree's cache: a payment asks this before it joins its batch.
 */
export async function orgOfFund(db: Db, scope: Scope, fund: LoadedFund, orgId: string): Promise<Org> {
  const org = await findOrgById(db, orgId);
  if (!org || !pathInScope(org.path, scope)) throw orgErrors.notFound();
  if (!org.path.startsWith(fund.owner.path)) throw fundErrors.orgOutsideFund({ org: org.name, fund: fund.name, owner: fund.owner.name });
  return org;
}
