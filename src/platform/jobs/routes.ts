import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffRoute } from '../access/access.js';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.js';
import { inTransaction } from '../db/tx.js';
import { commonErrors } from '../errors/app-error.js';
import { actorOf } from '../http/guard.js';
import { Limit } from '../http/zod.js';
import { listJobRuns, listJobs } from './scheduler.js';

const JobName = z.string().regex(/^[a-z0-9_.-]{1,64}$/);

export const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  // Jobs are platform-wide (sessions purge, nonces purge…): only staff given the jobs role see them.
  const viewer = staffRoute('jobs', 'viewer');
  const admin = staffRoute('jobs', 'admin');

  app.get(
    '/api/console/jobs',
    {
      config: viewer,
      schema: {
        tags: ['jobs'],
        operationId: 'listJobs',
        summary: '后台任务',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                name: z.string(),
                intervalSeconds: z.number(),
                nextRunAt: z.date(),
                lockedBy: z.string().nullable(),
                lockedUntil: z.date().nullable(),
                attempts: z.number(),
                lastStartedAt: z.date().nullable(),
                lastFinishedAt: z.date().nullable(),
                lastStatus: z.string().nullable(),
                lastError: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ items: await listJobs(app.platform.db) }),
  );

  app.get(
    '/api/console/jobs/runs',
    {
      config: viewer,
      schema: {
        tags: ['jobs'],
        operationId: 'listJobRuns',
        summary: '后台任务运行记录',
        querystring: z.strictObject({
          name: JobName.optional(),
          limit: Limit(200, 50),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                name: z.string(),
                instance: z.string(),
                attempt: z.number(),
                startedAt: z.date(),
                finishedAt: z.date().nullable(),
                status: z.string(),
                error: z.string().nullable(),
                summary: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({
      items: await listJobRuns(app.platform.db, req.query.name, req.query.limit),
    }),
  );

  app.post(
    '/api/console/jobs/:name/run',
    {
      config: admin,
      schema: {
        tags: ['jobs'],
        operationId: 'runJob',
        summary: '立即运行',
        params: z.strictObject({ name: JobName }),
        response: { 200: z.object({ ran: z.boolean() }) },
      },
    },
    async (req) => {
      if (!app.jobs.definitions.some((j) => j.name === req.params.name)) throw commonErrors.notFound();
      const ran = await app.jobs.runNow(req.params.name);
      await inTransaction(app.platform.db, (tx) =>
        recordAudit(tx, actorOf(req), {
          action: 'jobs.run_now',
          targetType: 'job',
          targetId: req.params.name,
          details: { ran },
        }),
      );
      return { ran };
    },
  );
};
