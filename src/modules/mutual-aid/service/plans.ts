// Plans: a union sets one up for its subtree with its rules as data; the plan's fund is made with it in
// `#modules/funds` (contributions come in there, payouts go out). Staff see the plans of their subtree
// and those run above them that reach down into it; a member sees the open plans above their union.
import { asc, eq, inArray } from 'drizzle-orm';
import { pathInScope, type Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { uniqueViolation } from '../../../platform/db/errors.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { createFund } from '#modules/funds';
import { findOrgById, getOrg, getOrgsByIds } from '#modules/orgs';
import { mutualAidErrors } from '../errors.js';
import { cycleOf, type PlanRule } from '../rules.js';
import { mutualAidPlans } from '../schema.js';

export interface Plan {
  id: string;
  orgId: string;
  orgName: string;
  /** The owner union's materialised path: the plan covers the members of its subtree. */
  orgPath: string;
  fundId: string;
  name: string;
  code: string;
  description: string | null;
  rule: PlanRule;
  startOn: string;
  status: 'open' | 'closed';
  secondReviewAboveFen: number;
  samplePct: number;
  createdAt: Date;
}

export interface PlanInput {
  orgId: string;
  name: string;
  code: string;
  description?: string | null | undefined;
  rule: PlanRule;
  startOn: string;
  secondReviewAboveFen: number;
  samplePct?: number | undefined;
}

/** The contributions' source in the plan's fund. */
export const CONTRIBUTION_SOURCE = '会员及团体缴费';

type PlanRow = typeof mutualAidPlans.$inferSelect;

async function toPlans(db: Db, rows: PlanRow[]): Promise<Plan[]> {
  const orgs = new Map((await getOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o]));
  return rows.map((r) => ({
    id: r.id,
    orgId: r.orgId,
    orgName: orgs.get(r.orgId)?.name ?? '',
    orgPath: orgs.get(r.orgId)?.path ?? '',
    fundId: r.fundId,
    name: r.name,
    code: r.code,
    description: r.description,
    rule: r.rule,
    startOn: r.startOn,
    status: r.status,
    secondReviewAboveFen: r.secondReviewAboveFen,
    samplePct: r.samplePct,
    createdAt: r.createdAt,
  }));
}

export async function createPlan(db: Db, actor: Actor, scope: Scope, input: PlanInput): Promise<Plan & { sourceId: string }> {
  return inTransaction(db, async (tx) => {
    const owner = await getOrg(tx, scope, input.orgId);
    const name = input.name.trim();
    // The fund is named after the plan and made in the same transaction: a plan refused leaves no fund.
    const fund = await createFund(tx, actor, scope, {
      orgId: owner.id,
      name: `${name}互助金`,
      purpose: 'mutual_aid',
      description: `职工医疗互助保障「${name}」的缴费与互助金支出`,
      sources: [CONTRIBUTION_SOURCE],
    });
    const source = fund.sources[0];
    if (!source) throw new Error('mutual-aid: the plan fund has no source');
    let row: PlanRow | undefined;
    try {
      [row] = await tx
        .insert(mutualAidPlans)
        .values({
          orgId: owner.id,
          fundId: fund.id,
          sourceId: source.id,
          name,
          code: input.code,
          description: input.description?.trim() || null,
          rule: input.rule,
          startOn: input.startOn,
          secondReviewAboveFen: input.secondReviewAboveFen,
          samplePct: input.samplePct ?? 5,
        })
        .returning();
    } catch (error) {
      if (uniqueViolation(error) === 'mutual_aid_plan_code_uq') throw mutualAidErrors.planCodeTaken({ code: input.code });
      throw error;
    }
    if (!row) throw new Error('mutual-aid: the plan insert returned no row');
    await recordAudit(tx, actor, {
      action: 'mutual-aid.plan.create',
      targetType: 'mutual_aid_plan',
      targetId: row.id,
      orgId: owner.id,
      orgPath: owner.path,
      details: { name, code: input.code, fund: fund.id },
    });
    const [plan] = await toPlans(tx, [row]);
    if (!plan) throw new Error('mutual-aid: plan vanished');
    return { ...plan, sourceId: source.id };
  });
}

/** The plans a staff member works with: run in their subtree, or above it (reaching down into it). */
export async function listPlans(db: Db, scope: Scope): Promise<Plan[]> {
  const rows = await db.select().from(mutualAidPlans).orderBy(asc(mutualAidPlans.createdAt));
  const plans = await toPlans(db, rows);
  return plans.filter((p) => pathInScope(p.orgPath, scope) || scope.path.startsWith(p.orgPath));
}

/** A plan the staff member works with, or not found. */
export async function getPlan(db: Db, scope: Scope, planId: string): Promise<Plan> {
  const [row] = await db.select().from(mutualAidPlans).where(eq(mutualAidPlans.id, planId));
  const [plan] = row ? await toPlans(db, [row]) : [];
  if (!plan || !(pathInScope(plan.orgPath, scope) || scope.path.startsWith(plan.orgPath))) throw mutualAidErrors.planNotFound();
  return plan;
}

/**
 * Closes a plan to new enrolments (individual and group), for the union that runs it: at the end of
 * its last cycle, or when the union stops it. What is enrolled stays covered to its cycle's end, so
 * claims and the hospitals' settlements go on; the fund stays for them. Audited with the reason.
 */
export async function closePlan(db: Db, actor: Actor, scope: Scope, planId: string, reason: string): Promise<Plan> {
  return inTransaction(db, async (tx) => {
    const [row] = await tx.select().from(mutualAidPlans).where(eq(mutualAidPlans.id, planId)).for('update');
    const [plan] = row ? await toPlans(tx, [row]) : [];
    if (!plan || !runsPlan(plan, scope)) throw mutualAidErrors.planNotFound();
    if (plan.status === 'closed') throw mutualAidErrors.planClosed({ name: plan.name });
    await tx.update(mutualAidPlans).set({ status: 'closed' }).where(eq(mutualAidPlans.id, plan.id));
    await recordAudit(tx, actor, {
      action: 'mutual-aid.plan.close',
      targetType: 'mutual_aid_plan',
      targetId: plan.id,
      orgId: plan.orgId,
      orgPath: plan.orgPath,
      reason,
      details: { name: plan.name, code: plan.code },
    });
    return { ...plan, status: 'closed' };
  });
}

/** Whether the staff member runs the plan's money: the owner union is in their subtree. */
export const runsPlan = (plan: Plan, scope: Scope): boolean => pathInScope(plan.orgPath, scope);

export async function loadPlan(db: Db, planId: string): Promise<Plan & { sourceId: string }> {
  const [row] = await db.select().from(mutualAidPlans).where(eq(mutualAidPlans.id, planId));
  const [plan] = row ? await toPlans(db, [row]) : [];
  if (!row || !plan) throw mutualAidErrors.planNotFound();
  return { ...plan, sourceId: row.sourceId };
}

export async function loadPlans(db: Db, ids: readonly string[]): Promise<Map<string, Plan>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(mutualAidPlans)
    .where(inArray(mutualAidPlans.id, [...new Set(ids)]));
  return new Map((await toPlans(db, rows)).map((p) => [p.id, p]));
}

/** The open plans covering a union: run by it or by a union above it. */
export async function plansCovering(db: Db, orgId: string): Promise<Plan[]> {
  const org = await findOrgById(db, orgId);
  if (!org) return [];
  const rows = await db.select().from(mutualAidPlans).where(eq(mutualAidPlans.status, 'open')).orderBy(asc(mutualAidPlans.createdAt));
  return (await toPlans(db, rows)).filter((p) => org.path.startsWith(p.orgPath));
}

/** The cycle a plan is in on a day; a plan not yet started is in its first cycle for enrolment. */
export function currentCycle(plan: Pick<Plan, 'startOn'>, day: string) {
  return cycleOf(plan.startOn, day < plan.startOn ? plan.startOn : day);
}
