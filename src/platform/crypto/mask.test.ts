import { describe, expect, it } from 'vitest';
import { maskAddress, maskIdNumber, maskMobile, maskName } from './mask.js';

describe(maskIdNumber.name, () => {
  it('keeps the first four and last four characters of an 18-character ID and stars the ten between', () => {
    expect(maskIdNumber('330603199001011238')).toBe('3306**********1238');
  });

  it('keeps a trailing X visible', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });

  it('stars every character of a value shorter than eight', () => {
    expect(maskIdNumber('3306031')).toBe('*******');
  });

  it('stars nothing in the middle of a value of exactly eight characters', () => {
    expect(maskIdNumber('33061238')).toBe('33061238');
  });
});

describe(maskMobile.name, () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
  });

  it('stars every digit of a value shorter than seven', () => {
    expect(maskMobile('123456')).toBe('******');
  });
});

describe(maskName.name, () => {
  it('leaves a one-character name as it is', () => {
    expect(maskName('韩')).toBe('韩');
  });

  it('stars the given name of a two-character name', () => {
    expect(maskName('张三')).toBe('张*');
  });

  it('keeps the first and last character of a three-character name', () => {
    expect(maskName('朱融融')).toBe('朱*融');
  });

  it('stars the two middle characters of a four-character name', () => {
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
  });

  it('counts a character outside the Basic Multilingual Plane (𠮷) as one character', () => {
    expect(maskName('𠮷野家')).toBe('𠮷*家');
  });

  it('returns an empty name unchanged', () => {
    expect(maskName('')).toBe('');
  });
});

describe(maskAddress.name, () => {
  it('keeps province, city and district (nine characters) and stars the street address', () => {
    expect(maskAddress('浙江省绍兴市柯桥区笛扬路18号')).toBe('浙江省绍兴市柯桥区******');
  });

  it('puts at most six stars however long the hidden part is', () => {
    expect(maskAddress('浙江省绍兴市柯桥区柯桥街道笛扬路1888号')).toBe('浙江省绍兴市柯桥区******');
  });

  it('puts one star per hidden character when fewer than six are hidden', () => {
    expect(maskAddress('浙江省绍兴市柯桥区柯桥街道')).toBe('浙江省绍兴市柯桥区****');
  });

  it('returns an address of nine characters or fewer unchanged', () => {
    expect(maskAddress('浙江省绍兴市柯桥区')).toBe('浙江省绍兴市柯桥区');
  });

  it('keeps as many characters as asked', () => {
    expect(maskAddress('绍兴市柯桥区总工会', 6)).toBe('绍兴市柯桥区***');
  });
});
