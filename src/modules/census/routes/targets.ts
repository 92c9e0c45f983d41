// The console's yearly join targets: a union's and its children's, with progress.
import { z } from 'zod';
import { scopeOf } from '../../../platform/access/access.js';
import { actorOf, requireStaff } from '../../../platform/http/guard.js';
import { TRADES } from '#modules/orgs';
import { setTarget, targetReport } from '../service/index.js';
import { staff, type CensusApp } from './access.js';
import { TargetReportResponse } from './contracts.js';

const Year = z.coerce.number().int().min(2000).max(2100);

export function registerTargetRoutes(app: CensusApp): void {
  const db = app.platform.db;

  app.get(
    '/api/console/census/targets',
    {
      config: staff('viewer'),
      schema: {
        tags: ['census'],
        operationId: 'getJoinTargets',
        summary: '年度入会目标：本级（或指定工会）及各下级的目标、本年入会数和完成率',
        querystring: z.strictObject({ orgId: z.uuid().optional(), year: Year, trade: z.enum(TRADES).optional() }),
        response: { 200: TargetReportResponse },
      },
    },
    async (req) => targetReport(db, scopeOf(requireStaff(req)), req.query),
  );

  app.put(
    '/api/console/census/targets',
    {
      config: staff('admin'),
      schema: {
        tags: ['census'],
        operationId: 'setJoinTarget',
        summary: '设定某工会的年度入会目标（下级目标之和不能超过上级）；target 为空则取消',
        body: z.strictObject({
          orgId: z.uuid(),
          year: Year,
          trade: z.enum(TRADES).optional(),
          target: z.number().int().min(0).max(100_000_000).nullable(),
        }),
        response: { 200: TargetReportResponse },
      },
    },
    async (req) => {
      const scope = scopeOf(requireStaff(req));
      await setTarget(db, actorOf(req), scope, req.body);
      return targetReport(db, scope, { orgId: req.body.orgId, year: req.body.year, trade: req.body.trade });
    },
  );
}
