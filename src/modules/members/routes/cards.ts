// Member cards: the public keys for offline checks, and the partners' online check.
import { z } from 'zod';
import { requirePartner } from '../../../platform/http/guard.js';
import { declaredKeysSerializer } from '../../../platform/http/zod.js';
import { MEMBER_STATUSES } from '../rules.js';
import { cardKeyring, verifyCard } from '../service/index.js';
import { open, partnerRead, type MembersApp } from './access.js';

export function registerCardRoutes(app: MembersApp): void {
  const p = app.platform;
  const db = p.db;
  // ---------------------------------------------------------------------------------------------
  // Cards: the public keys, and the partner's online check.

  app.get(
    '/api/cards/keys',
    {
      config: open,
      schema: {
        tags: ['members'],
        operationId: 'listCardKeys',
        summary: '会员卡二维码的验签公钥（Ed25519，可离线验签）',
        response: {
          200: z.object({
            keys: z.array(z.object({ kid: z.string(), alg: z.literal('Ed25519'), publicKey: z.string(), pem: z.string() })),
          }),
        },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return { keys: cardKeyring(p).published() };
    },
  );

  app.post(
    '/partner/v1/cards/verify',
    {
      config: partnerRead,
      // The partners' hottest call: see declaredKeysSerializer.
      serializerCompiler: declaredKeysSerializer,
      schema: {
        tags: ['partner-api'],
        operationId: 'verifyMemberCard',
        summary: '在线核验会员卡二维码',
        body: z.strictObject({ token: z.string().trim().min(1).max(8000) }),
        response: {
          200: z.object({
            valid: z.literal(true),
            memberNo: z.string(),
            nameMasked: z.string().nullable(),
            status: z.enum(MEMBER_STATUSES),
            orgName: z.string(),
            expiresAt: z.date(),
          }),
        },
      },
    },
    async (req) => {
      requirePartner(req);
      return verifyCard(db, p, req.body.token);
    },
  );
}
