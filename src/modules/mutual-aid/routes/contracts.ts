// The shapes of the mutual-aid API: what the H5, the console and a hospital send and get back.
import { z } from 'zod';
import { Day, LineText } from '../../../platform/http/zod.js';
import { FEMALE_DISEASES } from '../rules.js';
import { CLAIM_STATUSES, ENROLMENT_STATUSES } from '../schema.js';
import { DOCUMENT_KINDS } from '../service/documents.js';
import { REVIEW_CHECKLIST } from '../service/claims.js';

const Fen = z.number().int().min(0).max(10_000_000_000);
const Yuan = z.number().int().min(1).max(100_000_000);

export const Benefit = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('hospital'),
    ratePct: z.number().int().min(1).max(100),
    timesPerCycle: z.number().int().min(1).max(12),
  }),
  z.strictObject({
    kind: z.literal('above_ceiling'),
    ratePct: z.number().int().min(1).max(100),
    timesPerCycle: z.number().int().min(1).max(12),
    capFen: Yuan,
  }),
  z.strictObject({
    kind: z.literal('first_diagnosis'),
    diseases: z.array(z.enum(FEMALE_DISEASES)).min(1).readonly(),
    fenPerShareByGrade: z.array(Yuan).min(1).max(5).readonly(),
    timesPerCycle: z.number().int().min(1).max(12),
  }),
  z.strictObject({ kind: z.literal('self_paid_full'), capFen: Yuan }),
]);

export const PlanRuleSchema = z.strictObject({
  pricePerShareFen: z.number().int().min(0).max(10_000_000),
  maxShares: z.number().int().min(1).max(10),
  waitingDays: z.number().int().min(0).max(365),
  eligibility: z.strictObject({
    minAge: z.number().int().min(16).max(70),
    maxAge: z.number().int().min(16).max(70),
    employed: z.boolean(),
    women: z.boolean().optional(),
    healthDeclaration: z.boolean().optional(),
  }),
  benefits: z.array(Benefit).min(1).max(6).readonly(),
});

export const PlanBody = z.strictObject({
  orgId: z.uuid(),
  name: LineText(2, 40),
  code: z.string().regex(/^[A-Z]{2,6}$/, '2 到 6 个大写字母'),
  description: LineText(0, 500).nullish(),
  rule: PlanRuleSchema,
  startOn: Day,
  secondReviewAboveFen: Fen,
  samplePct: z.number().int().min(0).max(100).optional(),
});

export const PlanResponse = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  fundId: z.string(),
  name: z.string(),
  code: z.string(),
  description: z.string().nullable(),
  rule: PlanRuleSchema,
  startOn: z.string(),
  status: z.enum(['open', 'closed']),
  secondReviewAboveFen: z.number(),
  samplePct: z.number(),
  createdAt: z.date(),
});

export const EnrolmentResponse = z.object({
  id: z.string(),
  planId: z.string(),
  planName: z.string(),
  cycleStart: z.string(),
  cycleEnd: z.string(),
  relation: z.enum(['self', 'spouse']),
  insuredName: z.string(),
  shares: z.number(),
  priceFen: z.number(),
  status: z.enum(ENROLMENT_STATUSES),
  channel: z.enum(['individual', 'group']),
  enrolledOn: z.string().nullable(),
  coveredFrom: z.string().nullable(),
  certificateNo: z.string().nullable(),
  createdAt: z.date(),
});

export const EnrolmentBody = z.strictObject({
  planId: z.uuid(),
  relation: z.enum(['self', 'spouse']),
  insured: z.strictObject({ name: LineText(2, 30), idNumber: z.string().trim().min(15).max(20) }),
  shares: z.number().int().min(1).max(10),
  employed: z.boolean(),
  healthDeclared: z.boolean(),
});

export const PayActionResponse = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('jsapi'),
    params: z.object({
      appId: z.string(),
      timeStamp: z.string(),
      nonceStr: z.string(),
      package: z.string(),
      signType: z.literal('RSA'),
      paySign: z.string(),
    }),
  }),
  z.object({ kind: z.literal('redirect'), url: z.string() }),
  z.object({ kind: z.literal('instant'), transactionId: z.string() }),
]);

export const Figures = z.strictObject({
  totalFen: z.number().int(),
  inScopeSelfPaidFen: z.number().int(),
  aboveCeilingFen: z.number().int(),
  selfPaidFen: z.number().int(),
});

export const PayoutLineResponse = z.object({
  kind: z.enum(['hospital', 'above_ceiling', 'first_diagnosis', 'self_paid_full']),
  baseFen: z.number(),
  payoutFen: z.number(),
  capped: z.boolean(),
  /** Lines stored before the rate was kept have none. */
  ratePct: z.number().nullable().default(null),
  capLeftFen: z.number().nullable().default(null),
});

export const ClaimBody = z.strictObject({
  enrolmentId: z.uuid(),
  admittedOn: Day,
  dischargedOn: Day.nullish(),
  figures: Figures,
  hospital: LineText(2, 60),
  diagnosis: LineText(2, 200),
  disease: z.strictObject({ code: z.enum(FEMALE_DISEASES), grade: z.number().int().min(1).max(5) }).nullish(),
  bankAccount: z.strictObject({ bank: LineText(2, 60), accountNo: z.string().trim().min(8).max(40) }),
});

export const ClaimResponse = z.object({
  id: z.string(),
  claimNo: z.string(),
  planId: z.string(),
  planName: z.string(),
  enrolmentId: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  source: z.enum(['member', 'hospital']),
  insuredName: z.string(),
  admittedOn: z.string(),
  dischargedOn: z.string().nullable(),
  figures: Figures,
  status: z.enum(CLAIM_STATUSES),
  payoutFen: z.number(),
  lines: z.array(PayoutLineResponse),
  needsSecondReview: z.boolean(),
  sampled: z.boolean(),
  batchId: z.string().nullable(),
  createdAt: z.date(),
  decidedAt: z.date().nullable(),
});

export const StepResponse = z.object({
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  actorType: z.string(),
  actorName: z.string().nullable(),
  reason: z.string().nullable(),
  checklist: z.record(z.string(), z.boolean()).nullable(),
  createdAt: z.date(),
});

export const DocumentResponse = z.object({
  id: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  uploadedBy: z.enum(['member', 'staff']),
  contentType: z.string(),
  bytes: z.number(),
  name: z.string(),
  url: z.string(),
  createdAt: z.date(),
});

export const ClaimDetailResponse = ClaimResponse.extend({
  insured: z.object({
    name: z.string(),
    idNumberMasked: z.string(),
    relation: z.enum(['self', 'spouse']),
    shares: z.number(),
    certificateNo: z.string().nullable(),
    enrolledOn: z.string().nullable(),
    cycleStart: z.string(),
    cycleEnd: z.string(),
  }),
  medical: z.object({
    hospital: z.string(),
    diagnosis: z.string(),
    disease: z.object({ code: z.string(), grade: z.number() }).nullable(),
    bankAccount: z.object({ bank: z.string(), accountNoMasked: z.string() }).nullable(),
  }),
  used: z.array(z.object({ kind: z.string(), times: z.number(), paidFen: z.number() })),
  firstReviewerId: z.string().nullable(),
  refusal: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).nullable(),
  steps: z.array(StepResponse),
  documents: z.array(DocumentResponse),
  checklist: z.array(z.object({ key: z.enum(REVIEW_CHECKLIST), label: z.string() })),
});

const Checklist = z.partialRecord(z.enum(REVIEW_CHECKLIST), z.boolean());

export const ReviewBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('approve'), checklist: Checklist }),
  z.strictObject({ action: z.literal('ask_more'), reason: z.string().trim().min(2).max(500), checklist: Checklist.optional() }),
  z.strictObject({ action: z.literal('reject'), reason: z.string().trim().min(2).max(500), checklist: Checklist.optional() }),
]);

export const ClaimQuery = z.strictObject({
  planId: z.uuid().optional(),
  status: z.enum(CLAIM_STATUSES).optional(),
  source: z.enum(['member', 'hospital']).optional(),
  orgId: z.uuid().optional(),
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const BatchResponse = z.object({
  id: z.string(),
  planId: z.string(),
  planName: z.string(),
  name: z.string(),
  status: z.enum(['draft', 'paid']),
  claims: z.number(),
  totalFen: z.number(),
  createdAt: z.date(),
  paidAt: z.date().nullable(),
});

export const SettlementBody = z.strictObject({
  idNumber: z.string().trim().min(15).max(20),
  name: LineText(2, 30),
  settlementRef: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]{1,64}$/),
  admittedOn: Day,
  dischargedOn: Day,
  figures: Figures,
  diagnosis: LineText(0, 200).nullish(),
});

export const SettlementResponse = z.object({
  settlementId: z.string(),
  claimNo: z.string(),
  settlementRef: z.string(),
  planName: z.string(),
  certificateNo: z.string().nullable(),
  insuredName: z.string(),
  payoutFen: z.number(),
  lines: z.array(PayoutLineResponse),
  replaces: z.string().nullable(),
  /** ISO 8601: a replay answers from the stored JSON, where an instant is text. */
  settledAt: z.iso.datetime(),
});

const Figures0 = {
  enrolled: z.number(),
  byGroup: z.number(),
  contributionsFen: z.number(),
  claims: z.number(),
  underReview: z.number(),
  paidClaims: z.number(),
  paidFen: z.number(),
  payableFen: z.number(),
  settlements: z.number(),
  settledFen: z.number(),
};

export const DashboardResponse = z.object({
  plan: z.object({ id: z.string(), name: z.string(), orgName: z.string(), pricePerShareFen: z.number() }),
  area: z.object({ id: z.string(), name: z.string() }),
  cycle: z.object({ start: z.string(), end: z.string().nullable() }),
  cycles: z.array(z.object({ start: z.string(), end: z.string() })),
  /** This cycle's contributions less its payouts (the fund's own figures are in \`fund\`). */
  total: z.object({ ...Figures0, paidOutFen: z.number(), balanceFen: z.number() }),
  /** The plan's fund at the union that runs it, all cycles and all money in; null below that union. */
  fund: z.object({ receivedFen: z.number(), passedOnFen: z.number(), spentFen: z.number(), availableFen: z.number() }).nullable(),
  areas: z.array(z.object({ orgId: z.string(), orgName: z.string(), ...Figures0 })),
});

export const ReconciliationResponse = z.object({
  partnerId: z.string(),
  hospital: z.string(),
  planId: z.string(),
  planName: z.string(),
  day: z.string(),
  settled: z.number(),
  cancelled: z.number(),
  totalFen: z.number(),
  status: z.enum(['open', 'paid']),
  paidAt: z.date().nullable(),
  computedAt: z.date(),
});
