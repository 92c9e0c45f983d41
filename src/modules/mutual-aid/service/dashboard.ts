// The fund dashboard: for a plan and a cycle, what came in (enrolments and contributions) and what went
// out (claims paid, settlements at hospitals), over the staff member's subtree and by the unions just
// below it. One grouped query per table; the areas are read from the rows' materialised paths.
import { sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { queryRows, type Db } from '../../../platform/db/tx.js';
import { fundTree } from '#modules/funds';
import { getOrg, orgNamesByIds } from '#modules/orgs';
import { mutualAidClaims, mutualAidEnrolments } from '../schema.js';
import { currentCycle, getPlan, runsPlan } from './plans.js';

export interface DashboardFigures {
  enrolled: number;
  byGroup: number;
  contributionsFen: number;
  claims: number;
  underReview: number;
  /** Member claims paid through batches. */
  paidClaims: number;
  paidFen: number;
  /** Approved, waiting for a batch or its payment. */
  payableFen: number;
  settlements: number;
  settledFen: number;
}

const ZERO: DashboardFigures = {
  enrolled: 0,
  byGroup: 0,
  contributionsFen: 0,
  claims: 0,
  underReview: 0,
  paidClaims: 0,
  paidFen: 0,
  payableFen: 0,
  settlements: 0,
  settledFen: 0,
};

export async function fundDashboard(
  db: Db,
  scope: Scope,
  input: { planId: string; cycleStart?: string | undefined; orgId?: string | undefined },
  today: string,
) {
  const plan = await getPlan(db, scope, input.planId);
  const area = input.orgId ? await getOrg(db, scope, input.orgId) : await getOrg(db, scope, scope.orgId);
  const cycles = await queryRows<{ start: string; end: string }>(
    db,
    sql`select distinct cycle_start::text as start, cycle_end::text as "end" from ${mutualAidEnrolments}
         where plan_id = ${plan.id} order by 1 desc`,
  );
  const current = currentCycle(plan, today);
  const cycleStart = input.cycleStart ?? current?.start ?? cycles[0]?.start ?? plan.startOn;
  const prefix = `${area.path}%`;
  // The union just below the area that a row's path passes through ('' for the area's own rows).
  const child = (alias: string) => sql.raw(`substr(${alias}org_path, ${area.path.length + 1}, 36)`);
  const enrolled = await queryRows<{ child: string; enrolled: number; by_group: number; contributions: string }>(
    db,
    sql`select ${child('')} as child, count(*)::int as enrolled,
               count(*) filter (where channel = 'group')::int as by_group,
               coalesce(sum(price_fen), 0)::text as contributions
          from ${mutualAidEnrolments}
         where plan_id = ${plan.id} and cycle_start = ${cycleStart} and status = 'active' and org_path like ${prefix}
         group by 1`,
  );
  const claims = await queryRows<{
    child: string;
    claims: number;
    under_review: number;
    paid_claims: number;
    paid: string;
    payable: string;
    settlements: number;
    settled: string;
  }>(
    db,
    sql`select ${child('c.')} as child,
               count(*) filter (where c.source = 'member')::int as claims,
               count(*) filter (where c.status in ('submitted', 'more_info', 'second_review'))::int as under_review,
               count(*) filter (where c.status = 'paid')::int as paid_claims,
               coalesce(sum(c.payout_fen) filter (where c.status = 'paid'), 0)::text as paid,
               coalesce(sum(c.payout_fen) filter (where c.status = 'approved'), 0)::text as payable,
               count(*) filter (where c.status = 'settled')::int as settlements,
               coalesce(sum(c.payout_fen) filter (where c.status = 'settled'), 0)::text as settled
          from ${mutualAidClaims} c
          join ${mutualAidEnrolments} e on e.id = c.enrolment_id
         where c.plan_id = ${plan.id} and e.cycle_start = ${cycleStart} and c.org_path like ${prefix}
         group by 1`,
  );
  const byChild = new Map<string, DashboardFigures>();
  const at = (key: string) => {
    const figures = byChild.get(key) ?? { ...ZERO };
    byChild.set(key, figures);
    return figures;
  };
  for (const r of enrolled) {
    const f = at(r.child);
    f.enrolled += r.enrolled;
    f.byGroup += r.by_group;
    f.contributionsFen += Number(r.contributions);
  }
  for (const r of claims) {
    const f = at(r.child);
    f.claims += r.claims;
    f.underReview += r.under_review;
    f.paidClaims += r.paid_claims;
    f.paidFen += Number(r.paid);
    f.payableFen += Number(r.payable);
    f.settlements += r.settlements;
    f.settledFen += Number(r.settled);
  }
  const total = { ...ZERO };
  for (const f of byChild.values()) for (const key of Object.keys(ZERO) as (keyof DashboardFigures)[]) total[key] += f[key];
  const names = await orgNamesByIds(
    db,
    [...byChild.keys()].filter((k) => k !== ''),
  );
  const areas = [...byChild.entries()]
    .map(([key, figures]) => ({
      orgId: key === '' ? area.id : key,
      orgName: key === '' ? `${area.name}（本级）` : (names.get(key) ?? ''),
      ...figures,
    }))
    .sort((a, b) => b.enrolled - a.enrolled || a.orgName.localeCompare(b.orgName, 'zh-CN'));
  const cycle = cycles.find((c) => c.start === cycleStart) ?? (current?.start === cycleStart ? current : null);
  // The fund as the union that runs the plan sees it (contributions, the money put in besides, what
  // was paid): for the staff of that union and above; the unions below see the plan's figures only.
  const fund = runsPlan(plan, scope) ? (await fundTree(db, scope, plan.fundId, plan.orgId)).node.own : null;
  return {
    plan: { id: plan.id, name: plan.name, orgName: plan.orgName, pricePerShareFen: plan.rule.pricePerShareFen },
    area: { id: area.id, name: area.name },
    cycle: cycle ? { start: cycle.start, end: cycle.end } : { start: cycleStart, end: null },
    cycles: cycles.map((c) => ({ start: c.start, end: c.end })),
    total: {
      ...total,
      paidOutFen: total.paidFen + total.settledFen,
      balanceFen: total.contributionsFen - total.paidFen - total.settledFen,
    },
    fund,
    areas,
  };
}
