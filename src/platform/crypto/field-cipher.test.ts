import { createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BlindIndex, type CipherName, FieldCipher, FieldCipherError } from './field-cipher.js';

const ID_NUMBER = '330603199001011238';
const NAME_AND_ADDRESS = '李师傅，浙江省绍兴市柯桥区柯桥街道“小哥驿站”';
const CONTEXT = 'member.id_number';

const newKey = (id: string) => ({ id, key: randomBytes(32) });

// Flipping the lowest bit of one byte of a copy.
function flipped(envelope: Buffer, index: number): Buffer {
  const copy = Buffer.from(envelope);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

describe(FieldCipher.name, () => {
  for (const algorithm of ['aes-256-gcm', 'sm4'] as const satisfies readonly CipherName[]) {
    describe(algorithm, () => {
      const cipher = new FieldCipher(algorithm, [newKey('k1')]);

      it('decrypts what it encrypted: an 18-character ID number', () => {
        expect(cipher.decrypt(cipher.encrypt(ID_NUMBER, CONTEXT), CONTEXT)).toBe(ID_NUMBER);
      });

      it('decrypts what it encrypted: Chinese text with full-width punctuation', () => {
        expect(cipher.decrypt(cipher.encrypt(NAME_AND_ADDRESS, 'member.address'), 'member.address')).toBe(NAME_AND_ADDRESS);
      });

      it('decrypts what it encrypted: an empty string', () => {
        expect(cipher.decrypt(cipher.encrypt('', CONTEXT), CONTEXT)).toBe('');
      });

      it('does not carry the plaintext in the envelope', () => {
        const envelope = cipher.encrypt(ID_NUMBER, CONTEXT);
        expect(envelope.includes(Buffer.from(ID_NUMBER, 'utf8'))).toBe(false);
      });

      it('gives a different ciphertext each time for the same plaintext (random IV)', () => {
        const first = cipher.encrypt(ID_NUMBER, CONTEXT);
        const second = cipher.encrypt(ID_NUMBER, CONTEXT);
        expect(first.equals(second)).toBe(false);
        expect(cipher.decrypt(first, CONTEXT)).toBe(cipher.decrypt(second, CONTEXT));
      });

      it('never repeats an IV, across many refills of the pooled random bytes', () => {
        const ivLength = algorithm === 'sm4' ? 16 : 12;
        const ivAt = 3 + 'k1'.length; // after version, algorithm, key-id length and key id
        const ivs = new Set<string>();
        for (let i = 0; i < 5_000; i++) {
          const envelope = cipher.encrypt(ID_NUMBER, CONTEXT);
          ivs.add(envelope.subarray(ivAt, ivAt + ivLength).toString('hex'));
        }
        expect(ivs.size).toBe(5_000);
      });

      it('refuses to decrypt under another context (a value copied into another column)', () => {
        const envelope = cipher.encrypt(ID_NUMBER, 'member.id_number');
        expect(() => cipher.decrypt(envelope, 'member.mobile')).toThrow(FieldCipherError);
      });

      it('refuses an envelope with any single byte flipped', () => {
        const envelope = cipher.encrypt(ID_NUMBER, CONTEXT);
        for (let i = 0; i < envelope.length; i++) {
          expect(() => cipher.decrypt(flipped(envelope, i), CONTEXT), `byte ${i}`).toThrow(FieldCipherError);
        }
      });

      it('refuses an envelope cut short by one byte', () => {
        const envelope = cipher.encrypt(ID_NUMBER, CONTEXT);
        expect(() => cipher.decrypt(envelope.subarray(0, envelope.length - 1), CONTEXT)).toThrow(FieldCipherError);
      });

      it('refuses to decrypt with a different key under the same key id', () => {
        const envelope = cipher.encrypt(ID_NUMBER, CONTEXT);
        const impostor = new FieldCipher(algorithm, [newKey('k1')]);
        expect(() => impostor.decrypt(envelope, CONTEXT)).toThrow(FieldCipherError);
      });
    });
  }

  it('decrypts a value written with keyring [k1] after rotation to [k2, k1], and writes new values under k2', () => {
    const k1 = newKey('k1');
    const k2 = newKey('k2');
    const before = new FieldCipher('aes-256-gcm', [k1]);
    const old = before.encrypt(ID_NUMBER, CONTEXT);
    expect(FieldCipher.keyIdOf(old)).toBe('k1');

    const after = new FieldCipher('aes-256-gcm', [k2, k1]);
    expect(after.currentKeyId).toBe('k2');
    expect(after.decrypt(old, CONTEXT)).toBe(ID_NUMBER);

    const fresh = after.encrypt(ID_NUMBER, CONTEXT);
    expect(FieldCipher.keyIdOf(fresh)).toBe('k2');
    expect(after.decrypt(fresh, CONTEXT)).toBe(ID_NUMBER);
  });

  it('refuses, once k1 is retired from the keyring, a value still written under k1', () => {
    const k1 = newKey('k1');
    const old = new FieldCipher('sm4', [k1]).encrypt(ID_NUMBER, CONTEXT);
    expect(() => new FieldCipher('sm4', [newKey('k2')]).decrypt(old, CONTEXT)).toThrow(FieldCipherError);
  });

  it('decrypts a value written under SM4 with a cipher configured for AES, because the algorithm travels in the envelope', () => {
    const k1 = newKey('k1');
    const sm4 = new FieldCipher('sm4', [k1]);
    const aes = new FieldCipher('aes-256-gcm', [k1]);
    expect(aes.decrypt(sm4.encrypt(ID_NUMBER, CONTEXT), CONTEXT)).toBe(ID_NUMBER);
    expect(sm4.decrypt(aes.encrypt(ID_NUMBER, CONTEXT), CONTEXT)).toBe(ID_NUMBER);
  });

  it('writes envelopes that differ in the algorithm byte between AES and SM4', () => {
    const k1 = newKey('k1');
    const aes = new FieldCipher('aes-256-gcm', [k1]).encrypt(ID_NUMBER, CONTEXT);
    const sm4 = new FieldCipher('sm4', [k1]).encrypt(ID_NUMBER, CONTEXT);
    expect(aes[1]).not.toBe(sm4[1]);
  });

  it('throws a FieldCipherError naming the key id that is not configured', () => {
    const envelope = new FieldCipher('aes-256-gcm', [newKey('2026q1')]).encrypt(ID_NUMBER, CONTEXT);
    expect(() => new FieldCipher('aes-256-gcm', [newKey('2026q2')]).decrypt(envelope, CONTEXT)).toThrow(
      new FieldCipherError('data key 2026q1 is not configured'),
    );
  });

  it('refuses to be built without a key', () => {
    expect(() => new FieldCipher('aes-256-gcm', [])).toThrow(FieldCipherError);
  });

  it('refuses an envelope of an unknown version', () => {
    expect(() => new FieldCipher('aes-256-gcm', [newKey('k1')]).decrypt(Buffer.from([9, 1, 2, 0x6b, 0x31, 0, 0]), CONTEXT)).toThrow(
      FieldCipherError,
    );
  });
});

describe(FieldCipher.keyIdOf.name, () => {
  it('reads the key id from the envelope without the key', () => {
    const envelope = new FieldCipher('sm4', [newKey('2026-rotation_b')]).encrypt(ID_NUMBER, CONTEXT);
    expect(FieldCipher.keyIdOf(envelope)).toBe('2026-rotation_b');
  });
});

describe('the AES-GCM envelope', () => {
  it('is version, algorithm, key id, then IV, tag and ciphertext with the context as AAD (what every stored value was written as)', () => {
    const key = randomBytes(32);
    const envelope = new FieldCipher('aes-256-gcm', [{ id: '2026q1', key }]).encrypt(NAME_AND_ADDRESS, CONTEXT);
    expect([...envelope.subarray(0, 3)]).toEqual([1, 1, 6]);
    expect(envelope.subarray(3, 9).toString('utf8')).toBe('2026q1');
    const d = createDecipheriv('aes-256-gcm', key, envelope.subarray(9, 21));
    d.setAAD(Buffer.from(CONTEXT, 'utf8'));
    d.setAuthTag(envelope.subarray(21, 37));
    expect(Buffer.concat([d.update(envelope.subarray(37)), d.final()]).toString('utf8')).toBe(NAME_AND_ADDRESS);
  });

  it('never repeats an IV, across the pool of random bytes it is cut from', () => {
    const cipher = new FieldCipher('aes-256-gcm', [newKey('k1')]);
    const ivs = new Set(Array.from({ length: 2_000 }, () => cipher.encrypt('x', CONTEXT).subarray(5, 17).toString('hex')));
    expect(ivs.size).toBe(2_000);
  });
});

describe(BlindIndex.name, () => {
  it('gives the same bytes for the same value and context', () => {
    const key = randomBytes(32);
    const a = new BlindIndex(key).compute(ID_NUMBER, CONTEXT);
    const b = new BlindIndex(Buffer.from(key)).compute(ID_NUMBER, CONTEXT);
    expect(a.length).toBe(32);
    expect(a.equals(b)).toBe(true);
  });

  it('is HMAC-SHA256 of context, a NUL and the value (what every stored index was written as)', () => {
    const key = randomBytes(32);
    const expected = createHmac('sha256', key).update(CONTEXT).update('\u0000').update(NAME_AND_ADDRESS).digest();
    expect(new BlindIndex(key).compute(NAME_AND_ADDRESS, CONTEXT)).toEqual(expected);
  });

  it('gives different bytes for the same value in another context', () => {
    const index = new BlindIndex(randomBytes(32));
    expect(index.compute('13812345678', 'member.mobile').equals(index.compute('13812345678', 'staff.mobile'))).toBe(false);
  });

  it('gives different bytes for the same value under another key', () => {
    expect(
      new BlindIndex(randomBytes(32)).compute(ID_NUMBER, CONTEXT).equals(new BlindIndex(randomBytes(32)).compute(ID_NUMBER, CONTEXT)),
    ).toBe(false);
  });

  it('gives different bytes for different values', () => {
    const index = new BlindIndex(randomBytes(32));
    expect(index.compute('330603199001011238', CONTEXT).equals(index.compute('330603199001011246', CONTEXT))).toBe(false);
  });

  it('keeps context and value apart (context "a", value "bc" differs from context "ab", value "c")', () => {
    const index = new BlindIndex(randomBytes(32));
    expect(index.compute('bc', 'a').equals(index.compute('c', 'ab'))).toBe(false);
  });
});
