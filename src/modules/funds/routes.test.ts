// The funds ledger over HTTP, as the console calls it: a province's 送温暖资金 reaches a district, the
// district pays, an overdraft is refused in Chinese, the statement exports, and a sibling sees nothing.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { verifyLedger } from './service/statements.js';

async function post(t: TestApp, username: string, url: string, body: unknown) {
  return t.request({ method: 'POST', url, cookie: await t.staffCookie(username), body });
}

describe('funds routes', () => {
  const h = useTestApp();

  it('the province receives 全总’s money and passes it down; 柯桥 pays aid; an overdraft is refused and the statement exports', async () => {
    const { t } = h;
    const { province, city, keqiao } = t.demo;
    const fund = await post(t, 'zhejiang', '/api/console/funds', {
      orgId: province.id,
      name: '送温暖资金',
      purpose: 'warmth',
      sources: ['全总下拨', '省总工会自筹'],
    });
    expect(fund.statusCode, fund.body).toBe(201);
    const fundId = fund.json().id as string;
    const base = `/api/console/funds/${fundId}`;
    const steps = [
      await post(t, 'zhejiang', `${base}/receipts`, {
        sourceId: fund.json().sources[0].id,
        orgId: province.id,
        amountFen: 60_000_000,
        memo: '全总下拨',
      }),
      await post(t, 'zhejiang', `${base}/allocations`, { fromOrgId: province.id, toOrgId: city.id, amountFen: 30_000_000 }),
      await post(t, 'zhejiang', `${base}/allocations`, { fromOrgId: city.id, toOrgId: keqiao.id, amountFen: 8_000_000 }),
      await post(t, 'keqiao', `${base}/disbursements`, {
        orgId: keqiao.id,
        amountFen: 100_000,
        payee: '王*军',
        memo: '送温暖慰问金',
        idempotencyKey: 'form-000000001',
      }),
      // The same form sent twice pays once.
      await post(t, 'keqiao', `${base}/disbursements`, {
        orgId: keqiao.id,
        amountFen: 100_000,
        payee: '王*军',
        memo: '送温暖慰问金',
        idempotencyKey: 'form-000000001',
      }),
    ];
    expect(steps.map((s) => s.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(steps[4]!.json().id).toBe(steps[3]!.json().id);

    const over = await post(t, 'keqiao', `${base}/disbursements`, { orgId: keqiao.id, amountFen: 8_000_000 });
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({
      code: 'funds.insufficient',
      title: '柯桥区总工会的「送温暖资金」可用余额为 79,000.00 元，不足 80,000.00 元',
    });
    const bad = await post(t, 'keqiao', `${base}/disbursements`, { orgId: keqiao.id, amountFen: -5 });
    expect(bad.json()).toMatchObject({
      code: 'funds.invalid',
      errors: [{ field: 'amountFen', code: 'funds.amount_not_positive', message: '金额须大于 0' }],
    });

    // The district sees the province's fund, from its own union down.
    const cookie = await t.staffCookie('keqiao');
    const listed = await t.request({ method: 'GET', url: '/api/console/funds', cookie });
    expect(listed.json().items).toMatchObject([{ id: fundId, orgName: '浙江省总工会', name: '送温暖资金' }]);
    const tree = await t.request({ method: 'GET', url: base, cookie });
    expect(tree.json().node).toMatchObject({
      org: { name: '柯桥区总工会' },
      own: { receivedFen: 8_000_000, spentFen: 100_000, availableFen: 7_900_000 },
    });
    const provinceTree = await t.request({ method: 'GET', url: base, cookie: await t.staffCookie('zhejiang') });
    expect(provinceTree.json()).toMatchObject({
      node: {
        own: { receivedFen: 60_000_000, passedOnFen: 30_000_000, availableFen: 30_000_000 },
        subtree: { spentFen: 100_000, availableFen: 59_900_000 },
      },
      children: [
        { org: { name: '绍兴市总工会' }, own: { availableFen: 22_000_000 }, subtree: { receivedFen: 30_000_000, spentFen: 100_000 } },
      ],
    });

    const page = await t.request({ method: 'GET', url: `${base}/statement?orgId=${keqiao.id}`, cookie });
    expect(page.json().items.map((l: { kind: string; balanceFen: number }) => [l.kind, l.balanceFen])).toEqual([
      ['disbursement', 7_900_000],
      ['allocation', 8_000_000],
    ]);
    const exported = await t.request({ method: 'GET', url: `${base}/statement.xlsx?orgId=${keqiao.id}`, cookie });
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-disposition']).toContain(encodeURIComponent('柯桥区总工会-送温暖资金-明细账'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]).toContain('柯桥区总工会「送温暖资金」明细账');
    expect(rows.slice(3).map((r) => [r[2], r[3], r[6], r[7], r[8]])).toEqual([
      ['下拨', '绍兴市总工会', 80_000, undefined, 80_000],
      ['支出', undefined, undefined, 1_000, 79_000],
    ]);
    const audit = await t.request({ method: 'GET', url: '/api/console/audit?action=funds.export_statement', cookie });
    expect(audit.json().items).toHaveLength(1);

    // A reversal with its reason; the books still agree.
    const reversed = await post(t, 'keqiao', `/api/console/fund-transfers/${steps[3]!.json().id as string}/reverse`, {
      reason: '重复发放，已退回',
    });
    expect(reversed.statusCode, reversed.body).toBe(201);
    expect(reversed.json()).toMatchObject({ reversal: true, memo: '重复发放，已退回' });
    expect(await verifyLedger(t.platform.db, fundId)).toEqual([]);
  });

  it('keeps a sibling district out: 越城 neither sees 柯桥’s fund nor pays from 柯桥’s balance of the city’s', async () => {
    const { t } = h;
    const { city, keqiao } = t.demo;
    const own = await post(t, 'keqiao', '/api/console/funds', {
      orgId: keqiao.id,
      name: '区级送温暖资金',
      purpose: 'warmth',
      sources: ['区财政'],
    });
    const shared = await post(t, 'zhejiang', '/api/console/funds', {
      orgId: city.id,
      name: '市级生活救助资金',
      purpose: 'life',
      sources: ['市财政'],
    });
    await post(t, 'zhejiang', `/api/console/funds/${shared.json().id as string}/receipts`, {
      sourceId: shared.json().sources[0].id,
      orgId: city.id,
      amountFen: 1_000_000,
    });
    await post(t, 'zhejiang', `/api/console/funds/${shared.json().id as string}/allocations`, {
      fromOrgId: city.id,
      toOrgId: keqiao.id,
      amountFen: 500_000,
    });
    const sibling = await t.staffCookie('yuecheng');
    const listed = await t.request({ method: 'GET', url: '/api/console/funds', cookie: sibling });
    expect(listed.json().items.map((f: { name: string }) => f.name)).toEqual(['市级生活救助资金']);
    expect((await t.request({ method: 'GET', url: `/api/console/funds/${own.json().id as string}`, cookie: sibling })).statusCode).toBe(
      404,
    );
    const pay = await post(t, 'yuecheng', `/api/console/funds/${shared.json().id as string}/disbursements`, {
      orgId: keqiao.id,
      amountFen: 100,
    });
    expect(pay.statusCode).toBe(404);
    const peek = await t.request({
      method: 'GET',
      url: `/api/console/funds/${shared.json().id as string}/statement?orgId=${keqiao.id}`,
      cookie: sibling,
    });
    expect(peek.statusCode).toBe(404);
    // Its own view of the city's fund starts at itself, where nothing has arrived.
    const mine = await t.request({ method: 'GET', url: `/api/console/funds/${shared.json().id as string}`, cookie: sibling });
    expect(mine.json().node).toMatchObject({ org: { name: '越城区总工会' }, own: { receivedFen: 0, availableFen: 0 } });
  });
});
