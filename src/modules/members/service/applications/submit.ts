// Submitting and withdrawing a join application (the worker, in the H5): the burst path.
import { and, eq, getTableColumns, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { systemActor, type Actor } from '../../../../platform/audit/audit.js';
import type { Platform } from '../../../../platform/context.js';
import { shanghaiDay, uuidv7 } from '../../../../platform/db/columns.js';
import { uniqueViolation } from '../../../../platform/db/errors.js';
import { prepared } from '../../../../platform/db/prepared.js';
import { inTransaction, type Db } from '../../../../platform/db/tx.js';
import { memberErrors } from '../../errors.js';
import { reviewDueAt } from '../../rules.js';
import { applications, members } from '../../schema.js';
import { auditForOrg, provinceOf, recordEvent } from '../common.js';
import { encryptPerson, idIndexOf, phoneIndexOf, type PersonColumns } from '../person.js';
import { checkPerson, type RawPerson } from '../validate.js';
import {
  type ApplicationRow,
  type OwnApplication,
  alreadyMember,
  orgName,
  applicationOrgNames,
  toOwnApplications,
  getOwnApplication,
} from './views.js';
import { place } from './placement.js';
import { getUnionSettings } from './settings.js';
import { approveRow } from './review.js';

// ---------------------------------------------------------------------------------------------
// Submission (the worker, in the H5).

export interface SubmitResult {
  // A duplicate hold is reported as 'submitted' (see OwnApplication).
  outcome: 'submitted' | 'approved' | 'linked';
  application: OwnApplication | null;
  memberId: string | null;
}

export async function submitApplication(
  db: Db,
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
  const placement = await place(db, person);
  const org = placement.org;
  const settings = await getUnionSettings(db, org.id, p.config.memberReviewSlaHours);
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
    const row = await insertUnlessHeld(db, application, phoneIndex);
    if (row) {
      const clear = { name: person.name, idNumber: person.idNumber, phone: person.phone, workAddress: person.workAddress };
      const [submitted] = toOwnApplications(p, [row], await applicationOrgNames(db, [row]), now, new Map([[row.id, clear]]));
      return { outcome: 'submitted', application: submitted ?? null, memberId: null };
    }
  }

  const result = await inTransaction(db, async (tx) => {
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
    const duplicates = await prepared(tx, duplicatesOfApplicant).execute({ idIndex, duplicateIndex: columns.duplicateIndex, phoneIndex });
    const row = await insertApplication(tx, application, duplicates);
    if (row.status === 'pending' && settings.autoApprove) {
      const memberId = await approveRow(tx, p, systemActor('auto-approval'), row.id, null, now);
      return { outcome: 'approved' as const, id: row.id, memberId };
    }
    return { outcome: 'submitted' as const, id: row.id, memberId: null };
  });
  if (result.outcome === 'linked') return result;
  return { outcome: result.outcome, application: await getOwnApplication(db, p, accountId, result.id), memberId: result.memberId };
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
// or both ('phone+name_birth_city'). Stated here once: the fast path's INSERT and the careful path's
// screening both read it, so the two cannot flag the same applicant for different reasons.
const duplicateReason = sql<string>`array_to_string(array_remove(array[
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
  db
    .select({ memberId: members.id, reason: duplicateReason })
    .from(members)
    .where(isProbableDuplicate)
    .limit(5)
    .prepare('members_duplicates');

/** Held for a reviewer when it looks like someone on the roll; refused when the ID has an open application. */
async function insertApplication(db: Db, application: NewApplication, duplicates: DuplicateCandidate[]): Promise<ApplicationRow> {
  try {
    const values: InsertedApplication & Record<string, unknown> = {
      ...application,
      id: uuidv7(),
      status: duplicates.length > 0 ? 'held_duplicate' : 'pending',
      duplicateOf: duplicates.map((d) => d.memberId),
      duplicateReasons: duplicates.map((d) => d.reason),
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

/** A member on the roll the applicant probably is, and why (see duplicateReason). */
interface DuplicateCandidate {
  memberId: string;
  reason: string;
}

export async function withdrawApplication(db: Db, p: Platform, actor: Actor, accountId: string, id: string): Promise<OwnApplication> {
  await inTransaction(db, async (tx) => {
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
  return getOwnApplication(db, p, accountId, id);
}
