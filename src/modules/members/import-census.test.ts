// The import a district office actually sends: a census list in GBK with its own headers, blank lines,
// no township codes; and what the console needs around it (preview and mapping, the server's limit).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { importReport, importRoll, reportCodes, uploadRoll, XLSX } from '../../../test/harness/imports.js';
import { makeIdNumber } from '../../../test/harness/members.js';
import { BLANK_AFTER, CENSUS_ROWS, censusList, LANDLINE_ROWS } from '../../../test/fixtures/imports/make-census-list.js';
import { encodeGbk } from '../../../test/support/gbk.js';

const FIXTURE = new URL('../../../test/fixtures/imports/couriers-keqiao-gbk.csv', import.meta.url);
/** The spreadsheet row of the census list's data row `i` (the header is row 1, a blank line follows data row BLANK_AFTER). */
const fileRow = (i: number) => i + 1 + (i > BLANK_AFTER ? 1 : 0);

async function memberById(t: TestApp, idNumber: string) {
  const cookie = await t.staffCookie('keqiao');
  const [item] = (await t.request({ method: 'GET', url: `/api/console/members?q=${idNumber}`, cookie })).json().items;
  expect(item, idNumber).toBeDefined();
  return (await t.request({ method: 'GET', url: `/api/console/members/${item.id as string}`, cookie })).json().member;
}

// Its own data directory: the check that no upload is left behind must not see other files' uploads.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gonghui-census-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('importing a district office’s census list', () => {
  const h = useTestApp({ GONGHUI_DATA_DIR: dataDir });
  const id = (seq: number) => makeIdNumber('330621', '19900101', seq);

  it('imports a rider list as an office sends it: a title row above its headers, blank rows, an ID Excel made scientific, a landline', async () => {
    const { t } = h;
    // GB18030 with CRLF; a title over merged cells, 公民身份号码 / 手机号码 / 行业 / 用人单位 / 住址 for
    // headers, 20 riders with an empty row after the 7th and a blank line after the 12th; rider 4's ID
    // is 3.30621E+17 and rider 7's phone a landline.
    const file = readFileSync(new URL('../../../test/fixtures/imports/riders-keqiao-titled-gb18030.csv', import.meta.url));
    const job = await importRoll(t, file, 'mode=valid_rows&fileName=柯桥区外卖骑手摸排名单.csv');
    expect(job).toMatchObject({ status: 'completed', encoding: 'gb18030', totalRows: 20, writtenRows: 19, errorRows: 1, warningRows: 1 });
    expect(reportCodes(await importReport(t, job.id as string))).toEqual([
      '6,身份证号,files.excel_scientific',
      '9,手机号,members.phone_landline',
    ]);
  });

  it('imports the GBK list of 1,474 couriers as it comes: encoding named, headers recognised, the blank line skipped, streets read from the addresses, landlines left out with a warning', async () => {
    const { t } = h;
    const file = readFileSync(FIXTURE);
    // The fixture is what its generator writes.
    expect(file.equals(encodeGbk(censusList()))).toBe(true);
    const job = await importRoll(t, file, 'mode=all_or_nothing&fileName=柯桥区快递员摸排名单.csv');
    expect(job).toMatchObject({
      status: 'completed',
      encoding: 'gb18030',
      totalRows: CENSUS_ROWS,
      writtenRows: CENSUS_ROWS,
      errorRows: 0,
      duplicateRows: 0,
      fileDuplicateRows: 0,
      warningRows: LANDLINE_ROWS.length,
      failure: null,
    });
    expect(reportCodes(await importReport(t, job.id as string))).toEqual(
      LANDLINE_ROWS.map((i) => `${fileRow(i)},手机号,members.phone_landline`),
    );

    const lines = censusList().split('\r\n');
    const first = lines[1]?.split(',') ?? [];
    const member = await memberById(t, first[3] ?? '');
    const street = /柯桥区(.+?(街道|镇))/.exec(first[7] ?? '')?.[1];
    expect(member).toMatchObject({ orgName: '柯桥区快递行业工会联合会', trade: 'courier', employerName: '中通快递' });
    expect(member.workRegionCode).toMatch(/^330603\d{3}$/);
    const { findRegion } = await import('../../platform/regions/regions.js');
    expect(findRegion(member.workRegionCode as string)?.name).toBe(street);
    const landline = (lines[LANDLINE_ROWS[0] ?? 0] ?? '').split(',');
    expect((await memberById(t, landline[3] ?? '')).phoneMasked).toBeNull();
  });

  it('names an ID that Excel turned into scientific notation for what it is, in a CSV and in an .xlsx', async () => {
    const { t } = h;
    const csv = [
      '姓名,身份证号码,从业类别,工作地区划代码',
      `郑一,3.30603E+17,快递员,330603001`,
      `郑二,3.30603e17,快递员,330603001`,
      `郑三,${id(501)},快递员,330603001`,
    ].join('\n');
    const job = await importRoll(t, csv, 'mode=all_or_nothing&fileName=excel.csv');
    expect(job).toMatchObject({ status: 'rejected', errorRows: 2, writtenRows: 0 });
    const report = await importReport(t, job.id as string);
    expect(reportCodes(report)).toEqual(['2,身份证号,files.excel_scientific', '3,身份证号,files.excel_scientific']);
    expect(report[1]).toContain('Excel');
    expect(report[1]).toContain('科学计数法');
    expect(report[1]).toContain('文本');

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名册');
    sheet.addRow(['姓名', '身份证号码', '从业类别', '工作地区划代码']);
    // An ID typed into a number cell: Excel keeps 15 digits of it.
    sheet.addRow(['郑四', Number(id(502).slice(0, 15)) * 1000, '快递员', '330603001']);
    const xlsx = await importRoll(t, Buffer.from(await workbook.xlsx.writeBuffer()), 'mode=valid_rows&fileName=excel.xlsx', { type: XLSX });
    expect(xlsx).toMatchObject({ status: 'completed', errorRows: 1, writtenRows: 0, encoding: null });
    expect(reportCodes(await importReport(t, xlsx.id as string))).toEqual(['2,身份证号,files.excel_scientific']);
  });

  it('counts a repeat within the file apart from someone already on the roll', async () => {
    const { t } = h;
    const csv = ['姓名,身份证号,行业,工作地区划代码', `钱一,${id(511)},快递员,330603001`, `钱一,${id(511)},快递员,330603001`].join('\n');
    const job = await importRoll(t, csv, 'mode=valid_rows&fileName=twice.csv');
    expect(job).toMatchObject({ status: 'completed', writtenRows: 1, fileDuplicateRows: 1, duplicateRows: 0 });
    const again = await importRoll(t, csv, 'mode=valid_rows&fileName=twice.csv');
    expect(again).toMatchObject({ writtenRows: 0, fileDuplicateRows: 1, duplicateRows: 1 });
  });

  it('places people by a district code or by one work place set for the whole file when the list has no street code', async () => {
    const { t } = h;
    const byDistrict = [
      '姓名,身份证号,行业,区划代码,地址',
      `孙一,${id(521)},保安员,330603,华舍街道蜀阜村`,
      `孙二,${id(522)},保安员,330603,`,
    ].join('\n');
    const job = await importRoll(t, byDistrict, 'mode=all_or_nothing&fileName=district.csv');
    expect(job).toMatchObject({ status: 'completed', writtenRows: 2 });
    expect(await memberById(t, id(521))).toMatchObject({ workRegionCode: '330603003', orgName: '华舍街道总工会' });
    // The district only: 区域兜底 to the district union.
    expect(await memberById(t, id(522))).toMatchObject({ workRegionCode: '330603', orgName: '柯桥区总工会' });

    const noPlace = ['姓名,身份证号,行业', `孙三,${id(523)},保安员`].join('\n');
    const refused = await importRoll(t, noPlace, 'mode=all_or_nothing&fileName=noplace.csv');
    expect(refused.status).toBe('failed');
    expect(refused.failure).toContain('工作地区划代码（或工作地址，或在导入时为整个文件选择工作地点）');
    const placed = await importRoll(t, noPlace, 'mode=all_or_nothing&fileName=noplace.csv&workRegionCode=330603002');
    expect(placed).toMatchObject({ status: 'completed', writtenRows: 1 });
    expect(await memberById(t, id(523))).toMatchObject({ workRegionCode: '330603002', orgName: '柯岩街道总工会' });

    const wrongPlace = await uploadRoll(t, noPlace, 'mode=all_or_nothing&fileName=noplace.csv&workRegionCode=330600');
    expect(wrongPlace.statusCode).toBe(400);
    expect(wrongPlace.json()).toMatchObject({ code: 'members.invalid', errors: [{ field: 'querystring.workRegionCode' }] });
  });

  it('previews a file for the mapping step, takes the mapping the uploader confirms, and offers it to them, not to others, next time', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const preview = async (body: Buffer, staff = 'keqiao', truncated = true) =>
      t.request({
        method: 'POST',
        url: `/api/console/member-imports/preview?truncated=${String(truncated)}`,
        cookie: staff === 'keqiao' ? cookie : await t.staffCookie(staff),
        body,
        headers: { 'content-type': 'text/csv' },
      });
    // The browser sends the first 2 KB of a CSV: the cut last line is not shown.
    const census = await preview(readFileSync(FIXTURE).subarray(0, 2048));
    expect(census.statusCode, census.body).toBe(200);
    expect(census.json()).toMatchObject({
      encoding: 'gb18030',
      headers: ['序号', '姓名', '性别', '身份证号码', '联系电话', '从业类别', '所属企业', '工作地点'],
      mapping: {
        name: '姓名',
        idNumber: '身份证号码',
        phone: '联系电话',
        trade: '从业类别',
        employerName: '所属企业',
        workAddress: '工作地点',
      },
    });
    expect(census.json().samples).toHaveLength(5);
    expect(census.json().samples[0]).toEqual(censusList().split('\r\n')[1]?.split(','));
    expect(census.json().fields).toContainEqual({ key: 'idNumber', label: '身份证号', required: true });

    // Headers nobody's synonyms know: mapped by the uploader, remembered for them.
    const own = ['人员,证号,岗位,街镇', `吴一,${id(531)},快递员,330603001`].join('\n');
    const mapping = JSON.stringify({ name: '人员', idNumber: '证号', trade: '岗位', workRegionCode: '街镇' });
    const unmapped = await importRoll(t, own, 'mode=all_or_nothing&fileName=own.csv');
    expect(unmapped).toMatchObject({ status: 'failed' });
    expect(unmapped.failure).toContain('姓名、身份证号、行业');
    const mapped = await importRoll(t, own, `mode=all_or_nothing&fileName=own.csv&mapping=${encodeURIComponent(mapping)}`);
    expect(mapped).toMatchObject({ status: 'completed', writtenRows: 1 });
    const again = await preview(Buffer.from(own), 'keqiao', false);
    expect(again.json()).toMatchObject({
      encoding: 'utf-8',
      mapping: { name: '人员', idNumber: '证号', trade: '岗位', workRegionCode: '街镇' },
    });
    expect((await preview(Buffer.from(own), 'zhejiang', false)).json().mapping).toEqual({});
    // And an upload without a mapping now uses the one remembered.
    const own2 = ['人员,证号,岗位,街镇', `吴二,${id(532)},快递员,330603001`].join('\n');
    expect(await importRoll(t, own2, 'mode=all_or_nothing&fileName=own2.csv')).toMatchObject({ status: 'completed', writtenRows: 1 });

    const bad = await uploadRoll(t, own, `mode=all_or_nothing&fileName=own.csv&mapping=${encodeURIComponent('{"nickname":"人员"}')}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'members.invalid', errors: [{ field: 'querystring.mapping' }] });
    const missing = await importRoll(t, own, `mode=all_or_nothing&fileName=own.csv&mapping=${encodeURIComponent('{"name":"姓名"}')}`);
    expect(missing.failure).toContain('文件中没有列对应里选择的表头：姓名');
  });

  it('keeps no upload once a job has ended, whatever its end, and its report names no 身份证号', async () => {
    const { t } = h;
    const bad = `${id(541).slice(0, 17)}${id(541)[17] === '0' ? '1' : '0'}`;
    const csv = [
      '姓名,身份证号,行业,工作地区划代码',
      `冯一,${bad},快递员,330603001`,
      `冯二,${id(542)},外星人,330603001`,
      `冯二,${id(542)},快递员,330603001`,
    ].join('\n');
    const job = await importRoll(t, csv, 'mode=all_or_nothing&fileName=bad.csv');
    expect(job.status).toBe('rejected');
    const report = (await importReport(t, job.id as string)).join('\n');
    expect(report).toContain('members.id_number_checksum');
    expect(report).not.toMatch(/\d{17}[\dX]/);
    const uploads = path.join(t.config.dataDir, 'imports');
    expect(statSync(uploads).mode & 0o777).toBe(0o700);
    expect(readdirSync(uploads)).toEqual([]);
  });

  it('tells the console the largest file the server takes', async () => {
    const { t } = h;
    const list = await t.request({ method: 'GET', url: '/api/console/member-imports', cookie: await t.staffCookie('keqiao') });
    expect(list.json().limitBytes).toBe(t.config.memberImportLimitBytes);
    expect(t.config.memberImportLimitBytes).toBe(500 * 1_048_576);
  });
});
