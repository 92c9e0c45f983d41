import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';
import { pooledRandomBytes } from '../crypto/random-pool.js';

export { uuidv7 };

// Ids made by the thousand (request ids, an import's members) take their random bytes from the pool
// (uuid's own v7 made a getrandom call per id: 3 % of the server's CPU under load). Unlike uuidv7's,
// they are ordered by the millisecond only, in random order within one: nothing sorts them more finely.
/** A UUIDv7 from pooled random bytes, for ids made at a high rate. */
export function pooledUuidv7(): string {
  return uuidv7({ random: pooledRandomBytes(16) });
}

/** UUIDv7 primary key: time-ordered, safe to generate on many instances. */
export const id = () =>
  uuid('id')
    .primaryKey()
    .$defaultFn(() => uuidv7());

export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true, mode: 'date' })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Binary column for ciphertexts and HMACs. */
export const bytea = customType<{
  data: Buffer;
  driverData: Buffer | Uint8Array;
}>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
  toDriver: (value) => value,
});

/** A 64-bit transaction id (PostgreSQL's xid8), as its decimal text: ordered, never wraps. */
export const xid8 = customType<{ data: string; driverData: string }>({
  dataType: () => 'xid8',
  fromDriver: (value) => value,
});

export { shanghaiDay } from '../time/shanghai.js';

/** `%q%` for ILIKE with the user's own `%`, `_` and `\` taken literally. */
export const containsPattern = (q: string): string => `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
