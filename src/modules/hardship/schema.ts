import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgSequence, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, instant, updatedAt } from '../../platform/db/columns.js';
import { orgs } from '../orgs/schema.js';
import { members } from '../members/schema.js';
import { storedFiles } from '../../platform/files/schema.js';
import { AID_KINDS, HARDSHIP_CATEGORIES, type CauseEntry, type HardshipCause, type Indicator } from './rules.js';

/** What each union sets for its area (a union without its own takes the nearest union's above). */
export const hardshipSettings = pgTable('hardship_setting', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => orgs.id),
  /** The local 低保 standard, per person per month. */
  minimumLivingFen: integer('minimum_living_fen').notNull(),
  /** The relative line as a multiple of it, in thousandths (1500 = 1.5×). */
  relativeMultipleMilli: integer('relative_multiple_milli').notNull(),
  suddenBurdenMonths: integer('sudden_burden_months').notNull(),
  /** How long a file's public notice (公示) stays up. */
  noticeDays: integer('notice_days').notNull(),
  /** The share of filed families drawn each week for a supervisor's call-back, in percent. */
  callbackSharePct: integer('callback_share_pct').notNull().default(10),
  updatedAt: updatedAt(),
});

export const FILE_STATUSES = ['applied', 'visited', 'reviewed', 'under_notice', 'filed', 'rejected', 'exited'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

// File numbers come from one sequence, so N instances never hand out the same one.
export const hardshipFileNoSequence = pgSequence('hardship_file_no_seq', { startWith: 1, increment: 1, cache: 1 });

/**
 * A household's hardship file (建档立卡). Everything personal — names, 身份证号, phone, incomes, health,
 * the explanation with its figures — is in `household_cipher` (one encrypted JSON document) and the
 * applicant's columns; what reports count (size, causes, category, dates) is in the clear.
 */
export const hardshipFiles = pgTable(
  'hardship_file',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    fileNumber: text('file_number').notNull(),
    memberId: uuid('member_id').references(() => members.id),
    applicantNameCipher: bytea('applicant_name_cipher').notNull(),
    applicantIdCipher: bytea('applicant_id_cipher').notNull(),
    applicantPhoneCipher: bytea('applicant_phone_cipher').notNull(),
    /** The phone's blind index: the worker signed in with it finds their files in the H5. */
    applicantPhoneIndex: bytea('applicant_phone_index').notNull(),
    householdCipher: bytea('household_cipher').notNull(),
    householdSize: integer('household_size').notNull(),
    causes: text('causes').array().$type<HardshipCause[]>().notNull(),
    causeSince: jsonb('cause_since').$type<CauseEntry[]>().notNull(),
    computedCategory: text('computed_category', { enum: HARDSHIP_CATEGORIES }),
    category: text('category', { enum: HARDSHIP_CATEGORIES }),
    overrideReason: text('override_reason'),
    status: text('status', { enum: FILE_STATUSES }).notNull(),
    channel: text('channel', { enum: ['h5', 'staff'] }).notNull(),
    noticeEndsOn: date('notice_ends_on', { mode: 'string' }),
    filedOn: date('filed_on', { mode: 'string' }),
    reviewDueOn: date('review_due_on', { mode: 'string' }),
    closedOn: date('closed_on', { mode: 'string' }),
    /** The day its first aid was paid (Asia/Shanghai): the ranking's days to first aid, without reading every aid. */
    firstAidOn: date('first_aid_on', { mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('hardship_file_number_uq').on(t.fileNumber),
    index('hardship_file_org_status_ix').on(t.orgId, t.status),
    index('hardship_file_phone_ix').on(t.applicantPhoneIndex),
    index('hardship_file_review_due_ix')
      .on(t.reviewDueOn)
      .where(sql`${t.status} = 'filed'`),
  ],
);

/**
 * The blind index of each household member's 身份证号, open while the file is: a person can be in one
 * open file only, whichever union keeps it (a unique index, so no race lets a second one in).
 */
export const hardshipHouseholdIds = pgTable(
  'hardship_household_id',
  {
    fileId: uuid('file_id')
      .notNull()
      .references(() => hardshipFiles.id),
    idIndex: bytea('id_index').notNull(),
    open: boolean('open').notNull(),
  },
  (t) => [
    uniqueIndex('hardship_household_id_open_uq')
      .on(t.idIndex)
      .where(sql`${t.open}`),
    index('hardship_household_id_file_ix').on(t.fileId),
  ],
);

export const STEP_KINDS = [
  'applied',
  'visited',
  'reviewed',
  'notice_published',
  'objection_raised',
  'objection_resolved',
  'filed',
  'rejected',
  'periodic_review',
  'exited',
  'helpers_assigned',
  'callback',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Every step of a file: who, when, why, and what it found (a visit's checklist, a review's decision). */
export const hardshipSteps = pgTable(
  'hardship_step',
  {
    id: id(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => hardshipFiles.id),
    kind: text('kind', { enum: STEP_KINDS }).notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    orgId: uuid('org_id').references(() => orgs.id),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('hardship_step_file_ix').on(t.fileId, t.createdAt)],
);

/** An objection raised while a file is on public notice, and how it was settled. */
export const hardshipObjections = pgTable(
  'hardship_objection',
  {
    id: id(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => hardshipFiles.id),
    content: text('content').notNull(),
    raisedBy: text('raised_by'),
    status: text('status', { enum: ['open', 'upheld', 'dismissed'] })
      .notNull()
      .default('open'),
    resolution: text('resolution'),
    resolvedBy: text('resolved_by'),
    createdAt: createdAt(),
    resolvedAt: instant('resolved_at'),
  },
  (t) => [index('hardship_objection_file_ix').on(t.fileId)],
);

/**
 * The aid a union pays (送温暖, 金秋助学, 医疗救助, 生活救助, 送大病补贴, 意外伤害补贴): its sum, its
 * limits per household and year, and the fund it is paid from (a fund of `#modules/funds`, by id: the
 * module's tables are its own). Items of a union serve its subtree.
 */
export const hardshipAidItems = pgTable(
  'hardship_aid_item',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: AID_KINDS }).notNull(),
    fundId: uuid('fund_id').notNull(),
    defaultAmountFen: integer('default_amount_fen').notNull(),
    maxAmountFenPerYear: integer('max_amount_fen_per_year'),
    maxTimesPerYear: integer('max_times_per_year'),
    oncePerHousehold: boolean('once_per_household').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('hardship_aid_item_code_uq').on(t.orgId, t.code)],
);

/** A disbursement batch: one union pays one item to a list of filed households, exported for the bank and then marked paid. */
export const hardshipAidBatches = pgTable(
  'hardship_aid_batch',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => hardshipAidItems.id),
    name: text('name').notNull(),
    /** 'reversed': paid, then undone through the funds journal (a bank's return, a batch paid in error). */
    status: text('status', { enum: ['draft', 'paid', 'reversed'] })
      .notNull()
      .default('draft'),
    totalFen: integer('total_fen').notNull(),
    households: integer('households').notNull(),
    createdAt: createdAt(),
    paidAt: instant('paid_at'),
    reversedAt: instant('reversed_at'),
    reversalReason: text('reversal_reason'),
  },
  (t) => [index('hardship_aid_batch_org_ix').on(t.orgId, t.createdAt)],
);

/** One household's aid in a batch; `transfer_id` is its line in the funds journal once paid. */
export const hardshipAids = pgTable(
  'hardship_aid',
  {
    id: id(),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => hardshipAidBatches.id),
    fileId: uuid('file_id')
      .notNull()
      .references(() => hardshipFiles.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => hardshipAidItems.id),
    amountFen: integer('amount_fen').notNull(),
    /** The calendar year (Asia/Shanghai) the aid counts against the item's yearly limits. */
    year: integer('year').notNull(),
    /** A reversed aid no longer counts against the household's limits, nor as aid received. */
    status: text('status', { enum: ['pending', 'paid', 'reversed'] })
      .notNull()
      .default('pending'),
    transferId: uuid('transfer_id'),
    paidOn: date('paid_on', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [index('hardship_aid_file_ix').on(t.fileId, t.itemId, t.year), index('hardship_aid_batch_ix').on(t.batchId)],
);

/** The two helpers of a family (冀北 "2 对 1"): union staff or volunteers, by name and phone. */
export const hardshipHelpers = pgTable(
  'hardship_helper',
  {
    id: id(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => hardshipFiles.id),
    name: text('name').notNull(),
    phoneCipher: bytea('phone_cipher').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    index('hardship_helper_file_ix')
      .on(t.fileId)
      .where(sql`${t.active}`),
  ],
);

/** A helper's contact with the family (周联系): a call, a visit or a message, and what was done. */
export const hardshipContacts = pgTable(
  'hardship_contact',
  {
    id: id(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => hardshipFiles.id),
    kind: text('kind', { enum: ['call', 'visit', 'message'] }).notNull(),
    contactedOn: date('contacted_on', { mode: 'string' }).notNull(),
    helperName: text('helper_name').notNull(),
    done: text('done').notNull(),
    needs: text('needs'),
    createdAt: createdAt(),
  },
  (t) => [index('hardship_contact_file_ix').on(t.fileId, t.contactedOn)],
);

/** A family drawn for a supervisor's call-back (随机回访) in a week, and what the call found. */
export const hardshipCallbacks = pgTable(
  'hardship_callback',
  {
    id: id(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => hardshipFiles.id),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    /** The Monday of the week drawn, Asia/Shanghai. */
    week: date('week', { mode: 'string' }).notNull(),
    status: text('status', { enum: ['pending', 'done'] })
      .notNull()
      .default('pending'),
    /** 1 (very dissatisfied) … 5 (very satisfied). */
    satisfaction: integer('satisfaction'),
    problems: text('problems'),
    calledBy: text('called_by'),
    createdAt: createdAt(),
    doneAt: instant('done_at'),
  },
  (t) => [uniqueIndex('hardship_callback_week_uq').on(t.fileId, t.week), index('hardship_callback_org_ix').on(t.orgId, t.week)],
);

/** A worker's need (诉求) posted in the H5 to the union keeping their file, and the union's answer. */
export const hardshipNeeds = pgTable(
  'hardship_need',
  {
    id: id(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => hardshipFiles.id),
    content: text('content').notNull(),
    status: text('status', { enum: ['open', 'answered'] })
      .notNull()
      .default('open'),
    answer: text('answer'),
    answeredBy: text('answered_by'),
    createdAt: createdAt(),
    answeredAt: instant('answered_at'),
  },
  (t) => [index('hardship_need_file_ix').on(t.fileId)],
);

/** The last ranking of the areas directly below a union (专项劳动竞赛), with the figures behind each score. */
export const hardshipRankings = pgTable('hardship_ranking', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => orgs.id),
  computedAt: instant('computed_at').notNull(),
  /** The indicators and weights scored by, and whose competition set them (null: the defaults). */
  indicators: jsonb('indicators').$type<Indicator[]>().notNull().default([]),
  indicatorsOrgId: uuid('indicators_org_id'),
  rows: jsonb('rows').$type<unknown[]>().notNull(),
});

/**
 * The indicators and weights of a union's competition (安徽 专项劳动竞赛: the organiser sets them). The
 * rankings below a union use its own, or the nearest union's above, or the defaults of `rules.ts`.
 */
export const hardshipCompetitions = pgTable('hardship_competition', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => orgs.id),
  indicators: jsonb('indicators').$type<Indicator[]>().notNull(),
  updatedAt: updatedAt(),
});

export const EVIDENCE_KINDS = ['certificate', 'visit_photo', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * A file's evidence: certificates the worker or staff upload (诊断证明, 残疾证, 工伤认定 …) and the
 * photos of the home visit. The bytes are in the platform's file store (`stored_file`).
 */
export const hardshipEvidence = pgTable(
  'hardship_evidence',
  {
    id: id(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => hardshipFiles.id),
    storedFileId: uuid('stored_file_id')
      .notNull()
      .references(() => storedFiles.id),
    kind: text('kind', { enum: EVIDENCE_KINDS }).notNull(),
    caption: text('caption'),
    /** Who put it there: the worker from the H5, or staff. */
    uploadedBy: text('uploaded_by', { enum: ['member', 'staff'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('hardship_evidence_file_ix').on(t.fileId, t.createdAt)],
);

/** A file on a union's weekly review list: its number (not personal), category and due day. */
export interface ReviewNoticeFile {
  fileId: string;
  fileNumber: string;
  category: string | null;
  reviewDueOn: string;
  state: 'due' | 'overdue';
}

/**
 * The review list (复核提醒) the job `hardship.review-reminders` keeps for each union with filed
 * households due for review within a month or overdue: brought up to date by each day's run (a file
 * reviewed on Tuesday leaves the list on Wednesday), and dropped when the union has none left.
 */
export const hardshipReviewNotices = pgTable('hardship_review_notice', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => orgs.id),
  /** The Monday of the week the list was made in, Asia/Shanghai. */
  week: date('week', { mode: 'string' }).notNull(),
  due: integer('due').notNull(),
  overdue: integer('overdue').notNull(),
  files: jsonb('files').$type<ReviewNoticeFile[]>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
