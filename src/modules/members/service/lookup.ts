// The reads other modules make of the roll, inside their own transaction: no personal data is
// decrypted here (names, ID numbers, phones and addresses stay with this module's screens).
import { and, asc, eq, gt, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { byteaArray, pgArray } from '../../../platform/db/arrays.js';
import type { Db } from '../../../platform/db/tx.js';
import { getOrgsByIds, orgIdsInScope, type Trade } from '#modules/orgs';
import type { EligibilityRule } from '../eligibility.js';
import { memberErrors } from '../errors.js';
import type { MemberStatus } from '../rules.js';
import { members } from '../schema.js';

/** A member as other modules see them: who, where on the tree, since when; nothing personal but gender and birth date. */
export interface MemberSummary {
  id: string;
  memberNo: string;
  status: MemberStatus;
  /** The H5 account, once the member has signed in (null for a roll member who never has). */
  accountId: string | null;
  orgId: string;
  /** The union's materialised path, `/<root id>/…/<union id>/`. */
  orgPath: string;
  trade: Trade;
  /** Works in a new employment form (delivery, courier, ride-hailing, …). */
  newForm: boolean;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  /** The township (9 digits) where the member works. */
  workRegionCode: string;
  joinedAt: Date;
}

/** What an eligibility rule (a campaign's, a fund's) looks at, named as the rules name it. */
export interface MemberSnapshot {
  memberId: string;
  status: MemberStatus;
  trade: Trade;
  newForm: boolean;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  memberSince: Date;
  unionId: string;
  unionPath: string;
  regionCode: string;
}

const SUMMARY = {
  id: members.id,
  memberNo: members.memberNo,
  status: members.status,
  accountId: members.accountId,
  orgId: members.orgId,
  trade: members.trade,
  newForm: members.newForm,
  gender: members.gender,
  birthDate: members.birthDate,
  workRegionCode: members.workRegionCode,
  joinedAt: members.joinedAt,
};
type SummaryRow = Omit<MemberSummary, 'orgPath' | 'trade'> & { trade: string };

async function toSummaries(db: Db, rows: SummaryRow[]): Promise<MemberSummary[]> {
  const paths = new Map((await getOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o.path]));
  return rows.map((r) => ({ ...r, trade: r.trade as Trade, orgPath: paths.get(r.orgId) ?? '' }));
}

/** The snapshot of a member an eligibility rule reads (exported for the rule's tests). */
export function toSnapshot(m: MemberSummary): MemberSnapshot {
  return {
    memberId: m.id,
    status: m.status,
    trade: m.trade,
    newForm: m.newForm,
    gender: m.gender,
    birthDate: m.birthDate,
    memberSince: m.joinedAt,
    unionId: m.orgId,
    unionPath: m.orgPath,
    regionCode: m.workRegionCode,
  };
}

async function selectSummaries(db: Db, where: SQL | undefined, limit?: number): Promise<MemberSummary[]> {
  const query = db.select(SUMMARY).from(members).where(where).orderBy(asc(members.id));
  return toSummaries(db, limit === undefined ? await query : await query.limit(limit));
}

export async function findMemberById(db: Db, id: string): Promise<MemberSummary | null> {
  return (await selectSummaries(db, eq(members.id, id), 1))[0] ?? null;
}

export async function findMemberByAccount(db: Db, accountId: string): Promise<MemberSummary | null> {
  return (await selectSummaries(db, eq(members.accountId, accountId), 1))[0] ?? null;
}

/** The member holding a 身份证号, by its blind index (`personMatchIndexes.idIndex`); purged members hold none. */
export async function findMemberByIdIndex(db: Db, idIndex: Buffer): Promise<MemberSummary | null> {
  return (await selectSummaries(db, eq(members.idIndex, idIndex), 1))[0] ?? null;
}

/** The members holding any of these blind indexes, by the index's hex: one statement for an imported list. */
export async function findMembersByIdIndexes(db: Db, idIndexes: readonly Buffer[]): Promise<Map<string, MemberSummary>> {
  if (idIndexes.length === 0) return new Map();
  const rows = await db
    .select({ ...SUMMARY, idIndex: members.idIndex })
    .from(members)
    .where(sql`${members.idIndex} = any(${byteaArray([...idIndexes])}::bytea[])`);
  const summaries = await toSummaries(
    db,
    rows.map(({ idIndex: _, ...r }) => r),
  );
  return new Map(
    rows.flatMap((r, i) => (r.idIndex && summaries[i] ? [[Buffer.from(r.idIndex).toString('hex'), summaries[i]] as const] : [])),
  );
}

export async function getMembersByIds(db: Db, ids: readonly string[]): Promise<MemberSummary[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = new Map((await selectSummaries(db, inArray(members.id, unique))).map((m) => [m.id, m]));
  return unique.flatMap((id) => found.get(id) ?? []);
}

export async function getMemberSnapshot(db: Db, id: string): Promise<MemberSnapshot> {
  const member = await findMemberById(db, id);
  if (!member) throw memberErrors.notFound();
  return toSnapshot(member);
}

export async function requireActiveMember(db: Db, id: string): Promise<MemberSnapshot> {
  const snapshot = await getMemberSnapshot(db, id);
  if (snapshot.status !== 'active') throw memberErrors.memberInactive();
  return snapshot;
}

/** A page of the members of a subtree, in id order; `cursor` is the last id of the page before. */
export async function listMembersInSubtree(
  db: Db,
  scope: Scope,
  page: { cursor?: string | null | undefined; limit: number; status?: MemberStatus | undefined },
): Promise<{ items: MemberSummary[]; nextCursor: string | null }> {
  const conditions: SQL[] = [inArray(members.orgId, orgIdsInScope(scope))];
  if (page.status) conditions.push(eq(members.status, page.status));
  if (page.cursor) conditions.push(gt(members.id, page.cursor));
  const rows = await selectSummaries(db, and(...conditions), page.limit + 1);
  const items = rows.slice(0, page.limit);
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * The snapshots of the members behind H5 accounts, in one statement however many there are: a
 * campaign's claims arrive by the thousand and are answered in batches.
 */
export async function getMemberSnapshotsByAccounts(db: Db, accountIds: readonly string[]): Promise<Map<string, MemberSnapshot>> {
  const unique = [...new Set(accountIds)];
  if (unique.length === 0) return new Map();
  // One array parameter: a statement of the same text for a batch of any size.
  const rows = await selectSummaries(db, sql`${members.accountId} = any(${pgArray(unique)}::uuid[])`);
  return new Map(rows.flatMap((m) => (m.accountId ? [[m.accountId, toSnapshot(m)] as const] : [])));
}

/** How many active members an eligibility rule admits today: the preview before a campaign is approved. */
export async function countEligibleMembers(db: Db, rule: EligibilityRule, today: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(members)
    .where(and(...eligibilityConditions(rule, today)));
  return row?.n ?? 0;
}

// The SQL twin of evaluateEligibility (eligibility.ts): the test of both checks them against each other.
function eligibilityConditions(rule: EligibilityRule, today: string): SQL[] {
  const conditions: SQL[] = [eq(members.status, 'active')];
  const inUnions = rule.unionPaths.map((path) => inArray(members.orgId, orgIdsInScope({ orgId: '', path })));
  conditions.push(or(...inUnions) ?? sql`false`);
  if (rule.trades?.length) conditions.push(inArray(members.trade, [...rule.trades]));
  if (rule.newFormOnly) conditions.push(eq(members.newForm, true));
  if (rule.regionCodes?.length) {
    conditions.push(or(...rule.regionCodes.map((code) => sql`${members.workRegionCode} like ${`${code}%`}`)) ?? sql`false`);
  }
  if (rule.genders?.length) conditions.push(inArray(members.gender, [...rule.genders]));
  // Born on or before today minus minAge years; after today minus (maxAge + 1) years.
  if (typeof rule.minAge === 'number') conditions.push(lte(members.birthDate, yearsBefore(today, rule.minAge)));
  if (typeof rule.maxAge === 'number') conditions.push(gt(members.birthDate, yearsBefore(today, rule.maxAge + 1)));
  const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
  if (rule.joinedOnOrBefore) conditions.push(lt(members.joinedAt, new Date(dayStart(rule.joinedOnOrBefore).getTime() + 86_400_000)));
  if (rule.joinedOnOrAfter) conditions.push(gte(members.joinedAt, dayStart(rule.joinedOnOrAfter)));
  return conditions;
}

/** The same calendar day `years` earlier (29 February falls back to the 28th, as ageOn counts it). */
function yearsBefore(day: string, years: number): string {
  const [y, m, d] = day.split('-') as [string, string, string];
  const year = String(Number(y) - years).padStart(4, '0');
  const feb29 = m === '02' && d === '29';
  return `${year}-${m}-${feb29 ? '28' : d}`;
}
