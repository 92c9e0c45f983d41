// Hardship files over HTTP: union staff keep files and take them through the process; a worker applies
// in the H5 and follows the status. Thin: parse, authorise, call one use case, shape the reply.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf, staffRoute, type Role } from '../../../platform/access/access.js';
import { actorOf, requireMember, requireStaff } from '../../../platform/http/guard.js';
import { streamDownload, XLSX_TYPE } from '../../../platform/http/downloads.js';
import { fileResponse } from '../../../platform/http/openapi.js';
import { Day, IdParams, Reason } from '../../../platform/http/zod.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { inTransaction } from '../../../platform/db/tx.js';
import {
  answerNeed,
  assignHelpers,
  contactsDue,
  familyHelpers,
  helpCard,
  listCallbacks,
  listNeeds,
  listContacts,
  logContact,
  ownNeeds,
  postNeed,
  recordCallback,
  resolveCard,
} from '../service/help.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import {
  createAidBatch,
  createAidItem,
  listAidBatches,
  listAidItems,
  payAidBatch,
  reverseAidBatch,
  startBankFileExport,
  writeBankFileXlsx,
} from '../service/aid.js';
import { hardshipErrors } from '../errors.js';
import { hardshipEvidenceRoutes } from './evidence.js';
import { applyForFile, getFile, listFiles, ownFiles, type FileDetail as FileDetailResult } from '../service/files.js';
import { approveFile, publishNotice, raiseObjection, recordVisit, rejectFile, resolveObjection, reviewFile } from '../service/process.js';
import { clearCompetition, getCompetition, getRanking, refreshRankings, setCompetition, writeRankingXlsx } from '../service/ranking.js';
import type { Indicator } from '../rules.js';
import { filesOverview, reviewPeriodically } from '../service/review.js';
import { listReviewNotices } from '../service/reminders.js';
import { setSettings, settingsFor } from '../service/settings.js';
import { findOrgById, getOrg } from '#modules/orgs';
import { findMemberByAccount } from '#modules/members';
import { t } from '../../../platform/i18n/i18n.js';
import {
  AidBatchBody,
  AidBatchQuery,
  AidBatchResponse,
  AidItemBody,
  AidItemResponse,
  AnswerBody,
  CallbackBody,
  CallbackResponse,
  ContactBody,
  ContactResponse,
  ContactDueResponse,
  HelpCardResponse,
  HelperResponse,
  HelpersBody,
  NeedBody,
  NeedResponse,
  RankingResponse,
  CompetitionBody,
  CompetitionResponse,
  FileDetail,
  FileListQuery,
  Overview,
  PeriodicReviewBody,
  FileSummary,
  MemberFileBody,
  ObjectionBody,
  OwnFile,
  RejectBody,
  ReviewNoticeResponse,
  ResolveBody,
  ReviewBody,
  SettingsBody,
  SettingsResponse,
  StaffFileBody,
  VisitBody,
} from './contracts.js';

const staff = <const R extends Role>(role: R) => staffRoute('hardship', role);
const tags = ['hardship'];

/** Indicators as the console and partners read them: each with the unit its values are in. */
function withUnits<T extends { indicators: Indicator[] }>(result: T): T & { indicators: (Indicator & { unit: string })[] } {
  return { ...result, indicators: result.indicators.map((i) => ({ ...i, unit: t(`hardship.indicator_unit.${i.code}`) })) };
}
const FileParams = IdParams('fileId');

export const hardshipRoutes: FastifyPluginAsyncZod = async (app) => {
  const p = app.platform;
  await hardshipEvidenceRoutes(app, {});

  app.get(
    '/api/console/hardship-settings/:orgId',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'getHardshipSettings',
        summary: '困难认定标准（当地低保标准、相对困难线倍数、公示天数）：本级未设置时沿用最近的上级',
        params: IdParams('orgId'),
        response: { 200: SettingsResponse.nullable() },
      },
    },
    async (req) => settingsFor(p.db, await getOrg(p.db, scopeOf(requireStaff(req)), req.params.orgId)),
  );

  app.put(
    '/api/console/hardship-settings/:orgId',
    {
      config: staff('admin'),
      schema: {
        tags,
        operationId: 'setHardshipSettings',
        summary: '设置本地区困难认定标准',
        params: IdParams('orgId'),
        body: SettingsBody,
        response: { 200: SettingsResponse },
      },
    },
    async (req) => setSettings(p.db, actorOf(req), scopeOf(requireStaff(req)), req.params.orgId, req.body),
  );

  app.get(
    '/api/console/hardship-files',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'listHardshipFiles',
        summary: '困难档案列表（本级及下级工会；姓名、手机号脱敏）',
        querystring: FileListQuery,
        response: { 200: z.object({ items: z.array(FileSummary), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => listFiles(p, scopeOf(requireStaff(req)), req.query),
  );

  app.post(
    '/api/console/hardship-files',
    {
      config: staff('operator'),
      schema: {
        tags,
        operationId: 'createHardshipFile',
        summary: '入户后代为登记困难档案：自动核算人均收入并按认定规则给出困难类别及理由；非会员发送入会邀请短信',
        body: StaffFileBody,
        response: { 201: FileSummary },
      },
    },
    async (req, reply) => reply.code(201).send(await applyForFile(p, actorOf(req), { scope: scopeOf(requireStaff(req)) }, req.body)),
  );

  app.get(
    '/api/console/hardship-files/:fileId',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'getHardshipFile',
        summary: '困难档案详情（家庭成员、收入核算、认定理由、每一步的经办人和原因）',
        params: FileParams,
        response: { 200: FileDetail },
      },
    },
    async (req) => getFile(p, scopeOf(requireStaff(req)), req.params.fileId),
  );

  const step = <B extends z.ZodType>(
    path: string,
    operationId: string,
    summary: string,
    role: Role,
    body: B,
    run: (req: {
      body: z.infer<B>;
      fileId: string;
      actor: ReturnType<typeof actorOf>;
      scope: ReturnType<typeof scopeOf>;
    }) => Promise<FileDetailResult>,
  ) =>
    app.post(
      `/api/console/hardship-files/:fileId/${path}`,
      { config: staff(role), schema: { tags, operationId, summary, params: FileParams, body, response: { 200: FileDetail } } },
      async (req) =>
        run({ body: req.body as z.infer<B>, fileId: req.params.fileId, actor: actorOf(req), scope: scopeOf(requireStaff(req)) }),
    );

  step('visit', 'recordHardshipVisit', '登记入户核查（核查清单、走访人、情况说明）', 'operator', VisitBody, (r) =>
    recordVisit(p, r.actor, r.scope, r.fileId, r.body),
  );
  step('review', 'reviewHardshipFile', '工会审核：通过（可调整困难类别，须写明原因）或驳回', 'reviewer', ReviewBody, (r) =>
    reviewFile(p, r.actor, r.scope, r.fileId, r.body),
  );
  step('notice', 'publishHardshipNotice', '发布公示（天数按本地区设置）', 'reviewer', z.strictObject({}), (r) =>
    publishNotice(p, r.actor, r.scope, r.fileId),
  );
  step('objections', 'raiseHardshipObjection', '登记公示期间收到的异议', 'operator', ObjectionBody, (r) =>
    raiseObjection(p, r.actor, r.scope, r.fileId, r.body),
  );
  step('approve', 'approveHardshipFile', '县级及以上工会审批建档（公示期满且异议已处理）', 'reviewer', z.strictObject({}), (r) =>
    approveFile(p, r.actor, r.scope, r.fileId),
  );
  step(
    'periodic-review',
    'reviewHardshipFilePeriodically',
    '复核（动态管理）：继续帮扶、调整困难类别或解困脱困，须写明原因',
    'reviewer',
    PeriodicReviewBody,
    (r) => reviewPeriodically(p, r.actor, r.scope, r.fileId, r.body),
  );
  step('reject', 'rejectHardshipFile', '驳回申请（须写明原因，短信告知申请人）', 'reviewer', RejectBody, (r) =>
    rejectFile(p, r.actor, r.scope, r.fileId, r.body.reason),
  );

  app.post(
    '/api/console/hardship-files/:fileId/objections/:objectionId/resolve',
    {
      config: staff('reviewer'),
      schema: {
        tags,
        operationId: 'resolveHardshipObjection',
        summary: '处理异议：成立则撤回公示、退回重新核查；不成立则公示继续',
        params: z.strictObject({ fileId: z.uuid(), objectionId: z.uuid() }),
        body: ResolveBody,
        response: { 200: FileDetail },
      },
    },
    async (req) => resolveObjection(p, actorOf(req), scopeOf(requireStaff(req)), req.params.fileId, req.params.objectionId, req.body),
  );

  app.get(
    '/api/console/hardship-overview',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'getHardshipOverview',
        summary: '困难档案概况：本年新建档、本年解困、在档、在办，以及 30 天内到期和已逾期的复核',
        response: { 200: Overview },
      },
    },
    async (req) => filesOverview(p.db, scopeOf(requireStaff(req))),
  );

  app.get(
    '/api/console/hardship-review-notices',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'listHardshipReviewNotices',
        summary: '复核提醒：本周各工会 30 天内到期和已逾期复核的档案清单（每日更新）',
        response: { 200: z.array(ReviewNoticeResponse) },
      },
    },
    async (req) => listReviewNotices(p.db, scopeOf(requireStaff(req))),
  );

  app.get(
    '/api/console/hardship-aid-items',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'listHardshipAidItems',
        summary: '某工会可发放的帮扶项目（本级及上级设立的）',
        querystring: z.strictObject({ orgId: z.uuid() }),
        response: { 200: z.object({ items: z.array(AidItemResponse) }) },
      },
    },
    async (req) => ({ items: await listAidItems(p.db, scopeOf(requireStaff(req)), req.query.orgId) }),
  );

  app.post(
    '/api/console/hardship-aid-items',
    {
      config: staff('admin'),
      schema: {
        tags,
        operationId: 'createHardshipAidItem',
        summary: '设立帮扶项目：标准金额、每户每年上限（金额、次数）或每户一次，以及从哪项资金支出',
        body: AidItemBody,
        response: { 201: AidItemResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await createAidItem(p.db, actorOf(req), scopeOf(requireStaff(req)), req.body)),
  );

  app.get(
    '/api/console/hardship-aid-batches',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'listHardshipAidBatches',
        summary: '帮扶发放批次（可按工会及其下级、状态筛选；新的在前，分页）',
        querystring: AidBatchQuery,
        response: { 200: z.object({ items: z.array(AidBatchResponse), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => listAidBatches(p.db, scopeOf(requireStaff(req)), req.query),
  );

  app.post(
    '/api/console/hardship-aid-batches',
    {
      config: staff('operator'),
      schema: {
        tags,
        operationId: 'createHardshipAidBatch',
        summary: '生成发放批次：逐户核对建档状态和年度限额，有一户不符则整批不生成并逐户列出原因',
        body: AidBatchBody,
        response: { 201: AidBatchResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await createAidBatch(p, actorOf(req), scopeOf(requireStaff(req)), req.body)),
  );

  app.post(
    '/api/console/hardship-aid-batches/:batchId/pay',
    {
      config: staff('reviewer'),
      schema: {
        tags,
        operationId: 'payHardshipAidBatch',
        summary: '标记已发放：从该项目的资金中支出（不得超过本级可用余额），职工可在“我的帮扶”中看到',
        params: IdParams('batchId'),
        body: z.strictObject({}),
        response: { 200: AidBatchResponse },
      },
    },
    async (req) => payAidBatch(p, actorOf(req), scopeOf(requireStaff(req)), req.params.batchId),
  );

  app.post(
    '/api/console/hardship-aid-batches/:batchId/reverse',
    {
      config: staff('reviewer'),
      schema: {
        tags,
        operationId: 'reverseHardshipAidBatch',
        summary: '冲正已发放的批次（银行退票、错发）：逐户冲回资金账，不再计入年度限额和职工已获帮扶；须写明原因，记入审计',
        params: IdParams('batchId'),
        body: z.strictObject({ reason: Reason }),
        response: { 200: AidBatchResponse },
      },
    },
    async (req) => reverseAidBatch(p, actorOf(req), scopeOf(requireStaff(req)), req.params.batchId, req.body.reason),
  );

  app.get(
    '/api/console/hardship-aid-batches/:batchId/bank-file.xlsx',
    {
      config: staff('operator'),
      schema: {
        tags,
        operationId: 'exportHardshipBankFile',
        summary: '导出银行代发清单 .xlsx（含完整姓名、身份证号和账号；须写明原因，记入审计）',
        params: IdParams('batchId'),
        querystring: z.strictObject({ reason: Reason }),
        response: { 200: fileResponse(XLSX_TYPE, '银行代发清单') },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(requireStaff(req));
      const actor = actorOf(req);
      const batch = await startBankFileExport(p.db, actor, scope, req.params.batchId, req.query.reason);
      const day = shanghaiDay(new Date()).replaceAll('-', '');
      return streamDownload(
        reply,
        req.log,
        { type: XLSX_TYPE, asciiName: `hardship-bank-file-${day}.xlsx`, name: `${batch.name}-银行代发清单-${day}.xlsx` },
        (out) => writeBankFileXlsx(p, actor, scope, req.params.batchId, out),
      );
    },
  );

  app.put(
    '/api/console/hardship-files/:fileId/helpers',
    {
      config: staff('operator'),
      schema: {
        tags,
        operationId: 'assignHardshipHelpers',
        summary: '安排两名帮扶人（“2 对 1”），替换原帮扶人',
        params: FileParams,
        body: HelpersBody,
        response: { 200: z.object({ helpers: z.array(HelperResponse) }) },
      },
    },
    async (req) => ({ helpers: await assignHelpers(p, actorOf(req), scopeOf(requireStaff(req)), req.params.fileId, req.body.helpers) }),
  );

  app.get(
    '/api/console/hardship-files/:fileId/help-card',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'getHardshipHelpCard',
        summary: '帮扶卡（打印用）：档案号、户主、帮扶人（完整电话，供家庭拨打；每次生成记入审计）、最近联系和二维码内容',
        params: FileParams,
        response: { 200: HelpCardResponse },
      },
    },
    async (req) =>
      helpCard(p, actorOf(req), scopeOf(requireStaff(req)), req.params.fileId, p.config.publicUrl ?? `${req.protocol}://${req.host}`),
  );

  app.get(
    '/api/console/hardship-cards/resolve',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'resolveHardshipCard',
        summary: '扫帮扶卡：找到对应的困难家庭（仅本辖区）',
        querystring: z.strictObject({ c: z.string().min(10).max(600) }),
        response: { 200: z.object({ fileId: z.string() }) },
      },
    },
    async (req) => resolveCard(p, scopeOf(requireStaff(req)), req.query.c),
  );

  app.get(
    '/api/console/hardship-files/:fileId/contacts',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'listHardshipContacts',
        summary: '帮扶联系记录（最近的在前）',
        params: FileParams,
        response: { 200: z.object({ items: z.array(ContactResponse) }) },
      },
    },
    async (req) => ({ items: await listContacts(p, scopeOf(requireStaff(req)), req.params.fileId) }),
  );

  app.post(
    '/api/console/hardship-files/:fileId/contacts',
    {
      config: staff('operator'),
      schema: {
        tags,
        operationId: 'logHardshipContact',
        summary: '登记帮扶联系（电话、走访、消息）和所做的事',
        params: FileParams,
        body: ContactBody,
        response: { 201: z.object({ contactState: z.enum(['ok', 'due', 'overdue']) }) },
      },
    },
    async (req, reply) => reply.code(201).send(await logContact(p, actorOf(req), scopeOf(requireStaff(req)), req.params.fileId, req.body)),
  );

  app.get(
    '/api/console/hardship-contacts-due',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'listHardshipContactsDue',
        summary: '本周未联系的在档家庭（周联系提醒），久未联系的在前',
        response: { 200: z.object({ items: z.array(ContactDueResponse) }) },
      },
    },
    async (req) => ({ items: await contactsDue(p, scopeOf(requireStaff(req))) }),
  );

  app.get(
    '/api/console/hardship-callbacks',
    {
      config: staff('reviewer'),
      schema: {
        tags,
        operationId: 'listHardshipCallbacks',
        summary: '随机回访任务（每周按比例抽取；含完整电话以便拨打，查看记入审计）',
        querystring: z.strictObject({ week: Day.optional() }),
        response: { 200: z.object({ items: z.array(CallbackResponse) }) },
      },
    },
    async (req) => {
      const scope = scopeOf(requireStaff(req));
      const items = await listCallbacks(p, scope, req.query.week);
      await inTransaction(p.db, (tx) =>
        recordAudit(tx, actorOf(req), {
          action: 'hardship.callbacks_viewed',
          details: { week: req.query.week ?? null, phones: items.length },
        }),
      );
      return { items };
    },
  );

  app.post(
    '/api/console/hardship-callbacks/:callbackId',
    {
      config: staff('reviewer'),
      schema: {
        tags,
        operationId: 'recordHardshipCallback',
        summary: '登记回访结果：满意度（1–5）和发现的问题',
        params: IdParams('callbackId'),
        body: CallbackBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await recordCallback(p, actorOf(req), scopeOf(requireStaff(req)), req.params.callbackId, req.body);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/console/hardship-needs',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'listHardshipNeeds',
        summary: '困难职工诉求（先到先答）',
        querystring: z.strictObject({ status: z.enum(['open', 'answered']).optional() }),
        response: { 200: z.object({ items: z.array(NeedResponse) }) },
      },
    },
    async (req) => ({ items: await listNeeds(p, scopeOf(requireStaff(req)), req.query.status) }),
  );

  app.post(
    '/api/console/hardship-needs/:needId/answer',
    {
      config: staff('operator'),
      schema: {
        tags,
        operationId: 'answerHardshipNeed',
        summary: '答复诉求（短信告知职工）',
        params: IdParams('needId'),
        body: AnswerBody,
        response: { 200: NeedResponse },
      },
    },
    async (req) => answerNeed(p, actorOf(req), scopeOf(requireStaff(req)), req.params.needId, req.body.answer),
  );

  app.get(
    '/api/console/hardship-ranking',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'getHardshipRanking',
        summary: '专项劳动竞赛排名：某工会直属各地区的得分、名次（并列同名次）和各项指标数据（每晚更新）',
        querystring: z.strictObject({ orgId: z.uuid() }),
        response: { 200: RankingResponse },
      },
    },
    async (req) => withUnits(await getRanking(p.db, scopeOf(requireStaff(req)), req.query.orgId)),
  );

  app.post(
    '/api/console/hardship-ranking/refresh',
    {
      config: staff('operator'),
      schema: {
        tags,
        operationId: 'refreshHardshipRanking',
        summary: '立即重新计算排名：本工会及其下各级地区工会的排名一并更新',
        body: z.strictObject({ orgId: z.uuid() }),
        response: { 200: RankingResponse },
      },
    },
    async (req) => withUnits((await refreshRankings(p.db, scopeOf(requireStaff(req)), req.body.orgId)).ranking),
  );

  app.get(
    '/api/console/hardship-competition/:orgId',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'getHardshipCompetition',
        summary: '竞赛指标和权重：本级设定的，或最近上级的，或系统默认',
        params: z.strictObject({ orgId: z.uuid() }),
        response: { 200: CompetitionResponse },
      },
    },
    async (req) => withUnits(await getCompetition(p.db, scopeOf(requireStaff(req)), req.params.orgId)),
  );

  app.put(
    '/api/console/hardship-competition/:orgId',
    {
      config: staff('admin'),
      schema: {
        tags,
        operationId: 'setHardshipCompetition',
        summary: '设定本级竞赛的指标和权重（下级排名随之采用，下次计算时生效；记入审计）',
        params: z.strictObject({ orgId: z.uuid() }),
        body: CompetitionBody,
        response: { 200: CompetitionResponse },
      },
    },
    async (req) => withUnits(await setCompetition(p.db, actorOf(req), scopeOf(requireStaff(req)), req.params.orgId, req.body.indicators)),
  );

  app.delete(
    '/api/console/hardship-competition/:orgId',
    {
      config: staff('admin'),
      schema: {
        tags,
        operationId: 'clearHardshipCompetition',
        summary: '取消本级设定的指标权重，恢复沿用上级（或系统默认）的设定（下次计算时生效；记入审计）',
        params: z.strictObject({ orgId: z.uuid() }),
        response: { 200: CompetitionResponse },
      },
    },
    async (req) => withUnits(await clearCompetition(p.db, actorOf(req), scopeOf(requireStaff(req)), req.params.orgId)),
  );

  app.get(
    '/api/console/hardship-ranking.xlsx',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'exportHardshipRanking',
        summary: '导出竞赛排名 .xlsx（含各项指标和得分；记入审计）',
        querystring: z.strictObject({ orgId: z.uuid() }),
        response: { 200: fileResponse(XLSX_TYPE, '竞赛排名') },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(requireStaff(req));
      await getRanking(p.db, scope, req.query.orgId);
      const day = shanghaiDay(new Date()).replaceAll('-', '');
      return streamDownload(
        reply,
        req.log,
        { type: XLSX_TYPE, asciiName: `hardship-ranking-${day}.xlsx`, name: `困难职工帮扶竞赛排名-${day}.xlsx` },
        (out) => writeRankingXlsx(p.db, actorOf(req), scope, req.query.orgId, out),
      );
    },
  );

  app.post(
    '/api/member/hardship-needs',
    {
      config: { access: { auth: 'member' } },
      schema: {
        tags,
        operationId: 'postHardshipNeed',
        summary: '反映诉求：发给负责本人档案的工会',
        body: NeedBody,
        response: { 201: NeedResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await postNeed(p, requireMember(req).phone, req.body.content)),
  );

  app.get(
    '/api/member/hardship-needs',
    {
      config: { access: { auth: 'member' } },
      schema: {
        tags,
        operationId: 'listOwnHardshipNeeds',
        summary: '我反映的诉求和答复',
        response: { 200: z.object({ items: z.array(NeedResponse) }) },
      },
    },
    async (req) => ({ items: await ownNeeds(p, requireMember(req).phone) }),
  );

  app.post(
    '/api/member/hardship-files',
    {
      config: { access: { auth: 'member' } },
      schema: {
        tags,
        operationId: 'applyForHardshipFile',
        summary: '职工在线申请困难帮扶（建档立卡）',
        body: MemberFileBody,
        response: { 201: FileSummary },
      },
    },
    async (req, reply) => {
      const member = requireMember(req);
      if (!member.phone) throw hardshipErrors.notFound();
      // A member's file goes to their union; a worker not yet a member names the union of their work place.
      const member_ = await findMemberByAccount(p.db, member.accountId);
      const orgId = req.body.orgId ?? '';
      if (!member_ && !req.body.orgId) {
        throw hardshipErrors.invalid(
          { count: 1 },
          { errors: [{ field: 'orgId', code: 'hardship.org_required', message: t('problems.hardship.org_required') }] },
        );
      }
      if (req.body.orgId && !(await findOrgById(p.db, req.body.orgId))) throw hardshipErrors.notFound();
      const filed = await applyForFile(
        p,
        actorOf(req),
        { accountId: member.accountId },
        { ...req.body, orgId, applicant: { ...req.body.applicant, phone: member.phone } },
      );
      return reply.code(201).send(filed);
    },
  );

  app.get(
    '/api/member/hardship-files',
    {
      config: { access: { auth: 'member' } },
      schema: {
        tags,
        operationId: 'listOwnHardshipFiles',
        summary: '我的帮扶：申请的进度和每一步',
        response: {
          200: z.object({
            items: z.array(OwnFile),
            evidenceLimitBytes: z.number().describe('补充材料单个文件的大小上限（字节）：手机可在上传前先检查'),
          }),
        },
      },
    },
    async (req) => {
      const files = await ownFiles(p, requireMember(req).phone);
      const helpers = await familyHelpers(
        p,
        files.filter((f) => f.status === 'filed').map((f) => f.id),
      );
      return {
        items: files.map((f) => ({ ...f, helpers: helpers.get(f.id) ?? [] })),
        evidenceLimitBytes: p.config.photoLimitBytes,
      };
    },
  );
};
