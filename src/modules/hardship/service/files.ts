// A household's file (建档立卡), applied for by the worker in the H5 or entered by staff after a visit:
// checked (figures that add up, valid 身份证号), classified by the rule with its reasons, numbered, and
// refused when anyone in the household is already in an open file.
import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { smsAfterCommit } from '../../../platform/auth/sms.js';
import type { Platform } from '../../../platform/context.js';
import { maskIdNumber, maskMobile, maskName } from '../../../platform/crypto/mask.js';
import { checkIdNumber, checkMobile, checkPersonName } from '../../../platform/crypto/validators.js';
import { byteaArray } from '../../../platform/db/arrays.js';
import { uniqueViolation } from '../../../platform/db/errors.js';
import { pageAfter, parseIdCursor } from '../../../platform/db/keyset.js';
import { inTransaction, queryRows, type Db, type Tx } from '../../../platform/db/tx.js';
import type { FieldProblem } from '../../../platform/errors/app-error.js';
import { t } from '../../../platform/i18n/i18n.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { findOrgById, getOrg, orgIdsInScope, orgNamesByIds, type Org } from '#modules/orgs';
import { findMemberByAccount, memberMatchKeys } from '#modules/members';
import { hardshipErrors } from '../errors.js';
import {
  addMonths,
  checkCauses,
  checkHousehold,
  classifyHousehold,
  fileNumber,
  householdIncomeFen,
  perCapitaMonthlyFen,
  shanghaiYear,
  type CauseEntry,
  type ExplanationStep,
  type HardshipCategory,
} from '../rules.js';
import { hardshipFiles, hardshipHouseholdIds, hardshipSteps, type EvidenceKind, type FileStatus } from '../schema.js';
import {
  decryptApplicant,
  decryptHousehold,
  encryptApplicant,
  encryptHousehold,
  idIndexOf,
  phoneIndexOf,
  type HouseholdDocument,
  type HouseholdPerson,
} from './crypto.js';
import { aidReceived } from './aid.js';
import { listEvidence } from './evidence.js';
import { requireSettings } from './settings.js';

export interface FileApplication {
  /** The union that will keep the file: staff choose one of their subtree; a member's is their own union. */
  orgId: string;
  applicant: { name: string; idNumber: string; phone: string };
  /** The whole household, the applicant included as `self` (their name and number are taken from `applicant`). */
  members: HouseholdPerson[];
  declaredSize: number;
  declaredMonthlyIncomeFen: number;
  causes: CauseEntry[];
  oneOffBurdenFen?: number;
  address?: string | null;
  bankAccount?: { bank: string; accountNo: string } | null;
}

const problem = (field: string, code: string, params: Record<string, unknown> = {}): FieldProblem => ({
  field,
  code: `hardship.${code}`,
  message: t(`problems.hardship.${code}`, params),
});

/** Checks everything a schema cannot: people's numbers, the figures, the causes. Normalises numbers. */
function checkApplication(input: FileApplication, today: string): { problems: FieldProblem[]; application: FileApplication } {
  const problems: FieldProblem[] = [];
  const name = checkPersonName(input.applicant.name);
  if (!name.ok) problems.push(problem('applicant.name', 'name_invalid'));
  const id = checkIdNumber(input.applicant.idNumber);
  if (!id.ok) problems.push(problem('applicant.idNumber', `id_number_${id.problem}`));
  const phone = checkMobile(input.applicant.phone);
  if (!phone.ok) problems.push(problem('applicant.phone', 'phone_invalid'));
  const members = input.members.map((m, i) => {
    if (m.relation === 'self') return { ...m, name: name.ok ? name.value : m.name, idNumber: id.ok ? id.value : m.idNumber };
    const checkedName = checkPersonName(m.name);
    if (!checkedName.ok) problems.push(problem(`members.${i}.name`, 'name_invalid'));
    if (!m.idNumber) return m;
    const checked = checkIdNumber(m.idNumber);
    if (!checked.ok) problems.push(problem(`members.${i}.idNumber`, `id_number_${checked.problem}`));
    return { ...m, idNumber: checked.ok ? checked.value : m.idNumber };
  });
  const ids = members.map((m) => m.idNumber).filter((v): v is string => !!v);
  if (new Set(ids).size !== ids.length) problems.push(problem('members', 'id_number_twice'));
  problems.push(...checkHousehold({ members, declaredSize: input.declaredSize, declaredMonthlyIncomeFen: input.declaredMonthlyIncomeFen }));
  problems.push(...checkCauses(input.causes, today));
  if (input.oneOffBurdenFen !== undefined && !(Number.isInteger(input.oneOffBurdenFen) && input.oneOffBurdenFen >= 0)) {
    problems.push(problem('oneOffBurdenFen', 'burden_invalid'));
  }
  return {
    problems,
    application: {
      ...input,
      applicant: {
        name: name.ok ? name.value : input.applicant.name,
        idNumber: id.ok ? id.value : input.applicant.idNumber,
        phone: phone.ok ? phone.value : input.applicant.phone,
      },
      members,
    },
  };
}

export interface FileSummary {
  id: string;
  fileNumber: string;
  orgId: string;
  orgName: string;
  applicantName: string;
  applicantPhone: string;
  isMember: boolean;
  householdSize: number;
  causes: string[];
  category: HardshipCategory | null;
  computedCategory: HardshipCategory | null;
  status: FileStatus;
  channel: 'h5' | 'staff';
  noticeEndsOn: string | null;
  filedOn: string | null;
  reviewDueOn: string | null;
  closedOn: string | null;
  createdAt: Date;
}

export interface FileDetail extends FileSummary {
  applicantIdNumber: string;
  overrideReason: string | null;
  household: Omit<HouseholdDocument, 'members' | 'explanation' | 'bankAccount'> & {
    /** The bank and the account's last four digits only. */
    bankAccount: { bank: string; accountNo: string } | null;
    members: (Omit<HouseholdPerson, 'idNumber'> & { idNumber: string | null })[];
    /** The rule's reasons, each also as the sentence staff read. */
    explanation: (ExplanationStep & { text: string })[];
  };
  steps: { kind: string; actorName: string | null; reason: string | null; details: Record<string, unknown>; at: Date }[];
}

type FileRow = typeof hardshipFiles.$inferSelect;

/**
 * Opens a file. Staff enter it for a union of their subtree (`actor.kind = 'staff'`); a worker applies
 * from the H5 for their own union. The applicant's member record is found by 身份证号; a worker not yet a
 * member is invited to join by SMS.
 */
export async function applyForFile(
  p: Platform,
  actor: Actor,
  who: { scope: Scope } | { accountId: string },
  input: FileApplication,
  now = new Date(),
): Promise<FileSummary> {
  const today = shanghaiDay(now);
  const { problems, application } = checkApplication(input, today);
  if (problems.length > 0) throw hardshipErrors.invalid({ count: problems.length }, { errors: problems });
  return inTransaction(p.db, async (tx) => {
    let org: Org;
    if ('scope' in who) org = await getOrg(tx, who.scope, application.orgId);
    else {
      const member = await findMemberByAccount(tx, who.accountId);
      const own = member ? await findOrgById(tx, member.orgId) : await findOrgById(tx, application.orgId);
      if (!own) throw hardshipErrors.notFound();
      org = own;
    }
    const settings = await requireSettings(tx, org);
    const members = application.members;
    const total = householdIncomeFen(members);
    const perCapitaFen = perCapitaMonthlyFen(total, members.length);
    const classification = classifyHousehold(
      { perCapitaFen, causes: application.causes, members, oneOffBurdenFen: application.oneOffBurdenFen ?? 0, today },
      settings,
    );
    const [member] = await queryRows<{ id: string }>(
      tx,
      sql`select k.id from ${memberMatchKeys()} k where k.id_index = ${idIndexOf(p, application.applicant.idNumber)} and k.active limit 1`,
    );
    const [seq] = await queryRows<{ n: string }>(tx, sql`select nextval('hardship_file_no_seq') as n`);
    const number = fileNumber(org.regionCode.slice(0, 6).padEnd(6, '0'), shanghaiYear(today), Number(seq?.n ?? 0) % 1_000_000 || 1);
    const household: HouseholdDocument = {
      members,
      declaredSize: application.declaredSize,
      declaredMonthlyIncomeFen: application.declaredMonthlyIncomeFen,
      oneOffBurdenFen: application.oneOffBurdenFen ?? 0,
      address: application.address?.trim() || null,
      bankAccount: application.bankAccount
        ? { bank: application.bankAccount.bank.trim(), accountNo: application.bankAccount.accountNo.replace(/\s/g, '') }
        : null,
      perCapitaFen,
      lines: classification.lines,
      computedCategory: classification.category,
      explanation: classification.explanation,
      causes: application.causes,
    };
    const [row] = await tx
      .insert(hardshipFiles)
      .values({
        orgId: org.id,
        fileNumber: number,
        memberId: member?.id ?? null,
        ...encryptApplicant(p, application.applicant),
        householdCipher: encryptHousehold(p, household),
        householdSize: members.length,
        causes: application.causes.map((c) => c.cause),
        causeSince: application.causes,
        computedCategory: classification.category,
        category: classification.category,
        status: 'applied',
        channel: 'scope' in who ? 'staff' : 'h5',
      })
      .returning();
    if (!row) throw new Error('hardship: the insert returned no row');
    await holdHousehold(p, tx, row, members);
    await addStep(tx, actor, row.id, org.id, 'applied', null, { channel: row.channel, computedCategory: classification.category });
    await recordAudit(tx, actor, {
      action: 'hardship.apply',
      targetType: 'hardship_file',
      targetId: row.id,
      orgId: org.id,
      orgPath: org.path,
      details: { fileNumber: number },
    });
    if (!member) smsAfterCommit(tx, p, application.applicant.phone, 'hardship_invite', { org: org.name, number });
    return toSummary(p, row, org.name);
  });
}

/**
 * Claims every household member's 身份证号 for this open file. One already in an open file refuses the
 * whole file, naming that file; the unique index settles two applications racing for the same person.
 */
async function holdHousehold(p: Platform, tx: Tx, file: FileRow, members: HouseholdPerson[]): Promise<void> {
  const held = members.flatMap((m) => (m.idNumber ? [{ m, index: idIndexOf(p, m.idNumber) }] : []));
  const [taken] = await queryRows<{ file_number: string; org_id: string; id_index: Buffer }>(
    tx,
    sql`select f.file_number, f.org_id, h.id_index from ${hardshipHouseholdIds} h join ${hardshipFiles} f on f.id = h.file_id
        where h.open and h.id_index = any(${byteaArray(held.map(({ index }) => index))}::bytea[]) limit 1`,
  );
  if (taken) {
    const who = held.find(({ index }) => Buffer.compare(index, Buffer.from(taken.id_index)) === 0)?.m;
    const org = await findOrgById(tx, taken.org_id);
    throw hardshipErrors.fileOpen({ who: who ? maskName(who.name) : '', number: taken.file_number, org: org?.name ?? '' });
  }
  try {
    await tx.insert(hardshipHouseholdIds).values(held.map(({ index }) => ({ fileId: file.id, idIndex: index, open: true })));
  } catch (error) {
    if (uniqueViolation(error) === 'hardship_household_id_open_uq') throw hardshipErrors.fileOpen({ who: '', number: '', org: '' });
    throw error;
  }
}

/** What a periodic review finds of the household now: its people, incomes and causes as they stand. */
export interface HouseholdRecheck {
  /** A person already in the file may be given by `recordedIndex`, their place in its household. */
  members: (HouseholdPerson & { recordedIndex?: number | undefined })[];
  declaredSize: number;
  declaredMonthlyIncomeFen: number;
  causes: CauseEntry[];
  oneOffBurdenFen?: number;
}

/**
 * Re-checks a filed household (动态管理): the figures checked and classified again under the union's
 * threshold as it is today, the file's document and counted columns replaced, and its people's 身份证号
 * held again (a new member of the household already in another open file refuses the review). Answers
 * what the rule says now, for the review's step.
 */
export async function recheckHousehold(
  p: Platform,
  tx: Tx,
  row: FileRow,
  org: Org,
  input: HouseholdRecheck,
  today: string,
): Promise<{ computedCategory: HardshipCategory | null; perCapitaFen: number }> {
  const before = decryptHousehold(p, row.householdCipher);
  // People already in the file are named by their place in it: the console shows names and numbers
  // masked and cannot send them back, and a person's hold must not be lost by a re-check of incomes.
  const unknown: FieldProblem[] = [];
  const members = input.members.map((m, i): HouseholdPerson => {
    if (m.recordedIndex === undefined) return m;
    const recorded = before.members[m.recordedIndex];
    if (!recorded) {
      unknown.push(problem(`members.${i}.recordedIndex`, 'recorded_member_unknown'));
      return m;
    }
    const { recordedIndex: _index, ...rest } = m;
    return { ...rest, name: recorded.name, ...(recorded.idNumber ? { idNumber: recorded.idNumber } : {}) };
  });
  if (unknown.length > 0) throw hardshipErrors.invalid({ count: unknown.length }, { errors: unknown });
  const { problems, application } = checkApplication({ orgId: row.orgId, applicant: decryptApplicant(p, row), ...input, members }, today);
  if (problems.length > 0) throw hardshipErrors.invalid({ count: problems.length }, { errors: problems });
  const settings = await requireSettings(tx, org);
  const people = application.members;
  const perCapitaFen = perCapitaMonthlyFen(householdIncomeFen(people), people.length);
  const classification = classifyHousehold(
    { perCapitaFen, causes: application.causes, members: people, oneOffBurdenFen: application.oneOffBurdenFen ?? 0, today },
    settings,
  );
  const household: HouseholdDocument = {
    ...before,
    members: people,
    declaredSize: application.declaredSize,
    declaredMonthlyIncomeFen: application.declaredMonthlyIncomeFen,
    oneOffBurdenFen: application.oneOffBurdenFen ?? 0,
    perCapitaFen,
    lines: classification.lines,
    computedCategory: classification.category,
    explanation: classification.explanation,
    causes: application.causes,
  };
  await tx
    .update(hardshipFiles)
    .set({
      householdCipher: encryptHousehold(p, household),
      householdSize: people.length,
      causes: application.causes.map((c) => c.cause),
      causeSince: application.causes,
      computedCategory: classification.category,
    })
    .where(eq(hardshipFiles.id, row.id));
  await tx.delete(hardshipHouseholdIds).where(eq(hardshipHouseholdIds.fileId, row.id));
  await holdHousehold(p, tx, row, people);
  return { computedCategory: classification.category, perCapitaFen };
}

function toSummary(p: Platform, row: FileRow, orgName: string): FileSummary {
  const applicant = decryptApplicant(p, row);
  return {
    id: row.id,
    fileNumber: row.fileNumber,
    orgId: row.orgId,
    orgName,
    applicantName: maskName(applicant.name),
    applicantPhone: maskMobile(applicant.phone),
    isMember: row.memberId !== null,
    householdSize: row.householdSize,
    causes: row.causes,
    category: row.category,
    computedCategory: row.computedCategory,
    status: row.status,
    channel: row.channel,
    noticeEndsOn: row.noticeEndsOn,
    filedOn: row.filedOn,
    reviewDueOn: row.reviewDueOn,
    closedOn: row.closedOn,
    createdAt: row.createdAt,
  };
}

export async function addStep(
  tx: Tx,
  actor: Actor,
  fileId: string,
  orgId: string | null,
  kind: (typeof hardshipSteps.$inferInsert)['kind'],
  reason: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await tx
    .insert(hardshipSteps)
    .values({ fileId, kind, actorKind: actor.kind, actorId: actor.id, actorName: actor.name, orgId, reason, details });
}

/** A file of the scope's subtree (optionally locked for a step). */
export async function fileRow(db: Db, scope: Scope, id: string, forUpdate = false): Promise<FileRow> {
  const query = db
    .select()
    .from(hardshipFiles)
    .where(and(eq(hardshipFiles.id, id), sql`${hardshipFiles.orgId} in ${orgIdsInScope(scope)}`))
    .limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw hardshipErrors.notFound();
  return row;
}

/** A file as staff see it: personal data masked (a reveal is its own audited step), the household's figures and the reasons. */
export async function getFile(p: Platform, scope: Scope, id: string): Promise<FileDetail> {
  const row = await fileRow(p.db, scope, id);
  const org = await findOrgById(p.db, row.orgId);
  const household = decryptHousehold(p, row.householdCipher);
  const applicant = decryptApplicant(p, row);
  const steps = await p.db
    .select()
    .from(hardshipSteps)
    .where(eq(hardshipSteps.fileId, id))
    .orderBy(hardshipSteps.createdAt, hardshipSteps.id);
  return {
    ...toSummary(p, row, org?.name ?? ''),
    applicantIdNumber: maskIdNumber(applicant.idNumber),
    overrideReason: row.overrideReason,
    household: {
      ...household,
      members: household.members.map((m) => ({ ...m, name: maskName(m.name), idNumber: m.idNumber ? maskIdNumber(m.idNumber) : null })),
      explanation: household.explanation.map((step) => ({ ...step, text: t(step.key, step.params) })),
      bankAccount: household.bankAccount
        ? { bank: household.bankAccount.bank, accountNo: `**** ${household.bankAccount.accountNo.slice(-4)}` }
        : null,
    },
    steps: steps.map((s) => ({ kind: s.kind, actorName: s.actorName, reason: s.reason, details: s.details, at: s.createdAt })),
  };
}

export interface FileFilter {
  orgId?: string | undefined;
  status?: FileStatus | undefined;
  category?: HardshipCategory | undefined;
  review?: 'due' | 'overdue' | undefined;
  cursor?: string | undefined;
  limit: number;
}

export async function listFiles(
  p: Platform,
  scope: Scope,
  filter: FileFilter,
): Promise<{ items: FileSummary[]; nextCursor: string | null }> {
  const within = filter.orgId ? await getOrg(p.db, scope, filter.orgId).then((o) => ({ orgId: o.id, path: o.path })) : scope;
  const where: SQL[] = [sql`${hardshipFiles.orgId} in ${orgIdsInScope(within)}`];
  if (filter.status) where.push(eq(hardshipFiles.status, filter.status));
  if (filter.category) where.push(eq(hardshipFiles.category, filter.category));
  if (filter.review) {
    const today = shanghaiDay(new Date());
    where.push(eq(hardshipFiles.status, 'filed'));
    where.push(
      filter.review === 'overdue'
        ? sql`${hardshipFiles.reviewDueOn} < ${today}`
        : sql`${hardshipFiles.reviewDueOn} between ${today} and ${addMonths(today, 1)}`,
    );
  }
  const cursor = parseIdCursor(filter.cursor);
  if (cursor) where.push(lt(hardshipFiles.id, cursor));
  const rows = await p.db
    .select()
    .from(hardshipFiles)
    .where(and(...where))
    .orderBy(desc(hardshipFiles.id))
    .limit(filter.limit + 1);
  const { page, nextCursor } = pageAfter(rows, filter.limit);
  const names = await orgNamesByIds(
    p.db,
    page.map((r) => r.orgId),
  );
  return { items: page.map((r) => toSummary(p, r, names.get(r.orgId) ?? '')), nextCursor };
}

const PUBLIC_REASONS: ReadonlySet<string> = new Set(['reviewed', 'rejected', 'periodic_review', 'exited']);

/** The files a worker signed in with this phone applied for or is the applicant of, newest first. */
export async function ownFiles(
  p: Platform,
  phone: string | null,
): Promise<
  (FileSummary & {
    steps: { kind: string; at: Date; reason: string | null }[];
    aid: { itemName: string; amountFen: number; paidOn: string }[];
    evidence: { id: string; kind: EvidenceKind; name: string; contentType: string; createdAt: Date }[];
  })[]
> {
  if (!phone) return [];
  const rows = await p.db
    .select()
    .from(hardshipFiles)
    .where(eq(hardshipFiles.applicantPhoneIndex, phoneIndexOf(p, phone)))
    .orderBy(desc(hardshipFiles.id));
  if (rows.length === 0) return [];
  const names = await orgNamesByIds(
    p.db,
    rows.map((r) => r.orgId),
  );
  const steps = await p.db
    .select()
    .from(hardshipSteps)
    .where(
      inArray(
        hardshipSteps.fileId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(hardshipSteps.createdAt, hardshipSteps.id);
  const received = await aidReceived(
    p.db,
    rows.map((r) => r.id),
  );
  const evidence = await listEvidence(
    p.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    ...toSummary(p, r, names.get(r.orgId) ?? ''),
    aid: received.filter((a) => a.fileId === r.id).map(({ itemName, amountFen, paidOn }) => ({ itemName, amountFen, paidOn })),
    evidence: evidence
      .filter((e) => e.fileId === r.id)
      .map(({ id, kind, name, contentType, createdAt }) => ({ id, kind, name, contentType, createdAt })),
    // The worker sees the steps, not who of the staff took them; and the reasons of decisions only: a
    // visit's notes, an objection's words (which may name who objected) and a call-back's stay inside.
    steps: steps
      .filter((s) => s.fileId === r.id && s.kind !== 'callback')
      .map((s) => ({ kind: s.kind, at: s.createdAt, reason: PUBLIC_REASONS.has(s.kind) ? s.reason : null })),
  }));
}

export type { ExplanationStep };
