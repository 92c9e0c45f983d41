// The worker's own routes, in the H5: membership, joining, the card, work place and transfers, leaving.
import { z } from 'zod';
import { actorOf, requireMember } from '../../../platform/http/guard.js';
import { declaredKeysSerializer, IdParams, Limit, Reason } from '../../../platform/http/zod.js';
import { listEmployerUnions } from '#modules/orgs';
import { employerNameOfUnion, MEMBER_STATUSES } from '../rules.js';
import {
  cancelOwnTransfer,
  changeWork,
  confirmProposedTransfer,
  issueCard,
  latestOwnApplication,
  leaveOwnMembership,
  memberOfAccount,
  openOwnTransfer,
  ownMembershipHistory,
  previewPlacement,
  requestTransfer,
  submitApplication,
  toMembers,
  withdrawApplication,
} from '../service/index.js';
import {
  EmployerUnionResponse,
  Trade,
  RegionCode9,
  Uscc,
  OwnApplicationResponse,
  HistoryEntryResponse,
  MemberResponse,
  TransferResponse,
  PlacementResponse,
  WorkBody,
} from './contracts.js';
import { member, type MembersApp } from './access.js';

export function registerMemberSelfRoutes(app: MembersApp): void {
  const p = app.platform;
  const db = p.db;
  // ---------------------------------------------------------------------------------------------
  // The worker, in the H5.

  app.get(
    '/api/member/membership',
    {
      config: member,
      schema: {
        tags: ['members'],
        operationId: 'getOwnMembership',
        summary: '我的会员状态（会员信息、最近一次入会申请、进行中的转会）',
        response: {
          200: z.object({
            member: MemberResponse.nullable(),
            application: OwnApplicationResponse.nullable(),
            transfer: TransferResponse.nullable(),
          }),
        },
      },
    },
    async (req) => {
      const me = requireMember(req);
      const row = await memberOfAccount(db, me.accountId);
      const [own] = row ? await toMembers(db, p, [row]) : [];
      return {
        member: own ?? null,
        application: await latestOwnApplication(db, p, me.accountId),
        transfer: row ? await openOwnTransfer(db, p, row.id) : null,
      };
    },
  );

  app.get(
    '/api/member/membership/history',
    {
      config: member,
      schema: {
        tags: ['members'],
        operationId: 'listOwnMembershipHistory',
        summary: '我的会籍记录（入会、转会、暂停、恢复等，新的在前）',
        response: {
          200: z.object({
            items: z.array(HistoryEntryResponse),
          }),
        },
      },
    },
    async (req) => ({ items: await ownMembershipHistory(db, requireMember(req).accountId) }),
  );

  app.get(
    '/api/member/join/employers',
    {
      config: member,
      schema: {
        tags: ['members'],
        operationId: 'listJoinEmployers',
        summary: '已建工会的平台和单位（入会表单的选项）',
        querystring: z.strictObject({ q: z.string().trim().max(50).optional(), limit: Limit(100, 30) }),
        response: { 200: z.object({ items: z.array(EmployerUnionResponse) }) },
      },
    },
    async (req) => ({
      items: (await listEmployerUnions(db, req.query.q, req.query.limit)).map((o) => ({
        orgId: o.id,
        unionName: o.name,
        employerName: employerNameOfUnion(o.name),
        uscc: o.uscc ?? '',
      })),
    }),
  );

  app.post(
    '/api/member/join/placement',
    {
      config: member,
      schema: {
        tags: ['members'],
        operationId: 'previewJoinPlacement',
        summary: '预览将加入的工会及匹配的规则',
        body: z.strictObject({ trade: Trade, workRegionCode: RegionCode9, employerUscc: Uscc.nullish() }),
        response: { 200: PlacementResponse },
      },
    },
    async (req) => previewPlacement(db, req.body),
  );

  app.post(
    '/api/member/applications',
    {
      config: member,
      // The campaign burst's call: see declaredKeysSerializer.
      serializerCompiler: declaredKeysSerializer,
      schema: {
        tags: ['members'],
        operationId: 'submitApplication',
        summary: '提交入会申请',
        body: z.strictObject({
          name: z.string().trim().min(1).max(60),
          idNumber: z.string().trim().min(1).max(30),
          ...WorkBody,
          location: z.strictObject({ lat: z.number(), lng: z.number() }).nullish(),
        }),
        response: {
          201: z.object({
            outcome: z.enum(['submitted', 'approved', 'linked']),
            application: OwnApplicationResponse.nullable(),
            memberId: z.string().nullable(),
          }),
        },
      },
    },
    async (req, reply) => reply.code(201).send(await submitApplication(db, p, actorOf(req), requireMember(req), req.body)),
  );

  app.post(
    '/api/member/applications/:applicationId/withdraw',
    {
      config: member,
      schema: {
        tags: ['members'],
        operationId: 'withdrawApplication',
        summary: '撤回入会申请',
        params: IdParams('applicationId'),
        response: { 200: OwnApplicationResponse },
      },
    },
    async (req) => withdrawApplication(db, p, actorOf(req), requireMember(req).accountId, req.params.applicationId),
  );

  app.get(
    '/api/member/card',
    {
      config: member,
      schema: {
        tags: ['members'],
        operationId: 'getMemberCard',
        summary: '电子会员卡（二维码令牌每分钟刷新）',
        response: {
          200: z.object({
            memberNo: z.string(),
            nameMasked: z.string().nullable(),
            orgName: z.string(),
            status: z.enum(MEMBER_STATUSES),
            joinedAt: z.date(),
            token: z.string(),
            expiresAt: z.date(),
            refreshSeconds: z.number(),
          }),
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return issueCard(db, p, requireMember(req).accountId);
    },
  );

  app.post(
    '/api/member/work',
    {
      config: member,
      schema: {
        tags: ['members'],
        operationId: 'changeOwnWork',
        summary: '更新工作地点（如需转会，系统会提出转会建议）',
        body: z.strictObject(WorkBody),
        response: { 200: z.object({ proposedTransfer: TransferResponse.nullable() }) },
      },
    },
    async (req) => changeWork(db, p, actorOf(req), requireMember(req).accountId, req.body),
  );

  app.post(
    '/api/member/transfers',
    {
      config: member,
      schema: {
        tags: ['members'],
        operationId: 'requestOwnTransfer',
        summary: '申请转会',
        body: z.strictObject({ ...WorkBody, reason: Reason }),
        response: { 201: TransferResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await requestTransfer(db, p, actorOf(req), requireMember(req).accountId, req.body)),
  );

  for (const action of ['confirm', 'cancel'] as const) {
    app.post(
      `/api/member/transfers/:transferId/${action}`,
      {
        config: member,
        schema: {
          tags: ['members'],
          operationId: action === 'confirm' ? 'confirmOwnTransfer' : 'cancelOwnTransfer',
          summary: action === 'confirm' ? '确认系统建议的转会' : '取消转会',
          params: IdParams('transferId'),
          response: { 200: TransferResponse },
        },
      },
      async (req) =>
        action === 'confirm'
          ? confirmProposedTransfer(db, p, actorOf(req), requireMember(req).accountId, req.params.transferId)
          : cancelOwnTransfer(db, p, actorOf(req), requireMember(req).accountId, req.params.transferId),
    );
  }

  app.post(
    '/api/member/leave',
    {
      config: member,
      schema: { tags: ['members'], operationId: 'leaveOwnMembership', summary: '退会', body: z.strictObject({ reason: Reason }) },
    },
    async (req, reply) => {
      await leaveOwnMembership(db, actorOf(req), requireMember(req).accountId, req.body.reason);
      return reply.code(204).send();
    },
  );
}
