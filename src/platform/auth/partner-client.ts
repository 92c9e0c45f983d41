// The signed-request client for partners (merchants, hospitals, bus companies). Dependency-free:
// Node 18+ or any runtime with fetch and node:crypto. docs/PARTNER_API.md describes the protocol so
// that a partner can implement it in any language.
// One namespace import: a named import of `hash` would fail to load where Node lacks it.
import * as crypto from 'node:crypto';

export const SIGNATURE_HEADERS = {
  keyId: 'x-gonghui-key',
  timestamp: 'x-gonghui-timestamp',
  nonce: 'x-gonghui-nonce',
  signature: 'x-gonghui-signature',
} as const;

/**
 * The string that is signed, one field per line:
 *   METHOD \n PATH-WITH-QUERY \n UNIX-SECONDS \n NONCE \n HEX(SHA-256(BODY))
 * The body is hashed exactly as sent (an empty body hashes the empty string).
 */
export function canonicalRequest(method: string, pathWithQuery: string, timestamp: string, nonce: string, body: string): string {
  return `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${sha256Hex(body)}`;
}

// Node 20.12+ hashes a string in one call, without a Hash object: a third of the body hash's cost on
// the server, which checks every partner request. Older runtimes take the streaming way.
const oneShotHash = (crypto as Partial<typeof crypto>).hash;

function sha256Hex(text: string): string {
  return oneShotHash ? oneShotHash('sha256', text, 'hex') : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** HMAC-SHA256 of the canonical string, base64; the key is the secret's UTF-8 bytes. */
export function signCanonical(secret: string, canonical: string): string {
  return crypto.createHmac('sha256', secret).update(canonical, 'utf8').digest('base64');
}

export interface PartnerCredentials {
  keyId: string;
  secret: string;
}

export interface SignedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Builds the headers for one request; `idempotencyKey` is required by every state-changing call. */
export function signRequest(
  credentials: PartnerCredentials,
  request: {
    method: string;
    path: string;
    body?: unknown;
    idempotencyKey?: string;
    now?: Date;
    nonce?: string;
  },
): SignedRequest {
  const body = request.body === undefined ? '' : JSON.stringify(request.body);
  const timestamp = String(Math.floor((request.now ?? new Date()).getTime() / 1000));
  const nonce = request.nonce ?? crypto.randomUUID();
  const signature = signCanonical(credentials.secret, canonicalRequest(request.method, request.path, timestamp, nonce, body));
  const headers: Record<string, string> = {
    [SIGNATURE_HEADERS.keyId]: credentials.keyId,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: signature,
  };
  if (body !== '') headers['content-type'] = 'application/json';
  if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
  return {
    method: request.method.toUpperCase(),
    path: request.path,
    headers,
    body,
  };
}

export class PartnerClient {
  constructor(
    private readonly baseUrl: string,
    private readonly credentials: PartnerCredentials,
  ) {}

  async call(
    method: string,
    path: string,
    options: { body?: unknown; idempotencyKey?: string } = {},
  ): Promise<{ status: number; body: unknown }> {
    const signed = signRequest(this.credentials, { method, path, ...options });
    const response = await fetch(new URL(path, this.baseUrl), {
      method: signed.method,
      headers: signed.headers,
      ...(signed.body !== '' ? { body: signed.body } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as unknown) : null,
    };
  }
}
