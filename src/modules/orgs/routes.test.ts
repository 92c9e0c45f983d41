import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';

// Asks the console to create an organisation, as whoever holds the cookie.
/** A change to an organisation, made by the 柯桥 district's admin. */
async function patchOrg(t: TestApp, orgId: string, body: Record<string, unknown>) {
  return t.request({ method: 'PATCH', url: `/api/console/orgs/${orgId}`, cookie: await t.staffCookie('keqiao'), body });
}

function postOrg(t: TestApp, cookie: string, body: Record<string, unknown>) {
  return t.request({ method: 'POST', url: '/api/console/orgs', cookie, body });
}

describe('org routes', () => {
  const h = useTestApp();

  it('shows the staff member their own organisation as the root of the tree, then its children', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const root = await t.request({ method: 'GET', url: '/api/console/orgs/tree', cookie });
    expect(root.statusCode).toBe(200);
    expect(root.json().items.map((o: { name: string; childCount: number }) => [o.name, o.childCount])).toEqual([['柯桥区总工会', 4]]);
    const children = await t.request({ method: 'GET', url: `/api/console/orgs/tree?parentId=${t.demo.keqiao.id}`, cookie });
    const names = children.json().items.map((o: { name: string }) => o.name);
    expect(names).toEqual(expect.arrayContaining(['柯桥街道总工会', '华舍街道总工会', '柯桥区快递行业工会联合会']));
    expect(names).not.toContain('越城区总工会');
    const street = children.json().items.find((o: { name: string }) => o.name === '柯桥街道总工会');
    expect(street.childCount).toBe(1);
  });

  it('creates a street union under the district, audited with the actor and request id', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const level = `/api/console/orgs/tree?parentId=${t.demo.keqiao.id}`;
    const namesBefore = (await t.request({ method: 'GET', url: level, cookie })).json().items.map((o: { name: string }) => o.name);
    expect(namesBefore).not.toContain('齐贤街道总工会');
    const created = await t.request({
      method: 'POST',
      url: '/api/console/orgs',
      cookie,
      headers: { 'x-request-id': 'test-create-street-1' },
      body: { parentId: t.demo.keqiao.id, kind: 'township', name: '齐贤街道总工会', regionCode: '330603005' },
    });
    expect(created.statusCode).toBe(201);
    const org = created.json();
    expect(org.path).toBe(`${t.demo.keqiao.path}${org.id}/`);
    // The level was read (and cached) before: the new child shows at once.
    const namesAfter = (await t.request({ method: 'GET', url: level, cookie })).json().items.map((o: { name: string }) => o.name);
    expect(namesAfter).toContain('齐贤街道总工会');
    const audit = await t.request({ method: 'GET', url: `/api/console/audit?targetId=${org.id}`, cookie });
    expect(audit.json().items).toMatchObject([
      { action: 'orgs.create', actorName: '柯桥区总工会管理员', requestId: 'test-create-street-1', targetId: org.id },
    ]);
  });

  it('refuses a street union whose region lies outside the district, naming the field', async () => {
    const { t } = h;
    const response = await postOrg(t, await t.staffCookie('keqiao'), {
      parentId: t.demo.keqiao.id,
      kind: 'township',
      name: '塔山街道总工会',
      regionCode: '330602001',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'orgs.invalid', errors: [{ field: 'regionCode', code: 'orgs.region_outside_parent' }] });
  });

  it('refuses a duplicate sibling name and an employer credit code that already has a union', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const dup = await postOrg(t, cookie, { parentId: t.demo.keqiao.id, kind: 'township', name: '柯桥街道总工会', regionCode: '330603001' });
    expect(dup.json().code).toBe('orgs.name_taken');
    const uscc = await postOrg(t, cookie, {
      parentId: t.demo.huasheStreet.id,
      kind: 'grassroots',
      name: '另一个配送站工会',
      regionCode: '330603003',
      formationMode: 'single',
      uscc: '91330603MA2JP8Q4AK',
    });
    expect(uscc.json().code).toBe('orgs.uscc_taken');
  });

  it('moves an organisation with its subtree, keeps the history, and refuses a move under its own descendant', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const hub = await postOrg(t, cookie, {
      parentId: t.demo.huasheStreet.id,
      kind: 'grassroots',
      name: '华舍快递网点联合工会',
      regionCode: '330603003',
      formationMode: 'regional',
    });
    const hubId = hub.json().id as string;
    const cycle = await t.request({
      method: 'POST',
      url: `/api/console/orgs/${t.demo.huasheStreet.id}/move`,
      cookie,
      body: { newParentId: hubId, reason: '测试循环' },
    });
    expect(cycle.json().code).toBe('orgs.move_into_own_subtree');

    const moved = await t.request({
      method: 'POST',
      url: `/api/console/orgs/${hubId}/move`,
      cookie,
      body: { newParentId: t.demo.courierFederation.id, reason: '划归快递行业工会联合会' },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().path).toBe(`${t.demo.courierFederation.path}${hubId}/`);
    const detail = await t.request({ method: 'GET', url: `/api/console/orgs/${hubId}`, cookie });
    expect(detail.json().moves).toMatchObject([
      { fromParentId: t.demo.huasheStreet.id, toParentId: t.demo.courierFederation.id, reason: '划归快递行业工会联合会' },
    ]);
    expect(detail.json().ancestors.map((o: { name: string }) => o.name)).toEqual(['柯桥区总工会', '柯桥区快递行业工会联合会']);
  });

  it('deactivates only an organisation without active children, with a reason', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const blocked = await t.request({
      method: 'POST',
      url: `/api/console/orgs/${t.demo.keqiaoStreet.id}/deactivate`,
      cookie,
      body: { reason: '撤并' },
    });
    expect(blocked.json().code).toBe('orgs.has_active_children');
    const leaf = await postOrg(t, cookie, {
      parentId: t.demo.keqiao.id,
      kind: 'township',
      name: '安昌街道总工会',
      regionCode: '330603007',
    });
    const done = await t.request({
      method: 'POST',
      url: `/api/console/orgs/${leaf.json().id}/deactivate`,
      cookie,
      body: { reason: '机构调整' },
    });
    expect(done.json()).toMatchObject({ status: 'inactive', deactivationReason: '机构调整' });
  });

  it('counts only active children in the tree, unless deactivated unions are asked for too', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const street = await postOrg(t, cookie, {
      parentId: t.demo.keqiao.id,
      kind: 'township',
      name: '安昌街道总工会',
      regionCode: '330603007',
    });
    const hub = await postOrg(t, cookie, {
      parentId: street.json().id,
      kind: 'grassroots',
      name: '安昌快递网点联合工会',
      regionCode: '330603007',
      formationMode: 'regional',
    });
    const childCountOf = async (query: string) => {
      const level = await t.request({ method: 'GET', url: `/api/console/orgs/tree?parentId=${t.demo.keqiao.id}${query}`, cookie });
      return level.json().items.find((o: { name: string }) => o.name === '安昌街道总工会')?.childCount as number;
    };
    expect(await childCountOf('')).toBe(1);
    const url = `/api/console/orgs/${hub.json().id}/deactivate`;
    expect((await t.request({ method: 'POST', url, cookie, body: { reason: '撤并' } })).statusCode).toBe(200);
    expect(await childCountOf('')).toBe(0);
    expect(await childCountOf('&includeInactive=true')).toBe(1);
  });

  it('renaming an organisation shows at once in the signed-in sessions of its staff', async () => {
    const { t } = h;
    const street = await t.staffCookie('keqiao.street');
    expect((await t.request({ method: 'GET', url: '/api/console/me', cookie: street })).json().org.name).toBe('柯桥街道总工会');
    const renamed = await patchOrg(t, t.demo.keqiaoStreet.id, { name: '柯桥街道总工会（新）' });
    expect(renamed.statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/console/me', cookie: street })).json().org.name).toBe('柯桥街道总工会（新）');
  });

  it('refuses a new region for an organisation that would leave its children outside it', async () => {
    const { t } = h;
    const r = await patchOrg(t, t.demo.keqiaoStreet.id, { regionCode: '330603002' });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toMatchObject([{ field: 'regionCode', code: 'orgs.region_excludes_children' }]);
  });

  it('answers 404 for a tree level under a parent outside the scope', async () => {
    const { t } = h;
    const r = await t.request({
      method: 'GET',
      url: `/api/console/orgs/tree?parentId=${t.demo.keqiao.id}`,
      cookie: await t.staffCookie('yuecheng'),
    });
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('orgs.not_found');
  });

  it('lets a viewer read but not write', async () => {
    const { t } = h;
    const created = await t.request({
      method: 'POST',
      url: '/api/console/staff',
      cookie: await t.staffCookie('keqiao'),
      body: {
        orgId: t.demo.keqiao.id,
        username: 'viewer.kq',
        displayName: '只读干事',
        password: 'Viewer@2026x',
        roles: { orgs: 'viewer' },
      },
    });
    expect(created.statusCode).toBe(201);
    const cookie = await t.staffCookie('viewer.kq');
    expect((await t.request({ method: 'GET', url: '/api/console/orgs/tree', cookie })).statusCode).toBe(200);
    const write = await postOrg(t, cookie, {
      parentId: t.demo.keqiao.id,
      kind: 'township',
      name: '钱清街道总工会',
      regionCode: '330603009',
    });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('common.forbidden');
  });
});

describe('org import', () => {
  const h = useTestApp();
  const header = '组织名称,组织类型,上级组织,行政区划代码,组建方式,覆盖行业,统一社会信用代码';

  async function countUnder(parentId: string): Promise<number> {
    const { t } = h;
    const r = await t.request({ method: 'GET', url: `/api/console/orgs/tree?parentId=${parentId}`, cookie: await t.staffCookie('keqiao') });
    return r.json().items.length as number;
  }

  // POSTs a CSV file to the import route as 柯桥区总工会 staff; mode is left off when undefined.
  async function importCsv(csv: string, mode?: 'all_or_nothing' | 'valid_rows') {
    const { t } = h;
    return t.request({
      method: 'POST',
      url: mode ? `/api/console/orgs/import?mode=${mode}` : '/api/console/orgs/import',
      cookie: await t.staffCookie('keqiao'),
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
  }

  it('reports every bad row with its row and column, and writes nothing in all-or-nothing mode', async () => {
    const { t } = h;
    const before = await countUnder(t.demo.keqiao.id);
    const csv = [
      header,
      '杨汛桥街道总工会,乡镇（街道）总工会,柯桥区总工会,330603010,,,',
      '坏类型工会,不存在的类型,柯桥区总工会,330603,,,',
      '越界街道工会,乡镇（街道）总工会,柯桥区总工会,330602001,,,',
      '某配送站工会,基层工会,柯桥街道总工会,330603001,单独组建,,91330603MA2JP8Q4AB',
      '孤儿工会,乡镇（街道）总工会,没有这个上级,330603011,,,',
    ].join('\n');
    const response = await importCsv(csv, 'all_or_nothing');
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.code).toBe('orgs.import_rejected');
    expect(body.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual([
      [3, '组织类型', 'orgs.kind_unknown'],
      [4, '行政区划代码', 'orgs.region_outside_parent'],
      [5, '统一社会信用代码', 'orgs.uscc_invalid'],
      [6, '上级组织', 'orgs.parent_not_found'],
    ]);
    expect(await countUnder(t.demo.keqiao.id)).toBe(before);
  });

  it('writes the good rows and reports the bad ones in valid-rows mode, resolving parents created earlier in the file', async () => {
    const { t } = h;
    const csv = [
      header,
      '马鞍街道总工会,乡镇（街道）总工会,柯桥区总工会,330603011,,,',
      '马鞍街道快递驿站联合工会,基层工会,马鞍街道总工会,330603011,区域联建,,',
      '坏行业联合会,行业工会联合会,柯桥区总工会,330603,行业统建,飞行员,',
    ].join('\n');
    const response = await importCsv(csv, 'valid_rows');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ total: 3, written: 2, errors: [{ row: 4, column: '覆盖行业', code: 'orgs.trade_unknown' }] });
    // Each organisation written has its own audit record; the row that failed has none.
    const audit = await t.request({
      method: 'GET',
      url: '/api/console/audit?action=orgs.create&limit=10',
      cookie: await t.staffCookie('keqiao'),
    });
    const names = audit.json().items.map((i: { details: { name: string } }) => i.details.name);
    expect(names).toEqual(expect.arrayContaining(['马鞍街道总工会', '马鞍街道快递驿站联合工会']));
    expect(names).not.toContain('坏行业联合会');
  });

  it('reads .xlsx files with the same rules', async () => {
    const { t } = h;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('组织');
    sheet.addRow(header.split(','));
    sheet.addRow(['兰亭街道总工会', '乡镇（街道）总工会', '柯桥区总工会', '330603008', '', '', '']);
    sheet.addRow(['柯桥区货运行业工会联合会', '行业工会联合会', '柯桥区总工会', '330603', '行业统建', '货车司机、网约车司机', '']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/console/orgs/import?mode=all_or_nothing',
      headers: {
        cookie: await t.staffCookie('keqiao'),
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      payload: file,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ total: 2, written: 2, errors: [] });
    const search = await t.request({
      method: 'GET',
      url: `/api/console/orgs?q=${encodeURIComponent('货运行业')}`,
      cookie: await t.staffCookie('keqiao'),
    });
    expect(search.json().items[0]).toMatchObject({ kind: 'industry_federation', trades: ['truck_driver', 'ride_hailing'] });
  });

  it('refuses a file that is not a spreadsheet, and one missing required columns', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const junk = await t.app.inject({
      method: 'POST',
      url: '/api/console/orgs/import',
      headers: { cookie, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      payload: Buffer.from('not a zip'),
    });
    expect(junk.json().code).toBe('orgs.import_unreadable');
    const missing = await importCsv('组织名称\n某工会');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { column: string }) => e.column)).toEqual(['组织类型', '上级组织', '行政区划代码']);
  });
});
