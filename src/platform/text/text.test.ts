import { describe, expect, it } from 'vitest';
import { codePointLength, decodeUtf8, isCleanLine, isCleanText } from './text.js';

describe(isCleanText.name, () => {
  it('accepts text of every plane, line breaks and tabs, and emoji joined by a zero-width joiner', () => {
    for (const text of ['柯桥区总工会', '𠮷李', '王𪚥', '阿依古丽·买买提', 'O’Brien', '第一行\n第二行\r\n\t缩进', '合并 👨‍👩‍👧 🏳️‍🌈 👩🏽‍💻', '']) {
      expect(isCleanText(text), JSON.stringify(text)).toBe(true);
    }
  });

  it('refuses controls, bidi embeddings, overrides, isolates and marks, zero-width characters, the BOM and lone surrogates', () => {
    const refused = [
      '\u0000',
      '\u0007',
      '\u001b[31m',
      '\u007f',
      '\u0085',
      '\u009b',
      '\u061c',
      '\u200e',
      '\u200f',
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\ufeff',
      '\ud800',
    ];
    for (const bad of refused) expect(isCleanText(`李${bad}明`), JSON.stringify(bad)).toBe(false);
    // A joiner between letters, or at an emoji's edge with nothing to join, is hiding, not joining.
    expect(isCleanText('👍\u200d')).toBe(false);
    expect(isCleanText('a\u200d👍')).toBe(false);
  });
});

describe(isCleanLine.name, () => {
  it('refuses line breaks and tabs as well', () => {
    expect(isCleanLine('柯桥区总工会')).toBe(true);
    for (const text of ['柯桥\n工会', '柯桥\r工会', '柯桥\t工会', '柯桥\u2028工会', '柯桥\u2029工会']) {
      expect(isCleanLine(text)).toBe(false);
    }
  });
});

describe(codePointLength.name, () => {
  it('counts a character outside the BMP once', () => {
    expect(codePointLength('𠮷李')).toBe(2);
    expect('𠮷李'.length).toBe(3);
    expect(codePointLength('')).toBe(0);
  });
});

describe(decodeUtf8.name, () => {
  it('decodes valid UTF-8 exactly, BOM included, and answers null for bytes that are not UTF-8', () => {
    expect(decodeUtf8(Buffer.from('{"name":"𠮷李"}'))).toBe('{"name":"𠮷李"}');
    expect(decodeUtf8(Buffer.from('\ufeff{}'))).toBe('\ufeff{}');
    expect(decodeUtf8(Buffer.from([0x7b, 0xff, 0x7d]))).toBeNull();
    // Half of 𠮷's four bytes, and an overlong encoding of "/".
    expect(decodeUtf8(Buffer.from([0xf0, 0xa0]))).toBeNull();
    expect(decodeUtf8(Buffer.from([0xc0, 0xaf]))).toBeNull();
    // A surrogate encoded on its own (CESU-8) is not UTF-8 either.
    expect(decodeUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBeNull();
  });
});
