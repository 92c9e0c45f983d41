import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { importReport } from '../../../test/harness/imports.js';
import { approvedMember, makeIdNumber } from '../../../test/harness/members.js';

const HEADER = '姓名,身份证号,手机号,行业,单位名称,单位统一社会信用代码,工作地区划代码,工作地址,所属工会,入会日期';

async function upload(t: TestApp, body: string | Buffer, query: string, type = 'text/csv') {
  return t.request({
    method: 'POST',
    url: `/api/console/member-imports?${query}`,
    cookie: await t.staffCookie('keqiao'),
    body,
    headers: { 'content-type': type },
  });
}

async function finished(t: TestApp, id: string) {
  const cookie = await t.staffCookie('keqiao');
  for (let i = 0; i < 200; i++) {
    const job = (await t.request({ method: 'GET', url: `/api/console/member-imports/${id}`, cookie })).json();
    if (['completed', 'rejected', 'failed'].includes(job.status as string)) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('import did not finish');
}

async function rollTotal(t: TestApp): Promise<number> {
  return (await t.request({ method: 'GET', url: '/api/console/members?limit=1', cookie: await t.staffCookie('keqiao') })).json().total;
}

describe('importing an existing roll', () => {
  const h = useTestApp();
  const id = (seq: number) => makeIdNumber('330621', '19900101', seq);

  it('reports every bad row with row, column and code, writes nothing in all-or-nothing mode, then writes the good rows', async () => {
    const { t } = h;
    const onRoll = id(101);
    await approvedMember(t, { name: '已在册', idNumber: onRoll });
    const before = await rollTotal(t);
    const bad = `${id(103).slice(0, 17)}${id(103)[17] === '0' ? '1' : '0'}`;
    const csv = [
      HEADER,
      `张三,${id(102)},13800000001,快递员,顺丰速运,,330603001,柯桥街道金柯桥大道 1 号,,2021-03-01`, // row 2: good → courier federation
      `李四,${bad},13800000002,网约送餐员,,,330603002,,,2022-05-06`, // row 3: checksum
      `王五,${id(104)},,外星人,,,330603001,,,`, // row 4: unknown trade
      `赵六,${id(105)},,保安员,,,330603003,,不存在的工会,`, // row 5: unknown union
      `钱七,${id(102)},,快递员,,,330603001,,,`, // row 6: repeats row 2
      `孙八,${onRoll},,快递员,,,330603001,,,`, // row 7: already on the roll
      `周九,${id(106)},,环卫工人,,,330603003,,柯桥区总工会,2019年7月1日`, // row 8: good, union named
      `吴十,${id(107)},,快递员,,,330603001,,,2099-01-01`, // row 9: joined in the future
    ].join('\n');

    const rejected = await upload(t, csv, 'mode=all_or_nothing&fileName=roll.csv');
    expect(rejected.statusCode).toBe(202);
    const job = await finished(t, rejected.json().id);
    expect(job).toMatchObject({ status: 'rejected', totalRows: 8, errorRows: 4, duplicateRows: 1, fileDuplicateRows: 1, writtenRows: 0 });
    expect(await rollTotal(t)).toBe(before);

    const lines = await importReport(t, job.id as string);
    expect(lines[0]).toBe('行号,列,错误代码,说明');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      '3,身份证号,members.id_number_checksum',
      '4,行业,members.trade_unknown',
      '5,所属工会,members.union_not_found',
      '6,身份证号,members.duplicate_in_file',
      '7,身份证号,members.duplicate_on_roll',
      '9,入会日期,members.joined_at_invalid',
    ]);
    expect(lines[4]).toContain('与第 2 行是同一身份证号');

    const partial = await upload(t, csv, 'mode=valid_rows&fileName=roll.csv');
    const done = await finished(t, partial.json().id);
    expect(done).toMatchObject({
      status: 'completed',
      totalRows: 8,
      writtenRows: 2,
      duplicateRows: 1,
      fileDuplicateRows: 1,
      errorRows: 4,
      progress: 100,
    });
    expect(await rollTotal(t)).toBe(before + 2);
    const found = (
      await t.request({ method: 'GET', url: `/api/console/members?q=${id(102)}`, cookie: await t.staffCookie('keqiao') })
    ).json();
    expect(found.items[0]).toMatchObject({
      nameMasked: '张*',
      orgName: '柯桥区快递行业工会联合会',
      source: 'import',
      trade: 'courier',
      hasAccount: false,
    });
    const page = (
      await t.request({ method: 'GET', url: `/api/console/members/${found.items[0].id as string}`, cookie: await t.staffCookie('keqiao') })
    ).json();
    expect(page.timeline).toEqual([expect.objectContaining({ kind: 'imported', toOrgName: '柯桥区快递行业工会联合会' })]);
    const zhou = (
      await t.request({ method: 'GET', url: `/api/console/members?q=${id(106)}`, cookie: await t.staffCookie('keqiao') })
    ).json();
    expect(zhou.items[0]).toMatchObject({ orgName: '柯桥区总工会', joinedAt: '2019-06-30T16:00:00.000Z' });

    // Importing the same file again writes nothing twice.
    const again = await finished(t, (await upload(t, csv, 'mode=valid_rows&fileName=roll.csv')).json().id);
    expect(again).toMatchObject({ writtenRows: 0, duplicateRows: 3, fileDuplicateRows: 1 });
  });

  it('reads .xlsx, and an imported worker claims the record by joining with the phone the roll has', async () => {
    const { t } = h;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名册');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['郑十一', id(201), '13900001111', '网约送餐员', '', '', '330603002', '', '', new Date('2023-04-05T00:00:00Z')]);
    sheet.addRow(['', id(202), '', '快递员', '', '', '330603001', '', '', '']);
    // An .xlsx is read twice (checked, then written): a repeat and someone on the roll are reported
    // once, by the check, and the writing skips them.
    sheet.addRow(['郑十一', id(201), '', '网约送餐员', '', '', '330603002', '', '', '']);
    const onRoll = id(203);
    await approvedMember(t, { name: '冯在册', idNumber: onRoll });
    sheet.addRow(['王已在', onRoll, '', '快递员', '', '', '330603001', '', '', '']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await upload(
      t,
      file,
      'mode=valid_rows&fileName=roll.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const job = await finished(t, response.json().id);
    expect(job.failure).toBeNull();
    expect(job).toMatchObject({
      status: 'completed',
      format: 'xlsx',
      totalRows: 4,
      writtenRows: 1,
      errorRows: 1,
      duplicateRows: 1,
      fileDuplicateRows: 1,
    });
    const codes = (await importReport(t, job.id as string)).slice(1).map((l) => l.split(',').slice(0, 3).join(','));
    expect(codes).toEqual(['3,姓名,members.name_invalid', '4,身份证号,members.duplicate_in_file', '5,身份证号,members.duplicate_on_roll']);
    const imported = (
      await t.request({ method: 'GET', url: `/api/console/members?q=${id(201)}`, cookie: await t.staffCookie('keqiao') })
    ).json();
    expect(imported.items[0].joinedAt).toBe('2023-04-04T16:00:00.000Z');

    const { join } = await import('../../../test/harness/members.js');
    const claimed = await join(t, { name: '郑十一', idNumber: id(201), workRegionCode: '330603002' }, '13900001111');
    expect(claimed.response.json()).toMatchObject({ outcome: 'linked' });
    const card = await t.request({ method: 'GET', url: '/api/member/card', cookie: claimed.cookie });
    expect(card.json()).toMatchObject({ nameMasked: '郑*一', orgName: '柯岩街道总工会' });
    // Someone else with that ID but another phone is told the person is a member already.
    const other = await join(t, { name: '郑十一', idNumber: id(201) });
    expect(other.response.json().code).toBe('members.already_member');
  });

  it('holds a join whose phone a roll member has (and, with the same name, birth date and city, for both reasons)', async () => {
    const { t } = h;
    const roll = [HEADER, `卫十二,${id(401)},13900002222,快递员,,,330603001,,,`, `蒋十三,${id(402)},13900003333,快递员,,,330603001,,,`];
    const job = await finished(
      t,
      (await upload(t, Buffer.from(roll.join('\n')), 'mode=valid_rows&fileName=roll.csv', 'text/csv')).json().id,
    );
    expect(job).toMatchObject({ status: 'completed', writtenRows: 2 });
    const { join } = await import('../../../test/harness/members.js');
    // Another ID (another birth date too) from the phone of 卫十二: the phone alone.
    const byPhone = await join(
      t,
      { name: '卫十二', idNumber: makeIdNumber('330603', '19920202', 401), workRegionCode: '330603001' },
      '13900002222',
    );
    // The applicant is told only that the application waits for review; the reviewer sees why it is held.
    expect(byPhone.response.json()).toMatchObject({ outcome: 'submitted', application: { status: 'pending' } });
    const reviewed = async (applicationId: string) =>
      (
        await t.request({
          method: 'GET',
          url: `/api/console/member-applications/${applicationId}`,
          cookie: await t.staffCookie('keqiao'),
        })
      ).json();
    const heldByPhone = await reviewed(byPhone.response.json().application.id as string);
    expect(heldByPhone.status).toBe('held_duplicate');
    expect(heldByPhone.duplicateOf).toEqual([expect.objectContaining({ reasons: ['phone'] })]);
    // The ID of 蒋十三 with one digit of its sequence changed, from the phone the roll has: both reasons.
    const both = await join(t, { name: '蒋十三', idNumber: id(404), workRegionCode: '330603001' }, '13900003333');
    expect((await reviewed(both.response.json().application.id as string)).duplicateOf).toEqual([
      expect.objectContaining({ reasons: ['phone', 'name_birth_city'] }),
    ]);
  });

  it('imports the 1,472 couriers of 柯桥’s 27 courier brands into the district courier federation, and the statistics count them', async () => {
    const { t } = h;
    const keqiao = await t.staffCookie('keqiao');
    const before = (await t.request({ method: 'GET', url: `/api/console/members/stats?orgId=${t.demo.keqiao.id}`, cookie: keqiao })).json();
    const federationBefore = before.children.find((c: { orgName: string }) => c.orgName === '柯桥区快递行业工会联合会');
    const streets = ['330603001', '330603002', '330603003'];
    const lines = [HEADER];
    for (let i = 0; i < 1472; i++) {
      const brand = `快递品牌${String((i % 27) + 1).padStart(2, '0')}`;
      // One birth day each, from 1 January 1980: 1,472 distinct, valid IDs.
      const birth = new Date(Date.UTC(1980, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
      const name = `快递员${String.fromCharCode(0x4e00 + (i % 500))}${String.fromCharCode(0x4e00 + Math.floor(i / 500))}`;
      lines.push(`${name},${makeIdNumber('330603', birth, 101)},,快递员,${brand},,${streets[i % 3] ?? ''},,,2022-06-01`);
    }
    const job = await finished(t, (await upload(t, lines.join('\n'), 'mode=all_or_nothing&fileName=couriers.csv')).json().id);
    expect(job).toMatchObject({ status: 'completed', totalRows: 1472, writtenRows: 1472, errorRows: 0, duplicateRows: 0 });
    const after = (await t.request({ method: 'GET', url: `/api/console/members/stats?orgId=${t.demo.keqiao.id}`, cookie: keqiao })).json();
    const federation = after.children.find((c: { orgName: string }) => c.orgName === '柯桥区快递行业工会联合会');
    expect(federation.members - federationBefore.members).toBe(1472);
    expect(federation.newFormMembers - federationBefore.newFormMembers).toBe(1472);
    expect(after.node.members - before.node.members).toBe(1472);
  });

  it('takes the file streamed over a real socket, as a browser sends it', async () => {
    const { t } = h;
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const body = [HEADER, `冯十三,${id(301)},,保安员,,,330603003,,,`].join('\n');
    const response = await fetch(`${address}/api/console/member-imports?mode=valid_rows&fileName=s.csv`, {
      method: 'POST',
      headers: { cookie: await t.staffCookie('keqiao'), 'content-type': 'text/csv' },
      body: new Blob([body]).stream(),
      duplex: 'half',
    });
    expect(response.status).toBe(202);
    const job = await finished(t, ((await response.json()) as { id: string }).id);
    expect(job).toMatchObject({ status: 'completed', writtenRows: 1 });
  });

  it('refuses a file without the required columns, an empty file and other content types, naming the problem', async () => {
    const { t } = h;
    const noColumns = await finished(t, (await upload(t, '名字,号码\n张三,1', 'fileName=x.csv')).json().id);
    expect(noColumns).toMatchObject({ status: 'failed' });
    expect(noColumns.failure).toContain('身份证号');
    const empty = await upload(t, '', 'fileName=x.csv');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('members.import_unreadable');
    const notXlsx = await finished(
      t,
      (await upload(t, 'not a workbook', 'fileName=x.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).json().id,
    );
    expect(notXlsx).toMatchObject({ status: 'failed', failure: expect.stringContaining('不是有效的 .xlsx 文件') });
    const xml = await upload(t, '<x/>', 'fileName=x.xml', 'application/xml');
    expect(xml.statusCode).toBe(415);
  });
});
