import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PartnerClient } from '../../src/platform/auth/partner-client.js';
import { campaignBody, newClaimFlag } from '../../src/modules/campaigns/testing.js';
import { newMember } from '../../src/modules/members/testing.js';
import { newPartner } from '../../src/modules/partners/testing.js';
import { newStaff } from '../../src/modules/staff/testing.js';
import { shanghaiDay } from '../../src/platform/db/columns.js';
import { consoleSignIn, screenshot, useBrowserAndServer, type E2eServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;

// The console's own size for the docs' pictures (a common office laptop).
async function consoleContext(e2e: { browser: Browser; server: E2eServer }): Promise<BrowserContext> {
  return e2e.browser.newContext({ baseURL: e2e.server.url, viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
}

/** Waits for the success toasts to go, so that a picture shows the page rather than the last message. */
async function quiet(page: Page): Promise<void> {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 15_000 });
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function claim(server: E2eServer, cookie: string, campaignId: string): Promise<{ code: string }> {
  const response = await fetch(`${server.url}/api/member/campaigns/${campaignId}/claim`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: '{}',
  });
  return json(response);
}

describe('campaigns in the console', () => {
  const e2e = useBrowserAndServer();

  it('a city staff member writes 智送清凉, the province approves it after the preview, members claim, a merchant redeems, and the statistics show it', async () => {
    const { server } = e2e;
    const p = server.app.platform;
    const today = shanghaiDay(new Date());

    // The approver: the province's demo admin, signed in with password and TOTP.
    const approverContext = await consoleContext(e2e);
    const approver = await approverContext.newPage();
    await consoleSignIn(approver, 'zhejiang');
    const city = (await (await approver.request.get('/api/console/orgs', { params: { q: '绍兴市总工会' } })).json()).items[0] as {
      id: string;
      path: string;
    };

    // The author: a campaigns operator of the province (a second person, so the four-eyes rule can hold).
    const author = await newStaff(
      p.db,
      { id: (await (await approver.request.get('/api/console/me')).json()).org.id },
      { campaigns: 'operator', orgs: 'viewer' },
    );
    const authorContext = await consoleContext(e2e);
    await authorContext.addCookies([{ name: 'gh_staff', value: author.token, url: server.url }]);
    const writer = await authorContext.newPage();

    // Members of the city: riders and couriers in 柯桥 and 越城, and one security guard the trades leave out.
    const people = [
      ...Array.from({ length: 6 }, () => ({ trade: 'food_delivery', workRegionCode: '330603001' })),
      ...Array.from({ length: 3 }, () => ({ trade: 'courier', workRegionCode: '330603001' })),
      ...Array.from({ length: 3 }, () => ({ trade: 'ride_hailing', workRegionCode: '330602002', workAddress: '府山街道胜利西路 1 号' })),
      { trade: 'truck_driver', workRegionCode: '330602002', workAddress: '府山街道胜利西路 2 号' },
      { trade: 'security_guard', workRegionCode: '330603001' },
    ];
    const members = [];
    for (const person of people) members.push(await newMember(p, person));

    // 1. The draft, written through the API as the form would send it, then corrected in the form:
    //    a discount above the threshold comes back from the server under its own box.
    const created = await json<{ id: string }>(
      await fetch(`${server.url}/api/console/campaigns`, {
        method: 'POST',
        headers: { cookie: author.cookie, 'content-type': 'application/json' },
        body: JSON.stringify(campaignBody(city.id, { description: '新就业形态劳动者每天可领 1 张冰饮清凉券，满 3 元减 2.99 元。' })),
      }),
    );
    // A new form starts from 智送清凉's terms, said back in words as the union announces them.
    await writer.goto('/console/campaigns/new');
    await expect
      .poll(() => writer.locator(id('campaign-form-preview')).textContent())
      .toContain('满3元减2.99元，每天限领1张，每天10:00发放5万张');
    await writer.goto(`/console/campaigns/${created.id}/edit`);
    await writer.fill(id('campaign-discount'), '3.5');
    await expect.poll(() => writer.locator(id('campaign-form-preview')).textContent()).toContain('满3元减3.5元');
    await writer.click(id('campaign-save'));
    await writer.getByText('优惠金额不能超过使用门槛').waitFor();
    await writer.locator(id('campaign-discount')).scrollIntoViewIfNeeded();
    await screenshot(writer, 'campaigns-console-form', { settleMs: 300 });
    await writer.fill(id('campaign-discount'), '2.99');
    await writer.click(id('campaign-save'));
    await writer.locator(id('campaign-terms')).waitFor();
    expect(await writer.locator(id('campaign-terms')).textContent()).toBe('满3元减2.99元，每天限领1张，每天00:00发放5万张');

    // 2. The author submits; an operator is offered no approval at all.
    await writer.click(id('campaign-action-submit'));
    await writer.click(id('campaign-submit-reason-ok'));
    await expect.poll(() => writer.locator(id('campaign-phase')).first().textContent()).toBe('待审批');
    expect(await writer.locator(id('campaign-action-approve')).count()).toBe(0);

    // Two more of the seeds beside it, so the list shows more than one shape: a breakfast draft and a
    // Spring Festival campaign under a budget cap, approved and running.
    const write = async (body: Record<string, unknown>) =>
      json<{ id: string }>(
        await fetch(`${server.url}/api/console/campaigns`, {
          method: 'POST',
          headers: { cookie: author.cookie, 'content-type': 'application/json' },
          body: JSON.stringify({
            orgId: city.id,
            perMemberPeriod: 'day',
            perMemberLimit: 1,
            releaseTime: '07:00',
            startsOn: today,
            endsOn: `${today.slice(0, 4)}-12-31`,
            budgetFen: null,
            validDays: 3,
            ...body,
          }),
        }),
      );
    await write({ name: '爱心早餐券', thresholdFen: 600, discountFen: 599, dailyQuota: 20_000 });
    const spring = await write({
      name: '智贺新春',
      thresholdFen: 10_000,
      discountFen: 5_000,
      dailyQuota: null,
      budgetFen: 1_000_000_000,
      perMemberPeriod: 'campaign',
    });
    await fetch(`${server.url}/api/console/campaigns/${spring.id}/submit`, {
      method: 'POST',
      headers: { cookie: author.cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect((await approver.request.post(`/api/console/campaigns/${spring.id}/approve`, { data: {} })).status()).toBe(200);

    // 3. The list, and the approver's view before approving: the preview counts the city's members
    //    of the six trades (the demo roll's and ours; the guard's trade is not one of them).
    await approver.goto('/console/campaigns');
    await approver.locator(id(`campaign-link-${created.id}`)).waitFor();
    await screenshot(approver, 'campaigns-console-list', { settleMs: 300 });
    const preview = (await (await approver.request.get(`/api/console/campaigns/${created.id}/preview`)).json()) as {
      eligibleMembers: number;
    };
    expect(preview.eligibleMembers).toBeGreaterThanOrEqual(13);
    await approver.click(id(`campaign-link-${created.id}`));
    const eligible = approver.locator(`${id('campaign-preview')} .ant-statistic-content-value`).first();
    await expect.poll(() => eligible.textContent()).toBe(preview.eligibleMembers.toLocaleString('zh-CN'));
    await screenshot(approver, 'campaigns-console-detail', { settleMs: 300 });
    await approver.click(id('campaign-action-approve'));
    await approver.click(id('campaign-approve-reason-ok'));
    await expect.poll(() => approver.locator(id('campaign-phase')).first().textContent()).toBe('进行中');

    // 4. Members claim; a merchant of the city redeems four of the coupons.
    const coupons = [];
    for (const m of members.slice(0, 13)) coupons.push(await claim(server, m.cookie, created.id));
    const merchant = await newPartner(p, city, { name: '绍兴便利店（胜利路店）' });
    const till = new PartnerClient(server.url, merchant.key);
    for (const [i, coupon] of coupons.slice(0, 4).entries()) {
      const redeemed = await till.call('POST', '/partner/v1/coupons/redeem', {
        body: { code: coupon.code, orderAmountFen: 350 + i * 100 },
        idempotencyKey: `e2e-redeem-${i}`,
      });
      expect(redeemed.status).toBe(200);
    }

    // 5. The statistics tab shows it.
    await approver.click(id('campaign-tab-stats'));
    await expect.poll(() => approver.locator(`${id('campaign-kpi-claimed')} .ant-statistic-content-value`).textContent()).toBe('13');
    expect(await approver.locator(`${id('campaign-kpi-redeemed')} .ant-statistic-content-value`).textContent()).toBe('4');
    expect(await approver.locator(`${id('campaign-kpi-rate')} .ant-statistic-content-value`).textContent()).toBe('30.8%');
    expect(await approver.locator(`${id('campaign-kpi-discount')} .ant-statistic-content-value`).textContent()).toBe('¥11.96');
    await approver.locator(id('campaign-areas')).getByText('越城区').waitFor();
    await quiet(approver);
    await screenshot(approver, 'campaigns-stats', { settleMs: 300 });

    // 6. The settlement: one line for the merchant today, what the union pays it.
    await approver.click(id('campaigns-tab-settlements'));
    await approver.locator(id('settlement-totals')).waitFor();
    expect(await approver.locator(id('settlement-totals')).textContent()).toContain('¥11.96');
    await screenshot(approver, 'campaigns-console-settlements', { settleMs: 300 });
    const exportHref = (await approver.locator(id('settlement-export')).getAttribute('href')) ?? '';
    const exported = await approver.request.get(exportHref);
    expect(exported.status()).toBe(200);
    expect(exported.headers()['content-type']).toContain('spreadsheetml');
    expect((await exported.body()).subarray(0, 2).toString()).toBe('PK');

    // 7. A flagged account: the reviewer reads why in Chinese and clears it with a reason.
    const flagged = members[0];
    if (!flagged) throw new Error('no member');
    const flagId = await newClaimFlag(p.db, { accountId: flagged.accountId, memberId: flagged.memberId, orgId: flagged.orgId });
    await approver.click(id('campaigns-tab-flags'));
    await approver.locator(id(`flag-clear-${flagId}`)).waitFor();
    expect(await approver.locator(id('campaign-flags')).textContent()).toContain('连续多天在放券后极短时间内领到');
    await approver.click(id(`flag-clear-${flagId}`));
    await approver.click(id('flag-clear-reason-template-0'));
    // The template's words in the box before OK, and the dialog gone after it: on a loaded CI host the
    // flag's button once stayed after OK, and these waits make the order of the steps certain.
    await expect.poll(() => approver.locator(id('flag-clear-reason')).inputValue()).not.toBe('');
    await approver.click(id('flag-clear-reason-ok'));
    await approver.locator(id('flag-clear-reason')).waitFor({ state: 'detached' });
    await approver.locator(id(`flag-clear-${flagId}`)).waitFor({ state: 'detached' });

    await writer.close();
    await approver.close();
    await authorContext.close();
    await approverContext.close();
  });

  it('the list shows the newest 50 campaigns, and 加载更多 brings the older ones', async () => {
    const context = await consoleContext(e2e);
    const page = await context.newPage();
    await consoleSignIn(page, 'yuecheng');
    // 越城区's own drafts: 51 of them, the first one the oldest.
    const me = (await (await page.request.get('/api/console/me')).json()) as { org: { id: string } };
    for (let i = 1; i <= 51; i++) {
      const created = await page.request.post('/api/console/campaigns', { data: campaignBody(me.org.id, { name: `越城第${i}期` }) });
      expect(created.status(), await created.text()).toBe(201);
    }
    await page.goto('/console/campaigns');
    const rows = page.locator(`${id('campaigns-list')} tbody tr.ant-table-row`);
    await expect.poll(() => rows.count()).toBe(50);
    expect(await rows.first().textContent()).toContain('越城第51期');
    await page.click(id('campaigns-load-more'));
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(51);
    expect(await rows.last().textContent()).toContain('越城第1期');
    await expect.poll(() => page.locator(id('campaigns-load-more')).count()).toBe(0);
    await context.close();
  });
});
