import { z } from 'zod';

// Shared request pieces. Bodies are strict objects: an unknown field is an error, never ignored.
export const Uuid = z.uuid({ version: 'v7' }).or(z.uuid());
export const Reason = z.string().trim().min(2).max(500);
export const IdParams = <K extends string>(key: K) => z.strictObject({ [key]: z.uuid() } as Record<K, z.ZodUUID>);
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
