import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { startFakeWechatPay, TEST_MERCHANT, type FakeWechatPay } from '../../platform/payments/testing/fake-wechatpay.js';
import { newMember } from '../members/testing.js';
import { channelStates, issuePendingCoupons } from './service/index.js';
import { campaignBody, newCampaign } from './testing.js';

const merchant = TEST_MERCHANT.keys;
const MCHID = TEST_MERCHANT.mchid;
const SERIAL = TEST_MERCHANT.serialNo;
const APIV3_KEY = TEST_MERCHANT.apiV3Key;
const APPID = 'wx2335445465459890';

// The app's settings point at a local WeChat Pay that checks every signature; it starts before the app.
const settings: Record<string, string> = {};
let fake: FakeWechatPay;
beforeAll(async () => {
  fake = await startFakeWechatPay({ mchid: MCHID, merchantSerialNo: SERIAL, merchantPublicKey: merchant.publicKey, apiV3Key: APIV3_KEY });
  Object.assign(settings, {
    GONGHUI_WECHATPAY_BASE_URL: fake.url,
    GONGHUI_WECHATPAY_MCHID: MCHID,
    GONGHUI_WECHATPAY_SERIAL_NO: SERIAL,
    GONGHUI_WECHATPAY_PRIVATE_KEY: merchant.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    GONGHUI_WECHATPAY_PLATFORM_KEYS: `${fake.platformSerial}:${fake.platformPublicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
    GONGHUI_WECHATPAY_APIV3_KEY: APIV3_KEY,
  });
});
afterAll(() => fake.close());

async function wechatMember(t: TestApp, openid: string) {
  const m = await newMember(t.platform);
  const bound = await t.request({
    method: 'PUT',
    url: '/api/member/channel-accounts/wechatpay',
    cookie: m.cookie,
    body: { appId: APPID, openid },
  });
  expect(bound.statusCode).toBe(204);
  return m;
}

describe('coupons issued into WeChat Pay', () => {
  const h = useTestApp(settings);

  it('issues each granted coupon into the channel exactly once, retrying what failed, and takes its use back', async () => {
    const { t } = h;
    const campaign = await newCampaign(t, campaignBody(t.demo.keqiao.id, { channel: 'wechatpay', channelStockId: '9856000' }));
    const unbound = await newMember(t.platform);
    const noWechat = await t.request({ method: 'POST', url: `/api/member/campaigns/${campaign.id}/claim`, cookie: unbound.cookie });
    expect(noWechat.json().code).toBe('campaigns.channel_user_missing');
    const a = await wechatMember(t, 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o');
    const b = await wechatMember(t, 'oUpF8uMuAJO_M2pxb1Q9zNjWeS7p');
    for (const m of [a, b]) {
      expect((await t.request({ method: 'POST', url: `/api/member/campaigns/${campaign.id}/claim`, cookie: m.cookie })).statusCode).toBe(
        201,
      );
    }
    expect(await channelStates(t.platform.db, campaign.id)).toEqual({ pending: 2 });

    // The provider fails the first call: that coupon stays pending for the next run, the other is issued.
    fake.failNext({ status: 500, code: 'SYSTEM_ERROR', message: '系统错误' });
    expect(await issuePendingCoupons(t.platform.db, t.platform)).toEqual({ issued: 1, retrying: 1, failed: 0 });
    expect(await issuePendingCoupons(t.platform.db, t.platform)).toEqual({ issued: 1, retrying: 0, failed: 0 });
    expect(await issuePendingCoupons(t.platform.db, t.platform)).toEqual({ issued: 0, retrying: 0, failed: 0 });
    expect(await channelStates(t.platform.db, campaign.id)).toEqual({ issued: 2 });
    expect(fake.issued.size).toBe(2);
    expect([...fake.issued.values()].map((c) => c.openid).sort()).toEqual(['oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS7p']);

    // The member buys a drink at a WeChat Pay store: WeChat notifies, twice (it retries); applied once.
    const [first] = [...fake.issued.values()];
    const use = fake.couponUseNotification({
      couponId: first?.couponId ?? '',
      stockId: '9856000',
      couponAmountFen: 299,
      transactionMinimumFen: 300,
      consumeAmountFen: 299,
      transactionId: '4200001234202207011234567890',
      consumeMchid: '1900008361',
      consumeTime: new Date().toISOString(),
    });
    const notify = () =>
      t.app.inject({ method: 'POST', url: '/api/channels/wechatpay/coupon-notify', headers: use.headers, payload: use.body });
    expect((await notify()).json()).toEqual({ code: 'SUCCESS', outcome: 'applied' });
    expect((await notify()).json()).toEqual({ code: 'SUCCESS', outcome: 'duplicate' });
    const keqiao = await t.staffCookie('keqiao');
    const stats = (await t.request({ method: 'GET', url: `/api/console/campaigns/${campaign.id}/stats`, cookie: keqiao })).json();
    expect(stats.totals).toMatchObject({ claimed: 2, redeemed: 1, redemptionRate: 0.5, discountFen: 299 });
    const settlement = (
      await t.request({ method: 'GET', url: '/api/console/campaign-settlements?from=2020-01-01&to=2099-12-31', cookie: keqiao })
    ).json();
    expect(settlement.items).toEqual([expect.objectContaining({ partnerName: '微信支付商户 1900008361', redeemed: 1, discountFen: 299 })]);
  });

  it('refuses a notification that is forged', async () => {
    const { t } = h;
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = fake.couponUseNotification(
      {
        couponId: '1',
        stockId: '9856000',
        couponAmountFen: 299,
        transactionMinimumFen: 300,
        transactionId: 'x',
        consumeMchid: 'y',
        consumeTime: new Date().toISOString(),
      },
      { signingKey: forger.privateKey },
    );
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/channels/wechatpay/coupon-notify',
      headers: forged.headers,
      payload: forged.body,
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('campaigns.channel_notification_invalid');
  });
});
