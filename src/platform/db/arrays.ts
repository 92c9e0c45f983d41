// One array parameter instead of one parameter per element: `= any(${pgArray(ids)}::uuid[])` and
// `unnest(...)` keep a statement's text and its parameter list the same size for a thousand values
// (an `IN ($1, …, $1000)` is a new statement text per length, built and parsed every time).

const NEEDS_ESCAPE = /["\\]/;

/** A PostgreSQL array literal of the values, each quoted: `{"a","b",NULL}`. Cast it in the SQL (`::uuid[]`). */
export function pgArray(values: readonly (string | number | boolean | null)[]): string {
  const items = values.map((v) => {
    if (v === null) return 'NULL';
    const text = String(v);
    // Most values (ids, codes, numbers) need no escaping: the regex runs only on those that do.
    return `"${NEEDS_ESCAPE.test(text) ? text.replace(/\\/g, '\\\\').replace(/"/g, '\\"') : text}"`;
  });
  return `{${items.join(',')}}`;
}

/** A PostgreSQL bytea[] literal of the values (hex), one parameter however many: cast it `::bytea[]`. */
export const byteaArray = (values: readonly Buffer[]): string => `{${values.map((v) => `"\\\\x${v.toString('hex')}"`).join(',')}}`;
