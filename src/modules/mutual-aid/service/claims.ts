// Claims (理赔): the member files in the H5 with the hospital's figures and invoice photos; the union
// reviews with a checklist — asks for more, approves with the computed payout, or rejects with a
// reason. A payout above the plan's amount, and a random share of the others, needs a second reviewer.
// What a claim pays is always the rule's (rules.ts payClaim) over the enrolment's cycle so far, computed
// under the enrolment's row lock so that two claims approved at once cannot both take the last time.
import { randomInt } from 'node:crypto';
import { and, asc, desc, eq, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { withinScope, type Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { getMemberAccountPhone } from '../../../platform/auth/member-sign-in.js';
import { smsAfterCommit } from '../../../platform/auth/sms.js';
import type { Platform } from '../../../platform/context.js';
import { maskIdNumber, maskName } from '../../../platform/crypto/mask.js';
import { inTransaction, queryRows, type Db, type Tx } from '../../../platform/db/tx.js';
import type { FieldProblem } from '../../../platform/errors/app-error.js';
import { t } from '../../../platform/i18n/i18n.js';
import { formatYuan } from '../../../platform/text/money.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { findMemberByAccount, getMembersByIds } from '#modules/members';
import { orgNamesByIds } from '#modules/orgs';
import { mutualAidErrors } from '../errors.js';
import { problem, ruleProblem } from './problems.js';
import {
  checkClaimFigures,
  payClaim,
  type ClaimFigures,
  type CycleHistory,
  type Payout,
  type PayoutLine,
  type RuleProblem,
} from '../rules.js';
import {
  COUNTED_STATUSES,
  mutualAidClaimNoSequence,
  mutualAidClaims,
  mutualAidClaimSteps,
  mutualAidEnrolments,
  type ClaimStatus,
} from '../schema.js';
import { decryptInsured, decryptMedical, encryptMedical, type MedicalDocument } from './crypto.js';
import { loadPlan, loadPlans, type Plan } from './plans.js';

/** What a reviewer ticks before approving: each must be checked. */
export const REVIEW_CHECKLIST = ['identity', 'enrolment', 'invoice', 'discharge_summary', 'amounts', 'bank_account'] as const;
export type ChecklistItem = (typeof REVIEW_CHECKLIST)[number];

export interface ClaimFiling {
  enrolmentId: string;
  admittedOn: string;
  dischargedOn?: string | null | undefined;
  figures: ClaimFigures;
  hospital: string;
  diagnosis: string;
  disease?: { code: string; grade: number } | null | undefined;
  bankAccount: { bank: string; accountNo: string };
}

export interface ClaimSummary {
  id: string;
  claimNo: string;
  planId: string;
  planName: string;
  enrolmentId: string;
  orgId: string;
  orgName: string;
  source: 'member' | 'hospital';
  insuredName: string;
  admittedOn: string;
  dischargedOn: string | null;
  figures: ClaimFigures;
  status: ClaimStatus;
  payoutFen: number;
  lines: PayoutLine[];
  needsSecondReview: boolean;
  sampled: boolean;
  batchId: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

export interface ClaimStep {
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorType: string;
  actorName: string | null;
  reason: string | null;
  checklist: Record<string, boolean> | null;
  createdAt: Date;
}

type ClaimRow = typeof mutualAidClaims.$inferSelect;
type EnrolmentRow = typeof mutualAidEnrolments.$inferSelect;
type Crypto = Pick<Platform, 'cipher' | 'blindIndex'>;

function ruleRefusal(problems: RuleProblem[]) {
  const errors = problems.map(ruleProblem);
  return mutualAidErrors.claimRefused({ reasons: errors.map((e) => e.message).join('；') }, { errors });
}

export const figuresOf = (r: Pick<ClaimRow, 'totalFen' | 'inScopeSelfPaidFen' | 'aboveCeilingFen' | 'selfPaidFen'>): ClaimFigures => ({
  totalFen: r.totalFen,
  inScopeSelfPaidFen: r.inScopeSelfPaidFen,
  aboveCeilingFen: r.aboveCeilingFen,
  selfPaidFen: r.selfPaidFen,
});

/** What the enrolment's other counted claims have used of each benefit this cycle. */
export async function cycleHistory(tx: Db, enrolmentId: string, exceptClaimId: string | null): Promise<CycleHistory> {
  const rows = await tx
    .select({ lines: mutualAidClaims.lines })
    .from(mutualAidClaims)
    .where(
      and(
        eq(mutualAidClaims.enrolmentId, enrolmentId),
        inArray(mutualAidClaims.status, HISTORY_STATUSES),
        exceptClaimId ? ne(mutualAidClaims.id, exceptClaimId) : undefined,
      ),
    );
  return tallyHistory(rows.map((r) => r.lines));
}

/** The claims that count against a cycle's benefits: decided or settled, and those awaiting their second review. */
export const HISTORY_STATUSES: ClaimStatus[] = [...COUNTED_STATUSES, 'second_review'];

/** What a cycle's claims (their payout lines) have used of each benefit. */
export function tallyHistory(claims: readonly (readonly PayoutLine[])[]): CycleHistory {
  const history: CycleHistory = {};
  for (const lines of claims) {
    for (const line of lines) {
      const used = history[line.kind] ?? { times: 0, paidFen: 0 };
      history[line.kind] = { times: used.times + 1, paidFen: used.paidFen + line.payoutFen };
    }
  }
  return history;
}

/** The rule's payout for a claim on a locked enrolment. */
export async function computePayout(
  tx: Db,
  plan: Plan,
  enrolment: EnrolmentRow,
  claim: { id: string | null; admittedOn: string; figures: ClaimFigures; disease?: { code: string; grade: number } | null | undefined },
): Promise<Payout> {
  return payoutOn(plan, enrolment, claim, await cycleHistory(tx, enrolment.id, claim.id));
}

/** The rule's payout for a claim, given what the enrolment's other claims have used this cycle. */
export function payoutOn(
  plan: Pick<Plan, 'rule'>,
  enrolment: Pick<EnrolmentRow, 'status' | 'enrolledOn' | 'cycleStart' | 'cycleEnd' | 'shares'>,
  claim: { admittedOn: string; figures: ClaimFigures; disease?: { code: string; grade: number } | null | undefined },
  history: CycleHistory,
): Payout {
  if (enrolment.status !== 'active' || !enrolment.enrolledOn) return { ok: false, problems: [{ code: 'not_enrolled' }] };
  return payClaim(
    plan.rule,
    { enrolledOn: enrolment.enrolledOn, cycle: { start: enrolment.cycleStart, end: enrolment.cycleEnd }, shares: enrolment.shares },
    {
      on: claim.admittedOn,
      figures: claim.figures,
      diagnosis: claim.disease ? { disease: claim.disease.code, grade: claim.disease.grade } : undefined,
    },
    history,
  );
}

/** A claim's number: JS (a hospital's settlement) or LP (a member's claim), the day, and the sequence's next value. */
export const claimNoOf = (source: 'member' | 'hospital', now: Date, n: number | string): string =>
  `${claimNoPrefix(source, now)}${String(n).padStart(7, '0')}`;

export const claimNoPrefix = (source: 'member' | 'hospital', now: Date): string =>
  `${source === 'hospital' ? 'JS' : 'LP'}${shanghaiDay(now).replaceAll('-', '')}`;

export async function nextClaimNo(tx: Tx, source: 'member' | 'hospital', now: Date): Promise<string> {
  const [row] = await queryRows<{ n: string }>(tx, sql`select nextval(${sql.raw(`'${mutualAidClaimNoSequence.seqName}'`)})::text as n`);
  return claimNoOf(source, now, row?.n ?? '0');
}

export async function writeStep(
  tx: Tx,
  actor: Actor,
  claimId: string,
  step: {
    action: (typeof mutualAidClaimSteps.$inferInsert)['action'];
    from: string | null;
    to: string;
    reason?: string | null;
    checklist?: Record<string, boolean> | null;
  },
): Promise<void> {
  await tx.insert(mutualAidClaimSteps).values({
    claimId,
    action: step.action,
    fromStatus: step.from,
    toStatus: step.to,
    actorType: actor.kind,
    actorId: actor.id ?? actor.name ?? 'system',
    actorName: actor.name,
    reason: step.reason ?? null,
    checklist: step.checklist ?? null,
  });
}

async function lockEnrolment(tx: Tx, enrolmentId: string): Promise<EnrolmentRow> {
  const [row] = await tx.select().from(mutualAidEnrolments).where(eq(mutualAidEnrolments.id, enrolmentId)).for('update');
  if (!row) throw mutualAidErrors.enrolmentNotFound();
  return row;
}

function checkFiling(input: ClaimFiling, today: string): FieldProblem[] {
  const problems: FieldProblem[] = checkClaimFigures(input.figures).map(ruleProblem);
  if (input.admittedOn > today) problems.push(problem('admittedOn', 'date_future'));
  if (input.dischargedOn && input.dischargedOn < input.admittedOn) problems.push(problem('dischargedOn', 'discharge_before_admission'));
  if (input.dischargedOn && input.dischargedOn > today) problems.push(problem('dischargedOn', 'date_future'));
  if (!/^\d{12,19}$/.test(input.bankAccount.accountNo.replace(/[\s-]/g, ''))) {
    problems.push(problem('bankAccount.accountNo', 'bank_account_invalid'));
  }
  return problems;
}

/** A member files a claim on their own enrolment (or their wife's): refused at once when the rule already says no. */
export async function fileClaim(
  db: Db,
  p: Platform,
  actor: Actor,
  accountId: string,
  input: ClaimFiling,
  now: Date,
): Promise<ClaimSummary> {
  const member = await findMemberByAccount(db, accountId);
  if (!member) throw mutualAidErrors.notMember();
  const problems = checkFiling(input, shanghaiDay(now));
  if (problems.length > 0) throw mutualAidErrors.invalid({ count: problems.length }, { errors: problems });
  const id = await inTransaction(db, async (tx) => {
    const enrolment = await lockEnrolment(tx, input.enrolmentId);
    if (enrolment.memberId !== member.id || enrolment.status !== 'active') throw mutualAidErrors.enrolmentNotFound();
    const plan = await loadPlan(tx, enrolment.planId);
    const payout = await computePayout(tx, plan, enrolment, {
      id: null,
      admittedOn: input.admittedOn,
      figures: input.figures,
      disease: input.disease,
    });
    if (!payout.ok) throw ruleRefusal(payout.problems);
    const medical: MedicalDocument = {
      hospital: input.hospital.trim(),
      diagnosis: input.diagnosis.trim(),
      disease: input.disease ?? null,
      bankAccount: { bank: input.bankAccount.bank.trim(), accountNo: input.bankAccount.accountNo.replace(/[\s-]/g, '') },
    };
    const [row] = await tx
      .insert(mutualAidClaims)
      .values({
        claimNo: await nextClaimNo(tx, 'member', now),
        planId: plan.id,
        enrolmentId: enrolment.id,
        orgId: enrolment.orgId,
        orgPath: enrolment.orgPath,
        source: 'member',
        admittedOn: input.admittedOn,
        dischargedOn: input.dischargedOn ?? null,
        ...input.figures,
        medicalCipher: encryptMedical(p, medical),
        status: 'submitted',
        payoutFen: payout.payoutFen,
        lines: payout.lines,
      })
      .returning({ id: mutualAidClaims.id, claimNo: mutualAidClaims.claimNo });
    if (!row) throw new Error('mutual-aid: the claim insert returned no row');
    await writeStep(tx, actor, row.id, { action: 'filed', from: null, to: 'submitted' });
    smsAfterCommit(tx, p, await getMemberAccountPhone({ db: tx, cipher: p.cipher }, accountId), 'mutual_aid_claim', {
      number: row.claimNo,
      status: t('mutual-aid.claim_status.submitted'),
    });
    return row.id;
  });
  return (await claimSummaries(db, p, [id]))[0] as ClaimSummary;
}

/** The member answers a request for more: new figures if they changed, then the claim goes back for review. */
export async function refileClaim(
  db: Db,
  p: Platform,
  actor: Actor,
  accountId: string,
  claimId: string,
  note: string | null,
): Promise<ClaimSummary> {
  const member = await findMemberByAccount(db, accountId);
  if (!member) throw mutualAidErrors.notMember();
  await inTransaction(db, async (tx) => {
    const claim = await memberClaimRow(tx, member.id, claimId, true);
    if (claim.status !== 'more_info') throw mutualAidErrors.claimStepRefused({ status: t(`mutual-aid.claim_status.${claim.status}`) });
    await tx.update(mutualAidClaims).set({ status: 'submitted' }).where(eq(mutualAidClaims.id, claim.id));
    await writeStep(tx, actor, claim.id, { action: 'refiled', from: claim.status, to: 'submitted', reason: note });
  });
  return (await claimSummaries(db, p, [claimId]))[0] as ClaimSummary;
}

async function memberClaimRow(tx: Db, memberId: string, claimId: string, lock = false): Promise<ClaimRow> {
  const query = tx
    .select({ claim: mutualAidClaims })
    .from(mutualAidClaims)
    .innerJoin(mutualAidEnrolments, eq(mutualAidEnrolments.id, mutualAidClaims.enrolmentId))
    .where(and(eq(mutualAidClaims.id, claimId), eq(mutualAidEnrolments.memberId, memberId)));
  const [row] = lock ? await query.for('update', { of: mutualAidClaims }) : await query;
  if (!row) throw mutualAidErrors.claimNotFound();
  return row.claim;
}

/** A claim in the staff member's subtree (by the insured member's union), locked for a decision. */
async function staffClaimRow(tx: Db, scope: Scope, claimId: string, lock = false): Promise<ClaimRow> {
  const query = tx
    .select()
    .from(mutualAidClaims)
    .where(and(eq(mutualAidClaims.id, claimId), withinScope(mutualAidClaims.orgPath, scope)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw mutualAidErrors.claimNotFound();
  return row;
}

export type ReviewDecision =
  | { action: 'ask_more'; reason: string; checklist?: Record<string, boolean> | undefined }
  | { action: 'approve'; checklist: Record<string, boolean> }
  | { action: 'reject'; reason: string; checklist?: Record<string, boolean> | undefined };

const REVIEWABLE: readonly ClaimStatus[] = ['submitted', 'second_review'];

/**
 * A reviewer's decision on a member's claim. Approving re-computes the payout under the enrolment's
 * lock; a payout above the plan's amount, or a claim drawn in the sample, waits for a second reviewer,
 * who must be someone else and approves (or rejects) in turn.
 */
export async function reviewClaim(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  claimId: string,
  decision: ReviewDecision,
  draw: (pct: number) => boolean = (pct) => randomInt(100) < pct,
): Promise<ClaimSummary> {
  await inTransaction(db, async (tx) => {
    const first = await staffClaimRow(tx, scope, claimId);
    if (first.source !== 'member') throw mutualAidErrors.claimStepRefused({ status: t(`mutual-aid.claim_status.${first.status}`) });
    // The enrolment first, then the claim: the order every use case that touches both takes.
    const enrolment = await lockEnrolment(tx, first.enrolmentId);
    const claim = await staffClaimRow(tx, scope, claimId, true);
    const refused = () => mutualAidErrors.claimStepRefused({ status: t(`mutual-aid.claim_status.${claim.status}`) });
    if (!REVIEWABLE.includes(claim.status) && !(decision.action === 'reject' && claim.status === 'more_info')) throw refused();
    const second = claim.status === 'second_review';
    if (second && claim.firstReviewerId === actor.id) throw mutualAidErrors.secondReviewer();
    if (second && decision.action === 'ask_more') throw refused();
    const plan = await loadPlan(tx, claim.planId);
    let to: ClaimStatus;
    let set: Partial<typeof mutualAidClaims.$inferInsert> = {};
    if (decision.action === 'approve') {
      const missing = REVIEW_CHECKLIST.filter((item) => decision.checklist[item] !== true);
      if (missing.length > 0) {
        throw mutualAidErrors.checklistIncomplete(
          { items: missing.map((m) => t(`mutual-aid.checklist.${m}`)).join('、') },
          { errors: missing.map((m) => problem(`checklist.${m}`, 'checklist_item', { item: t(`mutual-aid.checklist.${m}`) })) },
        );
      }
      const medical = decryptMedical(p, claim.medicalCipher);
      const payout = await computePayout(tx, plan, enrolment, {
        id: claim.id,
        admittedOn: claim.admittedOn,
        figures: figuresOf(claim),
        disease: medical.disease,
      });
      if (!payout.ok) throw ruleRefusal(payout.problems);
      if (second) {
        to = 'approved';
      } else {
        const above = payout.payoutFen > plan.secondReviewAboveFen;
        const sampled = !above && draw(plan.samplePct);
        to = above || sampled ? 'second_review' : 'approved';
        set = { needsSecondReview: above, sampled, firstReviewerId: actor.id };
      }
      set = { ...set, payoutFen: payout.payoutFen, lines: payout.lines };
    } else {
      to = decision.action === 'reject' ? 'rejected' : 'more_info';
    }
    if (to === 'approved' || to === 'rejected') set.decidedAt = new Date();
    await tx
      .update(mutualAidClaims)
      .set({ ...set, status: to })
      .where(eq(mutualAidClaims.id, claim.id));
    await writeStep(tx, actor, claim.id, {
      action: decision.action === 'approve' ? (second ? 'second_approve' : 'approve') : decision.action,
      from: claim.status,
      to,
      reason: 'reason' in decision ? decision.reason : null,
      checklist: decision.checklist ?? null,
    });
    await recordAudit(tx, actor, {
      action: `mutual-aid.claim.${decision.action}`,
      targetType: 'mutual_aid_claim',
      targetId: claim.id,
      orgId: claim.orgId,
      orgPath: claim.orgPath,
      ...('reason' in decision ? { reason: decision.reason } : {}),
      details: { claimNo: claim.claimNo, from: claim.status, to, payoutFen: set.payoutFen ?? claim.payoutFen },
    });
    if (to !== 'second_review') {
      const [member] = await getMembersByIds(tx, [enrolment.memberId]);
      const phone = member?.accountId ? await getMemberAccountPhone({ db: tx, cipher: p.cipher }, member.accountId) : null;
      smsAfterCommit(tx, p, phone, 'mutual_aid_claim', {
        number: claim.claimNo,
        status:
          to === 'approved'
            ? t('mutual-aid.sms.approved', { amount: formatYuan(set.payoutFen ?? claim.payoutFen) })
            : t(`mutual-aid.claim_status.${to}`),
      });
    }
  });
  return (await claimSummaries(db, p, [claimId]))[0] as ClaimSummary;
}

export async function claimSummaries(db: Db, p: Crypto, ids: readonly string[]): Promise<ClaimSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ claim: mutualAidClaims, nameCipher: mutualAidEnrolments.nameCipher, idNumberCipher: mutualAidEnrolments.idNumberCipher })
    .from(mutualAidClaims)
    .innerJoin(mutualAidEnrolments, eq(mutualAidEnrolments.id, mutualAidClaims.enrolmentId))
    .where(inArray(mutualAidClaims.id, [...ids]));
  return toSummaries(db, p, rows, ids);
}

async function toSummaries(
  db: Db,
  p: Crypto,
  rows: { claim: ClaimRow; nameCipher: Buffer; idNumberCipher: Buffer }[],
  order?: readonly string[],
): Promise<ClaimSummary[]> {
  const plans = await loadPlans(
    db,
    rows.map((r) => r.claim.planId),
  );
  const orgNames = await orgNamesByIds(
    db,
    rows.map((r) => r.claim.orgId),
  );
  const summaries = rows.map(({ claim, nameCipher, idNumberCipher }) => ({
    id: claim.id,
    claimNo: claim.claimNo,
    planId: claim.planId,
    planName: plans.get(claim.planId)?.name ?? '',
    enrolmentId: claim.enrolmentId,
    orgId: claim.orgId,
    orgName: orgNames.get(claim.orgId) ?? '',
    source: claim.source,
    insuredName: maskName(decryptInsured(p, { nameCipher, idNumberCipher }).name),
    admittedOn: claim.admittedOn,
    dischargedOn: claim.dischargedOn,
    figures: figuresOf(claim),
    status: claim.status,
    payoutFen: claim.payoutFen,
    lines: claim.lines,
    needsSecondReview: claim.needsSecondReview,
    sampled: claim.sampled,
    batchId: claim.batchId,
    createdAt: claim.createdAt,
    decidedAt: claim.decidedAt,
  }));
  if (!order) return summaries;
  const byId = new Map(summaries.map((s) => [s.id, s]));
  return order.flatMap((id) => byId.get(id) ?? []);
}

export interface ClaimFilter {
  planId?: string | undefined;
  status?: ClaimStatus | undefined;
  source?: 'member' | 'hospital' | undefined;
  orgId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** The claims of the staff member's subtree, newest first, a page at a time. */
export async function listClaims(db: Db, p: Crypto, scope: Scope, filter: ClaimFilter) {
  const conditions: SQL[] = [withinScope(mutualAidClaims.orgPath, scope)];
  if (filter.planId) conditions.push(eq(mutualAidClaims.planId, filter.planId));
  if (filter.status) conditions.push(eq(mutualAidClaims.status, filter.status));
  if (filter.source) conditions.push(eq(mutualAidClaims.source, filter.source));
  if (filter.orgId) conditions.push(sql`${mutualAidClaims.orgPath} like ${`%/${filter.orgId}/%`}`);
  if (filter.cursor) conditions.push(lt(mutualAidClaims.id, filter.cursor));
  const rows = await db
    .select({ claim: mutualAidClaims, nameCipher: mutualAidEnrolments.nameCipher, idNumberCipher: mutualAidEnrolments.idNumberCipher })
    .from(mutualAidClaims)
    .innerJoin(mutualAidEnrolments, eq(mutualAidEnrolments.id, mutualAidClaims.enrolmentId))
    .where(and(...conditions))
    .orderBy(desc(mutualAidClaims.id))
    .limit(filter.limit + 1);
  const items = await toSummaries(db, p, rows.slice(0, filter.limit));
  return { items, nextCursor: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null };
}

async function stepsOf(db: Db, claimId: string): Promise<ClaimStep[]> {
  return db
    .select({
      action: mutualAidClaimSteps.action,
      fromStatus: mutualAidClaimSteps.fromStatus,
      toStatus: mutualAidClaimSteps.toStatus,
      actorType: mutualAidClaimSteps.actorType,
      actorName: mutualAidClaimSteps.actorName,
      reason: mutualAidClaimSteps.reason,
      checklist: mutualAidClaimSteps.checklist,
      createdAt: mutualAidClaimSteps.createdAt,
    })
    .from(mutualAidClaimSteps)
    .where(eq(mutualAidClaimSteps.claimId, claimId))
    .orderBy(asc(mutualAidClaimSteps.createdAt), asc(mutualAidClaimSteps.id));
}

/**
 * A claim as its reviewer opens it: the medical facts and the bank account decrypted, which is reading
 * personal data (audited); with the enrolment, what the cycle has used, and the steps so far.
 */
export async function claimDetail(db: Db, p: Platform, actor: Actor, scope: Scope, claimId: string) {
  const claim = await staffClaimRow(db, scope, claimId);
  const [summary] = await claimSummaries(db, p, [claim.id]);
  const [enrolment] = await db.select().from(mutualAidEnrolments).where(eq(mutualAidEnrolments.id, claim.enrolmentId));
  if (!summary || !enrolment) throw mutualAidErrors.claimNotFound();
  const insured = decryptInsured(p, enrolment);
  const medical = decryptMedical(p, claim.medicalCipher);
  await inTransaction(db, (tx) =>
    recordAudit(tx, actor, {
      action: 'mutual-aid.claim.view',
      targetType: 'mutual_aid_claim',
      targetId: claim.id,
      orgId: claim.orgId,
      orgPath: claim.orgPath,
    }),
  );
  const history = await cycleHistory(db, enrolment.id, claim.id);
  // A claim still to be decided shows what approving it would pay now: another claim of the cycle may
  // have been approved since it was filed. (Approving computes it again under the enrolment's lock.)
  const open = (['submitted', 'more_info', 'second_review'] as ClaimStatus[]).includes(claim.status);
  const now = open
    ? await computePayout(db, await loadPlan(db, claim.planId), enrolment, {
        id: claim.id,
        admittedOn: claim.admittedOn,
        figures: figuresOf(claim),
        disease: medical.disease,
      })
    : null;
  return {
    ...summary,
    ...(now?.ok ? { payoutFen: now.payoutFen, lines: now.lines } : {}),
    /** Why approving it now would be refused (the rule's words), or null. */
    refusal: now && !now.ok ? now.problems.map(ruleProblem) : null,
    insured: {
      name: insured.name,
      idNumberMasked: maskIdNumber(insured.idNumber),
      relation: enrolment.relation,
      shares: enrolment.shares,
      certificateNo: enrolment.certificateNo,
      enrolledOn: enrolment.enrolledOn,
      cycleStart: enrolment.cycleStart,
      cycleEnd: enrolment.cycleEnd,
    },
    medical: {
      hospital: medical.hospital,
      diagnosis: medical.diagnosis,
      disease: medical.disease ?? null,
      bankAccount: medical.bankAccount
        ? { bank: medical.bankAccount.bank, accountNoMasked: `**** ${medical.bankAccount.accountNo.slice(-4)}` }
        : null,
    },
    used: Object.entries(history).map(([kind, used]) => ({ kind, times: used.times, paidFen: used.paidFen })),
    firstReviewerId: claim.firstReviewerId,
    steps: await stepsOf(db, claim.id),
  };
}

/** A member's own claims, newest first, with each one's steps (the reasons of its decisions). */
export async function memberClaims(db: Db, p: Crypto, accountId: string) {
  const member = await findMemberByAccount(db, accountId);
  if (!member) throw mutualAidErrors.notMember();
  const rows = await db
    .select({ claim: mutualAidClaims, nameCipher: mutualAidEnrolments.nameCipher, idNumberCipher: mutualAidEnrolments.idNumberCipher })
    .from(mutualAidClaims)
    .innerJoin(mutualAidEnrolments, eq(mutualAidEnrolments.id, mutualAidClaims.enrolmentId))
    .where(
      and(eq(mutualAidEnrolments.memberId, member.id), or(eq(mutualAidClaims.source, 'member'), eq(mutualAidClaims.status, 'settled'))),
    )
    .orderBy(desc(mutualAidClaims.id))
    .limit(100);
  const summaries = await toSummaries(db, p, rows);
  return Promise.all(summaries.map(async (s) => ({ ...s, steps: await stepsOf(db, s.id) })));
}

/** The member's own claim, for the H5 to upload to. */
export async function memberClaimForUpload(db: Db, accountId: string, claimId: string): Promise<ClaimRow> {
  const member = await findMemberByAccount(db, accountId);
  if (!member) throw mutualAidErrors.notMember();
  return memberClaimRow(db, member.id, claimId);
}

export { staffClaimRow };
