import { describe, expect, it } from 'vitest';
import { checkIdNumber, checkUscc, idNumberCheckChar } from './rules.ts';

describe('the join form’s ID number check', () => {
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

  it('names what is wrong', () => {
    expect(checkIdNumber('1101051949123100', '2026-07-01')).toEqual({ ok: false, problem: 'length' });
    expect(checkIdNumber('11010519491231A02X', '2026-07-01')).toEqual({ ok: false, problem: 'format' });
    expect(checkIdNumber('110105194902300021', '2026-07-01')).toEqual({ ok: false, problem: 'date' });
    expect(checkIdNumber('110105194912310021', '2026-07-01')).toEqual({ ok: false, problem: 'checksum' });
    const young = `11010520150101001`;
    expect(checkIdNumber(`${young}${idNumberCheckChar(young)}`, '2026-07-01')).toEqual({ ok: false, problem: 'under_age' });
    const future = `11010520300101001`;
    expect(checkIdNumber(`${future}${idNumberCheckChar(future)}`, '2026-07-01')).toEqual({ ok: false, problem: 'date' });
  });

  it('checks a unified social credit code', () => {
    expect(checkUscc('91330603MA2JP8Q4AK')).toEqual({ ok: true, value: '91330603MA2JP8Q4AK' });
    expect(checkUscc('91330603MA2JP8Q4AL')).toEqual({ ok: false, problem: 'checksum' });
    expect(checkUscc('9133')).toEqual({ ok: false, problem: 'format' });
  });
});
