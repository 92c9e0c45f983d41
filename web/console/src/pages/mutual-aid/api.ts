// The console's mutual-aid API (src/modules/mutual-aid/routes): plans and their rules, the claims of the
// subtree with their review, documents and payment batches, group enrolment from a list, the hospitals'
// daily reconciliation and the fund dashboard. Every type is the server's, generated from its OpenAPI
// document; money is integer fen.
import { client } from '../../../../shared/api-client.ts';
import type { ApiBody, ApiQuery, ApiResponse } from '../../../../shared/api-types.ts';
import { api } from '../../../../shared/api.ts';
import { saveDownload } from '../../components/save-download.ts';
import { fundsApi } from '../funds/api.ts';

const PLANS = '/api/console/mutual-aid-plans' as const;
const CLAIMS = '/api/console/mutual-aid-claims' as const;
const CLAIM = '/api/console/mutual-aid-claims/{claimId}' as const;
const BATCHES = '/api/console/mutual-aid-plans/{planId}/batches' as const;
const GROUPS = '/api/console/mutual-aid-plans/{planId}/groups' as const;
const RECONCILIATIONS = '/api/console/mutual-aid-reconciliations' as const;
const DASHBOARD = '/api/console/mutual-aid-dashboard' as const;

export type Plan = ApiResponse<typeof PLANS, 'get'>['items'][number];
export type PlanBody = ApiBody<typeof PLANS, 'post'>;
export type PlanRule = PlanBody['rule'];
export type Benefit = PlanRule['benefits'][number];
export type BenefitKind = Benefit['kind'];
export type Disease = Extract<Benefit, { kind: 'first_diagnosis' }>['diseases'][number];

export type ClaimPage = ApiResponse<typeof CLAIMS, 'get'>;
export type Claim = ClaimPage['items'][number];
export type ClaimStatus = Claim['status'];
export type ClaimSource = Claim['source'];
export type ClaimQuery = ApiQuery<typeof CLAIMS, 'get'>;
/** What the list's filters choose (the cursor and the page size are the list's own). */
export type ClaimFilters = Omit<ClaimQuery, 'cursor' | 'limit'>;
export type ClaimDetail = ApiResponse<typeof CLAIM, 'get'>;
export type PayoutLine = ClaimDetail['lines'][number];
export type ClaimStep = ClaimDetail['steps'][number];
export type ChecklistKey = ClaimDetail['checklist'][number]['key'];
export type ClaimDocument = ClaimDetail['documents'][number];
export type DocumentKind = ClaimDocument['kind'];
export type ReviewBody = ApiBody<'/api/console/mutual-aid-claims/{claimId}/review', 'post'>;

export type Batch = ApiResponse<typeof BATCHES, 'get'>['items'][number];
export type GroupResult = ApiResponse<typeof GROUPS, 'post'>;
export type Reconciliation = ApiResponse<typeof RECONCILIATIONS, 'get'>['items'][number];
export type Dashboard = ApiResponse<typeof DASHBOARD, 'get'>;
export type DashboardArea = Dashboard['areas'][number];

export const CLAIM_STATUSES = [
  'submitted',
  'more_info',
  'second_review',
  'approved',
  'rejected',
  'paid',
  'settled',
  'cancelled',
] as const satisfies readonly ClaimStatus[];
export const DOCUMENT_KINDS = ['invoice', 'discharge_summary', 'diagnosis', 'other'] as const satisfies readonly DocumentKind[];

/** The most claims one batch takes (the server's batch body). */
export const MAX_BATCH_CLAIMS = 5000;

export const mutualAidApi = {
  plans: () => client.get(PLANS),
  createPlan: (body: PlanBody) => client.post(PLANS, { body }),
  /** 停办: no new enrolments from now; the reason is audited. */
  closePlan: (planId: string, reason: string) => client.post(`${PLANS}/{planId}/close`, { params: { planId }, body: { reason } }),

  claims: (filters: ClaimFilters, cursor: string | undefined, limit = 50) =>
    client.get(CLAIMS, { query: { ...filters, limit, ...(cursor ? { cursor } : {}) } }),
  /** One claim with the insured's whole name and the medical facts: the server audits every opening. */
  claim: (claimId: string) => client.get(CLAIM, { params: { claimId } }),
  review: (claimId: string, body: ReviewBody) => client.post(`${CLAIM}/review`, { params: { claimId }, body }),
  /** A scan uploaded by staff: the file itself is the body, its type read by the server from its bytes. */
  uploadDocument: (claimId: string, file: Blob, kind: DocumentKind, fileName: string) =>
    api.upload<ClaimDocument>(`${CLAIMS}/${encodeURIComponent(claimId)}/documents`, file, 'application/octet-stream', {
      kind,
      fileName: fileName.slice(0, 200),
    }),
  /** Every approved claim of a plan, a page of 200 at a time (a batch takes those not yet in one). */
  approvedClaims: async (planId: string): Promise<Claim[]> => {
    const all: Claim[] = [];
    let cursor: string | undefined;
    do {
      const page = await mutualAidApi.claims({ planId, status: 'approved', source: 'member' }, cursor, 200);
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && all.length < MAX_BATCH_CLAIMS * 2);
    return all;
  },

  batches: (planId: string) => client.get(BATCHES, { params: { planId } }),
  createBatch: (planId: string, name: string, claimIds: string[]) => client.post(BATCHES, { params: { planId }, body: { name, claimIds } }),
  payBatch: (batchId: string) =>
    client.post('/api/console/mutual-aid-batches/{payoutBatchId}/pay', { params: { payoutBatchId: batchId }, body: {} }),
  /** The bank file holds whole names, 身份证号 and accounts: the server audits it with the reason before sending it. */
  downloadBankFile: (batchId: string, reason: string) =>
    saveDownload(`/api/console/mutual-aid-batches/${encodeURIComponent(batchId)}/bank-file.xlsx`, { reason }, 'mutual-aid-bank-file.xlsx'),
  /** A plan's fund at the plan's union: what it may still pay. */
  fundAt: (fundId: string, orgId: string) => fundsApi.tree(fundId, orgId),

  /** 团体参保: the list (.xlsx or .csv) is the body; any bad row and nobody is enrolled (422 with every bad row). */
  enrolGroup: (planId: string, file: File, contentType: string, query: { orgId: string; payerName: string }) =>
    api.upload<GroupResult>(`/api/console/mutual-aid-plans/${encodeURIComponent(planId)}/groups`, file, contentType, {
      ...query,
      fileName: file.name.slice(0, 200),
    }),

  reconciliations: (planId: string | undefined) => client.get(RECONCILIATIONS, { query: { ...(planId ? { planId } : {}), limit: 200 } }),
  reconcile: (day: string) => client.post(`${RECONCILIATIONS}/run`, { body: { day } }),
  payHospital: (key: { partnerId: string; planId: string; day: string }) => client.post(`${RECONCILIATIONS}/pay`, { body: key }),

  dashboard: (query: { planId: string; cycleStart?: string | undefined; orgId?: string | undefined }) =>
    client.get(DASHBOARD, {
      query: {
        planId: query.planId,
        ...(query.cycleStart ? { cycleStart: query.cycleStart } : {}),
        ...(query.orgId ? { orgId: query.orgId } : {}),
      },
    }),
};
