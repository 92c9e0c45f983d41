import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf, staffRoute } from '../../platform/access/access.js';
import { sendIdempotent } from '../../platform/http/idempotent.js';
import { actorOf, requirePartner, requireStaff } from '../../platform/http/guard.js';
import { NoContent } from '../../platform/http/openapi.js';
import { IdParams, Reason } from '../../platform/http/zod.js';
import {
  createPartner,
  getOwnPartner,
  getPartner,
  issuePartnerKey,
  listPartners,
  PARTNER_KINDS,
  revealPartnerContactPhone,
  revokePartnerKey,
  touchPartnerKey,
  updateOwnProfile,
} from './service.js';

const PartnerResponse = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  kind: z.enum(PARTNER_KINDS),
  uscc: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhoneMasked: z.string().nullable(),
  status: z.enum(['active', 'suspended']),
  createdAt: z.date(),
  keys: z.array(
    z.object({
      id: z.string(),
      label: z.string().nullable(),
      createdAt: z.date(),
      revokedAt: z.date().nullable(),
      lastUsedAt: z.date().nullable(),
    }),
  ),
});
const PartnerIdParams = IdParams('partnerId');

export const partnerRoutes: FastifyPluginAsyncZod = async (app) => {
  const p = app.platform;
  const db = p.db;
  const viewer = staffRoute('partners', 'viewer');
  const admin = staffRoute('partners', 'admin');
  const partnerAccess = { access: { auth: 'partner' } } as const;

  app.get(
    '/api/console/partners',
    {
      config: viewer,
      schema: {
        tags: ['partners'],
        operationId: 'listPartners',
        summary: '本辖区合作单位',
        response: { 200: z.object({ items: z.array(PartnerResponse) }) },
      },
    },
    async (req) => ({
      items: await listPartners(db, p, scopeOf(requireStaff(req))),
    }),
  );

  app.get(
    '/api/console/partners/:partnerId',
    {
      config: viewer,
      schema: {
        tags: ['partners'],
        operationId: 'getPartner',
        summary: '合作单位详情',
        params: PartnerIdParams,
        response: { 200: PartnerResponse },
      },
    },
    async (req) => getPartner(db, p, scopeOf(requireStaff(req)), req.params.partnerId),
  );

  app.post(
    '/api/console/partners',
    {
      config: admin,
      schema: {
        tags: ['partners'],
        operationId: 'registerPartner',
        summary: '登记合作单位（商户、医院、公交公司等）',
        body: z.strictObject({
          orgId: z.uuid(),
          name: z.string().trim().min(2).max(100),
          kind: z.enum(PARTNER_KINDS),
          uscc: z.string().trim().max(18).nullish(),
        }),
        response: { 201: PartnerResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await createPartner(db, p, actorOf(req), scopeOf(requireStaff(req)), req.body)),
  );

  app.post(
    '/api/console/partners/:partnerId/reveal-contact-phone',
    {
      config: viewer,
      schema: {
        tags: ['partners'],
        operationId: 'revealPartnerContactPhone',
        summary: '查看联系人完整手机号（须填写原因，记入审计）',
        params: PartnerIdParams,
        body: z.strictObject({ reason: Reason }),
        response: { 200: z.object({ contactPhone: z.string().nullable() }) },
      },
    },
    async (req) => ({
      contactPhone: await revealPartnerContactPhone(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.partnerId, req.body.reason),
    }),
  );

  app.post(
    '/api/console/partners/:partnerId/keys',
    {
      config: admin,
      schema: {
        tags: ['partners'],
        operationId: 'issuePartnerKey',
        summary: '签发接口密钥（密钥只显示这一次）',
        params: PartnerIdParams,
        body: z.strictObject({ label: z.string().trim().max(50).nullish() }),
        response: { 201: z.object({ keyId: z.string(), secret: z.string() }) },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await issuePartnerKey(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.partnerId, req.body.label ?? null)),
  );

  app.post(
    '/api/console/partners/:partnerId/keys/:keyId/revoke',
    {
      config: { ...admin, problems: [409] },
      schema: {
        tags: ['partners'],
        operationId: 'revokePartnerKey',
        summary: '吊销接口密钥',
        params: z.strictObject({
          partnerId: z.uuid(),
          keyId: z.string().regex(/^pk_[A-Za-z0-9_-]{8,64}$/),
        }),
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await revokePartnerKey(db, actorOf(req), scopeOf(requireStaff(req)), req.params.partnerId, req.params.keyId);
      return reply.code(204).send(null);
    },
  );

  // The partner API itself: every request signed (see docs/PARTNER_API.md).
  app.get(
    '/partner/v1/me',
    {
      config: partnerAccess,
      schema: {
        tags: ['partner-api'],
        operationId: 'getCurrentPartner',
        summary: '当前合作单位',
        response: {
          200: z.object({
            partner: PartnerResponse.omit({ keys: true }),
            keyId: z.string(),
          }),
        },
      },
    },
    async (req) => {
      const principal = requirePartner(req);
      await touchPartnerKey(p.db, principal.keyId, new Date());
      const { keys: _keys, ...partner } = await getOwnPartner(db, p, principal);
      return { partner, keyId: principal.keyId };
    },
  );

  app.patch(
    '/partner/v1/profile',
    {
      config: { ...partnerAccess, problems: [422] },
      schema: {
        tags: ['partner-api'],
        operationId: 'updatePartnerProfile',
        summary: '更新本单位联系人（需 Idempotency-Key）',
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        body: z.strictObject({
          contactName: z.string().trim().min(1).max(50).optional(),
          contactPhone: z.string().trim().max(20).optional(),
        }),
      },
    },
    async (req, reply) => {
      const principal = requirePartner(req);
      return sendIdempotent(db, req, reply, async (tx) => {
        const { keys: _keys, ...partner } = await updateOwnProfile(db, p, tx, actorOf(req), principal, req.body);
        return { status: 200, body: partner };
      });
    },
  );
};
