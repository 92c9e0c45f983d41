// The console's funds: 浙江 sets up a 送温暖 fund with its source (the demo's own 送温暖资金 is refused as a
// second of the same name), books 全总's money in and allocates part of it to 绍兴; drilled down to 绍兴,
// passes some on to 柯桥; 柯桥's staff pay a worker from it, are refused a payment larger than what is
// left, reverse the payment with a reason and export the statement. Each level's figures are checked.
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleSignIn, desktopContext, screenshot, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;

/** Waits for the success toasts to go, so that a picture shows the page rather than the last message. */
async function quiet(page: Page): Promise<void> {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 15_000 });
}

/** A figure of the union on screen (`funds-own-available`, `funds-subtree-spent` …) as shown: ¥300,000.00. */
function figure(page: Page, testId: string): Promise<string | null> {
  return page.locator(`${id(testId)} .ant-statistic-content`).textContent();
}

/** Picks a union in an org picker by typing its name (the picker searches the server) and clicking it. */
async function pickOrg(page: Page, picker: string, name: string): Promise<void> {
  await page.click(`${id(picker)} .ant-select-selector, ${id(picker)}.ant-select`);
  await page.keyboard.type(name);
  await page.locator('.ant-select-tree-node-content-wrapper', { hasText: new RegExp(`^${name}$`) }).click();
}

/** Opens the fund from the list by its name. */
async function openFund(page: Page, name: string): Promise<void> {
  await page.click(id('console-menu-funds'));
  await page.locator(id('funds-list')).getByRole('link', { name, exact: true }).click();
  await page.locator(id('funds-own')).waitFor();
}

describe('funds in the console', () => {
  const e2e = useBrowserAndServer();

  it('浙江 sets up a 送温暖 fund, books 全总’s money and allocates it down to 绍兴 and 柯桥; 柯桥 pays, is refused an overdraft, reverses the payment and exports the statement', async () => {
    const { server, browser } = e2e;
    const province: BrowserContext = await desktopContext(browser, server.url);
    const page = await province.newPage();
    await consoleSignIn(page, 'zhejiang');

    // 1. 设立资金: the demo's 送温暖资金 is 浙江's already, so the same name is refused with the server's words.
    await page.click(id('console-menu-funds'));
    await page.locator(id('funds-list')).getByText('送温暖资金', { exact: true }).waitFor();
    await page.click(id('funds-new'));
    await page.fill(id('fund-name'), '送温暖资金');
    await page.click(`${id('fund-sources')} .ant-select-selector, ${id('fund-sources')}.ant-select`);
    await page.keyboard.type('全总下拨');
    await page.keyboard.press('Enter');
    await page.fill(id('fund-description'), '2026 年元旦春节送温暖：慰问困难职工和新就业形态劳动者');
    await page.click(id('fund-form-submit'));
    await page.locator(id('fund-form-error')).getByText('本工会已有名为「送温暖资金」的资金').waitFor();
    await page.fill(id('fund-name'), '春节送温暖资金');
    await page.click(id('fund-form-submit'));
    await page.getByText('已设立「春节送温暖资金」').waitFor();
    await page.locator(id('funds-own')).waitFor();
    expect(await page.locator(id('funds-name')).textContent()).toBe('春节送温暖资金');
    expect(await page.locator(id('funds-current-org')).textContent()).toBe('浙江省总工会');
    expect(await figure(page, 'funds-own-available')).toBe('¥0.00');
    const fundId = /\/console\/funds\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
    expect(fundId).not.toBe('');

    // 2. 登记来源收入: 600,000 yuan from 全总下拨 (the form's only source), typed with commas.
    await page.click(id('funds-receive'));
    await page.fill(id('receipt-amount'), '600,000');
    await expect.poll(() => page.locator(id('receipt-amount-preview')).textContent()).toBe('入账金额：¥600,000.00');
    await page.fill(id('receipt-memo'), '全总“温暖行动”送温暖资金划拨');
    await page.click(id('receipt-form-submit'));
    await page.getByText('已登记来源收入 ¥600,000.00（浙江省总工会）').waitFor();
    await expect.poll(() => figure(page, 'funds-own-available')).toBe('¥600,000.00');
    expect(await figure(page, 'funds-own-received')).toBe('¥600,000.00');

    // 3. 下拨 300,000 to 绍兴, picked in the org tree: the form as filled is the allocation screenshot.
    await quiet(page);
    await page.click(id('funds-allocate'));
    await pickOrg(page, 'allocation-to', '绍兴市总工会');
    await page.fill(id('allocation-amount'), '300000');
    await page.fill(id('allocation-memo'), '下拨绍兴市春节送温暖资金');
    // A fourth decimal is refused in the form, worded as the server words it.
    await page.fill(id('allocation-amount'), '300000.125');
    await page.getByText('金额须精确到分').waitFor();
    await page.fill(id('allocation-amount'), '300,000');
    await expect.poll(() => page.locator(id('allocation-amount-preview')).textContent()).toBe('入账金额：¥300,000.00');
    await screenshot(page, 'funds-allocate', { settleMs: 300 });
    await page.click(id('allocation-form-submit'));
    await page.getByText('已从浙江省总工会下拨 ¥300,000.00 给绍兴市总工会').waitFor();
    await expect.poll(() => figure(page, 'funds-own-available')).toBe('¥300,000.00');
    expect(await figure(page, 'funds-own-passedOn')).toBe('¥300,000.00');
    expect(await figure(page, 'funds-subtree-available')).toBe('¥600,000.00');

    // 4. Drill down to 绍兴 (a row of 下级工会) and pass 80,000 on to 柯桥.
    await page.locator(id('funds-children')).getByText('绍兴市总工会').click();
    await expect.poll(() => page.locator(id('funds-current-org')).textContent()).toBe('绍兴市总工会');
    expect(await page.locator(id('funds-breadcrumb')).textContent()).toContain('浙江省总工会');
    await expect.poll(() => figure(page, 'funds-own-available')).toBe('¥300,000.00');
    await quiet(page);
    await page.click(id('funds-allocate'));
    await pickOrg(page, 'allocation-to', '柯桥区总工会');
    await page.fill(id('allocation-amount'), '80000');
    await page.fill(id('allocation-memo'), '下拨柯桥区春节送温暖资金');
    await page.click(id('allocation-form-submit'));
    await page.getByText('已从绍兴市总工会下拨 ¥80,000.00 给柯桥区总工会').waitFor();
    await expect.poll(() => figure(page, 'funds-own-available')).toBe('¥220,000.00');
    await page.locator(id('funds-children')).getByText('柯桥区总工会').waitFor();

    // 5. 柯桥's staff see the fund from their own union down: 80,000 to spend. They pay 王*军 1,000.
    const district: BrowserContext = await desktopContext(browser, server.url);
    const keqiao = await district.newPage();
    await consoleSignIn(keqiao, 'keqiao');
    await openFund(keqiao, '春节送温暖资金');
    expect(await keqiao.locator(id('funds-current-org')).textContent()).toBe('柯桥区总工会');
    expect(await figure(keqiao, 'funds-own-available')).toBe('¥80,000.00');
    // A district names no sources of a province's fund.
    expect(await keqiao.locator(id('funds-add-source')).count()).toBe(0);
    await keqiao.click(id('funds-disburse'));
    await keqiao.fill(id('disbursement-amount'), '1,000');
    await keqiao.fill(id('disbursement-payee'), '王建军');
    await expect.poll(() => keqiao.locator(id('disbursement-payee-masked')).textContent()).toBe('将记为：王*军');
    await keqiao.fill(id('disbursement-memo'), '春节送温暖慰问金');
    await keqiao.click(id('disbursement-form-submit'));
    await keqiao.getByText('已登记支出 ¥1,000.00（收款人 王*军）').waitFor();
    await expect.poll(() => figure(keqiao, 'funds-own-available')).toBe('¥79,000.00');
    expect(await figure(keqiao, 'funds-own-spent')).toBe('¥1,000.00');

    // More than is left: the server's refusal, in Chinese, above the form; nothing is booked.
    await keqiao.click(id('funds-disburse'));
    await keqiao.fill(id('disbursement-amount'), '100000');
    await keqiao.fill(id('disbursement-payee'), '李芳');
    await keqiao.click(id('disbursement-form-submit'));
    await keqiao
      .locator(id('disbursement-form-error'))
      .getByText('柯桥区总工会的「春节送温暖资金」可用余额为 79,000.00 元，不足 100,000.00 元')
      .waitFor();
    await keqiao.click(id('disbursement-form-cancel'));
    await keqiao.locator(id('disbursement-form-submit')).waitFor({ state: 'detached' });
    expect(await figure(keqiao, 'funds-own-available')).toBe('¥79,000.00');

    // 6. Each level as 浙江 sees it: the province still holds 300,000, 绍兴 220,000; 1,000 spent in the subtree.
    await page.click(id('funds-refresh'));
    await expect.poll(() => page.locator(id('funds-children')).textContent()).toContain('¥1,000.00');
    expect(await figure(page, 'funds-own-available')).toBe('¥220,000.00');
    expect(await figure(page, 'funds-subtree-spent')).toBe('¥1,000.00');
    await page.locator(id('funds-children')).getByText('柯桥区总工会').click();
    await expect.poll(() => page.locator(id('funds-current-org')).textContent()).toBe('柯桥区总工会');
    await expect.poll(() => figure(page, 'funds-own-available')).toBe('¥79,000.00');
    await expect.poll(() => page.locator(id('funds-breadcrumb')).textContent()).toBe('浙江省总工会/绍兴市总工会/柯桥区总工会');
    await page.locator(id('funds-breadcrumb')).getByText('浙江省总工会').click();
    await expect.poll(() => page.locator(id('funds-current-org')).textContent()).toBe('浙江省总工会');
    await expect.poll(() => figure(page, 'funds-own-available')).toBe('¥300,000.00');
    expect(await figure(page, 'funds-subtree-spent')).toBe('¥1,000.00');
    expect(await figure(page, 'funds-subtree-available')).toBe('¥599,000.00');
    const shaoxingRow = page.locator(id('funds-children')).locator('tr', { hasText: '绍兴市总工会' });
    expect(await shaoxingRow.textContent()).toContain('¥220,000.00');
    await quiet(page);
    await screenshot(page, 'funds-tree', { settleMs: 300 });

    // 7. 柯桥's statement: newest first, the payment with the balance it left; 冲正 needs a reason.
    await keqiao.click(id('funds-tab-statement'));
    await keqiao.locator(id('funds-statement')).getByText('王*军').waitFor();
    const rows = keqiao.locator(`${id('funds-statement')} tbody tr[data-testid^="statement-row-"]`);
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('支出');
    expect(await rows.nth(0).textContent()).toContain('¥79,000.00');
    expect(await rows.nth(1).textContent()).toContain('绍兴市总工会下拨');
    expect(await rows.nth(1).textContent()).toContain('¥80,000.00');
    // The allocation came from above: 柯桥 may not reverse it.
    const paymentId = ((await rows.nth(0).getAttribute('data-testid')) ?? '').replace('statement-row-', '');
    const allocationId = ((await rows.nth(1).getAttribute('data-testid')) ?? '').replace('statement-row-', '');
    expect(await keqiao.locator(id(`statement-reverse-${allocationId}`)).count()).toBe(0);
    await keqiao.click(id(`statement-reverse-${paymentId}`));
    await keqiao.click(id('reverse-reason-ok'));
    await keqiao.getByText('请填写原因', { exact: true }).waitFor();
    await keqiao.fill(id('reverse-reason'), '收款人信息登记错误，款项未发放');
    await keqiao.click(id('reverse-reason-ok'));
    await keqiao.getByText('已冲正支出 ¥1,000.00').waitFor();
    await expect.poll(() => figure(keqiao, 'funds-own-available')).toBe('¥80,000.00');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.nth(0).textContent()).toContain('支出（冲正）');
    expect(await rows.nth(0).textContent()).toContain('收款人信息登记错误');
    expect(await rows.nth(0).textContent()).toContain('¥80,000.00');
    expect(await rows.nth(1).locator(id('statement-reversed')).count()).toBe(1);
    expect(await keqiao.locator(id(`statement-reverse-${paymentId}`)).count()).toBe(0);
    await quiet(keqiao);
    await screenshot(keqiao, 'funds-statement', { settleMs: 300 });

    // 8. The export, with the table's filters: a workbook named for the union and the fund, oldest line first.
    const exported = keqiao.waitForEvent('download');
    await keqiao.click(id('statement-export'));
    const download = await exported;
    expect(download.suggestedFilename()).toContain('明细账');
    expect(download.suggestedFilename()).toContain('春节送温暖资金');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path()) ?? '');
    const sheet = (workbook.worksheets[0]?.getSheetValues() ?? []).filter(Boolean) as unknown[][];
    const lines = sheet.slice(3).map((r) => [r[2], r[6] ?? null, r[7] ?? null, r[8] ?? null]);
    expect(lines).toEqual([
      ['下拨', 80_000, null, 80_000],
      ['支出', null, 1_000, 79_000],
      ['支出（冲正）', 1_000, null, 80_000],
    ]);

    await district.close();
    await province.close();
  });
});
