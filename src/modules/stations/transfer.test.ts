// A union office's station list in and out of Excel, and a station suspended, reopened and closed —
// over HTTP, as the console does it, on PGlite and (TEST_DATABASE_URL) PostgreSQL.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { encodeGbk } from '../../../test/support/gbk.js';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { riderHomeInput } from './testing.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function xlsxOf(rows: (string | number | null)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('驿站');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function upload(t: TestApp, body: Buffer | string, options: { type?: string; query?: string; staff?: string } = {}) {
  return t.request({
    method: 'POST',
    url: `/api/console/stations/import?${options.query ?? 'fileName=list.xlsx'}`,
    cookie: await t.staffCookie(options.staff ?? 'keqiao'),
    body,
    headers: { 'content-type': options.type ?? XLSX },
  });
}

async function listed(t: TestApp, staff = 'keqiao') {
  const page = await t.request({ method: 'GET', url: '/api/console/stations?limit=200', cookie: await t.staffCookie(staff) });
  return page.json<{ total: number; items: Record<string, unknown>[] }>();
}

async function audited(t: TestApp, action: string) {
  const page = await t.request({ method: 'GET', url: `/api/console/audit?action=${action}`, cookie: await t.staffCookie('keqiao') });
  return page.json().items as { action: string; reason: string | null; details: Record<string, unknown> }[];
}

const HEADER = ['名称', '类型', '承建单位', '所属工会', '所在地区代码', '地址', '经度', '纬度', '开放时间', '设施', '面积（㎡）', '电话'];

describe('station status', () => {
  const h = useTestApp();

  it('suspends a station for a renovation (no rider finds it), reopens it, closes it for good — each with its reason', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const station = (
      await t.request({ method: 'POST', url: '/api/console/stations', cookie, body: riderHomeInput(t.demo.keqiao.id) })
    ).json();
    const found = async () =>
      (await t.request({ method: 'GET', url: '/api/member/stations/nearest?lng=120.493&lat=30.083&datum=gcj02' })).json().items.length;
    const change = (status: string, reason = '装修改造，暂停一个月') =>
      t.request({ method: 'POST', url: `/api/console/stations/${station.id as string}/status`, cookie, body: { status, reason } });
    expect(await found()).toBe(1);

    const suspended = await change('suspended');
    expect(suspended.statusCode, suspended.body).toBe(200);
    expect(suspended.json()).toMatchObject({ id: station.id, status: 'suspended', name: '柯桥骑手之家' });
    expect(await found()).toBe(0);
    const again = await change('suspended');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'stations.status_unchanged', title: '驿站已经是「暂停开放」状态' });
    const noReason = await t.request({
      method: 'POST',
      url: `/api/console/stations/${station.id as string}/status`,
      cookie,
      body: { status: 'open' },
    });
    expect(noReason.statusCode).toBe(400);

    expect((await change('open', '装修完成')).json().status).toBe('open');
    expect(await found()).toBe(1);
    expect((await change('closed', '铁塔站址拆除，驿站撤销')).json().status).toBe('closed');
    expect(await found()).toBe(0);
    const reopen = await change('open', '想重新开');
    expect(reopen.statusCode).toBe(409);
    expect(reopen.json().code).toBe('stations.closed_for_good');

    const trail = await audited(t, 'stations.status_changed');
    expect(trail.map((e) => [e.reason, e.details])).toEqual([
      ['铁塔站址拆除，驿站撤销', { from: 'open', to: 'closed' }],
      ['装修完成', { from: 'suspended', to: 'open' }],
      ['装修改造，暂停一个月', { from: 'open', to: 'suspended' }],
    ]);
  });
});

describe('station import', () => {
  const h = useTestApp();

  it('imports a union’s list: new stations placed from GCJ-02, amenity hours in brackets, unions by name', async () => {
    const { t } = h;
    const file = await xlsxOf([
      HEADER,
      [
        '柯桥骑手之家',
        '骑手之家',
        '中国铁塔柯桥分公司',
        '柯桥区总工会',
        '330603001',
        '柯桥街道笛扬路 1 号',
        120.4926,
        30.0823,
        '每天 8:00-20:00',
        '饮水、休息、充电、热饭、空调、沙发、换电柜（24小时）',
        300,
        '0575-85123456',
      ],
      [
        '华舍爱心翼站',
        '爱心翼站',
        '中国电信华舍营业厅',
        '华舍街道总工会',
        '',
        '华舍街道蜀山路 8 号',
        120.4405,
        30.0931,
        '周一至周五 9:00-17:00；周六 9:00-12:00',
        '饮水、厕所、药箱',
        '',
        '',
      ],
    ]);
    const answer = await upload(t, file);
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toEqual({ total: 2, created: 2, updated: 0, encoding: null });

    const { items } = await listed(t);
    const home = items.find((s) => s.name === '柯桥骑手之家');
    expect(home).toMatchObject({
      orgId: t.demo.keqiao.id,
      kind: 'rider_home',
      gcj02: { lng: 120.4926, lat: 30.0823 },
      amenities: ['water', 'rest', 'charging', 'microwave', 'air_conditioning', 'sofa', 'battery_swap'],
      amenityHours: { battery_swap: { alwaysOpen: true } },
      areaM2: 300,
      status: 'open',
    });
    // No code in the row: the street its union covers.
    expect(items.find((s) => s.name === '华舍爱心翼站')).toMatchObject({
      orgId: t.demo.huasheStreet.id,
      regionCode: '330603003',
      kind: 'love_wing',
    });
    const near = await t.request({
      method: 'GET',
      url: '/api/member/stations/nearest?lng=120.493&lat=30.083&datum=gcj02&amenity=microwave',
    });
    expect(near.json().items.map((s: { name: string }) => s.name)).toEqual(['柯桥骑手之家']);
    expect((await audited(t, 'stations.import'))[0]?.details).toMatchObject({ fileName: 'list.xlsx', total: 2 });

    // The same list again (a corrected phone): the stations are updated, not added twice.
    const corrected = await xlsxOf([
      HEADER,
      [
        '柯桥骑手之家',
        '骑手之家',
        '中国铁塔柯桥分公司',
        '柯桥区总工会',
        '330603001',
        '柯桥街道笛扬路 1 号',
        120.4926,
        30.0823,
        '24小时',
        '饮水',
        300,
        '0575-85000000',
      ],
    ]);
    expect((await upload(t, corrected)).json()).toEqual({ total: 1, created: 0, updated: 1, encoding: null });
    const after = await listed(t);
    expect(after.total).toBe(2);
    expect(after.items.find((s) => s.name === '柯桥骑手之家')).toMatchObject({
      id: home?.id,
      phone: '0575-85000000',
      hours: { alwaysOpen: true },
    });
  });

  it('reports every bad row of a real-life GB18030 CSV — title row, its own headers, a blank row — and writes nothing', async () => {
    const { t } = h;
    const csv = [
      '柯桥区户外劳动者服务站点清单（2026年11月）,,,,,,,,,',
      '驿站名称,类型,依托单位,所属工会,详细地址,经度,纬度,营业时间,服务设施,联系电话',
      '柯桥骑手之家,骑手之家,中国铁塔柯桥分公司,柯桥区总工会,柯桥街道笛扬路1号,120.4926,30.0823,8:00—20:00,饮水、充电、热饭,0575-85123456',
      ',,,,,,,,,',
      '柯岩爱心驿站,爱心驿站,农业银行柯岩支行,柯岩街道总工会,柯岩街道鉴湖路8号,30.0561,120.4853,全天,饮水、厕所,',
      '华舍骑手驿站,骑手之家,华舍供销社,华舍街道总工会,华舍街道蜀山路8号,120.4405,30.0931,12小时,饮水,',
      '平水爱心驿站,爱心驿站,平水镇卫生院,平水镇总工会,平水镇平水大道1号,120.5651,29.9402,24小时,饮水、按摩椅,',
      '柯桥骑手之家,骑手之家,中国铁塔柯桥分公司,柯桥区总工会,柯桥街道笛扬路1号,120.4926,30.0823,24小时,饮水,',
    ].join('\r\n');
    const answer = await upload(t, encodeGbk(csv), { type: 'text/csv', query: 'fileName=list.csv' });
    expect(answer.statusCode, answer.body).toBe(422);
    const problem = answer.json();
    expect(problem).toMatchObject({
      code: 'stations.import_rejected',
      title: '有 4 行有问题，没有导入任何驿站：请按问题清单改好文件后重新导入',
    });
    expect(problem.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual([
      [5, '经度', 'stations.import_coordinates_swapped'],
      [6, '营业时间', 'stations.import_hours_duration_only'],
      [7, '所属工会', 'stations.import_union_unknown'],
      [7, '服务设施', 'stations.import_amenity_unknown'],
      [8, '驿站名称', 'stations.import_duplicate_in_file'],
    ]);
    expect(problem.errors[0].message).toBe(
      '经度 30.0561、纬度 120.4853 填反了：中国境内经度在 73–135 之间，纬度在 4–54 之间，请交换这两列',
    );
    expect(problem.errors[1].message).toContain('「12小时」只说了开放多长时间');
    expect(problem.errors[2].message).toContain('找不到「平水镇总工会」');
    expect(problem.errors[4].message).toBe('与第 3 行是同一个驿站（同一工会下同名），请合并为一行');
    expect((await listed(t)).total).toBe(0);
    expect(await audited(t, 'stations.import')).toEqual([]);
  });

  it('says what a file lacks before reading its rows, and takes the uploader’s mapping', async () => {
    const { t } = h;
    const noHours = await upload(
      t,
      await xlsxOf([
        ['名称', '类型', '地址', '经度', '纬度'],
        ['甲驿站', '职工驿站', '柯桥街道1号', 120.49, 30.08],
      ]),
    );
    expect(noHours.statusCode).toBe(400);
    expect(noHours.json()).toMatchObject({ code: 'stations.import_unreadable', title: '无法导入：缺少必需的列：开放时间' });
    const mapped = await upload(
      t,
      await xlsxOf([
        ['站', '种类', '在哪', '坐标（高德）', '几点开'],
        ['甲驿站', '职工驿站', '柯桥街道1号', '120.49,30.08', '24小时'],
      ]),
      {
        query: `fileName=a.xlsx&mapping=${encodeURIComponent(JSON.stringify({ name: '站', kind: '种类', address: '在哪', point: '坐标（高德）', hours: '几点开' }))}`,
      },
    );
    expect(mapped.statusCode, mapped.body).toBe(200);
    // Remembered for this uploader's next file.
    const preview = await t.request({
      method: 'POST',
      url: '/api/console/stations/import/preview',
      cookie: await t.staffCookie('keqiao'),
      body: await xlsxOf([['站', '种类', '在哪', '坐标（高德）', '几点开']]),
      headers: { 'content-type': XLSX },
    });
    expect(preview.json().mapping).toEqual({ name: '站', kind: '种类', address: '在哪', point: '坐标（高德）', hours: '几点开' });
  });

  it('exports the subtree’s stations in the import’s columns, and the file re-imports as it was', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const made = [
      riderHomeInput(t.demo.keqiao.id),
      {
        ...riderHomeInput(t.demo.keqiaoStreet.id, '柯桥街道爱心驿站'),
        kind: 'love_station',
        hours: { alwaysOpen: false, days: { 1: [{ opens: '09:00', closes: '17:00' }], 6: [{ opens: '20:00', closes: '02:00' }] } },
        amenityHours: {},
        areaM2: null,
        // Quotes, commas, braces and a backslash: the batch writer's array parameters carry them as typed.
        host: '柯桥"爱心"联盟{1},分部\\二',
      },
    ];
    for (const body of made) expect((await t.request({ method: 'POST', url: '/api/console/stations', cookie, body })).statusCode).toBe(201);
    const before = (await listed(t)).items;
    const exported = await t.request({ method: 'GET', url: '/api/console/stations/export.xlsx', cookie });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe(XLSX);
    const file = exported.rawPayload;
    const sheet = new ExcelJS.Workbook();
    await sheet.xlsx.load(file as unknown as ArrayBuffer);
    const rows = (sheet.worksheets[0]?.getSheetValues() ?? []).filter(Boolean) as unknown[][];
    expect(rows[2]?.slice(1)).toEqual([
      ...HEADER.slice(0, 4),
      '工会代码',
      '所在地区代码',
      '地址',
      '经度',
      '纬度',
      '开放时间',
      '设施',
      '面积（㎡）',
      '电话',
      '状态',
    ]);
    expect(rows.slice(3).map((r) => [r[1], r[10], r[11]])).toEqual([
      ['柯桥街道爱心驿站', '周一 09:00-17:00；周六 20:00-02:00', '饮水、休息、手机充电、微波炉、空调、沙发、换电柜'],
      ['柯桥骑手之家', '每天 08:00-20:00', '饮水、休息、手机充电、微波炉、空调、沙发、换电柜（24小时）'],
    ]);
    expect((await audited(t, 'stations.export'))[0]?.details).toMatchObject({ rows: 2 });

    const again = await upload(t, file);
    expect(again.json()).toEqual({ total: 2, created: 0, updated: 2, encoding: null });
    const after = (await listed(t)).items;
    expect(after).toEqual(before);
  });

  it('keeps a sibling district out: no import into 柯桥, no union of 柯桥 named in a row, no export of 柯桥', async () => {
    const { t } = h;
    const file = await xlsxOf([
      HEADER,
      ['柯桥骑手之家', '骑手之家', '', '柯桥区总工会', '330603001', '柯桥街道笛扬路 1 号', 120.4926, 30.0823, '24小时', '饮水', '', ''],
    ]);
    const into = await upload(t, file, { staff: 'yuecheng', query: `fileName=a.xlsx&orgId=${t.demo.keqiao.id}` });
    expect(into.statusCode).toBe(404);
    const named = await upload(t, file, { staff: 'yuecheng' });
    expect(named.statusCode, named.body).toBe(422);
    expect(named.json().errors.map((e: { code: string }) => e.code)).toEqual(['stations.import_union_unknown']);
    const exported = await t.request({
      method: 'GET',
      url: `/api/console/stations/export.xlsx?orgId=${t.demo.keqiao.id}`,
      cookie: await t.staffCookie('yuecheng'),
    });
    expect(exported.statusCode).toBe(404);
    expect((await listed(t)).total).toBe(0);
  });
});
