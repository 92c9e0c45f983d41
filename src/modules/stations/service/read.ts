// A station as the console and the H5 show it: its place given back in both datums (WGS-84 for
// distances and OpenStreetMap-style tiles, GCJ-02 for a Chinese provider's).
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { wgs84ToGcj02, type LngLat } from '../../../platform/geo/coords.js';
import type { Db } from '../../../platform/db/tx.js';
import { orgIdsInScope } from '#modules/orgs';
import { stationErrors } from '../errors.js';
import type { Amenity, OpeningHours, StationKind } from '../rules.js';
import { stations, type STATION_STATUSES } from '../schema.js';

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
  status: (typeof STATION_STATUSES)[number];
}

type StationRow = typeof stations.$inferSelect;

export function toStation(r: Omit<StationRow, 'position' | 'createdAt' | 'updatedAt'>): Station {
  const wgs84 = { lng: r.lng, lat: r.lat };
  return {
    id: r.id,
    orgId: r.orgId,
    name: r.name,
    kind: r.kind,
    host: r.host,
    address: r.address,
    regionCode: r.regionCode,
    wgs84,
    gcj02: wgs84ToGcj02(wgs84),
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
