// The console's roll: list, export, statistics, a member's page, reveal and status changes.
import { z } from 'zod';
import { scopeOf } from '../../../platform/access/access.js';
import { streamDownload, XLSX_TYPE } from '../../../platform/http/downloads.js';
import { actorOf, requireStaff } from '../../../platform/http/guard.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { declaredKeysSerializer, Limit, Reason } from '../../../platform/http/zod.js';
import {
  changeMemberStatus,
  getMemberPage,
  listMembers,
  revealMember,
  rollStats,
  startRollExport,
  writeRollXlsx,
} from '../service/index.js';
import { HistoryEntryResponse, MemberResponse, TransferResponse, StatsRow, RollQuery, MemberParams } from './contracts.js';
import { staff, type MembersApp } from './access.js';

export function registerRollRoutes(app: MembersApp): void {
  const p = app.platform;
  const db = p.db;
  // ---------------------------------------------------------------------------------------------
  // Console: the roll.

  app.get(
    '/api/console/members',
    {
      config: staff('viewer'),
      // Every page of the roll and every look-up: see declaredKeysSerializer.
      serializerCompiler: declaredKeysSerializer,
      schema: {
        tags: ['members'],
        operationId: 'listMembers',
        summary: '会员名册（本辖区）',
        querystring: RollQuery.extend({
          sort: z.enum(['joined_desc', 'joined_asc']).default('joined_desc'),
          cursor: z.string().max(100).optional(),
          limit: Limit(200, 50),
        }),
        response: {
          200: z.object({
            items: z.array(MemberResponse.omit({ idNumberMasked: true, phoneMasked: true, workAddressMasked: true })),
            nextCursor: z.string().nullable(),
            total: z.number(),
            totalCapped: z.boolean(),
          }),
        },
      },
    },
    // A page of the roll may be a few seconds old: from the standby when there is one (DATABASE_READ_URL).
    async (req) => listMembers(p.readDb(), p, scopeOf(requireStaff(req)), req.query),
  );

  app.get(
    '/api/console/members/export.xlsx',
    {
      config: staff('viewer'),
      schema: {
        tags: ['members'],
        operationId: 'exportMembers',
        summary: '导出会员名册 .xlsx（脱敏，流式，须填写原因，记入审计）',
        querystring: RollQuery.extend({ reason: Reason }),
      },
    },
    async (req, reply) => {
      const { reason, ...filter } = req.query;
      const scope = scopeOf(requireStaff(req));
      const actor = actorOf(req);
      await startRollExport(db, p, actor, scope, filter, reason);
      const day = shanghaiDay(new Date()).replaceAll('-', '');
      return streamDownload(reply, req.log, { type: XLSX_TYPE, asciiName: `members-${day}.xlsx`, name: `会员名册-${day}.xlsx` }, (out) =>
        writeRollXlsx(db, p, actor, scope, filter, out),
      );
    },
  );

  app.get(
    '/api/console/members/stats',
    {
      config: staff('viewer'),
      schema: {
        tags: ['members'],
        operationId: 'getMemberStats',
        summary: '会员统计（本级及各下级）',
        querystring: z.strictObject({ orgId: z.uuid().optional() }),
        response: { 200: z.object({ node: StatsRow, children: z.array(StatsRow) }) },
      },
    },
    async (req) => rollStats(db, scopeOf(requireStaff(req)), req.query.orgId),
  );

  app.get(
    '/api/console/members/:memberId',
    {
      config: staff('viewer'),
      schema: {
        tags: ['members'],
        operationId: 'getMember',
        summary: '会员详情与履历',
        params: MemberParams,
        response: {
          200: z.object({
            member: MemberResponse,
            timeline: z.array(HistoryEntryResponse.extend({ actorKind: z.string(), actorName: z.string().nullable() })),
            transfers: z.array(TransferResponse),
          }),
        },
      },
    },
    async (req) => getMemberPage(db, p, scopeOf(requireStaff(req)), req.params.memberId),
  );

  app.post(
    '/api/console/members/:memberId/reveal',
    {
      config: staff('viewer'),
      schema: {
        tags: ['members'],
        operationId: 'revealMember',
        summary: '查看会员完整个人信息（须填写原因，记入审计）',
        params: MemberParams,
        body: z.strictObject({ reason: Reason }),
        response: {
          200: z.object({
            name: z.string().nullable(),
            idNumber: z.string().nullable(),
            phone: z.string().nullable(),
            workAddress: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => revealMember(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.memberId, req.body.reason),
  );

  app.post(
    '/api/console/members/:memberId/status',
    {
      config: staff('operator'),
      schema: {
        tags: ['members'],
        operationId: 'changeMemberStatus',
        summary: '停用、恢复、退会、登记身故',
        params: MemberParams,
        body: z.strictObject({ action: z.enum(['suspend', 'reinstate', 'leave', 'record_death']), reason: Reason }),
        response: { 200: MemberResponse },
      },
    },
    async (req) =>
      changeMemberStatus(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.memberId, req.body.action, req.body.reason),
  );
}
