// Reads of the union tree: every one scoped, none writing.
import { and, asc, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import { pathInScope, withinScope, type Scope } from '../../../platform/access/access.js';
import { containsPattern } from '../../../platform/db/columns.js';
import type { Db } from '../../../platform/db/tx.js';
import { orgTreeCacheFor, subtreeCacheFor } from '../cache.js';
import { orgErrors } from '../errors.js';
import type { FormationMode, OrgKind, Trade } from '../rules.js';
import { orgMoves, orgs } from '../schema.js';

export type OrgRow = typeof orgs.$inferSelect;

export interface Org {
  id: string;
  parentId: string | null;
  path: string;
  depth: number;
  kind: OrgKind;
  name: string;
  regionCode: string;
  formationMode: FormationMode | null;
  trades: Trade[];
  uscc: string | null;
  status: 'active' | 'inactive';
  deactivatedAt: Date | null;
  deactivationReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrgNode extends Org {
  childCount: number;
}

export const toOrg = (row: OrgRow): Org => ({
  ...row,
  kind: row.kind as OrgKind,
  formationMode: row.formationMode as FormationMode | null,
  trades: row.trades as Trade[],
});

export async function getOrg(db: Db, scope: Scope, id: string, options: { forUpdate?: boolean; forShare?: boolean } = {}): Promise<Org> {
  const query = db
    .select()
    .from(orgs)
    .where(and(eq(orgs.id, id), withinScope(orgs.path, scope)))
    .limit(1);
  const [row] = options.forUpdate ? await query.for('update') : options.forShare ? await query.for('share') : await query;
  if (!row) throw orgErrors.notFound();
  return toOrg(row);
}

async function queryOrgById(db: Db, id: string): Promise<Org | null> {
  const [row] = await db.select().from(orgs).where(eq(orgs.id, id)).limit(1);
  return row ? toOrg(row) : null;
}

// One organisation through the tree cache (the same `node:` entries the tree uses), when the handle
// has one; inside a transaction there is none, so a use case always reads what it locks.
async function cachedOrg(db: Db, id: string): Promise<Org | null | undefined> {
  const cache = orgTreeCacheFor(db);
  if (!cache) return undefined;
  const [node] = await cache.get(`node:${id}`, async () => {
    const found = await queryOrgById(db, id);
    return found ? [{ ...found, childCount: 0 }] : [];
  });
  if (!node) return null;
  const { childCount: _childCount, ...org } = node;
  return org;
}

/** Unscoped lookup for other modules that already hold a trusted id (e.g. a staff account's org). */
export async function findOrgById(db: Db, id: string): Promise<Org | null> {
  const cached = await cachedOrg(db, id);
  return cached === undefined ? queryOrgById(db, id) : cached;
}

export async function getOrgsByIds(db: Db, ids: readonly string[]): Promise<Org[]> {
  if (ids.length === 0) return [];
  if (orgTreeCacheFor(db)) {
    const found = await Promise.all([...new Set(ids)].map((id) => cachedOrg(db, id)));
    return found.filter((o): o is Org => !!o);
  }
  const rows = await db
    .select()
    .from(orgs)
    .where(inArray(orgs.id, [...ids]));
  return rows.map(toOrg);
}

/** Unions' names by id, for the lists of other modules that show the union a row belongs to. */
export async function orgNamesByIds(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  return new Map((await getOrgsByIds(db, [...new Set(ids)])).map((o) => [o.id, o.name]));
}

// Qualified by hand: inside a select list Drizzle renders ${orgs.id} unqualified, which the subquery
// would resolve to its own alias (and count nothing). A level read without deactivated unions counts
// none either: a node whose children are all deactivated has nothing to open.
const childCount = (includeInactive: boolean) =>
  sql<number>`(select count(*) from ${orgs} as c where c.parent_id = "org"."id"${includeInactive ? sql`` : sql` and c.status = 'active'`})`.mapWith(
    Number,
  );

/**
 * One level of the tree: the children of `parentId`, or the scope's root when parentId is absent.
 * The console loads the tree lazily, so a province of 20,000 organisations costs one small query a click.
 */
export async function listOrgChildren(
  db: Db,
  scope: Scope,
  parentId: string | null,
  options: { includeInactive?: boolean } = {},
): Promise<OrgNode[]> {
  const includeInactive = options.includeInactive ?? false;
  const cache = orgTreeCacheFor(db);
  if (!cache) {
    // A parent outside the scope is not found (404), like every other id.
    if (parentId) await getOrg(db, scope, parentId);
    return queryOrgLevel(db, parentId, scope, includeInactive);
  }
  if (parentId) {
    const parent = await cachedOrg(db, parentId);
    if (!parent || !pathInScope(parent.path, scope)) throw orgErrors.notFound();
  }
  // Cached unscoped, per level; the scope is applied to the cached rows (the same rule as in SQL).
  const key = `${parentId ?? `root:${scope.orgId}`}|${includeInactive ? 1 : 0}`;
  const rows = await cache.get(key, () => queryOrgLevel(db, parentId, parentId ? null : scope, includeInactive));
  return rows.filter((org) => pathInScope(org.path, scope));
}

async function queryOrgLevel(db: Db, parentId: string | null, scope: Scope | null, includeInactive: boolean): Promise<OrgNode[]> {
  const conditions: SQL[] = [];
  if (scope) conditions.push(withinScope(orgs.path, scope));
  if (parentId) conditions.push(eq(orgs.parentId, parentId));
  else if (scope) conditions.push(eq(orgs.id, scope.orgId));
  if (!includeInactive) conditions.push(eq(orgs.status, 'active'));
  const rows = await db
    .select({ org: orgs, childCount: childCount(includeInactive) })
    .from(orgs)
    .where(and(...conditions))
    .orderBy(asc(orgs.kind), asc(orgs.name))
    .limit(2000);
  return rows.map((r) => ({ ...toOrg(r.org), childCount: r.childCount }));
}

export interface OrgSearch {
  q?: string | undefined;
  kind?: OrgKind | undefined;
  status?: 'active' | 'inactive' | undefined;
  limit: number;
}

export async function searchOrgs(db: Db, scope: Scope, search: OrgSearch): Promise<Org[]> {
  const conditions: SQL[] = [withinScope(orgs.path, scope)];
  if (search.q) {
    const q = search.q.trim();
    const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
    const byName = ilike(orgs.name, `%${escaped}%`);
    conditions.push(/^[0-9A-Z]{18}$/i.test(q) ? sql`(${byName} or ${orgs.uscc} = ${q.toUpperCase()})` : byName);
  }
  if (search.kind) conditions.push(eq(orgs.kind, search.kind));
  if (search.status) conditions.push(eq(orgs.status, search.status));
  const rows = await db
    .select()
    .from(orgs)
    .where(and(...conditions))
    .orderBy(asc(orgs.depth), asc(orgs.name))
    .limit(search.limit);
  return rows.map(toOrg);
}

/** Ancestors from the scope root down to the organisation's parent (for breadcrumbs). */
export async function listOrgAncestors(db: Db, scope: Scope, org: Org): Promise<Org[]> {
  const ids = org.path.split('/').filter(Boolean).slice(0, -1);
  const rows = await getOrgsByIds(db, ids);
  return rows.filter((o) => pathInScope(o.path, scope)).sort((a, b) => a.depth - b.depth);
}

export interface OrgMove {
  id: string;
  fromParentId: string | null;
  toParentId: string;
  reason: string;
  movedBy: string | null;
  movedAt: Date;
}

export async function listOrgMoves(db: Db, scope: Scope, id: string): Promise<OrgMove[]> {
  await getOrg(db, scope, id);
  return db
    .select({
      id: orgMoves.id,
      fromParentId: orgMoves.fromParentId,
      toParentId: orgMoves.toParentId,
      reason: orgMoves.reason,
      movedBy: orgMoves.movedBy,
      movedAt: orgMoves.movedAt,
    })
    .from(orgMoves)
    .where(eq(orgMoves.orgId, id))
    .orderBy(asc(orgMoves.movedAt));
}

export async function countOrgsInScope(db: Db, scope: Scope): Promise<{ total: number; active: number }> {
  const [row] = await db
    .select({
      total: sql<number>`count(*)`.mapWith(Number),
      active: sql<number>`count(*) filter (where ${orgs.status} = 'active')`.mapWith(Number),
    })
    .from(orgs)
    .where(withinScope(orgs.path, scope));
  return { total: row?.total ?? 0, active: row?.active ?? 0 };
}

/** A subquery of the organisation ids in a scope, for other modules' scoped filters (the table stays private). */
export function orgIdsInScope(scope: Scope): SQL {
  return sql`(select ${orgs.id} from ${orgs} where ${withinScope(orgs.path, scope)})`;
}

/**
 * The unions that may take a worker placed at `regionCodes` (the work place and its enclosing areas),
 * plus the union of the employer with credit code `uscc`, wherever it sits. Unscoped: a worker may
 * join anywhere; the members module's placement rule chooses among them.
 */
export async function listPlacementCandidates(db: Db, regionCodes: readonly string[], uscc: string | null): Promise<Org[]> {
  // Joins come in bursts from a few streets: the candidates of a place are one cache entry, dropped on
  // any organisation change like the tree itself.
  const cache = orgTreeCacheFor(db);
  if (!cache) return queryPlacementCandidates(db, regionCodes, uscc);
  const nodes = await cache.get(`placement:${regionCodes.join(',')}|${uscc ?? ''}`, async () =>
    (await queryPlacementCandidates(db, regionCodes, uscc)).map((o) => ({ ...o, childCount: 0 })),
  );
  return nodes.map(({ childCount: _childCount, ...org }) => org);
}

async function queryPlacementCandidates(db: Db, regionCodes: readonly string[], uscc: string | null): Promise<Org[]> {
  const inArea = inArray(orgs.regionCode, [...regionCodes]);
  const rows = await db
    .select()
    .from(orgs)
    .where(and(eq(orgs.status, 'active'), uscc ? sql`(${inArea} or ${orgs.uscc} = ${uscc})` : inArea))
    .limit(500);
  return rows.map(toOrg);
}

/** Employers (and platforms) that have their own union, for the join form's list; name search, active only. */
export async function listEmployerUnions(db: Db, q: string | undefined, limit: number): Promise<Org[]> {
  const conditions: SQL[] = [eq(orgs.kind, 'grassroots'), eq(orgs.status, 'active'), sql`${orgs.uscc} is not null`];
  if (q?.trim()) conditions.push(ilike(orgs.name, containsPattern(q)));
  const rows = await db
    .select()
    .from(orgs)
    .where(and(...conditions))
    .orderBy(asc(orgs.name))
    .limit(limit);
  return rows.map(toOrg);
}

/**
 * The ids of every organisation in a scope's subtree, as a list (cached like the tree). Large tables
 * filter with `= any(list)`: the planner then knows how many organisations it is looking at, which it
 * cannot guess from a path prefix.
 */
/** The kinds of union that stand for an area (全总, a province, a city, a county, a township), as against an industry's or an employer's. */
export const AREA_ORG_KINDS: readonly OrgKind[] = ['national', 'provincial', 'city', 'county', 'township'];

/**
 * The active area unions of a scope, parents before children — the tree reports rank and roll up over
 * (a province's few thousand, not its tens of thousands of grassroots unions).
 */
export async function listAreaUnions(db: Db, scope: Scope): Promise<Org[]> {
  const rows = await db
    .select()
    .from(orgs)
    .where(and(withinScope(orgs.path, scope), inArray(orgs.kind, [...AREA_ORG_KINDS]), eq(orgs.status, 'active')))
    .orderBy(asc(orgs.depth), asc(orgs.name));
  return rows.map(toOrg);
}

/** Every organisation's path in a scope, by id: for reports that attribute rows to the areas above them. */
export async function orgPathsInScope(db: Db, scope: Scope): Promise<Map<string, string>> {
  const rows = await db.select({ id: orgs.id, path: orgs.path }).from(orgs).where(withinScope(orgs.path, scope));
  return new Map(rows.map((r) => [r.id, r.path]));
}

export async function orgIdListInScope(db: Db, scope: Scope): Promise<string[]> {
  const load = async () => (await db.select({ id: orgs.id }).from(orgs).where(withinScope(orgs.path, scope))).map((r) => r.id);
  const cache = subtreeCacheFor(db);
  return cache ? cache.get(scope.path, load) : load();
}
