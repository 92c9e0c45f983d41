import { describe, expect, it } from 'vitest';
import {
  addDays,
  allocateBatch,
  canVoidRedemption,
  checkRedemption,
  claimWindow,
  couponExpiresAt,
  discountFor,
  findAbuse,
  maxCoupons,
  nextRelease,
  phaseOf,
  roomToday,
  termsProblems,
  type CampaignTerms,
} from './rules.js';

// 2022 智送清凉 (seed 002): 满3元减2.99元, one a day, 50,000 a day, released daily, until 30 September.
const ZSQL: CampaignTerms = {
  status: 'approved',
  thresholdFen: 300,
  discountFen: 299,
  dailyQuota: 50_000,
  perMemberPeriod: 'day',
  perMemberLimit: 1,
  releaseTime: '10:00',
  startsOn: '2022-07-01',
  endsOn: '2022-09-30',
  budgetFen: null,
  validDays: 1,
};
const at = (iso: string) => new Date(iso);

describe('the claim window (Asia/Shanghai days and release time)', () => {
  it('opens at 10:00 Shanghai each day and counts down before', () => {
    expect(claimWindow(ZSQL, at('2022-07-15T01:59:59+00:00'))).toEqual({
      open: false,
      why: 'not_started',
      releaseAt: at('2022-07-15T10:00:00+08:00'),
    });
    expect(claimWindow(ZSQL, at('2022-07-15T10:00:00+08:00'))).toEqual({
      open: true,
      day: '2022-07-15',
      releasedAt: at('2022-07-15T10:00:00+08:00'),
    });
    // 23:30 UTC on the 14th is already the 15th in Shanghai.
    expect(claimWindow(ZSQL, at('2022-07-14T23:30:00Z'))).toMatchObject({ open: false, why: 'not_started' });
  });

  it('is closed before the first day, after 30 September, when paused, and for drafts', () => {
    expect(claimWindow(ZSQL, at('2022-06-30T12:00:00+08:00'))).toEqual({
      open: false,
      why: 'not_started',
      releaseAt: at('2022-07-01T10:00:00+08:00'),
    });
    expect(claimWindow(ZSQL, at('2022-10-01T10:00:00+08:00'))).toEqual({ open: false, why: 'ended' });
    expect(claimWindow({ ...ZSQL, status: 'paused' }, at('2022-07-15T12:00:00+08:00'))).toEqual({ open: false, why: 'paused' });
    expect(claimWindow({ ...ZSQL, status: 'pending' }, at('2022-07-15T12:00:00+08:00'))).toEqual({ open: false, why: 'not_approved' });
  });

  it('gives the next release: tomorrow at 10:00 once today’s is out, none after the last day', () => {
    expect(nextRelease(ZSQL, at('2022-07-15T11:00:00+08:00'))).toEqual(at('2022-07-16T10:00:00+08:00'));
    expect(nextRelease(ZSQL, at('2022-09-30T11:00:00+08:00'))).toBeNull();
  });

  it('names the phase people see', () => {
    expect(phaseOf(ZSQL, at('2022-06-01T00:00:00+08:00'))).toBe('scheduled');
    expect(phaseOf(ZSQL, at('2022-08-01T00:00:00+08:00'))).toBe('running');
    expect(phaseOf(ZSQL, at('2022-10-01T00:00:00+08:00'))).toBe('ended');
  });

  it('counts days across month ends', () => {
    expect(addDays('2022-09-30', 1)).toBe('2022-10-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
});

describe('how many coupons are left', () => {
  it('is the daily quota minus today’s, 50,000 a day', () => {
    expect(roomToday(ZSQL, 0, 0)).toBe(50_000);
    expect(roomToday(ZSQL, 49_999, 0)).toBe(1);
    expect(roomToday(ZSQL, 50_000, 0)).toBe(0);
  });

  it('stops at the budget cap: 佛山 智贺新春’s 10,000,000 yuan pays for so many 2.99-yuan coupons and no more', () => {
    const foshan = { ...ZSQL, dailyQuota: null, budgetFen: 1_000_000_000 };
    expect(roomToday(foshan, 0, 0)).toBe(3_344_481);
    expect(roomToday(foshan, 0, 1_000_000_000 - 298)).toBe(0);
    expect(maxCoupons(foshan)).toBe(3_344_481);
  });

  it('bounds a campaign by quota × days: 92 days of 50,000 is 4,600,000 coupons (2021 gave out 4,000,000+)', () => {
    expect(maxCoupons(ZSQL)).toBe(4_600_000);
    expect(maxCoupons({ ...ZSQL, dailyQuota: null })).toBeNull();
  });

  it('gives a coupon valid through the day it was claimed (validDays 1), or more days', () => {
    expect(couponExpiresAt('2022-07-15', 1)).toEqual(at('2022-07-16T00:00:00+08:00'));
    expect(couponExpiresAt('2022-07-15', 7)).toEqual(at('2022-07-22T00:00:00+08:00'));
  });
});

describe(allocateBatch.name, () => {
  it('grants in arrival order until the room is used, then answers sold out', () => {
    const claims = ['a', 'b', 'c', 'd'].map((memberId, index) => ({ index, memberId }));
    expect(allocateBatch(claims, new Map(), 1, 2).map((o) => o.result)).toEqual(['granted', 'granted', 'sold_out', 'sold_out']);
  });

  it('never gives a member more than the limit, counting what they hold and their presses in the same batch', () => {
    const claims = [
      { index: 0, memberId: 'a' },
      { index: 1, memberId: 'a' },
      { index: 2, memberId: 'b' },
    ];
    expect(allocateBatch(claims, new Map([['b', 1]]), 1, 10)).toEqual([
      { index: 0, result: 'granted', slot: 1 },
      { index: 1, result: 'already_claimed' },
      { index: 2, result: 'already_claimed' },
    ]);
    expect(allocateBatch(claims, new Map(), 2, 10).map((o) => (o.result === 'granted' ? o.slot : o.result))).toEqual([1, 2, 1]);
  });

  it('answers "already claimed" before "sold out": the member who has one should hear that', () => {
    expect(allocateBatch([{ index: 0, memberId: 'a' }], new Map([['a', 1]]), 1, 0)).toEqual([{ index: 0, result: 'already_claimed' }]);
  });
});

describe('redemption at the till', () => {
  const coupon = { status: 'issued' as const, expiresAt: at('2022-07-16T00:00:00+08:00'), thresholdFen: 300, discountFen: 299 };
  const now = at('2022-07-15T12:00:00+08:00');

  it('takes 满3元减2.99元 on an order of 3 yuan or more, the member paying one fen on a 3-yuan drink', () => {
    expect(checkRedemption(coupon, 300, now)).toBeNull();
    expect(discountFor(coupon, 300)).toBe(299);
    expect(checkRedemption(coupon, 299, now)).toBe('below_threshold');
  });

  it('refuses used, voided and expired coupons', () => {
    expect(checkRedemption({ ...coupon, status: 'redeemed' }, 500, now)).toBe('used');
    expect(checkRedemption({ ...coupon, status: 'voided' }, 500, now)).toBe('voided');
    expect(checkRedemption(coupon, 500, at('2022-07-16T00:00:00+08:00'))).toBe('expired');
  });

  it('lets the cashier undo a redemption on the same Shanghai day only', () => {
    expect(canVoidRedemption(at('2022-07-15T09:00:00+08:00'), at('2022-07-15T23:59:00+08:00'))).toBe(true);
    expect(canVoidRedemption(at('2022-07-15T23:59:00+08:00'), at('2022-07-16T00:01:00+08:00'))).toBe(false);
  });
});

describe(termsProblems.name, () => {
  it('accepts 智送清凉 and 东莞 爱心早餐券 (满6元减5.99元, 20,000 in all)', () => {
    expect(termsProblems(ZSQL)).toEqual([]);
    const dongguan = {
      ...ZSQL,
      thresholdFen: 600,
      discountFen: 599,
      dailyQuota: null,
      budgetFen: 20_000 * 599,
      perMemberPeriod: 'campaign' as const,
    };
    expect(termsProblems(dongguan)).toEqual([]);
    expect(maxCoupons(dongguan)).toBe(20_000);
  });

  it('names each field that is wrong', () => {
    const bad = { ...ZSQL, discountFen: 350, releaseTime: '25:00', startsOn: '2022-10-01', budgetFen: 100, perMemberLimit: 0 };
    expect(termsProblems(bad).map((p) => p.code)).toEqual([
      'discount_above_threshold',
      'dates_reversed',
      'release_time_invalid',
      'budget_below_one_coupon',
      'limit_out_of_range',
    ]);
  });
});

describe(findAbuse.name, () => {
  it('flags the accounts of a device shared by more than three accounts on one day', () => {
    const traces = ['a', 'b', 'c', 'd'].map((accountId) => ({ accountId, day: '2022-07-15', msAfterRelease: 5000, deviceId: 'dev1' }));
    expect(
      findAbuse(traces)
        .map((f) => f.accountId)
        .sort(),
    ).toEqual(['a', 'b', 'c', 'd']);
    expect(findAbuse(traces.slice(0, 3))).toEqual([]);
  });

  it('flags an account faster than a person on three days, not one lucky day', () => {
    const fast = (day: string) => ({ accountId: 'bot', day, msAfterRelease: 40, deviceId: null });
    expect(findAbuse([fast('2022-07-13'), fast('2022-07-14')])).toEqual([]);
    expect(findAbuse([fast('2022-07-13'), fast('2022-07-14'), fast('2022-07-15')])).toEqual([
      { accountId: 'bot', kind: 'always_first', details: { days: ['2022-07-13', '2022-07-14', '2022-07-15'], withinMs: 300 } },
    ]);
  });
});
