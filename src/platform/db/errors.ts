// Drizzle wraps driver errors; both drivers put the SQLSTATE and constraint name on the original.
interface PgErrorFields {
  code?: string;
  constraint?: string;
}

function driverError(error: unknown): PgErrorFields | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const fields = current as PgErrorFields & { cause?: unknown };
    if (typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code)) return fields;
    current = fields.cause;
  }
  return null;
}

/** The name of the unique constraint a statement violated, or null for any other error. */
export function uniqueViolation(error: unknown): string | null {
  const fields = driverError(error);
  return fields?.code === '23505' ? (fields.constraint ?? '') : null;
}

export function sqlState(error: unknown): string | null {
  return driverError(error)?.code ?? null;
}

/** A deadlock or a serialization failure: PostgreSQL rolled the transaction back, and running it again is safe. */
export function isTransientConflict(error: unknown): boolean {
  const state = sqlState(error);
  return state === '40P01' || state === '40001';
}
