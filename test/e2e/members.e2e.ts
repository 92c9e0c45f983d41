import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { issuePartnerKey, listPartners } from '#modules/partners';
import { systemActor } from '../../src/platform/audit/audit.js';
import { t } from '../../src/platform/i18n/i18n.js';
import { makeIdNumber } from '../harness/members.js';
import { consoleSignIn, desktopContext, phoneContext, screenshot, signedInPhone, useBrowserAndServer, type E2eServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;

async function pickRegion(page: Page, testId: string, names: string[]): Promise<void> {
  await page.click(id(testId));
  const tabs = page.locator('.gh-region-popup .adm-tabs-tab');
  await tabs.first().waitFor();
  await tabs.first().click();
  for (const name of names) {
    const item = page.locator('.gh-region-popup .adm-check-list-item', { hasText: new RegExp(`^${name}$`) }).first();
    await item.waitFor();
    await item.click();
  }
  await page.locator('.gh-region-popup').waitFor({ state: 'hidden' });
}

describe('members in a browser', () => {
  const e2e = useBrowserAndServer();

  it('a rider joins in the H5, the street union approves in the console, the card verifies at a partner, and the sibling district cannot find the rider', async () => {
    const idNumber = makeIdNumber('330621', '19950612', 357);
    const phone = '13805710357';

    // 1. The rider, on a phone: sign in, fill the join form, see where they will be placed.
    const h5 = await phoneContext(e2e.browser, e2e.server.url);
    const rider = await h5.newPage();
    await rider.goto('/');
    await rider.fill(id('member-phone'), phone);
    await rider.click(id('member-send-code'));
    const inbox = await h5.newPage();
    await inbox.goto('/dev/inbox');
    const message = inbox.locator(id('member-inbox-item')).first();
    await message.waitFor();
    const code = /验证码为\s*(\d{6})/.exec((await message.textContent()) ?? '')?.[1] ?? '';
    await inbox.close();
    await rider.bringToFront();
    await rider.fill(id('member-code'), code);
    await rider.click(id('member-sign-in-submit'));
    await rider.locator(id('home-join')).click();

    await rider.fill(id('join-name'), '李小明');
    // A mistyped ID: one error line, in the server's words, as soon as the 18th character is in.
    const mistyped = `${idNumber.slice(0, 17)}${idNumber[17] === '0' ? '1' : '0'}`;
    await rider.fill(id('join-id-number'), mistyped);
    const checksumMessage = t('problems.members.id_number_checksum');
    const idErrors = rider.locator('.adm-form-item-feedback-error');
    await expect.poll(() => idErrors.allTextContents(), { timeout: 10_000 }).toEqual([checksumMessage]);
    expect(await rider.getByText(checksumMessage).count()).toBe(1);
    // The sign-in's toasts (the code sent, the welcome) are gone by the time a rider reads the error:
    // not in the picture either. Either may still be in the page, so none of them may be visible.
    await expect.poll(() => rider.locator('.adm-toast-mask:visible').count(), { timeout: 10_000 }).toBe(0);
    await screenshot(rider, 'h5-join-id-error', { settleMs: 300 });
    // The same ID typed on a keyboard in full-width mode (０-９, Ｘ) is accepted as it is.
    const fullWidth = idNumber.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    await rider.fill(id('join-id-number'), fullWidth);
    await rider.locator(id('join-id-facts')).waitFor();
    expect(await rider.inputValue(id('join-id-number'))).toBe(idNumber);
    expect(await rider.locator(id('join-id-facts')).textContent()).toContain('1995');
    await expect.poll(() => idErrors.count(), { timeout: 10_000 }).toBe(0);
    await rider.locator(`${id('join-trade')} .adm-selector-item`, { hasText: '网约送餐员' }).click();
    await pickRegion(rider, 'join-region', ['浙江省', '绍兴市', '柯桥区', '柯桥街道']);
    await rider.fill(id('join-address'), '笛扬路 88 号');
    const placement = rider.locator(`${id('join-placement')}[data-state="ready"]`);
    await placement.waitFor();
    expect(await placement.textContent()).toContain('柯桥街道总工会');
    await screenshot(rider, 'h5-join', { settleMs: 500 });
    await rider.click(id('join-submit'));
    const status = rider.locator(id('membership-status'));
    await status.waitFor();
    expect(await status.getAttribute('data-status')).toBe('pending');

    // 2. The street union's reviewer approves it in the console.
    const desk = await desktopContext(e2e.browser, e2e.server.url);
    const reviewer = await desk.newPage();
    await consoleSignIn(reviewer, 'keqiao.street');
    await reviewer.click(id('console-menu-members'));
    await reviewer.locator(id('members-tab-applications')).click();
    const row = reviewer.locator(`${id('applications-table')} tr`, { hasText: '李*明' }).first();
    await row.waitFor();
    await screenshot(reviewer, 'console-members-applications', { settleMs: 500 });
    await row.locator(id('application-row-approve')).click();
    await reviewer.click(id('application-approve-reason-ok'));
    await expect.poll(async () => (await fetchJson(h5.request, '/api/member/membership')).member?.status ?? null).toBe('active');

    // The rider's 会籍 page shows the membership and its history.
    await rider.goto('/membership');
    const joined = rider.locator(`${id('membership-history-entry')}[data-kind="joined"]`);
    await joined.waitFor();
    expect(await joined.textContent()).toBe('加入工会：柯桥街道总工会');
    await screenshot(rider, 'h5-membership', { settleMs: 500 });
    await joined.scrollIntoViewIfNeeded();
    await screenshot(rider, 'h5-membership-history', { settleMs: 300 });

    // 3. The rider sees the card with its QR code.
    await rider.goto('/card');
    await rider.locator(id('card-qr')).waitFor();
    const memberNo = (await rider.locator(id('card-member-no')).textContent())?.replace(/\s/g, '') ?? '';
    expect(memberNo).toMatch(/^33\d{11}[\dX]$/);
    await screenshot(rider, 'h5-card', { settleMs: 800 });
    const { token } = (await fetchJson(h5.request, '/api/member/card')) as { token: string };

    // 4. The bus company's counter verifies it on the partner page.
    const partnerKey = await issueDemoKey(e2e.server);
    const counter = await desk.newPage();
    await counter.goto('/partner/');
    await counter.fill(id('partner-key-id'), partnerKey.keyId);
    await counter.fill(id('partner-secret'), partnerKey.secret);
    await counter.click(id('partner-sign-in-submit'));
    await counter.fill(id('partner-card-token'), token);
    await counter.click(id('partner-card-verify'));
    const result = counter.locator(`${id('partner-card-result')}[data-valid="true"]`);
    await result.waitFor();
    expect(await result.textContent()).toContain(memberNo);
    expect(await result.textContent()).toContain('柯桥街道总工会');

    // 5. The sibling district's admin searches the roll by the rider's ID and finds nobody.
    const elsewhere = await desktopContext(e2e.browser, e2e.server.url);
    const sibling = await elsewhere.newPage();
    await consoleSignIn(sibling, 'yuecheng');
    const search = await sibling.request.get(`/api/console/members?q=${idNumber}`);
    expect(await search.json()).toMatchObject({ items: [], total: 0 });
    await sibling.click(id('console-menu-members'));
    await sibling.locator(id('members-tab-roll')).click();
    await sibling.fill(id('members-search'), idNumber);
    await sibling.press(id('members-search'), 'Enter');
    await expect.poll(async () => sibling.locator(id('members-total')).textContent()).toContain('共 0 名会员');
    expect(await sibling.locator(`${id('members-roll-table')} ${id('members-row')}`).count()).toBe(0);
    await screenshot(sibling, 'console-members-sibling-search', { settleMs: 300 });

    await h5.close();
    await desk.close();
    await elsewhere.close();
  });

  it('a worker who looks like someone on the roll sees only that the application waits for review', async () => {
    const application = (idNumber: string) => ({
      name: '周小芳',
      idNumber,
      trade: 'food_delivery',
      workRegionCode: '330603001',
      workAddress: '柯桥街道笛扬路 1 号',
    });
    // 周小芳 is on the roll already (joined and approved) ...
    const member = await signedInPhone(e2e.browser, e2e.server.url, '13805710461');
    const joined = await member.request.post('/api/member/applications', { data: application(makeIdNumber('330621', '19930303', 462)) });
    expect(joined.status()).toBe(201);
    const desk = await desktopContext(e2e.browser, e2e.server.url);
    const reviewer = await desk.newPage();
    await consoleSignIn(reviewer, 'keqiao');
    const applicationId = ((await joined.json()) as { application: { id: string } }).application.id;
    const approved = await reviewer.request.post(`/api/console/member-applications/${applicationId}/approve`, { data: {} });
    expect(approved.status()).toBe(200);

    // ... and someone with her name and birth date in the same city applies with another ID.
    const h5 = await signedInPhone(e2e.browser, e2e.server.url, '13805710463');
    expect(
      (await h5.request.post('/api/member/applications', { data: application(makeIdNumber('330621', '19930303', 464)) })).status(),
    ).toBe(201);
    const page = await h5.newPage();
    await page.goto('/membership');
    const status = page.locator(id('membership-status'));
    await status.waitFor();
    expect(await status.getAttribute('data-status')).toBe('pending');
    expect(await page.locator(id('membership-application-status')).textContent()).toBe('等待审核');
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).not.toContain('相似');
    expect(text).not.toContain('核对');
    await screenshot(page, 'h5-membership-pending', { settleMs: 300 });

    // The reviewer sees the hold and whom it is about.
    const held = await reviewer.request.get('/api/console/member-applications?status=held_duplicate');
    expect(((await held.json()) as { items: { duplicateOf: unknown[] }[] }).items[0]?.duplicateOf).toHaveLength(1);
    await member.close();
    await h5.close();
    await desk.close();
  });
});

async function fetchJson(
  request: { get(url: string): Promise<{ json(): Promise<unknown> }> },
  url: string,
): Promise<Record<string, { status?: string } | null> & { token?: string }> {
  return (await (await request.get(url)).json()) as Record<string, { status?: string } | null> & { token?: string };
}

// The demo partner's key secret is only shown once (in the log); the test issues its own key.
async function issueDemoKey(server: E2eServer): Promise<{ keyId: string; secret: string }> {
  const everything = { orgId: '', path: '/' };
  const [partner] = await listPartners(server.app.platform.db, server.app.platform, everything);
  if (!partner) throw new Error('demo partner missing');
  return issuePartnerKey(server.app.platform.db, server.app.platform, systemActor('e2e'), everything, partner.id, 'e2e-cards');
}
