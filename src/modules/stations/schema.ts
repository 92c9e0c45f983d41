import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, cube, id, updatedAt } from '../../platform/db/columns.js';
import { orgs } from '../orgs/schema.js';
import { STATION_KINDS, STATION_STATUSES, type Amenity, type OpeningHours } from './rules.js';

/**
 * A rest station for outdoor workers, run by a union (its owner) in a host's premises (a bank, a
 * supermarket, a telecom hall, a tower site). Placed in WGS-84 (`lng`, `lat`; forms and maps speak
 * GCJ-02, converted at the edge) and, for the nearest-station search, as its point on the unit sphere
 * (`position`, generated from the two, in a GiST index: ADR 0016).
 */
export const stations = pgTable(
  'station',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: STATION_KINDS }).notNull(),
    host: text('host'),
    address: text('address').notNull(),
    regionCode: text('region_code').notNull(),
    lng: doublePrecision('lng').notNull(),
    lat: doublePrecision('lat').notNull(),
    position: cube('position')
      .notNull()
      .generatedAlwaysAs(sql`cube(array[cos(radians(lat)) * cos(radians(lng)), cos(radians(lat)) * sin(radians(lng)), sin(radians(lat))])`),
    hours: jsonb('hours').$type<OpeningHours>().notNull(),
    // Amenities with hours of their own (a battery-swap cabinet open round the clock at a station open twelve hours).
    amenityHours: jsonb('amenity_hours').$type<Partial<Record<Amenity, OpeningHours>>>().notNull().default({}),
    amenities: text('amenities')
      .array()
      .notNull()
      .default(sql`'{}'`),
    areaM2: integer('area_m2'),
    phone: text('phone'),
    status: text('status', { enum: STATION_STATUSES }).notNull().default('open'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('station_position_ix').using('gist', t.position), index('station_org_ix').on(t.orgId)],
);

/**
 * A station's week as spans of minutes of the week [start, end) (Monday 00:00 = 0), one row per
 * opening, written with its hours: "open now" is then an index lookup inside the nearest-station scan.
 * `amenity` is '' for the station itself, or an amenity with hours of its own.
 */
export const stationOpenings = pgTable(
  'station_opening',
  {
    stationId: uuid('station_id')
      .notNull()
      .references(() => stations.id, { onDelete: 'cascade' }),
    amenity: text('amenity').notNull().default(''),
    startMinute: integer('start_minute').notNull(),
    endMinute: integer('end_minute').notNull(),
  },
  (t) => [index('station_opening_ix').on(t.stationId, t.amenity, t.startMinute)],
);
