// The electronic member card: a QR code carrying a short-lived Ed25519-signed token (platform/tokens). A
// screenshot dies within the token's lifetime, and a partner can check the signature offline with the
// published key.
import type { Db } from '../../../platform/db/tx.js';
import { eq } from 'drizzle-orm';
import type { Platform } from '../../../platform/context.js';
import type { DataKey } from '../../../platform/crypto/field-cipher.js';
import type { AppError } from '../../../platform/errors/app-error.js';
import { maskName } from '../../../platform/crypto/mask.js';
import { t } from '../../../platform/i18n/i18n.js';
import {
  defineTokenType,
  tokenKeyring,
  TokenKeyring,
  type PublishedTokenKey,
  type TokenFailure,
} from '../../../platform/tokens/keyring.js';
import { findOrgById } from '#modules/orgs';
import { memberErrors } from '../errors.js';
import { isValidMemberNo, type MemberStatus } from '../rules.js';
import { members } from '../schema.js';
import { cachedMemberRead } from '../cache.js';
import { memberOfAccount } from './common.js';
import { CONTEXT } from './person.js';

// The member card is the "card" token type of platform/tokens; its wire format and keys predate the
// platform scheme and are kept byte for byte (partners hold the published keys offline).
type CardClaims = { n: string };

const CARD_TOKEN = defineTokenType<CardClaims>({
  type: 'card',
  prefix: 'GH1',
  readClaims: (payload) => (typeof payload.n === 'string' && isValidMemberNo(payload.n) ? { n: payload.n } : null),
});

const CARD_TOKEN_ERRORS = {
  malformed: memberErrors.cardTokenMalformed,
  forged: memberErrors.cardTokenForged,
  expired: memberErrors.cardTokenExpired,
} satisfies Record<TokenFailure, () => AppError>;

export type PublishedCardKey = PublishedTokenKey;

export interface CardTokenClaims {
  kid: string;
  memberNo: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** Keys from GONGHUI_CARD_SIGNING_KEYS: the first signs, every one verifies (rotation without a flag day). */
export class CardKeyring {
  private readonly ring: TokenKeyring<CardClaims>;

  constructor(keys: readonly DataKey[] | TokenKeyring<CardClaims>) {
    this.ring = keys instanceof TokenKeyring ? keys : new TokenKeyring({ ...CARD_TOKEN, seeds: keys });
  }

  published(): PublishedCardKey[] {
    return this.ring.published();
  }

  /** GH1.<payload>.<signature>.<tag> (platform/tokens), the payload {k, n: member number, i, e}. */
  issue(memberNo: string, now: Date, ttlSeconds: number): { token: string; expiresAt: Date } {
    return this.ring.issue({ n: memberNo }, now, ttlSeconds);
  }

  /** The online check: form, then the tag (or the signature), then lifetime; throws the matching error. */
  check(token: string, now: Date): CardTokenClaims {
    const result = this.ring.verifyOnline(token, now);
    if (!result.ok) throw CARD_TOKEN_ERRORS[result.failure]();
    return { kid: result.kid, memberNo: result.claims.n, issuedAt: result.issuedAt, expiresAt: result.expiresAt };
  }
}

const keyrings = new WeakMap<object, CardKeyring>();

/** One keyring per configuration (the private keys are parsed once, not per request). */
export function cardKeyring(p: Platform): CardKeyring {
  let ring = keyrings.get(p.config);
  if (!ring) {
    ring = new CardKeyring(tokenKeyring(p, CARD_TOKEN));
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
