import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgSequence, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, instant, updatedAt } from '../../platform/db/columns.js';
import { storedFiles } from '../../platform/files/schema.js';
import { members } from '../members/schema.js';
import { orgs } from '../orgs/schema.js';
import type { PayoutLine, PlanRule } from './rules.js';

const fen = (name: string) => bigint(name, { mode: 'number' });

/**
 * A mutual-aid plan run by a union for its subtree (乌鲁木齐市总工会's 职工医疗互助保障): its rules as
 * data (rules.ts's PlanRule), a yearly cycle from `start_on`, and the fund in `#modules/funds` that
 * contributions go into and payouts come out of.
 */
export const mutualAidPlans = pgTable(
  'mutual_aid_plan',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    fundId: uuid('fund_id').notNull(),
    /** The contributions' source in the fund (会员缴费). */
    sourceId: uuid('source_id').notNull(),
    name: text('name').notNull(),
    /** Two to six capitals, the first part of the plan's certificate numbers. */
    code: text('code').notNull(),
    description: text('description'),
    rule: jsonb('rule').$type<PlanRule>().notNull(),
    startOn: date('start_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    /** A claim paying more than this is decided by two reviewers. */
    secondReviewAboveFen: integer('second_review_above_fen').notNull(),
    /** The share of the other claims drawn for a second review (openIMIS's 5 %). */
    samplePct: smallint('sample_pct').notNull().default(5),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('mutual_aid_plan_code_uq').on(t.code), index('mutual_aid_plan_org_ix').on(t.orgId)],
);

export const ENROLMENT_STATUSES = ['pending_payment', 'active', 'cancelled'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

// Certificate numbers come from one sequence, so N instances never hand out the same one.
export const mutualAidCertificateSequence = pgSequence('mutual_aid_certificate_seq', { startWith: 1, increment: 1, cache: 1 });

/**
 * One person insured by a plan for one cycle: the member, or the wife of a male member (女性馨康). The
 * insured person's name and 身份证号 are encrypted; `id_index` (the roll's blind index) is how a hospital's
 * settlement finds them. One live enrolment per person, plan and cycle.
 */
export const mutualAidEnrolments = pgTable(
  'mutual_aid_enrolment',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => mutualAidPlans.id),
    cycleStart: date('cycle_start', { mode: 'string' }).notNull(),
    cycleEnd: date('cycle_end', { mode: 'string' }).notNull(),
    /** The member who enrolled (and paid): the insured person, or her husband. */
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    relation: text('relation', { enum: ['self', 'spouse'] }).notNull(),
    nameCipher: bytea('name_cipher').notNull(),
    idNumberCipher: bytea('id_number_cipher').notNull(),
    idIndex: bytea('id_index').notNull(),
    gender: text('gender', { enum: ['male', 'female'] }).notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    shares: smallint('shares').notNull(),
    priceFen: integer('price_fen').notNull(),
    /** The member's union when enrolling: staff see the enrolments of their subtree. */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    provinceCode: text('province_code').notNull(),
    status: text('status', { enum: ENROLMENT_STATUSES }).notNull(),
    channel: text('channel', { enum: ['individual', 'group'] }).notNull(),
    groupId: uuid('group_id'),
    /** The day the enrolment took effect (paid): the waiting period counts from it. */
    enrolledOn: date('enrolled_on', { mode: 'string' }),
    certificateNo: text('certificate_no'),
    /** The renewal reminder for this cycle's end, once sent. */
    remindedAt: instant('reminded_at'),
    cancelReason: text('cancel_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('mutual_aid_enrolment_person_uq')
      .on(t.planId, t.cycleStart, t.idIndex)
      .where(sql`${t.status} <> 'cancelled'`),
    index('mutual_aid_enrolment_id_ix').on(t.idIndex, t.cycleEnd),
    index('mutual_aid_enrolment_member_ix').on(t.memberId),
    index('mutual_aid_enrolment_org_ix').on(t.orgId, t.planId, t.cycleStart),
    index('mutual_aid_enrolment_group_ix')
      .on(t.groupId)
      .where(sql`${t.groupId} is not null`),
    uniqueIndex('mutual_aid_enrolment_certificate_uq').on(t.certificateNo),
  ],
);

/** A payment of an individual enrolment through the pay-in provider: one order, paid once. */
export const mutualAidPayments = pgTable(
  'mutual_aid_payment',
  {
    id: id(),
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => mutualAidEnrolments.id),
    outTradeNo: text('out_trade_no').notNull(),
    provider: text('provider').notNull(),
    amountFen: integer('amount_fen').notNull(),
    state: text('state', { enum: ['pending', 'paid', 'closed', 'failed'] })
      .notNull()
      .default('pending'),
    transactionId: text('transaction_id'),
    paidAt: instant('paid_at'),
    expiresAt: instant('expires_at').notNull(),
    /** The contribution's line in the funds journal once paid. */
    transferId: uuid('transfer_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('mutual_aid_payment_trade_uq').on(t.outTradeNo),
    index('mutual_aid_payment_enrolment_ix').on(t.enrolmentId),
    index('mutual_aid_payment_pending_ix')
      .on(t.createdAt)
      .where(sql`${t.state} = 'pending'`),
  ],
);

/** An employer or a union paying for a list of its people at once (团体参保), imported from .xlsx. */
export const mutualAidGroups = pgTable(
  'mutual_aid_group',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => mutualAidPlans.id),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    payerName: text('payer_name').notNull(),
    fileName: text('file_name'),
    people: integer('people').notNull(),
    totalFen: fen('total_fen').notNull(),
    transferId: uuid('transfer_id'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('mutual_aid_group_org_ix').on(t.orgId, t.createdAt)],
);

export const CLAIM_STATUSES = [
  /** Filed by the member, waiting for a reviewer. */
  'submitted',
  /** Sent back for more documents. */
  'more_info',
  /** Approved once, waiting for the second reviewer (above the amount, or drawn in the sample). */
  'second_review',
  'approved',
  'rejected',
  /** Paid in a batch through the funds ledger. */
  'paid',
  /** Settled by the hospital at discharge (一单式): the hospital deducted the payout from the bill. */
  'settled',
  /** A hospital's settlement replaced by its re-settlement. */
  'cancelled',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Claims whose payout counts against the cycle's limits (a claim under review does not yet). */
export const COUNTED_STATUSES: readonly ClaimStatus[] = ['approved', 'paid', 'settled'];

/**
 * A claim on an enrolment: filed in the H5 and reviewed, or settled by a hospital at discharge. The
 * figures and dates are plain (the rule and the dashboards need them); what the claim says of the
 * person's health (diagnosis, disease, hospital, notes) is one encrypted document.
 */
export const mutualAidClaims = pgTable(
  'mutual_aid_claim',
  {
    id: id(),
    claimNo: text('claim_no').notNull(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => mutualAidPlans.id),
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => mutualAidEnrolments.id),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    source: text('source', { enum: ['member', 'hospital'] }).notNull(),
    /** The settling hospital (a partner), for a settlement. */
    partnerId: uuid('partner_id'),
    /** The hospital's settlement number (结算单号): a re-settlement names the same one. */
    settlementRef: text('settlement_ref'),
    admittedOn: date('admitted_on', { mode: 'string' }).notNull(),
    dischargedOn: date('discharged_on', { mode: 'string' }),
    totalFen: fen('total_fen').notNull(),
    inScopeSelfPaidFen: fen('in_scope_self_paid_fen').notNull(),
    aboveCeilingFen: fen('above_ceiling_fen').notNull(),
    selfPaidFen: fen('self_paid_fen').notNull(),
    medicalCipher: bytea('medical_cipher').notNull(),
    status: text('status', { enum: CLAIM_STATUSES }).notNull(),
    /** What the rule computed when the claim was last looked at (refiled figures recompute it). */
    payoutFen: fen('payout_fen').notNull().default(0),
    lines: jsonb('lines').$type<PayoutLine[]>().notNull().default([]),
    needsSecondReview: boolean('needs_second_review').notNull().default(false),
    sampled: boolean('sampled').notNull().default(false),
    firstReviewerId: uuid('first_reviewer_id'),
    decidedAt: instant('decided_at'),
    batchId: uuid('batch_id'),
    transferId: uuid('transfer_id'),
    cancelledById: uuid('cancelled_by_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('mutual_aid_claim_no_uq').on(t.claimNo),
    index('mutual_aid_claim_enrolment_ix').on(t.enrolmentId),
    index('mutual_aid_claim_org_ix').on(t.orgId, t.status, t.createdAt),
    index('mutual_aid_claim_plan_ix').on(t.planId, t.status),
    // One live settlement per hospital and settlement number: a re-settlement cancels the first.
    uniqueIndex('mutual_aid_claim_settlement_uq')
      .on(t.partnerId, t.settlementRef)
      .where(sql`${t.source} = 'hospital' and ${t.status} = 'settled'`),
    index('mutual_aid_claim_hospital_day_ix')
      .on(t.partnerId, t.createdAt)
      .where(sql`${t.source} = 'hospital'`),
    index('mutual_aid_claim_batch_ix')
      .on(t.batchId)
      .where(sql`${t.batchId} is not null`),
  ],
);

export const mutualAidClaimNoSequence = pgSequence('mutual_aid_claim_no_seq', { startWith: 1, increment: 1, cache: 1 });

/** Each step of a claim's review: who, when, what, why, and the checklist as the reviewer left it. */
export const mutualAidClaimSteps = pgTable(
  'mutual_aid_claim_step',
  {
    id: id(),
    claimId: uuid('claim_id')
      .notNull()
      .references(() => mutualAidClaims.id),
    action: text('action', {
      enum: ['filed', 'refiled', 'ask_more', 'approve', 'second_approve', 'reject', 'pay', 'settle', 'cancel'],
    }).notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name'),
    reason: text('reason'),
    checklist: jsonb('checklist').$type<Record<string, boolean>>(),
    createdAt: createdAt(),
  },
  (t) => [index('mutual_aid_claim_step_claim_ix').on(t.claimId, t.createdAt)],
);

/** The invoice photos and documents of a claim, kept in the platform's file store. */
export const mutualAidClaimDocuments = pgTable(
  'mutual_aid_claim_document',
  {
    id: id(),
    claimId: uuid('claim_id')
      .notNull()
      .references(() => mutualAidClaims.id),
    storedFileId: uuid('stored_file_id')
      .notNull()
      .references(() => storedFiles.id),
    kind: text('kind', { enum: ['invoice', 'discharge_summary', 'diagnosis', 'other'] }).notNull(),
    uploadedBy: text('uploaded_by', { enum: ['member', 'staff'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('mutual_aid_claim_document_claim_ix').on(t.claimId)],
);

/** Approved claims paid together through the funds ledger, with the bank file finance sends. */
export const mutualAidBatches = pgTable(
  'mutual_aid_batch',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => mutualAidPlans.id),
    name: text('name').notNull(),
    status: text('status', { enum: ['draft', 'paid'] })
      .notNull()
      .default('draft'),
    claims: integer('claims').notNull(),
    totalFen: fen('total_fen').notNull(),
    createdAt: createdAt(),
    paidAt: instant('paid_at'),
  },
  (t) => [index('mutual_aid_batch_plan_ix').on(t.planId, t.createdAt)],
);

/** A hospital's settlements of one day (Asia/Shanghai), reconciled and then paid to the hospital from the fund. */
export const mutualAidReconciliations = pgTable(
  'mutual_aid_reconciliation',
  {
    partnerId: uuid('partner_id').notNull(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => mutualAidPlans.id),
    day: date('day', { mode: 'string' }).notNull(),
    settled: integer('settled').notNull(),
    cancelled: integer('cancelled').notNull(),
    totalFen: fen('total_fen').notNull(),
    status: text('status', { enum: ['open', 'paid'] })
      .notNull()
      .default('open'),
    transferId: uuid('transfer_id'),
    computedAt: instant('computed_at').notNull(),
    paidAt: instant('paid_at'),
  },
  (t) => [uniqueIndex('mutual_aid_reconciliation_uq').on(t.partnerId, t.planId, t.day)],
);
