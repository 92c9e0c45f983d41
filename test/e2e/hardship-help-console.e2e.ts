// 结对帮扶 in the console (冀北): 越城 — whose two demo households are filed, 王建军's with helpers, 陈志刚's
// without — assigns 陈志刚's two helpers (a mistyped phone refused under its box in the server's words),
// prints his help card (A6, the console's frame hidden, one page), opens the family from the card's token
// as a helper who scanned it and logs a visit, watches the week's due list shrink to nothing, and records
// the week's random call-back. A card scanned by staff of another district opens nothing.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleSignIn, desktopContext, screenshot, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;

/** Calls the console API from the signed-in page (same origin, its session), as the page itself would. */
async function call<T>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const result = await page.evaluate(
    async (request) => {
      const response = await fetch(request.path, {
        method: request.method,
        ...(request.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.body) }),
      });
      return { status: response.status, json: await response.json() };
    },
    { method, path, body },
  );
  expect(result.status, JSON.stringify(result.json)).toBeLessThan(300);
  return result.json as T;
}

/** Waits for the success toasts to go, so that a picture shows the page rather than the last message. */
async function quiet(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
}

interface FileRow {
  id: string;
  fileNumber: string;
  applicantName: string;
  status: string;
}

describe('结对帮扶 in the console', () => {
  const e2e = useBrowserAndServer();

  it('越城 assigns a family its two helpers, prints its help card, logs contacts from the scanned card and the due list until none is due, and records the week’s call-back', async () => {
    const { server, browser } = e2e;
    const desk = await desktopContext(browser, server.url);
    const page = await desk.newPage();
    await consoleSignIn(page, 'yuecheng');

    const { items } = await call<{ items: FileRow[] }>(page, 'GET', '/api/console/hardship-files?status=filed');
    const chen = items.find((f) => f.applicantName === '陈*刚');
    const wang = items.find((f) => f.applicantName === '王*军');
    if (!chen || !wang) throw new Error(`the demo's filed households: ${JSON.stringify(items)}`);

    // 1. 本周待联系: neither filed family has been contacted yet; 陈志刚's has no helpers.
    await page.click(id('console-menu-hardship'));
    await page.click(id('hardship-tab-help'));
    await page.locator(id('help-due')).waitFor();
    await expect.poll(() => page.locator(id('help-due-count')).getAttribute('data-count')).toBe('2');
    const chenRow = page.locator(id(`help-due-row-${chen.id}`));
    expect(await chenRow.locator(id('help-due-no-helpers')).textContent()).toBe('未安排帮扶人');
    expect(await chenRow.locator(id('help-contact-state')).textContent()).toBe('本周待联系');
    expect(await page.locator(id(`help-due-row-${wang.id}`)).textContent()).toContain('越城区总工会 王干事');

    // 2. His file's page: no helpers yet. Two are assigned; a phone one digit short is refused under its box.
    await page.goto(`/console/hardship/${chen.id}`);
    const panel = page.locator(id('help-panel'));
    await panel.locator(id('help-panel-no-helpers')).waitFor();
    await page.click(id('help-panel-assign'));
    await page.fill(id('help-helper-0-name'), '府山街道 周干事');
    await page.fill(id('help-helper-0-phone'), '1395750030');
    await page.fill(id('help-helper-1-name'), '志愿者 孙丽');
    await page.fill(id('help-helper-1-phone'), '139 5750 0302');
    await page.click(id('help-helpers-submit'));
    const firstPhone = page.locator('.ant-form-item', { has: page.locator(id('help-helper-0-phone')) });
    await expect.poll(() => firstPhone.locator('.ant-form-item-explain-error').textContent()).toMatch(/手机号/);
    await page.fill(id('help-helper-0-phone'), '13957500301');
    await page.click(id('help-helpers-submit'));
    await page.locator(id('help-helpers-submit')).waitFor({ state: 'detached' });
    await expect
      .poll(() => panel.locator(id('help-panel-helper')).allTextContents())
      .toEqual(['府山街道 周干事 139****0301', '志愿者 孙丽 139****0302']);
    // The card's preview on the file's page carries them at once.
    expect(await panel.locator(id('help-card-helper')).count()).toBe(2);

    // 3. The card to print: A6, his masked name, the file number, both helpers, the QR holding the card's address.
    await page.click(id('help-panel-print'));
    const sheet = page.locator(id('help-card-sheet'));
    await sheet.waitFor();
    expect(await sheet.getAttribute('data-paper')).toBe('A6');
    expect(await sheet.locator(id('help-card-head')).textContent()).toBe('陈*刚');
    expect(await sheet.locator(id('help-card-number')).textContent()).toBe(chen.fileNumber);
    expect(await sheet.locator(id('help-card-union')).textContent()).toBe('越城区总工会');
    // The printed card gives the family its helpers' whole numbers to call (issuing it is audited).
    expect(await sheet.locator(id('help-card-helper')).allTextContents()).toEqual(['府山街道 周干事13957500301', '志愿者 孙丽13957500302']);
    const qr = sheet.locator(id('help-card-qr'));
    await qr.waitFor();
    const qrUrl = new URL((await qr.getAttribute('data-url')) ?? '');
    const token = qrUrl.searchParams.get('c') ?? '';
    expect(token).toMatch(/^GHK1/);
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await quiet(page);
    await screenshot(page, 'hardship-help-card', { settleMs: 300 });

    // Printed: the console's frame and the page's buttons are gone, the card fills one A6 page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.gh-sider').isVisible()).toBe(false);
    expect(await page.locator(id('help-card-print-button')).isVisible()).toBe(false);
    expect(await page.locator('.gh-hardship-tabs').isVisible()).toBe(false);
    const box = await sheet.boundingBox();
    // 148 mm at 96 px per inch, less nothing: the sheet is the page's width.
    expect(Math.round(box?.width ?? 0)).toBe(Math.round((148 / 25.4) * 96));
    await page.emulateMedia({ media: 'screen' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
    // A5 is the same card, larger.
    await page.locator(`${id('help-card-paper')} .ant-segmented-item`, { hasText: 'A5' }).click();
    await expect.poll(() => sheet.getAttribute('data-paper')).toBe('A5');

    // 4. A helper scans the card: the address opens the family, its helpers, and its weekly contact due.
    await page.goto(`/console/hardship/help/card?c=${encodeURIComponent(token)}`);
    const scan = page.locator(id('help-scan'));
    await scan.waitFor();
    expect(await scan.getAttribute('data-file-id')).toBe(chen.id);
    expect(await scan.locator(id('help-scan-head')).textContent()).toBe('陈*刚');
    expect(await scan.locator(id('help-scan-helper')).count()).toBe(2);
    expect(await scan.locator(id('help-contact-state')).getAttribute('data-state')).toBe('due');
    // On a phone's width the family's page has the screen: the console's menu steps aside.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.locator('.gh-sider').isVisible()).toBe(false);
    await page.setViewportSize({ width: 1440, height: 900 });
    // A visit, today, by the signed-in account.
    expect(await page.locator(id('help-contact-helper')).textContent()).toBe('越城区总工会管理员');
    await page.click(id('help-contact-kind-visit'));
    await page.fill(id('help-contact-done'), '入户看望，送去米、油；了解康复情况');
    await page.fill(id('help-contact-needs'), '希望介绍一份可以居家做的工作');
    await page.click(id('help-contact-submit'));
    await expect.poll(() => page.locator(id('help-scan-logged')).textContent()).toBe('已记录联系，本周已联系');
    expect(await scan.locator(id('help-contact-state')).getAttribute('data-state')).toBe('ok');

    // A card that is not one is refused in the server's words.
    await page.goto('/console/hardship/help/card?c=GHK1.not-a-card-at-all');
    await expect.poll(() => page.locator(id('help-scan-error')).textContent()).toContain('这不是有效的帮扶卡二维码');

    // 5. The due list has one family left; its contact, logged from the list, leaves none.
    await page.goto('/console/hardship/help');
    await expect.poll(() => page.locator(id('help-due-count')).getAttribute('data-count')).toBe('1');
    expect(await page.locator(id(`help-due-row-${chen.id}`)).count()).toBe(0);
    await page.click(id(`help-due-log-${wang.id}`));
    await page.fill(id('help-contact-done'), '电话询问近况，提醒按时复查');
    await page.click(id('help-contact-submit'));
    await expect.poll(() => page.locator(id('help-due-count')).getAttribute('data-count')).toBe('0');
    await page.locator('.ant-table-placeholder', { hasText: '在档家庭本周都已联系' }).waitFor();

    // 6. 随机回访: this week's draw (the daily job, run now) picks one of the two; its supervisor calls and records it.
    // The e2e server runs without its scheduler: its schedules are written as a started server writes them,
    // then the job is run as from the 后台任务 page.
    await server.app.jobs.sync();
    const ran = await call<{ ran: boolean }>(page, 'POST', '/api/console/jobs/hardship.draw-callbacks/run');
    expect(ran.ran).toBe(true);
    await page.click(id('help-section-callbacks'));
    const summary = page.locator(id('help-callbacks-summary'));
    await expect.poll(() => page.locator(id('help-callbacks-pending')).getAttribute('data-count')).toBe('1');
    expect(await page.locator(id('help-callbacks-done')).getAttribute('data-count')).toBe('0');
    const week = (await summary.getAttribute('data-week')) ?? '';
    expect(week).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(new Date(`${week}T12:00:00+08:00`).getUTCDay()).toBe(1);
    const row = page.locator('[data-testid^="help-callback-row-"]');
    expect(await row.count()).toBe(1);
    const drawnFile = await row.getAttribute('data-file-id');
    expect([chen.id, wang.id]).toContain(drawnFile);
    // The whole phone, to dial.
    expect(await row.locator(id('help-callback-phone')).textContent()).toMatch(/^139575001\d{2}$/);
    await row.locator('[data-testid^="help-callback-record-"]').click();
    await page
      .locator(`${id('help-callback-rate')} .ant-rate-star`)
      .nth(3)
      .click();
    expect(await page.locator(id('help-callback-rate-label')).textContent()).toBe('满意');
    await page.fill(id('help-callback-problems'), '帮扶人每周都来电话；希望慰问金早些发放');
    await page.click(id('help-callback-submit'));
    await expect.poll(() => page.locator(id('help-callbacks-done')).getAttribute('data-count')).toBe('1');
    expect(await page.locator(id('help-callbacks-pending')).getAttribute('data-count')).toBe('0');
    expect(await row.locator(id('help-callback-status')).textContent()).toBe('已回访');
    expect(await row.textContent()).toContain('希望慰问金早些发放');
    expect(await row.textContent()).toContain('越城区总工会管理员');
    await quiet(page);
    await screenshot(page, 'hardship-callbacks', { settleMs: 300 });

    // The reading of the list (whole phones) is in the audit log.
    const audit = await call<{ items: { action: string }[] }>(page, 'GET', '/api/console/audit?action=hardship.callbacks_viewed');
    expect(audit.items.length).toBeGreaterThan(0);

    // 7. 柯桥's staff, scanning the same card, are not shown 越城's family.
    const other = await desktopContext(browser, server.url);
    const keqiao = await other.newPage();
    await consoleSignIn(keqiao, 'keqiao');
    await keqiao.goto(`/console/hardship/help/card?c=${encodeURIComponent(token)}`);
    await keqiao.locator(id('help-scan-error')).waitFor();
    expect(await keqiao.locator(id('help-scan')).count()).toBe(0);

    await other.close();
    await desk.close();
  });
});
