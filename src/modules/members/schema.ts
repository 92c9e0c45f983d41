import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, instant, updatedAt, xid8 } from '../../platform/db/columns.js';
import { orgs } from '../orgs/schema.js';

// Member numbers are drawn from one sequence, so N instances never hand out the same one.
export const memberNoSequence = pgSequence('member_no_seq', { startWith: 1, increment: 1, cache: 20 });

/**
 * Personal fields shared by a member and an application. Every personal value is encrypted; the
 * blind indexes (HMAC) make "one person, one member" a unique index and lookups an index scan.
 */
const person = () => ({
  nameCipher: bytea('name_cipher'),
  idNumberCipher: bytea('id_number_cipher'),
  idIndex: bytea('id_index'),
  phoneCipher: bytea('phone_cipher'),
  phoneIndex: bytea('phone_index'),
  // HMAC of name | birth date | city: the probable-duplicate key.
  duplicateIndex: bytea('duplicate_index'),
  gender: text('gender', { enum: ['male', 'female'] }),
  birthDate: date('birth_date', { mode: 'string' }),
  trade: text('trade').notNull(),
  employerName: text('employer_name'),
  employerUscc: text('employer_uscc'),
  workRegionCode: text('work_region_code').notNull(),
  workAddressCipher: bytea('work_address_cipher'),
  workLat: doublePrecision('work_lat'),
  workLng: doublePrecision('work_lng'),
});

export const members = pgTable(
  'member',
  {
    id: id(),
    memberNo: text('member_no').notNull(),
    // The phone-verified H5 account; null for members imported from a roll until they first sign in.
    accountId: uuid('account_id'),
    // Tenant key (province of the union): large tables carry it so they can be distributed later.
    provinceCode: text('province_code').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    status: text('status', { enum: ['active', 'suspended', 'left', 'deceased'] })
      .notNull()
      .default('active'),
    ...person(),
    newForm: boolean('new_form').notNull(),
    joinedAt: instant('joined_at').notNull(),
    source: text('source', { enum: ['online', 'import', 'seed'] }).notNull(),
    importId: uuid('import_id'),
    statusReason: text('status_reason'),
    statusChangedAt: instant('status_changed_at'),
    purgedAt: instant('purged_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('member_no_uq').on(t.memberNo),
    // One person is one member nationwide; a purged member no longer holds the number.
    uniqueIndex('member_id_index_uq')
      .on(t.idIndex)
      .where(sql`${t.idIndex} is not null`),
    uniqueIndex('member_account_uq')
      .on(t.accountId)
      .where(sql`${t.accountId} is not null`),
    // Both keys descend, as the roll's ORDER BY joined_at DESC, id DESC does: a page is the first rows
    // of each union's index, not a sort of the union's whole membership. The columns after id are the
    // roll's filters: with them in the index a page's ids and its capped count are read from the index
    // alone (an index-only scan), not from ten thousand heap rows scattered over the table.
    index('member_org_joined_ix').on(t.orgId, t.joinedAt.desc().nullsFirst(), t.id.desc().nullsFirst(), t.trade, t.status, t.newForm),
    // The roll's most used filter is the trade: a union's couriers are the first rows of this index.
    index('member_org_trade_joined_ix').on(t.orgId, t.trade, t.joinedAt.desc().nullsFirst(), t.id.desc().nullsFirst(), t.status),
    index('member_joined_ix').on(t.joinedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('member_phone_ix').on(t.phoneIndex),
    index('member_duplicate_ix').on(t.duplicateIndex),
    index('member_left_ix')
      .on(t.statusChangedAt)
      .where(sql`${t.status} in ('left', 'deceased') and ${t.purgedAt} is null`),
  ],
);

export const applications = pgTable(
  'member_application',
  {
    id: id(),
    accountId: uuid('account_id').notNull(),
    status: text('status', { enum: ['pending', 'held_duplicate', 'approved', 'rejected', 'withdrawn'] }).notNull(),
    ...person(),
    provinceCode: text('province_code').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    placementRule: text('placement_rule').notNull(),
    matchedRegionCode: text('matched_region_code').notNull(),
    // Set when staff re-placed the application by hand.
    replacedBy: text('replaced_by'),
    replacementReason: text('replacement_reason'),
    duplicateOf: uuid('duplicate_of').array(),
    duplicateReasons: text('duplicate_reasons').array(),
    submittedAt: instant('submitted_at').notNull(),
    reviewDueAt: instant('review_due_at').notNull(),
    lastRemindedAt: instant('last_reminded_at'),
    reminders: integer('reminders').notNull().default(0),
    decidedAt: instant('decided_at'),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decisionReason: text('decision_reason'),
    memberId: uuid('member_id').references(() => members.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One open application per person: a second submission (or a double tap) meets this index.
    uniqueIndex('member_application_open_uq')
      .on(t.idIndex)
      .where(sql`${t.status} in ('pending', 'held_duplicate')`),
    index('member_application_account_ix').on(t.accountId, t.submittedAt.desc()),
    index('member_application_org_ix').on(t.orgId, t.status, t.submittedAt),
    index('member_application_due_ix')
      .on(t.reviewDueAt)
      .where(sql`${t.status} = 'pending'`),
  ],
);

// A member's timeline: every change of union or status, with who and why. Never updated or deleted.
export const memberEvents = pgTable(
  'member_event',
  {
    id: id(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    kind: text('kind').notNull(),
    at: createdAt(),
    actorKind: text('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    fromOrgId: uuid('from_org_id'),
    toOrgId: uuid('to_org_id'),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [index('member_event_member_ix').on(t.memberId, t.at)],
);

export const transfers = pgTable(
  'member_transfer',
  {
    id: id(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    fromOrgId: uuid('from_org_id')
      .notNull()
      .references(() => orgs.id),
    toOrgId: uuid('to_org_id')
      .notNull()
      .references(() => orgs.id),
    // proposed: the system suggests it after a change of work place, the member has not confirmed yet.
    status: text('status', { enum: ['proposed', 'requested', 'completed', 'rejected', 'cancelled'] }).notNull(),
    initiatedBy: text('initiated_by', { enum: ['member', 'system', 'staff'] }).notNull(),
    placementRule: text('placement_rule'),
    reason: text('reason'),
    work: jsonb('work').$type<Record<string, unknown>>(),
    acceptedAt: instant('accepted_at'),
    acceptedBy: text('accepted_by'),
    releasedAt: instant('released_at'),
    releasedBy: text('released_by'),
    decidedAt: instant('decided_at'),
    decisionReason: text('decision_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('member_transfer_open_uq')
      .on(t.memberId)
      .where(sql`${t.status} in ('proposed', 'requested')`),
    index('member_transfer_to_ix').on(t.toOrgId, t.status),
    index('member_transfer_from_ix').on(t.fromOrgId, t.status),
  ],
);

// Per-union review settings; a union without a row uses the defaults.
export const unionSettings = pgTable('member_union_setting', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => orgs.id),
  autoApprove: boolean('auto_approve').notNull().default(false),
  reviewSlaHours: integer('review_sla_hours').notNull().default(72),
  updatedAt: updatedAt(),
  updatedBy: text('updated_by'),
});

export const imports = pgTable(
  'member_import',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    staffId: uuid('staff_id'),
    staffName: text('staff_name'),
    fileName: text('file_name').notNull(),
    format: text('format', { enum: ['csv', 'xlsx'] }).notNull(),
    mode: text('mode', { enum: ['all_or_nothing', 'valid_rows'] }).notNull(),
    status: text('status', { enum: ['queued', 'validating', 'writing', 'completed', 'rejected', 'failed'] }).notNull(),
    progress: integer('progress').notNull().default(0),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    writtenRows: integer('written_rows').notNull().default(0),
    // People already on the roll; repeats of an earlier row of the same file are counted apart.
    duplicateRows: integer('duplicate_rows').notNull().default(0),
    fileDuplicateRows: integer('file_duplicate_rows').notNull().default(0),
    errorRows: integer('error_rows').notNull().default(0),
    // Rows imported with something left out (a landline in the phone column), each named in the report.
    warningRows: integer('warning_rows').notNull().default(0),
    // A CSV's text encoding as detected (utf-8, utf-8-bom, gb18030); null for .xlsx.
    encoding: text('encoding'),
    failure: text('failure'),
    instanceId: text('instance_id'),
    // The presence token of the process running the job (platform/db/presence.ts): a job whose owner
    // is gone is found at once and ended, however fresh its heartbeat.
    owner: text('owner'),
    heartbeatAt: instant('heartbeat_at'),
    startedAt: createdAt(),
    finishedAt: instant('finished_at'),
  },
  (t) => [index('member_import_org_ix').on(t.orgId, t.startedAt.desc())],
);

export const importErrors = pgTable(
  'member_import_error',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    row: integer('row').notNull(),
    column: text('column').notNull(),
    code: text('code').notNull(),
    message: text('message').notNull(),
  },
  (t) => [index('member_import_error_ix').on(t.importId, t.row)],
);

/**
 * The rows of an all-or-nothing import on their way to the roll: written here batch by batch (out of
 * the roll's sight), then moved to `member` in one transaction when the last batch is in. A process
 * killed before that leaves rows here only, which the import's recovery deletes.
 */
export const importStagedMembers = pgTable(
  'member_import_row',
  {
    id: uuid('id').primaryKey(),
    memberNo: text('member_no').notNull(),
    provinceCode: text('province_code').notNull(),
    orgId: uuid('org_id').notNull(),
    status: text('status').notNull(),
    ...person(),
    newForm: boolean('new_form').notNull(),
    joinedAt: instant('joined_at').notNull(),
    source: text('source').notNull(),
    importId: uuid('import_id').notNull(),
    // The file's row, to name it if that person joined the roll before the rows were published.
    row: integer('row').notNull(),
  },
  (t) => [index('member_import_row_import_ix').on(t.importId)],
);

/**
 * How deep an area is: the length of its GB/T 2260 code ('' the country, 33 a province, 3306 a city,
 * 330603 a district, 330603001 a street). The tallies below hold one row per depth for every change,
 * keyed by the first `depth` digits of the work place: an area's counts and its children's are then
 * a few rows read by key, whatever the size of the roll beneath it.
 */
export const AREA_DEPTHS = [0, 2, 4, 6, 9] as const;

/**
 * The roll counted by area (migration 0014), kept by a trigger on `member` in the transaction of every
 * write, whatever wrote it (a join, an import's COPY, a status change): `members` counts the active
 * and suspended. The trigger only ever appends signed rows (never an update, so two writers never wait
 * on one row, however many join in one province at once); reads sum them, and a job folds each key's
 * `pending` rows into one (platform/db/tally.ts).
 */
export const memberAreaTally = pgTable(
  'member_area_tally',
  {
    depth: smallint('depth').notNull(),
    areaCode: text('area_code').notNull(),
    trade: text('trade').notNull(),
    newForm: boolean('new_form').notNull(),
    members: integer('members').notNull(),
    pending: boolean('pending').notNull().default(true),
  },
  (t) => [
    index('member_area_tally_area_ix').using('btree', t.depth, t.areaCode.op('text_pattern_ops')),
    index('member_area_tally_pending_ix')
      .on(t.pending)
      .where(sql`${t.pending}`),
  ],
);

/** Members joined per area and month of joining (Asia/Shanghai), whatever their status now; as above. */
export const memberAreaMonths = pgTable(
  'member_area_month',
  {
    depth: smallint('depth').notNull(),
    areaCode: text('area_code').notNull(),
    trade: text('trade').notNull(),
    newForm: boolean('new_form').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    joined: integer('joined').notNull(),
    pending: boolean('pending').notNull().default(true),
  },
  (t) => [
    index('member_area_month_area_ix').using('btree', t.depth, t.areaCode.op('text_pattern_ops'), t.month),
    index('member_area_month_pending_ix')
      .on(t.pending)
      .where(sql`${t.pending}`),
  ],
);

/** Members joined per union and month: a union's join target is measured against these. */
export const memberOrgMonths = pgTable(
  'member_org_month',
  {
    orgId: uuid('org_id').notNull(),
    trade: text('trade').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    joined: integer('joined').notNull(),
    pending: boolean('pending').notNull().default(true),
  },
  (t) => [
    index('member_org_month_org_ix').on(t.orgId, t.month),
    index('member_org_month_pending_ix')
      .on(t.pending)
      .where(sql`${t.pending}`),
  ],
);

/**
 * Which members changed, in the order their transactions may be read (the same trigger writes a row
 * per member inserted, updated or deleted). A reader takes rows whose transaction id is below the
 * oldest one still running, so no row can appear later behind its cursor (lookup.ts,
 * `readMemberChanges`); rows a week old are purged.
 */
export const memberChanges = pgTable(
  'member_change',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    xid: xid8('xid')
      .notNull()
      .default(sql`pg_current_xact_id()`),
    memberId: uuid('member_id').notNull(),
    at: createdAt(),
  },
  (t) => [index('member_change_xid_ix').on(t.xid, t.seq), index('member_change_at_ix').on(t.at)],
);
