// The member card's QR token, read and checked in the browser. The format is the server's
// (src/platform/tokens/keyring.ts, the "card" type): GH1.<payload>.<signature>[.<tag>], all base64url; the payload
// is compact JSON { k: key id, n: member number, i: issued at, e: expires at (Unix seconds) } and the
// Ed25519 signature covers the ASCII bytes of "GH1.<payload>". The public keys are published at
// GET /api/cards/keys, so a partner can check a card without asking the server (offline). The tag is
// the server's own check for the online verification: ignored here, and sent on with the token.

import type { ApiResponse } from '../../../shared/api-types.ts';

export const CARD_TOKEN_PREFIX = 'GH1';

export interface CardTokenClaims {
  kid: string;
  memberNo: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface ParsedCardToken {
  /** The token as it will be sent: trimmed. */
  token: string;
  /** "GH1.<payload>": the signed bytes. */
  signedPart: string;
  signature: Uint8Array;
  claims: CardTokenClaims;
}

/** A key as /api/cards/keys publishes it (publicKey: the raw 32 bytes, base64url). */
export type PublishedCardKey = ApiResponse<'/api/cards/keys', 'get'>['keys'][number];

const BASE64URL = /^[A-Za-z0-9_-]*$/;
// 16 bytes of HMAC, base64url.
const ISSUER_TAG = /^[A-Za-z0-9_-]{22}$/;

/** Decodes base64url (padding optional), or returns null when the text is not base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return null;
  const base64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  try {
    const binary = atob(base64);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** The member number's own check (ISO 7064 MOD 11-2, as the server's isValidMemberNo). */
export function isValidMemberNo(value: string): boolean {
  if (!/^\d{13}[\dX]$/.test(value)) return false;
  let sum = 0;
  for (const ch of value.slice(0, 13)) sum = ((sum + Number(ch)) * 2) % 11;
  const check = (12 - sum) % 11;
  return value[13] === (check === 10 ? 'X' : String(check));
}

/**
 * What a scanner or a paste gives us, cleaned: surrounding white space and line breaks go (a
 * handheld scanner ends with Enter; a paste may carry a trailing newline).
 */
export function cleanToken(input: string): string {
  return input.replace(/[\r\n\t]/g, '').trim();
}

/** Reads a card token's parts and claims, or returns null when it is not a well-formed GH1 token. */
export function parseCardToken(input: string): ParsedCardToken | null {
  const token = cleanToken(input);
  const parts = token.split('.');
  if ((parts.length !== 3 && parts.length !== 4) || parts[0] !== CARD_TOKEN_PREFIX) return null;
  const [, payload = '', signatureText = '', tag] = parts;
  if (tag !== undefined && !ISSUER_TAG.test(tag)) return null;
  const payloadBytes = fromBase64Url(payload);
  const signature = fromBase64Url(signatureText);
  if (!payloadBytes || !signature) return null;
  let raw: { k?: unknown; n?: unknown; i?: unknown; e?: unknown };
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes)) as typeof raw;
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const { k, n, i, e } = raw;
  if (typeof k !== 'string' || typeof n !== 'string' || !isValidMemberNo(n) || typeof i !== 'number' || typeof e !== 'number') return null;
  if (!Number.isFinite(i) || !Number.isFinite(e)) return null;
  return {
    token,
    signedPart: `${CARD_TOKEN_PREFIX}.${payload}`,
    signature,
    claims: { kid: k, memberNo: n, issuedAt: new Date(i * 1000), expiresAt: new Date(e * 1000) },
  };
}

/** The outcome of the browser's own check. */
export type OfflineVerdict =
  /** Signature good and within its lifetime. */
  | { result: 'pass'; claims: CardTokenClaims }
  /** Signature good, but the token's lifetime is over (or it was issued in the future). */
  | { result: 'expired'; claims: CardTokenClaims }
  /** Signature does not match any published key. */
  | { result: 'forged' }
  /** Not a GH1 token at all. */
  | { result: 'malformed' }
  /** Signed with a key id that is not (or no longer) published. */
  | { result: 'unknown-key' }
  /** This browser cannot verify Ed25519 (`no-ed25519`), or the page is not HTTPS and so has no WebCrypto (`insecure`). */
  | { result: 'unsupported'; reason: 'insecure' | 'no-ed25519' }
  /** The public keys could not be loaded. */
  | { result: 'no-keys' };

// The server allows the same 30 s for a phone whose clock runs a little fast.
const ISSUED_AHEAD_GRACE_MS = 30_000;

export type Ed25519Verify = (publicKey: Uint8Array, signature: Uint8Array, data: Uint8Array) => Promise<boolean>;

/**
 * Checks a token against the published keys, in the server's order: form, signature, lifetime.
 * `verify` does the Ed25519 arithmetic (WebCrypto in the browser; see `webCryptoEd25519`).
 */
export async function verifyOffline(
  input: string,
  keys: readonly PublishedCardKey[],
  verify: Ed25519Verify,
  now: Date = new Date(),
): Promise<OfflineVerdict> {
  const parsed = parseCardToken(input);
  if (!parsed) return { result: 'malformed' };
  const key = keys.find((k) => k.kid === parsed.claims.kid);
  if (!key) return { result: 'unknown-key' };
  const publicKey = fromBase64Url(key.publicKey);
  if (!publicKey || publicKey.length !== 32) return { result: 'unknown-key' };
  if (parsed.signature.length !== 64) return { result: 'forged' };
  const good = await verify(publicKey, parsed.signature, new TextEncoder().encode(parsed.signedPart));
  if (!good) return { result: 'forged' };
  const { issuedAt, expiresAt } = parsed.claims;
  if (expiresAt.getTime() < now.getTime() || issuedAt.getTime() > now.getTime() + ISSUED_AHEAD_GRACE_MS) {
    return { result: 'expired', claims: parsed.claims };
  }
  return { result: 'pass', claims: parsed.claims };
}

function subtleCrypto(): SubtleCrypto | null {
  // crypto.subtle exists only in a secure context (HTTPS or localhost).
  const secure = (globalThis as { isSecureContext?: boolean }).isSecureContext !== false;
  return secure && typeof crypto !== 'undefined' && typeof crypto.subtle === 'object' ? crypto.subtle : null;
}

/** Whether the page can use WebCrypto at all (a plain-HTTP page cannot). */
export function hasSecureCrypto(): boolean {
  return subtleCrypto() !== null;
}

/**
 * Ed25519 verification through WebCrypto, or null when the browser does not offer it. Support is
 * probed by importing a real published key: a browser without Ed25519 refuses the import.
 */
export async function webCryptoEd25519(probeKey: Uint8Array): Promise<Ed25519Verify | null> {
  const subtle = subtleCrypto();
  if (!subtle) return null;
  const algorithm = { name: 'Ed25519' };
  try {
    await subtle.importKey('raw', probeKey as BufferSource, algorithm, false, ['verify']);
  } catch {
    return null;
  }
  return async (publicKey, signature, data) => {
    try {
      const key = await subtle.importKey('raw', publicKey as BufferSource, algorithm, false, ['verify']);
      return await subtle.verify(algorithm, key, signature as BufferSource, data as BufferSource);
    } catch {
      return false;
    }
  };
}
