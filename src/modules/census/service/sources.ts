// Who sends lists: departments, associations, platforms; each remembers how its files' columns map.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import type { Actor } from '../../../platform/audit/audit.js';
import { uniqueViolation } from '../../../platform/db/errors.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { getOrg, orgIdsInScope } from '#modules/orgs';
import { censusErrors } from '../errors.js';
import type { CensusField } from '../rules.js';
import { type SOURCE_KINDS, sources } from '../schema.js';
import { auditForOrg } from './common.js';

export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface CensusSource {
  id: string;
  orgId: string;
  name: string;
  kind: SourceKind;
  mapping: Partial<Record<CensusField, string>>;
}

const toSource = (r: typeof sources.$inferSelect): CensusSource => ({
  id: r.id,
  orgId: r.orgId,
  name: r.name,
  kind: r.kind,
  mapping: r.mapping,
});

export async function getSource(db: Db, scope: Scope, id: string): Promise<CensusSource> {
  const [row] = await db
    .select()
    .from(sources)
    .where(and(eq(sources.id, id), inArray(sources.orgId, orgIdsInScope(scope))));
  if (!row) throw censusErrors.sourceNotFound();
  return toSource(row);
}

export async function listSources(db: Db, scope: Scope): Promise<CensusSource[]> {
  const rows = await db
    .select()
    .from(sources)
    .where(inArray(sources.orgId, orgIdsInScope(scope)))
    .orderBy(asc(sources.name));
  return rows.map(toSource);
}

export async function createSource(
  db: Db,
  actor: Actor,
  scope: Scope,
  input: { name: string; kind: SourceKind; orgId?: string | undefined },
): Promise<CensusSource> {
  const org = await getOrg(db, scope, input.orgId ?? scope.orgId);
  try {
    return await inTransaction(db, async (tx) => {
      const [row] = await tx.insert(sources).values({ orgId: org.id, name: input.name, kind: input.kind }).returning();
      const source = toSource(row as typeof sources.$inferSelect);
      await auditForOrg(tx, actor, org.id, {
        action: 'census.source_create',
        targetType: 'census_source',
        targetId: source.id,
        details: { name: source.name, kind: source.kind },
      });
      return source;
    });
  } catch (error) {
    if (uniqueViolation(error) === 'census_source_name_uq') throw censusErrors.sourceNameTaken();
    throw error;
  }
}

/** Keeps the mapping a list of the source was imported with: its next file maps itself. */
export async function rememberSourceMapping(db: Db, sourceId: string, mapping: Partial<Record<CensusField, string>>): Promise<void> {
  await db.update(sources).set({ mapping }).where(eq(sources.id, sourceId));
}
