// The hardship routes' shapes: one zod schema each for validation, types and OpenAPI. Money is integer fen.
import { z } from 'zod';
import { Day, Limit, LineText, Reason } from '../../../platform/http/zod.js';
import { AID_KINDS, INDICATOR_CODES, HARDSHIP_CATEGORIES, HARDSHIP_CAUSES, HEALTH, RELATIONS, SCHOOLING } from '../rules.js';
import { EVIDENCE_KINDS, FILE_STATUSES } from '../schema.js';

const Fen = z.number().int();

const HouseholdMember = z.strictObject({
  name: z.string().trim().max(30),
  idNumber: z.string().trim().max(18).nullish(),
  relation: z.enum(RELATIONS),
  age: z.number().int(),
  health: z.enum(HEALTH),
  schooling: z.enum(SCHOOLING),
  monthlyIncomeFen: Fen,
});

const Household = {
  members: z.array(HouseholdMember).min(1).max(20),
  declaredSize: z.number().int().min(1).max(20),
  declaredMonthlyIncomeFen: Fen,
  causes: z
    .array(z.strictObject({ cause: z.enum(HARDSHIP_CAUSES), since: z.string().max(10) }))
    .min(0)
    .max(7),
  oneOffBurdenFen: Fen.optional(),
  address: z.string().trim().max(200).nullish(),
  bankAccount: z.strictObject({ bank: LineText(2, 40), accountNo: z.string().regex(/^[\d\s]{8,32}$/) }).nullish(),
};

export const StaffFileBody = z.strictObject({
  orgId: z.uuid(),
  applicant: z.strictObject({ name: z.string().trim().max(30), idNumber: z.string().trim().max(18), phone: z.string().trim().max(20) }),
  ...Household,
});

export const MemberFileBody = z.strictObject({
  /** A worker not yet a member names the union of their work place; a member's is their own. */
  orgId: z.uuid().optional(),
  applicant: z.strictObject({ name: z.string().trim().max(30), idNumber: z.string().trim().max(18) }),
  ...Household,
});

export const SettingsBody = z.strictObject({
  minimumLivingFen: Fen,
  relativeMultiple: z.number().optional(),
  suddenBurdenMonths: z.number().int().optional(),
  noticeDays: z.number().int().min(1).max(30).optional(),
  callbackSharePct: z.number().int().min(1).max(100).optional(),
});
export const SettingsResponse = z.object({
  orgId: z.string(),
  minimumLivingFen: z.number(),
  relativeMultiple: z.number(),
  suddenBurdenMonths: z.number(),
  noticeDays: z.number(),
  callbackSharePct: z.number(),
});

export const FileSummary = z.object({
  id: z.string(),
  fileNumber: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  applicantName: z.string(),
  applicantPhone: z.string(),
  isMember: z.boolean(),
  householdSize: z.number(),
  causes: z.array(z.string()),
  category: z.enum(HARDSHIP_CATEGORIES).nullable(),
  computedCategory: z.enum(HARDSHIP_CATEGORIES).nullable(),
  status: z.enum(FILE_STATUSES),
  channel: z.enum(['h5', 'staff']),
  noticeEndsOn: z.string().nullable(),
  filedOn: z.string().nullable(),
  reviewDueOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  createdAt: z.date(),
});

const Explanation = z.array(
  z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])), text: z.string() }),
);

export const FileDetail = FileSummary.extend({
  applicantIdNumber: z.string(),
  overrideReason: z.string().nullable(),
  household: z.object({
    members: z.array(HouseholdMember.extend({ idNumber: z.string().nullable() })),
    declaredSize: z.number(),
    declaredMonthlyIncomeFen: z.number(),
    oneOffBurdenFen: z.number(),
    address: z.string().nullable(),
    bankAccount: z.object({ bank: z.string(), accountNo: z.string() }).nullable(),
    perCapitaFen: z.number(),
    lines: z.object({ deepFen: z.number(), relativeFen: z.number() }),
    computedCategory: z.enum(HARDSHIP_CATEGORIES).nullable(),
    explanation: Explanation,
    causes: z.array(z.object({ cause: z.enum(HARDSHIP_CAUSES), since: z.string() })),
  }),
  steps: z.array(
    z.object({
      kind: z.string(),
      actorName: z.string().nullable(),
      reason: z.string().nullable(),
      details: z.record(z.string(), z.unknown()),
      at: z.date(),
    }),
  ),
});

export const OwnFile = FileSummary.extend({
  /** The family's two helpers, phones whole so that the family can call them (empty until assigned). */
  helpers: z.array(z.object({ name: z.string(), phone: z.string() })),
  steps: z.array(z.object({ kind: z.string(), at: z.date(), reason: z.string().nullable() })),
  aid: z.array(z.object({ itemName: z.string(), amountFen: z.number(), paidOn: z.string() })),
  /** What the worker (or staff) added as evidence: names only, the bytes are for staff. */
  evidence: z.array(
    z.object({ id: z.string(), kind: z.enum(EVIDENCE_KINDS), name: z.string(), contentType: z.string(), createdAt: z.date() }),
  ),
});

export const AidItemBody = z.strictObject({
  orgId: z.uuid(),
  code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
  name: LineText(2, 40),
  kind: z.enum(AID_KINDS),
  fundId: z.uuid(),
  defaultAmountFen: Fen.min(1),
  maxAmountFenPerYear: Fen.min(1).nullish(),
  maxTimesPerYear: z.number().int().min(1).max(52).nullish(),
  oncePerHousehold: z.boolean().optional(),
});
export const AidItemResponse = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(AID_KINDS),
  fundId: z.string(),
  defaultAmountFen: z.number(),
  maxAmountFenPerYear: z.number().nullable(),
  maxTimesPerYear: z.number().nullable(),
  oncePerHousehold: z.boolean(),
});
export const AidBatchBody = z.strictObject({
  orgId: z.uuid(),
  itemId: z.uuid(),
  name: LineText(2, 60),
  aids: z
    .array(z.strictObject({ fileId: z.uuid(), amountFen: Fen.nullish() }))
    .min(1)
    .max(5000),
});
export const AidBatchResponse = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  fundId: z.string(),
  fundName: z.string(),
  name: z.string(),
  status: z.enum(['draft', 'paid', 'reversed']),
  totalFen: z.number(),
  households: z.number(),
  createdAt: z.date(),
  paidAt: z.date().nullable(),
  reversedAt: z.date().nullable(),
  reversalReason: z.string().nullable(),
});
export const AidBatchQuery = z.strictObject({
  /** A union: its batches and those of the unions below it. */
  orgId: z.uuid().optional(),
  status: z.enum(['draft', 'paid', 'reversed']).optional(),
  cursor: z.string().max(80).optional(),
  limit: Limit(200, 200),
});

export const FileListQuery = z.strictObject({
  orgId: z.uuid().optional(),
  status: z.enum(FILE_STATUSES).optional(),
  category: z.enum(HARDSHIP_CATEGORIES).optional(),
  /** Filed households whose review falls due within 30 days, or is past due. */
  review: z.enum(['due', 'overdue']).optional(),
  cursor: z.string().max(80).optional(),
  limit: Limit(200, 50),
});

export const VisitBody = z.strictObject({
  visitedOn: Day,
  visitors: z.array(LineText(2, 30)).min(1).max(5),
  checklist: z.array(z.strictObject({ item: LineText(1, 60), ok: z.boolean(), note: z.string().trim().max(200).nullish() })).max(30),
  notes: z.string().trim().max(1000).nullish(),
});
export const ReviewBody = z.strictObject({
  decision: z.enum(['pass', 'reject']),
  reason: Reason,
  category: z.enum(HARDSHIP_CATEGORIES).nullish(),
});
export const ObjectionBody = z.strictObject({ content: z.string().trim().min(2).max(1000), raisedBy: z.string().trim().max(60).nullish() });
export const ResolveBody = z.strictObject({ upheld: z.boolean(), resolution: Reason });
export const PeriodicReviewBody = z.strictObject({
  outcome: z.enum(['continue', 'change', 'exit']),
  reason: Reason,
  category: z.enum(HARDSHIP_CATEGORIES).nullish(),
  recheck: z
    .strictObject({
      members: z
        .array(
          HouseholdMember.extend({
            name: z.string().trim().max(30).default(''),
            recordedIndex: z
              .number()
              .int()
              .min(0)
              .optional()
              .describe('档案中已有的成员：其在档案家庭成员中的序号（从 0 起），姓名和身份证号按档案记录'),
          }),
        )
        .min(1)
        .max(20),
      declaredSize: Household.declaredSize,
      declaredMonthlyIncomeFen: Household.declaredMonthlyIncomeFen,
      causes: Household.causes,
      oneOffBurdenFen: Household.oneOffBurdenFen,
    })
    .optional()
    .describe('复核时核实的家庭现状（成员、收入、致困原因）：按当前认定标准重新计算并记入复核记录'),
});
export const Overview = z.object({
  foundThisYear: z.number(),
  exitedThisYear: z.number(),
  filed: z.number(),
  inProcess: z.number(),
  reviewsDue: z.number(),
  reviewsOverdue: z.number(),
});
export const ReviewNoticeResponse = z.object({
  orgId: z.uuid(),
  orgName: z.string(),
  /** The Monday of the week listed. */
  week: z.string(),
  due: z.number(),
  overdue: z.number(),
  updatedAt: z.string(),
  files: z.array(
    z.object({
      fileId: z.uuid(),
      fileNumber: z.string(),
      category: z.string().nullable(),
      reviewDueOn: z.string(),
      state: z.enum(['due', 'overdue']),
    }),
  ),
});
export const RejectBody = z.strictObject({ reason: Reason });

export const HelpersBody = z.strictObject({
  helpers: z
    .array(z.strictObject({ name: LineText(2, 30), phone: z.string().trim().max(20) }))
    .min(1)
    .max(4),
});
export const HelperResponse = z.object({ name: z.string(), phone: z.string() });
export const HelpCardResponse = z.object({
  fileId: z.string(),
  fileNumber: z.string(),
  orgName: z.string(),
  head: z.string(),
  helpers: z.array(HelperResponse),
  lastContactOn: z.string().nullable(),
  contactState: z.enum(['ok', 'due', 'overdue']),
  url: z.string(),
  token: z.string(),
  expiresAt: z.date(),
});
export const ContactBody = z.strictObject({
  kind: z.enum(['call', 'visit', 'message']),
  contactedOn: Day,
  done: z.string().trim().min(2).max(1000),
  needs: z.string().trim().max(1000).nullish(),
  helperName: z.string().trim().min(1).max(30).nullish().describe('联系人（不填则为当前登录账号）：没有账号的志愿者'),
});
export const ContactResponse = z.object({
  kind: z.enum(['call', 'visit', 'message']),
  contactedOn: z.string(),
  helperName: z.string(),
  done: z.string(),
  needs: z.string().nullable(),
  createdAt: z.date(),
});
export const ContactDueResponse = z.object({
  fileId: z.string(),
  fileNumber: z.string(),
  orgName: z.string(),
  head: z.string(),
  lastContactOn: z.string().nullable(),
  state: z.enum(['ok', 'due', 'overdue']),
  helpers: z.array(z.string()),
});
export const CallbackResponse = z.object({
  id: z.string(),
  fileId: z.string(),
  fileNumber: z.string(),
  head: z.string(),
  phone: z.string(),
  week: z.string(),
  status: z.enum(['pending', 'done']),
  satisfaction: z.number().nullable(),
  problems: z.string().nullable(),
  calledBy: z.string().nullable(),
});
export const CallbackBody = z.strictObject({
  satisfaction: z.number().int().min(1).max(5),
  problems: z.string().trim().max(1000).nullish(),
});
export const NeedBody = z.strictObject({ content: z.string().trim().min(2).max(1000) });
export const AnswerBody = z.strictObject({ answer: z.string().trim().min(2).max(1000) });
export const NeedResponse = z.object({
  id: z.string(),
  fileId: z.string(),
  fileNumber: z.string(),
  orgId: z.string(),
  orgName: z.string().describe('保管该户档案、负责答复的工会'),
  content: z.string(),
  status: z.enum(['open', 'answered']),
  answer: z.string().nullable(),
  answeredBy: z.string().nullable().describe('答复人'),
  createdAt: z.date(),
  answeredAt: z.date().nullable(),
});

const Part = z.object({ code: z.enum(INDICATOR_CODES), value: z.number().nullable(), normalised: z.number(), points: z.number() });
const IndicatorWeight = z.object({
  code: z.enum(INDICATOR_CODES),
  weight: z.number().int().describe('权重（0–100 的整数）；得分 = 各项得分之和 ÷ 权重之和 × 100'),
  better: z.enum(['higher', 'lower']).describe('higher：数值越高越好；lower：越低越好'),
  unit: z.string().describe('数值的单位，如「天」；单位为「%」的指标，数值是 0–1 的比率，显示时乘以 100'),
});
const IndicatorInput = z.strictObject({
  code: z.enum(INDICATOR_CODES),
  weight: z.number().int().describe('权重（0–100 的整数）；0 表示不计分'),
  better: z.enum(['higher', 'lower']).optional().describe('可省略：每项指标的方向是固定的，以系统为准'),
});
export const CompetitionBody = z.strictObject({ indicators: z.array(IndicatorInput).min(1).max(INDICATOR_CODES.length) });
export const CompetitionResponse = z.object({
  indicators: z.array(IndicatorWeight),
  orgId: z.string().nullable().describe('设定这些权重的工会（本级或最近的上级）；null 表示采用系统默认'),
  orgName: z.string().nullable().describe('该工会的名称（即使在上级，也给出名称）'),
});

export const RankingResponse = z.object({
  org: z.object({ id: z.string(), name: z.string() }),
  computedAt: z.date(),
  indicators: z.array(IndicatorWeight),
  indicatorsOrgId: z.string().nullable(),
  areas: z.array(
    z.object({
      org: z.object({ id: z.string(), name: z.string() }),
      score: z.number(),
      rank: z.number(),
      parts: z.array(Part),
      counts: z.object({
        members: z.number(),
        filesFound: z.number(),
        filed: z.number(),
        exitedThisYear: z.number(),
        fundsReceivedFen: z.number(),
        fundsSpentFen: z.number(),
        callbacks: z.number(),
      }),
    }),
  ),
});
