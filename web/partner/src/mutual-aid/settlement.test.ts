import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api.ts';
import { idNumberCheckChar } from '../../../shared/id-number.ts';
import {
  formFieldOf,
  lineRatePct,
  parseYuan,
  problemsByField,
  readSettlementForm,
  refusalOf,
  yuanText,
  type SettlementForm,
} from './settlement.ts';

const first17 = '33062119880312101';
const idNumber = `${first17}${idNumberCheckChar(first17)}`;
const today = '2026-07-01';

const form = (overrides: Partial<SettlementForm> = {}): SettlementForm => ({
  idNumber,
  name: '王建军',
  settlementRef: 'ZY20260701-0001',
  admittedOn: '2026-06-20',
  dischargedOn: today,
  total: '80000',
  inScope: '30,000',
  aboveCeiling: '20000.00',
  selfPaid: '¥52000.5',
  diagnosis: '',
  ...overrides,
});

describe(parseYuan.name, () => {
  it('reads the settlement sheet in yuan as exact fen, zero included', () => {
    expect(parseYuan('30000')).toEqual({ ok: true, fen: 3_000_000 });
    expect(parseYuan('30,000.5')).toEqual({ ok: true, fen: 3_000_050 });
    expect(parseYuan(' ￥1,234,567.89 ')).toEqual({ ok: true, fen: 123_456_789 });
    expect(parseYuan('0.29')).toEqual({ ok: true, fen: 29 });
    expect(parseYuan('.5')).toEqual({ ok: true, fen: 50 });
    expect(parseYuan('0')).toEqual({ ok: true, fen: 0 });
  });

  it('refuses what it would have to guess, and says an empty box is empty', () => {
    expect(parseYuan('')).toEqual({ ok: false, problem: 'required' });
    expect(parseYuan('  ')).toEqual({ ok: false, problem: 'required' });
    for (const text of ['-5', '1.234', '3,00', '30,0000', '1e5', '五千', '.']) {
      expect(parseYuan(text), text).toEqual({ ok: false, problem: 'format' });
    }
    expect(parseYuan('100000000.01')).toEqual({ ok: false, problem: 'tooLarge' });
  });
});

describe(yuanText.name, () => {
  it('writes fen as yuan with thousands separators and two decimals', () => {
    expect(yuanText(2_000_000)).toBe('20,000.00');
    expect(yuanText(5)).toBe('0.05');
    expect(yuanText(123_456_789)).toBe('1,234,567.89');
  });
});

describe(readSettlementForm.name, () => {
  it('reads a filled form into the body the server takes', () => {
    expect(readSettlementForm(form({ diagnosis: '  腰椎间盘突出 ' }), today)).toEqual({
      ok: true,
      body: {
        idNumber,
        name: '王建军',
        settlementRef: 'ZY20260701-0001',
        admittedOn: '2026-06-20',
        dischargedOn: today,
        figures: { totalFen: 8_000_000, inScopeSelfPaidFen: 3_000_000, aboveCeilingFen: 2_000_000, selfPaidFen: 5_200_050 },
        diagnosis: '腰椎间盘突出',
      },
    });
  });

  it('leaves out an empty diagnosis and normalises a full-width 身份证号', () => {
    const fullWidth = idNumber.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const read = readSettlementForm(form({ idNumber: fullWidth }), today);
    expect(read).toMatchObject({ ok: true, body: { idNumber } });
    expect(read.ok && 'diagnosis' in read.body).toBe(false);
  });

  it('names every box to fix at once', () => {
    const read = readSettlementForm(
      form({
        idNumber: `${first17}${idNumberCheckChar(first17) === '0' ? '1' : '0'}`,
        name: '王',
        settlementRef: 'ZY 0001',
        admittedOn: null,
        dischargedOn: '2026-07-02',
        total: '',
        inScope: '3.005',
      }),
      today,
    );
    expect(read).toEqual({
      ok: false,
      problems: {
        idNumber: { kind: 'idNumber', code: 'id_number_checksum' },
        name: { kind: 'form', key: 'nameLength' },
        settlementRef: { kind: 'form', key: 'refFormat' },
        admittedOn: { kind: 'form', key: 'required' },
        dischargedOn: { kind: 'form', key: 'dateFuture' },
        total: { kind: 'form', key: 'required' },
        inScope: { kind: 'form', key: 'amountFormat' },
      },
    });
  });

  it('settles a child: the joining age is not the hospital form’s business', () => {
    const child = '33062120200312101';
    expect(readSettlementForm(form({ idNumber: `${child}${idNumberCheckChar(child)}` }), today).ok).toBe(true);
  });

  it('leaves how the figures relate to the server', () => {
    expect(readSettlementForm(form({ total: '100', selfPaid: '200' }), today).ok).toBe(true);
  });
});

describe(formFieldOf.name, () => {
  it('puts each server problem under its box, the rules between figures under 个人自付合计', () => {
    expect(formFieldOf('idNumber')).toBe('idNumber');
    expect(formFieldOf('body.settlementRef')).toBe('settlementRef');
    expect(formFieldOf('dischargedOn')).toBe('dischargedOn');
    expect(formFieldOf('figures.totalFen')).toBe('total');
    expect(formFieldOf('body.figures.inScopeSelfPaidFen')).toBe('inScope');
    expect(formFieldOf('figures.aboveCeilingFen')).toBe('aboveCeiling');
    expect(formFieldOf('figures.self_paid_over_total')).toBe('selfPaid');
    expect(formFieldOf('figures.parts_over_self_paid')).toBe('selfPaid');
    expect(formFieldOf('times_used')).toBeNull();
    expect(formFieldOf(undefined)).toBeNull();
  });

  it('splits a problem into its boxes and the rest', () => {
    const error = new ApiError({
      title: '填写有误，请检查标出的 2 处',
      status: 400,
      code: 'mutual-aid.invalid',
      errors: [
        { field: 'figures.self_paid_over_total', code: 'mutual-aid.self_paid_over_total', message: '个人自付金额不能超过医疗费用总额' },
        { field: 'not_covered', code: 'mutual-aid.not_covered', message: '查无有效参保' },
      ],
    });
    expect(problemsByField(error)).toEqual({ byField: { selfPaid: ['个人自付金额不能超过医疗费用总额'] }, rest: ['查无有效参保'] });
  });
});

describe(refusalOf.name, () => {
  const problem = (status: number, code: string) => new ApiError({ title: 'x', status, code });
  it('tells the refusals apart by the server’s code', () => {
    expect(refusalOf(problem(422, 'mutual-aid.not_covered'))).toBe('not_covered');
    expect(refusalOf(problem(409, 'mutual-aid.settlement_duplicate'))).toBe('duplicate');
    expect(refusalOf(problem(403, 'mutual-aid.not_hospital'))).toBe('not_hospital');
    expect(refusalOf(problem(400, 'mutual-aid.invalid'))).toBe('invalid');
    expect(refusalOf(problem(400, 'common.validation_failed'))).toBe('invalid');
    expect(refusalOf(problem(401, 'auth.partner_signature_invalid'))).toBe('other');
  });
  it('counts no answer, and a server that failed, as unanswered: the same submission may go again', () => {
    expect(refusalOf(problem(0, 'common.network'))).toBe('unanswered');
    expect(refusalOf(problem(502, 'http.502'))).toBe('unanswered');
    expect(refusalOf(new TypeError('Failed to fetch'))).toBe('unanswered');
  });
});

describe(lineRatePct.name, () => {
  it('reads the plan’s rate back from a line', () => {
    expect(lineRatePct({ baseFen: 3_000_000, payoutFen: 1_500_000, capped: false })).toBe(50);
    expect(lineRatePct({ baseFen: 3_333_333, payoutFen: 1_333_333, capped: false })).toBe(40);
  });
  it('says no rate for a capped line or one whose figures several rates explain', () => {
    expect(lineRatePct({ baseFen: 2_000_000, payoutFen: 500_000, capped: true })).toBeNull();
    expect(lineRatePct({ baseFen: 50, payoutFen: 25, capped: false })).toBeNull();
    expect(lineRatePct({ baseFen: 0, payoutFen: 0, capped: false })).toBeNull();
  });
});
