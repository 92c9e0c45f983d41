// The console's aid API (src/modules/hardship/routes): the items a union pays with their yearly limits,
// the disbursement batches of the staff member's subtree, a batch drawn for filed households, its bank
// file (audited, with a reason) and the batch marked paid from the item's fund. Every type is the
// server's, generated from its OpenAPI document; money is integer fen.
import { client } from '../../../../../shared/api-client.ts';
import type { ApiBody, ApiResponse } from '../../../../../shared/api-types.ts';
import { saveDownload } from '../../../components/save-download.ts';
import { fundsApi } from '../../funds/api.ts';
import { orgsApi } from '../../orgs/api.ts';
import { hardshipApi, type FileSummary } from '../api.ts';

const ITEMS = '/api/console/hardship-aid-items' as const;
const BATCHES = '/api/console/hardship-aid-batches' as const;

export type AidItem = ApiResponse<typeof ITEMS, 'get'>['items'][number];
export type AidKind = AidItem['kind'];
export type AidItemBody = ApiBody<typeof ITEMS, 'post'>;
export type AidBatch = ApiResponse<typeof BATCHES, 'get'>['items'][number];
export type AidBatchStatus = AidBatch['status'];
export type AidBatchBody = ApiBody<typeof BATCHES, 'post'>;

/** The most households one batch takes (the server's AidBatchBody). */
export const MAX_BATCH_HOUSEHOLDS = 5000;

export const aidApi = {
  /** The items a union may pay: its own and those of the unions above it. */
  items: (orgId: string) => client.get(ITEMS, { query: { orgId } }),
  createItem: (body: AidItemBody) => client.post(ITEMS, { body }),
  /** The batches of a union and the unions below it, newest first (the latest 200). */
  batches: (orgId: string) => client.get(BATCHES, { query: { orgId } }),
  createBatch: (body: AidBatchBody) => client.post(BATCHES, { body }),
  pay: (batchId: string) => client.post(`${BATCHES}/{batchId}/pay`, { params: { batchId }, body: {} }),
  /** 冲正: the money goes back to the union's balance, and the households' aid no longer counts. */
  reverse: (batchId: string, reason: string) => client.post(`${BATCHES}/{batchId}/reverse`, { params: { batchId }, body: { reason } }),
  /** The bank file: whole names, 身份证号 and accounts, so the server audits it with the reason before sending it. */
  downloadBankFile: (batchId: string, reason: string) =>
    saveDownload(`${BATCHES}/${encodeURIComponent(batchId)}/bank-file.xlsx`, { reason }, 'hardship-bank-file.xlsx'),
  /** Every filed household of a union's subtree (a batch may take them all), a page of 200 at a time. */
  filedFiles: async (orgId: string): Promise<FileSummary[]> => {
    const all: FileSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await hardshipApi.list({ orgId, status: 'filed' }, cursor, 200);
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && all.length < MAX_BATCH_HOUSEHOLDS);
    return all;
  },
  /** The funds the staff member sees (run by their subtree or above it); an item's must reach its union. */
  funds: () => fundsApi.list(),
  /** A fund's figures at a union: what it may still pay. */
  fundAt: (fundId: string, orgId: string) => fundsApi.tree(fundId, orgId),
  /** A union's name and path (where its batches sit, which funds reach it). */
  org: (orgId: string) => orgsApi.get(orgId),
};
