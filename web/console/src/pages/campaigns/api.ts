// The console's campaigns API (src/modules/campaigns/routes/console.ts): campaigns and their life,
// the eligibility preview, statistics, the merchants' settlement and the accounts flagged for
// scripted claiming. Every type is the server's, generated from its OpenAPI document.
import { client } from '../../../../shared/api-client.ts';
import type { paths } from '../../../../shared/api-schema.ts';
import type { ApiBody, ApiQuery, ApiResponse } from '../../../../shared/api-types.ts';
import { withQuery } from '../../../../shared/api.ts';

const C = '/api/console/campaigns' as const;
const S = '/api/console/campaign-settlements' as const;
const F = '/api/console/campaign-claim-flags' as const;
type Get<P extends keyof paths> = ApiResponse<P, 'get'>;

export type Campaign = Get<'/api/console/campaigns/{campaignId}'>;
export type CampaignPage = Get<'/api/console/campaigns'>;
export type CampaignStatus = Campaign['status'];
export type CampaignPhase = Campaign['phase'];
export type CampaignBody = ApiBody<'/api/console/campaigns', 'post'>;
export type CampaignPreview = Get<'/api/console/campaigns/{campaignId}/preview'>;
export type CampaignStats = Get<'/api/console/campaigns/{campaignId}/stats'>;
export type StatsLine = CampaignStats['byTrade'][number];
export type DayLine = CampaignStats['byDay'][number];
export type SettlementQuery = ApiQuery<'/api/console/campaign-settlements', 'get'>;
export type SettlementLine = Get<'/api/console/campaign-settlements'>['items'][number];
export type ClaimFlag = Get<'/api/console/campaign-claim-flags'>['items'][number];
export type ClaimFlagPage = Get<'/api/console/campaign-claim-flags'>;
export type FlagStatus = ClaimFlag['status'];
export type FlagKind = ClaimFlag['kind'];

/** The actions of a campaign's life, each a POST of its own (reject, pause and end need a reason). */
export const CAMPAIGN_ACTIONS = ['submit', 'approve', 'reject', 'pause', 'resume', 'end'] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

export const CAMPAIGN_STATUSES = ['draft', 'pending', 'approved', 'paused', 'ended'] as const satisfies readonly CampaignStatus[];
export const FLAG_STATUSES = ['open', 'cleared', 'blocked'] as const satisfies readonly FlagStatus[];

export const campaignsApi = {
  /** A page of the subtree's campaigns, newest first; `cursor` is the page before's `nextCursor`. */
  list: (status: CampaignStatus | undefined, cursor: string | undefined, limit = 50) =>
    client.get(C, { query: { limit, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) } }),
  get: (campaignId: string) => client.get(`${C}/{campaignId}`, { params: { campaignId } }),
  create: (body: CampaignBody) => client.post(C, { body }),
  update: (campaignId: string, body: CampaignBody) => client.put(`${C}/{campaignId}`, { params: { campaignId }, body }),
  preview: (campaignId: string) => client.get(`${C}/{campaignId}/preview`, { params: { campaignId } }),
  stats: (campaignId: string) => client.get(`${C}/{campaignId}/stats`, { params: { campaignId } }),
  act: (campaignId: string, action: CampaignAction, reason: string | null) => {
    const params = { campaignId };
    // reject, pause and end refuse an empty reason on the server; the dialog asks for one first.
    const body = { reason: reason ?? '' };
    switch (action) {
      case 'submit':
        return client.post(`${C}/{campaignId}/submit`, { params, body: reason ? body : {} });
      case 'approve':
        return client.post(`${C}/{campaignId}/approve`, { params, body: reason ? body : {} });
      case 'resume':
        return client.post(`${C}/{campaignId}/resume`, { params, body: reason ? body : {} });
      case 'reject':
        return client.post(`${C}/{campaignId}/reject`, { params, body });
      case 'pause':
        return client.post(`${C}/{campaignId}/pause`, { params, body });
      case 'end':
        return client.post(`${C}/{campaignId}/end`, { params, body });
    }
  },

  settlements: (query: SettlementQuery) => client.get(S, { query }),
  settlementExportUrl: (query: SettlementQuery) => withQuery(`${S}/export`, query),

  flags: (status: FlagStatus, cursor: string | undefined) => client.get(F, { query: { status, ...(cursor ? { cursor } : {}) } }),
  decideFlag: (flagId: string, decision: 'clear' | 'block', reason: string) =>
    decision === 'clear'
      ? client.post(`${F}/{flagId}/clear`, { params: { flagId }, body: { reason } })
      : client.post(`${F}/{flagId}/block`, { params: { flagId }, body: { reason } }),
  /**
   * The campaign's own audit trail — every submission, decision, pause and end in turn, with the
   * reason. The campaign itself keeps only its latest decision; the trail needs the audit viewer role.
   */
  history: (campaignId: string) => client.get('/api/console/audit', { query: { targetId: campaignId, limit: 100 } }),
};
