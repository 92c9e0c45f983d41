// Yearly join targets: a union sets its own and splits it down to its children; progress at every
// node is the members who joined that year in its subtree (the roll's tally), against its target.
import { and, eq, sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import type { Actor } from '../../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { memberJoinsByOrg } from '#modules/members';
import { getOrg, getOrgsByIds, listOrgChildren, orgIdListInScope, type Trade } from '#modules/orgs';
import { censusErrors } from '../errors.js';
import { checkTargetSplit, targetProgress } from '../rules.js';
import { targets } from '../schema.js';
import { auditForOrg } from './common.js';

export interface TargetNode {
  orgId: string;
  orgName: string;
  kind: string;
  target: number | null;
  /** Members who joined in the year, in the union's subtree (and trade). */
  joined: number;
  progress: number | null;
  /** Whether the union has unions below it: the console offers to drill down only into one that has. */
  hasChildren: boolean;
}

export interface TargetReport {
  year: number;
  trade: Trade | null;
  node: TargetNode;
  children: TargetNode[];
  /** The node's target less what its children were given (null without a target). */
  unassigned: number | null;
}

async function targetsOf(db: Db, orgIds: readonly string[], year: number, trade: string): Promise<Map<string, number>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db
    .select({ orgId: targets.orgId, target: targets.target })
    .from(targets)
    .where(and(eq(targets.year, year), eq(targets.trade, trade), sql`${targets.orgId} = any(${`{${orgIds.join(',')}}`}::uuid[])`));
  return new Map(rows.map((r) => [r.orgId, r.target]));
}

/** A union's target and progress, and its children's. */
export async function targetReport(
  db: Db,
  scope: Scope,
  query: { orgId?: string | undefined; year: number; trade?: Trade | undefined },
): Promise<TargetReport> {
  const node = await getOrg(db, scope, query.orgId ?? scope.orgId);
  const children = await listOrgChildren(db, scope, node.id);
  const trade = query.trade ?? '';
  const set = await targetsOf(db, [node.id, ...children.map((c) => c.id)], query.year, trade);
  // One grouped pass over the node's subtree (per union), summed per child subtree here.
  const ids = await orgIdListInScope(db, { orgId: node.id, path: node.path });
  const byOrg = await memberJoinsByOrg(db, { orgIds: ids, trade: query.trade }, query.year);
  const paths = new Map((await getOrgsByIds(db, [...byOrg.keys()])).map((o) => [o.id, o.path]));
  const joinedIn = (path: string) => {
    let n = 0;
    for (const [orgId, joined] of byOrg) if ((paths.get(orgId) ?? '').startsWith(path)) n += joined;
    return n;
  };
  const toNode = (o: { id: string; name: string; kind: string; path: string }, hasChildren: boolean): TargetNode => {
    const target = set.get(o.id) ?? null;
    const joined = joinedIn(o.path);
    return { orgId: o.id, orgName: o.name, kind: o.kind, target, joined, progress: targetProgress(joined, target), hasChildren };
  };
  const nodeTarget = set.get(node.id) ?? null;
  const given = children.reduce((n, c) => n + (set.get(c.id) ?? 0), 0);
  return {
    year: query.year,
    trade: query.trade ?? null,
    node: toNode(node, children.length > 0),
    // The children's own counts come with the level (one subquery of the same read), not a query each.
    children: children.map((c) => toNode(c, c.childCount > 0)),
    unassigned: nodeTarget === null ? null : nodeTarget - given,
  };
}

/**
 * Sets a union's target for a year (and trade). A child's target may not take its parent past the
 * parent's own (the split gives away no more than there is); a parent's may not fall below what it
 * has given its children. Null removes the target.
 */
export async function setTarget(
  db: Db,
  actor: Actor,
  scope: Scope,
  input: { orgId: string; year: number; trade?: Trade | undefined; target: number | null },
): Promise<void> {
  const trade = input.trade ?? '';
  await inTransaction(db, async (tx) => {
    const org = await getOrg(tx, scope, input.orgId);
    // The parent's targets row is locked while the split is checked, so two children set at once cannot both fit.
    const parent = org.parentId && org.id !== scope.orgId ? await getOrg(tx, scope, org.parentId) : null;
    if (parent) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`census.target:${parent.id}:${input.year}:${trade}`}))`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`census.target:${org.id}:${input.year}:${trade}`}))`);
    if (input.target === null) {
      await tx.delete(targets).where(and(eq(targets.orgId, org.id), eq(targets.year, input.year), eq(targets.trade, trade)));
    } else {
      await tx
        .insert(targets)
        .values({ orgId: org.id, year: input.year, trade, target: input.target, setBy: actor.id, setByName: actor.name })
        .onConflictDoUpdate({
          target: [targets.orgId, targets.year, targets.trade],
          set: { target: input.target, setBy: actor.id, setByName: actor.name, updatedAt: new Date() },
        });
    }
    const check = async (of: { id: string }) => {
      const kids = await listOrgChildren(tx, scope, of.id);
      const set = await targetsOf(tx, [of.id, ...kids.map((k) => k.id)], input.year, trade);
      const split = checkTargetSplit(
        set.get(of.id) ?? null,
        kids.map((k) => set.get(k.id) ?? 0),
      );
      if (!split.ok) throw censusErrors.targetSplitOver({ over: split.over });
    };
    if (parent) await check(parent);
    await check(org);
    await auditForOrg(tx, actor, org.id, {
      action: 'census.target_set',
      targetType: 'org',
      targetId: org.id,
      details: { year: input.year, trade: trade || null, target: input.target },
    });
  });
}
