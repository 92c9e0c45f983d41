// Reading applications: the applicant's view, the console's view (with probable duplicates), pages and counts.
import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { pathInScope, type Scope } from '../../../../platform/access/access.js';
import { keysetCursor, pageAfter, parseKeysetCursor } from '../../../../platform/db/keyset.js';
import type { Platform } from '../../../../platform/context.js';
import { maskName } from '../../../../platform/crypto/mask.js';
import type { Db } from '../../../../platform/db/tx.js';
import { findOrgById, getOrg, orgIdsInScope, type Org, type Trade } from '#modules/orgs';
import { memberErrors } from '../../errors.js';
import type { ApplicationStatus, PlacementRule } from '../../rules.js';
import { applications, members } from '../../schema.js';
import { CONTEXT, maskPerson, maskRevealed, type MaskedPerson, type RevealedPerson } from '../person.js';

export type ApplicationRow = typeof applications.$inferSelect;

export interface ApplicationFields extends MaskedPerson {
  id: string;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  trade: Trade;
  employerName: string | null;
  employerUscc: string | null;
  workRegionCode: string;
  orgId: string;
  orgName: string;
  placementRule: PlacementRule;
  matchedRegionCode: string;
  replacedBy: string | null;
  replacementReason: string | null;
  submittedAt: Date;
  reviewDueAt: Date;
  overdue: boolean;
  reminders: number;
  decidedAt: Date | null;
  decidedByName: string | null;
  decisionReason: string | null;
  memberId: string | null;
}

/** A member on the roll the application probably duplicates, as a reviewer whose scope holds them sees them. */
export interface ProbableDuplicate {
  memberId: string;
  memberNo: string;
  nameMasked: string | null;
  orgName: string;
  reasons: string[];
}

/** An application as the console shows it to staff whose scope holds it. */
export interface Application extends ApplicationFields {
  status: ApplicationStatus;
  /** The probable duplicates inside the viewer's scope. */
  duplicateOf: ProbableDuplicate[];
  /** Probable duplicates in unions outside the viewer's scope: counted, never identified. */
  duplicatesElsewhere: number;
}

/**
 * An application as its applicant sees it. A duplicate hold shows as an ordinary wait for review: that
 * someone on the roll shares the applicant's phone, or name, birth date and city, is that person's
 * business, not the applicant's.
 */
export interface OwnApplication extends ApplicationFields {
  status: OwnApplicationStatus;
}
export type OwnApplicationStatus = Exclude<ApplicationStatus, 'held_duplicate'>;

export function alreadyMember(unionName: string) {
  return memberErrors.alreadyMember({ union: maskOrgName(unionName) });
}

/** 柯桥区快递行业工会联合会 → 柯桥区****工会联合会: enough to recognise one's union, not to find a stranger's. */
export function maskOrgName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 6) return name;
  const keepHead = 3;
  const keepTail = Math.min(5, chars.length - keepHead - 2);
  return `${chars.slice(0, keepHead).join('')}****${chars.slice(chars.length - keepTail).join('')}`;
}

export async function orgName(db: Db, orgId: string): Promise<string> {
  return (await findOrgById(db, orgId))?.name ?? '';
}

// ---------------------------------------------------------------------------------------------
// Reading applications.

export async function applicationOrgNames(db: Db, rows: readonly ApplicationRow[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(rows.map((r) => r.orgId))) names.set(id, await orgName(db, id));
  return names;
}

/** `revealed`: the people of some rows in the clear, masked as they are rather than decrypted again. */
function applicationFields(
  p: Platform,
  r: ApplicationRow,
  orgNames: ReadonlyMap<string, string>,
  now: Date,
  revealed: ReadonlyMap<string, RevealedPerson>,
): ApplicationFields {
  return {
    id: r.id,
    ...(revealed.has(r.id) ? maskRevealed(revealed.get(r.id) as RevealedPerson) : maskPerson(p.cipher, r)),
    gender: r.gender,
    birthDate: r.birthDate,
    trade: r.trade as Trade,
    employerName: r.employerName,
    employerUscc: r.employerUscc,
    workRegionCode: r.workRegionCode,
    orgId: r.orgId,
    orgName: orgNames.get(r.orgId) ?? '',
    placementRule: r.placementRule as PlacementRule,
    matchedRegionCode: r.matchedRegionCode,
    replacedBy: r.replacedBy,
    replacementReason: r.replacementReason,
    submittedAt: r.submittedAt,
    reviewDueAt: r.reviewDueAt,
    overdue: r.status === 'pending' && r.reviewDueAt < now,
    reminders: r.reminders,
    decidedAt: r.decidedAt,
    decidedByName: r.decidedByName,
    decisionReason: r.decisionReason,
    memberId: r.memberId,
  };
}

/** The applicant's view: nothing of anyone else (see OwnApplication). */
export function toOwnApplications(
  p: Platform,
  rows: readonly ApplicationRow[],
  orgNames: ReadonlyMap<string, string>,
  now = new Date(),
  revealed: ReadonlyMap<string, RevealedPerson> = new Map(),
): OwnApplication[] {
  return rows.map((r) => ({
    ...applicationFields(p, r, orgNames, now, revealed),
    status: r.status === 'held_duplicate' ? 'pending' : r.status,
  }));
}

/**
 * The console's view for staff of `scope`. A probable duplicate is named (member, number, masked name,
 * union) only to staff whose scope holds that member — they need it to merge or tell the two apart;
 * a duplicate in another union's subtree is only counted, so a reviewer cannot learn through an
 * applicant who is on a roll they may not see.
 */
export async function toApplications(db: Db, p: Platform, rows: ApplicationRow[], scope: Scope, now = new Date()): Promise<Application[]> {
  if (rows.length === 0) return [];
  const orgNames = await applicationOrgNames(db, rows);
  const duplicateIds = [...new Set(rows.flatMap((r) => r.duplicateOf ?? []))];
  const dupRows = duplicateIds.length
    ? await db
        .select({ id: members.id, memberNo: members.memberNo, nameCipher: members.nameCipher, orgId: members.orgId })
        .from(members)
        .where(inArray(members.id, duplicateIds))
    : [];
  const dupOrgs = new Map<string, Org | null>();
  for (const d of dupRows) if (!dupOrgs.has(d.orgId)) dupOrgs.set(d.orgId, await findOrgById(db, d.orgId));
  const visible = (orgId: string) => {
    const org = dupOrgs.get(orgId);
    return !!org && pathInScope(org.path, scope);
  };
  return rows.map((r) => {
    const duplicates = (r.duplicateOf ?? []).flatMap((id, i) => {
      const d = dupRows.find((x) => x.id === id);
      return d ? [{ d, reasons: (r.duplicateReasons?.[i] ?? '').split('+').filter(Boolean) }] : [];
    });
    return {
      ...applicationFields(p, r, orgNames, now, new Map()),
      status: r.status,
      duplicateOf: duplicates
        .filter(({ d }) => visible(d.orgId))
        .map(({ d, reasons }) => {
          const name = d.nameCipher ? p.cipher.decrypt(d.nameCipher, CONTEXT.name) : null;
          return {
            memberId: d.id,
            memberNo: d.memberNo,
            nameMasked: name === null ? null : maskName(name),
            orgName: dupOrgs.get(d.orgId)?.name ?? '',
            reasons,
          };
        }),
      duplicatesElsewhere: duplicates.filter(({ d }) => !visible(d.orgId)).length,
    };
  });
}

export async function getOwnApplication(db: Db, p: Platform, accountId: string, id: string): Promise<OwnApplication> {
  const rows = await db
    .select()
    .from(applications)
    .where(and(eq(applications.id, id), eq(applications.accountId, accountId)));
  const [app] = toOwnApplications(p, rows, await applicationOrgNames(db, rows));
  if (!app) throw memberErrors.applicationNotFound();
  return app;
}

export async function latestOwnApplication(db: Db, p: Platform, accountId: string): Promise<OwnApplication | null> {
  const rows = await db
    .select()
    .from(applications)
    .where(eq(applications.accountId, accountId))
    .orderBy(desc(applications.submittedAt))
    .limit(1);
  return toOwnApplications(p, rows, await applicationOrgNames(db, rows))[0] ?? null;
}

export interface ApplicationFilter {
  status?: ApplicationStatus | undefined;
  orgId?: string | undefined;
  overdue?: boolean | undefined;
  before?: string | undefined; // the nextCursor of the page before (keyset.ts)
  limit: number;
}

export async function listApplications(
  db: Db,
  p: Platform,
  scope: Scope,
  filter: ApplicationFilter,
): Promise<{ items: Application[]; nextCursor: string | null; counts: Record<'pending' | 'held_duplicate' | 'overdue', number> }> {
  const now = new Date();
  const conditions: SQL[] = [inArray(applications.orgId, orgIdsInScope(scope))];
  if (filter.orgId) conditions.push(eq(applications.orgId, (await getOrg(db, scope, filter.orgId)).id));
  if (filter.status) conditions.push(eq(applications.status, filter.status));
  if (filter.overdue) conditions.push(eq(applications.status, 'pending'), lt(applications.reviewDueAt, now));
  const after = parseKeysetCursor(filter.before);
  if (after) conditions.push(sql`(${applications.submittedAt}, ${applications.id}) > (${after.at}, ${after.id}::uuid)`);
  const rows = await db
    .select()
    .from(applications)
    .where(and(...conditions))
    .orderBy(asc(applications.submittedAt), asc(applications.id))
    .limit(filter.limit + 1);
  const { page, nextCursor } = pageAfter(rows, filter.limit, (last) => keysetCursor(last.submittedAt, last.id));
  const [counts] = await db
    .select({
      pending: sql<number>`count(*) filter (where ${applications.status} = 'pending')`.mapWith(Number),
      held: sql<number>`count(*) filter (where ${applications.status} = 'held_duplicate')`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${applications.status} = 'pending' and ${applications.reviewDueAt} < ${now})`.mapWith(
        Number,
      ),
    })
    .from(applications)
    .where(and(inArray(applications.orgId, orgIdsInScope(scope)), inArray(applications.status, ['pending', 'held_duplicate'])));
  return {
    items: await toApplications(db, p, page, scope, now),
    nextCursor,
    counts: { pending: counts?.pending ?? 0, held_duplicate: counts?.held ?? 0, overdue: counts?.overdue ?? 0 },
  };
}

export async function getApplicationRow(db: Db, scope: Scope, id: string, forUpdate = false): Promise<ApplicationRow> {
  const query = db
    .select()
    .from(applications)
    .where(and(eq(applications.id, id), inArray(applications.orgId, orgIdsInScope(scope))))
    .limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw memberErrors.applicationNotFound();
  return row;
}

export async function getApplication(db: Db, p: Platform, scope: Scope, id: string): Promise<Application> {
  const [app] = await toApplications(db, p, [await getApplicationRow(db, scope, id)], scope);
  if (!app) throw memberErrors.applicationNotFound();
  return app;
}
