// The nearest search's query: its zod schema (validation, types, OpenAPI), and a check of the query
// as the H5 sends it that does not go through zod. zod's parse of this strict object was a tenth of a
// search's CPU, more than the search itself; the quick check takes only plain decimals, catalogue
// amenities and true/false, gives exactly what zod gives for them (nearest-query.test.ts), and hands
// anything else to zod — so every refusal is zod's, with its messages.
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { Limit } from '../../../platform/http/zod.js';
import { AMENITIES, type Amenity as AmenityName } from '../rules.js';
import { Amenity } from './contracts.js';

export const NearestQuery = z.strictObject({
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  datum: z.enum(['wgs84', 'gcj02']).default('wgs84'),
  amenity: z.union([Amenity, z.array(Amenity).max(AMENITIES.length)]).optional(),
  openNow: z.stringbool().default(false),
  limit: Limit(50, 10),
});
type NearestQueryValue = z.output<typeof NearestQuery>;

const DECIMAL = /^-?\d{1,3}(?:\.\d{1,15})?$/;
const WHOLE = /^\d{1,2}$/;
const isAmenity = (value: unknown): value is AmenityName => typeof value === 'string' && (AMENITIES as readonly string[]).includes(value);

function decimal(value: unknown, bound: number): number | null {
  if (typeof value !== 'string' || !DECIMAL.test(value)) return null;
  const n = Number(value);
  return n >= -bound && n <= bound ? n : null;
}

/** The query as zod would give it, when it is plain; null for anything zod should look at. */
export function quickNearestQuery(data: unknown): NearestQueryValue | null {
  if (typeof data !== 'object' || data === null) return null;
  let lng: number | null = null;
  let lat: number | null = null;
  let datum: NearestQueryValue['datum'] = 'wgs84';
  let amenity: NearestQueryValue['amenity'];
  let openNow = false;
  let limit = 10;
  for (const [key, value] of Object.entries(data) as [string, unknown][]) {
    switch (key) {
      case 'lng':
        if ((lng = decimal(value, 180)) === null) return null;
        break;
      case 'lat':
        if ((lat = decimal(value, 90)) === null) return null;
        break;
      case 'datum':
        if (value !== 'wgs84' && value !== 'gcj02') return null;
        datum = value;
        break;
      case 'amenity':
        if (isAmenity(value)) amenity = value;
        else if (Array.isArray(value) && value.length <= AMENITIES.length && value.every(isAmenity)) amenity = [...value];
        else return null;
        break;
      case 'openNow':
        if (value !== 'true' && value !== 'false') return null;
        openNow = value === 'true';
        break;
      case 'limit':
        if (typeof value !== 'string' || !WHOLE.test(value)) return null;
        limit = Number(value);
        if (limit < 1 || limit > 50) return null;
        break;
      default:
        return null;
    }
  }
  if (lng === null || lat === null) return null;
  return { lng, lat, datum, ...(amenity === undefined ? {} : { amenity }), openNow, limit };
}

/** The route's validator: the quick check for the querystring, zod for what it leaves (and for any other part). */
export const nearestQueryValidator: FastifySchemaCompiler<unknown> = (route) => {
  const byZod = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
  if (route.httpPart !== 'querystring') return byZod;
  return (data) => {
    const value = quickNearestQuery(data);
    return value ? { value } : byZod(data);
  };
};
