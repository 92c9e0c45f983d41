// The roll: members as the console lists them, the filters, a page and its capped count.
import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { keysetCursor, pageAfter, parseKeysetCursor } from '../../../platform/db/keyset.js';
import type { Platform } from '../../../platform/context.js';
import { checkIdNumber, checkMobile } from '../../../platform/crypto/validators.js';
import { pgArray } from '../../../platform/db/arrays.js';
import { prepared } from '../../../platform/db/prepared.js';
import { queryRows, type Db } from '../../../platform/db/tx.js';
import { getOrg, getOrgsByIds, orgIdListInScope, type Trade } from '#modules/orgs';
import { memberErrors } from '../errors.js';
import { isValidMemberNo, type MemberStatus } from '../rules.js';
import { members } from '../schema.js';
import type { MemberRow } from './common.js';
import { problem } from './validate.js';
import { maskName } from '../../../platform/crypto/mask.js';
import { CONTEXT, idIndexOf, maskPerson, phoneIndexOf, type MaskedPerson } from './person.js';

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

export const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
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
  const orgCondition = sql`${members.orgId} = any(${pgArray(orgIds)}::uuid[])`;
  return { orgIds, filters, conditions: [orgCondition, ...filters], key };
}

// An array literal, one parameter: the planner sees how many unions, and both drivers take it as text.
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
  const after = parseKeysetCursor(filter.cursor);
  if (after) {
    page.push(
      desc_
        ? sql`(${members.joinedAt}, ${members.id}) < (${after.at}, ${after.id}::uuid)`
        : sql`(${members.joinedAt}, ${members.id}) > (${after.at}, ${after.id}::uuid)`,
    );
  }
  const order = desc_ ? sql`desc` : sql`asc`;
  const ordering = desc_ ? [desc(members.joinedAt), desc(members.id)] : [asc(members.joinedAt), asc(members.id)];
  const take = filter.limit + 1;
  const pageOf = async (rows: RollRow[], countedTotal: () => Promise<number>) => {
    const { page: shown, nextCursor } = pageAfter(rows, filter.limit, (last) => keysetCursor(last.joinedAt, last.id));
    const total = await countedTotal();
    return {
      items: await toRollItems(db, p, shown),
      nextCursor,
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
          ? await prepared(db, LOOKUP_STATEMENTS[where.key.by]).execute({ key: where.key.value, orgIds: pgArray(where.orgIds), take })
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
    pageIds = sql`select m.id from unnest(${pgArray(where.orgIds)}::uuid[]) as o(id)
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
