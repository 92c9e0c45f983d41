import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { evaluateEligibility, type EligibilityRule } from './eligibility.js';
import { seedMembers } from './seed.js';
import { countEligibleMembers, listMembersInSubtree, toSnapshot, type MemberSnapshot } from './service/lookup.js';

const rider: MemberSnapshot = {
  memberId: 'm1',
  status: 'active',
  trade: 'food_delivery',
  newForm: true,
  gender: 'female',
  birthDate: '1990-07-15',
  memberSince: new Date('2022-05-01T10:00:00+08:00'),
  unionId: 'u',
  unionPath: '/gd/zh/doumen/street/',
  regionCode: '440403101',
};
// 智送清凉's six trades (DOMAIN.md), for 广东's members.
const SIX: EligibilityRule = {
  unionPaths: ['/gd/'],
  trades: ['courier', 'food_delivery', 'truck_driver', 'ride_hailing', 'sanitation', 'construction'],
};

describe(evaluateEligibility.name, () => {
  it('admits a Guangdong food-delivery rider to 智送清凉 and names the first condition that fails otherwise', () => {
    expect(evaluateEligibility(SIX, rider, '2022-07-15')).toEqual({ eligible: true });
    expect(evaluateEligibility(SIX, { ...rider, trade: 'care_worker' }, '2022-07-15')).toEqual({ eligible: false, reason: 'trade' });
    expect(evaluateEligibility(SIX, { ...rider, status: 'left' }, '2022-07-15')).toEqual({ eligible: false, reason: 'inactive' });
    expect(evaluateEligibility({ ...SIX, unionPaths: ['/zj/'] }, rider, '2022-07-15')).toEqual({
      eligible: false,
      reason: 'outside_union',
    });
  });

  it('keeps 斗门区’s own benefit to members working in 斗门 (440403), not 金湾 (440404)', () => {
    const doumen = { ...SIX, regionCodes: ['440403'] };
    expect(evaluateEligibility(doumen, rider, '2022-07-15').eligible).toBe(true);
    expect(evaluateEligibility(doumen, { ...rider, regionCode: '440404001' }, '2022-07-15')).toEqual({ eligible: false, reason: 'region' });
  });

  it('reads member since and age on Asia/Shanghai days, both ends included', () => {
    expect(evaluateEligibility({ ...SIX, joinedOnOrBefore: '2022-05-01' }, rider, '2022-07-15').eligible).toBe(true);
    expect(evaluateEligibility({ ...SIX, joinedOnOrBefore: '2022-04-30' }, rider, '2022-07-15')).toEqual({
      eligible: false,
      reason: 'joined_late',
    });
    expect(evaluateEligibility({ ...SIX, joinedOnOrAfter: '2022-05-02' }, rider, '2022-07-15')).toEqual({
      eligible: false,
      reason: 'joined_early',
    });
    // 乌鲁木齐's mutual aid: aged 16–60; she turns 32 on 15 July.
    expect(evaluateEligibility({ ...SIX, minAge: 32 }, rider, '2022-07-15').eligible).toBe(true);
    expect(evaluateEligibility({ ...SIX, minAge: 32 }, rider, '2022-07-14')).toEqual({ eligible: false, reason: 'age' });
    expect(evaluateEligibility({ ...SIX, maxAge: 31 }, rider, '2022-07-15')).toEqual({ eligible: false, reason: 'age' });
    expect(evaluateEligibility({ ...SIX, genders: ['female'] }, rider, '2022-07-15').eligible).toBe(true);
  });
});

describe(countEligibleMembers.name, () => {
  const h = useTestApp(
    {},
    {
      setup: async (t) => {
        await seedMembers(t.database, t.platform, { count: 400, seed: 7 });
      },
    },
  );

  it('counts exactly the members the evaluator admits, for every kind of condition', async () => {
    const { t } = h;
    const db = t.platform.db;
    const { items } = await listMembersInSubtree(db, { orgId: '', path: '/' }, { limit: 1000 });
    expect(items.length).toBe(400);
    const snapshots = items.map(toSnapshot);
    const today = '2026-12-06';
    const sinceMedian =
      [...snapshots]
        .sort((a, b) => +a.memberSince - +b.memberSince)[200]
        ?.memberSince.toISOString()
        .slice(0, 10) ?? today;
    const rules: EligibilityRule[] = [
      { unionPaths: [t.demo.keqiao.path] },
      { unionPaths: [t.demo.keqiao.path, t.demo.yuecheng.path], trades: ['courier', 'food_delivery'] },
      { unionPaths: ['/'], newFormOnly: true, regionCodes: ['330603'] },
      { unionPaths: ['/'], genders: ['female'], minAge: 30, maxAge: 45 },
      { unionPaths: ['/'], joinedOnOrBefore: sinceMedian },
      { unionPaths: ['/'], joinedOnOrAfter: sinceMedian },
    ];
    for (const rule of rules) {
      const expected = snapshots.filter((s) => evaluateEligibility(rule, s, today).eligible).length;
      expect(await countEligibleMembers(db, rule, today), JSON.stringify(rule)).toBe(expected);
    }
    // The conditions do select: none of them admits everyone or no one.
    const counts = await Promise.all(rules.slice(1).map((r) => countEligibleMembers(db, r, today)));
    expect(counts.every((n) => n > 0 && n < 400)).toBe(true);
  });
});
