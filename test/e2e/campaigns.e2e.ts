import { describe, expect, it } from 'vitest';
import { createPartner, issuePartnerKey } from '#modules/partners';
import { systemActor } from '../../src/platform/audit/audit.js';
import { shanghaiDay } from '../../src/platform/db/columns.js';
import { campaignBody } from '../../src/modules/campaigns/testing.js';
import { makeIdNumber } from '../harness/members.js';
import { consoleSignIn, desktopContext, phoneContext, screenshot, signedInPhone, useBrowserAndServer, type E2eServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;

/** HH:MM in Shanghai `minutes` from now, or null when that is already tomorrow. */
function shanghaiClockIn(minutes: number): string | null {
  const at = new Date(Date.now() + minutes * 60_000);
  if (shanghaiDay(at) !== shanghaiDay(new Date())) return null;
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
}

describe('benefits in a browser', () => {
  const e2e = useBrowserAndServer();

  it('a member waits for one campaign, claims another, shows the coupon, and the cashier redeems it and undoes it', async () => {
    // 1. 柯桥 writes two campaigns and the province approves them: one open now, one released later today.
    const desk = await desktopContext(e2e.browser, e2e.server.url);
    const author = await desk.newPage();
    await consoleSignIn(author, 'keqiao');
    const keqiao = ((await (await author.request.get('/api/console/me')).json()) as { org: { id: string } }).org.id;
    const later = shanghaiClockIn(150);
    const tomorrow = shanghaiDay(new Date(Date.now() + 86_400_000));
    const bodies = [
      campaignBody(keqiao),
      campaignBody(keqiao, {
        name: '爱心早餐券',
        description: '满6元减5.99元，早餐店可用',
        thresholdFen: 600,
        discountFen: 599,
        dailyQuota: 20_000,
        releaseTime: later ?? '08:00',
        ...(later ? {} : { startsOn: tomorrow }),
      }),
    ];
    const approverContext = await desktopContext(e2e.browser, e2e.server.url);
    const approver = await approverContext.newPage();
    await consoleSignIn(approver, 'zhejiang');
    // The embedded demo has a campaign of its own: the cards this test looks at are found by their ids.
    const ids: string[] = [];
    for (const body of bodies) {
      const created = await author.request.post('/api/console/campaigns', { data: body });
      expect(created.status(), await created.text()).toBe(201);
      const campaignId = ((await created.json()) as { id: string }).id;
      ids.push(campaignId);
      expect((await author.request.post(`/api/console/campaigns/${campaignId}/submit`, { data: {} })).status()).toBe(200);
      expect((await approver.request.post(`/api/console/campaigns/${campaignId}/approve`, { data: {} })).status()).toBe(200);
    }

    // 2. A rider joins and 柯桥 approves.
    const phone = await signedInPhone(e2e.browser, e2e.server.url, '13805710521');
    const joined = await phone.request.post('/api/member/applications', {
      data: {
        name: '陈立新',
        idNumber: makeIdNumber('330621', '19920415', 521),
        trade: 'food_delivery',
        workRegionCode: '330603001',
        workAddress: '柯桥街道笛扬路 1 号',
      },
    });
    expect(joined.status(), await joined.text()).toBe(201);
    const applicationId = ((await joined.json()) as { application: { id: string } }).application.id;
    expect((await author.request.post(`/api/console/member-applications/${applicationId}/approve`, { data: {} })).status()).toBe(200);

    // 3. 福利: the breakfast coupon counts down, the cold-drink coupon has its button.
    const page = await phone.newPage();
    await page.goto('/');
    await page.click(id('member-tile-benefits'));
    await page.locator(id('benefits-list')).waitFor();
    const open = page.locator(`${id('campaign')}[data-id="${ids[0]}"][data-state="open"]`);
    const waiting = page.locator(`${id('campaign')}[data-id="${ids[1]}"][data-state="waiting"]`);
    await expect.poll(() => open.count()).toBe(1);
    expect(await waiting.count()).toBe(1);
    const seconds = Number(await waiting.locator(id('campaign-countdown')).getAttribute('data-seconds'));
    expect(seconds).toBeGreaterThan(60);
    await screenshot(page, 'campaigns-h5-list', { settleMs: 300 });

    // 4. The claim: the coupon at once, its code 4-4-4 beside a QR.
    await open.locator(id('campaign-claim')).click();
    await page.locator(id('coupon-granted')).waitFor();
    const code = (await page.locator(id('coupon-code')).getAttribute('aria-label')) ?? '';
    expect(code).toMatch(/^\d{12}$/);
    expect(await page.locator(id('coupon-code')).textContent()).toBe(code);
    expect(await page.locator(`${id('coupon-code')} span`).count()).toBe(3);
    await screenshot(page, 'campaigns-h5-granted', { settleMs: 400 });

    // Back on the list the campaign says it is claimed today, and a second claim is refused.
    await page.goto('/benefits');
    await page.locator(`${id('campaign')}[data-id="${ids[0]}"][data-state="claimed"]`).waitFor();
    const again = await phone.request.post(
      `/api/member/campaigns/${await page.locator(`${id('campaign')}[data-id="${ids[0]}"][data-state="claimed"]`).getAttribute('data-id')}/claim`,
      {
        data: {},
      },
    );
    expect(((await again.json()) as { code: string }).code).toBe('campaigns.already_claimed');

    // 我的券 → the coupon's page.
    await page.click(id('benefits-my-coupons'));
    await page.locator(id('coupon-row')).first().waitFor();
    await screenshot(page, 'campaigns-h5-coupons', { settleMs: 300 });
    await page.locator(id('coupon-row')).first().click();
    await page.locator(id('coupon-qr')).waitFor();
    expect(await page.locator(id('coupon-status')).getAttribute('data-status')).toBe('issued');
    await screenshot(page, 'campaigns-h5-coupon', { settleMs: 300 });

    // A phone whose clock reaches the release before the server does: the countdown turns into the
    // button without a reload, and the server's "not yet" shows and brings the countdown back.
    const early = await phone.newPage();
    await early.clock.install();
    await early.goto('/benefits');
    const breakfast = early.locator(`${id('campaign')}[data-id="${ids[1]}"][data-state="waiting"]`);
    await breakfast.waitFor();
    const left = Number(await breakfast.locator(id('campaign-countdown')).getAttribute('data-seconds'));
    await early.clock.fastForward((left + 1) * 1000);
    const turned = early.locator(`${id('campaign')}[data-id="${ids[1]}"][data-state="open"]`);
    await turned.locator(id('campaign-claim')).click();
    await early.locator('.adm-toast-main', { hasText: '还没到领取时间' }).waitFor();
    await early.locator(`${id('campaign')}[data-id="${ids[1]}"][data-state="waiting"]`).waitFor();
    expect(await early.locator(`${id('campaign')}[data-id="${ids[1]}"][data-state="open"]`).count()).toBe(0);
    await early.close();

    // 5. The cashier of a 柯桥 shop: below the threshold first, then 3.5 yuan → 优惠 ¥2.99, 实付 ¥0.51.
    const key = await merchantKey(e2e.server, keqiao);
    const till = await (await phoneContext(e2e.browser, e2e.server.url)).newPage();
    await till.goto('/partner/#coupons');
    await till.fill(id('partner-key-id'), key.keyId);
    await till.fill(id('partner-secret'), key.secret);
    await till.click(id('partner-sign-in-submit'));
    await till.locator(id('till-code')).waitFor();
    await till.fill(id('till-code'), `${code.slice(0, 4)} ${code.slice(4, 8)} ${code.slice(8)}`);
    await till.fill(id('till-amount'), '2.5');
    await till.click(id('till-redeem'));
    expect(await till.locator(id('till-problem')).getAttribute('data-code')).toBe('campaigns.below_threshold');
    // A handheld scanner types what the member's QR holds: the signed one-minute token.
    const couponId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const qr = await phone.request.post(`/api/member/coupons/${couponId}/qr`);
    const { token } = (await qr.json()) as { token: string };
    expect(token).toMatch(/^GHC1\./);
    await till.fill(id('till-code'), token);
    await till.fill(id('till-amount'), '3.5');
    await till.click(id('till-redeem'));
    await till.locator(`${id('till-result')}[data-state="ok"]`).waitFor();
    expect(await till.locator(id('till-discount')).textContent()).toBe('¥2.99');
    expect(await till.locator(id('till-pay')).textContent()).toBe('¥0.51');
    // The answer sits above the form on a phone; the picture starts at the tabs.
    await till.locator(id('partner-sections')).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(till, 'campaigns-cashier', { settleMs: 300 });

    // The same coupon again is used; the first redemption is undone with a reason.
    await till.fill(id('till-code'), code);
    await till.fill(id('till-amount'), '5');
    await till.click(id('till-redeem'));
    expect(await till.locator(id('till-problem')).getAttribute('data-code')).toBe('campaigns.coupon_used');
    await till.click(id('till-void'));
    await till.fill(id('till-void-reason'), '顾客退货');
    await till.click(id('till-void-confirm'));
    await till.locator(`${id('till-history-item')}[data-voided="true"]`).waitFor();

    // The coupon is the member's again.
    await page.reload();
    await page.locator(id('coupon-qr')).waitFor();
    expect(await page.locator(id('coupon-status')).getAttribute('data-status')).toBe('issued');

    // The till's connection drops after the server redeemed: the retry of the same submit carries
    // the same Idempotency-Key, so it gets the first answer instead of "already used".
    const keys: string[] = [];
    await till.route('**/partner/v1/coupons/redeem', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length > 1) return route.continue();
      await route.fetch();
      return route.abort('connectionreset');
    });
    await till.fill(id('till-code'), code);
    await till.fill(id('till-amount'), '3');
    await till.click(id('till-redeem'));
    await till.locator(`${id('till-problem')}[data-code="common.network"]`).waitFor();
    await till.click(id('till-retry'));
    await till.locator(`${id('till-result')}[data-state="ok"]`).waitFor();
    expect(await till.locator(id('till-pay')).textContent()).toBe('¥0.01');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(await till.locator(id('till-history-item')).count()).toBe(2);
    await page.reload();
    await page.locator(`${id('coupon-status')}[data-status="redeemed"]`).waitFor();
    // A used coupon shows no QR to scan.
    expect(await page.locator(id('coupon-qr')).count()).toBe(0);
    await phone.close();
    await desk.close();
    await approverContext.close();
  });
});

/** A shop signed up by 柯桥 and its key (the secret is shown once, so the test issues its own). */
async function merchantKey(server: E2eServer, orgId: string): Promise<{ keyId: string; secret: string }> {
  const everything = { orgId: '', path: '/' };
  const p = server.app.platform;
  const shop = await createPartner(p.db, p, systemActor('e2e'), everything, { orgId, name: '柯桥便民超市', kind: 'merchant' });
  return issuePartnerKey(p.db, p, systemActor('e2e'), everything, shop.id, 'e2e-till');
}
