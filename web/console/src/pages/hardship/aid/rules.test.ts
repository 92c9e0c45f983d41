import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../../shared/api.ts';
import type { Fund } from '../../funds/api.ts';
import {
  amountOf,
  batchProblems,
  batchTotalFen,
  chainOf,
  defaultBatchName,
  fundsReaching,
  ITEM_CODE,
  itemFieldOf,
  limitTexts,
  suggestedCode,
  toItemBody,
} from './rules.ts';

// The demo tree's paths: 浙江 (p) → 绍兴 (c) → 越城 (y) and 柯桥 (k).
const PROVINCE = '/p/';
const YUECHENG = '/p/c/y/';

function fund(id: string, orgId: string, status: Fund['status'] = 'active'): Fund {
  return {
    id,
    orgId,
    orgName: orgId,
    name: id,
    purpose: 'warmth',
    description: null,
    status,
    sources: [],
    createdAt: '2026-12-01T00:00:00.000Z',
  };
}

describe(limitTexts.name, () => {
  it('words the demo item’s limits: 2,000 yuan and once a year per household', () => {
    expect(limitTexts({ maxAmountFenPerYear: 200_000, maxTimesPerYear: 1, oncePerHousehold: false })).toEqual([
      '每户每年最多 ¥2,000.00',
      '每户每年最多 1 次',
    ]);
  });

  it('says a one-off grant is once per household, and an item without limits has none', () => {
    expect(limitTexts({ maxAmountFenPerYear: 1_000_000, maxTimesPerYear: null, oncePerHousehold: true })).toEqual([
      '每户每年最多 ¥10,000.00',
      '每户限领一次',
    ]);
    expect(limitTexts({ maxAmountFenPerYear: null, maxTimesPerYear: null, oncePerHousehold: false })).toEqual(['不限']);
  });
});

describe(fundsReaching.name, () => {
  it('offers the funds of the union and the unions above it, open ones only', () => {
    const funds = [fund('province', 'p'), fund('city', 'c'), fund('keqiao', 'k'), fund('closed', 'p', 'closed')];
    expect(fundsReaching(funds, YUECHENG).map((f) => f.id)).toEqual(['province', 'city']);
    expect(fundsReaching(funds, PROVINCE).map((f) => f.id)).toEqual(['province']);
  });

  it('reads the chain from the materialised path', () => {
    expect(chainOf(YUECHENG)).toEqual(['p', 'c', 'y']);
  });
});

describe(toItemBody.name, () => {
  it('sends yuan as fen, blank limits as none, the union chosen on the page', () => {
    expect(
      toItemBody(
        {
          name: ' 春节送温暖慰问金 ',
          code: 'spring_warmth',
          kind: 'winter',
          fundId: 'f',
          defaultAmount: '1,500',
          maxAmount: '',
          maxTimes: null,
        },
        'p',
      ),
    ).toEqual({
      orgId: 'p',
      name: '春节送温暖慰问金',
      code: 'spring_warmth',
      kind: 'winter',
      fundId: 'f',
      defaultAmountFen: 150_000,
      maxAmountFenPerYear: null,
      maxTimesPerYear: null,
      oncePerHousehold: false,
    });
  });

  it('puts the server’s fields under the form’s boxes', () => {
    expect(itemFieldOf('defaultAmountFen')).toBe('defaultAmount');
    expect(itemFieldOf('body.maxAmountFenPerYear')).toBe('maxAmount');
    expect(itemFieldOf('orgId')).toBeNull();
  });

  it('suggests codes the server takes', () => {
    expect(suggestedCode('serious_illness', 2027)).toBe('serious_illness_2027');
    expect(ITEM_CODE.test(suggestedCode('serious_illness', 2027))).toBe(true);
    expect(ITEM_CODE.test('Winter')).toBe(false);
    expect(ITEM_CODE.test('w')).toBe(false);
  });
});

describe(batchTotalFen.name, () => {
  it('counts a blank amount at the item’s standard sum and a typed one as typed', () => {
    expect(amountOf('')).toEqual({ ok: true, fen: null });
    expect(amountOf('2,500')).toEqual({ ok: true, fen: 250_000 });
    expect(amountOf('-5')).toEqual({ ok: false });
    expect(batchTotalFen(['a', 'b'], { a: '', b: '2,500' }, 150_000)).toBe(400_000);
    expect(batchTotalFen(['a', 'b'], {}, 150_000)).toBe(300_000);
  });

  it('names a batch after its year and item', () => {
    expect(defaultBatchName('春节送温暖慰问金', 2027)).toBe('2027年春节送温暖慰问金');
  });
});

describe(batchProblems.name, () => {
  it('puts each refusal under the household at its place in the batch as sent, the rest apart', () => {
    const error = new ApiError({
      title: '这批帮扶有 2 户不能发放，请按标出的问题调整后再提交',
      status: 422,
      code: 'hardship.aid_refused',
      errors: [
        { field: 'aids.1.amountFen', code: 'hardship.aid_times_exceeded', message: 'KN3306022026000001：这项帮扶每年最多 1 次' },
        { field: 'aids.0.fileId', code: 'hardship.aid_file_not_filed', message: '档案 KN3306022026000003 当前为「公示中」' },
        { field: 'aids', code: 'hardship.aid_files_twice', message: '同一户在一个批次中只能出现一次' },
      ],
    });
    const { byFile, rest } = batchProblems(error, ['f0', 'f1']);
    expect(byFile.get('f1')).toEqual(['KN3306022026000001：这项帮扶每年最多 1 次']);
    expect(byFile.get('f0')).toEqual(['档案 KN3306022026000003 当前为「公示中」']);
    expect(rest).toEqual(['同一户在一个批次中只能出现一次']);
  });

  it('keeps a refusal that names no household (funds.insufficient, a network error) whole', () => {
    expect(batchProblems(new Error('offline'), ['f0'])).toEqual({ byFile: new Map(), rest: [] });
  });
});
