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

// The connection's failures, not the statement's: the server shut down or crashed, refused or dropped the
// connection, or is a standby now (a write after a failover reached the demoted primary).
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '25006']);
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'GONGHUI_NO_TARGET_HOST']);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout expired',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
];

/**
 * The database was out of reach for this statement (a failover, a restart, a lost connection): the
 * transaction did not commit, or the commit was never acknowledged and the use case's own keys
 * (Idempotency-Key, unique indexes) make its retry safe.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const fields = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof fields.code === 'string') {
      if (fields.code.startsWith('08') && fields.code.length === 5) return true;
      if (UNAVAILABLE_STATES.has(fields.code) || UNAVAILABLE_CODES.has(fields.code)) return true;
    }
    if (typeof fields.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => (fields.message as string).startsWith(m))) return true;
    current = fields.cause;
  }
  return false;
}
