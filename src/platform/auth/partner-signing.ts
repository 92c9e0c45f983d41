import { timingSafeEqual } from 'node:crypto';
import { lt } from 'drizzle-orm';
import type { HmacSha256 } from '../crypto/hmac.js';
import type { Db } from '../db/tx.js';
import { authErrors } from './errors.js';
import { canonicalRequest, SIGNATURE_HEADERS } from './partner-client.js';
import { partnerNonces } from './schema.js';

export const MAX_CLOCK_SKEW_SECONDS = 300;
// A nonce must be remembered at least as long as a timestamp is accepted on either side.
export const NONCE_RETENTION_SECONDS = 2 * MAX_CLOCK_SKEW_SECONDS + 60;
// HMAC-SHA256 in base64: 43 characters, the last of them carrying 4 bits, and one '='.
const SIGNATURE_FORM = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

export interface PartnerKeyLookup {
  /** The HMAC under the key (the decrypted secret's UTF-8 bytes) and owner of an active key, or null when unknown or revoked. */
  (keyId: string): Promise<{ mac: HmacSha256; partnerId: string } | null>;
}

export interface VerifiedPartnerRequest {
  keyId: string;
  partnerId: string;
  /** The nonce the caller must record in its own transaction (`nonce: 'caller'`), else null. */
  unspentNonce: string | null;
}

export interface SignatureHeaders {
  keyId: string;
  timestamp: string;
  nonce: string;
  signature: string;
}

/**
 * What can be checked from the headers alone — all four present and well-formed, the timestamp within
 * ±5 minutes — so that a request failing them is refused before its body is read.
 */
export function readSignatureHeaders(headers: Record<string, string | string[] | undefined>, now: Date): SignatureHeaders {
  const keyId = firstHeader(headers, SIGNATURE_HEADERS.keyId);
  const timestamp = firstHeader(headers, SIGNATURE_HEADERS.timestamp);
  const nonce = firstHeader(headers, SIGNATURE_HEADERS.nonce);
  const signature = firstHeader(headers, SIGNATURE_HEADERS.signature);
  if (!keyId || !timestamp || !nonce || !signature) throw authErrors.signatureMissing();
  if (!/^\d{1,12}$/.test(timestamp)) throw authErrors.timestampSkewed();
  const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (skew > MAX_CLOCK_SKEW_SECONDS) throw authErrors.timestampSkewed({ seconds: MAX_CLOCK_SKEW_SECONDS });
  if (nonce.length < 8 || nonce.length > 128) throw authErrors.signatureInvalid();
  // The MAC's 32 bytes are compared, not their base64: a signature is 44 characters with its padding,
  // and base64 decoding skips what is not base64, so only that form is decoded at all.
  if (!SIGNATURE_FORM.test(signature)) throw authErrors.signatureInvalid();
  return { keyId, timestamp, nonce, signature };
}

/** The active key named by the headers, or 401: also decided before the body is read. */
export async function signingKeyOf(lookup: PartnerKeyLookup, headers: SignatureHeaders): Promise<PartnerKey> {
  const key = await lookup(headers.keyId);
  if (!key) throw authErrors.partnerKeyInvalid();
  return key;
}

export type PartnerKey = NonNullable<Awaited<ReturnType<PartnerKeyLookup>>>;

/**
 * The signature over the exact body, and a nonce never seen before for this key (unless read-only).
 * Runs once the body is read and before it is parsed.
 */
export async function verifyPartnerSignature(
  db: Db,
  key: PartnerKey,
  headers: SignatureHeaders,
  request: {
    method: string;
    url: string;
    rawBody: string;
    now: Date;
    /**
     * A read-only call (its route says so): the nonce is not recorded. Replaying such a request within
     * the clock window only gives its answer again to whoever already holds the signed request, and a
     * write per read would cap the hottest partner calls (card checks) at the database's commit rate.
     */
    readOnly?: boolean;
    /**
     * 'caller': the use case records the nonce in its own transaction (`recordPartnerNonces`), so that a
     * batched write commits once, nonce and all; a replay is refused there, nothing of it written.
     */
    nonce?: 'now' | 'caller';
  },
): Promise<VerifiedPartnerRequest> {
  const { keyId, timestamp, nonce, signature } = headers;
  const expected = key.mac.digest(canonicalRequest(request.method, request.url, timestamp, nonce, request.rawBody));
  if (!timingSafeEqual(expected, Buffer.from(signature, 'base64'))) throw authErrors.signatureInvalid();
  if (request.readOnly) return { keyId, partnerId: key.partnerId, unspentNonce: null };
  if (request.nonce === 'caller') return { keyId, partnerId: key.partnerId, unspentNonce: nonce };
  // Only a correctly signed request spends a nonce, so nobody can burn a partner's nonces.
  const inserted = await db
    .insert(partnerNonces)
    .values({ keyId, nonce, createdAt: request.now })
    .onConflictDoNothing()
    .returning({ nonce: partnerNonces.nonce });
  if (inserted.length === 0) throw authErrors.nonceReplayed();
  return { keyId, partnerId: key.partnerId, unspentNonce: null };
}

function firstHeader(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function purgePartnerNonces(db: Db, now: Date): Promise<number> {
  const rows = await db
    .delete(partnerNonces)
    .where(lt(partnerNonces.createdAt, new Date(now.getTime() - NONCE_RETENTION_SECONDS * 1000)))
    .returning({ nonce: partnerNonces.nonce });
  return rows.length;
}
