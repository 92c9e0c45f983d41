// The console's join applications: review, duplicates, bulk approval, and each union's review settings.
import { z } from 'zod';
import { scopeOf, type Scope } from '../../../platform/access/access.js';
import type { Actor } from '../../../platform/audit/audit.js';
import { actorOf, requireStaff } from '../../../platform/http/guard.js';
import { Limit, Reason } from '../../../platform/http/zod.js';
import { APPLICATION_STATUSES } from '../rules.js';
import {
  approveApplication,
  bulkApprove,
  getApplication,
  listApplications,
  mergeIntoMember,
  overrideDuplicateHold,
  readUnionSettings,
  rejectApplication,
  replaceApplication,
  updateUnionSettings,
  type Application,
} from '../service/index.js';
import { ApplicationResponse, SettingsResponse, ApplicationParams, OrgParams } from './contracts.js';
import { staff, type MembersApp } from './access.js';

export function registerApplicationRoutes(app: MembersApp): void {
  const p = app.platform;
  const db = p.db;
  // ---------------------------------------------------------------------------------------------
  // Console: applications.

  app.get(
    '/api/console/member-applications',
    {
      config: staff('viewer'),
      schema: {
        tags: ['members'],
        operationId: 'listApplications',
        summary: '入会申请',
        querystring: z.strictObject({
          status: z.enum(APPLICATION_STATUSES).optional(),
          orgId: z.uuid().optional(),
          overdue: z.stringbool().optional(),
          cursor: z.string().max(100).optional(),
          limit: Limit(200, 50),
        }),
        response: {
          200: z.object({
            items: z.array(ApplicationResponse),
            nextCursor: z.string().nullable(),
            counts: z.object({ pending: z.number(), held_duplicate: z.number(), overdue: z.number() }),
          }),
        },
      },
    },
    async (req) => listApplications(db, p, scopeOf(requireStaff(req)), { ...req.query, before: req.query.cursor }),
  );

  app.get(
    '/api/console/member-applications/:applicationId',
    {
      config: staff('viewer'),
      schema: {
        tags: ['members'],
        operationId: 'getApplication',
        summary: '入会申请详情',
        params: ApplicationParams,
        response: { 200: ApplicationResponse },
      },
    },
    async (req) => getApplication(db, p, scopeOf(requireStaff(req)), req.params.applicationId),
  );

  // A reviewer's decision on one application: the same route but for its path, body and use case.
  const decision = <B extends z.ZodObject>(
    action: string,
    operationId: string,
    summary: string,
    body: B,
    decide: (actor: Actor, scope: Scope, applicationId: string, input: z.output<B>) => Promise<Application>,
  ) =>
    app.post(
      `/api/console/member-applications/:applicationId/${action}`,
      {
        config: staff('reviewer'),
        schema: { tags: ['members'], operationId, summary, params: ApplicationParams, body, response: { 200: ApplicationResponse } },
      },
      async (req) => decide(actorOf(req), scopeOf(requireStaff(req)), req.params.applicationId, req.body as z.output<B>),
    );

  decision('approve', 'approveApplication', '通过入会申请', z.strictObject({ reason: Reason.nullish() }), (actor, scope, id, input) =>
    approveApplication(db, p, actor, scope, id, input.reason ?? null),
  );
  decision('reject', 'rejectApplication', '驳回入会申请', z.strictObject({ reason: Reason }), (actor, scope, id, input) =>
    rejectApplication(db, p, actor, scope, id, input.reason),
  );
  decision(
    'replace',
    'replaceApplicationUnion',
    '调整入会申请的所属工会',
    z.strictObject({ orgId: z.uuid(), reason: Reason }),
    (actor, scope, id, input) => replaceApplication(db, p, actor, scope, id, input.orgId, input.reason),
  );
  decision(
    'merge',
    'mergeApplicationIntoMember',
    '疑似重复：合并到已有会员',
    z.strictObject({ memberId: z.uuid(), reason: Reason }),
    (actor, scope, id, input) => mergeIntoMember(db, p, actor, scope, id, input.memberId, input.reason),
  );
  decision(
    'override',
    'overrideDuplicateHold',
    '疑似重复：确认不是同一人，转入正常审核',
    z.strictObject({ reason: Reason }),
    (actor, scope, id, input) => overrideDuplicateHold(db, p, actor, scope, id, input.reason),
  );

  app.post(
    '/api/console/member-applications/bulk-approve',
    {
      config: staff('reviewer'),
      schema: {
        tags: ['members'],
        operationId: 'bulkApproveApplications',
        summary: '批量通过入会申请',
        body: z.strictObject({ ids: z.array(z.uuid()).min(1).max(500), reason: Reason.nullish() }),
        response: {
          200: z.object({
            approved: z.array(z.string()),
            failed: z.array(z.object({ id: z.string(), code: z.string(), message: z.string() })),
          }),
        },
      },
    },
    async (req) => bulkApprove(db, p, actorOf(req), scopeOf(requireStaff(req)), req.body.ids, req.body.reason ?? null),
  );

  app.get(
    '/api/console/member-settings/:orgId',
    {
      config: staff('viewer'),
      schema: {
        tags: ['members'],
        operationId: 'getMemberReviewSettings',
        summary: '工会的入会审核设置',
        params: OrgParams,
        response: { 200: SettingsResponse },
      },
    },
    async (req) => readUnionSettings(db, p, scopeOf(requireStaff(req)), req.params.orgId),
  );

  app.put(
    '/api/console/member-settings/:orgId',
    {
      config: staff('admin'),
      schema: {
        tags: ['members'],
        operationId: 'updateMemberReviewSettings',
        summary: '设置自动审核与审核时限',
        params: OrgParams,
        body: z.strictObject({ autoApprove: z.boolean(), reviewSlaHours: z.number().int().min(1).max(720) }),
        response: { 200: SettingsResponse },
      },
    },
    async (req) => updateUnionSettings(db, actorOf(req), scopeOf(requireStaff(req)), req.params.orgId, req.body),
  );
}
