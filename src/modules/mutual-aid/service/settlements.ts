// The hospitals' days: each day's 一单式 settlements (service/settle.ts) are reconciled per hospital,
// and the union pays the hospital the day's total from the plan's fund.
import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { pathInScope, type PartnerPrincipal, type Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { pgArray } from '../../../platform/db/arrays.js';
import { inTransaction, queryRows, type Db } from '../../../platform/db/tx.js';
import { disburse } from '#modules/funds';
import { getPartnerNames } from '#modules/partners';
import { mutualAidErrors } from '../errors.js';
import { mutualAidClaims, mutualAidReconciliations } from '../schema.js';
import { loadPlan, loadPlans, runsPlan } from './plans.js';

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
