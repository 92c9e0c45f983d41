// The electronic member card: a QR code carrying a short-lived Ed25519-signed token. A screenshot dies
// within the token's lifetime, and a partner can check the signature offline with the published key.
import type { Db } from '../../../platform/db/tx.js';
import { createPrivateKey, createPublicKey, hkdfSync, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Platform } from '../../../platform/context.js';
import type { DataKey } from '../../../platform/crypto/field-cipher.js';
import { HmacSha256 } from '../../../platform/crypto/hmac.js';
import { maskName } from '../../../platform/crypto/mask.js';
import { t } from '../../../platform/i18n/i18n.js';
import { findOrgById } from '#modules/orgs';
import { memberErrors } from '../errors.js';
import { isValidMemberNo, type MemberStatus } from '../rules.js';
import { members } from '../schema.js';
import { cachedMemberRead } from '../cache.js';
import { memberOfAccount } from './common.js';
import { CONTEXT } from './person.js';

const PREFIX = 'GH1';
// The issuer's tag: 128 bits of HMAC-SHA256 under a key derived from the signing seed.
const TAG_BYTES = 16;
const TAG_KEY_INFO = 'gonghui/card-issuer-tag/v1';
// PKCS#8 header of an Ed25519 private key: the 32-byte seed follows it.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  tagMac: HmacSha256;
}

export interface PublishedCardKey {
  kid: string;
  alg: 'Ed25519';
  /** The raw 32-byte public key, base64url. */
  publicKey: string;
  pem: string;
}

export interface CardTokenClaims {
  kid: string;
  memberNo: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** Keys from GONGHUI_CARD_SIGNING_KEYS: the first signs, every one verifies (rotation without a flag day). */
export class CardKeyring {
  private readonly keys: SigningKey[];

  constructor(seeds: readonly DataKey[]) {
    this.keys = seeds.map((s) => {
      const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, s.key]), format: 'der', type: 'pkcs8' });
      const tagMac = new HmacSha256(Buffer.from(hkdfSync('sha256', s.key, Buffer.alloc(0), TAG_KEY_INFO, 32)));
      return { kid: s.id, privateKey, publicKey: createPublicKey(privateKey), tagMac };
    });
    if (this.keys.length === 0) throw new Error('no card signing key');
  }

  published(): PublishedCardKey[] {
    return this.keys.map((k) => {
      const jwk = k.publicKey.export({ format: 'jwk' });
      return { kid: k.kid, alg: 'Ed25519', publicKey: jwk.x ?? '', pem: k.publicKey.export({ format: 'pem', type: 'spki' }).toString() };
    });
  }

  /**
   * GH1.<payload>.<signature>.<tag>, all base64url; the payload is compact JSON so the QR stays small.
   * The Ed25519 signature over "GH1.<payload>" is for partners, offline, with the published key. The
   * tag is for the issuer's own online check: an HMAC costs about 3 µs where verifying the signature
   * costs about 140 (measured on the 2-core benchmark machine), and the online check is the partners'
   * hottest call. Offline checkers ignore it.
   */
  issue(memberNo: string, now: Date, ttlSeconds: number): { token: string; expiresAt: Date } {
    const key = this.keys[0] as SigningKey;
    const iat = Math.floor(now.getTime() / 1000);
    const payload = Buffer.from(JSON.stringify({ k: key.kid, n: memberNo, i: iat, e: iat + ttlSeconds })).toString('base64url');
    const signed = `${PREFIX}.${payload}`;
    const signature = sign(null, Buffer.from(signed), key.privateKey).toString('base64url');
    const tagged = `${signed}.${signature}`;
    return { token: `${tagged}.${tagOf(key, tagged).toString('base64url')}`, expiresAt: new Date((iat + ttlSeconds) * 1000) };
  }

  /** Checks form, signature and lifetime, in that order; throws the matching error. */
  check(token: string, now: Date): CardTokenClaims {
    // A QR code of a member card is a few hundred characters; anything much longer is something else.
    const parts = token.length > 1000 ? [] : token.trim().split('.');
    if ((parts.length !== 3 && parts.length !== 4) || parts[0] !== PREFIX) throw memberErrors.cardTokenMalformed();
    const [, payload = '', signature = '', tag] = parts;
    let claims: { k?: unknown; n?: unknown; i?: unknown; e?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      throw memberErrors.cardTokenMalformed();
    }
    if (
      typeof claims.k !== 'string' ||
      typeof claims.n !== 'string' ||
      !isValidMemberNo(claims.n) ||
      typeof claims.i !== 'number' ||
      typeof claims.e !== 'number'
    ) {
      throw memberErrors.cardTokenMalformed();
    }
    const key = this.keys.find((k) => k.kid === claims.k);
    // 64 bytes in base64url, unpadded.
    if (!key || signature.length !== 86) throw memberErrors.cardTokenForged();
    // With its tag, the token must be exactly as issued; without (a reader that kept the first three
    // parts), the signature is verified as a partner would.
    const genuine =
      tag === undefined
        ? verify(null, Buffer.from(`${PREFIX}.${payload}`), key.publicKey, Buffer.from(signature, 'base64url'))
        : timingSafeEqualBytes(Buffer.from(tag, 'base64url'), tagOf(key, `${PREFIX}.${payload}.${signature}`));
    if (!genuine) throw memberErrors.cardTokenForged();
    // A few seconds of grace for a phone whose clock runs a little fast.
    if (claims.e * 1000 < now.getTime() || claims.i * 1000 > now.getTime() + 30_000) throw memberErrors.cardTokenExpired();
    return { kid: key.kid, memberNo: claims.n, issuedAt: new Date(claims.i * 1000), expiresAt: new Date(claims.e * 1000) };
  }
}

function tagOf(key: SigningKey, tagged: string): Buffer {
  return key.tagMac.digest(tagged).subarray(0, TAG_BYTES);
}

function timingSafeEqualBytes(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const keyrings = new WeakMap<object, CardKeyring>();

/** One keyring per configuration (the private keys are parsed once, not per request). */
export function cardKeyring(p: Platform): CardKeyring {
  let ring = keyrings.get(p.config);
  if (!ring) {
    ring = new CardKeyring(p.config.cardSigningKeys);
    keyrings.set(p.config, ring);
  }
  return ring;
}

export interface MemberCard {
  memberNo: string;
  nameMasked: string | null;
  orgName: string;
  status: MemberStatus;
  joinedAt: Date;
  token: string;
  expiresAt: Date;
  refreshSeconds: number;
}

export async function issueCard(db: Db, p: Platform, accountId: string, now = new Date()): Promise<MemberCard> {
  const member = await memberOfAccount(db, accountId);
  if (!member || member.status === 'left' || member.status === 'deceased') throw memberErrors.notAMember();
  if (member.status !== 'active') throw memberErrors.memberInactive();
  const org = await findOrgById(db, member.orgId);
  const { token, expiresAt } = cardKeyring(p).issue(member.memberNo, now, p.config.cardTokenTtlSeconds);
  return {
    memberNo: member.memberNo,
    nameMasked: member.nameCipher ? maskName(p.cipher.decrypt(member.nameCipher, CONTEXT.name)) : null,
    orgName: org?.name ?? '',
    status: member.status,
    joinedAt: member.joinedAt,
    token,
    expiresAt,
    // Refresh well before expiry, so a code on screen is always valid for at least half a minute.
    refreshSeconds: Math.max(15, p.config.cardTokenTtlSeconds - 30),
  };
}

export interface CardVerification {
  valid: true;
  memberNo: string;
  nameMasked: string | null;
  status: MemberStatus;
  orgName: string;
  expiresAt: Date;
}

/** The partner's online check: signature and lifetime, then the member's current status. */
export async function verifyCard(db: Db, p: Platform, token: string, now = new Date()): Promise<CardVerification> {
  const claims = cardKeyring(p).check(token, now);
  const member = await cachedMemberRead(
    db,
    `card:${claims.memberNo}`,
    async () => {
      const [row] = await db
        .select({ id: members.id, status: members.status, nameCipher: members.nameCipher, orgId: members.orgId })
        .from(members)
        .where(eq(members.memberNo, claims.memberNo))
        .limit(1);
      return row
        ? {
            memberId: row.id,
            status: row.status,
            orgName: (await findOrgById(db, row.orgId))?.name ?? '',
            nameMasked: row.nameCipher ? maskName(p.cipher.decrypt(row.nameCipher, CONTEXT.name)) : null,
          }
        : null;
    },
    (value) => `member:${value.memberId}`,
  );
  if (!member) throw memberErrors.cardTokenForged();
  if (member.status !== 'active') throw memberErrors.cardMemberInactive({ status: t(`members.status.${member.status}`) });
  return {
    valid: true,
    memberNo: claims.memberNo,
    nameMasked: member.nameMasked,
    status: member.status,
    orgName: member.orgName,
    expiresAt: claims.expiresAt,
  };
}
