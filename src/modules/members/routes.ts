import { PassThrough, Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { scopeOf } from '../../platform/access/access.js';
import { mediaType } from '../../platform/http/bodies.js';
import { actorOf, requireMember, requirePartner, requireStaff } from '../../platform/http/guard.js';
import { Day, declaredKeysSerializer, IdParams, Limit, Reason } from '../../platform/http/zod.js';
import { TEXT_ENCODINGS } from '../../platform/files/table.js';
import { listEmployerUnions, TRADES } from '../orgs/index.js';
import { memberErrors } from './errors.js';
import { APPLICATION_STATUSES, MEMBER_STATUSES } from './rules.js';
import {
  approveApplication,
  bulkApprove,
  cancelOwnTransfer,
  cardKeyring,
  changeMemberStatus,
  changeWork,
  confirmProposedTransfer,
  decideTransfer,
  getApplication,
  getImport,
  IMPORT_FIELDS,
  ImportMappingSchema,
  importErrorsCsv,
  parseImportMapping,
  previewImport,
  getMemberPage,
  issueCard,
  latestOwnApplication,
  leaveOwnMembership,
  listApplications,
  listImports,
  listMembers,
  listTransfers,
  memberOfAccount,
  mergeIntoMember,
  openOwnTransfer,
  overrideDuplicateHold,
  ownMembershipHistory,
  previewPlacement,
  readUnionSettings,
  receiveImport,
  rejectApplication,
  replaceApplication,
  requestTransfer,
  revealMember,
  rollStats,
  runImport,
  staffTransfer,
  startRollExport,
  submitApplication,
  toMembers,
  updateUnionSettings,
  verifyCard,
  withdrawApplication,
  writeRollXlsx,
} from './service/index.js';

const Trade = z.enum(TRADES);
const RegionCode9 = z
  .string()
  .trim()
  .regex(/^\d{9}$/);
const Uscc = z.string().trim().max(18);
const PLACEMENT_RULES = ['employer_union', 'industry_federation', 'township_union', 'community_union', 'county_union'] as const;

const MaskedPerson = {
  nameMasked: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  workAddressMasked: z.string().nullable(),
};

const ApplicationFields = {
  id: z.string(),
  ...MaskedPerson,
  gender: z.enum(['male', 'female']).nullable(),
  birthDate: z.string().nullable(),
  trade: Trade,
  employerName: z.string().nullable(),
  employerUscc: z.string().nullable(),
  workRegionCode: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  placementRule: z.enum(PLACEMENT_RULES),
  matchedRegionCode: z.string(),
  replacedBy: z.string().nullable(),
  replacementReason: z.string().nullable(),
  submittedAt: z.date(),
  reviewDueAt: z.date(),
  overdue: z.boolean(),
  reminders: z.number(),
  decidedAt: z.date().nullable(),
  decidedByName: z.string().nullable(),
  decisionReason: z.string().nullable(),
  memberId: z.string().nullable(),
};

// The console's view: probable duplicates named inside the reviewer's scope, only counted outside it.
const ApplicationResponse = z.object({
  ...ApplicationFields,
  status: z.enum(APPLICATION_STATUSES),
  duplicateOf: z.array(
    z.object({
      memberId: z.string(),
      memberNo: z.string(),
      nameMasked: z.string().nullable(),
      orgName: z.string(),
      reasons: z.array(z.string()),
    }),
  ),
  duplicatesElsewhere: z.number(),
});

// The applicant's view: a duplicate hold is an ordinary wait for review, and nothing of the other person.
const OwnApplicationResponse = z.object({
  ...ApplicationFields,
  status: z.enum(APPLICATION_STATUSES).exclude(['held_duplicate']),
});

// A line of a member's history: the worker sees this much; the console adds who acted.
const HistoryEntryResponse = z.object({
  id: z.string(),
  kind: z.string(),
  at: z.date(),
  fromOrgName: z.string().nullable(),
  toOrgName: z.string().nullable(),
  reason: z.string().nullable(),
});

const MemberResponse = z.object({
  id: z.string(),
  memberNo: z.string(),
  status: z.enum(MEMBER_STATUSES),
  orgId: z.string(),
  orgName: z.string(),
  ...MaskedPerson,
  gender: z.enum(['male', 'female']).nullable(),
  birthDate: z.string().nullable(),
  trade: Trade,
  newForm: z.boolean(),
  employerName: z.string().nullable(),
  employerUscc: z.string().nullable(),
  workRegionCode: z.string(),
  joinedAt: z.date(),
  source: z.enum(['online', 'import', 'seed']),
  statusReason: z.string().nullable(),
  statusChangedAt: z.date().nullable(),
  hasAccount: z.boolean(),
  purged: z.boolean(),
});

const TransferResponse = z.object({
  id: z.string(),
  memberId: z.string(),
  memberNo: z.string(),
  memberNameMasked: z.string().nullable(),
  status: z.enum(['proposed', 'requested', 'completed', 'rejected', 'cancelled']),
  initiatedBy: z.enum(['member', 'system', 'staff']),
  placementRule: z.enum(PLACEMENT_RULES).nullable(),
  fromOrgId: z.string(),
  fromOrgName: z.string(),
  toOrgId: z.string(),
  toOrgName: z.string(),
  reason: z.string().nullable(),
  acceptedAt: z.date().nullable(),
  releasedAt: z.date().nullable(),
  decidedAt: z.date().nullable(),
  decisionReason: z.string().nullable(),
  createdAt: z.date(),
});

const PlacementResponse = z.object({
  orgId: z.string(),
  orgName: z.string(),
  rule: z.enum(PLACEMENT_RULES),
  matchedRegionCode: z.string(),
});

const WorkBody = {
  trade: Trade,
  workRegionCode: RegionCode9,
  workAddress: z.string().trim().max(200).nullish(),
  employerName: z.string().trim().max(100).nullish(),
  employerUscc: Uscc.nullish(),
};

const SettingsResponse = z.object({ orgId: z.string(), autoApprove: z.boolean(), reviewSlaHours: z.number() });

const StatsRow = z.object({
  orgId: z.string(),
  orgName: z.string(),
  kind: z.string(),
  members: z.number(),
  newFormMembers: z.number(),
  joinsThisMonth: z.number(),
  joinsThisYear: z.number(),
  pendingApplications: z.number(),
});

export const RollQuery = z.strictObject({
  orgId: z.uuid().optional(),
  orgOnly: z.stringbool().optional(),
  trade: Trade.optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
  newForm: z.stringbool().optional(),
  joinedFrom: Day.optional(),
  joinedTo: Day.optional(),
  q: z.string().trim().max(30).optional(),
});

const IMPORT_TYPES = {
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
} as const;

export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  const p = app.platform;
  const db = p.db;
  const member = { access: { auth: 'member' } } as const;
  const open = { access: { auth: 'public' } } as const;
  // Checking a card changes nothing: the signed request is not nonce-recorded (see partner-signing.ts).
  const partnerRead = { access: { auth: 'partner', readOnly: true } } as const;
  const staff = (role: 'viewer' | 'operator' | 'reviewer' | 'admin') => ({ access: { auth: 'staff', module: 'members', role } }) as const;

  // ---------------------------------------------------------------------------------------------
  // The worker, in the H5.

  app.get(
    '/api/member/membership',
    {
      config: member,
      schema: {
        tags: ['members'],
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
      const row = await memberOfAccount(p.db, me.accountId);
      const [own] = row ? await toMembers(p.db, p, [row]) : [];
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
        summary: '已建工会的平台和单位（入会表单的选项）',
        querystring: z.strictObject({ q: z.string().trim().max(50).optional(), limit: Limit(100, 30) }),
        response: { 200: z.object({ items: z.array(z.object({ orgId: z.string(), name: z.string(), uscc: z.string() })) }) },
      },
    },
    async (req) => ({
      items: (await listEmployerUnions(p.db, req.query.q, req.query.limit)).map((o) => ({ orgId: o.id, name: o.name, uscc: o.uscc ?? '' })),
    }),
  );

  app.post(
    '/api/member/join/placement',
    {
      config: member,
      schema: {
        tags: ['members'],
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
      schema: { tags: ['members'], summary: '撤回入会申请', params: IdParams('applicationId'), response: { 200: OwnApplicationResponse } },
    },
    async (req) => withdrawApplication(db, p, actorOf(req), requireMember(req).accountId, req.params.applicationId),
  );

  app.get(
    '/api/member/card',
    {
      config: member,
      schema: {
        tags: ['members'],
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
    { config: member, schema: { tags: ['members'], summary: '退会', body: z.strictObject({ reason: Reason }) } },
    async (req, reply) => {
      await leaveOwnMembership(db, actorOf(req), requireMember(req).accountId, req.body.reason);
      return reply.code(204).send();
    },
  );

  // ---------------------------------------------------------------------------------------------
  // Cards: the public keys, and the partner's online check.

  app.get(
    '/api/cards/keys',
    {
      config: open,
      schema: {
        tags: ['members'],
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

  // ---------------------------------------------------------------------------------------------
  // Console: applications.

  app.get(
    '/api/console/members/applications',
    {
      config: staff('viewer'),
      schema: {
        tags: ['members'],
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

  const AppParams = IdParams('applicationId');

  app.get(
    '/api/console/members/applications/:applicationId',
    {
      config: staff('viewer'),
      schema: { tags: ['members'], summary: '入会申请详情', params: AppParams, response: { 200: ApplicationResponse } },
    },
    async (req) => getApplication(db, p, scopeOf(requireStaff(req)), req.params.applicationId),
  );

  app.post(
    '/api/console/members/applications/:applicationId/approve',
    {
      config: staff('reviewer'),
      schema: {
        tags: ['members'],
        summary: '通过入会申请',
        params: AppParams,
        body: z.strictObject({ reason: Reason.nullish() }),
        response: { 200: ApplicationResponse },
      },
    },
    async (req) => approveApplication(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.applicationId, req.body.reason ?? null),
  );

  app.post(
    '/api/console/members/applications/:applicationId/reject',
    {
      config: staff('reviewer'),
      schema: {
        tags: ['members'],
        summary: '驳回入会申请',
        params: AppParams,
        body: z.strictObject({ reason: Reason }),
        response: { 200: ApplicationResponse },
      },
    },
    async (req) => rejectApplication(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.applicationId, req.body.reason),
  );

  app.post(
    '/api/console/members/applications/:applicationId/replace',
    {
      config: staff('reviewer'),
      schema: {
        tags: ['members'],
        summary: '调整入会申请的所属工会',
        params: AppParams,
        body: z.strictObject({ orgId: z.uuid(), reason: Reason }),
        response: { 200: ApplicationResponse },
      },
    },
    async (req) =>
      replaceApplication(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.applicationId, req.body.orgId, req.body.reason),
  );

  app.post(
    '/api/console/members/applications/:applicationId/merge',
    {
      config: staff('reviewer'),
      schema: {
        tags: ['members'],
        summary: '疑似重复：合并到已有会员',
        params: AppParams,
        body: z.strictObject({ memberId: z.uuid(), reason: Reason }),
        response: { 200: ApplicationResponse },
      },
    },
    async (req) =>
      mergeIntoMember(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.applicationId, req.body.memberId, req.body.reason),
  );

  app.post(
    '/api/console/members/applications/:applicationId/override',
    {
      config: staff('reviewer'),
      schema: {
        tags: ['members'],
        summary: '疑似重复：确认不是同一人，转入正常审核',
        params: AppParams,
        body: z.strictObject({ reason: Reason }),
        response: { 200: ApplicationResponse },
      },
    },
    async (req) => overrideDuplicateHold(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.applicationId, req.body.reason),
  );

  app.post(
    '/api/console/members/applications/bulk-approve',
    {
      config: staff('reviewer'),
      schema: {
        tags: ['members'],
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

  const OrgParams = IdParams('orgId');

  app.get(
    '/api/console/members/settings/:orgId',
    {
      config: staff('viewer'),
      schema: { tags: ['members'], summary: '工会的入会审核设置', params: OrgParams, response: { 200: SettingsResponse } },
    },
    async (req) => readUnionSettings(db, p, scopeOf(requireStaff(req)), req.params.orgId),
  );

  app.put(
    '/api/console/members/settings/:orgId',
    {
      config: staff('admin'),
      schema: {
        tags: ['members'],
        summary: '设置自动审核与审核时限',
        params: OrgParams,
        body: z.strictObject({ autoApprove: z.boolean(), reviewSlaHours: z.number().int().min(1).max(720) }),
        response: { 200: SettingsResponse },
      },
    },
    async (req) => updateUnionSettings(db, actorOf(req), scopeOf(requireStaff(req)), req.params.orgId, req.body),
  );

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
    async (req) => listMembers(db, p, scopeOf(requireStaff(req)), req.query),
  );

  app.get(
    '/api/console/members/export.xlsx',
    {
      config: staff('viewer'),
      schema: {
        tags: ['members'],
        summary: '导出会员名册 .xlsx（脱敏，流式，须填写原因，记入审计）',
        querystring: RollQuery.extend({ reason: Reason }),
      },
    },
    async (req, reply) => {
      const { reason, ...filter } = req.query;
      const scope = scopeOf(requireStaff(req));
      const actor = actorOf(req);
      await startRollExport(db, p, actor, scope, filter, reason);
      const out = new PassThrough();
      const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="members-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`会员名册-${day}.xlsx`)}`,
        )
        .header('cache-control', 'no-store');
      writeRollXlsx(db, p, actor, scope, filter, out).catch((error: unknown) => {
        req.log.error({ err: error }, 'member export failed mid-stream');
        out.destroy(error instanceof Error ? error : new Error(String(error)));
      });
      return reply.send(out);
    },
  );

  const ImportResponse = z.object({
    id: z.string(),
    orgId: z.string(),
    staffName: z.string().nullable(),
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    mode: z.enum(['all_or_nothing', 'valid_rows']),
    status: z.enum(['queued', 'validating', 'writing', 'completed', 'rejected', 'failed']),
    progress: z.number(),
    totalRows: z.number(),
    processedRows: z.number(),
    writtenRows: z.number(),
    duplicateRows: z.number(),
    fileDuplicateRows: z.number(),
    errorRows: z.number(),
    warningRows: z.number(),
    encoding: z.enum(TEXT_ENCODINGS).nullable(),
    failure: z.string().nullable(),
    startedAt: z.date(),
    finishedAt: z.date().nullable(),
  });
  const importFormat = (req: Pick<FastifyRequest, 'headers' | 'body'>) => {
    const format = IMPORT_TYPES[mediaType(req) as keyof typeof IMPORT_TYPES];
    if (!format || !(req.body instanceof Readable)) throw memberErrors.importUnreadable({ reason: 'text/csv | xlsx' });
    return { format, body: req.body };
  };

  app.post(
    '/api/console/members/imports/preview',
    {
      config: { ...staff('operator'), upload: { types: Object.keys(IMPORT_TYPES), as: 'stream' } },
      schema: {
        tags: ['members'],
        summary: '导入前预览：文件编码、表头、前几行和建议的列对应（CSV 可只发送文件开头）',
        querystring: z.strictObject({ truncated: z.stringbool().default(false) }),
        response: {
          200: z.object({
            encoding: z.enum(TEXT_ENCODINGS).nullable(),
            headers: z.array(z.string()),
            samples: z.array(z.array(z.string())),
            mapping: ImportMappingSchema,
            fields: z.array(z.object({ key: z.enum(IMPORT_FIELDS.map((f) => f.key)), label: z.string(), required: z.boolean() })),
          }),
        },
      },
    },
    async (req) => {
      const { format, body } = importFormat(req);
      const preview = await previewImport(db, p, actorOf(req), {
        body,
        format,
        truncated: req.query.truncated,
        maxBytes: p.config.memberImportLimitBytes,
      });
      return { ...preview, fields: IMPORT_FIELDS.map((f) => ({ key: f.key, label: f.label, required: Boolean(f.required) })) };
    },
  );

  app.post(
    '/api/console/members/imports',
    {
      // A roll of a million rows is a few hundred MB: the upload is handed over as a stream (written to
      // disk by the import, which enforces its own limit), not buffered like the organisations' small files.
      config: { ...staff('operator'), upload: { types: Object.keys(IMPORT_TYPES), as: 'stream' } },
      schema: {
        tags: ['members'],
        summary: '导入会员名册（.csv / .xlsx，最多 100 万行；异步处理，轮询进度）',
        querystring: z.strictObject({
          mode: z.enum(['all_or_nothing', 'valid_rows']).default('all_or_nothing'),
          fileName: z.string().trim().min(1).max(200).default('roll'),
          orgId: z.uuid().optional(),
          // JSON {field: header}, e.g. {"idNumber":"身份证号码","phone":"联系电话"}: which column is which.
          mapping: z.string().max(4000).optional(),
          // A township or county for the rows that have no township code of their own.
          workRegionCode: z
            .string()
            .trim()
            .regex(/^\d{6}(\d{3})?$/)
            .optional(),
        }),
        response: { 202: ImportResponse },
      },
    },
    async (req, reply) => {
      const { format, body } = importFormat(req);
      const scope = scopeOf(requireStaff(req));
      const actor = actorOf(req);
      const { mapping, ...query } = req.query;
      const received = await receiveImport(app.database, p, actor, scope, {
        ...query,
        mapping: parseImportMapping(mapping),
        body,
        format,
        maxBytes: p.config.memberImportLimitBytes,
      });
      const { job } = received;
      // The work goes on after the answer: the console polls the job for its progress.
      // runImport records a failure on the job; what it cannot record (the database gone, as at
      // shutdown: the job's heartbeat then goes stale) is logged here rather than left unhandled.
      runImport(app.database, p, actor, scope, received).catch((error: unknown) =>
        app.log.error({ err: error, importId: job.id }, 'member import ended without recording its end'),
      );
      return reply.code(202).send(job);
    },
  );

  app.get(
    '/api/console/members/imports',
    {
      config: staff('operator'),
      schema: {
        tags: ['members'],
        summary: '最近的名册导入，以及服务器接受的最大文件（字节）',
        response: { 200: z.object({ items: z.array(ImportResponse), limitBytes: z.number() }) },
      },
    },
    async (req) => ({
      items: await listImports(app.database, p, scopeOf(requireStaff(req))),
      limitBytes: p.config.memberImportLimitBytes,
    }),
  );

  app.get(
    '/api/console/members/imports/:importId',
    {
      config: staff('operator'),
      schema: { tags: ['members'], summary: '名册导入进度', params: IdParams('importId'), response: { 200: ImportResponse } },
    },
    async (req) => getImport(db, p, scopeOf(requireStaff(req)), req.params.importId, app.database),
  );

  app.get(
    '/api/console/members/imports/:importId/errors.csv',
    {
      config: staff('operator'),
      schema: { tags: ['members'], summary: '下载导入错误报告（行、列、代码、说明）', params: IdParams('importId') },
    },
    async (req, reply) => {
      const scope = scopeOf(requireStaff(req));
      await getImport(db, p, scope, req.params.importId);
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-errors-${req.params.importId}.csv"`);
      return reply.send(Readable.from(importErrorsCsv(db, p, scope, req.params.importId)));
    },
  );

  app.get(
    '/api/console/members/stats',
    {
      config: staff('viewer'),
      schema: {
        tags: ['members'],
        summary: '会员统计（本级及各下级）',
        querystring: z.strictObject({ orgId: z.uuid().optional() }),
        response: { 200: z.object({ node: StatsRow, children: z.array(StatsRow) }) },
      },
    },
    async (req) => rollStats(db, scopeOf(requireStaff(req)), req.query.orgId),
  );

  app.get(
    '/api/console/members/transfers',
    {
      config: staff('viewer'),
      schema: {
        tags: ['members'],
        summary: '转会（转入 / 转出）',
        querystring: z.strictObject({
          direction: z.enum(['in', 'out']).default('in'),
          status: z.enum(['proposed', 'requested', 'completed', 'rejected', 'cancelled']).optional(),
          limit: Limit(200, 100),
        }),
        response: { 200: z.object({ items: z.array(TransferResponse) }) },
      },
    },
    async (req) => ({ items: await listTransfers(db, p, scopeOf(requireStaff(req)), req.query) }),
  );

  for (const decision of ['accept', 'release', 'reject'] as const) {
    app.post(
      `/api/console/members/transfers/:transferId/${decision}`,
      {
        config: staff('reviewer'),
        schema: {
          tags: ['members'],
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

  const MemberParams = IdParams('memberId');

  app.get(
    '/api/console/members/:memberId',
    {
      config: staff('viewer'),
      schema: {
        tags: ['members'],
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
        summary: '停用、恢复、退会、登记身故',
        params: MemberParams,
        body: z.strictObject({ action: z.enum(['suspend', 'reinstate', 'leave', 'record_death']), reason: Reason }),
        response: { 200: MemberResponse },
      },
    },
    async (req) =>
      changeMemberStatus(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.memberId, req.body.action, req.body.reason),
  );

  app.post(
    '/api/console/members/:memberId/transfers',
    {
      config: staff('operator'),
      schema: {
        tags: ['members'],
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
};
