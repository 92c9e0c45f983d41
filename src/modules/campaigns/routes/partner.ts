// The merchant's side, over the signed partner API: redeem a coupon at the till, undo it the same day,
// and read the settlement. Every state change takes an Idempotency-Key: a cashier's retry after a
// dropped connection redeems once and gets the first answer.
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Tx } from '../../../platform/db/tx.js';
import { requirePartner } from '../../../platform/http/guard.js';
import { sendIdempotent } from '../../../platform/http/idempotent.js';
import { t } from '../../../platform/i18n/i18n.js';
import { IdParams, Reason } from '../../../platform/http/zod.js';
import { applyChannelUse, codeOfCouponToken, redeemCoupon, settlementLines, voidRedemption } from '../service/index.js';
import { open, partner, partnerRead, type CampaignsApp } from './access.js';
import { RedemptionResponse, SettlementLineResponse, SettlementQuery } from './contracts.js';

const IdempotencyHeader = z.object({ 'idempotency-key': z.string().optional() });

export function registerPartnerRoutes(app: CampaignsApp): void {
  const db = app.platform.db;

  const idempotent = <T>(req: FastifyRequest, reply: FastifyReply, fn: (tx: Tx) => Promise<T>) =>
    sendIdempotent(db, req, reply, async (tx) => ({ status: 200, body: await fn(tx) }));

  app.post(
    '/partner/v1/coupons/redeem',
    {
      config: { ...partner, problems: [404, 409, 422] },
      schema: {
        tags: ['partner-api'],
        operationId: 'redeemCoupon',
        summary: '核销会员的券（扫码或输入券码；订单金额须达到使用门槛；需 Idempotency-Key）',
        headers: IdempotencyHeader,
        // The scanned QR's token, or the 12 digits under it typed by the cashier: one of the two.
        body: z
          .strictObject({
            code: z
              .string()
              .trim()
              .regex(/^\d{12}$/)
              .optional(),
            token: z.string().trim().min(10).max(400).optional(),
            orderAmountFen: z.number().int().min(1).max(100_000_000),
            orderRef: z.string().trim().max(64).nullish(),
          })
          .refine((b) => (b.code === undefined) !== (b.token === undefined), { error: () => t('problems.campaigns.code_or_token') }),
        response: { 200: RedemptionResponse },
      },
    },
    async (req, reply) => {
      const { orderAmountFen, orderRef } = req.body;
      const code = req.body.code ?? codeOfCouponToken(app.platform, req.body.token ?? '');
      return idempotent(req, reply, (tx) => redeemCoupon(tx, requirePartner(req), { code, orderAmountFen, orderRef }));
    },
  );

  app.post(
    '/partner/v1/redemptions/:redemptionId/void',
    {
      config: { ...partner, problems: [404, 409] },
      schema: {
        tags: ['partner-api'],
        operationId: 'voidRedemption',
        summary: '撤销当天的核销（如退货），券退回会员；需 Idempotency-Key',
        headers: IdempotencyHeader,
        params: IdParams('redemptionId'),
        body: z.strictObject({ reason: Reason }),
        response: { 200: RedemptionResponse },
      },
    },
    async (req, reply) => idempotent(req, reply, (tx) => voidRedemption(tx, requirePartner(req), req.params.redemptionId, req.body.reason)),
  );

  app.get(
    '/partner/v1/settlements',
    {
      config: partnerRead,
      schema: {
        tags: ['partner-api'],
        operationId: 'listOwnSettlements',
        summary: '本店的核销汇总（按日、活动）',
        querystring: SettlementQuery.omit({ partnerId: true }),
        response: { 200: z.object({ items: z.array(SettlementLineResponse) }) },
      },
    },
    async (req) => ({ items: await settlementLines(db, { partnerId: requirePartner(req).partnerId }, req.query) }),
  );

  // WeChat Pay calls this when a coupon issued into its system is used; the signature and the
  // encryption are the proof (checked by the channel), not a session. It retries until a 2xx.
  app.post(
    '/api/channels/wechatpay/coupon-notify',
    {
      config: { ...open, problems: [409] },
      schema: {
        tags: ['campaigns'],
        operationId: 'receiveWechatCouponUse',
        summary: '微信支付代金券核销通知（验签、解密，同一通知只处理一次）',
        response: { 200: z.object({ code: z.literal('SUCCESS'), outcome: z.enum(['applied', 'duplicate', 'ignored']) }) },
      },
    },
    async (req) => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
      return { code: 'SUCCESS' as const, outcome: await applyChannelUse(db, app.platform, headers, req.rawBody) };
    },
  );
}
