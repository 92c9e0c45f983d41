// The plans' rules with the seeds' numbers: 乌鲁木齐 (110 yuan a year, 16–60 in employment, 50 % of the
// in-scope self-paid costs twice a cycle, 40 % above the ceiling once up to 5,000 yuan), 内蒙古 女性馨康
// (35 yuan a share, women under 60 or wives of members, 13 diseases, 1万–3万) and 广东's hardship plan
// (the self-paid portion in full, up to 210,000 yuan).
import { describe, expect, it } from 'vitest';
import {
  FEMALE_DISEASES,
  GUANGDONG_HARDSHIP_PLAN,
  URUMQI_PLAN,
  XINKANG_PLAN,
  ageOn,
  atRate,
  checkClaimFigures,
  checkEnrolment,
  coveredFrom,
  cycleOf,
  payClaim,
  type ClaimFigures,
} from './rules.js';

const yuan = (n: number) => Math.round(n * 100);
const bill = (f: Partial<ClaimFigures>): ClaimFigures => ({ totalFen: 0, inScopeSelfPaidFen: 0, aboveCeilingFen: 0, selfPaidFen: 0, ...f });
const worker = { birthDate: '1990-05-20', gender: 'male' as const, employed: true };

describe('days', () => {
  it('counts age from the birthday itself, and cycles a year from the plan’s start day', () => {
    expect(ageOn('2010-03-15', '2026-03-14')).toBe(15);
    expect(ageOn('2010-03-15', '2026-03-15')).toBe(16);
    expect(cycleOf('2026-03-01', '2026-02-28')).toBeNull();
    expect(cycleOf('2026-03-01', '2026-03-01')).toEqual({ start: '2026-03-01', end: '2027-02-28' });
    expect(cycleOf('2026-03-01', '2027-02-28')).toEqual({ start: '2026-03-01', end: '2027-02-28' });
    expect(cycleOf('2026-03-01', '2028-02-29')).toEqual({ start: '2027-03-01', end: '2028-02-29' });
    expect(coveredFrom(XINKANG_PLAN, '2026-03-01')).toBe('2026-05-30');
  });

  it('rounds a payout down to the fen: the fund never pays more than its rate', () => {
    expect(atRate(101, 50)).toBe(50);
    expect(atRate(yuan(12_345.67), 40)).toBe(yuan(4_938.26));
  });
});

describe(checkEnrolment.name, () => {
  it('takes 乌鲁木齐’s members from their 16th birthday until their 61st, in employment, one share', () => {
    expect(checkEnrolment(URUMQI_PLAN, { ...worker, birthDate: '2010-03-15' }, 1, '2026-03-14')).toEqual([
      { code: 'age', params: { age: 15, min: 16, max: 60 } },
    ]);
    expect(checkEnrolment(URUMQI_PLAN, { ...worker, birthDate: '2010-03-15' }, 1, '2026-03-15')).toEqual([]);
    expect(checkEnrolment(URUMQI_PLAN, { ...worker, birthDate: '1966-03-15' }, 1, '2026-03-14')).toEqual([]);
    expect(checkEnrolment(URUMQI_PLAN, { ...worker, birthDate: '1965-03-15' }, 1, '2026-03-15')[0]?.code).toBe('age');
    expect(checkEnrolment(URUMQI_PLAN, { ...worker, employed: false }, 1, '2026-03-15')).toEqual([{ code: 'not_employed' }]);
    expect(checkEnrolment(URUMQI_PLAN, worker, 2, '2026-03-15')).toEqual([{ code: 'shares', params: { max: 1 } }]);
  });

  it('takes 女性馨康’s healthy women under 60 in employment, or wives of male members, up to three shares', () => {
    const woman = { birthDate: '1980-01-01', gender: 'female' as const, employed: true, healthDeclared: true };
    expect(checkEnrolment(XINKANG_PLAN, woman, 3, '2026-03-15')).toEqual([]);
    expect(checkEnrolment(XINKANG_PLAN, { ...woman, employed: false, spouseOfMember: true }, 1, '2026-03-15')).toEqual([]);
    expect(checkEnrolment(XINKANG_PLAN, { ...woman, employed: false }, 1, '2026-03-15')).toEqual([{ code: 'not_employed' }]);
    expect(checkEnrolment(XINKANG_PLAN, { ...woman, birthDate: '1966-03-15' }, 1, '2026-03-15')[0]?.code).toBe('age');
    expect(checkEnrolment(XINKANG_PLAN, { ...woman, healthDeclared: false }, 1, '2026-03-15')).toEqual([{ code: 'health_declaration' }]);
    expect(checkEnrolment(XINKANG_PLAN, { ...worker, healthDeclared: true }, 1, '2026-03-15')).toEqual([{ code: 'women_only' }]);
    expect(XINKANG_PLAN.pricePerShareFen * 3).toBe(yuan(105));
  });
});

describe(checkClaimFigures.name, () => {
  it('refuses negative amounts and parts larger than their whole', () => {
    expect(checkClaimFigures(bill({ totalFen: -1 }))).toEqual([{ code: 'amount_invalid', params: { field: 'totalFen' } }]);
    expect(checkClaimFigures(bill({ totalFen: yuan(10_000), selfPaidFen: yuan(12_000) }))).toEqual([{ code: 'self_paid_over_total' }]);
    expect(
      checkClaimFigures(
        bill({ totalFen: yuan(10_000), selfPaidFen: yuan(4_000), inScopeSelfPaidFen: yuan(3_000), aboveCeilingFen: yuan(1_500) }),
      ),
    ).toEqual([{ code: 'parts_over_self_paid' }]);
  });
});

describe(payClaim.name, () => {
  const cycle = { start: '2026-03-01', end: '2027-02-28' };
  const enrolment = { enrolledOn: '2026-03-01', cycle, shares: 1 };
  const stay = bill({ totalFen: yuan(20_000), selfPaidFen: yuan(6_000), inScopeSelfPaidFen: yuan(3_000) });

  it('pays 乌鲁木齐’s 50 % of the in-scope self-paid costs, twice a cycle; a third stay is refused', () => {
    expect(payClaim(URUMQI_PLAN, enrolment, { on: '2026-06-01', figures: stay })).toMatchObject({ ok: true, payoutFen: yuan(1_500) });
    const third = payClaim(URUMQI_PLAN, enrolment, { on: '2026-11-01', figures: stay }, { hospital: { times: 2, paidFen: yuan(3_000) } });
    expect(third).toEqual({ ok: false, problems: [{ code: 'times_used', params: { benefit: 'hospital', times: 2 } }] });
  });

  it('adds 40 % above the ceiling once, at most 5,000 yuan; once used, the stay’s 50 % still pays', () => {
    const big = bill({
      totalFen: yuan(300_000),
      selfPaidFen: yuan(60_000),
      inScopeSelfPaidFen: yuan(30_000),
      aboveCeilingFen: yuan(20_000),
    });
    const paid = payClaim(URUMQI_PLAN, enrolment, { on: '2026-06-01', figures: big });
    expect(paid).toEqual({
      ok: true,
      payoutFen: yuan(15_000 + 5_000),
      lines: [
        { kind: 'hospital', baseFen: yuan(30_000), payoutFen: yuan(15_000), capped: false, ratePct: 50, capLeftFen: null },
        // 40 % of 20,000 is 8,000: capped at 5,000.
        { kind: 'above_ceiling', baseFen: yuan(20_000), payoutFen: yuan(5_000), capped: true, ratePct: 40, capLeftFen: yuan(5_000) },
      ],
      usedUp: [],
    });
    const again = payClaim(
      URUMQI_PLAN,
      enrolment,
      { on: '2026-09-01', figures: big },
      { above_ceiling: { times: 1, paidFen: yuan(5_000) } },
    );
    expect(again).toMatchObject({
      ok: true,
      payoutFen: yuan(15_000),
      usedUp: [{ code: 'times_used', params: { benefit: 'above_ceiling' } }],
    });
  });

  it('refuses a claim outside the cycle or in the waiting period, and one the plan does not cover', () => {
    expect(payClaim(URUMQI_PLAN, enrolment, { on: '2027-03-01', figures: stay })).toEqual({
      ok: false,
      problems: [{ code: 'outside_cycle', params: { start: '2026-03-01', end: '2027-02-28' } }],
    });
    const diagnosis = { disease: 'breast_cancer', grade: 2 };
    const xinkang = { enrolledOn: '2026-03-01', cycle, shares: 2 };
    expect(payClaim(XINKANG_PLAN, xinkang, { on: '2026-05-29', figures: bill({}), diagnosis })).toEqual({
      ok: false,
      problems: [{ code: 'waiting_period', params: { from: '2026-05-30' } }],
    });
    expect(payClaim(XINKANG_PLAN, xinkang, { on: '2026-06-01', figures: bill({}), diagnosis: { disease: 'influenza', grade: 1 } })).toEqual(
      {
        ok: false,
        problems: [{ code: 'nothing_covered' }],
      },
    );
  });

  it('pays 女性馨康 by grade and shares: 1万 to 3万 a share for the first diagnosis of one of 13 diseases', () => {
    expect(FEMALE_DISEASES).toHaveLength(13);
    const on = '2026-06-01';
    const pay = (grade: number, shares: number) =>
      payClaim(
        XINKANG_PLAN,
        { enrolledOn: '2026-03-01', cycle, shares },
        { on, figures: bill({}), diagnosis: { disease: 'cervical_cancer', grade } },
      );
    expect(pay(1, 1)).toMatchObject({ ok: true, payoutFen: yuan(10_000) });
    expect(pay(3, 1)).toMatchObject({ ok: true, payoutFen: yuan(30_000) });
    expect(pay(2, 3)).toMatchObject({ ok: true, payoutFen: yuan(60_000) });
  });

  it('pays 广东’s hardship plan the self-paid portion in full, up to 210,000 yuan', () => {
    const paid = (selfPaid: number) =>
      payClaim(GUANGDONG_HARDSHIP_PLAN, enrolment, {
        on: '2026-06-01',
        figures: bill({ totalFen: yuan(400_000), selfPaidFen: yuan(selfPaid) }),
      });
    expect(paid(80_000)).toMatchObject({ ok: true, payoutFen: yuan(80_000) });
    expect(paid(250_000)).toMatchObject({ ok: true, payoutFen: yuan(210_000), lines: [{ capped: true }] });
  });

  it('holds 广东’s 210,000 yuan for the whole cycle: a later stay pays what is left, then nothing', () => {
    const stay = (selfPaid: number, paidBefore: number) =>
      payClaim(
        GUANGDONG_HARDSHIP_PLAN,
        enrolment,
        { on: '2026-09-01', figures: bill({ totalFen: yuan(400_000), selfPaidFen: yuan(selfPaid) }) },
        { self_paid_full: { times: 1, paidFen: yuan(paidBefore) } },
      );
    expect(stay(30_000, 200_000)).toMatchObject({ ok: true, payoutFen: yuan(10_000), lines: [{ capped: true }] });
    expect(stay(30_000, 210_000)).toEqual({ ok: false, problems: [{ code: 'cap_used', params: { benefit: 'self_paid_full' } }] });
  });
});
