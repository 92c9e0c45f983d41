// The console's funds API (src/modules/funds/routes): the funds a union runs or receives, a fund's
// figures at a union and below it, money in, down the tree and out, reversals, and the statement with
// its .xlsx. Every type is the server's, generated from its OpenAPI document; money is integer fen.
import { client } from '../../../../shared/api-client.ts';
import type { ApiBody, ApiQuery, ApiResponse } from '../../../../shared/api-types.ts';
import { withQuery } from '../../../../shared/api.ts';

const F = '/api/console/funds' as const;

export type Fund = ApiResponse<'/api/console/funds', 'get'>['items'][number];
export type FundPurpose = Fund['purpose'];
export type FundBody = ApiBody<'/api/console/funds', 'post'>;
export type FundTree = ApiResponse<'/api/console/funds/{fundId}', 'get'>;
export type NodeFigures = FundTree['node'];
export type Figures = NodeFigures['own'];
export type ReceiptBody = ApiBody<'/api/console/funds/{fundId}/receipts', 'post'>;
export type AllocationBody = ApiBody<'/api/console/funds/{fundId}/allocations', 'post'>;
export type DisbursementBody = ApiBody<'/api/console/funds/{fundId}/disbursements', 'post'>;
export type Transfer = ApiResponse<'/api/console/funds/{fundId}/disbursements', 'post'>;
export type Statement = ApiResponse<'/api/console/funds/{fundId}/statement', 'get'>;
export type StatementLine = Statement['items'][number];
export type MovementKind = StatementLine['kind'];
export type StatementQuery = ApiQuery<'/api/console/funds/{fundId}/statement', 'get'>;

/** What the statement's filters choose (the export takes the same). */
export type StatementFilters = Pick<StatementQuery, 'orgId' | 'from' | 'to' | 'kind'>;

export const FUND_PURPOSES = [
  'warmth',
  'study',
  'medical',
  'life',
  'mutual_aid',
  'award',
  'activity',
  'other',
] as const satisfies readonly FundPurpose[];

export const MOVEMENT_KINDS = ['source', 'allocation', 'disbursement'] as const satisfies readonly MovementKind[];

export const fundsApi = {
  list: () => client.get(F),
  create: (body: FundBody) => client.post(F, { body }),
  addSource: (fundId: string, name: string) => client.post(`${F}/{fundId}/sources`, { params: { fundId }, body: { name } }),
  /** The fund at a union (by default the top of the fund as the staff member sees it) and the unions below it. */
  tree: (fundId: string, orgId: string | undefined) => client.get(`${F}/{fundId}`, { params: { fundId }, query: orgId ? { orgId } : {} }),
  receive: (fundId: string, body: ReceiptBody) => client.post(`${F}/{fundId}/receipts`, { params: { fundId }, body }),
  allocate: (fundId: string, body: AllocationBody) => client.post(`${F}/{fundId}/allocations`, { params: { fundId }, body }),
  disburse: (fundId: string, body: DisbursementBody) => client.post(`${F}/{fundId}/disbursements`, { params: { fundId }, body }),
  reverse: (fundTransferId: string, reason: string) =>
    client.post('/api/console/fund-transfers/{fundTransferId}/reverse', { params: { fundTransferId }, body: { reason } }),
  /** A page of a union's lines, newest first; `cursor` is the page before's `nextCursor`. */
  statement: (fundId: string, filters: StatementFilters, cursor: string | undefined, limit = 50) =>
    client.get(`${F}/{fundId}/statement`, { params: { fundId }, query: { ...filters, limit, ...(cursor ? { cursor } : {}) } }),
  /** The statement as .xlsx, filtered as the table is: a plain download link (the server audits it). */
  statementExportUrl: (fundId: string, filters: StatementFilters) =>
    withQuery(`${F}/${encodeURIComponent(fundId)}/statement.xlsx`, { ...filters }),
};
