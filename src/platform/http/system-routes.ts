import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ping } from '../db/tx.js';
import { commonErrors } from '../errors/app-error.js';
import { listChildRegions } from '../regions/regions.js';

export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  const open = { access: { auth: 'public' } } as const;

  // Liveness: the process answers. Deliberately touches nothing else (it is also the bench baseline).
  app.get(
    '/api/health',
    {
      config: open,
      schema: {
        tags: ['system'],
        operationId: 'checkHealth',
        summary: '存活检查',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({
      status: 'ok' as const,
    }),
  );

  // Readiness: the database answers; a load balancer takes the instance out while it does not.
  app.get(
    '/api/ready',
    {
      config: open,
      schema: {
        tags: ['system'],
        operationId: 'checkReadiness',
        summary: '就绪检查（数据库可达）',
        response: {
          200: z.object({
            status: z.literal('ready'),
            database: z.string(),
            // With DATABASE_READ_URL: whether reads go to the standby now, and how far behind it was last seen.
            replica: z.object({ inUse: z.boolean(), stalenessMs: z.number().nullable(), reason: z.string() }).optional(),
          }),
        },
      },
    },
    async () => {
      try {
        await ping(app.platform.db);
      } catch (error) {
        throw commonErrors.unavailable({}, { cause: error });
      }
      const replica = app.database.replica?.state;
      return { status: 'ready' as const, database: app.platform.driver, ...(replica ? { replica } : {}) };
    },
  );

  app.get(
    '/api/regions',
    {
      config: open,
      schema: {
        tags: ['system'],
        operationId: 'listRegions',
        summary: '行政区划（GB/T 2260，至乡镇街道）',
        querystring: z.strictObject({
          parent: z
            .string()
            .regex(/^(\d{2}|\d{4}|\d{6})$/)
            .optional(),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                code: z.string(),
                name: z.string(),
                level: z.enum(['province', 'city', 'county', 'township']),
              }),
            ),
          }),
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=86400');
      return {
        items: listChildRegions(req.query.parent ?? null).map(({ code, name, level }) => ({ code, name, level })),
      };
    },
  );
};
