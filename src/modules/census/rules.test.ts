// The census's rules with the seeds' numbers: 柯桥区's couriers and targets, 佳木斯's count, 洛阳's drive.
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../test/harness/members.js';
import { checkListedRow, checkTargetSplit, coverageRate, targetProgress } from './rules.js';

const KEQIAO = { regionCode: '330603', trade: null };

describe('a row of a census list', () => {
  it('takes a courier of 柯桥区 placed by the street his address names', () => {
    const checked = checkListedRow(
      {
        name: '王建国',
        idNumber: makeIdNumber('330603', '19880808', 3),
        phone: '139 0575 1234',
        trade: '快递员',
        employerName: '中通快递',
        place: '柯桥区华舍街道蜀阜路 8 号',
      },
      KEQIAO,
    );
    expect(checked).toMatchObject({
      ok: true,
      person: { trade: 'courier', regionCode: '330603003', phone: '13905751234', employerName: '中通快递' },
    });
  });

  it('needs a 身份证号 or a mobile to be matched at all, and names Excel’s scientific notation for what it is', () => {
    expect(checkListedRow({ name: '李四', trade: '快递员' }, KEQIAO)).toMatchObject({
      ok: false,
      problems: [{ code: 'census.no_id_or_phone' }],
    });
    expect(checkListedRow({ name: '李四', idNumber: '3.30603E+17', trade: '快递员' }, KEQIAO)).toMatchObject({
      ok: false,
      problems: [{ code: 'files.excel_scientific' }],
    });
  });

  it('leaves a landline out with a warning when the ID is good, and refuses it when it is all there is', () => {
    const id = makeIdNumber('330603', '19900101', 1);
    expect(checkListedRow({ name: '张三', idNumber: id, phone: '0575-84123456', trade: '骑手' }, KEQIAO)).toMatchObject({
      ok: true,
      person: { phone: null, trade: 'food_delivery' },
      warnings: [{ code: 'census.phone_not_mobile' }],
    });
    expect(checkListedRow({ name: '张三', phone: '0575-84123456', trade: '骑手' }, KEQIAO)).toMatchObject({ ok: false });
  });

  it('refuses a street outside the list’s area and a trade it cannot read; the list’s trade fills a row without one', () => {
    const id = makeIdNumber('330603', '19900101', 2);
    expect(checkListedRow({ name: '张三', idNumber: id, regionCode: '330602002', trade: '快递员' }, KEQIAO)).toMatchObject({
      ok: false,
      problems: [{ code: 'census.region_outside_list' }],
    });
    expect(checkListedRow({ name: '张三', idNumber: id, trade: '飞行员' }, KEQIAO)).toMatchObject({
      ok: false,
      problems: [{ code: 'census.trade_unknown' }],
    });
    expect(checkListedRow({ name: '张三', idNumber: id }, { regionCode: '330603001', trade: 'courier' })).toMatchObject({
      ok: true,
      person: { trade: 'courier', regionCode: '330603001' },
    });
  });
});

describe('coverage and targets', () => {
  it('gives 佳木斯’s 27,000 new-form workers, a tenth of all its workers, a rate only once someone is counted', () => {
    expect(coverageRate(27_000, 270_000)).toBeCloseTo(0.1);
    expect(coverageRate(0, 0)).toBeNull();
    // 柯桥区: 1,472 couriers counted, none yet a member.
    expect(coverageRate(0, 1_472)).toBe(0);
  });

  it('splits 柯桥区’s 4,000 new members down the tree, never giving away more than there is', () => {
    expect(checkTargetSplit(4_000, [1_500, 1_500, 1_000])).toEqual({ ok: true });
    expect(checkTargetSplit(4_000, [1_500, 1_500, 1_500])).toEqual({ ok: false, over: 500 });
    expect(checkTargetSplit(null, [1_500])).toEqual({ ok: true });
  });

  it('measures 洛阳’s 44,000 members by 30 June against a target', () => {
    expect(targetProgress(44_000, 40_000)).toBeCloseTo(1.1);
    expect(targetProgress(44_000, null)).toBeNull();
    // A third of 柯桥's 4,000 new members were new-form: 1,333 of 4,000.
    expect(targetProgress(1_333, 4_000)).toBeCloseTo(1 / 3, 2);
  });
});
