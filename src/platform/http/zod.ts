import { z } from 'zod';
import { t } from '../i18n/i18n.js';
import { isCleanLine } from '../text/text.js';

// Shared request pieces. Bodies are strict objects: an unknown field is an error, never ignored.
export const Uuid = z.uuid({ version: 'v7' }).or(z.uuid());
/** A name or title: trimmed, on one line, between min and max characters (zod counts code points). */
export const LineText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine(isCleanLine, { message: t('problems.common.invalid_characters') });
export const Reason = z.string().trim().min(2).max(500);
export const IdParams = <K extends string>(key: K) => z.strictObject({ [key]: z.uuid() } as Record<K, z.ZodUUID>);
/** Whether y-m-d names a day of the calendar (JavaScript's Date turns 2026-02-30 into 2 March). */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && year <= 2200 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const DAY_FORM = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_FORM =
  /^(\d{4})-(\d{2})-(\d{2})(?:T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?$/;

function calendarDayOf(form: RegExp, text: string): boolean {
  const m = form.exec(text);
  return m !== null && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** A calendar day, 'YYYY-MM-DD' (an Asia/Shanghai day where the route means a day). */
export const Day = z.string().refine((text) => calendarDayOf(DAY_FORM, text), { error: () => t('problems.common.invalid_day') });

/** A point in time in ISO 8601 (a day alone means its UTC midnight), as a Date. */
export const Instant = z
  .string()
  .refine((text) => calendarDayOf(INSTANT_FORM, text) && !Number.isNaN(Date.parse(text)), {
    error: () => t('problems.common.invalid_instant'),
  })
  .transform((text) => new Date(text));

export const Limit = (max = 200, fallback = 50) => z.coerce.number().int().min(1).max(max).default(fallback);

export const ProblemResponse = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string().optional(),
  code: z.string(),
  requestId: z.string(),
  errors: z.array(
    z.object({
      field: z.string(),
      code: z.string(),
      message: z.string(),
      row: z.number().optional(),
      column: z.string().optional(),
    }),
  ),
});

/**
 * A route's serializer for a hot path: it writes the schema's declared keys and nothing else, at every
 * level of objects and arrays, as zod's encoder does, but does not validate again what the handler's
 * types already guarantee. On the partners' card check zod's encoding was a tenth of the request's
 * CPU, and a fifth of a roll page's. Use it only where the handler builds the answer field by field;
 * a schema it cannot project (a union of shapes, a record) is refused when the route is registered.
 */
export function declaredKeysSerializer({ schema }: { schema: unknown }): (data: unknown) => string {
  if (!(schema instanceof z.ZodObject)) throw new Error('declaredKeysSerializer: the response schema must be a z.object');
  const project = projector(schema, 'response');
  return (data) => JSON.stringify(project ? project(data) : data);
}

type Projection = (value: unknown) => unknown;

/** What keeps a value to its schema's declared keys; null where the value is written as it is (a scalar). */
function projector(schema: z.core.$ZodType, at: string): Projection | null {
  if (schema instanceof z.ZodObject) {
    const fields = Object.entries(schema.shape as Record<string, z.core.$ZodType>).map(
      ([key, field]) => [key, projector(field, `${at}.${key}`)] as const,
    );
    return (value) => {
      if (value === null || typeof value !== 'object') return value;
      const given = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, project] of fields) {
        const field = given[key];
        out[key] = project && field !== null && field !== undefined ? project(field) : field;
      }
      return out;
    };
  }
  if (schema instanceof z.ZodArray) {
    const project = projector(schema.element, `${at}[]`);
    return project ? (value) => (Array.isArray(value) ? value.map(project) : value) : null;
  }
  if (schema instanceof z.ZodNullable || schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) {
    return projector(schema.unwrap(), at);
  }
  // By the definition's type: z.uuid(), z.email() and the like are strings of their own classes.
  const type = schema._zod.def.type;
  // What JSON.stringify would write, without its generic call of toJSON (a third of a card check's answer).
  if (type === 'date') return (value) => (value instanceof Date ? value.toISOString() : value);
  if (SCALARS.has(type)) return null;
  throw new Error(`declaredKeysSerializer: cannot project ${at} (${type}); use zod's serializer for this route`);
}

const SCALARS = new Set(['string', 'number', 'int', 'boolean', 'bigint', 'enum', 'literal', 'null']);
