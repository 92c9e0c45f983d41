import { describe, expect, it } from 'vitest';
import { maskAddress, maskIdNumber, maskMobile, maskName } from './mask.js';

// Each case: what the mask should do, the input, and the masked output.
type MaskCase = readonly [behaviour: string, input: string, masked: string];

const casesByMask: ReadonlyArray<readonly [mask: (value: string) => string, cases: readonly MaskCase[]]> = [
  [
    maskIdNumber,
    [
      [
        'keeps the first four and last four characters of an 18-character ID and stars the ten between',
        '330603199001011238',
        '3306**********1238',
      ],
      ['keeps a trailing X visible', '11010519491231002X', '1101**********002X'],
      ['stars every character of a value shorter than eight', '3306031', '*******'],
      ['stars nothing in the middle of a value of exactly eight characters', '33061238', '33061238'],
    ],
  ],
  [
    maskMobile,
    [
      ['keeps the first three and last four digits of a mobile number', '13812345678', '138****5678'],
      ['stars every digit of a value shorter than seven', '123456', '******'],
    ],
  ],
  [
    maskName,
    [
      ['leaves a one-character name as it is', '韩', '韩'],
      ['stars the given name of a two-character name', '张三', '张*'],
      ['keeps the first and last character of a three-character name', '朱融融', '朱*融'],
      ['stars the two middle characters of a four-character name', '欧阳娜娜', '欧**娜'],
      ['counts a character outside the Basic Multilingual Plane (𠮷) as one character', '𠮷野家', '𠮷*家'],
      ['returns an empty name unchanged', '', ''],
    ],
  ],
  [
    maskAddress,
    [
      [
        'keeps province, city and district (nine characters) and stars the street address',
        '浙江省绍兴市柯桥区笛扬路18号',
        '浙江省绍兴市柯桥区******',
      ],
      ['puts at most six stars however long the hidden part is', '浙江省绍兴市柯桥区柯桥街道笛扬路1888号', '浙江省绍兴市柯桥区******'],
      ['puts one star per hidden character when fewer than six are hidden', '浙江省绍兴市柯桥区柯桥街道', '浙江省绍兴市柯桥区****'],
      ['returns an address of nine characters or fewer unchanged', '浙江省绍兴市柯桥区', '浙江省绍兴市柯桥区'],
    ],
  ],
];

for (const [mask, cases] of casesByMask) {
  describe(mask.name, () => {
    it.each(cases)('%s', (_behaviour, input, masked) => {
      expect(mask(input)).toBe(masked);
    });
  });
}

describe(`${maskAddress.name} with a kept length`, () => {
  it('keeps as many characters as asked', () => {
    expect(maskAddress('绍兴市柯桥区总工会', 6)).toBe('绍兴市柯桥区***');
  });
});
