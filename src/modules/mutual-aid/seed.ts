// The demo's mutual aid: 绍兴's plan on 乌鲁木齐's rules and 浙江's 女性馨康, three hospitals that settle at
// discharge (柯桥区人民医院's key printed for the partner page), and — on the development server's first
// start — 乌鲁木齐's figures: 40,000+ members enrolled by their unions, 628 settlements at the hospitals
// paying 730,000+ yuan, the days reconciled and paid but the last week's, and a few claims under review.
// Tests and the browser tests' servers (NODE_ENV=test) get the plans and hospitals without the volume.
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.js';
import { inTransaction, queryRows } from '../../platform/db/tx.js';
import type { DemoSeedContext } from '../../platform/manifest/manifest.js';
import { receiveFromSource } from '#modules/funds';
import { memberPeople, seedMembers } from '#modules/members';
import { getOrgsByIds } from '#modules/orgs';
import { createPartner, issuePartnerKey } from '#modules/partners';
import { payClaim, URUMQI_PLAN, XINKANG_PLAN } from './rules.js';
import {
  mutualAidClaims,
  mutualAidCertificateSequence,
  mutualAidClaimNoSequence,
  mutualAidClaimSteps,
  mutualAidEnrolments,
  mutualAidGroups,
} from './schema.js';
import { nextClaimNo } from './service/claims.js';
import { encryptMedical } from './service/crypto.js';
import { createPlan, type Plan } from './service/plans.js';
import { payReconciliation, reconcileDay } from './service/settlements.js';

/** 乌鲁木齐's figures (DOMAIN.md): 40,000+ members, 628 settlements, 730,000+ yuan paid. */
export const URUMQI_FIGURES = { members: 41_000, enrolled: 40_216, settlements: 628 } as const;
export type DemoFigures = { members: number; enrolled: number; settlements: number };

const CYCLE = { start: '2026-01-01', end: '2026-12-31' };

export async function seedMutualAidDemo(
  { platform: p, database, orgs, volume }: DemoSeedContext,
  figures: DemoFigures | null = p.config.env === 'development' ? URUMQI_FIGURES : null,
): Promise<Record<string, unknown> | undefined> {
  const { province, city, keqiao, yuecheng } = orgs;
  if (!volume || !province || !city || !keqiao || !yuecheng) return undefined;
  const actor: Actor = {
    kind: 'system',
    id: null,
    name: '演示数据',
    orgId: province.id,
    orgPath: province.path,
    requestId: null,
    ip: null,
  };
  const whole = { orgId: province.id, path: province.path };
  const shaoxing = await createPlan(p.db, actor, whole, {
    orgId: city.id,
    name: '职工医疗互助保障',
    code: 'SXHZ',
    description:
      '参照乌鲁木齐市总工会方案：在职会员每年 110 元；住院医保范围内个人自付 50%，每年 2 次；超封顶线大额部分 40%，1 次，最高 5,000 元；出院时在定点医院一单式结算。',
    rule: URUMQI_PLAN,
    startOn: CYCLE.start,
    secondReviewAboveFen: 500_000,
    samplePct: 5,
  });
  await createPlan(p.db, actor, whole, {
    orgId: province.id,
    name: '女性馨康互助保障',
    code: 'ZJXK',
    description: '在职女职工或男会员的配偶，每份 35 元，最多 3 份；首次确诊 13 种女性特殊疾病按分级每份 1 万至 3 万元；观察期 90 天。',
    rule: XINKANG_PLAN,
    startOn: CYCLE.start,
    secondReviewAboveFen: 2_000_000,
    samplePct: 5,
  });
  const hospitals: { id: string; name: string }[] = [];
  let hospitalKey: unknown = null;
  for (const [org, name] of [
    [keqiao, '柯桥区人民医院'],
    [city, '绍兴市人民医院'],
    [yuecheng, '越城区中医医院'],
  ] as const) {
    const made = await inTransaction(p.db, async (tx) => {
      const partner = await createPartner(tx, p, actor, whole, { orgId: org.id, name, kind: 'hospital' });
      return { partner, key: hospitals.length === 0 ? await issuePartnerKey(tx, p, actor, whole, partner.id, 'demo') : null };
    });
    hospitals.push({ id: made.partner.id, name });
    hospitalKey ??= made.key;
  }
  const result: Record<string, unknown> = { plans: 2, planId: shaoxing.id, hospitals: hospitals.map((h) => h.id), hospitalKey };
  // The volume takes a while: for the development server a person opens, not for each browser test's server.
  if (!figures) return result;
  return { ...result, ...(await seedUrumqiFigures({ platform: p, database, orgs, volume }, actor, shaoxing, hospitals, figures)) };
}

async function seedUrumqiFigures(
  context: DemoSeedContext,
  actor: Actor,
  plan: Plan & { sourceId: string },
  hospitals: { id: string; name: string }[],
  figures: DemoFigures,
) {
  const { platform: p, database } = context;
  const started = performance.now();
  const step = (msg: string, figures: Record<string, unknown>) =>
    p.log.info({ ...figures, seconds: Math.round((performance.now() - started) / 100) / 10 }, `demo: mutual aid — ${msg}`);
  // The roll's 500 demo members are not enough people: the unions of 绍兴 enrolled 40,000 of theirs.
  await seedMembers(database, p, { count: figures.members });
  step('members seeded', { members: figures.members });
  const enrolled = await enrolByUnion(context, actor, plan, figures.enrolled);
  step('enrolled by their unions', { enrolled });
  const { settlements, settledFen } = await settleAtHospitals(context, plan, hospitals, figures.settlements);
  step('settled at the hospitals and reconciled', { settlements, settledFen });
  const underReview = await claimsUnderReview(context, plan);
  return { enrolled, settlements, settledFen, underReview };
}

/** Each union below 绍兴 pays for its members as a group: one list and one contribution per union, copied from the roll in SQL. */
async function enrolByUnion(
  { platform: p }: DemoSeedContext,
  actor: Actor,
  plan: Plan & { sourceId: string },
  count: number,
): Promise<number> {
  const byOrg = await queryRows<{ org_id: string; n: number }>(
    p.db,
    sql`select org_id, count(*)::int as n from ${memberPeople()} m
         where active and gender is not null and birth_date between '1966-01-02' and '2010-01-01'
         group by org_id order by count(*) desc, org_id`,
  );
  const orgs = new Map(
    (
      await getOrgsByIds(
        p.db,
        byOrg.map((r) => r.org_id),
      )
    ).map((o) => [o.id, o]),
  );
  let left = count;
  let total = 0;
  for (const { org_id: orgId, n } of byOrg) {
    const org = orgs.get(orgId);
    if (!org || left <= 0 || !org.path.startsWith(plan.orgPath)) continue;
    const take = Math.min(n, left);
    await inTransaction(p.db, async (tx) => {
      const transfer = await receiveFromSource(
        tx,
        actor,
        { orgId: plan.orgId, path: plan.orgPath },
        {
          fundId: plan.fundId,
          sourceId: plan.sourceId,
          orgId: plan.orgId,
          amountFen: take * plan.rule.pricePerShareFen,
          memo: `团体参保缴费：${org.name}（${take} 人）`,
        },
      );
      const [group] = await tx
        .insert(mutualAidGroups)
        .values({
          planId: plan.id,
          orgId,
          payerName: org.name,
          fileName: '2026年团体参保名单.xlsx',
          people: take,
          totalFen: take * plan.rule.pricePerShareFen,
          transferId: transfer.id,
        })
        .returning({ id: mutualAidGroups.id });
      await tx.execute(
        sql`insert into ${mutualAidEnrolments} (id, plan_id, cycle_start, cycle_end, member_id, relation, name_cipher, id_number_cipher, id_index,
                   gender, birth_date, shares, price_fen, org_id, org_path, province_code, status, channel, group_id, enrolled_on, certificate_no, created_at)
            select gen_random_uuid(), ${plan.id}, ${CYCLE.start}, ${CYCLE.end}, m.id, 'self', m.name_cipher, m.id_number_cipher, m.id_index,
                   m.gender, m.birth_date, 1, ${plan.rule.pricePerShareFen}, m.org_id, ${org.path}, m.province_code, 'active', 'group', ${group?.id ?? null},
                   ${CYCLE.start}, ${`${plan.code}2026`} || lpad(nextval(${sql.raw(`'${mutualAidCertificateSequence.seqName}'`)})::text, 8, '0'),
                   timestamptz '2026-01-01 09:00:00+08'
              from ${memberPeople()} m
             where m.org_id = ${orgId} and m.active and m.gender is not null and m.birth_date between '1966-01-02' and '2010-01-01'
             order by m.id limit ${take}`,
      );
    });
    left -= take;
    total += take;
  }
  return total;
}

/**
 * 628 discharges settled at the three hospitals from February to this week, each paying 50 % of its
 * in-scope self-paid costs (one stay per person), over 730,000 yuan in all; every day reconciled, and
 * paid to the hospital but for the last seven days.
 */
async function settleAtHospitals({ platform: p }: DemoSeedContext, plan: Plan, hospitals: { id: string; name: string }[], count: number) {
  const people = await queryRows<{ id: string; org_id: string; org_path: string }>(
    p.db,
    sql`select id, org_id, org_path from ${mutualAidEnrolments} where plan_id = ${plan.id} order by id limit ${count}`,
  );
  const today = new Date();
  const firstDay = Date.UTC(2026, 1, 1);
  const span = Math.max(1, Math.floor((today.getTime() - 86_400_000 - firstDay) / 86_400_000));
  const rows: (typeof mutualAidClaims.$inferInsert)[] = [];
  let settledFen = 0;
  for (const [i, person] of people.entries()) {
    const day = new Date(firstDay + Math.floor((i * span) / people.length) * 86_400_000).toISOString().slice(0, 10);
    // Self-paid in scope from 1,000 to 3,650 yuan: 50 % of it averages a little over 1,160 yuan a stay.
    const inScope = (1_000 + ((i * 7_919) % 2_660)) * 100;
    const selfPaid = inScope + ((i * 131) % 900) * 100;
    const figures = { totalFen: selfPaid * 3, inScopeSelfPaidFen: inScope, aboveCeilingFen: 0, selfPaidFen: selfPaid };
    const payout = payClaim(plan.rule, { enrolledOn: CYCLE.start, cycle: CYCLE, shares: 1 }, { on: day, figures });
    if (!payout.ok) throw new Error(`seed: a demo settlement is refused: ${JSON.stringify(payout.problems)}`);
    const hospital = hospitals[i % hospitals.length] as { id: string; name: string };
    settledFen += payout.payoutFen;
    rows.push({
      claimNo: `JS${day.replaceAll('-', '')}${String(i + 1).padStart(7, '0')}`,
      planId: plan.id,
      enrolmentId: person.id,
      orgId: person.org_id,
      orgPath: person.org_path,
      source: 'hospital',
      partnerId: hospital.id,
      settlementRef: `ZY${day.replaceAll('-', '')}-${String(i + 1).padStart(4, '0')}`,
      // A stay of two to ten days before the discharge.
      admittedOn: new Date(Date.parse(day) - ((i % 9) + 2) * 86_400_000).toISOString().slice(0, 10),
      dischargedOn: day,
      ...figures,
      medicalCipher: encryptMedical(p, { hospital: hospital.name, diagnosis: DIAGNOSES[i % DIAGNOSES.length] ?? '' }),
      status: 'settled',
      payoutFen: payout.payoutFen,
      lines: payout.lines,
      decidedAt: new Date(`${day}T10:00:00+08:00`),
      createdAt: new Date(`${day}T10:00:00+08:00`),
    });
  }
  await inTransaction(p.db, async (tx) => {
    // The claim numbers' sequence moves past the ones written here.
    await tx.execute(sql`select setval(${sql.raw(`'${mutualAidClaimNoSequence.seqName}'`)}, ${rows.length})`);
    for (let i = 0; i < rows.length; i += 200) {
      const written = await tx
        .insert(mutualAidClaims)
        .values(rows.slice(i, i + 200))
        .returning({ id: mutualAidClaims.id });
      await tx.insert(mutualAidClaimSteps).values(
        written.map((w, j) => ({
          claimId: w.id,
          action: 'settle' as const,
          fromStatus: null,
          toStatus: 'settled',
          actorType: 'partner',
          actorId: rows[i + j]?.partnerId ?? '',
          actorName: hospitals.find((h) => h.id === rows[i + j]?.partnerId)?.name ?? null,
          createdAt: rows[i + j]?.createdAt ?? new Date(),
        })),
      );
    }
  });
  const days = [...new Set(rows.map((r) => r.dischargedOn as string))].sort();
  const lastWeek = new Date(today.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
  const actor: Actor = { kind: 'system', id: null, name: '演示数据', orgId: plan.orgId, orgPath: plan.orgPath, requestId: null, ip: null };
  for (const day of days) {
    await reconcileDay(p.db, day, today);
    if (day >= lastWeek) continue;
    for (const hospital of hospitals) {
      if (rows.some((r) => r.dischargedOn === day && r.partnerId === hospital.id)) {
        await payReconciliation(p.db, actor, { orgId: plan.orgId, path: plan.orgPath }, { partnerId: hospital.id, planId: plan.id, day });
      }
    }
  }
  return { settlements: rows.length, settledFen };
}

const DIAGNOSES = ['急性阑尾炎', '腰椎间盘突出症', '肺炎', '胆囊结石', '骨折（右桡骨远端）', '急性胃肠炎', '高血压', '2 型糖尿病'];

/** Five claims filed in the H5 this week and waiting for 绍兴's reviewers (one above 5,000 yuan, for two of them). */
async function claimsUnderReview({ platform: p }: DemoSeedContext, plan: Plan): Promise<number> {
  const people = await queryRows<{ id: string; org_id: string; org_path: string }>(
    p.db,
    sql`select e.id, e.org_id, e.org_path from ${mutualAidEnrolments} e
         where e.plan_id = ${plan.id} and not exists (select 1 from ${mutualAidClaims} c where c.enrolment_id = e.id)
         order by e.id desc limit 5`,
  );
  const today = new Date().toISOString().slice(0, 10);
  const bills = [
    { inScope: 4_200, above: 0 },
    { inScope: 2_680, above: 0 },
    { inScope: 9_000, above: 20_000 },
    { inScope: 1_530, above: 0 },
    { inScope: 6_150, above: 0 },
  ];
  let filed = 0;
  for (const [i, person] of people.entries()) {
    const bill = bills[i] ?? { inScope: 1_000, above: 0 };
    const figures = {
      totalFen: (bill.inScope + bill.above) * 300,
      inScopeSelfPaidFen: bill.inScope * 100,
      aboveCeilingFen: bill.above * 100,
      selfPaidFen: (bill.inScope + bill.above) * 100,
    };
    const payout = payClaim(plan.rule, { enrolledOn: CYCLE.start, cycle: CYCLE, shares: 1 }, { on: today, figures });
    if (!payout.ok) continue;
    await inTransaction(p.db, async (tx) => {
      const [claim] = await tx
        .insert(mutualAidClaims)
        .values({
          claimNo: await nextClaimNo(tx, 'member', new Date()),
          planId: plan.id,
          enrolmentId: person.id,
          orgId: person.org_id,
          orgPath: person.org_path,
          source: 'member',
          admittedOn: today,
          dischargedOn: today,
          ...figures,
          medicalCipher: encryptMedical(p, {
            hospital: '浙江大学医学院附属第一医院',
            diagnosis: DIAGNOSES[(i + 3) % DIAGNOSES.length] ?? '',
            bankAccount: { bank: '中国工商银行绍兴分行', accountNo: `62220212345678${String(10_001 + i)}` },
          }),
          status: 'submitted',
          payoutFen: payout.payoutFen,
          lines: payout.lines,
        })
        .returning({ id: mutualAidClaims.id });
      if (claim) {
        await tx
          .insert(mutualAidClaimSteps)
          .values({ claimId: claim.id, action: 'filed', toStatus: 'submitted', actorType: 'member', actorId: 'demo', actorName: null });
      }
    });
    filed += 1;
  }
  return filed;
}
