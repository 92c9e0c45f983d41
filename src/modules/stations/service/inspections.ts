// The uniform standard (统一标识、统一标准、统一管理) and the inspection visits held against it. A
// union may set its own checklist; a station is held to the one of the nearest union above it (its own
// union included) that has one, else to the default in rules.ts. An inspection keeps the points as they
// were on the day, so a later change of the standard never rewrites what was found.
import { and, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { findOrgById, getOrg, getOrgsByIds } from '#modules/orgs';
import { stationErrors, stationInspectionErrors } from '../errors.js';
import {
  checkInspection,
  checkStandard,
  DEFAULT_STANDARD,
  inspectionConclusion,
  type InspectionAnswer,
  type InspectionConclusion,
  type StandardPoint,
} from '../rules.js';
import { stationInspections, stationPhotos, stationStandards, stations, type InspectionResult } from '../schema.js';
import { selectPhotos, type StationPhoto } from './photos.js';
import { getStation, inScope } from './read.js';

// ---------------------------------------------------------------------------------------------
// The standard.

export interface StationStandard {
  /** The union asked about. */
  orgId: string;
  /** The union whose checklist it is (this one or one above); null: the default. */
  source: { orgId: string; orgName: string } | null;
  items: StandardPoint[];
  updatedAt: Date | null;
}

/** The standard that holds for a union's stations: the nearest union on its path that set one, else the default. */
async function standardOnPath(db: Db, org: { id: string; path: string }): Promise<StationStandard> {
  const chain = org.path.split('/').filter(Boolean);
  const rows = chain.length > 0 ? await db.select().from(stationStandards).where(inArray(stationStandards.orgId, chain)) : [];
  const nearest = rows.sort((a, b) => chain.indexOf(b.orgId) - chain.indexOf(a.orgId))[0];
  if (!nearest) return { orgId: org.id, source: null, items: DEFAULT_STANDARD.map((p) => ({ ...p })), updatedAt: null };
  // The union above may lie outside the staff member's subtree: its name is shown, nothing else of it.
  const [owner] = await getOrgsByIds(db, [nearest.orgId]);
  return {
    orgId: org.id,
    source: { orgId: nearest.orgId, orgName: owner?.name ?? '' },
    items: nearest.items,
    updatedAt: nearest.updatedAt,
  };
}

/** The standard that holds for a union of the staff member's subtree (its own, one inherited, or the default). */
export async function getStationStandard(db: Db, scope: Scope, orgId: string): Promise<StationStandard> {
  return standardOnPath(db, await getOrg(db, scope, orgId));
}

/** A union sets its own checklist, for its stations and those of the unions below that set none. */
export async function setStationStandard(
  db: Db,
  actor: Actor,
  scope: Scope,
  orgId: string,
  items: StandardPoint[],
): Promise<StationStandard> {
  const points = items.map((p) => ({ code: p.code.trim(), text: p.text.trim(), required: p.required }));
  await inTransaction(db, async (tx) => {
    const org = await getOrg(tx, scope, orgId);
    const problems = checkStandard(points);
    if (problems.length > 0) throw stationErrors.invalid({ count: problems.length }, { errors: problems });
    await tx
      .insert(stationStandards)
      .values({ orgId: org.id, items: points })
      .onConflictDoUpdate({ target: stationStandards.orgId, set: { items: points, updatedAt: new Date() } });
    await recordAudit(tx, actor, {
      action: 'stations.standard_set',
      targetType: 'org',
      targetId: org.id,
      orgId: org.id,
      orgPath: org.path,
      details: { points: points.length, required: points.filter((p) => p.required).length },
    });
  });
  return getStationStandard(db, scope, orgId);
}

/** A union gives up its own checklist: the one above (or the default) holds again. */
export async function clearStationStandard(db: Db, actor: Actor, scope: Scope, orgId: string): Promise<StationStandard> {
  await inTransaction(db, async (tx) => {
    const org = await getOrg(tx, scope, orgId);
    const removed = await tx
      .delete(stationStandards)
      .where(eq(stationStandards.orgId, org.id))
      .returning({ orgId: stationStandards.orgId });
    if (removed.length === 0) return;
    await recordAudit(tx, actor, {
      action: 'stations.standard_cleared',
      targetType: 'org',
      targetId: org.id,
      orgId: org.id,
      orgPath: org.path,
    });
  });
  return getStationStandard(db, scope, orgId);
}

// ---------------------------------------------------------------------------------------------
// Inspections.

export interface Inspection {
  id: string;
  stationId: string;
  visitedOn: string;
  inspectorName: string;
  results: InspectionResult[];
  conclusion: InspectionConclusion;
  rectifyBy: string | null;
  note: string | null;
  createdAt: Date;
  /** Photos taken on the visit, as its evidence. */
  photos: StationPhoto[];
}

export interface InspectionInput {
  visitedOn: string;
  results: InspectionAnswer[];
  note?: string | null | undefined;
  rectifyBy?: string | null | undefined;
}

type InspectionRow = typeof stationInspections.$inferSelect;

const toInspection = (row: InspectionRow, photos: StationPhoto[]): Inspection => ({
  id: row.id,
  stationId: row.stationId,
  visitedOn: row.visitedOn,
  inspectorName: row.inspectorName,
  results: row.results,
  conclusion: row.conclusion,
  rectifyBy: row.rectifyBy,
  note: row.note,
  createdAt: row.createdAt,
  photos,
});

async function withPhotos(db: Db, rows: InspectionRow[]): Promise<Inspection[]> {
  if (rows.length === 0) return [];
  const photos = await selectPhotos(
    db,
    inArray(
      stationPhotos.inspectionId,
      rows.map((r) => r.id),
    ),
  );
  return rows.map((row) =>
    toInspection(
      row,
      photos.filter((p) => p.inspectionId === row.id),
    ),
  );
}

/**
 * Records an inspection visit against the standard that holds for the station today: every point
 * answered, the conclusion computed (any required point failed → rectify, with a date to put it right
 * by), all in one transaction with its audit record — or nothing, with every problem named.
 */
export async function recordInspection(
  db: Db,
  actor: Actor,
  scope: Scope,
  stationId: string,
  input: InspectionInput,
  now: Date,
): Promise<Inspection> {
  const id = await inTransaction(db, async (tx) => {
    const station = await getStation(tx, scope, stationId, { forUpdate: true });
    const org = await findOrgById(tx, station.orgId);
    if (!org) throw stationErrors.notFound();
    const standard = (await standardOnPath(tx, org)).items;
    const problems = checkInspection(
      standard,
      { visitedOn: input.visitedOn, answers: input.results, rectifyBy: input.rectifyBy },
      shanghaiDay(now),
    );
    if (problems.length > 0) throw stationErrors.invalid({ count: problems.length }, { errors: problems });
    const conclusion = inspectionConclusion(standard, input.results);
    const answers = new Map(input.results.map((a) => [a.code, a]));
    // In the standard's order, with its words as they are today.
    const results: InspectionResult[] = standard.map((point) => {
      const answer = answers.get(point.code) as InspectionAnswer;
      const note = answer.note?.trim();
      return { code: point.code, text: point.text, required: point.required, result: answer.result, ...(note ? { note } : {}) };
    });
    const [row] = await tx
      .insert(stationInspections)
      .values({
        stationId,
        visitedOn: input.visitedOn,
        inspectorId: actor.kind === 'staff' ? actor.id : null,
        inspectorName: actor.name ?? '',
        results,
        conclusion,
        rectifyBy: conclusion === 'rectify' ? (input.rectifyBy ?? null) : null,
        note: input.note?.trim() || null,
      })
      .returning({ id: stationInspections.id });
    if (!row) throw new Error('station_inspection insert returned nothing');
    await recordAudit(tx, actor, {
      action: 'stations.inspection_recorded',
      targetType: 'station',
      targetId: stationId,
      orgId: station.orgId,
      details: {
        inspectionId: row.id,
        visitedOn: input.visitedOn,
        conclusion,
        rectifyBy: conclusion === 'rectify' ? input.rectifyBy : null,
        failed: results.filter((r) => r.result === 'fail').map((r) => r.code),
      },
    });
    return row.id;
  });
  return getInspection(db, scope, id);
}

/** One inspection of a station in the staff member's subtree; 404 for any other. */
export async function getInspection(db: Db, scope: Scope, inspectionId: string): Promise<Inspection> {
  const [row] = await db
    .select({ inspection: stationInspections })
    .from(stationInspections)
    .innerJoin(stations, eq(stations.id, stationInspections.stationId))
    .where(and(eq(stationInspections.id, inspectionId), inScope(scope)))
    .limit(1);
  if (!row) throw stationInspectionErrors.inspectionNotFound();
  const [inspection] = await withPhotos(db, [row.inspection]);
  return inspection as Inspection;
}

/** A page of a station's inspections, the latest visit first; `before` is the last id of the page before. */
export async function listInspections(
  db: Db,
  scope: Scope,
  stationId: string,
  page: { before?: string | undefined; limit: number },
): Promise<{ items: Inspection[]; nextCursor: string | null }> {
  await getStation(db, scope, stationId);
  let after: SQL | undefined;
  if (page.before) {
    const [last] = await db
      .select({ visitedOn: stationInspections.visitedOn, id: stationInspections.id })
      .from(stationInspections)
      .where(and(eq(stationInspections.id, page.before), eq(stationInspections.stationId, stationId)));
    if (last) {
      after = or(
        lt(stationInspections.visitedOn, last.visitedOn),
        and(eq(stationInspections.visitedOn, last.visitedOn), lt(stationInspections.id, last.id)),
      );
    }
  }
  const rows = await db
    .select()
    .from(stationInspections)
    .where(and(eq(stationInspections.stationId, stationId), after))
    .orderBy(desc(stationInspections.visitedOn), desc(stationInspections.id))
    .limit(page.limit + 1);
  const more = rows.length > page.limit;
  const items = await withPhotos(db, rows.slice(0, page.limit));
  return { items, nextCursor: more ? (items[items.length - 1]?.id ?? null) : null };
}

export interface LastInspection {
  stationId: string;
  inspectionId: string;
  visitedOn: string;
  conclusion: InspectionConclusion;
  rectifyBy: string | null;
}

/** The latest inspection of each of these stations that lies in the staff member's subtree (none: not listed). */
export async function lastInspections(db: Db, scope: Scope, stationIds: readonly string[]): Promise<LastInspection[]> {
  if (stationIds.length === 0) return [];
  const rows = await db
    .selectDistinctOn([stationInspections.stationId], {
      stationId: stationInspections.stationId,
      inspectionId: stationInspections.id,
      visitedOn: stationInspections.visitedOn,
      conclusion: stationInspections.conclusion,
      rectifyBy: stationInspections.rectifyBy,
    })
    .from(stationInspections)
    .innerJoin(stations, eq(stations.id, stationInspections.stationId))
    .where(and(inArray(stationInspections.stationId, [...stationIds]), inScope(scope)))
    .orderBy(stationInspections.stationId, desc(stationInspections.visitedOn), desc(stationInspections.id));
  return rows;
}
