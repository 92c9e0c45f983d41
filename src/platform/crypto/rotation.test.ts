import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/harness/db.js';
import { queryRows } from '../db/tx.js';
import { FieldCipher } from './field-cipher.js';
import { countByKeyId, PLATFORM_ENCRYPTED_COLUMNS, reencryptColumn } from './rotation.js';

describe(reencryptColumn.name, () => {
  const h = useTestDatabase();
  const phones = PLATFORM_ENCRYPTED_COLUMNS[0]!;

  it('moves every value to the current key and keeps it readable', async () => {
    const db = h.database.db;
    const k1 = { id: 'k1', key: randomBytes(32) };
    const k2 = { id: 'k2', key: randomBytes(32) };
    const old = new FieldCipher('aes-256-gcm', [k1]);
    for (let i = 0; i < 1203; i++) {
      const phone = `1380571${String(i).padStart(4, '0')}`;
      await db.execute(
        sql`insert into auth_member_account (id, phone_cipher, phone_index) values (gen_random_uuid(), ${old.encrypt(phone, phones.context)}, ${randomBytes(32)})`,
      );
    }
    expect(await countByKeyId(db, phones)).toEqual({ k1: 1203 });
    const rotated = new FieldCipher('sm4', [k2, k1]);
    const progress: number[] = [];
    expect(await reencryptColumn(db, rotated, phones, (n) => progress.push(n))).toBe(1203);
    expect(progress).toEqual([500, 1000, 1203]);
    expect(await countByKeyId(db, phones)).toEqual({ k2: 1203 });
    const [row] = await queryRows<{ phone_cipher: Uint8Array }>(db, sql`select phone_cipher from auth_member_account limit 1`);
    expect(new FieldCipher('aes-256-gcm', [k2]).decrypt(Buffer.from(row!.phone_cipher), phones.context)).toMatch(/^1380571\d{4}$/);
    // Nothing left to do the second time.
    expect(await reencryptColumn(db, rotated, phones)).toBe(0);
  });
});
