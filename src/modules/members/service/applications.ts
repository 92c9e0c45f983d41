// Joining online: the application, its placement, its review, and the member it becomes.
import { and, asc, desc, eq, getTableColumns, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { pathInScope, type Scope } from '../../../platform/access/access.js';
import { recordAudit, systemActor, type Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { maskName } from '../../../platform/crypto/mask.js';
import { shanghaiDay, uuidv7 } from '../../../platform/db/columns.js';
import { uniqueViolation } from '../../../platform/db/errors.js';
import { prepared } from '../../../platform/db/prepared.js';
import { inTransaction, type Db, type Tx } from '../../../platform/db/tx.js';
import { findOrgById, getOrg, listPlacementCandidates, orgIdsInScope, type Org, type Trade } from '../../orgs/index.js';
import { notifyChange } from '../../../platform/cache/changes.js';
import { cachedMemberRead } from '../cache.js';
import { memberErrors } from '../errors.js';
import {
  choosePlacement,
  enclosingRegions,
  isNewFormTrade,
  reviewDueAt,
  type ApplicationStatus,
  type Placement,
  type PlacementRule,
} from '../rules.js';
import { applications, members, unionSettings } from '../schema.js';
import {
  auditForOrg,
  getMemberRow,
  memberOfAccount,
  nextMemberNos,
  provinceOf,
  recordEvent,
  smsAfterCommit,
  type MemberRow,
} from './common.js';
import {
  CONTEXT,
  encryptPerson,
  idIndexOf,
  maskPerson,
  maskRevealed,
  phoneIndexOf,
  type MaskedPerson,
  type PersonColumns,
  type RevealedPerson,
} from './person.js';
import { checkPerson, problem, type RawPerson } from './validate.js';

type ApplicationRow = typeof applications.$inferSelect;

interface ApplicationFields extends MaskedPerson {
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

export interface UnionSettings {
  orgId: string;
  autoApprove: boolean;
  reviewSlaHours: number;
}

// ---------------------------------------------------------------------------------------------
// Placement.

async function place(
  db: Db,
  person: { trade: Trade; workRegionCode: string; employerUscc: string | null },
): Promise<Placement & { org: Org }> {
  const candidates = await listPlacementCandidates(db, enclosingRegions(person.workRegionCode), person.employerUscc);
  const placement = choosePlacement(person, candidates);
  const org = placement ? candidates.find((c) => c.id === placement.orgId) : undefined;
  if (!placement || !org) throw memberErrors.noUnionForPlace();
  return { ...placement, org };
}

/** What the join form shows before submission: the union the worker would join, and why. */
export async function previewPlacement(
  p: Platform,
  input: { trade: Trade; workRegionCode: string; employerUscc?: string | null | undefined },
): Promise<Placement> {
  const { org: _org, ...placement } = await place(p.db, {
    trade: input.trade,
    workRegionCode: input.workRegionCode,
    employerUscc: input.employerUscc ?? null,
  });
  return placement;
}

// ---------------------------------------------------------------------------------------------
// Submission (the worker, in the H5).

export interface SubmitResult {
  // A duplicate hold is reported as 'submitted' (see OwnApplication).
  outcome: 'submitted' | 'approved' | 'linked';
  application: OwnApplication | null;
  memberId: string | null;
}

export async function getUnionSettings(db: Db, orgId: string, defaultSlaHours: number): Promise<UnionSettings> {
  const settings = await cachedMemberRead(
    db,
    `settings:${orgId}`,
    async () => {
      const [row] = await db.select().from(unionSettings).where(eq(unionSettings.orgId, orgId)).limit(1);
      return { orgId, autoApprove: row?.autoApprove ?? false, reviewSlaHours: row?.reviewSlaHours ?? defaultSlaHours };
    },
    (value) => `settings:${value.orgId}`,
  );
  return settings ?? { orgId, autoApprove: false, reviewSlaHours: defaultSlaHours };
}

export async function submitApplication(
  p: Platform,
  actor: Actor,
  account: { accountId: string; phone: string | null },
  raw: RawPerson,
  now = new Date(),
): Promise<SubmitResult> {
  const { accountId, phone: accountPhone } = account;
  const checked = checkPerson({ ...raw, phone: accountPhone }, shanghaiDay(now));
  if (!checked.ok) throw memberErrors.invalid({ count: checked.problems.length }, { errors: checked.problems });
  const person = checked.person;
  const idIndex = idIndexOf(p, person.idNumber);
  const columns = encryptPerson(p, person);
  // Reads that need no lock happen before the transaction: a join is the burst path (a campaign's
  // first minute), and every statement inside the transaction is time the row locks are held.
  const placement = await place(p.db, person);
  const org = placement.org;
  const settings = await getUnionSettings(p.db, org.id, p.config.memberReviewSlaHours);
  const application: NewApplication = {
    accountId,
    ...columns,
    provinceCode: provinceOf(org),
    orgId: org.id,
    placementRule: placement.rule,
    matchedRegionCode: placement.matchedRegionCode,
    submittedAt: now,
    reviewDueAt: reviewDueAt(now, settings.reviewSlaHours),
  };

  // Nearly every join is a person new to the roll on an account that holds no membership: screened
  // without locks and written in one statement, its own transaction. The one-open-application index
  // still refuses a second submission of the ID racing this one; anyone the screening finds in the
  // way (no row comes back), and an auto-approving union, take the careful path below.
  const phoneIndex = accountPhone ? phoneIndexOf(p, accountPhone) : null;
  if (!settings.autoApprove) {
    const row = await insertUnlessHeld(p.db, application, phoneIndex);
    if (row) {
      const clear = { name: person.name, idNumber: person.idNumber, phone: person.phone, workAddress: person.workAddress };
      const [submitted] = toOwnApplications(p, [row], await applicationOrgNames(p.db, [row]), now, new Map([[row.id, clear]]));
      return { outcome: 'submitted', application: submitted ?? null, memberId: null };
    }
  }

  const result = await inTransaction(p.db, async (tx) => {
    // The account's own member and the member holding this ID, in one locked read.
    const found = await prepared(tx, holdersOfApplicantLocked).execute({ accountId, idIndex });
    const own = found.find((m) => m.accountId === accountId);
    if (own && own.status !== 'left' && !own.idIndex?.equals(idIndex)) throw alreadyMember(await orgName(tx, own.orgId));
    const existing = found.find((m) => m.idIndex?.equals(idIndex));
    if (existing) {
      if (existing.status === 'deceased') throw memberErrors.deceased();
      if (existing.status !== 'left') {
        // A member imported from a union's roll claims their record: the roll's phone is this account's.
        if (!existing.accountId && existing.phoneIndex && accountPhone && existing.phoneIndex.equals(phoneIndexOf(p, accountPhone))) {
          await tx.update(members).set({ accountId }).where(eq(members.id, existing.id));
          await recordEvent(tx, actor, existing.id, 'account_linked');
          await auditForOrg(tx, actor, existing.orgId, { action: 'members.link_account', targetType: 'member', targetId: existing.id });
          return { outcome: 'linked' as const, application: null, memberId: existing.id };
        }
        throw alreadyMember(await orgName(tx, existing.orgId));
      }
    }
    const duplicates = toCandidates(
      await prepared(tx, duplicatesOfApplicant).execute({ idIndex, duplicateIndex: columns.duplicateIndex, phoneIndex }),
      columns.duplicateIndex,
      phoneIndex,
    );
    const row = await insertApplication(tx, application, duplicates);
    if (row.status === 'pending' && settings.autoApprove) {
      const memberId = await approveRow(p, tx, systemActor('auto-approval'), row.id, null, now);
      return { outcome: 'approved' as const, id: row.id, memberId };
    }
    return { outcome: 'submitted' as const, id: row.id, memberId: null };
  });
  if (result.outcome === 'linked') return result;
  return { outcome: result.outcome, application: await getOwnApplication(p, accountId, result.id), memberId: result.memberId };
}

type ApplicationInsert = typeof applications.$inferInsert;
type NewApplication = PersonColumns &
  Required<
    Pick<ApplicationInsert, 'accountId' | 'provinceCode' | 'orgId' | 'placementRule' | 'matchedRegionCode' | 'submittedAt' | 'reviewDueAt'>
  >;
type InsertedApplication = NewApplication & Required<Pick<ApplicationInsert, 'id' | 'status' | 'duplicateOf' | 'duplicateReasons'>>;

// Every field the join's INSERT sets; the compiler keeps this list equal to InsertedApplication's keys,
// so a field added to the person's columns cannot be left out of the statement.
const INSERTED_FIELDS: Record<keyof InsertedApplication, true> = {
  id: true,
  accountId: true,
  status: true,
  nameCipher: true,
  idNumberCipher: true,
  idIndex: true,
  phoneCipher: true,
  phoneIndex: true,
  duplicateIndex: true,
  gender: true,
  birthDate: true,
  trade: true,
  employerName: true,
  employerUscc: true,
  workRegionCode: true,
  workAddressCipher: true,
  workLat: true,
  workLng: true,
  provinceCode: true,
  orgId: true,
  placementRule: true,
  matchedRegionCode: true,
  duplicateOf: true,
  duplicateReasons: true,
  submittedAt: true,
  reviewDueAt: true,
};

// Built once (see platform/db/prepared.ts): building this 27-column INSERT was an eighth of a join's CPU.
const insertApplicationStatement = (db: Db) =>
  db
    .insert(applications)
    .values(
      Object.fromEntries(Object.keys(INSERTED_FIELDS).map((field) => [field, sql.placeholder(field)])) as Record<
        keyof InsertedApplication,
        ReturnType<typeof sql.placeholder>
      >,
    )
    .returning()
    .prepare('members_insert_application');

// The members in a join's way: the account's own and the one holding the ID (at most one each).
const isHolder = or(eq(members.accountId, sql.placeholder('accountId')), eq(members.idIndex, sql.placeholder('idIndex')));
// Someone on the roll the applicant may already be: same phone, or same name, birth date and city. A
// null phone index matches nobody.
const isProbableDuplicate = and(
  or(eq(members.duplicateIndex, sql.placeholder('duplicateIndex')), eq(members.phoneIndex, sql.placeholder('phoneIndex'))),
  ne(members.idIndex, sql.placeholder('idIndex')),
  inArray(members.status, ['active', 'suspended']),
);
const SCREENED = { id: members.id, status: members.status, phoneIndex: members.phoneIndex, duplicateIndex: members.duplicateIndex };

// The columns the join's INSERT leaves to their defaults, as the statement below writes them.
const DEFAULTED: Record<Exclude<keyof ApplicationInsert, keyof InsertedApplication>, SQL> = {
  replacedBy: sql`null`,
  replacementReason: sql`null`,
  lastRemindedAt: sql`null`,
  reminders: sql`0`,
  decidedAt: sql`null`,
  decidedBy: sql`null`,
  decidedByName: sql`null`,
  decisionReason: sql`null`,
  memberId: sql`null`,
  createdAt: sql`now()`,
  updatedAt: sql`now()`,
};

// Why an applicant looks like someone on the roll: the same phone, the same name, birth date and city,
// or both ('phone+name_birth_city'), as toCandidates writes it on the careful path.
const duplicateReason = sql`array_to_string(array_remove(array[
  case when ${members.phoneIndex} = ${sql.placeholder('phoneIndex')} then 'phone' end,
  case when ${members.duplicateIndex} = ${sql.placeholder('duplicateIndex')} then 'name_birth_city' end], null), '+')`;

/**
 * The join's fast path as one statement (each round trip to PostgreSQL cost a join as much CPU as a
 * query): the application is written unless a member other than a former one holds the account or
 * the ID, held for a reviewer when it looks like someone on the roll, and returned; nothing is
 * written, and nothing returned, when someone is in the way.
 */
const insertUnlessHeldStatement = (db: Db) => {
  const selected = Object.entries(getTableColumns(applications)).map(([key, column]) => {
    if (key === 'status') return sql`case when exists (select 1 from dup) then 'held_duplicate' else 'pending' end`;
    if (key === 'duplicateOf') return sql`array(select id from dup)`;
    if (key === 'duplicateReasons') return sql`array(select reason from dup)`;
    if (key in DEFAULTED) return DEFAULTED[key as keyof typeof DEFAULTED];
    return sql`${sql.placeholder(key)}::${sql.raw(column.getSQLType())}`;
  });
  return db
    .insert(applications)
    .select(
      sql`with holder as (select 1 from ${members} where ${isHolder} and ${members.status} <> 'left' limit 1),
        dup as (select ${members.id} as id, ${duplicateReason} as reason from ${members} where ${isProbableDuplicate} limit 5)
        select ${sql.join(selected, sql`, `)} where not exists (select 1 from holder)`,
    )
    .returning()
    .prepare('members_insert_unless_held');
};

async function insertUnlessHeld(db: Db, application: NewApplication, phoneIndex: Buffer | null): Promise<ApplicationRow | null> {
  try {
    const [row] = await prepared(db, insertUnlessHeldStatement).execute({ ...application, id: uuidv7(), phoneIndex });
    return row ?? null;
  } catch (error) {
    throw asApplicationOpen(error);
  }
}
const holdersOfApplicantLocked = (db: Db) =>
  db.select().from(members).where(isHolder).limit(2).for('update').prepare('members_holders_locked');
const duplicatesOfApplicant = (db: Db) =>
  db.select(SCREENED).from(members).where(isProbableDuplicate).limit(5).prepare('members_duplicates');

/** Held for a reviewer when it looks like someone on the roll; refused when the ID has an open application. */
async function insertApplication(db: Db, application: NewApplication, duplicates: DuplicateCandidate[]): Promise<ApplicationRow> {
  try {
    const values: InsertedApplication & Record<string, unknown> = {
      ...application,
      id: uuidv7(),
      status: duplicates.length > 0 ? 'held_duplicate' : 'pending',
      duplicateOf: duplicates.map((d) => d.memberId),
      duplicateReasons: duplicates.map((d) => d.reasons.join('+')),
    };
    const [row] = await prepared(db, insertApplicationStatement).execute(values);
    // No audit record here: the application row is itself the record of the worker's own act (who,
    // when, what, placed where and why), and appending to the audit chain serialises every writer on
    // its head row — the join burst would queue behind it. Staff decisions on it are audited.
    if (!row) throw new Error('insert returned no row');
    return row;
  } catch (error) {
    throw asApplicationOpen(error);
  }
}

/** Two submissions of one ID at once: the second meets the one-open-application index. */
function asApplicationOpen(error: unknown): unknown {
  return uniqueViolation(error) === 'member_application_open_uq' ? memberErrors.applicationOpen() : error;
}

function alreadyMember(unionName: string) {
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

async function orgName(db: Db, orgId: string): Promise<string> {
  return (await findOrgById(db, orgId))?.name ?? '';
}

interface DuplicateCandidate {
  memberId: string;
  reasons: ('phone' | 'name_birth_city')[];
}

function toCandidates(
  rows: { id: string; phoneIndex: Buffer | null; duplicateIndex: Buffer | null }[],
  duplicateIndex: Buffer,
  phoneIndex: Buffer | null,
): DuplicateCandidate[] {
  return rows.map((r) => ({
    memberId: r.id,
    reasons: [
      ...(phoneIndex && r.phoneIndex?.equals(phoneIndex) ? (['phone'] as const) : []),
      ...(r.duplicateIndex?.equals(duplicateIndex) ? (['name_birth_city'] as const) : []),
    ],
  }));
}

export async function withdrawApplication(p: Platform, actor: Actor, accountId: string, id: string): Promise<OwnApplication> {
  await inTransaction(p.db, async (tx) => {
    const [row] = await tx
      .select()
      .from(applications)
      .where(and(eq(applications.id, id), eq(applications.accountId, accountId)))
      .for('update');
    if (!row) throw memberErrors.applicationNotFound();
    if (row.status !== 'pending' && row.status !== 'held_duplicate') throw memberErrors.applicationDecided();
    await tx.update(applications).set({ status: 'withdrawn', decidedAt: new Date() }).where(eq(applications.id, id));
    await auditForOrg(tx, actor, row.orgId, { action: 'members.withdraw', targetType: 'member_application', targetId: id });
  });
  return getOwnApplication(p, accountId, id);
}

// ---------------------------------------------------------------------------------------------
// Reading applications.

async function applicationOrgNames(db: Db, rows: readonly ApplicationRow[]): Promise<Map<string, string>> {
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
function toOwnApplications(
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
async function toApplications(p: Platform, db: Db, rows: ApplicationRow[], scope: Scope, now = new Date()): Promise<Application[]> {
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

export async function getOwnApplication(p: Platform, accountId: string, id: string): Promise<OwnApplication> {
  const rows = await p.db
    .select()
    .from(applications)
    .where(and(eq(applications.id, id), eq(applications.accountId, accountId)));
  const [app] = toOwnApplications(p, rows, await applicationOrgNames(p.db, rows));
  if (!app) throw memberErrors.applicationNotFound();
  return app;
}

export async function latestOwnApplication(p: Platform, accountId: string): Promise<OwnApplication | null> {
  const rows = await p.db
    .select()
    .from(applications)
    .where(eq(applications.accountId, accountId))
    .orderBy(desc(applications.submittedAt))
    .limit(1);
  return toOwnApplications(p, rows, await applicationOrgNames(p.db, rows))[0] ?? null;
}

export interface ApplicationFilter {
  status?: ApplicationStatus | undefined;
  orgId?: string | undefined;
  overdue?: boolean | undefined;
  before?: string | undefined; // cursor: "<submittedAt ISO>|<id>"
  limit: number;
}

export async function listApplications(
  p: Platform,
  scope: Scope,
  filter: ApplicationFilter,
): Promise<{ items: Application[]; nextCursor: string | null; counts: Record<'pending' | 'held_duplicate' | 'overdue', number> }> {
  const now = new Date();
  const conditions: SQL[] = [inArray(applications.orgId, orgIdsInScope(scope))];
  if (filter.orgId) conditions.push(eq(applications.orgId, (await getOrg(p.db, scope, filter.orgId)).id));
  if (filter.status) conditions.push(eq(applications.status, filter.status));
  if (filter.overdue) conditions.push(eq(applications.status, 'pending'), lt(applications.reviewDueAt, now));
  if (filter.before) {
    const [at, id] = filter.before.split('|');
    if (at && id) conditions.push(sql`(${applications.submittedAt}, ${applications.id}) > (${new Date(at)}, ${id})`);
  }
  const rows = await p.db
    .select()
    .from(applications)
    .where(and(...conditions))
    .orderBy(asc(applications.submittedAt), asc(applications.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  const [counts] = await p.db
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
    items: await toApplications(p, p.db, page, scope, now),
    nextCursor: rows.length > filter.limit && last ? `${last.submittedAt.toISOString()}|${last.id}` : null,
    counts: { pending: counts?.pending ?? 0, held_duplicate: counts?.held ?? 0, overdue: counts?.overdue ?? 0 },
  };
}

async function getApplicationRow(db: Db, scope: Scope, id: string, forUpdate = false): Promise<ApplicationRow> {
  const query = db
    .select()
    .from(applications)
    .where(and(eq(applications.id, id), inArray(applications.orgId, orgIdsInScope(scope))))
    .limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw memberErrors.applicationNotFound();
  return row;
}

export async function getApplication(p: Platform, scope: Scope, id: string): Promise<Application> {
  const [app] = await toApplications(p, p.db, [await getApplicationRow(p.db, scope, id)], scope);
  if (!app) throw memberErrors.applicationNotFound();
  return app;
}

// ---------------------------------------------------------------------------------------------
// Review (the placed union's reviewers, in the console).

/** The checked identity an application hands to its member (on approval, and on a merge). */
function identityOf(row: ApplicationRow) {
  return {
    nameCipher: row.nameCipher,
    idNumberCipher: row.idNumberCipher,
    idIndex: row.idIndex,
    phoneCipher: row.phoneCipher,
    phoneIndex: row.phoneIndex,
    duplicateIndex: row.duplicateIndex,
    gender: row.gender,
    birthDate: row.birthDate,
  };
}

/** Turns a pending application into a member (or re-admits one who left); returns the member id. */
async function approveRow(p: Platform, tx: Tx, actor: Actor, id: string, reason: string | null, now: Date): Promise<string> {
  const [row] = await tx.select().from(applications).where(eq(applications.id, id)).for('update');
  if (!row) throw memberErrors.applicationNotFound();
  if (row.status !== 'pending') throw row.status === 'held_duplicate' ? memberErrors.notHeld() : memberErrors.applicationDecided();
  if (!row.idIndex) throw memberErrors.applicationDecided();
  const org = await findOrgById(tx, row.orgId);
  if (!org) throw memberErrors.noUnionForPlace();
  const [existing] = await tx.select().from(members).where(eq(members.idIndex, row.idIndex)).for('update');
  const personal = {
    accountId: row.accountId,
    orgId: row.orgId,
    status: 'active' as const,
    ...identityOf(row),
    trade: row.trade,
    employerName: row.employerName,
    employerUscc: row.employerUscc,
    workRegionCode: row.workRegionCode,
    workAddressCipher: row.workAddressCipher,
    workLat: row.workLat,
    workLng: row.workLng,
    newForm: isNewFormTrade(row.trade as Trade),
  };
  let memberId: string;
  if (existing) {
    if (existing.status !== 'left') throw memberErrors.alreadyMember({ union: maskOrgName(await orgName(tx, existing.orgId)) });
    // One who left and comes back keeps the member number: the identity is for life.
    await tx
      .update(members)
      .set({ ...personal, joinedAt: now, statusReason: null, statusChangedAt: now })
      .where(eq(members.id, existing.id));
    memberId = existing.id;
    await notifyChange(tx, 'members', memberId);
    await recordEvent(tx, actor, memberId, 'rejoined', {
      fromOrgId: existing.orgId,
      toOrgId: row.orgId,
      reason,
      details: { applicationId: id },
    });
  } else {
    const [memberNo] = await nextMemberNos(tx, provinceOf(org), 1);
    memberId = uuidv7();
    await tx
      .insert(members)
      .values({ id: memberId, memberNo: memberNo ?? '', provinceCode: row.provinceCode, ...personal, joinedAt: now, source: 'online' });
    await recordEvent(tx, actor, memberId, 'joined', { toOrgId: row.orgId, reason, details: { applicationId: id } });
  }
  await tx
    .update(applications)
    .set({
      status: 'approved',
      memberId,
      decidedAt: now,
      decidedBy: actor.kind === 'staff' ? actor.id : null,
      decidedByName: actor.name,
      decisionReason: reason,
    })
    .where(eq(applications.id, id));
  await recordAudit(tx, actor, {
    action: 'members.approve',
    targetType: 'member_application',
    targetId: id,
    reason,
    orgId: org.id,
    orgPath: org.path,
    details: { memberId },
  });
  const phone = row.phoneCipher ? p.cipher.decrypt(row.phoneCipher, CONTEXT.phone) : null;
  smsAfterCommit(p, tx, phone, 'member_approved', { union: org.name });
  return memberId;
}

export async function approveApplication(p: Platform, actor: Actor, scope: Scope, id: string, reason: string | null): Promise<Application> {
  await inTransaction(p.db, async (tx) => {
    await getApplicationRow(tx, scope, id);
    await approveRow(p, tx, actor, id, reason, new Date());
  });
  return getApplication(p, scope, id);
}

export async function rejectApplication(p: Platform, actor: Actor, scope: Scope, id: string, reason: string): Promise<Application> {
  await inTransaction(p.db, async (tx) => {
    const row = await getApplicationRow(tx, scope, id, true);
    if (row.status !== 'pending' && row.status !== 'held_duplicate') throw memberErrors.applicationDecided();
    await tx
      .update(applications)
      .set({ status: 'rejected', decidedAt: new Date(), decidedBy: actor.id, decidedByName: actor.name, decisionReason: reason })
      .where(eq(applications.id, id));
    const org = await findOrgById(tx, row.orgId);
    await recordAudit(tx, actor, {
      action: 'members.reject',
      targetType: 'member_application',
      targetId: id,
      reason,
      orgId: row.orgId,
      orgPath: org?.path ?? null,
    });
    const phone = row.phoneCipher ? p.cipher.decrypt(row.phoneCipher, CONTEXT.phone) : null;
    smsAfterCommit(p, tx, phone, 'member_rejected', { union: org?.name ?? '', reason });
  });
  return getApplication(p, scope, id);
}

export interface BulkResult {
  approved: string[];
  failed: { id: string; code: string; message: string }[];
}

/**
 * Approves many at once. Each application is its own transaction: one already decided by a colleague
 * does not hold back the others, and the answer says which failed and why.
 */
export async function bulkApprove(
  p: Platform,
  actor: Actor,
  scope: Scope,
  ids: readonly string[],
  reason: string | null,
): Promise<BulkResult> {
  const result: BulkResult = { approved: [], failed: [] };
  for (const id of new Set(ids)) {
    try {
      await inTransaction(p.db, async (tx) => {
        await getApplicationRow(tx, scope, id);
        await approveRow(p, tx, actor, id, reason, new Date());
      });
      result.approved.push(id);
    } catch (error) {
      const { isAppError } = await import('../../../platform/errors/app-error.js');
      if (!isAppError(error)) throw error;
      const { t } = await import('../../../platform/i18n/i18n.js');
      result.failed.push({ id, code: error.code, message: t(`errors.${error.code}`, error.params) });
    }
  }
  return result;
}

/** Staff move an application to another union of their subtree (the rule was wrong, or the worker asked). */
export async function replaceApplication(
  p: Platform,
  actor: Actor,
  scope: Scope,
  id: string,
  orgId: string,
  reason: string,
): Promise<Application> {
  await inTransaction(p.db, async (tx) => {
    const row = await getApplicationRow(tx, scope, id, true);
    if (row.status !== 'pending' && row.status !== 'held_duplicate') throw memberErrors.applicationDecided();
    const target = await getOrg(tx, scope, orgId);
    if (target.status !== 'active') throw memberErrors.invalid({ count: 1 }, { errors: [problem('body.orgId', 'union_inactive')] });
    const settings = await getUnionSettings(tx, target.id, p.config.memberReviewSlaHours);
    await tx
      .update(applications)
      .set({
        orgId: target.id,
        provinceCode: provinceOf(target),
        replacedBy: actor.name,
        replacementReason: reason,
        reviewDueAt: reviewDueAt(row.submittedAt, settings.reviewSlaHours),
      })
      .where(eq(applications.id, id));
    await recordAudit(tx, actor, {
      action: 'members.replace',
      targetType: 'member_application',
      targetId: id,
      reason,
      orgId: target.id,
      orgPath: target.path,
      details: { fromOrgId: row.orgId, toOrgId: target.id },
    });
  });
  return getApplication(p, scope, id);
}

/** A held application is a different person after all: it goes on to ordinary review. */
export async function overrideDuplicateHold(p: Platform, actor: Actor, scope: Scope, id: string, reason: string): Promise<Application> {
  await inTransaction(p.db, async (tx) => {
    const row = await getApplicationRow(tx, scope, id, true);
    if (row.status !== 'held_duplicate') throw memberErrors.notHeld();
    await tx.update(applications).set({ status: 'pending' }).where(eq(applications.id, id));
    await auditForOrg(tx, actor, row.orgId, {
      action: 'members.override_duplicate',
      targetType: 'member_application',
      targetId: id,
      reason,
    });
  });
  return getApplication(p, scope, id);
}

/**
 * A held application is the same person as an existing member (typically an imported record with a
 * mistyped ID): the member takes the application's checked personal data and account, keeps its
 * number and union, and the application is closed as approved into that member.
 */
export async function mergeIntoMember(
  p: Platform,
  actor: Actor,
  scope: Scope,
  id: string,
  memberId: string,
  reason: string,
): Promise<Application> {
  await inTransaction(p.db, async (tx) => {
    const row = await getApplicationRow(tx, scope, id, true);
    if (row.status !== 'held_duplicate') throw memberErrors.notHeld();
    if (!(row.duplicateOf ?? []).includes(memberId)) throw memberErrors.notFound();
    const member: MemberRow = await getMemberRow(tx, scope, memberId, { forUpdate: true });
    const other = await memberOfAccount(tx, row.accountId);
    if (other && other.id !== member.id) throw alreadyMember(await orgName(tx, other.orgId));
    await tx
      .update(members)
      .set({ accountId: row.accountId, ...identityOf(row) })
      .where(eq(members.id, member.id))
      .catch((error: unknown) => {
        if (uniqueViolation(error) === 'member_id_index_uq') throw memberErrors.alreadyMember({ union: '' });
        throw error;
      });
    await tx
      .update(applications)
      .set({
        status: 'approved',
        memberId: member.id,
        decidedAt: new Date(),
        decidedBy: actor.id,
        decidedByName: actor.name,
        decisionReason: reason,
      })
      .where(eq(applications.id, id));
    await notifyChange(tx, 'members', member.id);
    await recordEvent(tx, actor, member.id, 'merged', { reason, details: { applicationId: id } });
    await auditForOrg(tx, actor, member.orgId, {
      action: 'members.merge',
      targetType: 'member',
      targetId: member.id,
      reason,
      details: { applicationId: id },
    });
  });
  return getApplication(p, scope, id);
}

export async function updateUnionSettings(
  p: Platform,
  actor: Actor,
  scope: Scope,
  orgId: string,
  input: { autoApprove: boolean; reviewSlaHours: number },
): Promise<UnionSettings> {
  return inTransaction(p.db, async (tx) => {
    const org: Org = await getOrg(tx, scope, orgId);
    await tx
      .insert(unionSettings)
      .values({ orgId: org.id, ...input, updatedBy: actor.name })
      .onConflictDoUpdate({ target: unionSettings.orgId, set: { ...input, updatedBy: actor.name, updatedAt: new Date() } });
    await notifyChange(tx, 'members', `settings:${org.id}`);
    await recordAudit(tx, actor, {
      action: 'members.settings',
      targetType: 'org',
      targetId: org.id,
      orgId: org.id,
      orgPath: org.path,
      details: input,
    });
    return { orgId: org.id, ...input };
  });
}

export async function readUnionSettings(p: Platform, scope: Scope, orgId: string): Promise<UnionSettings> {
  const org = await getOrg(p.db, scope, orgId);
  return getUnionSettings(p.db, org.id, p.config.memberReviewSlaHours);
}

/**
 * The SLA job: pending applications past their review deadline get a reminder (one at the deadline,
 * then one a day), recorded on the application and in the audit log, where the union's console
 * shows it as overdue. Returns how many were reminded.
 */
export async function remindOverdueReviews(db: Db, now: Date): Promise<number> {
  const dayAgo = new Date(now.getTime() - 24 * 3_600_000);
  return inTransaction(db, async (tx) => {
    const due = await tx
      .update(applications)
      .set({ lastRemindedAt: now, reminders: sql`${applications.reminders} + 1` })
      .where(
        and(
          eq(applications.status, 'pending'),
          lt(applications.reviewDueAt, now),
          or(sql`${applications.lastRemindedAt} is null`, lt(applications.lastRemindedAt, dayAgo)),
        ),
      )
      .returning({ id: applications.id, orgId: applications.orgId, reminders: applications.reminders });
    const byOrg = new Map<string, number>();
    for (const row of due) byOrg.set(row.orgId, (byOrg.get(row.orgId) ?? 0) + 1);
    for (const [orgId, count] of byOrg) {
      await auditForOrg(tx, systemActor('review-sla'), orgId, {
        action: 'members.review_overdue',
        targetType: 'org',
        targetId: orgId,
        details: { count },
      });
    }
    return due.length;
  });
}

export { memberOfAccount };
