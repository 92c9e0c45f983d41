// The outreach list: the census's people of an area, masked, those not yet members first of all;
// each one's contacts and assigned staff; probable matches confirmed or rejected by a person.
import type { Writable } from 'node:stream';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { maskIdNumber, maskMobile, maskName } from '../../../platform/crypto/mask.js';
import { inTransaction, queryRows, type Db } from '../../../platform/db/tx.js';
import { addSafeRow, addSafeWorksheet, loadExcel } from '../../../platform/files/excel.js';
import { t } from '../../../platform/i18n/i18n.js';
import { regionFullName } from '../../../platform/regions/regions.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { getMembersByIds, ROLL_COUNT_CAP } from '#modules/members';
import { listStaffWithRole, type StaffWithRole } from '#modules/staff';
import type { Trade } from '#modules/orgs';
import { censusErrors } from '../errors.js';
import { contacts, entries, invitations, lists, type OUTREACH_STATUSES, people, sources, type CONTACT_OUTCOMES } from '../schema.js';
import { areaOf, auditForOrg, CONTEXT, requireWithinArea } from './common.js';

export type OutreachStatus = (typeof OUTREACH_STATUSES)[number];
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/** Who of the census a list shows: `not_members` (the outreach list), `probable`, `members`, or everyone. */
export type Coverage = 'not_members' | 'probable' | 'members' | 'all';

export interface PeopleFilter {
  region?: string | undefined;
  trade?: Trade | undefined;
  coverage?: Coverage | undefined;
  outreach?: OutreachStatus | undefined;
  /** 'me', 'none' (nobody yet) or a staff id. */
  assigned?: string | undefined;
}

export interface CensusPerson {
  id: string;
  nameMasked: string;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  trade: Trade;
  regionCode: string;
  regionName: string;
  employerName: string | null;
  match: 'id' | 'probable' | 'confirmed' | null;
  isMember: boolean;
  outreach: OutreachStatus;
  assignedStaffId: string | null;
  assignedStaffName: string | null;
  lastContactAt: Date | null;
  /** When the person was last sent an invitation to join (null: never). */
  lastInvitedAt: Date | null;
  listCount: number;
}

type PersonRow = typeof people.$inferSelect;

function toPerson(p: Pick<Platform, 'cipher'>, r: PersonRow, lastInvitedAt: Date | null = null): CensusPerson {
  const open = (cipher: Buffer | null, context: string) => (cipher ? p.cipher.decrypt(cipher, context) : null);
  const idNumber = open(r.idNumberCipher, CONTEXT.idNumber);
  const phone = open(r.phoneCipher, CONTEXT.phone);
  return {
    id: r.id,
    nameMasked: maskName(open(r.nameCipher, CONTEXT.name) ?? ''),
    idNumberMasked: idNumber ? maskIdNumber(idNumber) : null,
    phoneMasked: phone ? maskMobile(phone) : null,
    trade: r.trade as Trade,
    regionCode: r.regionCode,
    regionName: regionFullName(r.regionCode),
    employerName: r.employerName,
    match: r.match,
    isMember: (r.match === 'id' || r.match === 'confirmed') && r.memberActive,
    outreach: r.outreach,
    assignedStaffId: r.assignedStaffId,
    assignedStaffName: r.assignedStaffName,
    lastContactAt: r.lastContactAt,
    lastInvitedAt,
    listCount: r.listCount,
  };
}

/** The conditions of a filter, within the staff member's area; counted people only. */
async function conditions(db: Db, scope: Scope, actor: Actor, filter: PeopleFilter): Promise<SQL[]> {
  const area = await areaOf(db, scope);
  const region = requireWithinArea(filter.region ?? area, area);
  const where: SQL[] = [sql`${people.regionCode} like ${`${region}%`}`, sql`${people.listCount} > 0`];
  if (filter.trade) where.push(eq(people.trade, filter.trade));
  const coverage = filter.coverage ?? 'not_members';
  const member = sql`(${people.match} in ('id', 'confirmed') and ${people.memberActive})`;
  if (coverage === 'not_members') where.push(sql`not ${member}`);
  if (coverage === 'members') where.push(member);
  if (coverage === 'probable') where.push(eq(people.match, 'probable'));
  if (filter.outreach) where.push(eq(people.outreach, filter.outreach));
  if (filter.assigned === 'none') where.push(sql`${people.assignedStaffId} is null`);
  else if (filter.assigned === 'me') where.push(eq(people.assignedStaffId, actor.id ?? '00000000-0000-0000-0000-000000000000'));
  else if (filter.assigned) where.push(eq(people.assignedStaffId, filter.assigned));
  return where;
}

// The roll's cap: the console reads both lists' totals the same way ("10,000+"), and a province's
// census, like its roll, is millions of rows that an exact count would take seconds over.
export const PEOPLE_COUNT_CAP = ROLL_COUNT_CAP;

/** The list's size under `where`, counted up to one past PEOPLE_COUNT_CAP. */
async function countPeople(db: Db, where: SQL[]): Promise<number> {
  const [counted] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from ${people} where ${and(...where)} limit ${PEOPLE_COUNT_CAP + 1}) x`,
  );
  return counted?.n ?? 0;
}

/** Each person's latest invitation, in one grouped read for a page. */
async function lastInvitations(db: Db, personIds: readonly string[]): Promise<Map<string, Date>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .select({ personId: invitations.personId, at: sql<Date | string>`max(${invitations.sentAt})` })
    .from(invitations)
    .where(inArray(invitations.personId, [...personIds]))
    .groupBy(invitations.personId);
  return new Map(rows.map((r) => [r.personId, new Date(r.at)]));
}

/**
 * A page of the list, newest first by id (`cursor`: the last id of the page before), and how many
 * people the filter holds: at most PEOPLE_COUNT_CAP, `totalCapped` when there are more.
 */
export async function listPeople(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  filter: PeopleFilter & { cursor?: string | undefined; limit: number },
): Promise<{ items: CensusPerson[]; nextCursor: string | null; total: number; totalCapped: boolean }> {
  const where = await conditions(db, scope, actor, filter);
  const page = filter.cursor ? [...where, sql`${people.id} < ${filter.cursor}`] : where;
  const rows = await db
    .select()
    .from(people)
    .where(and(...page))
    .orderBy(desc(people.id))
    .limit(filter.limit + 1);
  const shown = rows.slice(0, filter.limit);
  // A first page that holds them all is their count.
  const total = !filter.cursor && rows.length <= filter.limit ? rows.length : await countPeople(db, where);
  const invited = await lastInvitations(
    db,
    shown.map((r) => r.id),
  );
  const items = shown.map((r) => toPerson(p, r, invited.get(r.id) ?? null));
  return {
    items,
    nextCursor: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null,
    total: Math.min(total, PEOPLE_COUNT_CAP),
    totalCapped: total > PEOPLE_COUNT_CAP,
  };
}

/**
 * Staff of the subtree to whom people can be assigned: active, with a census role. Read through the
 * staff module, so a census operator needs no role in the staff module to pick a colleague.
 */
export async function listAssignableStaff(db: Db, scope: Scope, q: string | undefined): Promise<StaffWithRole[]> {
  return listStaffWithRole(db, scope, { module: 'census', q, limit: 50 });
}

/** A person of the staff member's area, or 404 (a sibling's person is not found, not forbidden). */
async function personRow(db: Db, scope: Scope, id: string, lock = false): Promise<PersonRow> {
  const area = await areaOf(db, scope);
  const query = db
    .select()
    .from(people)
    .where(and(eq(people.id, id), sql`${people.regionCode} like ${`${area}%`}`));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw censusErrors.personNotFound();
  return row;
}

export interface PersonDetail extends CensusPerson {
  member: { id: string; memberNo: string; status: string } | null;
  sources: { listId: string; sourceName: string; fileName: string; row: number; startedAt: Date; counted: boolean }[];
  contacts: { id: string; outcome: ContactOutcome; note: string | null; staffName: string | null; at: Date }[];
  invitations: { id: string; campaign: string; sentAt: Date; openedAt: Date | null; joinedAt: Date | null; staffName: string | null }[];
}

export async function getPerson(db: Db, p: Platform, scope: Scope, id: string): Promise<PersonDetail> {
  const row = await personRow(db, scope, id);
  const [member] = row.memberId ? await getMembersByIds(db, [row.memberId]) : [];
  const named = await db
    .select({
      listId: lists.id,
      sourceName: sources.name,
      fileName: lists.fileName,
      row: entries.row,
      startedAt: lists.startedAt,
      replacedAt: lists.replacedAt,
    })
    .from(entries)
    .innerJoin(lists, eq(lists.id, entries.listId))
    .innerJoin(sources, eq(sources.id, lists.sourceId))
    .where(eq(entries.personId, id))
    .orderBy(desc(lists.startedAt));
  const contactRows = await db.select().from(contacts).where(eq(contacts.personId, id)).orderBy(desc(contacts.at)).limit(100);
  const invitationRows = await db
    .select()
    .from(invitations)
    .where(eq(invitations.personId, id))
    .orderBy(desc(invitations.sentAt))
    .limit(50);
  return {
    // Newest first: the first invitation is the last one sent.
    ...toPerson(p, row, invitationRows[0]?.sentAt ?? null),
    member: member ? { id: member.id, memberNo: member.memberNo, status: member.status } : null,
    sources: named.map(({ replacedAt, ...n }) => ({ ...n, counted: replacedAt === null })),
    contacts: contactRows.map((c) => ({ id: c.id, outcome: c.outcome, note: c.note, staffName: c.staffName, at: c.at })),
    invitations: invitationRows.map((i) => ({
      id: i.id,
      campaign: i.campaign,
      sentAt: i.sentAt,
      openedAt: i.openedAt,
      joinedAt: i.joinedAt,
      staffName: i.staffName,
    })),
  };
}

/** Records a contact and its outcome; the person's outreach status follows it. */
export async function recordContact(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  id: string,
  input: { outcome: ContactOutcome; note?: string | undefined },
): Promise<PersonDetail> {
  await inTransaction(db, async (tx) => {
    const row = await personRow(tx, scope, id, true);
    await tx
      .insert(contacts)
      .values({ personId: id, staffId: actor.id, staffName: actor.name, outcome: input.outcome, note: input.note ?? null });
    await tx
      .update(people)
      .set({
        // A person on the roll stays joined whatever a later call says.
        outreach: row.outreach === 'joined' && input.outcome !== 'joined' && row.memberActive ? 'joined' : input.outcome,
        lastContactAt: new Date(),
        ...(row.assignedStaffId ? {} : { assignedStaffId: actor.id, assignedStaffName: actor.name }),
      })
      .where(eq(people.id, id));
  });
  return getPerson(db, p, scope, id);
}

/** Assigns people of the area to a staff member (or to nobody); returns how many. */
export async function assignPeople(
  db: Db,
  actor: Actor,
  scope: Scope,
  input: { personIds: readonly string[]; staff: { id: string; name: string } | null },
): Promise<number> {
  const area = await areaOf(db, scope);
  return inTransaction(db, async (tx) => {
    const assigned = await tx
      .update(people)
      .set({ assignedStaffId: input.staff?.id ?? null, assignedStaffName: input.staff?.name ?? null })
      .where(and(inArray(people.id, [...input.personIds]), sql`${people.regionCode} like ${`${area}%`}`))
      .returning({ id: people.id });
    if (assigned.length !== new Set(input.personIds).size) throw censusErrors.personNotFound();
    await auditForOrg(tx, actor, scope.orgId, {
      action: 'census.people_assign',
      targetType: 'census_person',
      details: { people: assigned.length, staffId: input.staff?.id ?? null },
    });
    return assigned.length;
  });
}

/** A probable match confirmed (the person is the member: counted as covered) or rejected (never proposed again). */
export async function decideMatch(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  id: string,
  decision: 'confirm' | 'reject',
): Promise<PersonDetail> {
  await inTransaction(db, async (tx) => {
    const row = await personRow(tx, scope, id, true);
    if (row.match !== 'probable' || !row.memberId) throw censusErrors.matchNotProbable();
    await tx
      .update(people)
      .set(
        decision === 'confirm'
          ? { match: 'confirmed' }
          : { match: null, memberId: null, memberActive: false, rejectedMemberId: row.memberId },
      )
      .where(eq(people.id, id));
    await auditForOrg(tx, actor, scope.orgId, {
      action: decision === 'confirm' ? 'census.match_confirm' : 'census.match_reject',
      targetType: 'census_person',
      targetId: id,
      details: { memberId: row.memberId },
    });
  });
  return getPerson(db, p, scope, id);
}

const EXPORT_PAGE = 2000;
const EXPORT_COLUMNS = [
  ['name', 10],
  ['idNumber', 22],
  ['phone', 14],
  ['trade', 12],
  ['employer', 24],
  ['region', 30],
  ['coverage', 10],
  ['outreach', 10],
  ['assigned', 12],
  ['lastContact', 12],
] as const;

/** Checks the filter and writes the audit record before the first byte of an export leaves. */
export async function startPeopleExport(db: Db, actor: Actor, scope: Scope, filter: PeopleFilter, reason: string): Promise<void> {
  const where = await conditions(db, scope, actor, filter);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(people)
    .where(and(...where));
  await inTransaction(db, (tx) =>
    auditForOrg(tx, actor, scope.orgId, {
      action: 'census.people_export',
      targetType: 'census_person',
      reason,
      details: { filter: { ...filter }, rows: row?.n ?? 0 },
    }),
  );
}

/** The list as .xlsx, masked, streamed a page at a time. */
export async function writePeopleXlsx(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  filter: PeopleFilter,
  out: Writable,
): Promise<number> {
  const where = await conditions(db, scope, actor, filter);
  const workbook = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = actor.name ?? '';
  const sheet = addSafeWorksheet(workbook, t('census.export.people_sheet'));
  sheet.columns = EXPORT_COLUMNS.map(([key, width]) => ({ key, width }));
  addSafeRow(sheet, [t('census.export.masked')]).commit();
  const header = addSafeRow(
    sheet,
    EXPORT_COLUMNS.map(([key]) => t(`census.export.column.${key}`)),
  );
  header.font = { bold: true };
  header.commit();
  let written = 0;
  let cursor: string | null = null;
  for (;;) {
    const rows = await db
      .select()
      .from(people)
      .where(and(...where, cursor ? sql`${people.id} > ${cursor}` : undefined))
      .orderBy(asc(people.id))
      .limit(EXPORT_PAGE);
    for (const r of rows) {
      const x = toPerson(p, r);
      addSafeRow(sheet, [
        x.nameMasked,
        x.idNumberMasked ?? '',
        x.phoneMasked ?? '',
        t(`orgs.trade.${x.trade}`),
        x.employerName ?? '',
        x.regionName,
        t(x.isMember ? 'census.export.member' : x.match === 'probable' ? 'census.export.probable' : 'census.export.not_member'),
        t(`census.outreach.${x.outreach}`),
        x.assignedStaffName ?? '',
        x.lastContactAt ? shanghaiDay(x.lastContactAt) : '',
      ]).commit();
      written += 1;
    }
    cursor = rows.at(-1)?.id ?? null;
    if (rows.length < EXPORT_PAGE) break;
  }
  await workbook.commit();
  return written;
}
