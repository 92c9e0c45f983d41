// The stations routes' shapes: one zod schema each for validation, types and OpenAPI.
import { z } from 'zod';
import { AMENITIES, STATION_KINDS, STATION_STATUSES } from '../rules.js';

export const Opening = z.strictObject({ opens: z.string().max(5), closes: z.string().max(5) });
export const Hours = z.union([
  z.strictObject({ alwaysOpen: z.literal(true) }),
  z.strictObject({
    alwaysOpen: z.literal(false),
    days: z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(Opening).max(4)),
  }),
]);
export const Point = z.strictObject({ lng: z.number(), lat: z.number() });
export const Amenity = z.enum(AMENITIES);

export const StationBody = z.strictObject({
  orgId: z.uuid(),
  name: z.string().trim().min(2).max(60),
  kind: z.enum(STATION_KINDS),
  host: z.string().trim().max(100).nullish(),
  address: z.string().trim().min(2).max(200),
  regionCode: z.string().regex(/^\d{6}(\d{3})?$/),
  /** Where the station is, as AMap or Tencent Maps give it (GCJ-02). */
  gcj02: Point,
  hours: Hours,
  amenities: z.array(Amenity).max(AMENITIES.length),
  amenityHours: z.partialRecord(Amenity, Hours).optional(),
  areaM2: z.number().int().min(1).max(100_000).nullish(),
  phone: z.string().trim().max(30).nullish(),
});

export const StationResponse = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  kind: z.enum(STATION_KINDS),
  host: z.string().nullable(),
  address: z.string(),
  regionCode: z.string(),
  wgs84: Point,
  gcj02: Point,
  hours: Hours,
  amenities: z.array(Amenity),
  amenityHours: z.partialRecord(Amenity, Hours),
  areaM2: z.number().nullable(),
  phone: z.string().nullable(),
  status: z.enum(STATION_STATUSES),
});

export const NearbyResponse = StationResponse.extend({ distanceM: z.number(), ridingMinutes: z.number(), openNow: z.boolean() });
