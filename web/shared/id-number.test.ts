import { describe, expect, it } from 'vitest';
import { checkIdNumber, idNumberCheckChar, normaliseIdNumber } from './id-number.ts';

const toFullWidth = (ascii: string) => ascii.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('normaliseIdNumber', () => {
  it('removes whitespace and uppercases x', () => {
    expect(normaliseIdNumber(' 110105 19491231 002x\t')).toBe('11010519491231002X');
  });

  it('turns full-width digits and Ｘ/ｘ into ASCII, and drops full-width spaces', () => {
    expect(normaliseIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X');
    expect(normaliseIdNumber('３３０６２１\u3000１９９５０６１２３５７Ｘ')).toBe('33062119950612357X');
    expect(normaliseIdNumber('１１０１０５19491231００２X')).toBe('11010519491231002X');
  });

  it('leaves any other character for the check to refuse', () => {
    expect(normaliseIdNumber('①１０１０５１９４９１２３１００２Ｘ')).toBe('①1010519491231002X');
    expect(checkIdNumber('①１０１０５１９４９１２３１００２Ｘ', '2026-07-01')).toEqual({ ok: false, problem: 'id_number_format' });
  });
});

describe('checkIdNumber', () => {
  it('computes the GB 11643 check character', () => {
    // The standard's own example.
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('44052418800101001')).toBe('4');
  });

  it('derives gender and birth date from a valid number', () => {
    const checked = checkIdNumber('11010519491231002x', '2026-07-01');
    expect(checked).toEqual({ ok: true, value: '11010519491231002X', facts: { birthDate: '1949-12-31', gender: 'female', age: 76 } });
    const first17 = '44052419800101001';
    const male = checkIdNumber(`${first17}${idNumberCheckChar(first17)}`, '2026-07-01');
    expect(male.ok && male.facts.gender).toBe('male');
  });

  it('accepts the README’s example typed in full-width characters, and returns it in ASCII', () => {
    const fullWidth = toFullWidth('33062119950612357X');
    expect(fullWidth).toBe('３３０６２１１９９５０６１２３５７Ｘ');
    expect(checkIdNumber(fullWidth, '2026-07-01')).toEqual({
      ok: true,
      value: '33062119950612357X',
      facts: { birthDate: '1995-06-12', gender: 'male', age: 31 },
    });
  });

  it('names what is wrong with the server’s problem codes', () => {
    expect(checkIdNumber('1101051949123100', '2026-07-01')).toEqual({ ok: false, problem: 'id_number_format' });
    expect(checkIdNumber('11010519491231A02X', '2026-07-01')).toEqual({ ok: false, problem: 'id_number_format' });
    expect(checkIdNumber('110105194902300021', '2026-07-01')).toEqual({ ok: false, problem: 'id_number_date' });
    expect(checkIdNumber('110105194912310021', '2026-07-01')).toEqual({ ok: false, problem: 'id_number_checksum' });
    const young = `11010520150101001`;
    expect(checkIdNumber(`${young}${idNumberCheckChar(young)}`, '2026-07-01')).toEqual({ ok: false, problem: 'under_age' });
    const future = `11010520300101001`;
    expect(checkIdNumber(`${future}${idNumberCheckChar(future)}`, '2026-07-01')).toEqual({ ok: false, problem: 'id_number_date' });
  });
});
