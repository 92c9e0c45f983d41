// The tree counted for reports: the unions of an area by how they were built (建会三模式).
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/tx.js';
import type { FormationMode } from '../rules.js';
import { orgs } from '../schema.js';

export interface FormationCount {
  /** Null: a union whose way of building is not recorded. */
  mode: FormationMode | null;
  /** Active unions built this way. */
  unions: number;
  /** Of them, built (added to the tree) from `since` on. */
  built: number;
}

/**
 * The active grassroots unions and industry federations of an area (a prefix of region codes; '' the
 * whole tree), by formation mode, and how many of each were built from `since` on.
 */
export async function countUnionsByFormation(db: Db, regionPrefix: string, since: Date): Promise<FormationCount[]> {
  const rows = await queryRows<{ mode: FormationMode | null; unions: number; built: number }>(
    db,
    sql`select ${orgs.formationMode} as mode, count(*)::int as unions,
               count(*) filter (where ${orgs.createdAt} >= ${since})::int as built
          from ${orgs}
         where ${orgs.status} = 'active' and ${orgs.kind} in ('grassroots', 'industry_federation')
           and ${orgs.regionCode} like ${`${regionPrefix}%`}
         group by 1 order by 1 nulls last`,
  );
  return rows;
}
