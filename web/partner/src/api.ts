// Signed calls to the partner API (/partner/v1/*). The key secret never leaves the browser: each
// request carries only the key id and an HMAC signature over it.
import { buildInit, send, type RequestOptions } from '../../shared/api.ts';
import type { ApiResponse } from '../../shared/api-types.ts';
import { randomUuid, signatureHeaders, type PartnerCredentials } from './signing.ts';

const STORAGE_KEY = 'gonghui.partner.credentials';

export type PartnerMe = ApiResponse<'/partner/v1/me', 'get'>;

/** POST /partner/v1/cards/verify: a valid card; anything else is a 422 problem (members.card_*). */
export type CardVerification = ApiResponse<'/partner/v1/cards/verify', 'post'>;
export type { MemberStatus } from '../../shared/members.ts';

/** POST /partner/v1/coupons/redeem and /partner/v1/redemptions/{id}/void answer with the redemption. */
export type Redemption = ApiResponse<'/partner/v1/coupons/redeem', 'post'>;

/** Credentials live in sessionStorage only: they go when the tab closes. */
export const credentialStore = {
  load(): PartnerCredentials | null {
    try {
      const raw = sessionStorage.getItem(STORAGE_KEY);
      if (!raw) return null;
      const parsed = JSON.parse(raw) as Partial<PartnerCredentials>;
      return typeof parsed.keyId === 'string' && typeof parsed.secret === 'string' ? { keyId: parsed.keyId, secret: parsed.secret } : null;
    } catch {
      return null;
    }
  },
  save(credentials: PartnerCredentials): void {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
  },
  clear(): void {
    sessionStorage.removeItem(STORAGE_KEY);
  },
};

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function signedRequest<T>(credentials: PartnerCredentials, path: string, options: RequestOptions = {}): Promise<T> {
  const { init, bodyText } = buildInit(options);
  const method = (init.method ?? 'GET').toUpperCase();
  // Sign the path exactly as the browser will send it (percent-encoded, normalised).
  const url = new URL(path, window.location.origin);
  const pathWithQuery = `${url.pathname}${url.search}`;
  const headers: Record<string, string> = {
    ...(init.headers as Record<string, string>),
    ...(await signatureHeaders(credentials, { method, pathWithQuery, body: bodyText ?? '' })),
  };
  if (STATE_CHANGING.has(method) && !headers['idempotency-key']) headers['idempotency-key'] = randomUuid();
  return send<T>(pathWithQuery, { ...init, method, headers, credentials: 'omit' });
}

export const partnerApi = {
  me: (credentials: PartnerCredentials) => signedRequest<PartnerMe>(credentials, '/partner/v1/me'),
  verifyCard: (credentials: PartnerCredentials, token: string) =>
    signedRequest<CardVerification>(credentials, '/partner/v1/cards/verify', { method: 'POST', body: { token } }),
  // The caller keeps the Idempotency-Key of a submit and sends it again when it retries the same one.
  redeemCoupon: (
    credentials: PartnerCredentials,
    body: ({ code: string } | { token: string }) & { orderAmountFen: number; orderRef?: string },
    idempotencyKey: string,
  ) =>
    signedRequest<Redemption>(credentials, '/partner/v1/coupons/redeem', {
      method: 'POST',
      body,
      headers: { 'idempotency-key': idempotencyKey },
    }),
  voidRedemption: (credentials: PartnerCredentials, redemptionId: string, reason: string, idempotencyKey: string) =>
    signedRequest<Redemption>(credentials, `/partner/v1/redemptions/${encodeURIComponent(redemptionId)}/void`, {
      method: 'POST',
      body: { reason },
      headers: { 'idempotency-key': idempotencyKey },
    }),
};
