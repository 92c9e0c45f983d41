import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, instant, updatedAt } from '../../platform/db/columns.js';
import { orgs } from '../orgs/schema.js';

export const SOURCE_KINDS = [
  'market_regulation', // 市场监管
  'tax', // 税务
  'hr', // 人社
  'civil_affairs', // 民政
  'housing', // 住建
  'association', // 行业协会
  'platform', // 平台企业
  'union', // 工会自行摸排
  'other',
] as const;

export const LIST_STATUSES = ['queued', 'validating', 'writing', 'completed', 'rejected', 'failed'] as const;
export const MATCH_KINDS = ['id', 'probable', 'confirmed'] as const;
export const OUTREACH_STATUSES = ['new', 'contacted', 'joined', 'refused', 'unreachable'] as const;

/**
 * Who sends a union lists of workers: a department, an association, a platform company. Its column
 * mapping is kept so that its next file, with the same headers, maps itself.
 */
export const sources = pgTable(
  'census_source',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: SOURCE_KINDS }).notNull(),
    // Field → the header of the source's files, as last confirmed.
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('census_source_name_uq').on(t.orgId, t.name)],
);

/**
 * One list a source sent for an area (and a trade, or a trade per row), and the job that imports it.
 * A list replaces the source's earlier list of the same area and trade once it completes: a census
 * is a count at a date, not a sum of every list ever sent.
 */
export const lists = pgTable(
  'census_list',
  {
    id: id(),
    provinceCode: text('province_code').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id),
    regionCode: text('region_code').notNull(),
    // Null: the list names each row's trade.
    trade: text('trade'),
    fileName: text('file_name').notNull(),
    format: text('format', { enum: ['csv', 'xlsx'] }).notNull(),
    mode: text('mode', { enum: ['all_or_nothing', 'valid_rows'] }).notNull(),
    status: text('status', { enum: LIST_STATUSES }).notNull(),
    progress: integer('progress').notNull().default(0),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    // People counted from the list (rows staged, then published).
    writtenRows: integer('written_rows').notNull().default(0),
    errorRows: integer('error_rows').notNull().default(0),
    // Rows naming someone an earlier row of the file named: counted once.
    fileDuplicateRows: integer('file_duplicate_rows').notNull().default(0),
    warningRows: integer('warning_rows').notNull().default(0),
    // Of the people counted: new to the census, found on the roll by 身份证号, probably on it (phone + name).
    newPeople: integer('new_people').notNull().default(0),
    matchedPeople: integer('matched_people').notNull().default(0),
    probablePeople: integer('probable_people').notNull().default(0),
    encoding: text('encoding'),
    failure: text('failure'),
    staffId: uuid('staff_id'),
    staffName: text('staff_name'),
    instanceId: text('instance_id'),
    owner: text('owner'),
    heartbeatAt: instant('heartbeat_at'),
    startedAt: createdAt(),
    finishedAt: instant('finished_at'),
    replacedAt: instant('replaced_at'),
    replacedBy: uuid('replaced_by'),
  },
  (t) => [
    index('census_list_org_ix').on(t.orgId, t.startedAt.desc()),
    index('census_list_source_ix').on(t.sourceId, t.regionCode, t.trade),
  ],
);

export const listErrors = pgTable(
  'census_list_error',
  {
    listId: uuid('list_id')
      .notNull()
      .references(() => lists.id),
    row: integer('row').notNull(),
    column: text('column').notNull(),
    code: text('code').notNull(),
    message: text('message').notNull(),
  },
  (t) => [index('census_list_error_ix').on(t.listId, t.row)],
);

/** Personal fields of a listed person: encrypted, with the roll's blind indexes (same keys) to match it. */
const listed = () => ({
  nameCipher: bytea('name_cipher').notNull(),
  idNumberCipher: bytea('id_number_cipher'),
  idIndex: bytea('id_index'),
  phoneCipher: bytea('phone_cipher'),
  phoneIndex: bytea('phone_index'),
  // HMAC of phone | name: the person's key when listed without a 身份证号.
  phoneNameIndex: bytea('phone_name_index'),
  trade: text('trade').notNull(),
  regionCode: text('region_code').notNull(),
  employerName: text('employer_name'),
});

/**
 * A list's rows on their way to the census: written batch by batch, then counted in one transaction
 * when the last is in. A process killed before that leaves rows here only, which recovery deletes.
 */
export const stagedRows = pgTable(
  'census_staged_row',
  {
    listId: uuid('list_id').notNull(),
    row: integer('row').notNull(),
    // A new person's id, made when the row is read; replaced by the census's own when the person is counted already.
    personId: uuid('person_id').notNull(),
    existing: boolean('existing').notNull().default(false),
    ...listed(),
  },
  (t) => [primaryKey({ columns: [t.listId, t.row] })],
);

/**
 * A worker counted by the census: one row per person however many lists name them (by 身份证号, or
 * by phone and name for a list without one). Placed where the latest list places them. Matched to
 * the roll by the same blind indexes: `id` exact, `probable` (phone + name) until staff confirm it.
 */
export const people = pgTable(
  'census_person',
  {
    id: id(),
    provinceCode: text('province_code').notNull(),
    ...listed(),
    memberId: uuid('member_id'),
    match: text('match', { enum: MATCH_KINDS }),
    // The member is active or suspended (a member who left no longer covers the person).
    memberActive: boolean('member_active').notNull().default(false),
    // A probable match staff rejected: not proposed again.
    rejectedMemberId: uuid('rejected_member_id'),
    outreach: text('outreach', { enum: OUTREACH_STATUSES }).notNull().default('new'),
    assignedStaffId: uuid('assigned_staff_id'),
    assignedStaffName: text('assigned_staff_name'),
    lastContactAt: instant('last_contact_at'),
    listCount: integer('list_count').notNull().default(0),
    lastListId: uuid('last_list_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('census_person_id_uq')
      .on(t.idIndex)
      .where(sql`${t.idIndex} is not null`),
    uniqueIndex('census_person_phone_name_uq')
      .on(t.phoneNameIndex)
      .where(sql`${t.idIndex} is null`),
    // A person listed by phone and name is found through their phone (one or two people share one):
    // an index of every person's phone-and-name key would be a fifth random index on millions of rows.
    index('census_person_phone_ix').on(t.phoneIndex),
    index('census_person_member_ix')
      .on(t.memberId)
      .where(sql`${t.memberId} is not null`),
    // The outreach list: an area's people not yet members, newest first.
    index('census_person_region_ix').using('btree', t.regionCode.op('text_pattern_ops'), t.outreach),
  ],
);

/** Which lists name which person (a person named twice in one list is one entry). */
export const entries = pgTable(
  'census_entry',
  {
    listId: uuid('list_id').notNull(),
    personId: uuid('person_id').notNull(),
    row: integer('row').notNull(),
  },
  (t) => [primaryKey({ columns: [t.listId, t.personId] }), index('census_entry_person_ix').on(t.personId)],
);

/**
 * The census counted per area and trade (migration 0014), one row per depth of the area's code for
 * every change (the roll's `AREA_DEPTHS`), kept by a trigger on census_person in the writing
 * transaction: a list counted or replaced, a member matched, a probable match confirmed. `members`:
 * people matched to an active member (by 身份证号 or confirmed); `probable`: awaiting confirmation.
 * Appended, never updated; reads sum; a job folds the `pending` rows (platform/db/tally.ts).
 */
export const areaCoverage = pgTable(
  'census_area_coverage',
  {
    depth: smallint('depth').notNull(),
    areaCode: text('area_code').notNull(),
    trade: text('trade').notNull(),
    census: integer('census').notNull(),
    members: integer('members').notNull(),
    probable: integer('probable').notNull(),
    pending: boolean('pending').notNull().default(true),
  },
  (t) => [
    index('census_area_coverage_area_ix').using('btree', t.depth, t.areaCode.op('text_pattern_ops')),
    index('census_area_coverage_pending_ix')
      .on(t.pending)
      .where(sql`${t.pending}`),
  ],
);

/** The same counts' changes per month (Asia/Shanghai): the trend is their running sum. */
export const areaCoverageMonths = pgTable(
  'census_area_month',
  {
    depth: smallint('depth').notNull(),
    areaCode: text('area_code').notNull(),
    trade: text('trade').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    census: integer('census').notNull(),
    members: integer('members').notNull(),
    pending: boolean('pending').notNull().default(true),
  },
  (t) => [
    index('census_area_month_area_ix').using('btree', t.depth, t.areaCode.op('text_pattern_ops')),
    index('census_area_month_pending_ix')
      .on(t.pending)
      .where(sql`${t.pending}`),
  ],
);

/** Where the census stands in the roll's change feed (one row). */
export const feedCursor = pgTable('census_feed_cursor', {
  id: integer('id').primaryKey(),
  xid: text('xid').notNull(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  updatedAt: updatedAt(),
});

export const CONTACT_OUTCOMES = ['contacted', 'refused', 'unreachable', 'joined'] as const;

/** Each contact staff made with a person of the outreach list (a visit, a call), with its outcome. */
export const contacts = pgTable(
  'census_contact',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    staffId: uuid('staff_id'),
    staffName: text('staff_name'),
    outcome: text('outcome', { enum: CONTACT_OUTCOMES }).notNull(),
    note: text('note'),
    at: createdAt(),
  },
  (t) => [index('census_contact_person_ix').on(t.personId, t.at)],
);

/**
 * An SMS invitation to join, sent to a person of the outreach list: its link carries a token (only its
 * hash is kept) that opens the H5 join form prefilled; the campaign that sent it is credited when the
 * person joins.
 */
export const invitations = pgTable(
  'census_invitation',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    campaign: text('campaign').notNull(),
    tokenHash: bytea('token_hash').notNull(),
    staffId: uuid('staff_id'),
    staffName: text('staff_name'),
    sentAt: createdAt(),
    openedAt: instant('opened_at'),
    joinedAt: instant('joined_at'),
    memberId: uuid('member_id'),
  },
  (t) => [
    uniqueIndex('census_invitation_token_uq').on(t.tokenHash),
    index('census_invitation_person_ix').on(t.personId, t.sentAt),
    index('census_invitation_campaign_ix').on(t.orgId, t.campaign),
  ],
);

/** A union's yearly join target, for all trades ('') or one; a parent splits its own down to its children. */
export const targets = pgTable(
  'census_target',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    year: integer('year').notNull(),
    trade: text('trade').notNull().default(''),
    target: integer('target').notNull(),
    setBy: uuid('set_by'),
    setByName: text('set_by_name'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.year, t.trade] })],
);
