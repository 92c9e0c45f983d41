// The console's transfers: the lists in and out, the decisions, and a transfer staff start.
import { z } from 'zod';
import { hasRole, scopeOf } from '../../../platform/access/access.js';
import { actorOf, requireStaff } from '../../../platform/http/guard.js';
import { IdParams, Limit, Reason } from '../../../platform/http/zod.js';
import { decideTransfer, listTransfers, staffTransfer } from '../service/index.js';
import { ListedTransferResponse, TransferResponse, MemberParams } from './contracts.js';
import { staff, type MembersApp } from './access.js';

export function registerTransferRoutes(app: MembersApp): void {
  const p = app.platform;
  const db = p.db;
  app.get(
    '/api/console/member-transfers',
    {
      config: staff('viewer'),
      schema: {
        tags: ['members'],
        operationId: 'listTransfers',
        summary: '转会（转入 / 转出）',
        querystring: z.strictObject({
          direction: z.enum(['in', 'out']).default('in'),
          status: z.enum(['proposed', 'requested', 'completed', 'rejected', 'cancelled']).optional(),
          limit: Limit(200, 100),
        }),
        response: { 200: z.object({ items: z.array(ListedTransferResponse) }) },
      },
    },
    async (req) => {
      const me = requireStaff(req);
      // The flags say what this staff member may do: decisions take the reviewer role.
      return { items: await listTransfers(db, p, scopeOf(me), req.query, hasRole(me, 'members', 'reviewer')) };
    },
  );

  for (const decision of ['accept', 'release', 'reject'] as const) {
    app.post(
      `/api/console/member-transfers/:transferId/${decision}`,
      {
        config: staff('reviewer'),
        schema: {
          tags: ['members'],
          operationId: `${decision}Transfer`,
          summary: { accept: '转入方接收', release: '转出方同意转出', reject: '驳回转会' }[decision],
          params: IdParams('transferId'),
          body: decision === 'reject' ? z.strictObject({ reason: Reason }) : z.strictObject({ reason: Reason.nullish() }),
          response: { 200: TransferResponse },
        },
      },
      async (req) =>
        decideTransfer(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.transferId, decision, req.body.reason ?? null),
    );
  }

  app.post(
    '/api/console/members/:memberId/transfers',
    {
      config: staff('operator'),
      schema: {
        tags: ['members'],
        operationId: 'startMemberTransfer',
        summary: '发起转会（本工会同意转出）',
        params: MemberParams,
        body: z.strictObject({ toOrgId: z.uuid(), reason: Reason }),
        response: { 201: TransferResponse },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await staffTransfer(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.memberId, req.body.toOrgId, req.body.reason)),
  );
}
