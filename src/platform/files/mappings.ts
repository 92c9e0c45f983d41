// What each uploader chose in the mapping step, remembered for their next file of the same kind.
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/tx.js';
import { fileColumnMappings } from './schema.js';
import { normaliseHeader, type ColumnMapping } from './table.js';

// A staff member's choices for one kind of import stay a handful of rows, however many files they send.
const MAX_HEADERS = 200;

/** Header → field (or '' for "not imported") as `staffId` last chose for imports of `kind`. */
export async function rememberedMapping(db: Db, staffId: string, kind: string): Promise<Record<string, string>> {
  const rows = await db
    .select({ header: fileColumnMappings.header, field: fileColumnMappings.field })
    .from(fileColumnMappings)
    .where(and(eq(fileColumnMappings.staffId, staffId), eq(fileColumnMappings.kind, kind)));
  return Object.fromEntries(rows.map((r) => [r.header, r.field]));
}

/**
 * Remembers a confirmed mapping: each mapped header with its field, and each other header of the
 * file as not imported (so a column the uploader left out is not offered again next time).
 */
export async function rememberMapping(
  db: Db,
  staffId: string,
  kind: string,
  headers: readonly string[],
  mapping: ColumnMapping,
): Promise<void> {
  const fieldOf = new Map(Object.entries(mapping).map(([field, header]) => [normaliseHeader(header ?? ''), field]));
  const rows = [...new Set(headers.map(normaliseHeader))]
    .filter((header) => header !== '')
    .slice(0, MAX_HEADERS)
    .map((header) => ({ staffId, kind, header, field: fieldOf.get(header) ?? '' }));
  if (rows.length === 0) return;
  await db
    .insert(fileColumnMappings)
    .values(rows)
    .onConflictDoUpdate({
      target: [fileColumnMappings.staffId, fileColumnMappings.kind, fileColumnMappings.header],
      set: { field: sql`excluded.field`, updatedAt: new Date() },
    });
  // Oldest first out, once a staff member's choices for a kind grow past the cap.
  await db.execute(sql`
    delete from ${fileColumnMappings}
    where staff_id = ${staffId} and kind = ${kind} and header in (
      select header from ${fileColumnMappings} where staff_id = ${staffId} and kind = ${kind}
      order by updated_at desc offset ${MAX_HEADERS}
    )`);
}

/**
 * A mapping sent as JSON text (in a query string: the body is the file), checked by `schema`:
 * undefined when none was sent, null when it is not one.
 */
export function parseMappingText<T>(text: string | undefined, schema: z.ZodType<T>): T | undefined | null {
  if (text === undefined) return undefined;
  let value: unknown = null;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
