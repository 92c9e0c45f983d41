import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeGbk } from '../../../test/support/gbk.js';
import {
  detectEncoding,
  detectFileEncoding,
  excelGeneral,
  isBlankRow,
  isExcelScientific,
  isTitleRow,
  normaliseHeader,
  previewTable,
  readTable,
  resolveMapping,
  suggestMapping,
  TableReadError,
  type ColumnSpec,
  type TableRow,
} from './table.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gonghui-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function fileOf(content: string | Buffer, ext = 'csv'): string {
  n += 1;
  const file = path.join(dir, `t${n}.${ext}`);
  writeFileSync(file, content);
  return file;
}

async function rows(file: string, format: 'csv' | 'xlsx' = 'csv'): Promise<TableRow[]> {
  const out: TableRow[] = [];
  for await (const r of readTable(file, format)) out.push(r);
  return out;
}

describe('detecting a CSV’s encoding', () => {
  it('takes a BOM for UTF-8, valid UTF-8 for UTF-8, and anything else for GB18030', () => {
    expect(detectEncoding(Buffer.from('\uFEFF姓名,身份证号\n', 'utf8'), true)).toBe('utf-8-bom');
    expect(detectEncoding(Buffer.from('姓名,身份证号\n', 'utf8'), true)).toBe('utf-8');
    expect(detectEncoding(Buffer.from('name,id\n', 'utf8'), true)).toBe('utf-8');
    expect(detectEncoding(encodeGbk('姓名,身份证号码,联系电话\n'), true)).toBe('gb18030');
  });

  it('does not mistake UTF-8 cut in the middle of a character for GBK', () => {
    const text = Buffer.from('姓名,工作地点\n张三,柯桥', 'utf8');
    expect(detectEncoding(text.subarray(0, text.length - 1), false)).toBe('utf-8');
  });

  it('reads past an ASCII beginning to the first Chinese of a file', async () => {
    const ascii = 'a,b\n'.repeat(30_000);
    expect(await detectFileEncoding(fileOf(Buffer.concat([Buffer.from(ascii), encodeGbk('张三,李四\n')])))).toBe('gb18030');
  });
});

describe('reading a table', () => {
  it('decodes a GBK file, skips blank rows and keeps the row numbers the spreadsheet shows', async () => {
    const csv = encodeGbk('序号,姓名,身份证号码\r\n1,张三,330621199001010011\r\n,,\r\n\r\n2, 李四 ,330621199001010027\r\n  ,\t, \r\n');
    expect(await rows(fileOf(csv))).toEqual([
      { row: 1, cells: ['序号', '姓名', '身份证号码'] },
      { row: 2, cells: ['1', '张三', '330621199001010011'] },
      { row: 5, cells: ['2', '李四', '330621199001010027'] },
    ]);
  });

  it('skips the title and note rows above the header, keeping the row numbers', async () => {
    const csv = encodeGbk(
      '柯桥区外卖骑手摸排名单（2026年11月）,,,\r\n,,,\r\n填报单位：柯桥街道,,,\r\n序号,姓名,身份证号码,备注\r\n1,张三,330621199001010011,\r\n',
    );
    expect(await rows(fileOf(csv))).toEqual([
      { row: 4, cells: ['序号', '姓名', '身份证号码', '备注'] },
      { row: 5, cells: ['1', '张三', '330621199001010011', ''] },
    ]);
    const preview = await previewTable(fileOf(csv), 'csv');
    expect(preview.headers).toEqual(['序号', '姓名', '身份证号码', '备注']);
    expect(preview.samples).toEqual([['1', '张三', '330621199001010011', '']]);
    expect([isTitleRow(['标题', '', '']), isTitleRow(['姓名', '身份证号'])]).toEqual([true, false]);
  });

  it('drops the BOM of a UTF-8 file', async () => {
    expect((await rows(fileOf('\uFEFF姓名,手机号\n张三,13800000000\n')))[0]?.cells).toEqual(['姓名', '手机号']);
  });

  it('says in words that a CSV turning from UTF-8 to another encoding half-way cannot be read', async () => {
    const mixed = Buffer.concat([Buffer.from('姓名\n'.repeat(20_000), 'utf8'), encodeGbk('张三\n')]);
    await expect(rows(fileOf(mixed))).rejects.toThrow(TableReadError);
    await expect(rows(fileOf(mixed))).rejects.toThrow(/UTF-8/);
  });

  it('reads the first sheet of an .xlsx, a long number as Excel shows it, skipping blank rows', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名册');
    sheet.addRow(['姓名', '身份证号码', '序号']);
    // What Excel keeps of an 18-digit number typed into a number cell: 15 digits.
    sheet.addRow(['张三', 330621199001010000, 1]);
    sheet.addRow(['', '', '']);
    sheet.addRow(['李四', '330621199001010027', 2]);
    const file = fileOf(Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx');
    expect(await rows(file, 'xlsx')).toEqual([
      { row: 1, cells: ['姓名', '身份证号码', '序号'] },
      { row: 2, cells: ['张三', '3.30621E+17', '1'] },
      { row: 4, cells: ['李四', '330621199001010027', '2'] },
    ]);
  });

  it('names a file that is not an .xlsx', async () => {
    await expect(rows(fileOf('not a workbook', 'xlsx'), 'xlsx')).rejects.toThrow('不是有效的 .xlsx 文件');
  });

  it('previews the header and the first rows of the first bytes of a file, dropping a record the cut may have split', async () => {
    const csv = encodeGbk(
      [
        '姓名,身份证号码,联系电话',
        '张三,330621199001010011,13800000001',
        '',
        '李四,330621199001010027,0575-85123456',
        '王五,3306211990',
      ].join('\r\n'),
    );
    const preview = await previewTable(fileOf(csv), 'csv', { rows: 5, truncated: true });
    expect(preview).toEqual({
      encoding: 'gb18030',
      headers: ['姓名', '身份证号码', '联系电话'],
      samples: [
        ['张三', '330621199001010011', '13800000001'],
        ['李四', '330621199001010027', '0575-85123456'],
      ],
    });
  });
});

describe('Excel’s traces in a table', () => {
  it('writes numbers as Excel’s General format shows them', () => {
    expect(excelGeneral(330621199001010000)).toBe('3.30621E+17');
    expect(excelGeneral(13800000000)).toBe('13800000000');
    expect(excelGeneral(330603100000)).toBe('3.30603E+11');
    expect(excelGeneral(42)).toBe('42');
  });

  it('recognises scientific notation, and nothing else, as Excel’s', () => {
    for (const text of ['3.30603E+17', '3.30603e17', ' 3.3E+17 ', '3E+17']) expect(isExcelScientific(text)).toBe(true);
    for (const text of ['330603199001011234', '33060319900101123X', 'E+17', '3.30603', '']) expect(isExcelScientific(text)).toBe(false);
  });

  it('takes a row of empty or whitespace cells for blank', () => {
    expect(isBlankRow(['', ' ', '\t', '\u3000'.trim()])).toBe(true);
    expect(isBlankRow(['', '张三'])).toBe(false);
  });
});

describe('mapping a file’s columns', () => {
  type Field = 'name' | 'idNumber' | 'phone' | 'employer';
  const specs: ColumnSpec<Field>[] = [
    { key: 'name', label: '姓名', synonyms: ['名字'], required: true },
    { key: 'idNumber', label: '身份证号', synonyms: ['身份证号码', '公民身份号码'], required: true },
    { key: 'phone', label: '手机号', synonyms: ['联系电话', '电话'] },
    { key: 'employer', label: '单位名称', synonyms: ['所属企业'] },
  ];
  const headers = ['序号', '姓名', '性别', '身份证号码', '联系电话', '所属企业'];

  it('offers the header whose words mean each field', () => {
    expect(suggestMapping(headers, specs)).toEqual({ name: '姓名', idNumber: '身份证号码', phone: '联系电话', employer: '所属企业' });
  });

  it('compares headers without spaces, BOM or required-marks', () => {
    expect(normaliseHeader('\uFEFF* 身份证 号码（必填）')).toBe('身份证号码');
    expect(suggestMapping(['姓 名', '身份证号码*'], specs)).toEqual({ name: '姓 名', idNumber: '身份证号码*' });
  });

  it('offers the uploader’s own choice from last time first, a column they left out not again', () => {
    const remembered = { 所属企业: '', 序号: 'phone' };
    expect(suggestMapping(headers, specs, remembered)).toEqual({ name: '姓名', idNumber: '身份证号码', phone: '序号' });
  });

  it('resolves a mapping to columns, naming required fields left out and headers the file lacks', () => {
    expect(resolveMapping(headers, specs, { name: '姓名', idNumber: '身份证号码', phone: '手机' })).toEqual({
      columns: new Map([
        [1, 'name'],
        [3, 'idNumber'],
      ]),
      missing: [],
      unknown: ['手机'],
    });
    expect(resolveMapping(headers, specs, { phone: '联系电话' }).missing).toEqual(['name', 'idNumber']);
  });
});
