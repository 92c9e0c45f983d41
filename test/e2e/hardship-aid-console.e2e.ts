// The console's hardship aid and competition ranking: 浙江 sets up a 春节送温暖 item paid from the demo's
// 送温暖资金 (a code its union already uses is refused in the server's words), draws a batch through 绍兴
// for 越城's two filed households — refused while one household's sum passes the item's yearly limit,
// each refusal in the server's words — exports the bank file with a reason (an .xlsx with the whole
// names), and marks the batch paid after a confirmation naming the sum and the fund; 绍兴's balance in
// the fund falls by the sum, and comes back when the batch is reversed (冲正). Then the ranking of 浙江's areas: recomputed (its progress shown while it
// runs), drilled down to 绍兴's districts with the counts behind 越城's score, exported, and back up.
import ExcelJS from 'exceljs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleSignIn, desktopContext, screenshot, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;

/** The input of an antd box given its test id, whether the id sits on the input or on its wrapper. */
const input = (page: Page, testId: string): Locator => page.locator(`${id(testId)} input, input${id(testId)}`).first();

/** Waits for the success toasts to go, so that a picture shows the page rather than the last message. */
async function quiet(page: Page): Promise<void> {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 15_000 });
}

/** Picks a union in an org picker by typing its name (the picker searches the server) and clicking it. */
async function pickOrg(page: Page, picker: string, name: string): Promise<void> {
  await page.click(`${id(picker)} .ant-select-selector, ${id(picker)}.ant-select`);
  await page.keyboard.type(name);
  await page.locator('.ant-select-tree-node-content-wrapper', { hasText: new RegExp(`^${name}$`) }).click();
}

/** Chooses an option of an antd select by its label. */
async function choose(page: Page, select: string, label: string): Promise<void> {
  await page.click(`${id(select)} .ant-select-selector, ${id(select)}.ant-select`);
  await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${label}"]`).click();
}

/** A figure of the funds page (`funds-own-available` …) as shown: ¥218,000.00. */
function figure(page: Page, testId: string): Promise<string | null> {
  return page.locator(`${id(testId)} .ant-statistic-content`).textContent();
}

/** ¥218,000.00 → 21800000 fen. */
function fenOf(text: string | null): number {
  const match = /¥([\d,]+)\.(\d{2})/.exec(text ?? '');
  if (!match) throw new Error(`not an amount: ${text ?? 'null'}`);
  return Number((match[1] ?? '').replaceAll(',', '')) * 100 + Number(match[2]);
}

/** 21500000 fen → ¥215,000.00, as the console formats it. */
function yuanText(fen: number): string {
  return `¥${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;
}

/** The rows of a downloaded workbook's first sheet, as arrays of cell values. */
async function sheetRows(path: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return ((workbook.worksheets[0]?.getSheetValues() ?? []).filter(Boolean) as unknown[][]).map((row) => row.slice(1));
}

/** The id a row's data-testid carries (`aid-batch-row-<id>`). */
async function rowId(row: Locator, prefix: string): Promise<string> {
  return ((await row.getAttribute('data-testid')) ?? '').replace(prefix, '');
}

describe('hardship aid and the competition ranking in the console', () => {
  const e2e = useBrowserAndServer();

  it('浙江 sets up an item, draws a batch for 越城’s filed households through 绍兴 (refused over the yearly limit first), exports its bank file with a reason and pays it from 绍兴’s 送温暖资金, then reverses it (the bank returned it); then ranks the areas, recomputes, drills down and exports', async () => {
    const { server, browser } = e2e;
    const province: BrowserContext = await desktopContext(browser, server.url);
    const page = await province.newPage();
    await consoleSignIn(page, 'zhejiang');

    // 1. 帮扶救助: the demo's batch, paid by 绍兴, and 浙江's 送温暖慰问金 with its limits.
    await page.click(id('console-menu-hardship'));
    await page.click(id('hardship-tab-aid'));
    const demoBatch = page.locator(`${id('aid-batches')} tr`, { hasText: '2026年元旦送温暖' });
    await demoBatch.waitFor();
    for (const part of ['绍兴市总工会', '送温暖慰问金', '2 户', '¥2,000.00', '已发放']) {
      expect(await demoBatch.textContent(), part).toContain(part);
    }
    // Already paid: its bank file can still be exported, but it cannot be paid again.
    const demoBatchId = await rowId(demoBatch, 'aid-batch-row-');
    expect(await page.locator(id(`aid-batch-pay-${demoBatchId}`)).count()).toBe(0);
    const demoItem = page.locator(`${id('aid-items')} tr`, { hasText: 'winter_warmth' });
    for (const part of ['送温暖慰问金', '¥1,000.00', '送温暖资金', '每户每年最多 ¥2,000.00', '每户每年最多 1 次']) {
      expect(await demoItem.textContent(), part).toContain(part);
    }

    // 2. 设立救助项目: 春节送温暖慰问金, 1,500 元 a household, at most 2,000 元 and once a year; the
    // demo item's code is 浙江's already, and the server says so.
    await page.click(id('aid-item-new'));
    await page.fill(id('aid-item-name'), '春节送温暖慰问金');
    await choose(page, 'aid-item-fund', '送温暖资金');
    await page.fill(id('aid-item-code'), 'winter_warmth');
    await page.fill(id('aid-item-default-amount'), '1,500');
    await expect.poll(() => page.locator(id('aid-item-default-amount-preview')).textContent()).toBe('按 ¥1,500.00 计');
    await page.fill(id('aid-item-max-amount'), '2000');
    await input(page, 'aid-item-max-times').fill('1');
    await page.click(id('aid-item-form-submit'));
    await page.locator(id('aid-item-form-error')).getByText('本工会已有代码为「winter_warmth」的帮扶项目').waitFor();
    await page.fill(id('aid-item-code'), 'spring_warmth');
    await page.click(id('aid-item-form-submit'));
    await page.getByText('已设立救助项目「春节送温暖慰问金」').waitFor();
    const item = page.locator(`${id('aid-items')} tr`, { hasText: 'spring_warmth' });
    await item.waitFor();
    for (const part of [
      '春节送温暖慰问金',
      '送温暖',
      '浙江省总工会（本级）',
      '¥1,500.00',
      '送温暖资金',
      '每户每年最多 ¥2,000.00',
      '每户每年最多 1 次',
    ]) {
      expect(await item.textContent(), part).toContain(part);
    }

    // 3. 新建发放批次 at 绍兴, which pays from its share of the fund: 越城's two filed households.
    await page.click(id('aid-batch-new'));
    await pickOrg(page, 'aid-batch-union', '绍兴市总工会');
    const files = page.locator(`.ant-modal tr[data-testid^="aid-batch-file-"]`);
    await expect.poll(() => files.count()).toBe(2);
    await choose(page, 'aid-batch-item', '春节送温暖慰问金');
    await page.locator(id('aid-batch-item-facts')).getByText('从「送温暖资金」（浙江省总工会设立）支出').waitFor();
    await page.fill(id('aid-batch-name'), '2027年春节送温暖（越城）');
    const first = await rowId(files.nth(0), 'aid-batch-file-');
    const second = await rowId(files.nth(1), 'aid-batch-file-');
    await page.locator(id(`aid-batch-pick-${first}`)).check();
    await page.locator(id(`aid-batch-pick-${second}`)).check();
    await expect.poll(() => page.locator(id('aid-batch-sum')).textContent()).toBe('已选 2 户，合计 ¥3,000.00');
    // 2,500 for one household is more than the item's 2,000 a year: the whole batch is refused, that household named.
    await page.fill(id(`aid-batch-amount-${first}`), '2,500');
    await expect.poll(() => page.locator(id('aid-batch-sum')).textContent()).toBe('已选 2 户，合计 ¥4,000.00');
    await page.click(id('aid-batch-form-submit'));
    await page.locator(id('aid-batch-form-error')).getByText('这批帮扶有 1 户不能发放，请按标出的问题调整后再提交').waitFor();
    const refusal = (await page.locator(id(`aid-batch-problem-${first}`)).textContent()) ?? '';
    expect(refusal).toMatch(/^KN330602\d{10}：/);
    expect(refusal).toContain('这项帮扶每户每年最多 2,000.00 元，该户今年已领取 0.00 元，还可领取 2,000.00 元，本次 2,500.00 元超出了限额');
    expect(await page.locator(id(`aid-batch-problem-${second}`)).count()).toBe(0);
    expect(await page.locator(`${id(`aid-batch-file-${first}`)}.gh-aid-refused`).count()).toBe(1);
    // Left blank, the household gets the standard 1,500.
    await page.fill(id(`aid-batch-amount-${first}`), '');
    await expect.poll(() => page.locator(id('aid-batch-sum')).textContent()).toBe('已选 2 户，合计 ¥3,000.00');
    await page.click(id('aid-batch-form-submit'));
    await page.getByText('已生成发放批次「2027年春节送温暖（越城）」：2 户，合计 ¥3,000.00').waitFor();
    const batch = page.locator(`${id('aid-batches')} tr`, { hasText: '2027年春节送温暖（越城）' });
    await batch.waitFor();
    const batchId = await rowId(batch, 'aid-batch-row-');
    for (const part of ['绍兴市总工会', '春节送温暖慰问金', '2 户', '¥3,000.00', '待发放']) {
      expect(await batch.textContent(), part).toContain(part);
    }
    await quiet(page);
    await screenshot(page, 'hardship-aid-batches', { settleMs: 300 });

    // 4. 银行代发清单: asked for a reason (the file holds whole names, 身份证号 and accounts), an .xlsx.
    await page.click(id(`aid-batch-bank-${batchId}`));
    await page.click(id('aid-bank-reason-ok'));
    await page.getByText('请填写原因', { exact: true }).waitFor();
    await page.fill(id('aid-bank-reason'), '交农业银行柯桥支行代发春节慰问金');
    const downloading = page.waitForEvent('download');
    await page.click(id('aid-bank-reason-ok'));
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^2027年春节送温暖（越城）-银行代发清单-\d{8}\.xlsx$/);
    const bankFile = (await download.path()) ?? '';
    const rows = await sheetRows(bankFile);
    expect(rows[0]?.[0]).toBe('2027年春节送温暖（越城） 银行代发清单');
    expect(rows[2]).toEqual(['序号', '收款人姓名', '身份证号', '开户银行', '银行账号', '金额（元）', '摘要', '档案号']);
    const paid = rows.slice(3, 5);
    expect(paid.map((r) => r[1]).sort()).toEqual(['王建军', '陈志刚']);
    expect(paid.map((r) => r[5])).toEqual([1_500, 1_500]);
    expect(paid.every((r) => /^330621\d{11}[\dX]$/.test(String(r[2])))).toBe(true);
    expect(rows[5]?.slice(1, 6)).toEqual(['合计', undefined, undefined, undefined, 3_000]);
    await page.getByText(/^已导出 .*\.xlsx$/).waitFor();

    // 5. 标记已发放: the confirmation says the sum, the fund and what 绍兴 has left in it.
    await page.click(id(`aid-batch-pay-${batchId}`));
    await expect
      .poll(() => page.locator(id('aid-pay-sentence')).textContent())
      .toBe('将从绍兴市总工会在「送温暖资金」中的可用余额支出 ¥3,000.00，发放给 2 户。');
    expect(await page.locator(id('aid-pay-fund')).textContent()).toBe('送温暖资金（浙江省总工会设立）');
    expect(await page.locator(id('aid-pay-total')).textContent()).toBe('¥3,000.00');
    const before = fenOf(await page.locator(id('aid-pay-available')).textContent());
    expect(before).toBeGreaterThan(300_000);
    await page.click(id('aid-pay-submit'));
    await page.getByText('已发放「2027年春节送温暖（越城）」¥3,000.00，从「送温暖资金」支出').waitFor();
    await expect.poll(() => batch.locator(id('aid-batch-status')).textContent()).toBe('已发放');
    expect(await page.locator(id(`aid-batch-pay-${batchId}`)).count()).toBe(0);

    // 6. 资金管理: 绍兴's balance in 送温暖资金 is 3,000 less, one line per household with its file number.
    await page.click(id('console-menu-funds'));
    await page.locator(id('funds-list')).getByRole('link', { name: '送温暖资金', exact: true }).click();
    await page.locator(id('funds-children')).getByText('绍兴市总工会').click();
    await expect.poll(() => page.locator(id('funds-current-org')).textContent()).toBe('绍兴市总工会');
    await expect.poll(() => figure(page, 'funds-own-available')).toBe(yuanText(before - 300_000));
    await page.click(id('funds-tab-statement'));
    const lines = page.locator(`${id('funds-statement')} tbody tr[data-testid^="statement-row-"]`, { hasText: '春节送温暖慰问金（KN' });
    await expect.poll(() => lines.count()).toBe(2);
    expect((await lines.allTextContents()).join()).toMatch(/王\*军[\s\S]*陈\*刚|陈\*刚[\s\S]*王\*军/);

    // 冲正: the bank returned the batch. 浙江 reverses it with its reason; the 3,000 is back in 绍兴's balance.
    await page.click(id('console-menu-hardship'));
    await page.click(id('hardship-tab-aid'));
    await page.click(id(`aid-batch-reverse-${batchId}`));
    await page.getByText('冲正后，这批 2 户共 ¥3,000.00 退回本级资金余额', { exact: false }).waitFor();
    await page.fill(id('aid-reverse-reason'), '银行退票：两户账号有误，核实后重新发放');
    await screenshot(page, 'hardship-aid-reverse', { settleMs: 300 });
    await page.click(id('aid-reverse-reason-ok'));
    await page.getByText('已冲正「2027年春节送温暖（越城）」，¥3,000.00 已退回资金余额').waitFor();
    await expect.poll(() => batch.locator(id('aid-batch-status')).textContent()).toBe('已冲正');
    expect(await batch.locator(id('aid-batch-reversal')).textContent()).toContain('银行退票：两户账号有误');
    expect(await page.locator(id(`aid-batch-reverse-${batchId}`)).count()).toBe(0);
    await page.click(id('console-menu-funds'));
    await page.locator(id('funds-list')).getByRole('link', { name: '送温暖资金', exact: true }).click();
    await page.locator(id('funds-children')).getByText('绍兴市总工会').click();
    await expect.poll(() => figure(page, 'funds-own-available')).toBe(yuanText(before));

    // 7. 竞赛排名: 浙江's areas, 绍兴 among them with its score.
    await page.click(id('console-menu-hardship'));
    await page.click(id('hardship-tab-ranking'));
    const shaoxing = page.locator(`${id('ranking-table')} tr[data-testid^="ranking-row-"]`, { hasText: '绍兴市总工会' });
    await shaoxing.waitFor();
    expect(await page.locator(id('ranking-current-org')).textContent()).toBe('浙江省总工会');
    expect(await shaoxing.locator(id('ranking-rank')).textContent()).toBe('1');
    await page.locator(id('ranking-legend')).getByText('权重 25').waitFor();
    const computedAt = await page.locator(id('ranking-computed-at')).textContent();
    expect(computedAt).toMatch(/^计算于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    // 重新计算: the progress shows while the server works (held a moment here, so that it can be seen).
    await page.route('**/api/console/hardship-ranking/refresh', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });
    await page.click(id('ranking-refresh'));
    await page
      .locator(id('ranking-progress'))
      .getByText(/正在重新计算浙江省总工会及其下各级地区的排名/)
      .waitFor();
    await page.getByText(/^已重新计算浙江省总工会的排名（\d+ 个地区）$/).waitFor();
    await page.locator(id('ranking-progress')).waitFor({ state: 'detached' });
    await expect.poll(() => page.locator(id('ranking-computed-at')).textContent()).not.toBe(computedAt);
    await page.unroute('**/api/console/hardship-ranking/refresh');

    // 8. Drill down to 绍兴: its districts, 越城 with the two filed households behind its score.
    const shaoxingId = await rowId(shaoxing, 'ranking-row-');
    await page.click(id(`ranking-drill-${shaoxingId}`));
    await expect.poll(() => page.locator(id('ranking-current-org')).textContent()).toBe('绍兴市总工会');
    await expect.poll(() => page.locator(id('ranking-breadcrumb')).textContent()).toBe('浙江省总工会/绍兴市总工会');
    const areas = page.locator(`${id('ranking-table')} tr[data-testid^="ranking-row-"]`);
    await expect.poll(() => areas.count()).toBe(2);
    const yuecheng = areas.filter({ hasText: '越城区总工会' });
    const yuechengId = await rowId(yuecheng, 'ranking-row-');
    expect(await yuecheng.locator(id('ranking-rank')).textContent()).toBe('1');
    // Every filed household of 越城 is within its review date: 100%; 柯桥 has no file, so no figure.
    expect(await yuecheng.locator(`${id('ranking-part-reviews_on_time_share')} ${id('ranking-value')}`).textContent()).toBe('100%');
    const keqiao = areas.filter({ hasText: '柯桥区总工会' });
    expect(await keqiao.locator(`${id('ranking-part-reviews_on_time_share')} ${id('ranking-value')}`).textContent()).toBe('—');
    expect(await keqiao.locator(`${id('ranking-part-reviews_on_time_share')} ${id('ranking-points')}`).textContent()).toBe('得 0.00 分');
    await page.click(id(`ranking-expand-${yuechengId}`));
    const counts = page.locator(id(`ranking-counts-${yuechengId}`));
    await counts.waitFor();
    expect(await counts.textContent()).toContain('在档2 户');
    expect(await counts.textContent()).toContain('累计建档2 户');
    await quiet(page);
    await screenshot(page, 'hardship-ranking', { settleMs: 300 });

    // 导出 Excel: 绍兴's ranking as shown.
    const exporting = page.waitForEvent('download');
    await page.click(id('ranking-export'));
    const exported = await exporting;
    expect(exported.suggestedFilename()).toMatch(/^困难职工帮扶竞赛排名-\d{8}\.xlsx$/);
    const ranked = await sheetRows((await exported.path()) ?? '');
    expect(String(ranked[0]?.[0])).toContain('绍兴市总工会');
    expect(ranked[1]?.slice(0, 3)).toEqual(['名次', '地区', '总分']);
    expect(ranked.slice(2).map((r) => r[1])).toEqual(expect.arrayContaining(['越城区总工会', '柯桥区总工会']));

    // The breadcrumb leads back up to 浙江.
    await page.locator(id('ranking-breadcrumb')).getByText('浙江省总工会').click();
    await expect.poll(() => page.locator(id('ranking-current-org')).textContent()).toBe('浙江省总工会');
    await shaoxing.waitFor();

    await province.close();
  });
});
