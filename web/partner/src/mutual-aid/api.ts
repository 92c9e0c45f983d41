// The hospital's signed calls of 一单式 settlement (/partner/v1/mutual-aid/*), typed from the server's
// OpenAPI answer so that the page cannot drift from it.
import type { ApiBody, ApiResponse } from '../../../shared/api-types.ts';
import { signedRequest } from '../api.ts';
import type { PartnerCredentials } from '../signing.ts';

/** POST /partner/v1/mutual-aid/settlements (settleMutualAid). */
export type SettlementBody = ApiBody<'/partner/v1/mutual-aid/settlements', 'post'>;
export type Settlement = ApiResponse<'/partner/v1/mutual-aid/settlements', 'post'>;
export type PayoutLine = Settlement['lines'][number];
export type Figures = SettlementBody['figures'];

/** GET /partner/v1/mutual-aid/reconciliation?day= (getMutualAidReconciliation). */
export type Reconciliation = ApiResponse<'/partner/v1/mutual-aid/reconciliation', 'get'>;
export type ReconciliationLine = Reconciliation['lines'][number];

export const mutualAidApi = {
  // The caller keeps the Idempotency-Key of a submission and sends it again when it retries that one.
  settle: (credentials: PartnerCredentials, body: SettlementBody, idempotencyKey: string) =>
    signedRequest<Settlement>(credentials, '/partner/v1/mutual-aid/settlements', {
      method: 'POST',
      body,
      headers: { 'idempotency-key': idempotencyKey },
    }),
  reconciliation: (credentials: PartnerCredentials, day: string) =>
    signedRequest<Reconciliation>(credentials, `/partner/v1/mutual-aid/reconciliation?day=${encodeURIComponent(day)}`),
};
