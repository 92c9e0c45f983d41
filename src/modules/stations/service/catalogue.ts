// The services a union offers at its stations (法律援助, 就业指导 …): a union's catalogue holds for its
// own stations and for every station below it, so a city's legal aid can be ordered at a street's station.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { uniqueViolation } from '../../../platform/db/errors.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { findOrgById, getOrg, getOrgsByIds, orgIdsInScope } from '#modules/orgs';
import { stationServiceErrors } from '../errors.js';
import type { ServiceCategory } from '../rules.js';
import { stationServices } from '../schema.js';

export interface StationService {
  id: string;
  orgId: string;
  /** The union that offers it: a city's services reach a county's staff, who cannot look the city up. */
  orgName: string;
  name: string;
  category: ServiceCategory;
  description: string | null;
  durationMinutes: number;
  active: boolean;
}

export interface ServiceInput {
  orgId: string;
  name: string;
  category: ServiceCategory;
  description?: string | null;
  durationMinutes: number;
  active?: boolean;
}

const toService = (r: typeof stationServices.$inferSelect, orgName: string): StationService => ({
  id: r.id,
  orgId: r.orgId,
  orgName,
  name: r.name,
  category: r.category,
  description: r.description,
  durationMinutes: r.durationMinutes,
  active: r.active,
});

export async function createService(db: Db, actor: Actor, scope: Scope, input: ServiceInput): Promise<StationService> {
  try {
    return await inTransaction(db, async (tx) => {
      const org = await getOrg(tx, scope, input.orgId);
      const [row] = await tx
        .insert(stationServices)
        .values({
          orgId: org.id,
          name: input.name,
          category: input.category,
          description: input.description ?? null,
          durationMinutes: input.durationMinutes,
          active: input.active ?? true,
        })
        .returning();
      if (!row) throw new Error('service insert returned nothing');
      await recordAudit(tx, actor, { action: 'stations.service_created', targetType: 'station_service', targetId: row.id, orgId: org.id });
      return toService(row, org.name);
    });
  } catch (error) {
    if (uniqueViolation(error) === 'station_service_org_name_uq') throw stationServiceErrors.serviceDuplicate({ name: input.name });
    throw error;
  }
}

/** A service of a union in the staff member's subtree (404 for any other). */
export async function getService(db: Db, scope: Scope, id: string): Promise<StationService> {
  const [row] = await db
    .select()
    .from(stationServices)
    .where(and(eq(stationServices.id, id), sql`${stationServices.orgId} in ${orgIdsInScope(scope)}`));
  if (!row) throw stationServiceErrors.serviceNotFound();
  return (await withOrgNames(db, [row]))[0] as StationService;
}

export async function updateService(
  db: Db,
  actor: Actor,
  scope: Scope,
  id: string,
  input: Omit<ServiceInput, 'orgId'>,
): Promise<StationService> {
  try {
    return await inTransaction(db, async (tx) => {
      const current = await getService(tx, scope, id);
      const [row] = await tx
        .update(stationServices)
        .set({
          name: input.name,
          category: input.category,
          description: input.description ?? null,
          durationMinutes: input.durationMinutes,
          active: input.active ?? current.active,
          updatedAt: new Date(),
        })
        .where(eq(stationServices.id, id))
        .returning();
      if (!row) throw stationServiceErrors.serviceNotFound();
      await recordAudit(tx, actor, { action: 'stations.service_updated', targetType: 'station_service', targetId: id, orgId: row.orgId });
      return { ...toService(row, current.orgName) };
    });
  } catch (error) {
    if (uniqueViolation(error) === 'station_service_org_name_uq') throw stationServiceErrors.serviceDuplicate({ name: input.name });
    throw error;
  }
}

async function withOrgNames(db: Db, rows: (typeof stationServices.$inferSelect)[]): Promise<StationService[]> {
  const orgs = await getOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  return rows.map((r) => toService(r, names.get(r.orgId) ?? ''));
}

/** The catalogues a staff member manages: their subtree's unions', and those above them that reach down into it. */
export async function listServices(db: Db, scope: Scope): Promise<StationService[]> {
  const above = scope.path.split('/').filter(Boolean);
  const rows = await db
    .select()
    .from(stationServices)
    .where(
      sql`(${stationServices.orgId} in ${orgIdsInScope(scope)} or ${inArray(stationServices.orgId, above.length > 0 ? above : [scope.orgId])})`,
    )
    .orderBy(asc(stationServices.category), asc(stationServices.name));
  return withOrgNames(db, rows);
}

/** The unions whose catalogues hold at a station of `orgId`: that union and every one above it. */
export async function unionChain(db: Db, orgId: string): Promise<string[]> {
  const org = await findOrgById(db, orgId);
  return org ? org.path.split('/').filter(Boolean) : [];
}

/** What a member may order at a station of union `orgId`: the active services of its union and those above. */
export async function servicesOffered(db: Db, orgId: string): Promise<StationService[]> {
  const chain = await unionChain(db, orgId);
  if (chain.length === 0) return [];
  const rows = await db
    .select()
    .from(stationServices)
    .where(and(inArray(stationServices.orgId, chain), eq(stationServices.active, true)))
    .orderBy(asc(stationServices.category), asc(stationServices.name));
  return withOrgNames(db, rows);
}
