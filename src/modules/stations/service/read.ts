// A station as the console and the H5 show it: its place given back in both datums (WGS-84 for
// distances and OpenStreetMap-style tiles, GCJ-02 for a Chinese provider's).
import { and, count, desc, eq, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { wgs84ToGcj02, type LngLat } from '../../../platform/geo/coords.js';
import { containsPattern } from '../../../platform/db/columns.js';
import { pageAfter, parseIdCursor } from '../../../platform/db/keyset.js';
import type { Db } from '../../../platform/db/tx.js';
import { getOrg, orgIdsInScope } from '#modules/orgs';
import { stationErrors } from '../errors.js';
import type { Amenity, OpeningHours, StationKind, StationStatus } from '../rules.js';
import { stations } from '../schema.js';

export interface Station {
  id: string;
  orgId: string;
  name: string;
  kind: StationKind;
  host: string | null;
  address: string;
  regionCode: string;
  wgs84: LngLat;
  gcj02: LngLat;
  hours: OpeningHours;
  amenities: Amenity[];
  amenityHours: Partial<Record<Amenity, OpeningHours>>;
  areaM2: number | null;
  phone: string | null;
  status: StationStatus;
}

type StationRow = typeof stations.$inferSelect;

// Seven decimals of a degree are about a centimetre: the figures a user typed come back as typed, not
// with the last bits of a round trip through the other datum.
const centimetre = (p: LngLat): LngLat => ({ lng: Math.round(p.lng * 1e7) / 1e7, lat: Math.round(p.lat * 1e7) / 1e7 });

export function toStation(r: Omit<StationRow, 'position' | 'createdAt' | 'updatedAt'>): Station {
  const wgs84 = centimetre({ lng: r.lng, lat: r.lat });
  return {
    id: r.id,
    orgId: r.orgId,
    name: r.name,
    kind: r.kind,
    host: r.host,
    address: r.address,
    regionCode: r.regionCode,
    wgs84,
    gcj02: centimetre(wgs84ToGcj02({ lng: r.lng, lat: r.lat })),
    hours: r.hours,
    amenities: r.amenities as Amenity[],
    amenityHours: r.amenityHours,
    areaM2: r.areaM2,
    phone: r.phone,
    status: r.status,
  };
}

/** A station of a union in the staff member's subtree; 404 for any other, as if it did not exist. */
export async function getStation(db: Db, scope: Scope, id: string, options: { forUpdate?: boolean } = {}): Promise<Station> {
  const query = db
    .select()
    .from(stations)
    .where(and(eq(stations.id, id), inScope(scope)))
    .limit(1);
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw stationErrors.notFound();
  return toStation(row);
}

/** The stations of the unions in a staff member's subtree. */
export const inScope = (scope: Scope): SQL => sql`${stations.orgId} in ${orgIdsInScope(scope)}`;

export interface StationFilter {
  /** A union of the staff member's subtree: its stations and those of the unions under it. */
  orgId?: string | undefined;
  kind?: StationKind | undefined;
  status?: StationStatus | undefined;
  amenity?: Amenity | undefined;
  /** Part of the name, the host or the address. */
  q?: string | undefined;
  /** The last id of the page before. */
  cursor?: string | undefined;
  limit: number;
}

/** A page of the stations in scope, newest first, and how many the filter holds. */
export async function listStations(
  db: Db,
  scope: Scope,
  filter: StationFilter,
): Promise<{ items: Station[]; nextCursor: string | null; total: number }> {
  const within = filter.orgId ? { orgId: filter.orgId, path: (await getOrg(db, scope, filter.orgId)).path } : scope;
  const where: SQL[] = [inScope(within)];
  if (filter.kind) where.push(eq(stations.kind, filter.kind));
  if (filter.status) where.push(eq(stations.status, filter.status));
  if (filter.amenity) where.push(sql`${stations.amenities} @> array[${filter.amenity}]::text[]`);
  if (filter.q?.trim()) {
    const pattern = containsPattern(filter.q);
    where.push(or(ilike(stations.name, pattern), ilike(stations.host, pattern), ilike(stations.address, pattern)) as SQL);
  }
  const cursor = parseIdCursor(filter.cursor);
  const rows = await db
    .select()
    .from(stations)
    .where(and(...where, cursor ? lt(stations.id, cursor) : undefined))
    .orderBy(desc(stations.id))
    .limit(filter.limit + 1);
  const { page, nextCursor } = pageAfter(rows, filter.limit);
  // A first page that holds them all is their count.
  const total =
    !cursor && rows.length <= filter.limit
      ? rows.length
      : ((
          await db
            .select({ n: count() })
            .from(stations)
            .where(and(...where))
        )[0]?.n ?? 0);
  return { items: page.map(toStation), nextCursor, total };
}

/** An open station as riders see it, or null (suspended, closed, or none). */
export async function findOpenStation(db: Db, id: string): Promise<Station | null> {
  const [row] = await db
    .select()
    .from(stations)
    .where(and(eq(stations.id, id), eq(stations.status, 'open')))
    .limit(1);
  return row ? toStation(row) : null;
}
