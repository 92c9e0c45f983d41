// Keyset pagination: a list ordered by (an instant, the id) resumes after the last row a page showed,
// not at an offset that a row added meanwhile would shift. The cursor is opaque to clients.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The cursor after a page whose last row has this instant and id. */
export function keysetCursor(at: Date, id: string): string {
  return `${at.toISOString()}|${id}`;
}

/** The instant and id of a cursor made by `keysetCursor`; null for anything else (a hand-edited link starts again at the first page). */
export function parseKeysetCursor(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const [iso, id, ...rest] = cursor.split('|');
  if (!iso || !id || rest.length > 0 || !UUID.test(id)) return null;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : { at, id };
}

/**
 * The id a cursor of a list ordered by UUIDv7 id alone holds (null for anything else). Such an id
 * carries its row's creation time to the millisecond, and unlike a `defaultNow()` column read back
 * into a millisecond Date, it compares exactly: rows made in one statement share a created_at.
 */
export function parseIdCursor(cursor: string | undefined): string | null {
  return cursor && UUID.test(cursor) ? cursor : null;
}

/**
 * Of the `limit + 1` rows a page query read, the page to show and the cursor after it (null: no
 * more); `cursorOf` makes the cursor of the page's last row (its id by default).
 */
export function pageAfter<T extends { id: string }>(
  rows: readonly T[],
  limit: number,
  cursorOf: (last: T) => string = (last) => last.id,
): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last ? cursorOf(last) : null };
}
