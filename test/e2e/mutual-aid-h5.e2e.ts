// 互助保障 on a phone: 绍兴市总工会 runs 乌鲁木齐's plan (110 yuan a year, half of the in-scope self-paid
// hospital costs twice a cycle, 40 % above the ceiling once up to 5,000 yuan). A 柯桥 rider sees it in
// words, enrols and pays (the test server's development provider pays at once and says no money was
// taken), shows his certificate, files a claim for today's stay — the figures first typed so that they
// do not add up, and refused under the field — sees 20,000.00 yuan expected (15,000 + 5,000 at the cap)
// and sends a photo of his invoice (one over 10 MB refused before it is sent); the union asks for the
// discharge summary, which he sends from 我的互助金申请 before sending the claim back; the union approves
// over the API and the page shows 已批准 with the amount. A 66-year-old member is refused in the plan's words.
import { verify } from 'node:crypto';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWechatOAuth, type FakeWechatOAuth } from '../../src/platform/auth/testing/fake-wechat-oauth.js';
import { totpCode } from '../../src/platform/auth/totp.js';
import { startFakeWechatPay, TEST_MERCHANT, type FakeWechatPay } from '../../src/platform/payments/testing/fake-wechatpay.js';
import { shanghaiDay } from '../../src/platform/db/columns.js';
import { makeJpeg, makePng } from '../../src/platform/files/testing.js';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/seed/demo.js';
import { makeIdNumber } from '../harness/members.js';
import { json, pickDay } from './h5-controls.js';
import { desktopContext, screenshot, signedInPhone, useBrowserAndServer } from './harness.js';

const id = (testId: string) => `[data-testid="${testId}"]`;
const RIDER_PHONE = '13805752046';
const ELDER_PHONE = '13805752047';

const URUMQI_RULE = {
  pricePerShareFen: 11_000,
  maxShares: 1,
  waitingDays: 0,
  eligibility: { minAge: 16, maxAge: 60, employed: true },
  benefits: [
    { kind: 'hospital', ratePct: 50, timesPerCycle: 2 },
    { kind: 'above_ceiling', ratePct: 40, timesPerCycle: 1, capFen: 500_000 },
  ],
};

/** A worker who joins at 柯桥街道 and is approved by the province's staff. */
async function approvedMember(staff: APIRequestContext, phone: APIRequestContext, name: string, idNumber: string): Promise<void> {
  const joined = await phone.post('/api/member/applications', {
    data: { name, idNumber, trade: 'food_delivery', workRegionCode: '330603001', workAddress: '柯桥街道笛扬路 88 号' },
  });
  expect(joined.status(), await joined.text()).toBe(201);
  const applicationId = ((await joined.json()) as { application: { id: string } }).application.id;
  const approved = await staff.post(`/api/console/member-applications/${applicationId}/approve`, { data: {} });
  expect(approved.status(), await approved.text()).toBe(200);
}

/** The messages under the form field that holds the control with this test id. */
function fieldError(page: Page, testId: string) {
  return page.locator('.adm-form-item', { has: page.locator(id(testId)) }).locator('.adm-form-item-feedback-error');
}

describe('互助保障 in the H5', () => {
  const e2e = useBrowserAndServer();

  it('a rider enrols and pays, shows his certificate, files a claim with its invoice and sees it approved; an over-age member is refused', async () => {
    const { browser, server } = e2e;
    const today = shanghaiDay(new Date());

    // 1. 绍兴市总工会's plan, set up by the province's staff. The staff session comes through the console's
    // API: what this test is about is the H5.
    const desk = await desktopContext(browser, server.url);
    const staff = desk.request;
    const password = await staff.post('/api/console/auth/sign-in', { data: { username: 'zhejiang', password: DEMO_PASSWORD } });
    const { challengeId } = await json<{ challengeId: string }>(password);
    const signedIn = await staff.post('/api/console/auth/totp', { data: { challengeId, code: totpCode(DEMO_TOTP_SECRET) } });
    expect(signedIn.status(), await signedIn.text()).toBe(200);
    const shaoxing = (
      await json<{ items: { id: string; name: string }[] }>(await staff.get('/api/console/orgs', { params: { q: '绍兴市总工会' } }))
    ).items[0];
    expect(shaoxing?.name).toBe('绍兴市总工会');
    const plan = await json<{ id: string; code: string }>(
      await staff.post('/api/console/mutual-aid-plans', {
        data: {
          orgId: shaoxing?.id,
          name: '骑手住院互助保障',
          code: 'QSHZ',
          rule: URUMQI_RULE,
          startOn: '2026-01-01',
          // Above this a second reviewer approves; the rider's 20,000 yuan is one reviewer's.
          secondReviewAboveFen: 3_000_000,
          samplePct: 0,
        },
      }),
    );

    // 2. The rider joins at 柯桥 and is approved; so is a member of 66.
    const phone = await signedInPhone(browser, server.url, RIDER_PHONE);
    const riderId = makeIdNumber('330621', '19920415', 521);
    await approvedMember(staff, phone.request, '陈立新', riderId);
    const elderPhone = await signedInPhone(browser, server.url, ELDER_PHONE);
    const elderId = makeIdNumber('330621', '19600310', 733);
    await approvedMember(staff, elderPhone.request, '王建国', elderId);

    // 3. 互助 on the home page opens the plans: his, in words, with its price and cycle.
    const page = await phone.newPage();
    await page.goto('/');
    expect(await page.locator(`${id('member-tile-mutualAid')} .gh-tile-badge`).textContent()).toBe('参保理赔');
    await page.click(id('member-tile-mutualAid'));
    const card = page.locator(`${id('mutual-aid-plan')}[data-id="${plan.id}"]`);
    await card.waitFor();
    expect(await card.locator(id('mutual-aid-plan-name')).textContent()).toBe('骑手住院互助保障');
    expect(await card.locator(id('mutual-aid-plan-benefit')).allTextContents()).toEqual([
      '住院：医保范围内个人自付费用的 50%，每个保障期最多 2 次',
      '超过医保封顶线的大额费用：40%，每个保障期 1 次，最高 5,000 元',
    ]);
    expect(await card.locator(id('mutual-aid-plan-price')).textContent()).toContain('每份 110.00 元');
    expect(await card.locator(id('mutual-aid-plan-cycle')).textContent()).toMatch(/^本期保障期：\d{4}-01-01 至 \d{4}-12-31$/);
    expect(await card.locator(id('mutual-aid-dev-provider')).textContent()).toContain('不会实际扣款');
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.evaluate('window.scrollBy(0, -12)');
    await screenshot(page, 'mutual-aid-h5-plans', { settleMs: 300 });

    // 4. He enrols himself: name, 身份证号, in work; 110.00 yuan, paid at once by the development provider.
    await card.locator(id('mutual-aid-plan-enrol')).click();
    await page.locator(id('mutual-aid-enrol-page')).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/mutual-aid/plans/${plan.id}/enrol`);
    // A plan for everyone: no choice of whom to enrol.
    expect(await page.locator(id('mutual-aid-enrol-relation')).count()).toBe(0);
    await page.fill(id('mutual-aid-enrol-name'), '陈立新');
    await page.fill(id('mutual-aid-enrol-id-number'), riderId);
    await page.click(id('mutual-aid-enrol-employed'));
    expect(await page.locator(id('mutual-aid-enrol-total')).getAttribute('data-fen')).toBe('11000');
    expect(await page.locator(id('mutual-aid-enrol-submit')).textContent()).toBe('确认参加，支付 110.00 元');
    expect(await page.locator(id('mutual-aid-enrol-dev-note')).textContent()).toBe('开发环境即时支付，未实际扣款');
    await page.locator(id('mutual-aid-enrol-name')).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.evaluate('window.scrollBy(0, -30)');
    await screenshot(page, 'mutual-aid-h5-enrol', { settleMs: 300 });
    await page.click(id('mutual-aid-enrol-submit'));

    // 5. The certificate: his whole name, the number masked, the certificate number, the cycle, covered from today.
    const certificate = page.locator(id('mutual-aid-certificate'));
    await certificate.waitFor();
    const paidNote = (await page.locator(id('mutual-aid-paid-note')).textContent()) ?? '';
    expect(paidNote).toContain('已参加「骑手住院互助保障」，缴费 110.00 元');
    expect(await page.locator(id('mutual-aid-dev-paid')).textContent()).toBe('开发环境即时支付，未实际扣款。');
    expect(await certificate.locator(id('mutual-aid-certificate-no')).textContent()).toMatch(/^QSHZ\d{4}\d{8}$/);
    expect(await certificate.locator(id('mutual-aid-certificate-name')).textContent()).toBe('陈立新本人');
    expect(await certificate.locator(id('mutual-aid-certificate-id')).textContent()).toBe(`3306**********${riderId.slice(-4)}`);
    expect(await certificate.locator(id('mutual-aid-certificate-covered')).textContent()).toBe(`${today} 起`);
    expect(await page.locator(id('mutual-aid-certificate-benefit')).count()).toBe(2);
    await screenshot(page, 'mutual-aid-h5-certificate', { settleMs: 300 });

    // 6. His claim for today's stay: 60,000 yuan in all, 30,000 self-paid in scope and 20,000 above the
    // ceiling — but only 40,000 typed as self-paid: the parts are more than the whole, and the server says so there.
    await page.click(id('mutual-aid-certificate-claim'));
    await page.locator(id('mutual-aid-claim-page')).waitFor();
    expect(await page.locator(id('mutual-aid-claim-insured')).textContent()).toContain('陈*新（本人）· 骑手住院互助保障');
    await pickDay(page, 'mutual-aid-claim-admitted', today);
    await page.fill(id('mutual-aid-claim-hospital'), '绍兴市柯桥区人民医院');
    await page.fill(id('mutual-aid-claim-diagnosis'), '右胫骨骨折（送餐途中摔伤）');
    await page.fill(id('mutual-aid-claim-total'), '60000');
    await page.fill(id('mutual-aid-claim-self-paid'), '40000');
    await page.fill(id('mutual-aid-claim-in-scope'), '30000');
    await page.fill(id('mutual-aid-claim-above-ceiling'), '20000');
    await page.fill(id('mutual-aid-claim-bank'), '中国农业银行绍兴柯桥支行');
    await page.fill(id('mutual-aid-claim-account'), '6228 4803 2101 2345 678');
    await page.click(id('mutual-aid-claim-submit'));
    await expect.poll(() => page.locator(id('mutual-aid-claim-problem')).textContent()).toBe('填写有误，请检查标出的 1 处');
    await expect
      .poll(() => fieldError(page, 'mutual-aid-claim-self-paid').textContent())
      .toBe('医保范围内自付与超限额自付之和不能超过个人自付金额');

    // Corrected to 50,000: filed, 20,000.00 yuan expected — 15,000 (half of 30,000) and 5,000 (40 % of 20,000, at its cap).
    await page.fill(id('mutual-aid-claim-self-paid'), '50000');
    await expect.poll(() => fieldError(page, 'mutual-aid-claim-self-paid').count()).toBe(0);
    await page.click(id('mutual-aid-claim-submit'));
    const result = page.locator(id('mutual-aid-claim-result'));
    await result.waitFor();
    expect(await result.getAttribute('data-status')).toBe('submitted');
    expect(await page.locator(id('mutual-aid-claim-payout')).textContent()).toBe('20,000.00元');
    const lines = page.locator(`${id('mutual-aid-claim-result')} ${id('mutual-aid-payout-line')}`);
    expect(await lines.evaluateAll((els) => els.map((el) => `${el.getAttribute('data-kind')}:${el.getAttribute('data-fen')}`))).toEqual([
      'hospital:1500000',
      'above_ceiling:500000',
    ]);
    expect(await lines.nth(1).textContent()).toContain('已达封顶');
    const claimId = (await result.getAttribute('data-id')) ?? '';

    // 7. A photo over 10 MB is refused before it is sent; the invoice photo goes.
    const documents = page.locator(id('mutual-aid-documents'));
    const big = Buffer.concat([makePng(), Buffer.alloc(11 * 2 ** 20)]);
    await documents.locator(id('mutual-aid-document-input')).setInputFiles({ name: 'CT片.png', mimeType: 'image/png', buffer: big });
    const refused = documents.locator(`${id('mutual-aid-document-upload')}[data-name="CT片.png"]`);
    await expect.poll(() => refused.getAttribute('data-state')).toBe('failed');
    expect(await refused.locator(id('mutual-aid-document-reason')).textContent()).toContain('超过 10.0 MB 的上限');
    await documents.locator(id('mutual-aid-document-input')).setInputFiles({
      name: '住院发票.png',
      mimeType: 'image/png',
      buffer: makePng(640, 480, 5),
    });
    const sent = documents.locator(`${id('mutual-aid-document-upload')}[data-kind="invoice"][data-state="done"]`);
    await sent.waitFor();
    expect(await sent.getAttribute('data-name')).toBe('住院发票.png');
    await expect.poll(() => page.locator('.adm-toast-mask:visible').count(), { timeout: 10_000 }).toBe(0);
    // The picture: the amount and how it is made up, down to the invoice sent.
    await result.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.evaluate('window.scrollBy(0, -8)');
    await screenshot(page, 'mutual-aid-h5-claim', { settleMs: 300 });

    // 8. The union sees the invoice and asks for the discharge summary too.
    const detail = await json<{ status: string; payoutFen: number; documents: { kind: string; uploadedBy: string }[] }>(
      await staff.get(`/api/console/mutual-aid-claims/${claimId}`),
    );
    expect(detail).toMatchObject({ status: 'submitted', payoutFen: 2_000_000, documents: [{ kind: 'invoice', uploadedBy: 'member' }] });
    const asked = await staff.post(`/api/console/mutual-aid-claims/${claimId}/review`, {
      data: { action: 'ask_more', reason: '请补充出院小结（需有医院盖章）' },
    });
    expect(asked.status(), await asked.text()).toBe(200);

    // 9. 我的互助金申请: 需补充材料 with the union's words; he sends the discharge summary and sends the claim back.
    await page.click(id('mutual-aid-claim-to-claims'));
    const claim = page.locator(`${id('mutual-aid-claim')}[data-id="${claimId}"]`);
    await claim.waitFor();
    expect(await claim.getAttribute('data-status')).toBe('more_info');
    expect(await claim.locator(id('mutual-aid-claim-status')).textContent()).toBe('需补充材料');
    expect(await claim.locator(id('mutual-aid-claim-reason')).textContent()).toContain('请补充出院小结（需有医院盖章）');
    await claim.locator(`${id('mutual-aid-document-kind')} .adm-selector-item`, { hasText: /^出院小结$/ }).click();
    expect(await claim.locator(id('mutual-aid-document-choose')).textContent()).toContain('拍照上传出院小结');
    await claim
      .locator(id('mutual-aid-document-input'))
      .setInputFiles({ name: '出院小结.jpg', mimeType: 'image/jpeg', buffer: makeJpeg() });
    await claim.locator(`${id('mutual-aid-document-upload')}[data-kind="discharge_summary"][data-state="done"]`).waitFor();
    await claim.locator(id('mutual-aid-refile-note')).fill('已补拍盖章的出院小结');
    await claim.locator(id('mutual-aid-refile-submit')).click();
    await expect.poll(() => claim.getAttribute('data-status')).toBe('submitted');
    expect(await claim.locator(id('mutual-aid-claim-step')).evaluateAll((els) => els.map((el) => el.getAttribute('data-action')))).toEqual([
      'filed',
      'ask_more',
      'refiled',
    ]);
    expect(await claim.locator(id('mutual-aid-claim-steps')).textContent()).toContain('我的说明：已补拍盖章的出院小结');
    const documents2 = await json<{ documents: { kind: string }[] }>(await staff.get(`/api/console/mutual-aid-claims/${claimId}`));
    expect(documents2.documents.map((d) => d.kind).sort()).toEqual(['discharge_summary', 'invoice']);

    // 10. The union approves with its checklist ticked.
    const approved = await json<{ status: string; payoutFen: number }>(
      await staff.post(`/api/console/mutual-aid-claims/${claimId}/review`, {
        data: {
          action: 'approve',
          checklist: { identity: true, enrolment: true, invoice: true, discharge_summary: true, amounts: true, bank_account: true },
        },
      }),
    );
    expect(approved).toMatchObject({ status: 'approved', payoutFen: 2_000_000 });

    // 11. 我的互助金申请, pulled again: 已批准, 20,000.00 yuan, the steps so far.
    await page.reload();
    await claim.waitFor();
    expect(await claim.getAttribute('data-status')).toBe('approved');
    expect(await claim.locator(id('mutual-aid-claim-status')).textContent()).toBe('已批准');
    expect(await claim.locator(id('mutual-aid-claim-amount')).textContent()).toBe('批准金额20,000.00 元');
    expect(await claim.locator(id('mutual-aid-claim-step')).evaluateAll((els) => els.map((el) => el.getAttribute('data-action')))).toEqual([
      'filed',
      'ask_more',
      'refiled',
      'approve',
    ]);
    expect(await claim.locator(id('mutual-aid-claim-next')).textContent()).toContain('随下一批发放');
    // Decided: no more documents.
    expect(await claim.locator(id('mutual-aid-documents')).count()).toBe(0);
    await screenshot(page, 'mutual-aid-h5-claims', { settleMs: 300 });

    // 12. The member of 66 may not enrol: the plan's words, under his 身份证号.
    const elder = await elderPhone.newPage();
    await elder.goto('/mutual-aid');
    await elder.locator(`${id('mutual-aid-plan')}[data-id="${plan.id}"] ${id('mutual-aid-plan-enrol')}`).click();
    await elder.fill(id('mutual-aid-enrol-name'), '王建国');
    await elder.fill(id('mutual-aid-enrol-id-number'), elderId);
    await elder.click(id('mutual-aid-enrol-employed'));
    await elder.click(id('mutual-aid-enrol-submit'));
    await expect.poll(() => elder.locator(id('mutual-aid-enrol-problem')).textContent()).toBe('不符合参保条件：请查看标出的 1 项');
    await expect
      .poll(() => fieldError(elder, 'mutual-aid-enrol-id-number').textContent())
      .toBe('参加时年龄须在 16–60 周岁之间，现为 66 周岁');
    expect(new URL(elder.url()).pathname).toBe(`/mutual-aid/plans/${plan.id}/enrol`);

    await elder.close();
    await elderPhone.close();
    await page.close();
    await phone.close();
    await desk.close();
  });
});

// Inside WeChat (the phone's browser says MicroMessenger) with WeChat Pay and 网页授权 configured, both
// local fakes that check what the real ones check. Opening the enrolment page first sends the browser
// through WeChat — down at first, so the page says so and offers to try again; then it comes back to the
// page with the session bound to the rider's openid — and the payment is by JSAPI for that openid.
// WeixinJSBridge exists only inside WeChat's app: the page gets a stand-in that keeps what it is asked to
// pay and answers when the test says the rider paid.
const APP_ID = 'wx2335445465459890';
const APP_SECRET = '3e2fa5ce1990693588816ff28e259ae0';
const RIDER_OPENID = 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M';
// WeChat Pay posts its notifications to an https address: the callback of 网页授权 lives there too, and
// the phone's requests to it are passed to the test server.
const PUBLIC_URL = 'https://gonghui.test';

async function provinceStaff(browser: Browser, url: string): Promise<{ context: BrowserContext; staff: APIRequestContext }> {
  const context = await desktopContext(browser, url);
  const staff = context.request;
  const password = await staff.post('/api/console/auth/sign-in', { data: { username: 'zhejiang', password: DEMO_PASSWORD } });
  const { challengeId } = await json<{ challengeId: string }>(password);
  const signedIn = await staff.post('/api/console/auth/totp', { data: { challengeId, code: totpCode(DEMO_TOTP_SECRET) } });
  expect(signedIn.status(), await signedIn.text()).toBe(200);
  return { context, staff };
}

async function shaoxingPlan(staff: APIRequestContext, name: string, code: string): Promise<{ id: string }> {
  const shaoxing = (
    await json<{ items: { id: string; name: string }[] }>(await staff.get('/api/console/orgs', { params: { q: '绍兴市总工会' } }))
  ).items[0];
  return json<{ id: string }>(
    await staff.post('/api/console/mutual-aid-plans', {
      data: { orgId: shaoxing?.id, name, code, rule: URUMQI_RULE, startOn: '2026-01-01', secondReviewAboveFen: 3_000_000, samplePct: 0 },
    }),
  );
}

interface BridgeCall {
  name: string;
  params: Record<string, string>;
}

describe('互助保障 inside WeChat, paid by JSAPI', () => {
  const wechat: { pay?: FakeWechatPay; oauth?: FakeWechatOAuth } = {};
  beforeAll(async () => {
    wechat.pay = await startFakeWechatPay({
      mchid: TEST_MERCHANT.mchid,
      merchantSerialNo: TEST_MERCHANT.serialNo,
      merchantPublicKey: TEST_MERCHANT.keys.publicKey,
      apiV3Key: TEST_MERCHANT.apiV3Key,
      appIds: [APP_ID],
    });
    wechat.oauth = await startFakeWechatOAuth({ appId: APP_ID, appSecret: APP_SECRET });
  });
  afterAll(async () => {
    await wechat.pay?.close();
    await wechat.oauth?.close();
  });
  const e2e = useBrowserAndServer(() => {
    const { pay, oauth } = wechat;
    if (!pay || !oauth) throw new Error('the local WeChat is not up');
    return {
      GONGHUI_PUBLIC_URL: PUBLIC_URL,
      GONGHUI_WECHATPAY_BASE_URL: pay.url,
      GONGHUI_WECHATPAY_MCHID: TEST_MERCHANT.mchid,
      GONGHUI_WECHATPAY_SERIAL_NO: TEST_MERCHANT.serialNo,
      GONGHUI_WECHATPAY_PRIVATE_KEY: TEST_MERCHANT.keys.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      GONGHUI_WECHATPAY_PLATFORM_KEYS: `${pay.platformSerial}:${pay.platformPublicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
      GONGHUI_WECHATPAY_APIV3_KEY: TEST_MERCHANT.apiV3Key,
      GONGHUI_WECHATPAY_APPID: APP_ID,
      GONGHUI_WECHAT_APP_SECRET: APP_SECRET,
      GONGHUI_WECHAT_OPEN_BASE_URL: oauth.url,
      GONGHUI_WECHAT_API_BASE_URL: oauth.url,
    };
  });

  it('a rider in WeChat is sent through 网页授权 (retrying once WeChat is back), then pays by JSAPI as his own openid', async () => {
    const { browser, server } = e2e;
    const pay = wechat.pay as FakeWechatPay;
    const oauth = wechat.oauth as FakeWechatOAuth;
    const { context: desk, staff } = await provinceStaff(browser, server.url);
    const plan = await shaoxingPlan(staff, '骑手住院互助保障（微信支付）', 'QSWX');
    const phone = await signedInPhone(browser, server.url, '13805752048');
    const riderId = makeIdNumber('330621', '19930521', 617);
    await approvedMember(staff, phone.request, '陈立武', riderId);

    // The callback's public address is the test server's, reached by the phone through this hop.
    await phone.route(`${PUBLIC_URL}/**`, async (route) => {
      const answer = await phone.request.get(route.request().url().replace(PUBLIC_URL, server.url), { maxRedirects: 0 });
      const location = answer.headers().location;
      await route.fulfill({
        status: answer.status(),
        headers: { ...answer.headers(), ...(location?.startsWith('/') ? { location: `${server.url}${location}` } : {}) },
        body: await answer.body(),
      });
    });
    await phone.addInitScript(() => {
      const calls: { name: string; params: unknown; done: (result: { err_msg: string }) => void }[] = [];
      Object.assign(globalThis, {
        __bridgeCalls: calls,
        WeixinJSBridge: {
          invoke: (name: string, params: unknown, done: (result: { err_msg: string }) => void) => calls.push({ name, params, done }),
        },
      });
    });
    oauth.user = RIDER_OPENID;

    // 1. WeChat does not answer the exchange: back on the page, which says so and does not loop.
    oauth.failNext({ status: 502 });
    const page = await phone.newPage();
    const enrolPath = `/mutual-aid/plans/${plan.id}/enrol`;
    await page.goto(enrolPath);
    const failed = page.locator(id('page-error'));
    await failed.waitFor();
    expect(await failed.textContent()).toContain('微信暂时无法完成授权，请稍后点“重试”。');
    await screenshot(page, 'mutual-aid-h5-wechat-auth-retry', { settleMs: 300 });
    expect(new URL(page.url()).searchParams.get('wechatAuthError')).toBe('auth.wechat_unavailable');
    expect(await json<{ wechat: unknown }>(await phone.request.get('/api/member/me'))).toMatchObject({
      wechat: { bound: false, available: true },
    });

    // 2. 重试: through WeChat again, and back on the form, the session bound to his openid.
    await failed.getByRole('button', { name: '重试' }).click();
    await page.locator(id('mutual-aid-enrol-page')).waitFor();
    expect(`${new URL(page.url()).pathname}${new URL(page.url()).search}`).toBe(enrolPath);
    expect(await json<{ wechat: unknown }>(await phone.request.get('/api/member/me'))).toMatchObject({
      wechat: { bound: true, available: true },
    });
    expect(oauth.log.filter((entry) => entry.path === '/sns/oauth2/access_token').map((entry) => entry.status)).toEqual([502, 200]);
    // WeChat Pay, not the development provider: no note that nothing is charged.
    expect(await page.locator(id('mutual-aid-enrol-dev-note')).count()).toBe(0);

    // 3. He enrols; the page opens WeChat's cashier with parameters signed by the merchant, for his openid.
    await page.fill(id('mutual-aid-enrol-name'), '陈立武');
    await page.fill(id('mutual-aid-enrol-id-number'), riderId);
    await page.click(id('mutual-aid-enrol-employed'));
    await page.click(id('mutual-aid-enrol-submit'));
    const bridge = () =>
      page.evaluate(() =>
        (globalThis as unknown as { __bridgeCalls: BridgeCall[] }).__bridgeCalls.map(({ name, params }) => ({ name, params })),
      );
    await expect.poll(async () => (await bridge()).length).toBe(1);
    const [call] = await bridge();
    expect(call?.name).toBe('getBrandWCPayRequest');
    const p = call?.params ?? {};
    expect(p).toMatchObject({ appId: APP_ID, signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) });
    const signed = `${p.appId ?? ''}\n${p.timeStamp ?? ''}\n${p.nonceStr ?? ''}\n${p.package ?? ''}\n`;
    expect(verify('sha256', Buffer.from(signed), TEST_MERCHANT.keys.publicKey, Buffer.from(p.paySign ?? '', 'base64'))).toBe(true);
    const order = [...pay.orders.values()].find((o) => `prepay_id=${o.prepayId}` === p.package);
    expect(order).toMatchObject({ tradeType: 'JSAPI', openid: RIDER_OPENID, totalFen: 11_000 });

    // 4. He pays in WeChat's cashier: the page asks the server, which asks WeChat Pay, and the certificate opens.
    pay.payOrder(order?.outTradeNo ?? '');
    await page.evaluate(() =>
      (globalThis as unknown as { __bridgeCalls: { done: (result: { err_msg: string }) => void }[] }).__bridgeCalls[0]?.done({
        err_msg: 'get_brand_wcpay_request:ok',
      }),
    );
    const certificate = page.locator(id('mutual-aid-certificate'));
    await certificate.waitFor();
    expect(await certificate.locator(id('mutual-aid-certificate-name')).textContent()).toBe('陈立武本人');
    expect(await certificate.locator(id('mutual-aid-certificate-no')).textContent()).toMatch(/^QSWX\d{4}\d{8}$/);

    await page.close();
    await phone.close();
    await desk.close();
  });
});
