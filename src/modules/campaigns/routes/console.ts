// The console's campaigns: write, submit, approve (a second person), pause, end; the preview, the
// statistics, the settlement for finance and the accounts flagged for scripted claiming.
import { z } from 'zod';
import { scopeOf } from '../../../platform/access/access.js';
import { streamDownload, XLSX_TYPE } from '../../../platform/http/downloads.js';
import { actorOf, requireStaff } from '../../../platform/http/guard.js';
import { IdParams, Limit, Reason } from '../../../platform/http/zod.js';
import { CAMPAIGN_STATUSES } from '../schema.js';
import {
  campaignStats,
  changeCampaignStatus,
  createCampaign,
  decideClaimFlag,
  getCampaign,
  listCampaigns,
  listClaimFlags,
  previewCampaign,
  settlementLines,
  updateCampaign,
  writeSettlementXlsx,
} from '../service/index.js';
import { staff, type CampaignsApp } from './access.js';
import { CampaignBody, CampaignResponse, ClaimFlagResponse, SettlementLineResponse, SettlementQuery, StatsResponse } from './contracts.js';

const CampaignParams = IdParams('campaignId');

export function registerConsoleRoutes(app: CampaignsApp): void {
  const db = app.platform.db;

  app.get(
    '/api/console/campaigns',
    {
      config: staff('viewer'),
      schema: {
        tags: ['campaigns'],
        operationId: 'listCampaigns',
        summary: '本级及下级工会的普惠活动',
        querystring: z.strictObject({
          status: z.enum(CAMPAIGN_STATUSES).optional(),
          cursor: z.string().max(100).optional(),
          limit: Limit(200, 50),
        }),
        response: { 200: z.object({ items: z.array(CampaignResponse), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => listCampaigns(db, scopeOf(requireStaff(req)), req.query),
  );

  app.post(
    '/api/console/campaigns',
    {
      config: staff('operator'),
      schema: {
        tags: ['campaigns'],
        operationId: 'createCampaign',
        summary: '新建活动（草稿）',
        body: CampaignBody,
        response: { 201: CampaignResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await createCampaign(db, actorOf(req), scopeOf(requireStaff(req)), req.body)),
  );

  app.get(
    '/api/console/campaigns/:campaignId',
    {
      config: staff('viewer'),
      schema: {
        tags: ['campaigns'],
        operationId: 'getCampaign',
        summary: '活动详情',
        params: CampaignParams,
        response: { 200: CampaignResponse },
      },
    },
    async (req) => getCampaign(db, scopeOf(requireStaff(req)), req.params.campaignId),
  );

  app.put(
    '/api/console/campaigns/:campaignId',
    {
      config: staff('operator'),
      schema: {
        tags: ['campaigns'],
        operationId: 'updateCampaign',
        summary: '修改活动（仅草稿）',
        params: CampaignParams,
        body: CampaignBody,
        response: { 200: CampaignResponse },
      },
    },
    async (req) => updateCampaign(db, actorOf(req), scopeOf(requireStaff(req)), req.params.campaignId, req.body),
  );

  app.get(
    '/api/console/campaigns/:campaignId/preview',
    {
      config: staff('viewer'),
      schema: {
        tags: ['campaigns'],
        operationId: 'previewCampaign',
        summary: '符合条件的会员数与最多可发券数（审批前预览）',
        params: CampaignParams,
        response: { 200: z.object({ eligibleMembers: z.number(), maxCoupons: z.number().nullable() }) },
      },
    },
    async (req) => previewCampaign(db, scopeOf(requireStaff(req)), req.params.campaignId),
  );

  // Submitting and pausing are the operator's; approving, rejecting and ending are a reviewer's.
  const ACTIONS = {
    submit: { role: 'operator', summary: '提交审批', reason: false },
    approve: { role: 'reviewer', summary: '批准（须为提交人以外的另一位工作人员）', reason: false },
    reject: { role: 'reviewer', summary: '退回修改', reason: true },
    pause: { role: 'operator', summary: '暂停领取', reason: true },
    resume: { role: 'operator', summary: '恢复领取', reason: false },
    end: { role: 'reviewer', summary: '提前结束活动', reason: true },
  } as const;
  for (const [action, spec] of Object.entries(ACTIONS) as [keyof typeof ACTIONS, (typeof ACTIONS)[keyof typeof ACTIONS]][]) {
    app.post(
      `/api/console/campaigns/:campaignId/${action}`,
      {
        config: staff(spec.role),
        schema: {
          tags: ['campaigns'],
          operationId: `${action}Campaign`,
          summary: spec.summary,
          params: CampaignParams,
          body: spec.reason ? z.strictObject({ reason: Reason }) : z.strictObject({ reason: Reason.nullish() }),
          response: { 200: CampaignResponse },
        },
      },
      async (req) =>
        changeCampaignStatus(db, actorOf(req), scopeOf(requireStaff(req)), req.params.campaignId, action, req.body.reason ?? null),
    );
  }

  app.get(
    '/api/console/campaigns/:campaignId/stats',
    {
      config: staff('viewer'),
      schema: {
        tags: ['campaigns'],
        operationId: 'getCampaignStats',
        summary: '活动统计：领取、核销、核销率、金额（按日、行业、地区），活动期间入会的会员',
        params: CampaignParams,
        response: { 200: StatsResponse },
      },
    },
    async (req) => campaignStats(db, scopeOf(requireStaff(req)), req.params.campaignId),
  );

  app.get(
    '/api/console/campaign-settlements',
    {
      config: staff('viewer'),
      schema: {
        tags: ['campaigns'],
        operationId: 'listCampaignSettlements',
        summary: '商户结算：按日、商户、活动汇总的核销',
        querystring: SettlementQuery,
        response: { 200: z.object({ items: z.array(SettlementLineResponse) }) },
      },
    },
    async (req) => ({ items: await settlementLines(db, { scope: scopeOf(requireStaff(req)) }, req.query) }),
  );

  app.get(
    '/api/console/campaign-settlements/export',
    {
      config: staff('viewer'),
      schema: {
        tags: ['campaigns'],
        operationId: 'exportCampaignSettlements',
        summary: '导出商户结算 .xlsx（记入审计）',
        querystring: SettlementQuery,
      },
    },
    async (req, reply) => {
      const { from, to } = req.query;
      return streamDownload(
        reply,
        req.log,
        { type: XLSX_TYPE, asciiName: `settlement-${from}-${to}.xlsx`, name: `商户结算-${from}至${to}.xlsx` },
        (out) => writeSettlementXlsx(db, actorOf(req), scopeOf(requireStaff(req)), req.query, out),
      );
    },
  );

  app.get(
    '/api/console/campaign-claim-flags',
    {
      config: staff('reviewer'),
      schema: {
        tags: ['campaigns'],
        operationId: 'listClaimFlags',
        summary: '疑似脚本领券的账号',
        querystring: z.strictObject({
          status: z.enum(['open', 'cleared', 'blocked']).default('open'),
          cursor: z.string().max(100).optional(),
          limit: Limit(200, 50),
        }),
        response: { 200: z.object({ items: z.array(ClaimFlagResponse), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => listClaimFlags(db, scopeOf(requireStaff(req)), req.query),
  );

  for (const decision of ['clear', 'block'] as const) {
    app.post(
      `/api/console/campaign-claim-flags/:flagId/${decision}`,
      {
        config: staff('reviewer'),
        schema: {
          tags: ['campaigns'],
          operationId: `${decision}ClaimFlag`,
          summary: decision === 'clear' ? '解除标记（确认为正常领取）' : '限制该账号领券，并作废其未使用的券',
          params: IdParams('flagId'),
          body: z.strictObject({ reason: Reason }),
          response: { 200: ClaimFlagResponse },
        },
      },
      async (req) => decideClaimFlag(db, actorOf(req), scopeOf(requireStaff(req)), req.params.flagId, decision, req.body.reason),
    );
  }
}
