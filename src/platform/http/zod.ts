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
