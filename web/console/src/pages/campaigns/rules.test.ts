import { describe, expect, it } from 'vitest';
import type { SettlementLine } from './api.ts';
import {
  axisTicks,
  countInWords,
  fenToYuan,
  flagDetailText,
  formFieldOf,
  niceCeiling,
  offeredActions,
  percentText,
  settlementTotals,
  termsSentence,
  toCampaignBody,
  yuanToFen,
} from './rules.ts';

describe(yuanToFen.name, () => {
  it('converts what staff type to fen exactly, with no float error', () => {
    expect(yuanToFen('2.99')).toBe(299);
    expect(yuanToFen('3')).toBe(300);
    expect(yuanToFen('5.99')).toBe(599);
    expect(yuanToFen('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(yuanToFen('1.1')).toBe(110);
    expect(yuanToFen(' 10000000 ')).toBe(1_000_000_000); // 佛山 智贺新春's budget cap
    expect(yuanToFen('0')).toBe(0);
  });

  it('refuses what is not an amount with at most two decimals', () => {
    for (const text of ['', '2.999', '-1', '1e3', '2,99', '¥3', '.5', '3.', 'abc', '１']) expect(yuanToFen(text)).toBeNull();
  });

  it('takes back every amount fenToYuan writes', () => {
    for (let fen = 0; fen < 2_000; fen += 7) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });
});

describe(fenToYuan.name, () => {
  it('writes yuan as prices are written, without trailing zeros', () => {
    expect(fenToYuan(299)).toBe('2.99');
    expect(fenToYuan(300)).toBe('3');
    expect(fenToYuan(290)).toBe('2.9');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(-150)).toBe('-1.5');
  });
});

describe(countInWords.name, () => {
  it('says round counts in 万', () => {
    expect(countInWords(50_000)).toBe('5万');
    expect(countInWords(15_000)).toBe('1.5万');
    expect(countInWords(10_000_000)).toBe('1000万');
    expect(countInWords(1_234)).toBe('1234');
    expect(countInWords(12_345)).toBe('12345');
  });
});

const summer = {
  thresholdFen: 300,
  discountFen: 299,
  dailyQuota: 50_000,
  perMemberPeriod: 'day',
  perMemberLimit: 1,
  releaseTime: '10:00',
  budgetFen: null,
} as const;

describe(termsSentence.name, () => {
  it('states 智送清凉 as the union announces it', () => {
    expect(termsSentence(summer)).toBe('满3元减2.99元，每天限领1张，每天10:00发放5万张');
  });

  it('states a per-campaign limit, an unlimited release and a budget cap', () => {
    expect(
      termsSentence({ ...summer, thresholdFen: 600, discountFen: 599, perMemberPeriod: 'campaign', perMemberLimit: 3, dailyQuota: 20_000 }),
    ).toBe('满6元减5.99元，每人限领3张，每天10:00发放2万张');
    expect(termsSentence({ ...summer, dailyQuota: null, budgetFen: 1_000_000_000 })).toBe(
      '满3元减2.99元，每天限领1张，每天10:00开放领取，不限量，预算上限1000万元',
    );
    expect(termsSentence({ ...summer, thresholdFen: 0, discountFen: 500 })).toBe('立减5元，每天限领1张，每天10:00发放5万张');
  });
});

describe(offeredActions.name, () => {
  const draft = { status: 'draft', createdBy: 'author', submittedBy: null } as const;
  const pending = { status: 'pending', createdBy: 'author', submittedBy: 'author' } as const;
  const operator = { canEdit: true, canReview: false };
  const reviewer = { canEdit: true, canReview: true };
  const names = (list: ReturnType<typeof offeredActions>) => list.map((a) => a.action);

  it('offers a draft for submission to its operator, and nothing to a viewer', () => {
    expect(names(offeredActions(draft, operator, 'author'))).toEqual(['submit']);
    expect(offeredActions(draft, { canEdit: false, canReview: false }, 'author')).toEqual([]);
  });

  it('offers approve and reject to another reviewer, and shows approve refused to the author (four eyes)', () => {
    expect(offeredActions(pending, reviewer, 'second')).toEqual([
      { action: 'approve', disabledReason: null },
      { action: 'reject', disabledReason: null },
    ]);
    const own = offeredActions(pending, reviewer, 'author');
    expect(own[0]?.action).toBe('approve');
    expect(own[0]?.disabledReason).toBe('活动须由提交人以外的另一位工作人员审批');
    expect(names(offeredActions(pending, operator, 'second'))).toEqual([]);
  });

  it('lets an operator pause and resume, and only a reviewer end', () => {
    const running = { status: 'approved', createdBy: 'a', submittedBy: 'a' } as const;
    expect(names(offeredActions(running, operator, 'x'))).toEqual(['pause']);
    expect(names(offeredActions(running, reviewer, 'x'))).toEqual(['pause', 'end']);
    expect(names(offeredActions({ ...running, status: 'paused' }, reviewer, 'x'))).toEqual(['resume', 'end']);
    expect(offeredActions({ ...running, status: 'ended' }, reviewer, 'x')).toEqual([]);
  });
});

describe(toCampaignBody.name, () => {
  it('sends money in fen, empty optional conditions as null and the budget as null when left empty', () => {
    const body = toCampaignBody({
      orgId: 'org',
      name: ' 智送清凉 ',
      thresholdYuan: '3',
      discountYuan: '2.99',
      budgetYuan: '',
      trades: [],
      regionCodes: [],
      unionIds: [],
      dailyQuota: 50_000,
      perMemberPeriod: 'day',
      perMemberLimit: 1,
      releaseTime: '10:00',
      startsOn: '2022-07-01',
      endsOn: '2022-09-30',
      validDays: 7,
    });
    expect(body).toMatchObject({
      name: '智送清凉',
      thresholdFen: 300,
      discountFen: 299,
      budgetFen: null,
      trades: null,
      regionCodes: null,
      unionIds: null,
      startsOn: '2022-07-01',
      endsOn: '2022-09-30',
    });
    expect(toCampaignBody({ budgetYuan: '10000000' }).budgetFen).toBe(1_000_000_000);
  });
});

describe(formFieldOf.name, () => {
  it('puts the server’s fen and date problems under the form’s yuan and range boxes', () => {
    expect(formFieldOf('discountFen')).toBe('discountYuan');
    expect(formFieldOf('body.budgetFen')).toBe('budgetYuan');
    expect(formFieldOf('endsOn')).toBe('dates');
    expect(formFieldOf('body.unionIds.0')).toBe('unionIds');
    expect(formFieldOf(undefined)).toBeNull();
  });
});

describe(settlementTotals.name, () => {
  it('adds up the lines the union pays', () => {
    const line = (redeemed: number, orderAmountFen: number, discountFen: number) =>
      ({ redeemed, orderAmountFen, discountFen }) as SettlementLine;
    expect(settlementTotals([line(2, 700, 598), line(1, 300, 299)])).toEqual({ redeemed: 3, orderAmountFen: 1000, discountFen: 897 });
    expect(settlementTotals([])).toEqual({ redeemed: 0, orderAmountFen: 0, discountFen: 0 });
  });
});

describe(flagDetailText.name, () => {
  it('says what each kind of flag saw', () => {
    expect(flagDetailText({ kind: 'shared_device', details: { day: '2026-07-01', deviceId: 'd', accounts: 5 } })).toBe(
      '2026-07-01 同一设备有 5 个账号领券',
    );
    expect(flagDetailText({ kind: 'always_first', details: { days: ['2026-07-01', '2026-07-02', '2026-07-03'], withinMs: 300 } })).toBe(
      '3 天在放券后 300 毫秒内领到：2026-07-01、2026-07-02、2026-07-03',
    );
  });
});

describe('chart and rate helpers', () => {
  it('puts an axis’s gridlines on whole numbers', () => {
    expect(axisTicks(15)).toEqual([0, 3, 6, 9, 12, 15]);
    expect(axisTicks(8)).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('rounds an axis up and writes a rate as a percentage', () => {
    expect([niceCeiling(0), niceCeiling(7), niceCeiling(37), niceCeiling(12_345), niceCeiling(50_000)]).toEqual([1, 8, 40, 15_000, 50_000]);
    expect(percentText(0.4567)).toBe('45.7%');
    expect(percentText(0)).toBe('0%');
  });
});
