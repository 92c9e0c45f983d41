import { describe, expect, it } from 'vitest';
import { fileNameOf } from './save-download.ts';

describe(fileNameOf.name, () => {
  it('reads the UTF-8 name the server sends beside the ASCII one', () => {
    const header = `attachment; filename="hardship-bank-file-20261207.xlsx"; filename*=UTF-8''${encodeURIComponent('2027年春节送温暖-银行代发清单-20261207.xlsx')}`;
    expect(fileNameOf(header)).toBe('2027年春节送温暖-银行代发清单-20261207.xlsx');
  });

  it('falls back on the plain name, and on nothing', () => {
    expect(fileNameOf('attachment; filename="ranking.xlsx"')).toBe('ranking.xlsx');
    expect(fileNameOf(`attachment; filename="a.xlsx"; filename*=UTF-8''%E0%A4%A`)).toBe('a.xlsx');
    expect(fileNameOf('attachment')).toBeNull();
    expect(fileNameOf(null)).toBeNull();
  });
});
