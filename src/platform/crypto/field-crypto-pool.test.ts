import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { BlindIndex, type CipherName, FieldCipher } from './field-cipher.js';
import { applyFieldOps, FieldCryptoPool, type FieldOp } from './field-crypto-pool.js';

const OPS: FieldOp[] = [
  { kind: 'encrypt', context: 'person.name' },
  { kind: 'index', context: 'person.id_number' },
  { kind: 'encrypt', context: 'person.work_address' },
];

// Rows of three values: a name, an ID number, and an address that some rows lack.
const ROWS = Array.from({ length: 1_200 }, (_, i) => [
  `李师傅${i}`,
  `33060319900101${String(i).padStart(4, '0')}`,
  i % 3 === 0 ? null : `浙江省绍兴市柯桥区柯桥街道${i}号“小哥驿站”`,
]);

describe(FieldCryptoPool.name, () => {
  let pool: FieldCryptoPool | null = null;
  afterEach(async () => {
    await pool?.close();
    pool = null;
  });

  for (const dataCipher of ['aes-256-gcm', 'sm4'] as const satisfies readonly CipherName[]) {
    it(`writes in its threads what the inline path writes (${dataCipher}): ciphertexts that decrypt, the same blind indexes, nulls kept`, async () => {
      const keys = { dataCipher, dataKeys: [{ id: 'k1', key: randomBytes(32) }], blindIndexKey: randomBytes(32) };
      const inline = { cipher: new FieldCipher(dataCipher, keys.dataKeys), blindIndex: new BlindIndex(keys.blindIndexKey) };
      pool = new FieldCryptoPool(keys, OPS, { size: 2 });
      // Six requests at once, over two threads: each answer must be its own rows'.
      const requests = [0, 200, 400, 600, 800, 1_000].map((from) => ROWS.slice(from, from + 200));
      const answers = await Promise.all(requests.map((rows) => pool!.run(rows.flat())));
      answers.forEach((outputs, r) => {
        expect(outputs).toHaveLength(requests[r]!.length * OPS.length);
        requests[r]!.forEach(([name, idNumber, address], i) => {
          const [nameCipher, idIndex, addressCipher] = outputs.slice(i * 3, i * 3 + 3);
          expect(inline.cipher.decrypt(nameCipher!, 'person.name')).toBe(name);
          expect(idIndex).toEqual(applyFieldOps(inline, OPS, [name!, idNumber!, address!])[1]);
          if (address === null) expect(addressCipher).toBeNull();
          else expect(inline.cipher.decrypt(addressCipher!, 'person.work_address')).toBe(address);
        });
      });
    });
  }

  it('fails a request with the thread’s error when its keys cannot encrypt', async () => {
    pool = new FieldCryptoPool(
      { dataCipher: 'aes-256-gcm', dataKeys: [{ id: 'short', key: randomBytes(7) }], blindIndexKey: randomBytes(32) },
      OPS,
      {
        size: 1,
      },
    );
    await expect(pool.run(ROWS[1]!)).rejects.toThrow(/key length/i);
  });
});
