// The files departments really send, wrong in each of the ways issue 16 names: each answered in
// Chinese with a stable code, nothing half-counted.
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { coverage, createSource, importList, listReport, uploadList } from '../../../test/harness/census.js';
import { XLSX } from '../../../test/harness/imports.js';
import { makeIdNumber } from '../../../test/harness/members.js';
import { encodeGbk } from '../../../test/support/gbk.js';
import { queryRows } from '../../platform/db/tx.js';

const id = (seq: number) => makeIdNumber('330603', '19950505', seq);
const codes = (lines: string[]) => lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','));

async function people(t: TestApp): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.platform.db, sql`select count(*)::int as n from census_person`);
  return row?.n ?? 0;
}

describe('a census list as departments send them', () => {
  const h = useTestApp();

  it('refuses at once a file without a name column, or without any ID or phone column, saying which; nothing is queued', async () => {
    const { t } = h;
    const source = await createSource(t, '柯桥区税务局', 'tax');
    const noName = await uploadList(t, `编号,身份证号,行业\n1,${id(1)},快递员`, `sourceId=${source}&regionCode=330603`);
    expect(noName.statusCode).toBe(422);
    expect(noName.json()).toMatchObject({ code: 'census.list_unreadable' });
    expect(noName.json().title).toContain('姓名');
    const noKey = await uploadList(t, '姓名,行业\n张三,快递员', `sourceId=${source}&regionCode=330603`);
    expect(noKey.json()).toMatchObject({ status: 422, code: 'census.list_unreadable' });
    expect(noKey.json().title).toContain('身份证号或手机号');
    const noTrade = await uploadList(t, `姓名,身份证号\n张三,${id(1)}`, `sourceId=${source}&regionCode=330603`);
    expect(noTrade.json().title).toContain('行业');
    // A mapping that names a header the file does not have.
    const mapped = await uploadList(
      t,
      `姓名,证件,行业\n张三,${id(1)},快递员`,
      `sourceId=${source}&regionCode=330603&mapping=${encodeURIComponent(JSON.stringify({ idNumber: '身份证' }))}`,
    );
    expect(mapped.json()).toMatchObject({ code: 'census.list_unreadable' });
    expect(mapped.json().title).toContain('身份证');
    const lists = (await t.request({ method: 'GET', url: '/api/console/census/lists', cookie: await t.staffCookie('keqiao') })).json();
    expect(lists.items).toEqual([]);
  });

  it('reads GBK, skips a merged title and empty rows of an .xlsx, names an ID Excel turned into 4.1E+17, and counts a repeat once', async () => {
    const { t } = h;
    const source = await createSource(t, '柯桥区人社局', 'hr');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['柯桥区快递员摸排名单（2026年11月）']);
    sheet.mergeCells('A1:D1');
    sheet.addRow(['姓名', '公民身份号码', '联系电话', '从业类别']);
    sheet.addRow(['王一', id(11), '13900000011', '快递员']);
    sheet.addRow([]);
    sheet.addRow(['王二', 410_000_000_000_000_000, '13900000012', '快递员']);
    sheet.addRow(['王三', id(13), '', '快递员']);
    sheet.addRow(['王一', id(11), '13900000011', '快递员']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const list = await importList(t, xlsx, `sourceId=${source}&regionCode=330603&fileName=名单.xlsx`, { type: XLSX });
    expect(list).toMatchObject({ status: 'completed', totalRows: 4, writtenRows: 2, errorRows: 1, fileDuplicateRows: 1 });
    expect(codes(await listReport(t, list.id as string))).toEqual(['5,身份证号,files.excel_scientific', '7,姓名,census.duplicate_in_file']);

    const gbk = await importList(
      t,
      encodeGbk(`姓名,身份证号码,联系电话,从业类别\r\n李四,${id(21)},13900000021,外卖骑手\r\n`),
      `sourceId=${source}&regionCode=330603`,
    );
    expect(gbk).toMatchObject({ status: 'completed', encoding: 'gb18030', writtenRows: 1 });
    expect(await people(t)).toBe(3);
  });

  it('keeps a list of another area out: its upload refused, a row placed in another district reported, an all-or-nothing list with a bad row counting nothing', async () => {
    const { t } = h;
    const source = await createSource(t, '柯桥区住建局', 'housing');
    const foreign = await uploadList(t, `姓名,身份证号,行业\n张三,${id(31)},建筑工`, `sourceId=${source}&regionCode=330602`);
    expect(foreign.json()).toMatchObject({ status: 403, code: 'census.area_outside_scope' });
    const rows = ['姓名,身份证号,行业,街道代码', `张三,${id(31)},建筑工,330603001`, `李四,${id(32)},建筑工,330602002`].join('\n');
    const some = await importList(t, rows, `sourceId=${source}&regionCode=330603&mode=valid_rows`);
    expect(some).toMatchObject({ status: 'completed', writtenRows: 1, errorRows: 1 });
    expect(codes(await listReport(t, some.id as string))).toEqual(['3,街道代码,census.region_outside_list']);
    const before = (await coverage(t)).totals.census as number;
    const strict = await importList(
      t,
      rows.replace('张三', '王五').replace(id(31), id(33)),
      `sourceId=${source}&regionCode=330603&mode=all_or_nothing`,
    );
    expect(strict).toMatchObject({ status: 'rejected', writtenRows: 0, errorRows: 1 });
    expect((await coverage(t)).totals.census).toBe(before);
  });
});

describe('a census list over the installation’s limit', () => {
  const h = useTestApp({ GONGHUI_CENSUS_LIST_LIMIT_BYTES: String(1_048_576), GONGHUI_MEMBER_IMPORT_LIMIT_BYTES: String(100 * 1_048_576) });

  it('is refused by its own limit, which the console is told, not the roll’s; nothing is queued or kept', async () => {
    const { t } = h;
    const lists = await t.request({ method: 'GET', url: '/api/console/census/lists', cookie: await t.staffCookie('keqiao') });
    expect(lists.json().limitBytes).toBe(1_048_576);
    const source = await createSource(t, '柯桥区人社局', 'hr');
    const rows = Array.from({ length: 40_000 }, (_, i) => `张${i},${id((i % 900) + 1)},快递员`);
    const big = await uploadList(t, ['姓名,身份证号,行业', ...rows].join('\n'), `sourceId=${source}&regionCode=330603`);
    expect(big.statusCode).toBe(422);
    expect(big.json()).toMatchObject({ code: 'census.list_unreadable', title: '名单无法导入：文件超过 1 MB' });
    const after = await t.request({ method: 'GET', url: '/api/console/census/lists', cookie: await t.staffCookie('keqiao') });
    expect(after.json().items).toEqual([]);
    expect(await people(t)).toBe(0);
  });
});
