import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf, staffRoute } from '../access/access.js';
import { requireStaff } from '../http/guard.js';
import { Instant, Limit } from '../http/zod.js';
import { listAuditRecords } from './audit.js';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/console/audit',
    {
      config: staffRoute('audit', 'viewer'),
      schema: {
        tags: ['audit'],
        operationId: 'listAuditRecords',
        summary: '本辖区审计日志',
        querystring: z.strictObject({
          action: z.string().max(64).optional(),
          actorId: z.string().max(64).optional(),
          targetId: z.string().max(64).optional(),
          from: Instant.optional(),
          to: Instant.optional(),
          beforeSeq: z.coerce.number().int().positive().optional(),
          limit: Limit(200, 50),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                seq: z.number(),
                at: z.date(),
                actorKind: z.string(),
                actorId: z.string().nullable(),
                actorName: z.string().nullable(),
                orgId: z.string().nullable(),
                orgPath: z.string().nullable(),
                action: z.string(),
                targetType: z.string().nullable(),
                targetId: z.string().nullable(),
                reason: z.string().nullable(),
                requestId: z.string().nullable(),
                ip: z.string().nullable(),
                details: z.record(z.string(), z.unknown()).nullable(),
                hash: z.string(),
              }),
            ),
            nextBeforeSeq: z.number().nullable(),
          }),
        },
      },
    },
    async (req) =>
      listAuditRecords(app.platform.db, {
        scope: scopeOf(requireStaff(req)),
        ...req.query,
      }),
  );
};
