// The member's campaigns in the H5: what is open to them, the claim button, their coupons.
import { z } from 'zod';
import { requireMember } from '../../../platform/http/guard.js';
import { declaredKeysSerializer, IdParams, Limit } from '../../../platform/http/zod.js';
import {
  bindChannelUser,
  claimCoupon,
  issueCouponToken,
  getMemberCoupon,
  listMemberCampaigns,
  listMemberCoupons,
  requestClaimCode,
} from '../service/index.js';
import { member, type CampaignsApp } from './access.js';
import { MemberCampaignResponse, MemberCouponResponse } from './contracts.js';

// The H5 keeps a random id per browser in localStorage and sends it with each claim: a phone farm's
// many accounts on one device show as one id (abuse.ts). Absent or malformed, the claim still counts.
const DeviceHeader = z.object({ 'x-device-id': z.string().optional() });
const deviceIdOf = (raw: string | undefined): string | null => (raw && /^[A-Za-z0-9_-]{8,64}$/.test(raw) ? raw : null);

export function registerMemberRoutes(app: CampaignsApp): void {
  const p = app.platform;
  const db = p.db;

  app.get(
    '/api/member/campaigns',
    {
      config: member,
      schema: {
        tags: ['campaigns'],
        operationId: 'listMemberCampaigns',
        summary: '我能参加的普惠活动（含不符合条件的原因、下次开抢时间）',
        response: { 200: z.object({ items: z.array(MemberCampaignResponse), serverTime: z.string() }) },
      },
    },
    async (req) => {
      const now = new Date();
      // The server's clock with the list: the countdown runs on it, not on a phone's wrong clock.
      return { items: await listMemberCampaigns(db, requireMember(req).accountId, now), serverTime: now.toISOString() };
    },
  );

  app.post(
    '/api/member/campaigns/:campaignId/claim',
    {
      config: { ...member, problems: [403, 404, 409, 422, 429] },
      schema: {
        tags: ['campaigns'],
        operationId: 'claimCoupon',
        summary: '领券（每人每天限领、先到先得；已领完、已领过、不符合条件、未开始均有明确的错误码）',
        params: IdParams('campaignId'),
        headers: DeviceHeader,
        body: z.strictObject({ smsCode: z.string().trim().max(10).optional() }).nullish(),
        response: { 201: MemberCouponResponse },
      },
      // The release second's call: the handler builds the answer field by field (declaredKeysSerializer).
      serializerCompiler: declaredKeysSerializer,
    },
    async (req, reply) => {
      const me = requireMember(req);
      const granted = await claimCoupon(
        p,
        {
          accountId: me.accountId,
          campaignId: req.params.campaignId,
          ip: req.ip,
          deviceId: deviceIdOf(req.headers['x-device-id']),
          now: new Date(),
        },
        { phone: () => me.phone, smsCode: req.body?.smsCode },
      );
      return reply.code(201).send(granted);
    },
  );

  app.post(
    '/api/member/campaigns/:campaignId/claim-code',
    {
      config: { ...member, problems: [404, 409, 429] },
      schema: {
        tags: ['campaigns'],
        operationId: 'requestClaimCode',
        summary: '获取领券短信验证码（活动要求时；每天开抢后才能获取）',
        params: IdParams('campaignId'),
        response: { 200: z.object({ expiresInSeconds: z.number() }) },
      },
    },
    async (req) => requestClaimCode(p, { campaignId: req.params.campaignId, phone: requireMember(req).phone, ip: req.ip, now: new Date() }),
  );

  app.get(
    '/api/member/coupons',
    {
      config: member,
      schema: {
        tags: ['campaigns'],
        operationId: 'listMemberCoupons',
        summary: '我的券（新的在前）',
        querystring: z.strictObject({ limit: Limit(200, 50) }),
        response: { 200: z.object({ items: z.array(MemberCouponResponse) }) },
      },
    },
    async (req) => ({ items: await listMemberCoupons(db, requireMember(req).accountId, req.query.limit) }),
  );

  app.get(
    '/api/member/coupons/:couponId',
    {
      config: member,
      schema: {
        tags: ['campaigns'],
        operationId: 'getMemberCoupon',
        summary: '我的一张券（出示给收银员扫码或输入券码）',
        params: IdParams('couponId'),
        response: { 200: MemberCouponResponse },
      },
    },
    async (req) => getMemberCoupon(db, requireMember(req).accountId, req.params.couponId),
  );

  app.post(
    '/api/member/coupons/:couponId/qr',
    {
      config: { ...member, problems: [404, 409] },
      schema: {
        tags: ['campaigns'],
        operationId: 'issueCouponQr',
        summary: '券的二维码（1 分钟内有效，过期自动刷新；截图无效）',
        params: IdParams('couponId'),
        response: { 200: z.object({ token: z.string(), expiresAt: z.date() }) },
      },
    },
    async (req) => issueCouponToken(p, requireMember(req).accountId, req.params.couponId),
  );

  app.put(
    '/api/member/channel-accounts/wechatpay',
    {
      config: member,
      schema: {
        tags: ['campaigns'],
        operationId: 'bindWechatAccount',
        summary: '记录本账号在微信中的身份（微信内打开时由网页授权取得），用于把券发到微信卡包',
        body: z.strictObject({ appId: z.string().regex(/^wx[0-9a-f]{16}$/), openid: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await bindChannelUser(db, requireMember(req).accountId, req.body);
      return reply.code(204).send(null);
    },
  );
}
