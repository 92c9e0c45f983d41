// Placing a station and keeping it up to date: its position converted from the GCJ-02 a map gives,
// its hours checked and spread into the openings the nearest-station search reads, all in one transaction.
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { notifyChange } from '../../../platform/cache/changes.js';
import type { FieldProblem } from '../../../platform/errors/app-error.js';
import { gcj02ToWgs84, inGcjArea, isValidLngLat, type LngLat } from '../../../platform/geo/coords.js';
import { inTransaction, type Db, type Tx } from '../../../platform/db/tx.js';
import { pgArray } from '../../../platform/db/arrays.js';
import { uuidv7 } from '../../../platform/db/columns.js';
import { t } from '../../../platform/i18n/i18n.js';
import { regionWithin } from '../../../platform/regions/regions.js';
import { getOrg } from '#modules/orgs';
import { stationErrors, stationTransferErrors } from '../errors.js';
import {
  AMENITIES,
  checkOpeningHours,
  weekSpans,
  type Amenity,
  type OpeningHours,
  type StationKind,
  type StationStatus,
} from '../rules.js';
import { stationOpenings, stations } from '../schema.js';
import { getStation, type Station } from './read.js';

export interface StationInput {
  orgId: string;
  name: string;
  kind: StationKind;
  host?: string | null;
  address: string;
  regionCode: string;
  /** Where the station is, as a Chinese map gives it (GCJ-02). */
  gcj02: LngLat;
  hours: OpeningHours;
  amenities: Amenity[];
  amenityHours?: Partial<Record<Amenity, OpeningHours>>;
  areaM2?: number | null;
  phone?: string | null;
}

function problem(field: string, code: string, params: Record<string, unknown> = {}): FieldProblem {
  return { field, code: `stations.${code}`, message: t(`problems.stations.${code}`, params) };
}

/** What is wrong with a station as entered, beside its union (which the caller has read in scope). */
export function checkStation(input: StationInput, org: { name: string; regionCode: string }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isValidLngLat(input.gcj02)) problems.push(problem('gcj02', 'coordinates_invalid'));
  else if (!inGcjArea(input.gcj02)) problems.push(problem('gcj02', 'coordinates_outside_china', { ...input.gcj02 }));
  if (!regionWithin(input.regionCode, org.regionCode)) {
    problems.push(problem('regionCode', 'region_outside_org', { region: input.regionCode, org: org.name }));
  }
  for (const amenity of [...input.amenities, ...Object.keys(input.amenityHours ?? {})]) {
    if (!AMENITIES.includes(amenity as Amenity)) problems.push(problem('amenities', 'amenity_unknown', { value: amenity }));
  }
  problems.push(...checkOpeningHours(input.hours));
  for (const [amenity, hours] of Object.entries(input.amenityHours ?? {})) {
    problems.push(...checkOpeningHours(hours).map((p) => ({ ...p, field: `amenityHours.${amenity}` })));
  }
  return problems;
}

/** The openings the search reads: the station's ('' ), then each amenity's with hours of its own. */
function openingRows(stationId: string, input: Pick<StationInput, 'hours' | 'amenityHours'>) {
  const of = (amenity: string, hours: OpeningHours) =>
    weekSpans(hours).map(([startMinute, endMinute]) => ({ stationId, amenity, startMinute, endMinute }));
  return [...of('', input.hours), ...Object.entries(input.amenityHours ?? {}).flatMap(([a, h]) => of(a, h))];
}

async function placed(tx: Tx, scope: Scope, input: StationInput) {
  const org = await getOrg(tx, scope, input.orgId);
  const problems = checkStation(input, org);
  if (problems.length > 0) throw stationErrors.invalid({ count: problems.length }, { errors: problems });
  return stationValues({ ...input, orgId: org.id });
}

export async function createStation(db: Db, actor: Actor, scope: Scope, input: StationInput): Promise<Station> {
  const id = await inTransaction(db, async (tx) => {
    const [row] = await tx
      .insert(stations)
      .values(await placed(tx, scope, input))
      .returning({ id: stations.id, orgId: stations.orgId });
    if (!row) throw new Error('station insert returned nothing');
    const openings = openingRows(row.id, input);
    if (openings.length > 0) await tx.insert(stationOpenings).values(openings);
    await recordAudit(tx, actor, { action: 'stations.created', targetType: 'station', targetId: row.id, orgId: row.orgId });
    await notifyChange(tx, 'stations', row.id);
    return row.id;
  });
  return getStation(db, scope, id);
}

export async function updateStation(db: Db, actor: Actor, scope: Scope, id: string, input: StationInput): Promise<Station> {
  await inTransaction(db, async (tx) => {
    await getStation(tx, scope, id, { forUpdate: true });
    await tx
      .update(stations)
      .set({ ...(await placed(tx, scope, input)), updatedAt: new Date() })
      .where(eq(stations.id, id));
    await tx.delete(stationOpenings).where(eq(stationOpenings.stationId, id));
    const openings = openingRows(id, input);
    if (openings.length > 0) await tx.insert(stationOpenings).values(openings);
    await recordAudit(tx, actor, { action: 'stations.updated', targetType: 'station', targetId: id, orgId: input.orgId });
    await notifyChange(tx, 'stations', id);
  });
  return getStation(db, scope, id);
}

// ---------------------------------------------------------------------------------------------
// Status: suspended for a while (a renovation), reopened, or closed for good. Only open stations are
// found by riders; the nearest-station index hears of every change.

export interface StationStatusChange {
  status: StationStatus;
  /** Why, for the audit log (and whoever asks later why a station vanished from the map). */
  reason: string;
}

/**
 * Suspends, reopens or closes a station in one transaction, audited with the reason. A closed station
 * stays closed: one reopened on the same spot is a new station, with a history of its own.
 */
export async function changeStationStatus(db: Db, actor: Actor, scope: Scope, id: string, change: StationStatusChange): Promise<Station> {
  await inTransaction(db, async (tx) => {
    const station = await getStation(tx, scope, id, { forUpdate: true });
    if (station.status === 'closed') throw stationTransferErrors.closedForGood();
    if (station.status === change.status) {
      throw stationTransferErrors.statusUnchanged({ status: t(`stations.status_label.${change.status}`) });
    }
    await tx.update(stations).set({ status: change.status, updatedAt: new Date() }).where(eq(stations.id, id));
    const org = await getOrg(tx, scope, station.orgId);
    await recordAudit(tx, actor, {
      action: 'stations.status_changed',
      targetType: 'station',
      targetId: id,
      orgId: org.id,
      orgPath: org.path,
      reason: change.reason,
      details: { from: station.status, to: change.status },
    });
    await notifyChange(tx, 'stations', id);
  });
  return getStation(db, scope, id);
}

// ---------------------------------------------------------------------------------------------
// Many stations at once (an imported list), in the caller's transaction.

/** A station of an imported list, checked already: new (`id` null), or the same union's station of the same name. */
export interface ImportedStation {
  id: string | null;
  input: StationInput;
}

// Stations and openings go in a statement per batch, each column one array parameter (unnest): a
// statement of one shape whatever the batch's size, which PGlite binds in one go rather than a
// parameter per cell, and a list of thousands written in seconds.
const STATION_BATCH = 1000;
const OPENINGS_BATCH = 10_000;

/** The row of a station checked already (its union read in scope, checkStation passed). */
function stationValues(input: StationInput) {
  const wgs = gcj02ToWgs84(input.gcj02);
  return {
    orgId: input.orgId,
    name: input.name,
    kind: input.kind,
    host: input.host ?? null,
    address: input.address,
    regionCode: input.regionCode,
    lng: wgs.lng,
    lat: wgs.lat,
    hours: input.hours,
    amenities: [...new Set(input.amenities)],
    amenityHours: input.amenityHours ?? {},
    areaM2: input.areaM2 ?? null,
    phone: input.phone ?? null,
  };
}

/**
 * Writes checked stations: new ones inserted in batches, known ones updated (their status kept), and
 * every one's openings replaced. The caller audits and notifies, once for the whole list.
 */
export async function writeImportedStations(tx: Tx, items: readonly ImportedStation[]): Promise<{ created: string[]; updated: string[] }> {
  const fresh = items.filter((item) => item.id === null).map((item) => ({ id: uuidv7(), input: item.input }));
  const known = items.flatMap((item) => (item.id === null ? [] : [{ id: item.id, input: item.input }]));
  for (let from = 0; from < fresh.length; from += STATION_BATCH) {
    await tx.execute(sql`
      insert into ${stations} (id, org_id, name, kind, host, address, region_code, lng, lat, hours, amenity_hours, amenities, area_m2, phone)
      select v.id, v.org_id, v.name, v.kind, v.host, v.address, v.region_code, v.lng, v.lat, v.hours, v.amenity_hours,
             array(select jsonb_array_elements_text(v.amenities)), v.area_m2, v.phone
        from ${stationColumns(fresh.slice(from, from + STATION_BATCH))}`);
  }
  for (let from = 0; from < known.length; from += STATION_BATCH) {
    await tx.execute(sql`
      update ${stations} as s
         set org_id = v.org_id, name = v.name, kind = v.kind, host = v.host, address = v.address, region_code = v.region_code,
             lng = v.lng, lat = v.lat, hours = v.hours, amenity_hours = v.amenity_hours,
             amenities = array(select jsonb_array_elements_text(v.amenities)), area_m2 = v.area_m2, phone = v.phone, updated_at = now()
        from ${stationColumns(known.slice(from, from + STATION_BATCH))}
       where s.id = v.id`);
  }
  const updated = known.map((k) => k.id);
  if (updated.length > 0) await tx.execute(sql`delete from ${stationOpenings} where station_id = any(${pgArray(updated)}::uuid[])`);
  const openings = [...fresh, ...known].flatMap(({ id, input }) => openingRows(id, input));
  for (let from = 0; from < openings.length; from += OPENINGS_BATCH) {
    const batch = openings.slice(from, from + OPENINGS_BATCH);
    const column = (pick: (o: (typeof batch)[number]) => string | number) => pgArray(batch.map(pick));
    await tx.execute(sql`
      insert into ${stationOpenings} (station_id, amenity, start_minute, end_minute)
      select * from unnest(${column((o) => o.stationId)}::uuid[], ${column((o) => o.amenity)}::text[],
                           ${column((o) => o.startMinute)}::int[], ${column((o) => o.endMinute)}::int[])`);
  }
  return { created: fresh.map((f) => f.id), updated };
}

/** Stations' rows as a table of one array parameter per column, `v`. */
function stationColumns(batch: readonly { id: string; input: StationInput }[]): SQL {
  const rows = batch.map(({ id, input }) => ({ id, ...stationValues(input) }));
  const column = (pick: (r: (typeof rows)[number]) => string | number | null) => pgArray(rows.map(pick));
  const json = (pick: (r: (typeof rows)[number]) => unknown) => column((r) => JSON.stringify(pick(r)));
  return sql`unnest(${column((r) => r.id)}::uuid[], ${column((r) => r.orgId)}::uuid[], ${column((r) => r.name)}::text[],
                    ${column((r) => r.kind)}::text[], ${column((r) => r.host)}::text[], ${column((r) => r.address)}::text[],
                    ${column((r) => r.regionCode)}::text[], ${column((r) => r.lng)}::float8[], ${column((r) => r.lat)}::float8[],
                    ${json((r) => r.hours)}::jsonb[], ${json((r) => r.amenityHours)}::jsonb[], ${json((r) => r.amenities)}::jsonb[],
                    ${column((r) => r.areaM2)}::int[], ${column((r) => r.phone)}::text[])
           as v(id, org_id, name, kind, host, address, region_code, lng, lat, hours, amenity_hours, amenities, area_m2, phone)`;
}
