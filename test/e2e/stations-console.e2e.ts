import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleSignIn, desktopContext, screenshot, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;
// antd puts a data-testid on an InputNumber's input or on its wrapper, depending on the version.
const inputOf = (testId: string) => `input${id(testId)}, ${id(testId)} input`;

async function pickCascader(page: Page, titles: string[]): Promise<void> {
  for (const title of titles) await page.locator(`.ant-cascader-menu-item[title="${title}"]`).last().click();
}

async function xlsxFile(dir: string, name: string, rows: (string | number)[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('驿站');
  for (const row of rows) sheet.addRow(row);
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
  return file;
}

/** Waits for the success toasts to go, so that a picture shows the page rather than the last message. */
async function quiet(page: Page): Promise<void> {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 15_000 });
}

describe('stations in the console', () => {
  const e2e = useBrowserAndServer();

  it('a district office places a station through the form, re-times it, suspends it, imports a list and exports it all', async () => {
    const { server, browser } = e2e;
    const dir = mkdtempSync(path.join(tmpdir(), 'gonghui-stations-'));
    const context = await desktopContext(browser, server.url);
    const page = await context.newPage();
    await consoleSignIn(page, 'keqiao');
    await page.click(id('console-menu-stations'));
    await page.locator(id('stations-list')).waitFor();

    // 1. A new station: 柯桥骑手之家, placed from AMap's coordinates pasted whole into the longitude box.
    await page.click(id('stations-new'));
    await page.fill(id('station-name'), '柯桥骑手之家');
    await page.click(id('station-kind'));
    await page.click('.ant-select-item-option[title="骑手之家"]');
    await page.fill(id('station-host'), '中国铁塔柯桥分公司');
    await page.click(id('station-region'));
    await pickCascader(page, ['柯桥区', '柯桥街道']);
    await page.fill(id('station-address'), '柯桥街道笛扬路 1 号');
    // (The test's own TypeScript has no DOM: the page's code goes as text.)
    await page.evaluate(`(() => {
      const input = document.querySelector('${inputOf('station-lng')}');
      const data = new DataTransfer();
      data.setData('text', '120.492600,30.082300');
      input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    })()`);
    expect(await page.locator(inputOf('station-lat')).inputValue()).toBe('30.0823');
    for (const amenity of ['water', 'rest', 'charging', 'microwave', 'battery_swap']) await page.click(id(`station-amenity-${amenity}`));
    await page.click(id('station-amenity-hours-add'));
    await page.fill(inputOf('station-area'), '300');
    await page.fill(id('station-phone'), '0575-85123456');
    // The picture shows the form from its top, no box left focused.
    await page.locator(id('station-phone')).blur();
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'stations-console-form');
    await page.click(id('station-save'));
    await page.waitForURL(/\/console\/stations\/[0-9a-f-]{36}$/);
    const stationId = page.url().split('/').pop() ?? '';
    const read = async () => (await (await page.request.get(`/api/console/stations/${stationId}`)).json()) as Record<string, unknown>;
    expect(await read()).toMatchObject({
      name: '柯桥骑手之家',
      kind: 'rider_home',
      regionCode: '330603001',
      gcj02: { lng: 120.4926, lat: 30.0823 },
      hours: { alwaysOpen: false, days: { 1: [{ opens: '08:00', closes: '20:00' }], 7: [{ opens: '08:00', closes: '20:00' }] } },
      amenityHours: { battery_swap: { alwaysOpen: true } },
      areaM2: 300,
    });

    // 2. Its hours by weekday: Saturday mornings only, closed on Sundays; a time typed "9" is 09:00.
    await quiet(page);
    await page.click(id('station-hours-weekday'));
    await page.fill(id('station-hours-day-6-0-opens'), '9');
    await page.fill(id('station-hours-day-6-0-closes'), '1200');
    await page.locator(id('station-hours-day-6-0-closes')).blur();
    await page.click(id('station-hours-day-7-0-remove'));
    expect(await page.locator(id('station-hours-day-6-0-opens')).inputValue()).toBe('09:00');
    await page.click(id('station-save'));
    await page.locator('.ant-message-notice').first().waitFor();
    const retimed = (await read()).hours as { days: Record<string, unknown> };
    expect(retimed.days['6']).toEqual([{ opens: '09:00', closes: '12:00' }]);
    expect(retimed.days['7']).toBeUndefined();

    // A typed time the server refuses comes back under the hours.
    await page.fill(id('station-hours-day-1-0-closes'), '25:00');
    await page.click(id('station-save'));
    await page.locator(id('station-form-error')).waitFor();
    expect(await page.locator('.ant-form-item-explain-error').allInnerTexts()).toContain(
      '周一的营业时间「08:00–25:00」格式不对，应为 08:00–20:00 这样的时刻',
    );
    await page.fill(id('station-hours-day-1-0-closes'), '20:00');
    await page.click(id('station-save'));
    await page.locator(id('station-form-error')).waitFor({ state: 'detached' });
    await page.locator('.ant-message-notice').first().waitFor();
    await quiet(page);

    // 3. Suspended for a renovation: riders no longer find it.
    await page.click(id(`station-suspend-${stationId}`));
    await page.click(id('station-status-reason-template-0'));
    await screenshot(page, 'stations-console-suspend', { settleMs: 300 });
    await page.click(id('station-status-reason-ok'));
    await expect.poll(async () => (await read()).status).toBe('suspended');
    await page.locator(`${id('station-status')}:has-text("暂停开放")`).waitFor();
    const near = await page.request.get('/api/member/stations/nearest?lng=120.493&lat=30.083&datum=gcj02&limit=50');
    expect(((await near.json()) as { items: { id: string }[] }).items.map((s) => s.id)).not.toContain(stationId);

    // 4. A list from Excel: first with a bad row (nothing written, every problem listed), then corrected.
    const header = ['名称', '类型', '依托单位', '所属工会', '地址', '经度', '纬度', '营业时间', '服务设施', '联系电话'];
    const good = [
      '柯岩爱心驿站',
      '爱心驿站',
      '农业银行柯岩支行',
      '柯岩街道总工会',
      '柯岩街道鉴湖路 8 号',
      120.4853,
      30.0561,
      '周一至周五 9:00-17:00；周六 9:00-12:00',
      '饮水、厕所、药箱',
      '',
    ];
    const bad = [
      '华舍爱心翼站',
      '爱心翼站',
      '中国电信华舍营业厅',
      '华舍街道总工会',
      '华舍街道蜀山路 8 号',
      30.0931,
      120.4405,
      '12小时',
      '饮水、按摩椅',
      '',
    ];
    // The demo's own stations (柯桥's 爱心翼站 and 职工驿站) are there too: counted before, compared after.
    const total = async () => ((await (await page.request.get('/api/console/stations?limit=1')).json()) as { total: number }).total;
    const before = await total();
    await page.goto('/console/stations');
    await page.click(id('stations-import'));
    await page
      .locator(`${id('stations-import-file')} input[type=file]`)
      .setInputFiles(await xlsxFile(dir, '驿站清单.xlsx', [header, good, bad]));
    await page.click(id('stations-import-next'));
    await page.locator(id('import-mapping')).waitFor();
    await screenshot(page, 'stations-console-import-mapping');
    await page.click(id('import-confirm'));
    await page.locator(id('stations-import-rejected')).waitFor();
    expect(await page.locator(`${id('stations-import-problems')} tbody tr`).count()).toBe(3);
    await screenshot(page, 'stations-console-import-report');
    const report = page.waitForEvent('download');
    await page.click(id('stations-import-report'));
    const reportText = readFileSync((await (await report).path()) ?? '', 'utf8');
    expect(reportText).toContain('stations.import_coordinates_swapped');
    expect(reportText).toContain('stations.import_hours_duration_only');
    expect(reportText).toContain('stations.import_amenity_unknown');
    expect(await total()).toBe(before);

    await page.click(id('stations-import-again'));
    const fixed = [
      '华舍爱心翼站',
      '爱心翼站',
      '中国电信华舍营业厅',
      '华舍街道总工会',
      '华舍街道蜀山路 8 号',
      120.4405,
      30.0931,
      '8:00-20:00',
      '饮水',
      '',
    ];
    await page
      .locator(`${id('stations-import-file')} input[type=file]`)
      .setInputFiles(await xlsxFile(dir, '驿站清单.xlsx', [header, good, fixed]));
    await page.click(id('stations-import-next'));
    await page.click(id('import-confirm'));
    await page.locator(id('stations-import-done')).waitFor();
    expect(await page.locator(id('stations-import-done')).innerText()).toContain('新建 2 个驿站，更新 0 个');

    // 5. The list, and its export: the same columns, every station of the subtree.
    await page.goto('/console/stations');
    await page.locator(id('station-row')).nth(2).waitFor();
    expect(await total()).toBe(before + 2);
    expect(await page.locator(id('stations-total')).innerText()).toBe(`共 ${before + 2} 个驿站`);
    await screenshot(page, 'stations-console-list');
    const exported = page.waitForEvent('download');
    await page.click(id('stations-export'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await (await exported).path()) ?? '');
    const rows = (workbook.worksheets[0]?.getSheetValues() ?? []).filter(Boolean) as unknown[][];
    expect(rows[2]?.slice(1, 4)).toEqual(['名称', '类型', '承建单位']);
    expect(rows.length - 3).toBe(before + 2);
    const statusOf = new Map(rows.slice(3).map((r) => [r[1], r[14]]));
    expect([statusOf.get('华舍爱心翼站'), statusOf.get('柯岩爱心驿站'), statusOf.get('柯桥骑手之家')]).toEqual([
      '开放',
      '开放',
      '暂停开放',
    ]);
    await context.close();
  });
});
