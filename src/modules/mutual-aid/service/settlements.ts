// 一单式 settlement: at discharge the hospital sends the patient's 身份证号 and the insurance settlement's
// figures; the platform answers at once with the payout the hospital deducts from the bill, and keeps
// it as a settled claim. A re-settlement (the same 结算单号 sent again with corrected figures) cancels
// the first and settles anew, in one transaction. Each day's settlements are reconciled per hospital,
// and the union pays the hospital the day's total from the plan's fund.
import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { pathInScope, type PartnerPrincipal, type Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { checkIdNumber } from '../../../platform/crypto/validators.js';
import { pgArray } from '../../../platform/db/arrays.js';
import { uuidv7 } from '../../../platform/db/columns.js';
import { uniqueViolation } from '../../../platform/db/errors.js';
import { inTransaction, queryRows, type Db, type Tx } from '../../../platform/db/tx.js';
import { t } from '../../../platform/i18n/i18n.js';
import { disburse } from '#modules/funds';
import { getPartnerNames } from '#modules/partners';
import { mutualAidErrors } from '../errors.js';
import { checkClaimFigures, type ClaimFigures, type PayoutLine, type RuleProblem } from '../rules.js';
import { problem, ruleProblem } from './problems.js';
import type { FieldProblem } from '../../../platform/errors/app-error.js';
import { mutualAidClaims, mutualAidEnrolments, mutualAidReconciliations } from '../schema.js';
import { maskName } from '../../../platform/crypto/mask.js';
import { computePayout, nextClaimNo, writeStep } from './claims.js';
import { decryptInsured, encryptMedical, idIndexOf } from './crypto.js';
import { loadPlan, loadPlans, runsPlan, type Plan } from './plans.js';

export interface SettlementInput {
  idNumber: string;
  name: string;
  /** The hospital's settlement number (结算单号): sending it again re-settles. */
  settlementRef: string;
  admittedOn: string;
  dischargedOn: string;
  figures: ClaimFigures;
  diagnosis?: string | null | undefined;
}

export interface Settlement {
  settlementId: string;
  claimNo: string;
  settlementRef: string;
  planName: string;
  certificateNo: string | null;
  insuredName: string;
  payoutFen: number;
  lines: PayoutLine[];
  /** The settlement this one replaced (a re-settlement), or null. */
  replaces: string | null;
  settledAt: string;
}

/** The patient pays in full: not covered, or the rule pays nothing for this stay. */
function refused(rule: RuleProblem) {
  const error = ruleProblem(rule);
  return mutualAidErrors.notCovered({ reason: error.message }, { errors: [error] });
}

const invalid = (...errors: FieldProblem[]) => mutualAidErrors.invalid({ count: errors.length }, { errors });

/**
 * Settles one discharge for a hospital partner, in the caller's transaction (the idempotency record's).
 * The patient is found by the blind index of their 身份证号 among the active enrolments of the plans run
 * above the hospital's union whose cycle holds the admission day.
 */
export async function settle(
  tx: Tx,
  p: Pick<Platform, 'cipher' | 'blindIndex'>,
  partner: PartnerPrincipal,
  input: SettlementInput,
  now: Date,
): Promise<Settlement> {
  if (partner.partnerKind !== 'hospital') throw mutualAidErrors.notHospital();
  const id = checkIdNumber(input.idNumber, now);
  if (!id.ok) throw invalid(problem('idNumber', `id_number_${id.problem}`));
  const figures = checkClaimFigures(input.figures);
  if (figures.length > 0) throw invalid(...figures.map(ruleProblem));
  if (input.dischargedOn < input.admittedOn) throw invalid(problem('dischargedOn', 'discharge_before_admission'));
  const candidates = await tx
    .select()
    .from(mutualAidEnrolments)
    .where(
      and(
        eq(mutualAidEnrolments.idIndex, idIndexOf(p, id.value)),
        eq(mutualAidEnrolments.status, 'active'),
        sql`${mutualAidEnrolments.cycleStart} <= ${input.admittedOn}`,
        sql`${mutualAidEnrolments.cycleEnd} >= ${input.admittedOn}`,
      ),
    )
    // Locked as they are found, in id order: the enrolment's lock orders this settlement with any
    // other claim on the same person, and takes no second statement.
    .orderBy(asc(mutualAidEnrolments.id))
    .for('update');
  const plans = await loadPlans(
    tx,
    candidates.map((c) => c.planId),
  );
  const reachable = candidates.filter((c) => {
    const plan = plans.get(c.planId);
    return plan !== undefined && partner.orgPath.startsWith(plan.orgPath);
  });
  const chosen = reachable[0];
  if (!chosen) throw refused({ code: 'not_covered' });
  const plan = plans.get(chosen.planId) as Plan;
  const enrolment = chosen;
  const [earlier] = await tx
    .select()
    .from(mutualAidClaims)
    .where(
      and(
        eq(mutualAidClaims.partnerId, partner.partnerId),
        eq(mutualAidClaims.settlementRef, input.settlementRef),
        eq(mutualAidClaims.source, 'hospital'),
        eq(mutualAidClaims.status, 'settled'),
      ),
    )
    .for('update');
  if (earlier && earlier.enrolmentId !== enrolment.id) throw invalid(problem('settlementRef', 'settlement_ref_other_patient'));
  const payout = await computePayout(tx, plan, enrolment, {
    id: earlier?.id ?? null,
    admittedOn: input.admittedOn,
    figures: input.figures,
  });
  if (!payout.ok) throw refused(payout.problems[0] ?? { code: 'nothing_covered' });
  if (earlier && sameSettlement(earlier, input)) {
    throw mutualAidErrors.settlementDuplicate({ ref: input.settlementRef, claimNo: earlier.claimNo });
  }
  const actor: Actor = {
    kind: 'partner',
    id: partner.partnerId,
    name: partner.partnerName,
    orgId: partner.orgId,
    orgPath: partner.orgPath,
    requestId: null,
    ip: null,
  };
  const settlementId = uuidv7();
  if (earlier) {
    // The first settlement steps aside before the new one takes its place under the unique index.
    await tx.update(mutualAidClaims).set({ status: 'cancelled', cancelledById: settlementId }).where(eq(mutualAidClaims.id, earlier.id));
  }
  let row: { id: string; claimNo: string } | undefined;
  try {
    [row] = await tx
      .insert(mutualAidClaims)
      .values({
        id: settlementId,
        claimNo: await nextClaimNo(tx, 'hospital', now),
        planId: plan.id,
        enrolmentId: enrolment.id,
        orgId: enrolment.orgId,
        orgPath: enrolment.orgPath,
        source: 'hospital',
        partnerId: partner.partnerId,
        settlementRef: input.settlementRef,
        admittedOn: input.admittedOn,
        dischargedOn: input.dischargedOn,
        ...input.figures,
        medicalCipher: encryptMedical(p, { hospital: partner.partnerName, diagnosis: input.diagnosis?.trim() ?? '' }),
        status: 'settled',
        payoutFen: payout.payoutFen,
        lines: payout.lines,
        decidedAt: now,
        createdAt: now,
      })
      .returning({ id: mutualAidClaims.id, claimNo: mutualAidClaims.claimNo });
  } catch (error) {
    // The same settlement sent twice at once under two keys: the enrolment's lock orders them, but a
    // patient found under two plans takes two locks; the unique index lets one through.
    if (uniqueViolation(error) === 'mutual_aid_claim_settlement_uq') {
      throw mutualAidErrors.settlementDuplicate({ ref: input.settlementRef, claimNo: '—' });
    }
    throw error;
  }
  if (!row) throw new Error('mutual-aid: the settlement insert returned no row');
  if (earlier) {
    await writeStep(tx, actor, earlier.id, {
      action: 'cancel',
      from: 'settled',
      to: 'cancelled',
      reason: t('mutual-aid.resettled', { claimNo: row.claimNo }),
    });
  }
  await writeStep(tx, actor, row.id, { action: 'settle', from: null, to: 'settled' });
  return {
    settlementId: row.id,
    claimNo: row.claimNo,
    settlementRef: input.settlementRef,
    planName: plan.name,
    certificateNo: enrolment.certificateNo,
    insuredName: maskName(decryptInsured(p, enrolment).name),
    payoutFen: payout.payoutFen,
    lines: payout.lines,
    replaces: earlier?.id ?? null,
    settledAt: now.toISOString(),
  };
}

/** The same discharge sent again with the same figures: a duplicate, not a correction. */
function sameSettlement(earlier: typeof mutualAidClaims.$inferSelect, input: SettlementInput): boolean {
  return (
    earlier.admittedOn === input.admittedOn &&
    earlier.dischargedOn === input.dischargedOn &&
    earlier.totalFen === input.figures.totalFen &&
    earlier.inScopeSelfPaidFen === input.figures.inScopeSelfPaidFen &&
    earlier.aboveCeilingFen === input.figures.aboveCeilingFen &&
    earlier.selfPaidFen === input.figures.selfPaidFen
  );
}

/** The day (Asia/Shanghai) as the instants it spans. */
function dayBounds(day: string): { from: Date; to: Date } {
  const from = new Date(`${day}T00:00:00+08:00`);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

export interface ReconciliationLine {
  settlementId: string;
  claimNo: string;
  settlementRef: string;
  status: 'settled' | 'cancelled';
  payoutFen: number;
  totalFen: number;
  admittedOn: string;
  dischargedOn: string | null;
  settledAt: Date;
  replacedBy: string | null;
}

/** A hospital's own settlements of a day, each as it stands now, with the day's totals. */
export async function hospitalDay(db: Db, partner: PartnerPrincipal, day: string) {
  if (partner.partnerKind !== 'hospital') throw mutualAidErrors.notHospital();
  const { from, to } = dayBounds(day);
  const rows = await db
    .select()
    .from(mutualAidClaims)
    .where(
      and(
        eq(mutualAidClaims.partnerId, partner.partnerId),
        eq(mutualAidClaims.source, 'hospital'),
        gte(mutualAidClaims.createdAt, from),
        lt(mutualAidClaims.createdAt, to),
      ),
    )
    .orderBy(asc(mutualAidClaims.createdAt), asc(mutualAidClaims.id));
  const lines: ReconciliationLine[] = rows.map((r) => ({
    settlementId: r.id,
    claimNo: r.claimNo,
    settlementRef: r.settlementRef ?? '',
    status: r.status === 'settled' ? 'settled' : 'cancelled',
    payoutFen: r.payoutFen,
    totalFen: r.totalFen,
    admittedOn: r.admittedOn,
    dischargedOn: r.dischargedOn,
    settledAt: r.createdAt,
    replacedBy: r.cancelledById,
  }));
  const settled = lines.filter((l) => l.status === 'settled');
  return {
    day,
    hospital: partner.partnerName,
    settled: settled.length,
    cancelled: lines.length - settled.length,
    payoutFen: settled.reduce((sum, l) => sum + l.payoutFen, 0),
    lines,
  };
}

/**
 * The daily reconciliation: for each hospital and plan, the day's live settlements, counted and summed
 * (kept in mutual_aid_reconciliation; a paid day is not recomputed). Run nightly for the day before.
 */
export async function reconcileDay(db: Db, day: string, now: Date, planIds: readonly string[] | null = null): Promise<number> {
  if (planIds?.length === 0) return 0;
  const { from, to } = dayBounds(day);
  const rows = await queryRows<{ partner_id: string; plan_id: string; settled: number; cancelled: number; total: string }>(
    db,
    sql`select partner_id, plan_id,
               count(*) filter (where status = 'settled')::int as settled,
               count(*) filter (where status = 'cancelled')::int as cancelled,
               coalesce(sum(payout_fen) filter (where status = 'settled'), 0)::text as total
          from ${mutualAidClaims}
         where source = 'hospital' and created_at >= ${from} and created_at < ${to}
           ${planIds ? sql`and plan_id = any(${pgArray([...planIds])}::uuid[])` : sql``}
         group by partner_id, plan_id`,
  );
  for (const r of rows) {
    await db
      .insert(mutualAidReconciliations)
      .values({
        partnerId: r.partner_id,
        planId: r.plan_id,
        day,
        settled: r.settled,
        cancelled: r.cancelled,
        totalFen: Number(r.total),
        computedAt: now,
      })
      .onConflictDoUpdate({
        target: [mutualAidReconciliations.partnerId, mutualAidReconciliations.planId, mutualAidReconciliations.day],
        set: { settled: r.settled, cancelled: r.cancelled, totalFen: Number(r.total), computedAt: now },
        setWhere: sql`${mutualAidReconciliations.status} = 'open'`,
      });
  }
  return rows.length;
}

/** The reconciled days of the plans the staff member runs, newest first. */
export async function listReconciliations(db: Db, scope: Scope, filter: { planId?: string | undefined; limit: number }) {
  const rows = await db
    .select()
    .from(mutualAidReconciliations)
    .where(filter.planId ? eq(mutualAidReconciliations.planId, filter.planId) : undefined)
    .orderBy(desc(mutualAidReconciliations.day))
    .limit(filter.limit * 4);
  const plans = await loadPlans(
    db,
    rows.map((r) => r.planId),
  );
  const mine = rows.filter((r) => {
    const plan = plans.get(r.planId);
    return plan !== undefined && runsPlan(plan, scope);
  });
  const names = await getPartnerNames(db, [...new Set(mine.map((r) => r.partnerId))]);
  return mine.slice(0, filter.limit).map((r) => ({
    partnerId: r.partnerId,
    hospital: names.get(r.partnerId) ?? '',
    planId: r.planId,
    planName: plans.get(r.planId)?.name ?? '',
    day: r.day,
    settled: r.settled,
    cancelled: r.cancelled,
    totalFen: r.totalFen,
    status: r.status,
    paidAt: r.paidAt,
    computedAt: r.computedAt,
  }));
}

/** Pays a hospital a reconciled day from the plan's fund: once; the day is not recomputed after. */
export async function payReconciliation(db: Db, actor: Actor, scope: Scope, key: { partnerId: string; planId: string; day: string }) {
  return inTransaction(db, async (tx) => {
    const plan = await loadPlan(tx, key.planId);
    if (!pathInScope(plan.orgPath, scope)) throw mutualAidErrors.reconciliationNotFound();
    const [row] = await tx
      .select()
      .from(mutualAidReconciliations)
      .where(
        and(
          eq(mutualAidReconciliations.partnerId, key.partnerId),
          eq(mutualAidReconciliations.planId, key.planId),
          eq(mutualAidReconciliations.day, key.day),
        ),
      )
      .for('update');
    if (!row) throw mutualAidErrors.reconciliationNotFound();
    if (row.status === 'paid') throw mutualAidErrors.reconciliationPaid({ day: row.day });
    const names = await getPartnerNames(tx, [row.partnerId]);
    const hospital = names.get(row.partnerId) ?? '';
    const transfer =
      row.totalFen > 0
        ? await disburse(tx, actor, scope, {
            fundId: plan.fundId,
            orgId: plan.orgId,
            amountFen: row.totalFen,
            payee: hospital,
            memo: `${row.day} 一单式结算 ${row.settled} 笔`,
            ref: { module: 'mutual-aid', type: 'reconciliation', id: `${row.partnerId}/${row.planId}/${row.day}` },
          })
        : null;
    const paidAt = new Date();
    await tx
      .update(mutualAidReconciliations)
      .set({ status: 'paid', transferId: transfer?.id ?? null, paidAt })
      .where(
        and(
          eq(mutualAidReconciliations.partnerId, row.partnerId),
          eq(mutualAidReconciliations.planId, row.planId),
          eq(mutualAidReconciliations.day, row.day),
        ),
      );
    await recordAudit(tx, actor, {
      action: 'mutual-aid.reconciliation.pay',
      targetType: 'mutual_aid_reconciliation',
      targetId: `${row.partnerId}/${row.planId}/${row.day}`,
      orgId: plan.orgId,
      orgPath: plan.orgPath,
      details: { hospital, day: row.day, settled: row.settled, totalFen: row.totalFen },
    });
    return { ...row, hospital, status: 'paid' as const, paidAt, transferId: transfer?.id ?? null };
  });
}
