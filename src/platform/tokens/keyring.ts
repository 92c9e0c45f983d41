// Signed rotating QR tokens, one scheme for every kind of code a member shows or a partner scans (the
// member card, the 劳模卡, coupons, check-in): <prefix>.<payload>.<signature>.<tag>, all base64url.
// Each token type has its own keys, derived from the one configured seed list, and its own key ids.
import { createPrivateKey, createPublicKey, hkdfSync, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import type { Platform } from '../context.js';
import type { DataKey } from '../crypto/field-cipher.js';
import { HmacSha256 } from '../crypto/hmac.js';

/** What a token type carries besides the key id and its lifetime (short names: the QR code stays small). */
export type TokenClaims = Record<string, string | number>;

/** Why a token was refused; each module maps these to its own errors. */
export type TokenFailure = 'malformed' | 'forged' | 'expired';

export interface TokenType<C extends TokenClaims> {
  /** Names the type's keys and key ids: 'card', 'coupon', 'check-in'… */
  type: string;
  /** The token's first part ('GH1'), which tells a scanner what kind of code it holds. */
  prefix: string;
  /** The type's own claims read from a decoded payload, or null when they are not well-formed. */
  readClaims: (payload: Readonly<Record<string, unknown>>) => C | null;
}

export interface PublishedTokenKey {
  kid: string;
  alg: 'Ed25519';
  /** The raw 32-byte public key, base64url. */
  publicKey: string;
  pem: string;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export type TokenCheck<C extends TokenClaims> =
  { ok: true; kid: string; claims: C; issuedAt: Date; expiresAt: Date } | { ok: false; failure: TokenFailure };

// The member card's derivation predates per-type keys: its seed is the Ed25519 seed itself and its kid
// the seed's id. Partners hold those public keys offline and tokens are in flight, so it stays as it is.
const LEGACY_CARD_TYPE = 'card';
const LEGACY_CARD_TAG_INFO = 'gonghui/card-issuer-tag/v1';
// The issuer's tag: 128 bits of HMAC-SHA256.
const TAG_BYTES = 16;
// An Ed25519 signature: 64 bytes, base64url unpadded.
const SIGNATURE_CHARS = 86;
// A QR code of this scheme is a few hundred characters; anything much longer is something else.
const MAX_TOKEN_CHARS = 1000;
// A few seconds of grace for a phone whose clock runs a little fast.
const CLOCK_GRACE_MS = 30_000;
// The key id and the lifetime; a type's claims take other names.
const RESERVED_CLAIMS = new Set(['k', 'i', 'e']);
// PKCS#8 header of an Ed25519 private key: the 32-byte seed follows it.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const TYPE_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const PREFIX_FORM = /^[A-Z][A-Z0-9]{1,7}$/;

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  tagMac: HmacSha256;
}

const MALFORMED = Object.freeze({ ok: false, failure: 'malformed' } as const);
const FORGED = Object.freeze({ ok: false, failure: 'forged' } as const);
const EXPIRED = Object.freeze({ ok: false, failure: 'expired' } as const);

/** Checks a type's name and prefix once, where the module declares it. */
export function defineTokenType<C extends TokenClaims>(definition: TokenType<C>): TokenType<C> {
  if (!TYPE_NAME.test(definition.type)) throw new Error(`bad token type name "${definition.type}"`);
  if (!PREFIX_FORM.test(definition.prefix)) throw new Error(`bad token prefix "${definition.prefix}"`);
  return Object.freeze({ ...definition });
}

/**
 * One token type's keys, all derived from the configured seeds: the first seed signs, every one
 * verifies (rotation without a flag day). The Ed25519 signature over "<prefix>.<payload>" is for
 * partners, offline, with the published keys. The tag (HMAC-SHA256 over "<prefix>.<payload>.<signature>")
 * is for the issuer's own online check: about 3 µs where verifying the signature costs about 140
 * (measured on the 2-core benchmark machine), and the online check is the partners' hottest call.
 */
export class TokenKeyring<C extends TokenClaims> {
  readonly type: string;
  readonly prefix: string;
  private readonly readClaims: TokenType<C>['readClaims'];
  private readonly signer: SigningKey;
  private readonly keys: ReadonlyMap<string, SigningKey>;

  constructor(options: TokenType<C> & { seeds: readonly DataKey[] }) {
    const definition = defineTokenType(options);
    this.type = definition.type;
    this.prefix = definition.prefix;
    this.readClaims = definition.readClaims;
    const keys = options.seeds.map((seed) => deriveKey(this.type, seed));
    const signer = keys[0];
    if (!signer) throw new Error(`no signing seed for token type "${this.type}"`);
    this.signer = signer;
    // A seed id listed twice: the first such seed answers for it, as it signs when it comes first.
    const byKid = new Map<string, SigningKey>();
    for (const key of keys) if (!byKid.has(key.kid)) byKid.set(key.kid, key);
    this.keys = byKid;
  }

  published(): PublishedTokenKey[] {
    return [...this.keys.values()].map((k) => ({
      kid: k.kid,
      alg: 'Ed25519',
      publicKey: k.publicKey.export({ format: 'jwk' }).x ?? '',
      pem: k.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    }));
  }

  /** The payload is compact JSON {k: key id, …claims, i: issued at, e: expires at} (Unix seconds). */
  issue(claims: C, now: Date, ttlSeconds: number): IssuedToken {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new RangeError(`bad token lifetime ${ttlSeconds}`);
    for (const [name, value] of Object.entries(claims)) {
      if (RESERVED_CLAIMS.has(name)) throw new Error(`claim "${name}" is reserved`);
      if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`claim "${name}" is not a finite number`);
    }
    const key = this.signer;
    const iat = Math.floor(now.getTime() / 1000);
    const payload = Buffer.from(JSON.stringify({ k: key.kid, ...claims, i: iat, e: iat + ttlSeconds })).toString('base64url');
    const signed = `${this.prefix}.${payload}`;
    const tagged = `${signed}.${sign(null, Buffer.from(signed), key.privateKey).toString('base64url')}`;
    return { token: `${tagged}.${tagOf(key, tagged).toString('base64url')}`, expiresAt: new Date((iat + ttlSeconds) * 1000) };
  }

  /**
   * The issuer's check: form, then genuineness, then lifetime. A token with its tag must be exactly as
   * issued; one without (a reader that kept the first three parts) is verified by its signature.
   */
  verifyOnline(token: string, now: Date): TokenCheck<C> {
    return this.check(token, now, true);
  }

  /** What a partner without the issuer's secret can check: the signature only; a tag is ignored. */
  verifyOffline(token: string, now: Date): TokenCheck<C> {
    return this.check(token, now, false);
  }

  private check(token: string, now: Date, useTag: boolean): TokenCheck<C> {
    const parts = token.length > MAX_TOKEN_CHARS ? [] : token.trim().split('.');
    if ((parts.length !== 3 && parts.length !== 4) || parts[0] !== this.prefix) return MALFORMED;
    const [, payload = '', signature = '', tag] = parts;
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return MALFORMED;
    }
    if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) return MALFORMED;
    const fields = decoded as Record<string, unknown>;
    const { k: kid, i: iat, e: exp } = fields;
    if (typeof kid !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return MALFORMED;
    const claims = this.readClaims(fields);
    if (claims === null) return MALFORMED;

    const key = this.keys.get(kid);
    if (!key || signature.length !== SIGNATURE_CHARS) return FORGED;
    const genuine =
      useTag && tag !== undefined
        ? timingSafeEqualBytes(Buffer.from(tag, 'base64url'), tagOf(key, `${this.prefix}.${payload}.${signature}`))
        : verify(null, Buffer.from(`${this.prefix}.${payload}`), key.publicKey, Buffer.from(signature, 'base64url'));
    if (!genuine) return FORGED;

    if (exp * 1000 < now.getTime() || iat * 1000 > now.getTime() + CLOCK_GRACE_MS) return EXPIRED;
    return { ok: true, kid, claims, issuedAt: new Date(iat * 1000), expiresAt: new Date(exp * 1000) };
  }
}

/**
 * Each type's keys come from the configured seeds through HKDF-SHA256 with the type in `info`, so that
 * one seed list serves every type and a token of one type never verifies as another's. The kid names the
 * type ('coupon:card2026'); a seed id cannot hold ':', so no type's kid is the member card's.
 */
function deriveKey(type: string, seed: DataKey): SigningKey {
  const legacy = type === LEGACY_CARD_TYPE;
  const edSeed = legacy ? seed.key : hkdf(seed.key, `gonghui/token/${type}/signing/v1`);
  const tagKey = hkdf(seed.key, legacy ? LEGACY_CARD_TAG_INFO : `gonghui/token/${type}/issuer-tag/v1`);
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, edSeed]), format: 'der', type: 'pkcs8' });
  return {
    kid: legacy ? seed.id : `${type}:${seed.id}`,
    privateKey,
    publicKey: createPublicKey(privateKey),
    tagMac: new HmacSha256(tagKey),
  };
}

function hkdf(seed: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', seed, Buffer.alloc(0), info, 32));
}

function tagOf(key: SigningKey, tagged: string): Buffer {
  return key.tagMac.digest(tagged).subarray(0, TAG_BYTES);
}

function timingSafeEqualBytes(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const keyrings = new WeakMap<object, Map<string, { definition: { prefix: string }; ring: unknown }>>();

/**
 * A module's keyring under the configured seeds (GONGHUI_CARD_SIGNING_KEYS), built once per
 * configuration so the private keys are parsed once, not per request. Pass the module's one
 * `defineTokenType(…)` constant: a type name or a prefix claimed by two definitions is refused.
 */
export function tokenKeyring<C extends TokenClaims>(p: Pick<Platform, 'config'>, definition: TokenType<C>): TokenKeyring<C> {
  let byType = keyrings.get(p.config);
  if (!byType) {
    byType = new Map();
    keyrings.set(p.config, byType);
  }
  const known = byType.get(definition.type);
  if (known) {
    if (known.definition !== definition) throw new Error(`token type "${definition.type}" is defined twice`);
    return known.ring as TokenKeyring<C>;
  }
  for (const other of byType.values()) {
    if (other.definition.prefix === definition.prefix) {
      throw new Error(`token prefix "${definition.prefix}" is taken`);
    }
  }
  const ring = new TokenKeyring({ ...definition, seeds: p.config.cardSigningKeys });
  byType.set(definition.type, { definition, ring });
  return ring;
}
