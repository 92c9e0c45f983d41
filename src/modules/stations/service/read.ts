// A station as the console and the H5 show it: its place given back in both datums (WGS-84 for
// distances and OpenStreetMap-style tiles, GCJ-02 for a Chinese provider's).
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { wgs84ToGcj02, type LngLat } from '../../../platform/geo/coords.js';
import type { Db } from '../../../platform/db/tx.js';
import { orgIdsInScope } from '#modules/orgs';
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
