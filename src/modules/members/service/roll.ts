// The roll: listing, one member's page, reveal, status changes, statistics and the retention purge.
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { systemActor, type Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { checkIdNumber, checkMobile } from '../../../platform/crypto/validators.js';
import { shanghaiDay } from '../../../platform/db/columns.js';
import { prepared } from '../../../platform/db/prepared.js';
import { inTransaction, queryRows, type Db } from '../../../platform/db/tx.js';
import { getOrg, getOrgsByIds, listOrgChildren, orgIdListInScope, type Trade } from '../../orgs/index.js';
import { notifyChange } from '../../../platform/cache/changes.js';
import { memberErrors } from '../errors.js';
import { isValidMemberNo, nextStatus, retentionCutoff, type MemberStatus, type PlacementRule, type StatusAction } from '../rules.js';
import { applications, memberEvents, members, transfers } from '../schema.js';
import { auditForOrg, getMemberRow, memberOfAccount, recordEvent, type MemberEventKind, type MemberRow } from './common.js';
import { problem } from './validate.js';
import { maskName } from '../../../platform/crypto/mask.js';
import { CONTEXT, decryptPerson, idIndexOf, maskPerson, phoneIndexOf, type MaskedPerson, type RevealedPerson } from './person.js';

export interface Member extends MaskedPerson {
  id: string;
  memberNo: string;
  status: MemberStatus;
  orgId: string;
  orgName: string;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  trade: Trade;
  newForm: boolean;
  employerName: string | null;
  employerUscc: string | null;
  workRegionCode: string;
  joinedAt: Date;
  source: 'online' | 'import' | 'seed';
  statusReason: string | null;
  statusChangedAt: Date | null;
  hasAccount: boolean;
  purged: boolean;
}

/**
 * A line of the roll: what the roll's table shows, and of the personal data only the masked name.
 * The member's page (toMembers) has the masked 身份证号, phone and address; a page of fifty lines
 * decrypts fifty fields instead of two hundred (decryption was a fifth of a page's CPU).
 */
export type RollItem = Omit<Member, 'idNumberMasked' | 'phoneMasked' | 'workAddressMasked'>;

// What a line of the roll is made of: no ciphertext but the name's.
const ROLL_COLUMNS = {
  id: members.id,
  memberNo: members.memberNo,
  status: members.status,
  orgId: members.orgId,
  nameCipher: members.nameCipher,
  gender: members.gender,
  birthDate: members.birthDate,
  trade: members.trade,
  newForm: members.newForm,
  employerName: members.employerName,
  employerUscc: members.employerUscc,
  workRegionCode: members.workRegionCode,
  joinedAt: members.joinedAt,
  source: members.source,
  statusReason: members.statusReason,
  statusChangedAt: members.statusChangedAt,
  accountId: members.accountId,
  purgedAt: members.purgedAt,
};
type RollRow = Pick<MemberRow, keyof typeof ROLL_COLUMNS>;

export async function toRollItems(db: Db, p: Platform, rows: RollRow[]): Promise<RollItem[]> {
  const names = await orgNames(db, rows);
  return rows.map((r) => ({
    ...memberFacts(r, names),
    nameMasked: r.nameCipher ? maskName(p.cipher.decrypt(r.nameCipher, CONTEXT.name)) : null,
  }));
}

export async function toMembers(db: Db, p: Platform, rows: MemberRow[]): Promise<Member[]> {
  const names = await orgNames(db, rows);
  return rows.map((r) => ({ ...memberFacts(r, names), ...maskPerson(p.cipher, r) }));
}

async function orgNames(db: Db, rows: RollRow[]): Promise<Map<string, string>> {
  const orgs = await getOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]);
  return new Map(orgs.map((o) => [o.id, o.name]));
}

function memberFacts(r: RollRow, orgNames: Map<string, string>): Omit<Member, keyof MaskedPerson> {
  return {
    id: r.id,
    memberNo: r.memberNo,
    status: r.status,
    orgId: r.orgId,
    orgName: orgNames.get(r.orgId) ?? '',
    gender: r.gender,
    birthDate: r.birthDate,
    trade: r.trade as Trade,
    newForm: r.newForm,
    employerName: r.employerName,
    employerUscc: r.employerUscc,
    workRegionCode: r.workRegionCode,
    joinedAt: r.joinedAt,
    source: r.source,
    statusReason: r.statusReason,
    statusChangedAt: r.statusChangedAt,
    hasAccount: r.accountId !== null,
    purged: r.purgedAt !== null,
  };
}

export interface RollFilter {
  orgId?: string | undefined;
  /** Only the union itself, not its subtree. */
  orgOnly?: boolean | undefined;
  trade?: Trade | undefined;
  status?: MemberStatus | undefined;
  newForm?: boolean | undefined;
  joinedFrom?: string | undefined; // YYYY-MM-DD, Asia/Shanghai
  joinedTo?: string | undefined;
  /** An exact member number, 身份证号 or mobile number: looked up through the blind indexes. */
  q?: string | undefined;
  sort: 'joined_desc' | 'joined_asc';
  cursor?: string | undefined;
  limit: number;
}

const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const nextDayStart = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

/** The WHERE of a roll query, shared by the page, its count and the export. */
export interface RollWhere {
  /** The unions whose members are listed (the subtree, or the one union). */
  orgIds: string[];
  /** Every condition, the union one included. */
  conditions: SQL[];
  /** The conditions other than the union one (the key's among them). */
  filters: SQL[];
  /**
   * A search by member number, 身份证号 or mobile number: a unique (or nearly unique) index gives the
   * handful of members at once, with no per-union merge and no count.
   */
  key: { by: LookupKey; value: string | Buffer } | null;
}

type LookupKey = 'memberNo' | 'idIndex' | 'phoneIndex';

/** The WHERE of a roll query, shared by the page, its count and the export. */
export async function rollWhere(
  db: Db,
  p: Platform,
  scope: Scope,
  filter: Omit<RollFilter, 'sort' | 'cursor' | 'limit'>,
): Promise<RollWhere> {
  let orgIds: string[];
  if (filter.orgId) {
    const org = await getOrg(db, scope, filter.orgId);
    orgIds = filter.orgOnly ? [org.id] : await orgIdListInScope(db, { orgId: org.id, path: org.path });
  } else {
    orgIds = await orgIdListInScope(db, scope);
  }
  const filters: SQL[] = [];
  if (filter.trade) filters.push(eq(members.trade, filter.trade));
  if (filter.status) filters.push(eq(members.status, filter.status));
  // The flag follows the trade (every trade but 'other' is new-form work), so "not new-form" is the trade
  // 'other' and can use the trade index; the column is still what is stored and exported.
  if (filter.newForm === false && !filter.trade) filters.push(eq(members.trade, 'other'));
  if (filter.newForm !== undefined) filters.push(eq(members.newForm, filter.newForm));
  if (filter.joinedFrom) filters.push(gte(members.joinedAt, dayStart(filter.joinedFrom)));
  if (filter.joinedTo) filters.push(lt(members.joinedAt, nextDayStart(filter.joinedTo)));
  const q = filter.q?.trim().replace(/\s+/g, '');
  let key: { by: LookupKey; value: string | Buffer } | null = null;
  if (q) {
    const id = checkIdNumber(q);
    const phone = checkMobile(q);
    if (isValidMemberNo(q.toUpperCase())) key = { by: 'memberNo', value: q.toUpperCase() };
    else if (id.ok) key = { by: 'idIndex', value: idIndexOf(p, id.value) };
    else if (phone.ok) key = { by: 'phoneIndex', value: phoneIndexOf(p, phone.value) };
    else throw memberErrors.invalid({ count: 1 }, { errors: [problem('query.q', 'search_unrecognised')] });
  }
  if (key) filters.push(eq(members[key.by], key.value));
  const orgCondition = sql`${members.orgId} = any(${uuidArray(orgIds)}::uuid[])`;
  return { orgIds, filters, conditions: [orgCondition, ...filters], key };
}

// An array literal, one parameter: the planner sees how many unions, and both drivers take it as text.
function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

export async function rollConditions(
  db: Db,
  p: Platform,
  scope: Scope,
  filter: Omit<RollFilter, 'sort' | 'cursor' | 'limit'>,
): Promise<SQL[]> {
  return (await rollWhere(db, p, scope, filter)).conditions;
}

/** Counting stops here: past it the console shows "10,000+" (an exact count of a province's roll takes seconds). */
export const ROLL_COUNT_CAP = 10_000;
// Up to this many unions, a page is the top rows of each union's own index, merged.
const PER_UNION_LIMIT = 1_000;

export async function listMembers(
  db: Db,
  p: Platform,
  scope: Scope,
  filter: RollFilter,
): Promise<{ items: RollItem[]; nextCursor: string | null; total: number; totalCapped: boolean }> {
  const where = await rollWhere(db, p, scope, filter);
  const desc_ = filter.sort === 'joined_desc';
  const page: SQL[] = [];
  if (filter.cursor) {
    const [at, id] = filter.cursor.split('|');
    if (at && id && !Number.isNaN(Date.parse(at)) && /^[0-9a-f-]{36}$/i.test(id)) {
      page.push(
        desc_
          ? sql`(${members.joinedAt}, ${members.id}) < (${new Date(at)}, ${id}::uuid)`
          : sql`(${members.joinedAt}, ${members.id}) > (${new Date(at)}, ${id}::uuid)`,
      );
    }
  }
  const order = desc_ ? sql`desc` : sql`asc`;
  const ordering = desc_ ? [desc(members.joinedAt), desc(members.id)] : [asc(members.joinedAt), asc(members.id)];
  const take = filter.limit + 1;
  const pageOf = async (rows: RollRow[], countedTotal: () => Promise<number>) => {
    const shown = rows.slice(0, filter.limit);
    const last = shown[shown.length - 1];
    const total = await countedTotal();
    return {
      items: await toRollItems(db, p, shown),
      nextCursor: rows.length > filter.limit && last ? `${last.joinedAt.toISOString()}|${last.id}` : null,
      total: Math.min(total, ROLL_COUNT_CAP),
      totalCapped: total > ROLL_COUNT_CAP,
    };
  };
  if (where.key) {
    // The one statement of a look-up (a member at a counter, a call about a card): its rows are the
    // page, and a first page that holds them all is their count. The key alone, newest first, is the
    // prepared statement's case.
    const plain = where.filters.length === 1 && page.length === 0 && desc_;
    const rows =
      where.orgIds.length === 0
        ? []
        : plain
          ? await prepared(db, LOOKUP_STATEMENTS[where.key.by]).execute({ key: where.key.value, orgIds: uuidArray(where.orgIds), take })
          : await db
              .select(ROLL_COLUMNS)
              .from(members)
              .where(and(...where.conditions, ...page))
              .orderBy(...ordering)
              .limit(take);
    return pageOf(rows, async () => (page.length === 0 && rows.length <= filter.limit ? rows.length : countRoll(db, where)));
  }
  // The count runs beside the page (its own pooled connection on PostgreSQL) rather than after it.
  const countPromise = countRoll(db, where);
  // Awaited below; until then a failure of the page query must not leave this rejection unhandled.
  countPromise.catch(() => undefined);
  // The page's ids, chosen without touching the table (index-only), and its lines in the same statement.
  let pageIds: SQL | null;
  if (where.orgIds.length === 0) {
    pageIds = null;
  } else if (where.orgIds.length <= PER_UNION_LIMIT) {
    // Top-N per union through (org_id, joined_at, id), then merged: each union reads at most one page of
    // its own index, however large the district and however selective the filters.
    const inner = and(sql`${members.orgId} = o.id`, ...where.filters, ...page);
    pageIds = sql`select m.id from unnest(${uuidArray(where.orgIds)}::uuid[]) as o(id)
          cross join lateral (
            select ${members.id} as id, ${members.joinedAt} as joined_at from ${members} where ${inner}
            order by ${members.joinedAt} ${order}, ${members.id} ${order} limit ${take}
          ) m
          order by m.joined_at ${order}, m.id ${order} limit ${take}`;
  } else {
    pageIds = sql`select ${members.id} from ${members} where ${and(...where.conditions, ...page)}
          order by ${members.joinedAt} ${order}, ${members.id} ${order} limit ${take}`;
  }
  const rows = pageIds
    ? await db
        .select(ROLL_COLUMNS)
        .from(members)
        .where(sql`${members.id} in (${pageIds})`)
        .orderBy(...ordering)
    : [];
  return pageOf(rows, () => countPromise);
}

// A plain look-up by one key, newest first: the console's search box at a service counter. Prepared
// (platform/db/prepared.ts): building and planning the statement cost more than running it.
const lookupStatement = (by: LookupKey, name: string) => (db: Db) =>
  db
    .select(ROLL_COLUMNS)
    .from(members)
    .where(and(eq(members[by], sql.placeholder('key')), sql`${members.orgId} = any(${sql.placeholder('orgIds')}::uuid[])`))
    .orderBy(desc(members.joinedAt), desc(members.id))
    .limit(sql.placeholder('take'))
    .prepare(name);
const LOOKUP_STATEMENTS = {
  memberNo: lookupStatement('memberNo', 'members_roll_by_member_no'),
  idIndex: lookupStatement('idIndex', 'members_roll_by_id_index'),
  phoneIndex: lookupStatement('phoneIndex', 'members_roll_by_phone_index'),
} as const;

/** The roll's size under `where`, counted up to one past ROLL_COUNT_CAP. */
async function countRoll(db: Db, where: RollWhere): Promise<number> {
  const [counted] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from ${members} where ${and(...where.conditions)} limit ${ROLL_COUNT_CAP + 1}) x`,
  );
  return counted?.n ?? 0;
}

export interface TimelineEntry {
  id: string;
  kind: MemberEventKind;
  at: Date;
  actorKind: string;
  actorName: string | null;
  fromOrgName: string | null;
  toOrgName: string | null;
  reason: string | null;
}

export interface TransferSummary {
  id: string;
  memberId: string;
  memberNo: string;
  memberNameMasked: string | null;
  status: 'proposed' | 'requested' | 'completed' | 'rejected' | 'cancelled';
  initiatedBy: 'member' | 'system' | 'staff';
  /** The placement rule that chose the receiving union (null when staff chose it). */
  placementRule: PlacementRule | null;
  fromOrgId: string;
  fromOrgName: string;
  toOrgId: string;
  toOrgName: string;
  reason: string | null;
  acceptedAt: Date | null;
  releasedAt: Date | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  createdAt: Date;
}

export async function toTransfers(db: Db, p: Platform, rows: (typeof transfers.$inferSelect)[]): Promise<TransferSummary[]> {
  const orgs = await getOrgsByIds(db, [...new Set(rows.flatMap((r) => [r.fromOrgId, r.toOrgId]))]);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const memberIds = [...new Set(rows.map((r) => r.memberId))];
  const who = new Map(
    (memberIds.length
      ? await db
          .select({ id: members.id, memberNo: members.memberNo, nameCipher: members.nameCipher })
          .from(members)
          .where(inArray(members.id, memberIds))
      : []
    ).map(
      (m) =>
        [m.id, { memberNo: m.memberNo, nameMasked: m.nameCipher ? maskName(p.cipher.decrypt(m.nameCipher, CONTEXT.name)) : null }] as const,
    ),
  );
  return rows.map((r) => ({
    id: r.id,
    memberId: r.memberId,
    memberNo: who.get(r.memberId)?.memberNo ?? '',
    memberNameMasked: who.get(r.memberId)?.nameMasked ?? null,
    status: r.status,
    initiatedBy: r.initiatedBy,
    placementRule: r.placementRule as PlacementRule | null,
    fromOrgId: r.fromOrgId,
    fromOrgName: names.get(r.fromOrgId) ?? '',
    toOrgId: r.toOrgId,
    toOrgName: names.get(r.toOrgId) ?? '',
    reason: r.reason,
    acceptedAt: r.acceptedAt,
    releasedAt: r.releasedAt,
    decidedAt: r.decidedAt,
    decisionReason: r.decisionReason,
    createdAt: r.createdAt,
  }));
}

export async function memberTimeline(db: Db, memberId: string): Promise<TimelineEntry[]> {
  const events = await db.select().from(memberEvents).where(eq(memberEvents.memberId, memberId)).orderBy(asc(memberEvents.at));
  const orgs = await getOrgsByIds(db, [...new Set(events.flatMap((e) => [e.fromOrgId, e.toOrgId]).filter((x): x is string => !!x))]);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  return events.map((e) => ({
    id: e.id,
    kind: e.kind as MemberEventKind,
    at: e.at,
    actorKind: e.actorKind,
    actorName: e.actorName,
    fromOrgName: e.fromOrgId ? (names.get(e.fromOrgId) ?? null) : null,
    toOrgName: e.toOrgId ? (names.get(e.toOrgId) ?? null) : null,
    reason: e.reason,
  }));
}

/** A line of the worker's own history in the H5: what happened and where, not which staff member did it. */
export type OwnHistoryEntry = Pick<TimelineEntry, 'id' | 'kind' | 'at' | 'fromOrgName' | 'toOrgName' | 'reason'>;

/** The signed-in worker's membership history, newest first; empty for someone who never was a member. */
export async function ownMembershipHistory(db: Db, accountId: string): Promise<OwnHistoryEntry[]> {
  const member = await memberOfAccount(db, accountId);
  if (!member) return [];
  const timeline = await memberTimeline(db, member.id);
  return timeline.reverse().map(({ id, kind, at, fromOrgName, toOrgName, reason }) => ({ id, kind, at, fromOrgName, toOrgName, reason }));
}

export async function getMemberPage(
  db: Db,
  p: Platform,
  scope: Scope,
  id: string,
): Promise<{ member: Member; timeline: TimelineEntry[]; transfers: TransferSummary[] }> {
  const row = await getMemberRow(db, scope, id);
  const [member] = await toMembers(db, p, [row]);
  if (!member) throw memberErrors.notFound();
  const transferRows = await db.select().from(transfers).where(eq(transfers.memberId, id)).orderBy(desc(transfers.createdAt));
  const timeline = await memberTimeline(db, id);
  // Imported and seeded members carry no event of their own (a million-row import writes members
  // only); their page still starts with how they came onto the roll.
  if (row.source !== 'online' && !timeline.some((e) => e.kind === 'joined' || e.kind === 'imported')) {
    timeline.unshift({
      id: `${row.id}-origin`,
      kind: 'imported',
      at: row.joinedAt,
      actorKind: 'system',
      actorName: null,
      fromOrgName: null,
      toOrgName: member.orgName,
      reason: null,
    });
  }
  return { member, timeline, transfers: await toTransfers(db, p, transferRows) };
}

/** The full personal data of one member, for a stated reason; every reveal is in the audit log. */
export async function revealMember(db: Db, p: Platform, actor: Actor, scope: Scope, id: string, reason: string): Promise<RevealedPerson> {
  return inTransaction(db, async (tx) => {
    const row = await getMemberRow(tx, scope, id);
    await auditForOrg(tx, actor, row.orgId, {
      action: 'members.reveal',
      targetType: 'member',
      targetId: id,
      reason,
      details: { fields: ['name', 'idNumber', 'phone', 'workAddress'] },
    });
    return decryptPerson(p.cipher, row);
  });
}

const ACTION_EVENTS: Record<StatusAction, MemberEventKind> = {
  suspend: 'suspended',
  reinstate: 'reinstated',
  leave: 'left',
  record_death: 'deceased',
};

async function applyStatus(db: Db, actor: Actor, row: MemberRow, action: StatusAction, reason: string): Promise<void> {
  const next = nextStatus(row.status, action);
  if (!next) throw memberErrors.statusChangeNotAllowed({ from: row.status, action });
  if (row.purgedAt && action === 'reinstate') throw memberErrors.statusChangeNotAllowed({ from: row.status, action });
  await db.update(members).set({ status: next, statusReason: reason, statusChangedAt: new Date() }).where(eq(members.id, row.id));
  await notifyChange(db, 'members', row.id);
  // A member who leaves or dies closes any transfer still open.
  if (next === 'left' || next === 'deceased') {
    await db
      .update(transfers)
      .set({ status: 'cancelled', decidedAt: new Date(), decisionReason: reason })
      .where(and(eq(transfers.memberId, row.id), inArray(transfers.status, ['proposed', 'requested'])));
  }
  await recordEvent(db, actor, row.id, ACTION_EVENTS[action], { reason });
  await auditForOrg(db, actor, row.orgId, { action: `members.${action}`, targetType: 'member', targetId: row.id, reason });
}

export async function changeMemberStatus(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  id: string,
  action: StatusAction,
  reason: string,
): Promise<Member> {
  await inTransaction(db, async (tx) => {
    const row = await getMemberRow(tx, scope, id, { forUpdate: true });
    await applyStatus(tx, actor, row, action, reason);
  });
  return (await getMemberPage(db, p, scope, id)).member;
}

/** The member leaves of their own accord, from the H5. */
export async function leaveOwnMembership(db: Db, actor: Actor, accountId: string, reason: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [row] = await tx.select().from(members).where(eq(members.accountId, accountId)).for('update');
    if (!row) throw memberErrors.notAMember();
    await applyStatus(tx, actor, row, 'leave', reason);
  });
}

export interface RollStats {
  orgId: string;
  orgName: string;
  kind: string;
  members: number;
  newFormMembers: number;
  joinsThisMonth: number;
  joinsThisYear: number;
  pendingApplications: number;
}

/**
 * Statistics of a node and of each of its children (each child counts its whole subtree). Active and
 * suspended members count as members; the month and year are Asia/Shanghai's.
 */
export async function rollStats(
  db: Db,
  scope: Scope,
  orgId: string | undefined,
  now = new Date(),
): Promise<{ node: RollStats; children: RollStats[] }> {
  const node = await getOrg(db, scope, orgId ?? scope.orgId);
  const children = await listOrgChildren(db, scope, node.id);
  const today = shanghaiDay(now);
  const monthStart = dayStart(`${today.slice(0, 7)}-01`);
  const yearStart = dayStart(`${today.slice(0, 4)}-01-01`);
  // One grouped pass over the node's members (per union), then summed per child subtree in memory:
  // a query per child would read the district's members once per child.
  const ids = await orgIdListInScope(db, { orgId: node.id, path: node.path });
  const array = `{${ids.join(',')}}`;
  const perOrg = await queryRows<{ org_id: string; members: number; new_form: number; month: number; year: number }>(
    db,
    sql`select ${members.orgId} as org_id,
          count(*) filter (where ${members.status} in ('active', 'suspended'))::int as members,
          count(*) filter (where ${members.status} in ('active', 'suspended') and ${members.newForm})::int as new_form,
          count(*) filter (where ${members.joinedAt} >= ${monthStart})::int as month,
          count(*) filter (where ${members.joinedAt} >= ${yearStart})::int as year
        from ${members} where ${members.orgId} = any(${array}::uuid[]) group by 1`,
  );
  const pending = await queryRows<{ org_id: string; n: number }>(
    db,
    sql`select ${applications.orgId} as org_id, count(*)::int as n from ${applications}
        where ${applications.orgId} = any(${array}::uuid[]) and ${applications.status} in ('pending', 'held_duplicate') group by 1`,
  );
  const paths = new Map((await getOrgsByIds(db, ids)).map((o) => [o.id, o.path]));
  const statsOf = (o: { id: string; name: string; kind: string; path: string }): RollStats => {
    const inside = (orgId: string) => (paths.get(orgId) ?? '').startsWith(o.path);
    const rows = perOrg.filter((r) => inside(r.org_id));
    const sum = (key: 'members' | 'new_form' | 'month' | 'year') => rows.reduce((n, r) => n + r[key], 0);
    return {
      orgId: o.id,
      orgName: o.name,
      kind: o.kind,
      members: sum('members'),
      newFormMembers: sum('new_form'),
      joinsThisMonth: sum('month'),
      joinsThisYear: sum('year'),
      pendingApplications: pending.filter((r) => inside(r.org_id)).reduce((n, r) => n + r.n, 0),
    };
  };
  return { node: statsOf(node), children: children.map(statsOf) };
}

/**
 * The retention job: personal fields of members who left or died more than `years` ago are erased
 * (the number, union, trade, dates and the audit stay). Batched, so a large backlog never holds a
 * long transaction; returns how many were purged.
 */
export async function purgeExpiredPersonalData(db: Db, now: Date, years: number): Promise<number> {
  const cutoff = retentionCutoff(now, years);
  let purged = 0;
  for (;;) {
    const done = await inTransaction(db, async (tx) => {
      const batch = await tx
        .select({ id: members.id, orgId: members.orgId })
        .from(members)
        .where(and(inArray(members.status, ['left', 'deceased']), sql`${members.purgedAt} is null`, lt(members.statusChangedAt, cutoff)))
        .limit(1000)
        .for('update', { skipLocked: true });
      if (batch.length === 0) return 0;
      const ids = batch.map((b) => b.id);
      await notifyChange(tx, 'members', 'purge');
      await tx
        .update(members)
        .set({
          nameCipher: null,
          idNumberCipher: null,
          idIndex: null,
          phoneCipher: null,
          phoneIndex: null,
          duplicateIndex: null,
          workAddressCipher: null,
          workLat: null,
          workLng: null,
          birthDate: null,
          accountId: null,
          purgedAt: now,
        })
        .where(inArray(members.id, ids));
      const actor = systemActor('retention');
      for (const b of batch) await recordEvent(tx, actor, b.id, 'purged', { details: { retentionYears: years } });
      const byOrg = new Map<string, string[]>();
      for (const b of batch) byOrg.set(b.orgId, [...(byOrg.get(b.orgId) ?? []), b.id]);
      for (const [orgId, memberIds] of byOrg) {
        await auditForOrg(tx, actor, orgId, {
          action: 'members.purge',
          targetType: 'org',
          targetId: orgId,
          details: { count: memberIds.length, memberIds, retentionYears: years },
        });
      }
      return batch.length;
    });
    purged += done;
    if (done === 0) return purged;
  }
}
