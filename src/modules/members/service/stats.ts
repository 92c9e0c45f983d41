// The roll's statistics: a union and each of its children.
import { sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { shanghaiDay } from '../../../platform/db/columns.js';
import { queryRows, type Db } from '../../../platform/db/tx.js';
import { getOrg, getOrgsByIds, listOrgChildren, orgIdListInScope } from '#modules/orgs';
import { applications, members } from '../schema.js';
import { dayStart } from './roll.js';

export interface RollStats {
  orgId: string;
  orgName: string;
  kind: string;
  members: number;
  newFormMembers: number;
  joinsThisMonth: number;
  joinsThisYear: number;
  pendingApplications: number;
}

/**
 * Statistics of a node and of each of its children (each child counts its whole subtree). Active and
 * suspended members count as members; the month and year are Asia/Shanghai's.
 */
export async function rollStats(
  db: Db,
  scope: Scope,
  orgId: string | undefined,
  now = new Date(),
): Promise<{ node: RollStats; children: RollStats[] }> {
  const node = await getOrg(db, scope, orgId ?? scope.orgId);
  const children = await listOrgChildren(db, scope, node.id);
  const today = shanghaiDay(now);
  const monthStart = dayStart(`${today.slice(0, 7)}-01`);
  const yearStart = dayStart(`${today.slice(0, 4)}-01-01`);
  // One grouped pass over the node's members (per union), then summed per child subtree in memory:
  // a query per child would read the district's members once per child.
  const ids = await orgIdListInScope(db, { orgId: node.id, path: node.path });
  const array = `{${ids.join(',')}}`;
  const perOrg = await queryRows<{ org_id: string; members: number; new_form: number; month: number; year: number }>(
    db,
    sql`select ${members.orgId} as org_id,
          count(*) filter (where ${members.status} in ('active', 'suspended'))::int as members,
          count(*) filter (where ${members.status} in ('active', 'suspended') and ${members.newForm})::int as new_form,
          count(*) filter (where ${members.joinedAt} >= ${monthStart})::int as month,
          count(*) filter (where ${members.joinedAt} >= ${yearStart})::int as year
        from ${members} where ${members.orgId} = any(${array}::uuid[]) group by 1`,
  );
  const pending = await queryRows<{ org_id: string; n: number }>(
    db,
    sql`select ${applications.orgId} as org_id, count(*)::int as n from ${applications}
        where ${applications.orgId} = any(${array}::uuid[]) and ${applications.status} in ('pending', 'held_duplicate') group by 1`,
  );
  const paths = new Map((await getOrgsByIds(db, ids)).map((o) => [o.id, o.path]));
  const statsOf = (o: { id: string; name: string; kind: string; path: string }): RollStats => {
    const inside = (orgId: string) => (paths.get(orgId) ?? '').startsWith(o.path);
    const rows = perOrg.filter((r) => inside(r.org_id));
    const sum = (key: 'members' | 'new_form' | 'month' | 'year') => rows.reduce((n, r) => n + r[key], 0);
    return {
      orgId: o.id,
      orgName: o.name,
      kind: o.kind,
      members: sum('members'),
      newFormMembers: sum('new_form'),
      joinsThisMonth: sum('month'),
      joinsThisYear: sum('year'),
      pendingApplications: pending.filter((r) => inside(r.org_id)).reduce((n, r) => n + r.n, 0),
    };
  };
  return { node: statsOf(node), children: children.map(statsOf) };
}
