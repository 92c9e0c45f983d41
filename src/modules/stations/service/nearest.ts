// The nearest stations to a rider. Answered from the instance's in-memory index (nearest-index.ts) when
// it is loaded and current, else — and as the reference the index is tested against — by a
// k-nearest-neighbour scan of the GiST index of points on the unit sphere (ADR 0016), filtered in the
// same scan by amenity and "open now", stopped at the limit. Both order by the chord, ties by id.
import { sql, type SQL } from 'drizzle-orm';
import { chordToMeters, gcj02ToWgs84, unitVector, type LngLat } from '../../../platform/geo/coords.js';
import { queryRows, type Db } from '../../../platform/db/tx.js';
import { DEFAULT_RIDING_SPEED_KMH, isOpenAt, ridingMinutes, weekMinute, type Amenity } from '../rules.js';
import { stationOpenings, stations } from '../schema.js';
import { nearestIndexFor, openAt as stationOpenAt, stationJsonLength, writeStationJson, type IndexedStation } from './nearest-index.js';
import { toStation, type Station } from './read.js';

export interface NearestQuery {
  /** Where the rider is: a browser's geolocation is WGS-84, WeChat's and Chinese maps' GCJ-02. */
  at: LngLat;
  datum: 'wgs84' | 'gcj02';
  amenities?: readonly Amenity[];
  /** Only stations open now (for each amenity asked for: its own hours, else the station's). */
  openNow?: boolean;
  limit?: number;
  speedKmh?: number;
  now?: Date;
}

export interface NearbyStation extends Station {
  distanceM: number;
  ridingMinutes: number;
  openNow: boolean;
}

/** A station found in the index: its JSON as kept there (IndexedStation), and what the search adds. */
export interface NearbyIndexed {
  station: IndexedStation;
  distanceM: number;
  ridingMinutes: number;
  openNow: boolean;
}

const limitOf = (query: NearestQuery) => Math.min(50, Math.max(1, query.limit ?? 10));

// The minute of the week changes once a minute (Shanghai's offset is whole hours): worked out once a
// minute, not for every search (weekMinute formats the day as well, a few per cent of a search's CPU).
let lastMinute = { utcMinute: Number.NaN, weekMinute: 0 };
function weekMinuteOf(now: Date): number {
  const utcMinute = Math.floor(now.getTime() / 60_000);
  if (utcMinute !== lastMinute.utcMinute) lastMinute = { utcMinute, weekMinute: weekMinute(now) };
  return lastMinute.weekMinute;
}

/**
 * The nearest stations from the instance's index, or null when it cannot answer now (not loaded yet —
 * this starts the load —, a station's change being applied, the change listener down): then ask
 * nearestStationsBySql. Synchronous: no database round trip.
 */
export function nearestFromIndex(db: Db, query: NearestQuery): NearbyIndexed[] | null {
  const index = nearestIndexFor(db);
  const tree = index?.current();
  if (!index || !tree) return null;
  const minute = weekMinuteOf(query.now ?? new Date());
  const here = query.datum === 'gcj02' ? gcj02ToWgs84(query.at) : query.at;
  const found = index.nearest(tree, unitVector(here), {
    amenities: query.amenities ?? [],
    openAt: query.openNow ? minute : null,
    limit: limitOf(query),
  });
  const speed = query.speedKmh ?? DEFAULT_RIDING_SPEED_KMH;
  return found.entries.map((station, i) => {
    const distanceM = Math.round(chordToMeters(found.chords[i] as number));
    return { station, distanceM, ridingMinutes: ridingMinutes(distanceM, speed), openNow: stationOpenAt(station, minute) };
  });
}

/** The nearest open stations: from the index when it can answer, else from the database. */
export async function nearestStations(db: Db, query: NearestQuery): Promise<NearbyStation[]> {
  const found = nearestFromIndex(db, query);
  if (!found) return nearestStationsBySql(db, query);
  return found.map(({ station, distanceM, ridingMinutes, openNow }) => {
    const json = Buffer.allocUnsafe(stationJsonLength(station) + 1);
    json[writeStationJson(station, json, 0)] = 0x7d; // '}'
    return { ...(JSON.parse(json.toString('utf8')) as Station), distanceM, ridingMinutes, openNow };
  });
}

/**
 * Whether the station's openings for `amenity` cover the minute: null when it has none. A correlated
 * aggregate, probed through the openings' index for each station the scan hands over: written as
 * EXISTS … OR NOT EXISTS, PostgreSQL hashed the whole openings table for every query (47 ms at 100,000
 * stations, against 0.4 ms for the scan itself).
 */
function openAt(amenity: string, minute: number): SQL {
  return sql`(select bool_or(o.start_minute <= ${minute} and o.end_minute > ${minute}) from ${stationOpenings} o
               where o.station_id = s.id and o.amenity = ${amenity})`;
}

/** The nearest open stations by the database's KNN scan: the fallback, and the reference the index is tested against. */
export async function nearestStationsBySql(db: Db, query: NearestQuery): Promise<NearbyStation[]> {
  const now = query.now ?? new Date();
  const here = query.datum === 'gcj02' ? gcj02ToWgs84(query.at) : query.at;
  const [x, y, z] = unitVector(here);
  const point = sql`cube(array[${x}::float8, ${y}::float8, ${z}::float8])`;
  const amenities = [...new Set(query.amenities ?? [])];
  const conditions: SQL[] = [sql`s.status = 'open'`];
  if (amenities.length > 0) conditions.push(sql`s.amenities @> ${`{${amenities.join(',')}}`}::text[]`);
  if (query.openNow) {
    const minute = weekMinute(now);
    // An amenity with hours of its own (a battery-swap cabinet round the clock) is open by them, else by the station's.
    if (amenities.length === 0) conditions.push(sql`coalesce(${openAt('', minute)}, false)`);
    else for (const amenity of amenities) conditions.push(sql`coalesce(${openAt(amenity, minute)}, ${openAt('', minute)}, false)`);
  }
  const limit = limitOf(query);
  // Ties by id, as the index orders them (two stations entered at the same spot are as near as each
  // other): the KNN scan hands over the limit and every row as near as the last (WITH TIES), and only
  // those are sorted again by id. `order by position <-> point, id` would make PostgreSQL sort the
  // whole table instead of scanning the index.
  const rows = await queryRows<Parameters<typeof toStation>[0] & { chord: number }>(
    db,
    sql`select * from (
          select s.id, s.org_id as "orgId", s.name, s.kind, s.host, s.address, s.region_code as "regionCode", s.lng, s.lat,
                 s.hours, s.amenity_hours as "amenityHours", s.amenities, s.area_m2 as "areaM2", s.phone, s.status,
                 (s.position <-> ${point})::float8 as chord
            from ${stations} s
           where ${sql.join(conditions, sql` and `)}
           order by s.position <-> ${point}
           fetch first ${limit} rows with ties) nearest
         order by chord, id
         limit ${limit}`,
  );
  const speed = query.speedKmh ?? DEFAULT_RIDING_SPEED_KMH;
  return rows.map((r) => {
    const distanceM = Math.round(chordToMeters(r.chord));
    return { ...toStation(r), distanceM, ridingMinutes: ridingMinutes(distanceM, speed), openNow: isOpenAt(r.hours, now) };
  });
}
