import { sql } from 'drizzle-orm';
import { inTransaction, queryRows, type Db } from '../db/tx.js';
import { type FieldCipher } from './field-cipher.js';

/** A column holding FieldCipher envelopes; each module lists its own in its index.ts. */
export interface EncryptedColumn {
  table: string;
  idColumn: string;
  column: string;
  context: string;
}

const BATCH = 500;

/**
 * Re-encrypts every value of the column not yet under the current key, in batches of 500 (one
 * transaction each), so a rotation can run on a live system and resume after an interruption.
 * The key id sits in the envelope (byte 3 on), so the filter is done by the database.
 */
export async function reencryptColumn(
  db: Db,
  cipher: FieldCipher,
  target: EncryptedColumn,
  onProgress?: (done: number) => void,
): Promise<number> {
  const table = sql.identifier(target.table);
  const id = sql.identifier(target.idColumn);
  const column = sql.identifier(target.column);
  let done = 0;
  for (;;) {
    const rewritten = await inTransaction(db, async (tx) => {
      const rows = await queryRows<{ id: string; value: Buffer | Uint8Array }>(
        tx,
        sql`select ${id}::text as id, ${column} as value from ${table}
            where ${column} is not null
              and convert_from(substring(${column} from 4 for get_byte(${column}, 2)), 'UTF8') <> ${cipher.currentKeyId}
            order by ${id} limit ${BATCH} for update skip locked`,
      );
      for (const row of rows) {
        const plain = cipher.decrypt(Buffer.from(row.value), target.context);
        await tx.execute(sql`update ${table} set ${column} = ${cipher.encrypt(plain, target.context)} where ${id}::text = ${row.id}`);
      }
      return rows.length;
    });
    done += rewritten;
    onProgress?.(done);
    if (rewritten < BATCH) return done;
  }
}

/** How many values of the column each key id protects (for `gonghui keys status`). */
export async function countByKeyId(db: Db, target: EncryptedColumn): Promise<Record<string, number>> {
  const table = sql.identifier(target.table);
  const column = sql.identifier(target.column);
  const rows = await queryRows<{ kid: string; n: number }>(
    db,
    sql`select convert_from(substring(${column} from 4 for get_byte(${column}, 2)), 'UTF8') as kid, count(*)::int as n
        from ${table} where ${column} is not null group by 1 order by 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.kid, r.n]));
}

export const PLATFORM_ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  { table: 'auth_member_account', idColumn: 'id', column: 'phone_cipher', context: 'auth_member_account.phone' },
  { table: 'auth_challenge', idColumn: 'id', column: 'totp_secret_cipher', context: 'staff_account.totp_secret' },
];
