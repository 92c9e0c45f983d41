import { createCipheriv, createDecipheriv, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { HmacSha256 } from './hmac.js';
import { pooledRandomBytes } from './random-pool.js';

export type CipherName = 'aes-256-gcm' | 'sm4';

export interface DataKey {
  id: string;
  key: Buffer;
}

// Envelope: [version 1][algorithm 1][key-id length 1][key id][algorithm-specific payload].
// The algorithm and key id travel with each value, so rotation and a change of cipher only need
// new writes (and a re-encryption job), never a flag day.
const VERSION = 1;
const ALG_AES_GCM = 1;
const ALG_SM4_CBC_HMAC_SM3 = 2;

export class FieldCipherError extends Error {}

/**
 * Encrypts personal data fields. `context` names the column ("member.id_number") and is bound into
 * the authentication tag, so a ciphertext copied into another column fails to decrypt.
 */
export class FieldCipher {
  private readonly byId: Map<string, Buffer>;
  private readonly current: DataKey;
  // What every new envelope starts with, and the current key imported once: a bulk write encrypts
  // millions of fields, and each Buffer made per field is one more for the collector.
  private readonly prefix: Buffer;
  private readonly currentKey: KeyObject;

  constructor(
    private readonly cipher: CipherName,
    keys: readonly DataKey[],
  ) {
    const [first] = keys;
    if (!first) throw new FieldCipherError('no data key');
    this.current = first;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    const kid = Buffer.from(first.id, 'utf8');
    this.prefix = Buffer.concat([Buffer.from([VERSION, cipher === 'sm4' ? ALG_SM4_CBC_HMAC_SM3 : ALG_AES_GCM, kid.length]), kid]);
    this.currentKey = createSecretKey(first.key);
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  encrypt(plaintext: string, context: string): Buffer {
    if (this.cipher === 'sm4') return Buffer.concat([this.prefix, sm4Seal(this.current.key, plaintext, context)]);
    return aesSeal(this.prefix, this.currentKey, plaintext, context);
  }

  decrypt(envelope: Buffer, context: string): string {
    if (envelope.length < 4 || envelope[0] !== VERSION) throw new FieldCipherError('unknown envelope version');
    const alg = envelope[1];
    const kidLength = envelope[2] ?? 0;
    const kid = envelope.subarray(3, 3 + kidLength).toString('utf8');
    const key = this.byId.get(kid);
    if (!key) throw new FieldCipherError(`data key ${kid} is not configured`);
    const payload = envelope.subarray(3 + kidLength);
    if (alg === ALG_AES_GCM) return aesOpen(key, payload, context);
    if (alg === ALG_SM4_CBC_HMAC_SM3) return sm4Open(key, payload, context);
    throw new FieldCipherError(`unknown algorithm ${String(alg)}`);
  }

  /** The key id a stored value was written with (for the rotation job). */
  static keyIdOf(envelope: Buffer): string {
    const kidLength = envelope[2] ?? 0;
    return envelope.subarray(3, 3 + kidLength).toString('utf8');
  }
}

// The contexts are a handful of column names; their bytes are made once.
const contextBytes = new Map<string, Buffer>();
function aad(context: string): Buffer {
  let bytes = contextBytes.get(context);
  if (!bytes) {
    bytes = Buffer.from(context, 'utf8');
    contextBytes.set(context, bytes);
  }
  return bytes;
}

/** The whole envelope, `prefix` then IV, tag and ciphertext, written in one copy. */
function aesSeal(prefix: Buffer, key: KeyObject, plaintext: string, context: string): Buffer {
  const iv = pooledRandomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad(context));
  const body = c.update(plaintext, 'utf8');
  // GCM is a stream mode: final() only computes the tag and adds no bytes.
  c.final();
  return Buffer.concat([prefix, iv, c.getAuthTag(), body]);
}

function aesOpen(key: Buffer, payload: Buffer, context: string): string {
  const iv = payload.subarray(0, 12);
  const tag = payload.subarray(12, 28);
  const d = createDecipheriv('aes-256-gcm', key, iv);
  d.setAAD(Buffer.from(context, 'utf8'));
  d.setAuthTag(tag);
  try {
    return Buffer.concat([d.update(payload.subarray(28)), d.final()]).toString('utf8');
  } catch (error) {
    throw new FieldCipherError('authentication failed', { cause: error });
  }
}

// GM/T 0002 SM4 has no GCM mode in sm-crypto, so we use CBC with encrypt-then-MAC under HMAC-SM3
// (GM/T 0004), with independent halves of the 32-byte data key for encryption and MAC.
function sm4Seal(key: Buffer, plaintext: string, context: string): Buffer {
  const iv = Buffer.from(pooledRandomBytes(16));
  const encKey = key.subarray(0, 16).toString('hex');
  const body = Buffer.from(
    smCrypto.sm4.encrypt(plaintext, encKey, {
      mode: 'cbc',
      iv: iv.toString('hex'),
      output: 'array',
    }),
  );
  const mac = sm3Mac(key, iv, body, context);
  return Buffer.concat([iv, mac, body]);
}

function sm4Open(key: Buffer, payload: Buffer, context: string): string {
  const iv = payload.subarray(0, 16);
  const mac = payload.subarray(16, 48);
  const body = payload.subarray(48);
  const expected = sm3Mac(key, iv, body, context);
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) throw new FieldCipherError('authentication failed');
  const encKey = key.subarray(0, 16).toString('hex');
  return smCrypto.sm4.decrypt(Array.from(body), encKey, {
    mode: 'cbc',
    iv: iv.toString('hex'),
  });
}

function sm3Mac(key: Buffer, iv: Buffer, body: Buffer, context: string): Buffer {
  const message = Buffer.concat([Buffer.from(context, 'utf8'), Buffer.from([0]), iv, body]);
  const hex = smCrypto.sm3(Array.from(message), {
    key: key.subarray(16, 32).toString('hex'),
  });
  return Buffer.from(hex, 'hex');
}

/**
 * Keyed blind index: equal inputs give equal outputs, so a column can be unique and searchable while
 * its plaintext stays encrypted; without the key the index cannot be brute-forced offline.
 */
export class BlindIndex {
  // The padded key computed once (see hmac.ts): an HMAC of a short value costs less than the calls around it.
  private readonly mac: HmacSha256;

  constructor(key: Buffer) {
    this.mac = new HmacSha256(key);
  }

  compute(value: string, context: string): Buffer {
    return this.mac.digest(`${context}\u0000${value}`);
  }
}
