// The mutual-aid pages' calls (互助保障): the plans open to the member's union, enrolling and paying,
// the certificate, claims (互助金申请) with their documents, and answering a request for more. Money is
// integer fen; dates arrive as ISO strings.
import { client } from '../../../shared/api-client.ts';
import { api, type UploadOptions } from '../../../shared/api.ts';
import type { ApiBody, ApiResponse } from '../../../shared/api-types.ts';

export type MemberPlans = ApiResponse<'/api/member/mutual-aid/plans', 'get'>;
export type PlanItem = MemberPlans['items'][number];
export type Plan = PlanItem['plan'];
export type PlanRule = Plan['rule'];
export type Benefit = PlanRule['benefits'][number];
export type BenefitKind = Benefit['kind'];
export type PaymentProvider = MemberPlans['paymentProvider'];
export type Enrolment = PlanItem['enrolments'][number];
export type EnrolmentStatus = Enrolment['status'];
export type EnrolmentBody = ApiBody<'/api/member/mutual-aid/enrolments', 'post'>;
export type Enrolled = ApiResponse<'/api/member/mutual-aid/enrolments', 'post'>;
export type PayAction = Enrolled['payment']['action'];
export type Certificate = ApiResponse<'/api/member/mutual-aid/enrolments/{enrolmentId}/certificate', 'get'>;
export type ClaimBody = ApiBody<'/api/member/mutual-aid/claims', 'post'>;
export type FiledClaim = ApiResponse<'/api/member/mutual-aid/claims', 'post'>;
export type OwnClaim = ApiResponse<'/api/member/mutual-aid/claims', 'get'>['items'][number];
export type ClaimStatus = OwnClaim['status'];
export type ClaimStep = OwnClaim['steps'][number];
export type PayoutLine = OwnClaim['lines'][number];
export type Disease = NonNullable<ClaimBody['disease']>['code'];
export type UploadedDocument = ApiResponse<'/api/member/mutual-aid/claims/{claimId}/documents', 'post'>;
export type DocumentKind = UploadedDocument['kind'];

// The body is the file itself, typed by the server from its bytes: always application/octet-stream.
const OCTETS = 'application/octet-stream';

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const mutualAidApi = {
  /** The open plans above the member's union, this cycle, and the member's own enrolments in each. */
  plans: (signal?: AbortSignal) => client.get('/api/member/mutual-aid/plans', withSignal(signal)),
  /** Enrols (self, or a male member's wife) and starts the payment; the development provider pays at once. */
  enrol: (body: EnrolmentBody) => client.post('/api/member/mutual-aid/enrolments', { body }),
  /** After paying: asks the provider and applies what it says (the enrolment as it now stands). */
  checkPayment: (outTradeNo: string) => client.post('/api/member/mutual-aid/payments/{outTradeNo}/check', { params: { outTradeNo } }),
  enrolments: (signal?: AbortSignal) => client.get('/api/member/mutual-aid/enrolments', withSignal(signal)),
  certificate: (enrolmentId: string, signal?: AbortSignal) =>
    client.get('/api/member/mutual-aid/enrolments/{enrolmentId}/certificate', { params: { enrolmentId }, ...withSignal(signal) }),
  fileClaim: (body: ClaimBody) => client.post('/api/member/mutual-aid/claims', { body }),
  claims: (signal?: AbortSignal) => client.get('/api/member/mutual-aid/claims', withSignal(signal)),
  /** An invoice, a discharge summary… (a photo or a PDF) for one's own claim while it is being decided. */
  uploadDocument: (claimId: string, kind: DocumentKind, file: Blob, fileName: string, options: UploadOptions = {}) =>
    api.upload<UploadedDocument>(
      `/api/member/mutual-aid/claims/${encodeURIComponent(claimId)}/documents`,
      file,
      OCTETS,
      { kind, fileName: fileName.slice(0, 200) || undefined },
      options,
    ),
  refile: (claimId: string, note: string | null) =>
    client.post('/api/member/mutual-aid/claims/{claimId}/refile', { params: { claimId }, body: { note } }),
};
