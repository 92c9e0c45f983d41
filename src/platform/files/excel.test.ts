import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { addSafeRow, addSafeWorksheet, csvCell, neutraliseFormula, safeSheetName } from './excel.js';

const ATTACKS = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1'];

describe(neutraliseFormula.name, () => {
  it('puts an apostrophe before text that starts with =, +, -, @, tab or CR, and leaves other text alone', () => {
    for (const text of ATTACKS) expect(neutraliseFormula(text)).toBe(`'${text}`);
    for (const text of ['柯桥区总工会', 'a=b', ' =1', "'=1", '', '顺丰速运-柯桥站']) expect(neutraliseFormula(text)).toBe(text);
  });
});

describe(addSafeRow.name, () => {
  it('writes formula-like text as text with an apostrophe, and numbers, dates and booleans as themselves, through the streaming writer', async () => {
    const out = new PassThrough();
    const file = buffer(out);
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = addSafeWorksheet(workbook, '=名册');
    const day = new Date(Date.UTC(2026, 11, 5));
    addSafeRow(sheet, [...ATTACKS, -5, 3.5, day, true, null, '-5']).commit();
    await workbook.commit();

    const read = new ExcelJS.Workbook();
    await read.xlsx.load((await file) as unknown as ArrayBuffer);
    const written = read.worksheets[0]!;
    expect(written.name).toBe('名册');
    const values = (written.getRow(1).values as unknown[]).slice(1);
    // An XML reader hands a stored CR back as a line feed; what matters is the apostrophe before it.
    expect(values.slice(0, ATTACKS.length)).toEqual(ATTACKS.map((a) => `'${a.replace('\r', '\n')}`));
    for (let c = 1; c <= ATTACKS.length; c++) {
      expect(written.getRow(1).getCell(c).type).toBe(ExcelJS.ValueType.String);
    }
    expect(values.slice(ATTACKS.length)).toEqual([-5, 3.5, day, true, undefined, "'-5"]);
    expect(written.getRow(1).getCell(ATTACKS.length + 1).type).toBe(ExcelJS.ValueType.Number);
  });
});

describe(safeSheetName.name, () => {
  it('makes any text a name Excel accepts', () => {
    expect(safeSheetName('=HYPERLINK("x")[1]:*?/\\')).toBe('HYPERLINK("x") 1');
    expect(safeSheetName("'柯桥区总工会'")).toBe('柯桥区总工会');
    expect(safeSheetName('柯桥\u0007区')).toBe('柯桥 区');
    expect(safeSheetName('History')).toBe('Sheet1');
    expect(safeSheetName('[]:*?', '会员名册')).toBe('会员名册');
    // 31 UTF-16 units at most, never half a surrogate pair.
    const long = safeSheetName('𠮷'.repeat(20));
    expect(long).toBe('𠮷'.repeat(15));
    expect(long.isWellFormed()).toBe(true);
    expect(safeSheetName('柯'.repeat(40))).toHaveLength(31);
    const workbook = new ExcelJS.Workbook();
    for (const name of ['=1+1', "'a'", 'a'.repeat(40), '𠮷'.repeat(20), '-@+=', '柯桥/越城?区*']) {
      expect(() => addSafeWorksheet(workbook, name, `Sheet${workbook.worksheets.length + 1}`)).not.toThrow();
    }
  });
});

describe(csvCell.name, () => {
  it('neutralises formula-like text, quotes what would split a field, and writes numbers as they are', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(12)).toBe('12');
    expect(csvCell('\t=1')).toBe(`"'\t=1"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a;=1+2')).toBe('"a;=1+2"');
    expect(csvCell('他说"好"')).toBe('"他说""好"""');
    expect(csvCell('身份证号')).toBe('身份证号');
  });
});
