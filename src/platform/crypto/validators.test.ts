import { describe, expect, it } from 'vitest';
import {
  checkIdNumber,
  checkMobile,
  checkPersonName,
  checkUscc,
  idNumberCheckChar,
  normaliseIdNumber,
  usccCheckChar,
} from './validators.js';

// A full 18-character ID from its first 17 digits, with the check character the standard prescribes.
function idNumber(first17: string): string {
  return `${first17}${idNumberCheckChar(first17)}`;
}

// The first birth serial (100–999) of 330603 / 1990-01-01 whose check character is 'X'.
function keqiaoIdEndingInX(): string {
  for (let serial = 100; serial < 1000; serial++) {
    const first17 = `33060319900101${serial}`;
    if (idNumberCheckChar(first17) === 'X') return `${first17}X`;
  }
  throw new Error('no serial gives X');
}

// One check character that is not the right one.
function otherCheckChar(right: string): string {
  return right === '0' ? '1' : '0';
}

describe(idNumberCheckChar.name, () => {
  it('gives X for the example number of GB 11643 (110105 朝阳区, born 1949-12-31)', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
  });

  it('gives a digit for a 柯桥区 number whose weighted sum is not 2 mod 11', () => {
    // 3·7+3·9+0·10+6·5+0·8+3·4+1·2+9·1+9·6+0·3+0·7+1·9+0·10+1·5+1·8+2·4+3·2 = 191; 191 mod 11 = 4 → '8'
    expect(idNumberCheckChar('33060319900101123')).toBe('8');
  });
});

describe(checkIdNumber.name, () => {
  const today = new Date('2026-03-01T12:00:00+08:00');

  it.each([
    [
      'a 柯桥区 (330603) number and reads its birth date, gender and region',
      '33060319900101123',
      { birthDate: '1990-01-01', gender: 'male', regionCode: '330603' },
    ],
    [
      'a Beijing 东城区 (110101) number and reads an even 17th digit as female',
      '11010119850615002',
      { birthDate: '1985-06-15', gender: 'female', regionCode: '110101' },
    ],
  ] as const)('accepts %s', (_what, first17, facts) => {
    const id = idNumber(first17);
    expect(checkIdNumber(id, today)).toEqual({ ok: true, value: id, facts });
  });

  it('accepts a Guangdong 广州 天河区 (440106) number born on 29 February of a leap year', () => {
    const id = idNumber('44010620000229031');
    expect(checkIdNumber(id, today)).toMatchObject({ ok: true, facts: { birthDate: '2000-02-29', gender: 'male', regionCode: '440106' } });
  });

  it('accepts the GB 11643 example number, whose check character is X', () => {
    expect(checkIdNumber('11010519491231002X', today)).toMatchObject({ ok: true, value: '11010519491231002X' });
  });

  it('accepts a 柯桥区 number ending in X', () => {
    const id = keqiaoIdEndingInX();
    expect(id.endsWith('X')).toBe(true);
    expect(checkIdNumber(id, today)).toMatchObject({ ok: true, value: id });
  });

  it('accepts a lowercase x check character and returns the number with an uppercase X', () => {
    const id = keqiaoIdEndingInX();
    expect(checkIdNumber(id.toLowerCase(), today)).toMatchObject({ ok: true, value: id });
  });

  it('accepts a number typed with surrounding and inner spaces and returns it without them', () => {
    const id = idNumber('33060319900101123');
    const typed = `  ${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)} `;
    expect(checkIdNumber(typed, today)).toMatchObject({ ok: true, value: id });
  });

  it('refuses a number whose check character is wrong', () => {
    const id = idNumber('33060319900101123');
    const wrong = `${id.slice(0, 17)}${otherCheckChar(id.slice(17))}`;
    expect(checkIdNumber(wrong, today)).toEqual({ ok: false, problem: 'checksum' });
  });

  it('refuses a number ending in X when the check character should be a digit', () => {
    const id = idNumber('33060319900101123');
    expect(id.endsWith('X')).toBe(false);
    expect(checkIdNumber(`${id.slice(0, 17)}X`, today)).toEqual({ ok: false, problem: 'checksum' });
  });

  // Numbers with the right check character for their first 17 digits, refused for what those digits say.
  it.each([
    ['a birth date that does not exist (30 February 1990) even with the right check character', 'date', '33060319900230123'],
    ['29 February of a year that is not a leap year (1990)', 'date', '33060319900229123'],
    ['month 13', 'date', '33060319901301123'],
    ['a birth date after today', 'date', '33060320260302123'],
    ['a birth year before 1900', 'date', '33060318991231123'],
    ['a number whose province prefix 99 does not exist', 'region', '99060319900101123'],
    ['a number whose prefecture 3399 does not exist in 浙江省', 'region', '33990319900101123'],
  ] as const)('refuses %s (problem: %s)', (_what, problem, first17) => {
    expect(checkIdNumber(idNumber(first17), today)).toEqual({ ok: false, problem });
  });

  it('accepts the same birth date once today has passed it', () => {
    const id = idNumber('33060320260302123');
    expect(checkIdNumber(id, new Date('2026-03-03T12:00:00+08:00'))).toMatchObject({ ok: true, facts: { birthDate: '2026-03-02' } });
  });

  it('accepts an old county code (330621 绍兴县, now 柯桥区) because the region check stops at the prefecture', () => {
    expect(checkIdNumber(idNumber('33062119800101123'), today)).toMatchObject({ ok: true, facts: { regionCode: '330621' } });
  });

  it.each([
    ['17 digits', '33060319900101123'],
    ['19 characters', `${idNumber('33060319900101123')}0`],
    ['an X anywhere but the last place', '3306031990010112X5'],
    ['an empty string', ''],
  ])('refuses %s as a format problem', (_what, input) => {
    expect(checkIdNumber(input, today)).toEqual({ ok: false, problem: 'format' });
  });
});

describe(normaliseIdNumber.name, () => {
  it('removes all whitespace and uppercases x', () => {
    expect(normaliseIdNumber(' 110105 19491231 002x\t')).toBe('11010519491231002X');
  });

  it('turns full-width digits and Ｘ/ｘ (a Chinese keyboard in full-width mode) into ASCII, full-width spaces removed', () => {
    expect(normaliseIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X');
    expect(normaliseIdNumber('３３０６２１\u3000１９９５０６１２３５７Ｘ')).toBe('33062119950612357X');
    expect(normaliseIdNumber('１１０１０５19491231００２X')).toBe('11010519491231002X');
  });

  it('leaves other characters for the check to refuse', () => {
    // Circled and other compatibility digits are not what anyone types for an ID.
    expect(normaliseIdNumber('①１０１０５１９４９１２３１００２Ｘ')).toBe('①1010519491231002X');
  });
});

describe('checkIdNumber with full-width input', () => {
  it('accepts an 18-digit ID typed in full-width characters and returns it in ASCII', () => {
    const id = idNumber('33062119950612357');
    const fullWidth = id.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(fullWidth).toMatch(/^[０-９]{17}[０-９Ｘ]$/);
    const checked = checkIdNumber(fullWidth, new Date('2026-03-01T12:00:00+08:00'));
    expect(checked).toMatchObject({ ok: true, value: id });
  });
});

describe(checkUscc.name, () => {
  const code = '91330603MA2JP8Q4AK';

  it('accepts a 柯桥区 company code (91330603MA2JP8Q4AK)', () => {
    expect(checkUscc(code)).toEqual({ ok: true, value: code });
  });

  it('accepts the code in lowercase and returns it in uppercase', () => {
    expect(checkUscc(code.toLowerCase())).toEqual({ ok: true, value: code });
  });

  it('accepts the code with surrounding spaces', () => {
    expect(checkUscc(`  ${code} `)).toEqual({ ok: true, value: code });
  });

  it('refuses the code with any other last character as a checksum problem', () => {
    for (const last of '0123456789ABCDEFGHJLMNPQRTUWXY') {
      expect(checkUscc(`${code.slice(0, 17)}${last}`), last).toEqual({ ok: false, problem: 'checksum' });
    }
  });

  it('refuses two swapped characters as a checksum problem', () => {
    // 91330603AM… instead of 91330603MA…
    expect(checkUscc('91330603AM2JP8Q4AK')).toEqual({ ok: false, problem: 'checksum' });
  });

  it('refuses the letters I, O, Z, S and V, which the code alphabet leaves out, as a format problem', () => {
    for (const letter of ['I', 'O', 'Z', 'S', 'V']) {
      expect(checkUscc(`${code.slice(0, 9)}${letter}${code.slice(10)}`), letter).toEqual({ ok: false, problem: 'format' });
    }
  });

  it('refuses a letter among the six digits of the region code as a format problem', () => {
    expect(checkUscc('913306A3MA2JP8Q4AK')).toEqual({ ok: false, problem: 'format' });
  });

  it('refuses 17 characters as a format problem', () => {
    expect(checkUscc(code.slice(0, 17))).toEqual({ ok: false, problem: 'format' });
  });
});

describe(usccCheckChar.name, () => {
  it('gives K for 柯桥 code 91330603MA2JP8Q4A', () => {
    expect(usccCheckChar('91330603MA2JP8Q4A')).toBe('K');
  });

  it('gives the check characters of published company codes', () => {
    expect(usccCheckChar('91440300192203821')).toBe('6'); // 华为技术有限公司
    expect(usccCheckChar('9144030071526726X')).toBe('G'); // 深圳市腾讯计算机系统有限公司
  });

  it('gives codes that checkUscc accepts, for generated codes of several regions and registrars', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    // Deterministic variety: registrar + type, a region, and nine body characters stepped through the alphabet.
    const heads = ['91330603', '92330603', '12330000', '51110101', '93440106', 'Y1330602'];
    let produced = 0;
    for (const [h, head] of heads.entries()) {
      for (let n = 0; n < 31; n++) {
        let body = '';
        for (let i = 0; i < 9; i++) body += alphabet[(n * 7 + i * (h + 3)) % 31] ?? '';
        const first17 = `${head}${body}`;
        const check = usccCheckChar(first17);
        expect(check, first17).toMatch(/^[0-9A-HJ-NPQRTUWXY]$/);
        expect(checkUscc(`${first17}${check}`), first17).toEqual({ ok: true, value: `${first17}${check}` });
        produced++;
      }
    }
    expect(produced).toBe(186);
  });
});

describe(checkMobile.name, () => {
  it('accepts an 11-digit mainland number', () => {
    expect(checkMobile('13812345678')).toEqual({ ok: true, value: '13812345678' });
  });

  it('accepts +86 with spaces and returns the 11 digits', () => {
    expect(checkMobile('+86 138 1234 5678')).toEqual({ ok: true, value: '13812345678' });
  });

  it('accepts 86- with a dash and returns the 11 digits', () => {
    expect(checkMobile('86-13812345678')).toEqual({ ok: true, value: '13812345678' });
  });

  it('accepts 86 directly in front of the number', () => {
    expect(checkMobile('8613812345678')).toEqual({ ok: true, value: '13812345678' });
  });

  it('accepts dashes between the groups', () => {
    expect(checkMobile('138-1234-5678')).toEqual({ ok: true, value: '13812345678' });
  });

  it('refuses a number whose second digit is 2', () => {
    expect(checkMobile('12812345678')).toEqual({ ok: false });
  });

  it('refuses ten digits', () => {
    expect(checkMobile('1381234567')).toEqual({ ok: false });
  });

  it('refuses twelve digits', () => {
    expect(checkMobile('138123456789')).toEqual({ ok: false });
  });

  it('refuses a landline number of 绍兴 (0575)', () => {
    expect(checkMobile('0575-84123456')).toEqual({ ok: false });
  });
});

describe(checkPersonName.name, () => {
  it('accepts Chinese names of every plane, minority names with the middle dot, and Latin names', () => {
    const names = [
      '李明',
      '𠮷李',
      '王𪚥',
      '欧阳娜娜',
      '阿依古丽·买买提',
      '买买提江·阿不都热合曼',
      '爱新觉罗·溥仪',
      '林〇',
      'John Smith',
      "O'Neil",
      'Jean-Luc Picard',
    ];
    for (const name of names) expect(checkPersonName(name), name).toEqual({ ok: true, value: name });
    // CJK Extension H (U+31350…) and a compatibility ideograph.
    expect(checkPersonName('张\u{31350}')).toEqual({ ok: true, value: '张\u{31350}' });
    expect(checkPersonName('李\uf900')).toMatchObject({ ok: true });
  });

  it('writes the dot of a minority name as U+00B7 however it was typed, and trims', () => {
    for (const dot of ['•', '‧', '・', '･', '.', '．']) {
      expect(checkPersonName(` 阿依古丽${dot}买买提 `)).toEqual({ ok: true, value: '阿依古丽·买买提' });
    }
    expect(checkPersonName('  John   Smith ')).toEqual({ ok: true, value: 'John Smith' });
    // A BOM at the start of a roll's cell is white space to trim, as String.prototype.trim has it.
    expect(checkPersonName('\ufeff李明')).toEqual({ ok: true, value: '李明' });
  });

  it('counts characters, not UTF-16 units: 30 supplementary-plane characters are a name, 31 are not', () => {
    expect(checkPersonName('𠮷'.repeat(30))).toMatchObject({ ok: true });
    expect(checkPersonName('𠮷'.repeat(31))).toEqual({ ok: false });
    expect(checkPersonName('李')).toEqual({ ok: false });
  });

  it('refuses bidi overrides, zero-width characters, controls, dots out of place and mixed scripts', () => {
    const refused = [
      '李\u202e明',
      '李\u2066明\u2069',
      '李\u200b明',
      '李\u200d明',
      '李\ufeff明',
      '李\u0007明',
      '李\n明',
      '李\u0085明',
      '李\u200f明',
      '·李明',
      '李明·',
      '李··明',
      '李 明',
      '李明John',
      '张3',
      '王👍',
    ];
    for (const name of refused) expect(checkPersonName(name), JSON.stringify(name)).toEqual({ ok: false });
  });
});
