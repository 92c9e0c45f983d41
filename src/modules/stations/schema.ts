import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, cube, id, instant, updatedAt } from '../../platform/db/columns.js';
import { storedFiles } from '../../platform/files/schema.js';
import { orgs } from '../orgs/schema.js';
import {
  EVENT_KINDS,
  EVENT_STATUSES,
  INSPECTION_CONCLUSIONS,
  ORDER_STATUSES,
  SERVICE_CATEGORIES,
  STATION_KINDS,
  STATION_STATUSES,
  type Amenity,
  type OpeningHours,
  type Recurrence,
} from './rules.js';

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

// ---------------------------------------------------------------------------------------------
// The uniform standard and inspections.

/** A station's photos (the sign, the inside, the amenities), in the order the union shows them. */
export const stationPhotos = pgTable(
  'station_photo',
  {
    id: id(),
    stationId: uuid('station_id')
      .notNull()
      .references(() => stations.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id),
    caption: text('caption'),
    position: integer('position').notNull().default(0),
    /** A photo taken on an inspection visit, as its evidence; null for the station's own. */
    inspectionId: uuid('inspection_id').references(() => stationInspections.id),
    createdAt: createdAt(),
  },
  (t) => [index('station_photo_station_ix').on(t.stationId, t.position)],
);

/** One point of a union's uniform standard (统一标识、统一标准、统一管理): what an inspector checks. */
export interface StandardItem {
  code: string;
  text: string;
  /** A station that fails a required point must be put right (整改). */
  required: boolean;
}

/** The standard a union sets for the stations of its subtree; the nearest union above with one applies. */
export const stationStandards = pgTable('station_standard', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => orgs.id),
  items: jsonb('items').$type<StandardItem[]>().notNull(),
  updatedAt: updatedAt(),
});

export interface InspectionResult {
  code: string;
  text: string;
  required: boolean;
  result: 'pass' | 'fail' | 'not_applicable';
  note?: string;
}

/** An inspection visit and what it found, point by point (the standard as it was then). Never edited. */
export const stationInspections = pgTable(
  'station_inspection',
  {
    id: id(),
    stationId: uuid('station_id')
      .notNull()
      .references(() => stations.id, { onDelete: 'cascade' }),
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    inspectorId: uuid('inspector_id'),
    inspectorName: text('inspector_name').notNull(),
    results: jsonb('results').$type<InspectionResult[]>().notNull(),
    conclusion: text('conclusion', { enum: INSPECTION_CONCLUSIONS }).notNull(),
    /** By when the failed points are to be put right. */
    rectifyBy: date('rectify_by', { mode: 'string' }),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [index('station_inspection_station_ix').on(t.stationId, t.visitedOn)],
);

// ---------------------------------------------------------------------------------------------
// Services, service days and events.

/** A service a union offers at its stations and those below (法律援助, 就业指导, 心理咨询 …), ordered by members. */
export const stationServices = pgTable(
  'station_service',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    category: text('category', { enum: SERVICE_CATEGORIES }).notNull(),
    description: text('description'),
    /** How long one appointment takes: the slot a member orders. */
    durationMinutes: integer('duration_minutes').notNull().default(60),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('station_service_org_name_uq').on(t.orgId, t.name)],
);

/**
 * A service day or an event at a station: recurring (逢"7": `recurrence`, from `fromDay` to `untilDay`)
 * or once (`fromDay` alone, `untilDay` equal to it), from `starts` to `ends` on each of its days.
 */
export const stationEvents = pgTable(
  'station_event',
  {
    id: id(),
    stationId: uuid('station_id')
      .notNull()
      .references(() => stations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    title: text('title').notNull(),
    /** What is offered: 就业指导、法律援助 … for a service day; the event's own for one-offs. */
    topics: text('topics')
      .array()
      .notNull()
      .default(sql`'{}'`),
    description: text('description'),
    recurrence: jsonb('recurrence').$type<Recurrence>(),
    fromDay: date('from_day', { mode: 'string' }).notNull(),
    untilDay: date('until_day', { mode: 'string' }),
    starts: text('starts').notNull(),
    ends: text('ends').notNull(),
    /** Places per day; null: no sign-up needed. */
    capacity: integer('capacity'),
    status: text('status', { enum: EVENT_STATUSES }).notNull().default('scheduled'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('station_event_station_ix').on(t.stationId, t.fromDay)],
);

/** A member's place at one day of an event. */
export const stationEventSignups = pgTable(
  'station_event_signup',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => stationEvents.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    accountId: uuid('account_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.day, t.accountId] }), index('station_event_signup_account_ix').on(t.accountId)],
);

// ---------------------------------------------------------------------------------------------
// Orders (数字化点单式下单) and check-ins.

/** A member's order of a union service at a station for a time: ordered → accepted → done, or cancelled. */
export const stationOrders = pgTable(
  'station_order',
  {
    id: id(),
    stationId: uuid('station_id')
      .notNull()
      .references(() => stations.id),
    /** The station's union when ordered: whose staff see and handle it. */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => stationServices.id),
    accountId: uuid('account_id').notNull(),
    slotAt: instant('slot_at').notNull(),
    note: text('note'),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('ordered'),
    /** Who serves it: a staff member of the union, or a volunteer by name. */
    assigneeStaffId: uuid('assignee_staff_id'),
    assigneeName: text('assignee_name'),
    acceptedAt: instant('accepted_at'),
    doneAt: instant('done_at'),
    cancelledAt: instant('cancelled_at'),
    cancelledBy: text('cancelled_by', { enum: ['member', 'staff'] }),
    cancelReason: text('cancel_reason'),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    ratedAt: instant('rated_at'),
    createdAt: createdAt(),
  },
  (t) => [
    // The same member cannot hold the same service at the same station and time twice.
    uniqueIndex('station_order_slot_uq')
      .on(t.accountId, t.stationId, t.serviceId, t.slotAt)
      .where(sql`status in ('ordered', 'accepted')`),
    index('station_order_org_ix').on(t.orgId, t.createdAt),
    index('station_order_account_ix').on(t.accountId, t.createdAt),
    index('station_order_station_ix').on(t.stationId, t.slotAt),
  ],
);

/** A member's visit, by scanning the station's printed QR: one per member, station and day. */
export const stationVisits = pgTable(
  'station_visit',
  {
    stationId: uuid('station_id')
      .notNull()
      .references(() => stations.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    accountId: uuid('account_id').notNull(),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.stationId, t.day, t.accountId] })],
);
