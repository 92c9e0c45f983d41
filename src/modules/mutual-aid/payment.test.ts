// Enrolment paid through WeChat Pay (a local WeChat Pay that checks every signature): inside WeChat — a
// session that WeChat's 网页授权 (a local one too) gave an openid — the H5 gets signed JSAPI parameters for
// that openid, elsewhere the H5 payment page. The enrolment takes effect once —
// by the notification, the H5's check on return, or the job — whichever comes first; a forged
// notification changes nothing; an order never paid is closed and the person's place freed.
import { generateKeyPairSync, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { startFakeWechatOAuth, type FakeWechatOAuth } from '../../platform/auth/testing/fake-wechat-oauth.js';
import { startFakeWechatPay, TEST_MERCHANT, type FakeWechatPay } from '../../platform/payments/testing/fake-wechatpay.js';
import { settlePendingPayments } from './service/enrolment.js';
import { member, newPlan, staffCall as call } from '../../../test/harness/mutual-aid.js';

const merchant = TEST_MERCHANT.keys;
const APPID = 'wx2335445465459890';
const APP_SECRET = '3e2fa5ce1990693588816ff28e259ae0';
// The documentation's sample openid: not the one the fake pays with when told none.
const OPENID = 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M';

const settings: Record<string, string> = {};
let fake: FakeWechatPay;
let oauth: FakeWechatOAuth;
beforeAll(async () => {
  oauth = await startFakeWechatOAuth({ appId: APPID, appSecret: APP_SECRET });
  fake = await startFakeWechatPay({
    mchid: TEST_MERCHANT.mchid,
    merchantSerialNo: TEST_MERCHANT.serialNo,
    merchantPublicKey: merchant.publicKey,
    apiV3Key: TEST_MERCHANT.apiV3Key,
    appIds: [APPID],
  });
  Object.assign(settings, {
    GONGHUI_PUBLIC_URL: 'https://gonghui.example.org',
    GONGHUI_WECHATPAY_BASE_URL: fake.url,
    GONGHUI_WECHATPAY_MCHID: TEST_MERCHANT.mchid,
    GONGHUI_WECHATPAY_SERIAL_NO: TEST_MERCHANT.serialNo,
    GONGHUI_WECHATPAY_PRIVATE_KEY: merchant.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    GONGHUI_WECHATPAY_PLATFORM_KEYS: `${fake.platformSerial}:${fake.platformPublicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
    GONGHUI_WECHATPAY_APIV3_KEY: TEST_MERCHANT.apiV3Key,
    GONGHUI_WECHATPAY_APPID: APPID,
    GONGHUI_WECHAT_APP_SECRET: APP_SECRET,
    GONGHUI_WECHAT_OPEN_BASE_URL: oauth.url,
    GONGHUI_WECHAT_API_BASE_URL: oauth.url,
  });
});
afterAll(async () => {
  await fake.close();
  await oauth.close();
});

describe('mutual-aid enrolment paid through WeChat Pay', () => {
  const h = useTestApp(settings);

  const enrolmentBody = (planId: string, m: { idNumber: string; name: string }) => ({
    planId,
    relation: 'self',
    insured: { name: m.name, idNumber: m.idNumber },
    shares: 1,
    employed: true,
    healthDeclared: true,
  });
  const enrol = async (t: typeof h.t, planId: string, m: { cookie: string; idNumber: string; name: string }) =>
    t.request({ method: 'POST', url: '/api/member/mutual-aid/enrolments', cookie: m.cookie, body: enrolmentBody(planId, m) });

  /** The H5 inside WeChat: the member's session goes through WeChat's 网页授权 as `openid` and comes back to the plan. */
  const bindInWechat = async (t: typeof h.t, m: { cookie: string }, planId: string, openid = OPENID) => {
    const returnTo = `/mutual-aid/plans/${planId}/enrol`;
    const start = await t.request({
      method: 'GET',
      url: `/api/member/wechat/authorize?returnTo=${encodeURIComponent(returnTo)}`,
      cookie: m.cookie,
    });
    expect(start.statusCode, start.body).toBe(302);
    oauth.user = openid;
    const page = await fetch(String(start.headers.location).replace(/#wechat_redirect$/, ''), { redirect: 'manual' });
    const back = new URL(page.headers.get('location') ?? '');
    const done = await t.request({ method: 'GET', url: `${back.pathname}${back.search}`, cookie: m.cookie });
    expect(done.headers.location).toBe(returnTo);
  };

  const notify = (t: typeof h.t, message: { headers: Record<string, string>; body: string }) =>
    t.app.inject({ method: 'POST', url: '/api/channels/wechatpay/pay-notify', headers: message.headers, payload: message.body });

  it('pays by JSAPI inside WeChat and takes effect once, whichever word comes first; refuses a forgery', async () => {
    const { t } = h;
    const plan = await newPlan(t);
    const m = await member(t);
    await bindInWechat(t, m, plan.id);
    const started = await enrol(t, plan.id, m);
    expect(started.statusCode, started.body).toBe(201);
    const { enrolment, payment } = started.json<{
      enrolment: { id: string; status: string };
      payment: { outTradeNo: string; amountFen: number; provider: string; action: { kind: string; params: Record<string, string> } };
    }>();
    expect(enrolment.status).toBe('pending_payment');
    expect(payment).toMatchObject({
      provider: 'wechatpay',
      amountFen: 11_000,
      action: { kind: 'jsapi', params: { appId: APPID, signType: 'RSA' } },
    });
    // The JS bridge's parameters are signed with the merchant's key over the spec's four lines.
    const p = payment.action.params;
    const message = `${p.appId ?? ''}\n${p.timeStamp ?? ''}\n${p.nonceStr ?? ''}\n${p.package ?? ''}\n`;
    expect(verify('sha256', Buffer.from(message), merchant.publicKey, Buffer.from(p.paySign ?? '', 'base64'))).toBe(true);
    // …for the openid WeChat gave the session.
    expect(fake.orders.get(payment.outTradeNo)).toMatchObject({ totalFen: 11_000, tradeType: 'JSAPI', openid: OPENID });

    // Asking again while unpaid gives the same order back.
    const again = await enrol(t, plan.id, m);
    expect(again.json()).toMatchObject({ payment: { outTradeNo: payment.outTradeNo } });

    // The H5 returns before the member paid: still pending.
    const early = await t.request({ method: 'POST', url: `/api/member/mutual-aid/payments/${payment.outTradeNo}/check`, cookie: m.cookie });
    expect(early.json()).toMatchObject({ status: 'pending_payment' });

    // A forged notification (another key) changes nothing.
    fake.payOrder(payment.outTradeNo);
    const forged = await notify(
      t,
      fake.transactionNotification(payment.outTradeNo, { signingKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }),
    );
    expect(forged.statusCode, forged.body).toBe(400);
    expect(forged.json()).toMatchObject({ code: 'mutual-aid.payment_notification_invalid' });

    const real = fake.transactionNotification(payment.outTradeNo);
    const applied = await notify(t, real);
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toEqual({ code: 'SUCCESS', outcome: 'applied' });
    // WeChat Pay delivers it again, and the H5 checks too: nothing more happens.
    expect((await notify(t, real)).json()).toEqual({ code: 'SUCCESS', outcome: 'duplicate' });
    const checked = await t.request({
      method: 'POST',
      url: `/api/member/mutual-aid/payments/${payment.outTradeNo}/check`,
      cookie: m.cookie,
    });
    expect(checked.json()).toMatchObject({ status: 'active', certificateNo: expect.stringMatching(/\d{12}$/) });
    const fund = await call(t, 'zhejiang', 'GET', `/api/console/funds/${plan.fundId}`);
    expect(JSON.stringify(fund.json())).toContain('"receivedFen":11000');
  });

  it('never takes the payer from the page: an openid in the body is refused', async () => {
    const { t } = h;
    const plan = await newPlan(t);
    const m = await member(t);
    const orders = fake.orders.size;
    const named = await t.request({
      method: 'POST',
      url: '/api/member/mutual-aid/enrolments',
      cookie: m.cookie,
      body: { ...enrolmentBody(plan.id, m), wechat: { appId: APPID, openid: 'oSomeoneElse0000000000000000' } },
    });
    expect(named.statusCode).toBe(400);
    expect(named.json()).toMatchObject({ code: 'common.validation_failed', errors: [{ field: 'body.wechat' }] });
    expect(fake.orders.size).toBe(orders);
  });

  it('pays by the H5 page outside WeChat; an order never paid is closed by the job and the place freed', async () => {
    const { t } = h;
    const plan = await newPlan(t);
    const m = await member(t);
    const started = await enrol(t, plan.id, m);
    expect(started.json()).toMatchObject({ payment: { action: { kind: 'redirect', url: expect.stringMatching(/^https:\/\//) } } });
    const outTradeNo = started.json<{ payment: { outTradeNo: string } }>().payment.outTradeNo;

    // Half an hour later nobody paid: the job asks WeChat Pay, closes the order and frees the place.
    const later = new Date(Date.now() + 31 * 60_000);
    expect(await settlePendingPayments(t.platform.db, t.platform, later)).toEqual({ paid: 0, closed: 1 });
    expect(fake.orders.get(outTradeNo)).toMatchObject({ state: 'CLOSED' });
    const mine = await t.request({ method: 'GET', url: '/api/member/mutual-aid/enrolments', cookie: m.cookie });
    expect(mine.json()).toMatchObject({ items: [{ status: 'cancelled' }] });

    // The member starts again; this time pays, but the notification is lost: the job finds it paid.
    const second = await enrol(t, plan.id, m);
    expect(second.statusCode, second.body).toBe(201);
    const secondNo = second.json<{ payment: { outTradeNo: string } }>().payment.outTradeNo;
    expect(secondNo).not.toBe(outTradeNo);
    fake.payOrder(secondNo);
    expect(await settlePendingPayments(t.platform.db, t.platform, later)).toEqual({ paid: 1, closed: 0 });
    const now = await t.request({ method: 'GET', url: '/api/member/mutual-aid/enrolments', cookie: m.cookie });
    expect(now.json<{ items: { status: string }[] }>().items.map((e) => e.status)).toEqual(['active', 'cancelled']);
  });
});
