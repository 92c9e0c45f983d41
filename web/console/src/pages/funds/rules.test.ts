import { describe, expect, it } from 'vitest';
import type { StatementLine } from './api.ts';
import {
  canReverse,
  cleanFilters,
  cleanSources,
  counterpartyText,
  crumbsOf,
  isBelow,
  kindText,
  maskPayee,
  MAX_MOVEMENT_FEN,
  parseYuan,
  reversedIds,
  yuanProblemText,
} from './rules.ts';

describe(parseYuan.name, () => {
  it('reads yuan as staff type them, with or without thousands commas, to exact fen', () => {
    expect(parseYuan('1,234.5')).toEqual({ ok: true, fen: 123_450 });
    expect(parseYuan('600,000')).toEqual({ ok: true, fen: 60_000_000 }); // 浙江's 送温暖 receipt in the seed
    expect(parseYuan('300000')).toEqual({ ok: true, fen: 30_000_000 });
    expect(parseYuan(' 79,000.00 ')).toEqual({ ok: true, fen: 7_900_000 });
    expect(parseYuan('0.29')).toEqual({ ok: true, fen: 29 }); // 0.29 * 100 is 28.999… in floating point
    expect(parseYuan('1000.5')).toEqual({ ok: true, fen: 100_050 });
    expect(parseYuan('+12')).toEqual({ ok: true, fen: 1_200 });
  });

  it('refuses three decimals, as the ledger counts fen', () => {
    expect(parseYuan('1.234')).toEqual({ ok: false, problem: 'not_integer' });
    expect(parseYuan('1,000.005')).toEqual({ ok: false, problem: 'not_integer' });
  });

  it('refuses zero and negative amounts', () => {
    expect(parseYuan('-100')).toEqual({ ok: false, problem: 'not_positive' });
    expect(parseYuan('-1,000.50')).toEqual({ ok: false, problem: 'not_positive' });
    expect(parseYuan('0')).toEqual({ ok: false, problem: 'not_positive' });
    expect(parseYuan('0.00')).toEqual({ ok: false, problem: 'not_positive' });
  });

  it('refuses more than 100 million yuan in one movement, however many digits', () => {
    expect(parseYuan('100,000,000')).toEqual({ ok: true, fen: MAX_MOVEMENT_FEN });
    expect(parseYuan('100000000.01')).toEqual({ ok: false, problem: 'too_large' });
    expect(parseYuan('99999999999999999999')).toEqual({ ok: false, problem: 'too_large' });
  });

  it('refuses text that is no amount: misplaced commas, letters, an empty box', () => {
    for (const text of ['', '1,23', '12,34.5', '1,2345', ',100', '1.', '.5', 'abc', '1e5', '１００', '¥100', '100 000x']) {
      expect(parseYuan(text), text).toEqual({ ok: false, problem: 'format' });
    }
  });

  it('words each refusal as the server does', () => {
    expect(yuanProblemText('not_integer')).toBe('金额须精确到分');
    expect(yuanProblemText('not_positive')).toBe('金额须大于 0');
    expect(yuanProblemText('too_large')).toBe('单笔金额不能超过 1 亿元，请核对是否多填了位数');
    expect(yuanProblemText('format')).toContain('1,000');
  });
});

describe(maskPayee.name, () => {
  it('masks a name as the platform masks names, and leaves a masked one as it is', () => {
    expect(maskPayee('王建军')).toBe('王*军');
    expect(maskPayee('王*军')).toBe('王*军');
    expect(maskPayee('陈明')).toBe('陈*');
    expect(maskPayee('欧阳娜娜')).toBe('欧**娜');
    expect(maskPayee(' 李芳芳 ')).toBe('李*芳');
    expect(maskPayee('𠮷野家')).toBe('𠮷*家'); // a character outside the BMP counts once
    expect(maskPayee('')).toBe('');
  });
});

describe(crumbsOf.name, () => {
  const province = { id: 'p', name: '浙江省总工会', depth: 0 };
  const city = { id: 'c', name: '绍兴市总工会', depth: 1 };
  const keqiao = { id: 'k', name: '柯桥区总工会' };

  it('leads from the top of the fund down to the union on screen', () => {
    expect(crumbsOf(province, keqiao, [city, province])).toEqual([
      { id: 'p', name: '浙江省总工会' },
      { id: 'c', name: '绍兴市总工会' },
      keqiao,
    ]);
  });

  it('starts at the top the staff member sees, not at the tree’s root', () => {
    expect(crumbsOf({ id: 'c', name: '绍兴市总工会' }, keqiao, [province, city])).toEqual([{ id: 'c', name: '绍兴市总工会' }, keqiao]);
  });

  it('is the union alone at the top, and the top and the union without the ancestors', () => {
    expect(crumbsOf(province, province, null)).toEqual([province]);
    expect(crumbsOf(province, keqiao, null)).toEqual([province, keqiao]);
  });
});

describe(isBelow.name, () => {
  it('is true only strictly below: where an allocation may go', () => {
    expect(isBelow('/p/c/k/', '/p/c/')).toBe(true);
    expect(isBelow('/p/c/', '/p/c/')).toBe(false);
    expect(isBelow('/p/', '/p/c/')).toBe(false);
    expect(isBelow('/p/y/', '/p/c/')).toBe(false);
  });
});

const line = (over: Partial<StatementLine>): StatementLine => ({
  id: 'l1',
  fundId: 'f',
  kind: 'disbursement',
  reversal: false,
  amountFen: 100_000,
  fromOrgId: 'k',
  toOrgId: 'k',
  sourceId: null,
  reversesId: null,
  ref: null,
  payee: '王*军',
  memo: null,
  actorName: '柯桥区总工会管理员',
  createdAt: '2026-01-20T02:00:00.000Z',
  inFen: 0,
  outFen: 100_000,
  balanceFen: 7_900_000,
  counterparty: null,
  sourceName: null,
  ...over,
});

describe('reversals on the statement', () => {
  it('knows a line is reversed when its reversal is among the loaded lines', () => {
    const lines = [line({ id: 'r', reversal: true, reversesId: 'l1' }), line({ id: 'l1' })];
    expect([...reversedIds(lines)]).toEqual(['l1']);
  });

  it('offers 冲正 on a line once, never on a reversal', () => {
    const view = { orgId: 'k', myOrgId: 'k' };
    expect(canReverse(line({}), new Set(), view)).toBe(true);
    expect(canReverse(line({}), new Set(['l1']), view)).toBe(false);
    expect(canReverse(line({ reversal: true, reversesId: 'x' }), new Set(), view)).toBe(false);
  });

  it('does not offer 冲正 on money the union above gave the staff member’s own union', () => {
    const incoming = line({
      kind: 'allocation',
      inFen: 8_000_000,
      outFen: 0,
      fromOrgId: 'c',
      counterparty: { id: 'c', name: '绍兴市总工会' },
    });
    expect(canReverse(incoming, new Set(), { orgId: 'k', myOrgId: 'k' })).toBe(false);
    // 绍兴's staff looking at 柯桥's statement gave it themselves.
    expect(canReverse(incoming, new Set(), { orgId: 'k', myOrgId: 'c' })).toBe(true);
  });

  it('names the kind, with （冲正） on a reversal', () => {
    expect(kindText({ kind: 'source', reversal: false })).toBe('来源收入');
    expect(kindText({ kind: 'disbursement', reversal: true })).toBe('支出（冲正）');
  });

  it('says where the money came from or went', () => {
    expect(counterpartyText(line({ kind: 'source', sourceName: '全总下拨', inFen: 1 }))).toBe('来源：全总下拨');
    expect(counterpartyText(line({ kind: 'allocation', inFen: 0, counterparty: { id: 'c', name: '绍兴市总工会' } }))).toBe(
      '下拨绍兴市总工会',
    );
    expect(counterpartyText(line({ kind: 'allocation', inFen: 5, counterparty: { id: 'p', name: '浙江省总工会' } }))).toBe(
      '浙江省总工会下拨',
    );
    expect(counterpartyText(line({}))).toBe('—');
  });
});

describe('form and filter helpers', () => {
  it('drops empty filters, so the export link carries only what is chosen', () => {
    expect(cleanFilters({ orgId: 'k', from: '2026-01-01', to: undefined, kind: undefined })).toEqual({ orgId: 'k', from: '2026-01-01' });
  });

  it('keeps each source once, trimmed, in the order typed', () => {
    expect(cleanSources([' 全总下拨', '省总工会自筹', '全总下拨', ' '])).toEqual(['全总下拨', '省总工会自筹']);
    expect(cleanSources(undefined)).toEqual([]);
  });
});
