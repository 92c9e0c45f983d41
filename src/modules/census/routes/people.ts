// The console's outreach list: people of the census not yet members, masked; contacts, assignment,
// probable matches, the masked export; SMS invitations and their campaigns.
import { z } from 'zod';
import { scopeOf } from '../../../platform/access/access.js';
import { streamDownload, XLSX_TYPE } from '../../../platform/http/downloads.js';
import { actorOf, requireStaff } from '../../../platform/http/guard.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { IdParams, Limit, Reason } from '../../../platform/http/zod.js';
import { getStaffAccount } from '#modules/staff';
import { TRADES } from '#modules/orgs';
import { CONTACT_OUTCOMES, OUTREACH_STATUSES } from '../schema.js';
import {
  assignPeople,
  decideMatch,
  getPerson,
  INVITATIONS_AT_ONCE,
  invitationCampaigns,
  listAssignableStaff,
  listPeople,
  recordContact,
  sendInvitations,
  startPeopleExport,
  writePeopleXlsx,
} from '../service/index.js';
import { staff, type CensusApp } from './access.js';
import { AssignableStaffResponse, InvitationResultResponse, PersonDetailResponse, PersonPageResponse, RegionQuery } from './contracts.js';

const PeopleQuery = z.strictObject({
  region: RegionQuery.optional(),
  trade: z.enum(TRADES).optional(),
  coverage: z.enum(['not_members', 'probable', 'members', 'all']).default('not_members'),
  outreach: z.enum(OUTREACH_STATUSES).optional(),
  assigned: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional(),
});
const PersonParams = IdParams('personId');
const PersonIds = z.array(z.uuid()).min(1).max(INVITATIONS_AT_ONCE);

export function registerPeopleRoutes(app: CensusApp): void {
  const p = app.platform;
  const db = p.db;

  app.get(
    '/api/console/census/people',
    {
      config: staff('viewer'),
      schema: {
        tags: ['census'],
        operationId: 'listCensusPeople',
        summary: '摸排人员（默认未入会的，即发展名单；脱敏），及符合条件的人数（超过上限只报上限）',
        querystring: PeopleQuery.extend({ cursor: z.uuid().optional(), limit: Limit(200, 50) }),
        response: { 200: PersonPageResponse },
      },
    },
    async (req) => listPeople(db, p, actorOf(req), scopeOf(requireStaff(req)), req.query),
  );

  app.get(
    '/api/console/census/people/export.xlsx',
    {
      config: staff('viewer'),
      schema: {
        tags: ['census'],
        operationId: 'exportCensusPeople',
        summary: '导出发展名单 .xlsx（脱敏，流式，须填写原因，记入审计）',
        querystring: PeopleQuery.extend({ reason: Reason }),
      },
    },
    async (req, reply) => {
      const { reason, ...filter } = req.query;
      const scope = scopeOf(requireStaff(req));
      const actor = actorOf(req);
      await startPeopleExport(db, actor, scope, filter, reason);
      const day = shanghaiDay(new Date()).replaceAll('-', '');
      return streamDownload(reply, req.log, { type: XLSX_TYPE, asciiName: `outreach-${day}.xlsx`, name: `发展名单-${day}.xlsx` }, (out) =>
        writePeopleXlsx(db, p, actor, scope, filter, out),
      );
    },
  );

  app.get(
    '/api/console/census/people/:personId',
    {
      config: staff('viewer'),
      schema: {
        tags: ['census'],
        operationId: 'getCensusPerson',
        summary: '摸排人员详情：来源名单、联系记录、入会邀请、会员匹配',
        params: PersonParams,
        response: { 200: PersonDetailResponse },
      },
    },
    async (req) => getPerson(db, p, scopeOf(requireStaff(req)), req.params.personId),
  );

  app.post(
    '/api/console/census/people/:personId/contacts',
    {
      config: staff('operator'),
      schema: {
        tags: ['census'],
        operationId: 'recordCensusContact',
        summary: '记录一次联系及结果（已联系、已入会、拒绝、联系不上）',
        params: PersonParams,
        body: z.strictObject({ outcome: z.enum(CONTACT_OUTCOMES), note: z.string().trim().max(500).optional() }),
        response: { 200: PersonDetailResponse },
      },
    },
    async (req) => recordContact(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.personId, req.body),
  );

  for (const decision of ['confirm', 'reject'] as const) {
    app.post(
      `/api/console/census/people/:personId/match/${decision}`,
      {
        config: staff('reviewer'),
        schema: {
          tags: ['census'],
          operationId: decision === 'confirm' ? 'confirmCensusMatch' : 'rejectCensusMatch',
          summary: decision === 'confirm' ? '确认疑似匹配（手机号+姓名）：此人即该会员' : '否决疑似匹配：不是同一人，不再提示',
          params: PersonParams,
          body: z.strictObject({}),
          response: { 200: PersonDetailResponse },
        },
      },
      async (req) => decideMatch(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.personId, decision),
    );
  }

  app.post(
    '/api/console/census/people/assign',
    {
      config: staff('operator'),
      schema: {
        tags: ['census'],
        operationId: 'assignCensusPeople',
        summary: '把发展对象分配给工作人员（staffId 为空则取消分配）',
        body: z.strictObject({ personIds: PersonIds, staffId: z.uuid().nullable() }),
        response: { 200: z.object({ assigned: z.number() }) },
      },
    },
    async (req) => {
      const scope = scopeOf(requireStaff(req));
      const account = req.body.staffId ? await getStaffAccount(db, scope, req.body.staffId) : null;
      const assigned = await assignPeople(db, actorOf(req), scope, {
        personIds: req.body.personIds,
        staff: account ? { id: account.id, name: account.displayName } : null,
      });
      return { assigned };
    },
  );

  app.get(
    '/api/console/census/assignable-staff',
    {
      // The assigning role: whoever may assign people may see whom to.
      config: staff('operator'),
      schema: {
        tags: ['census'],
        operationId: 'listAssignableCensusStaff',
        summary: '可分配的工作人员：本级及下级工会中有底数摸排权限的在职工作人员（按姓名或账号搜索）',
        querystring: z.strictObject({ q: z.string().trim().max(50).optional() }),
        response: { 200: AssignableStaffResponse },
      },
    },
    async (req) => {
      const found = await listAssignableStaff(db, scopeOf(requireStaff(req)), req.query.q || undefined);
      return { items: found.map((s) => ({ id: s.id, name: s.displayName, orgName: s.org.name, role: s.role })) };
    },
  );

  app.post(
    '/api/console/census/invitations',
    {
      config: staff('operator'),
      schema: {
        tags: ['census'],
        operationId: 'sendCensusInvitations',
        summary: '发送入会邀请短信（链接到预填好的 H5 入会页，按活动统计入会）',
        body: z.strictObject({ personIds: PersonIds, campaign: z.string().trim().min(2).max(60) }),
        response: { 200: InvitationResultResponse },
      },
    },
    async (req) => sendInvitations(db, p, actorOf(req), scopeOf(requireStaff(req)), req.body),
  );

  app.get(
    '/api/console/census/invitations/campaigns',
    {
      config: staff('viewer'),
      schema: {
        tags: ['census'],
        operationId: 'listInvitationCampaigns',
        summary: '入会邀请按活动统计：发送、打开、已入会',
        response: {
          200: z.object({
            items: z.array(
              z.object({ campaign: z.string(), sent: z.number(), opened: z.number(), joined: z.number(), lastSentAt: z.date() }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await invitationCampaigns(db, scopeOf(requireStaff(req))) }),
  );
}
