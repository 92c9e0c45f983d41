import { describe, expect, it } from 'vitest';
import { formatYuan } from './money.js';

describe(formatYuan.name, () => {
  it('writes fen as yuan with separators and two decimals', () => {
    expect(formatYuan(123_450)).toBe('1,234.50');
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(100_000)).toBe('1,000.00');
    // 全总's winter-aid money: 1,320万 yuan.
    expect(formatYuan(1_320_000_000)).toBe('13,200,000.00');
    expect(formatYuan(-250)).toBe('-2.50');
  });
});
