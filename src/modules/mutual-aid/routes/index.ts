// Mutual aid over HTTP: plans, enrolment and claims for members (H5) and staff (console), the hospital's
// settlement over the signed partner API, and the payment provider's notifications. Thin: parse,
// authorise, call one use case, shape the reply.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { scopeOf, staffRoute, type Role } from '../../../platform/access/access.js';
import { BINARY_UPLOAD, binaryBody, sendStoredFile } from '../../../platform/files/serve.js';
import { FileStore } from '../../../platform/files/store.js';
import { mediaType } from '../../../platform/http/bodies.js';
import { streamDownload, XLSX_TYPE } from '../../../platform/http/downloads.js';
import { wechatPayerOf } from '../../../platform/auth/wechat-session.js';
import { actorOf, requireMember, requirePartner, requireStaff } from '../../../platform/http/guard.js';
import { partnerWriteOf } from '../../../platform/http/idempotent.js';
import { fileResponse } from '../../../platform/http/openapi.js';
import { Day, IdParams, LineText, Reason } from '../../../platform/http/zod.js';
import { t } from '../../../platform/i18n/i18n.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { mutualAidErrors } from '../errors.js';
import { createBatch, listBatches, payBatch, startBankFile, writeBankFileXlsx } from '../service/batches.js';
import { claimDetail, fileClaim, listClaims, memberClaims, refileClaim, REVIEW_CHECKLIST, reviewClaim } from '../service/claims.js';
import { fundDashboard } from '../service/dashboard.js';
import { addClaimDocument, DOCUMENT_KINDS, listClaimDocuments, readClaimDocument, type ClaimDocument } from '../service/documents.js';
import {
  applyPaymentNotification,
  checkPayment,
  enrolmentCertificate,
  listMemberEnrolments,
  memberPlans,
  payInOf,
  startEnrolment,
} from '../service/enrolment.js';
import { enrolGroup } from '../service/groups.js';
import { closePlan, createPlan, getPlan, listPlans, runsPlan } from '../service/plans.js';
import { hospitalDay, listReconciliations, payReconciliation, reconcileDay } from '../service/settlements.js';
import { checkSettlement, submitSettlement } from '../service/settle.js';
import {
  Benefit,
  BatchResponse,
  ClaimBody,
  ClaimDetailResponse,
  ClaimQuery,
  ClaimResponse,
  DashboardResponse,
  DocumentResponse,
  EnrolmentBody,
  EnrolmentResponse,
  PayActionResponse,
  PlanBody,
  PlanResponse,
  ReconciliationResponse,
  ReviewBody,
  SettlementBody,
  SettlementResponse,
  StepResponse,
} from './contracts.js';

const tags = ['mutual-aid'];
const member = { access: { auth: 'member' } } as const;
const open = { access: { auth: 'public' } } as const;
// The settlement spends its nonce in its batch's transaction (service/settle.ts): one commit for both.
const partnerBatched = { access: { auth: 'partner', nonceInUseCase: true } } as const;
const partnerRead = { access: { auth: 'partner', readOnly: true } } as const;
const staff = <const R extends Role>(role: R) => staffRoute('mutual-aid', role);
const IdempotencyHeader = z.object({ 'idempotency-key': z.string().optional() });
const UPLOAD_TYPES = { 'text/csv': 'csv', [XLSX_TYPE]: 'xlsx' } as const;

const toDocument = (d: ClaimDocument, audience: 'console' | 'member') => ({
  id: d.id,
  kind: d.kind,
  uploadedBy: d.uploadedBy,
  contentType: d.contentType,
  bytes: d.bytes,
  name: d.name,
  url: audience === 'console' ? `/api/console/mutual-aid-documents/${d.id}` : '',
  createdAt: d.createdAt,
});

export const mutualAidRoutes: FastifyPluginAsyncZod = async (app) => {
  const p = app.platform;
  const db = p.db;
  const store = FileStore.of(p.config);

  // ——— the member's H5 ———

  app.get(
    '/api/member/mutual-aid/plans',
    {
      config: { ...member, problems: [403] },
      schema: {
        tags,
        operationId: 'listMutualAidPlansForMember',
        summary: '本人所在工会可参加的互助保障计划，本期保障期和本人（及配偶）本期的参保情况',
        response: {
          200: z.object({
            paymentProvider: z.enum(['wechatpay', 'dev-instant']).nullable(),
            items: z.array(
              z.object({
                plan: PlanResponse,
                cycle: z.object({ start: z.string(), end: z.string() }).nullable(),
                enrolments: z.array(EnrolmentResponse),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({
      paymentProvider: payInOf(p)?.name ?? null,
      items: await memberPlans(db, p, requireMember(req).accountId, new Date()),
    }),
  );

  app.post(
    '/api/member/mutual-aid/enrolments',
    {
      config: { ...member, problems: [403, 404, 409, 422] },
      schema: {
        tags,
        operationId: 'enrolInMutualAid',
        summary:
          '参加互助保障并支付（会话经微信网页授权取得 openid 时用 JSAPI，见 /api/member/wechat/authorize；其他浏览器 H5 支付；开发环境即时支付不扣款）；未付款的订单再次提交时原样返回',
        body: EnrolmentBody,
        response: {
          201: z.object({
            enrolment: EnrolmentResponse,
            payment: z.object({ outTradeNo: z.string(), amountFen: z.number(), provider: z.string(), action: PayActionResponse }),
          }),
        },
      },
    },
    async (req, reply) => {
      const me = requireMember(req);
      // Inside WeChat the payer is the openid WeChat's 网页授权 stored on this session, never one a page names.
      const payer = wechatPayerOf(p.config, me) ?? { kind: 'browser' as const, clientIp: req.ip };
      const result = await startEnrolment(db, p, me.accountId, { ...req.body, payer }, new Date());
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/api/member/mutual-aid/payments/:outTradeNo/check',
    {
      config: { ...member, problems: [403, 404] },
      schema: {
        tags,
        operationId: 'checkMutualAidPayment',
        summary: '支付返回后查询支付结果：已付款则参保生效（与支付通知只生效一次）',
        params: z.strictObject({ outTradeNo: z.string().regex(/^[A-Za-z0-9_|*-]{6,32}$/) }),
        response: { 200: EnrolmentResponse },
      },
    },
    async (req) => checkPayment(db, p, requireMember(req).accountId, req.params.outTradeNo),
  );

  app.get(
    '/api/member/mutual-aid/enrolments',
    {
      config: { ...member, problems: [403] },
      schema: {
        tags,
        operationId: 'listOwnMutualAidEnrolments',
        summary: '本人的参保记录（含为配偶参保），最新在前',
        response: { 200: z.object({ items: z.array(EnrolmentResponse) }) },
      },
    },
    async (req) => ({ items: await listMemberEnrolments(db, p, requireMember(req).accountId) }),
  );

  app.get(
    '/api/member/mutual-aid/enrolments/:enrolmentId/certificate',
    {
      config: { ...member, problems: [403, 404] },
      schema: {
        tags,
        operationId: 'getMutualAidCertificate',
        summary: '参保凭证：计划、保障期、参保人全名和遮掩的身份证号、凭证号、保障内容',
        params: IdParams('enrolmentId'),
        response: {
          200: EnrolmentResponse.extend({
            insuredName: z.string(),
            idNumberMasked: z.string(),
            orgName: z.string(),
            benefits: z.array(Benefit).readonly(),
          }),
        },
      },
    },
    async (req) => enrolmentCertificate(db, p, requireMember(req).accountId, req.params.enrolmentId, actorOf(req)),
  );

  app.post(
    '/api/member/mutual-aid/claims',
    {
      config: { ...member, problems: [403, 404, 422] },
      schema: {
        tags,
        operationId: 'fileMutualAidClaim',
        summary:
          '申请互助金：就医日期、医院、诊断、费用（总额、医保范围内自付、超限额自付、个人自付）和收款账户；按规则不能赔付的当场说明原因',
        body: ClaimBody,
        response: { 201: ClaimResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await fileClaim(db, p, actorOf(req), requireMember(req).accountId, req.body, new Date())),
  );

  app.get(
    '/api/member/mutual-aid/claims',
    {
      config: { ...member, problems: [403] },
      schema: {
        tags,
        operationId: 'listOwnMutualAidClaims',
        summary: '本人的互助金申请和医院结算记录，含每一步的结果和原因、已交的材料',
        response: {
          200: z.object({
            items: z.array(ClaimResponse.extend({ steps: z.array(StepResponse), documents: z.array(DocumentResponse) })),
            /** The largest photo or PDF the H5 may send (GONGHUI_PHOTO_LIMIT_BYTES). */
            documentLimitBytes: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const claims = await memberClaims(db, p, requireMember(req).accountId);
      const documents = await listClaimDocuments(
        db,
        claims.map((c) => c.id),
      );
      return {
        items: claims.map((c) => ({ ...c, documents: documents.filter((d) => d.claimId === c.id).map((d) => toDocument(d, 'member')) })),
        documentLimitBytes: p.config.photoLimitBytes,
      };
    },
  );

  app.post(
    '/api/member/mutual-aid/claims/:claimId/documents',
    {
      config: { ...member, ...BINARY_UPLOAD, problems: [403, 404, 409, 413, 415] },
      schema: {
        tags,
        operationId: 'uploadMutualAidClaimDocument',
        summary: '上传发票、出院小结等照片或 PDF（请求体为文件本身，按内容判断类型）',
        params: IdParams('claimId'),
        querystring: z.strictObject({ kind: z.enum(DOCUMENT_KINDS), fileName: LineText(1, 200).optional() }),
        response: { 201: DocumentResponse },
      },
    },
    async (req, reply) => {
      const added = await addClaimDocument(
        p,
        store,
        actorOf(req),
        { kind: 'member', accountId: requireMember(req).accountId },
        req.params.claimId,
        {
          body: () => binaryBody(req, () => mutualAidErrors.documentTypeRefused()),
          kind: req.query.kind,
          fileName: req.query.fileName,
          maxBytes: p.config.photoLimitBytes,
        },
      );
      return reply.code(201).send(toDocument(added, 'member'));
    },
  );

  app.post(
    '/api/member/mutual-aid/claims/:claimId/refile',
    {
      config: { ...member, problems: [403, 404, 409] },
      schema: {
        tags,
        operationId: 'refileMutualAidClaim',
        summary: '补充材料后重新提交审核',
        params: IdParams('claimId'),
        body: z.strictObject({ note: LineText(0, 200).nullish() }),
        response: { 200: ClaimResponse },
      },
    },
    async (req) => refileClaim(db, p, actorOf(req), requireMember(req).accountId, req.params.claimId, req.body.note ?? null),
  );

  // WeChat Pay posts the outcome of an order here; the signature and the encryption are the proof.
  app.post(
    '/api/channels/wechatpay/pay-notify',
    {
      config: { ...open, problems: [400, 404, 409] },
      schema: {
        tags,
        operationId: 'receiveWechatPayment',
        summary: '微信支付支付结果通知（验签、解密；同一订单只生效一次）',
        response: { 200: z.object({ code: z.literal('SUCCESS'), outcome: z.enum(['applied', 'duplicate', 'ignored']) }) },
      },
    },
    async (req) => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
      return { code: 'SUCCESS' as const, outcome: await applyPaymentNotification(db, p, headers, req.rawBody, new Date()) };
    },
  );

  // ——— the console ———

  app.get(
    '/api/console/mutual-aid-plans',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'listMutualAidPlans',
        summary: '本级及下级工会举办、以及上级举办覆盖本级的互助保障计划',
        response: { 200: z.object({ items: z.array(PlanResponse.extend({ runs: z.boolean() })) }) },
      },
    },
    async (req) => {
      const scope = scopeOf(requireStaff(req));
      // `runs`: the union that runs the plan is the staff member's or below it (they may close it, pay from it).
      return { items: (await listPlans(db, scope)).map((plan) => ({ ...plan, runs: runsPlan(plan, scope) })) };
    },
  );

  app.post(
    '/api/console/mutual-aid-plans',
    {
      config: { ...staff('admin'), problems: [404, 409] },
      schema: {
        tags,
        operationId: 'createMutualAidPlan',
        summary: '举办互助保障计划（规则、价格、保障期起始日、二次审核金额和抽检比例）；同时建立计划的互助金账户',
        body: PlanBody,
        response: { 201: PlanResponse },
      },
    },
    async (req, reply) => {
      const { sourceId: _, ...plan } = await createPlan(db, actorOf(req), scopeOf(requireStaff(req)), req.body);
      return reply.code(201).send(plan);
    },
  );

  app.post(
    '/api/console/mutual-aid-plans/:planId/close',
    {
      config: { ...staff('admin'), problems: [404, 409] },
      schema: {
        tags,
        operationId: 'closeMutualAidPlan',
        summary: '停办互助保障计划：不再接受个人和团体参保；已参保的保障到本期期末，理赔和一单式结算照常（需说明原因，记入审计）',
        params: z.strictObject({ planId: z.uuid() }),
        body: z.strictObject({ reason: Reason }),
        response: { 200: PlanResponse },
      },
    },
    async (req) => closePlan(db, actorOf(req), scopeOf(requireStaff(req)), req.params.planId, req.body.reason),
  );

  app.post(
    '/api/console/mutual-aid-plans/:planId/groups',
    {
      config: { ...staff('operator'), problems: [404, 409, 422], upload: { types: Object.keys(UPLOAD_TYPES), as: 'stream' } },
      schema: {
        tags,
        operationId: 'enrolMutualAidGroup',
        summary:
          '团体参保：上传名单（.xlsx / .csv，列：姓名、身份证号、份数）；名单中每人须为缴费单位（工会）下的会员且符合参保条件，任何一行有问题则整份不参保，并逐行列出（422）',
        params: IdParams('planId'),
        querystring: z.strictObject({ orgId: z.uuid(), payerName: LineText(2, 60), fileName: LineText(1, 200).default('名单') }),
        response: {
          201: z.object({
            id: z.string(),
            planId: z.string(),
            payerName: z.string(),
            people: z.number(),
            totalFen: z.number(),
            cycleStart: z.string(),
            cycleEnd: z.string(),
          }),
        },
      },
    },
    async (req, reply) => {
      // The plan first: a stranger's request is refused as not found whatever it carries.
      await getPlan(db, scopeOf(requireStaff(req)), req.params.planId);
      const format = UPLOAD_TYPES[mediaType(req) as keyof typeof UPLOAD_TYPES];
      if (!format || !(req.body instanceof Readable)) throw mutualAidErrors.groupRefused({ rows: 0 });
      const group = await enrolGroup(db, p, actorOf(req), scopeOf(requireStaff(req)), {
        planId: req.params.planId,
        orgId: req.query.orgId,
        payerName: req.query.payerName,
        fileName: req.query.fileName,
        format,
        body: req.body,
        maxBytes: p.config.importLimitBytes,
      });
      return reply.code(201).send(group);
    },
  );

  app.get(
    '/api/console/mutual-aid-claims',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'listMutualAidClaims',
        summary: '本级及下级的互助金申请和医院结算，最新在前（按计划、状态、来源、工会筛选）',
        querystring: ClaimQuery,
        response: { 200: z.object({ items: z.array(ClaimResponse), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => listClaims(db, p, scopeOf(requireStaff(req)), req.query),
  );

  app.get(
    '/api/console/mutual-aid-claims/:claimId',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'getMutualAidClaim',
        summary: '互助金申请详情：参保人、诊断和费用、本期已用次数和金额、材料、审核记录（查看记入审计）',
        params: IdParams('claimId'),
        response: { 200: ClaimDetailResponse },
      },
    },
    async (req) => {
      const detail = await claimDetail(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.claimId);
      return {
        ...detail,
        documents: (await listClaimDocuments(db, [detail.id])).map((d) => toDocument(d, 'console')),
        checklist: REVIEW_CHECKLIST.map((key) => ({ key, label: t(`mutual-aid.checklist.${key}`) })),
      };
    },
  );

  app.post(
    '/api/console/mutual-aid-claims/:claimId/review',
    {
      config: { ...staff('reviewer'), problems: [404, 409, 422] },
      schema: {
        tags,
        operationId: 'reviewMutualAidClaim',
        summary: '审核：要求补充材料、核对清单后批准（按规则计算互助金；超过金额或被抽中的须另一人复核）、或写明原因不予赔付',
        params: IdParams('claimId'),
        body: ReviewBody,
        response: { 200: ClaimResponse },
      },
    },
    async (req) => reviewClaim(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.claimId, req.body),
  );

  app.post(
    '/api/console/mutual-aid-claims/:claimId/documents',
    {
      config: { ...staff('operator'), ...BINARY_UPLOAD, problems: [404, 409, 413, 415] },
      schema: {
        tags,
        operationId: 'uploadMutualAidClaimDocumentByStaff',
        summary: '工作人员代传材料（扫描件）',
        params: IdParams('claimId'),
        querystring: z.strictObject({ kind: z.enum(DOCUMENT_KINDS), fileName: LineText(1, 200).optional() }),
        response: { 201: DocumentResponse },
      },
    },
    async (req, reply) => {
      const added = await addClaimDocument(
        p,
        store,
        actorOf(req),
        { kind: 'staff', scope: scopeOf(requireStaff(req)) },
        req.params.claimId,
        {
          body: () => binaryBody(req, () => mutualAidErrors.documentTypeRefused()),
          kind: req.query.kind,
          fileName: req.query.fileName,
          maxBytes: p.config.photoLimitBytes,
        },
      );
      return reply.code(201).send(toDocument(added, 'console'));
    },
  );

  app.get(
    '/api/console/mutual-aid-documents/:documentId',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'readMutualAidClaimDocument',
        summary: '查看一份材料（每次查看记入审计）',
        params: IdParams('documentId'),
        response: { 200: fileResponse('application/octet-stream', '材料') },
      },
    },
    async (req, reply) => {
      const doc = await readClaimDocument(p, actorOf(req), scopeOf(requireStaff(req)), req.params.documentId);
      return sendStoredFile(req, reply, store, doc, 'private');
    },
  );

  app.get(
    '/api/console/mutual-aid-plans/:planId/batches',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'listMutualAidBatches',
        summary: '计划的互助金发放批次',
        params: IdParams('planId'),
        response: { 200: z.object({ items: z.array(BatchResponse) }) },
      },
    },
    async (req) => ({ items: await listBatches(db, scopeOf(requireStaff(req)), req.params.planId) }),
  );

  app.post(
    '/api/console/mutual-aid-plans/:planId/batches',
    {
      config: { ...staff('operator'), problems: [404, 422] },
      schema: {
        tags,
        operationId: 'createMutualAidBatch',
        summary: '把已批准、未发放的申请（或指定的几笔）组成一个发放批次',
        params: IdParams('planId'),
        body: z.strictObject({ name: LineText(2, 60), claimIds: z.array(z.uuid()).min(1).max(5000).optional() }),
        response: { 201: BatchResponse },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createBatch(db, actorOf(req), scopeOf(requireStaff(req)), { planId: req.params.planId, ...req.body })),
  );

  app.post(
    '/api/console/mutual-aid-batches/:payoutBatchId/pay',
    {
      config: { ...staff('admin'), problems: [404, 409, 422] },
      schema: {
        tags,
        operationId: 'payMutualAidBatch',
        summary: '确认发放：从计划的互助金账户逐笔支出，申请变为已发放并短信告知',
        params: IdParams('payoutBatchId'),
        body: z.strictObject({}),
        response: { 200: BatchResponse },
      },
    },
    async (req) => payBatch(db, p, actorOf(req), scopeOf(requireStaff(req)), req.params.payoutBatchId),
  );

  app.get(
    '/api/console/mutual-aid-batches/:payoutBatchId/bank-file.xlsx',
    {
      config: staff('operator'),
      schema: {
        tags,
        operationId: 'exportMutualAidBankFile',
        summary: '导出银行代发清单 .xlsx（含完整姓名、身份证号和账号；须写明原因，记入审计）',
        params: IdParams('payoutBatchId'),
        querystring: z.strictObject({ reason: Reason }),
        response: { 200: fileResponse(XLSX_TYPE, '银行代发清单') },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(requireStaff(req));
      const actor = actorOf(req);
      const batch = await startBankFile(db, actor, scope, req.params.payoutBatchId, req.query.reason);
      const day = shanghaiDay(new Date()).replaceAll('-', '');
      return streamDownload(
        reply,
        req.log,
        { type: XLSX_TYPE, asciiName: `mutual-aid-bank-file-${day}.xlsx`, name: `${batch.name}-银行代发清单-${day}.xlsx` },
        (out) => writeBankFileXlsx(p, actor, scope, req.params.payoutBatchId, out),
      );
    },
  );

  app.get(
    '/api/console/mutual-aid-dashboard',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'getMutualAidDashboard',
        summary: '互助金看板：某计划某保障期的参保人数、缴费、申请、发放和医院结算，合计及按下级工会分列',
        querystring: z.strictObject({ planId: z.uuid(), cycleStart: Day.optional(), orgId: z.uuid().optional() }),
        response: { 200: DashboardResponse },
      },
    },
    // Figures a few seconds old are figures: from the standby when there is one (DATABASE_READ_URL).
    async (req) => fundDashboard(p.readDb(), scopeOf(requireStaff(req)), req.query, shanghaiDay(new Date())),
  );

  app.get(
    '/api/console/mutual-aid-reconciliations',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'listMutualAidReconciliations',
        summary: '医院一单式结算的每日对账（按医院、计划、日期），最新在前',
        querystring: z.strictObject({ planId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(200).default(60) }),
        response: { 200: z.object({ items: z.array(ReconciliationResponse) }) },
      },
    },
    async (req) => ({ items: await listReconciliations(db, scopeOf(requireStaff(req)), req.query) }),
  );

  app.post(
    '/api/console/mutual-aid-reconciliations/run',
    {
      config: staff('operator'),
      schema: {
        tags,
        operationId: 'runMutualAidReconciliation',
        summary: '立即对某日的医院结算对账（每晚自动对前一日对账）',
        body: z.strictObject({ day: Day }),
        response: { 200: z.object({ lines: z.number() }) },
      },
    },
    async (req) => {
      // Only the days of the plans whose money the staff member's union runs.
      const scope = scopeOf(requireStaff(req));
      const mine = (await listPlans(db, scope)).filter((plan) => runsPlan(plan, scope)).map((plan) => plan.id);
      return { lines: await reconcileDay(db, req.body.day, new Date(), mine) };
    },
  );

  app.post(
    '/api/console/mutual-aid-reconciliations/pay',
    {
      config: { ...staff('admin'), problems: [404, 409, 422] },
      schema: {
        tags,
        operationId: 'payMutualAidReconciliation',
        summary: '向医院拨付某日一单式结算的互助金（从计划的互助金账户支出，一次）',
        body: z.strictObject({ partnerId: z.uuid(), planId: z.uuid(), day: Day }),
        response: { 200: z.object({ day: z.string(), hospital: z.string(), totalFen: z.number(), status: z.literal('paid') }) },
      },
    },
    async (req) => payReconciliation(db, actorOf(req), scopeOf(requireStaff(req)), req.body),
  );

  // ——— the hospital, over the signed partner API ———

  app.post(
    '/partner/v1/mutual-aid/settlements',
    {
      config: { ...partnerBatched, problems: [403, 409, 422, 503] },
      schema: {
        tags: ['partner-api'],
        operationId: 'settleMutualAid',
        summary:
          '一单式结算：出院时提交患者身份证号和医保结算数据，当即返回本次互助金（医院从账单中减免）；同一结算单号再次提交不同数据为重新结算，原结算作废；需 Idempotency-Key',
        headers: IdempotencyHeader,
        body: SettlementBody,
        response: { 200: SettlementResponse },
      },
    },
    async (req, reply) => {
      const write = partnerWriteOf(req);
      const answer = await submitSettlement(db, p, checkSettlement(p, requirePartner(req), req.body, write, new Date()));
      if (answer.replayed) reply.header('idempotent-replayed', 'true');
      // A settlement's only stored answer is its 200 (a refusal stores nothing).
      return reply.code(200).send(answer.body);
    },
  );

  app.get(
    '/partner/v1/mutual-aid/reconciliation',
    {
      config: { ...partnerRead, problems: [403] },
      schema: {
        tags: ['partner-api'],
        operationId: 'getMutualAidReconciliation',
        summary: '本院某日的一单式结算对账单：每笔结算（含已作废的）和当日合计',
        querystring: z.strictObject({ day: Day }),
        response: {
          200: z.object({
            day: z.string(),
            hospital: z.string(),
            settled: z.number(),
            cancelled: z.number(),
            payoutFen: z.number(),
            lines: z.array(
              z.object({
                settlementId: z.string(),
                claimNo: z.string(),
                settlementRef: z.string(),
                status: z.enum(['settled', 'cancelled']),
                payoutFen: z.number(),
                totalFen: z.number(),
                admittedOn: z.string(),
                dischargedOn: z.string().nullable(),
                settledAt: z.date(),
                replacedBy: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => hospitalDay(db, requirePartner(req), req.query.day),
  );
};
