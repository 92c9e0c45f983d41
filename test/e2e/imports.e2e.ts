import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CENSUS_ROWS, LANDLINE_ROWS } from '../fixtures/imports/make-census-list.js';
import { consoleSignIn, desktopContext, screenshot, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;

describe('importing a census list in the console', () => {
  const e2e = useBrowserAndServer();

  it('a district’s GBK list with its own headers and a blank line: the mapping step shows its columns preselected, and the import finishes naming the encoding', async () => {
    const context = await desktopContext(e2e.browser, e2e.server.url);
    const page = await context.newPage();
    await consoleSignIn(page, 'keqiao');
    await page.goto('/console/members/imports');
    // The server's own limit, not a number written into the page.
    expect(await page.locator(id('import-limit')).textContent()).toContain('500 MB');

    const file = readFileSync(new URL('../fixtures/imports/couriers-keqiao-gbk.csv', import.meta.url));
    await page.setInputFiles(`${id('import-file')} input[type=file]`, {
      name: '柯桥区快递员摸排名单.csv',
      mimeType: 'text/csv',
      buffer: file,
    });
    await page.click(id('import-start'));

    const mapping = page.locator(id('import-mapping'));
    await mapping.waitFor();
    expect(await page.locator(`${id('import-mapping')} ${id('import-encoding')}`).textContent()).toContain('GBK');
    const chosen = async (field: string) =>
      (await page.locator(`${id(`mapping-${field}`)} .ant-select-content`).getAttribute('title'))?.trim();
    expect({
      name: await chosen('name'),
      idNumber: await chosen('idNumber'),
      phone: await chosen('phone'),
      trade: await chosen('trade'),
      employerName: await chosen('employerName'),
      workAddress: await chosen('workAddress'),
      workRegionCode: await chosen('workRegionCode'),
    }).toEqual({
      name: '姓名',
      idNumber: '身份证号码',
      phone: '联系电话',
      trade: '从业类别',
      employerName: '所属企业',
      workAddress: '工作地点',
      workRegionCode: '（不导入）',
    });
    const samples = page.locator(`${id('import-samples')} tbody tr.ant-table-row`);
    expect(await samples.count()).toBe(5);
    expect(await page.locator(`${id('import-samples')} thead`).textContent()).toContain('身份证号码');
    await screenshot(page, 'console-members-import-mapping', { settleMs: 300 });

    await page.click(id('import-confirm'));
    const done = page.locator(`${id('import-status')}[data-status="completed"]`);
    await done.waitFor({ timeout: 60_000 });
    expect(await page.locator(`${id('import-status')} ${id('import-encoding')}`).textContent()).toContain('GBK');
    const result = await page.locator(id('import-result')).textContent();
    expect(result).toContain(CENSUS_ROWS.toLocaleString('en'));
    expect(await page.locator(id('import-warnings')).textContent()).toContain(String(LANDLINE_ROWS.length));
    expect(await page.locator(id('import-file-duplicates')).textContent()).toContain('0');
    await screenshot(page, 'console-members-import', { settleMs: 300 });
    await context.close();
  });
});
