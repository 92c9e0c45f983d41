import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config.js';
import { wechatPayCouponChannel, wechatPayCouponChannelFromConfig, type CouponChannel } from './coupon-channel.js';
import { startFakeWechatPay, TEST_MERCHANT, type CouponUseInput, type FakeWechatPay } from './testing/fake-wechatpay.js';
import { PaymentProviderError } from './wechatpay-v3.js';

const merchant = TEST_MERCHANT.keys;
const MCHID = TEST_MERCHANT.mchid;
const SERIAL = TEST_MERCHANT.serialNo;
const APIV3_KEY = TEST_MERCHANT.apiV3Key;
const APPID = 'wx233544546545989';
const NOW = new Date('2022-07-01T04:05:00Z');

// 智送清凉: one 满3元减2.99元 coupon, used at a merchant at noon Shanghai time.
const USE: CouponUseInput = {
  couponId: '9000000001',
  stockId: '9856000',
  couponAmountFen: 299,
  transactionMinimumFen: 300,
  consumeAmountFen: 299,
  transactionId: '4200001234202207011234567890',
  consumeMchid: '1900008361',
  consumeTime: '2022-07-01T12:04:33+08:00',
};

async function refusal(promise: Promise<unknown>): Promise<PaymentProviderError> {
  const outcome = await promise.then(
    () => new Error('accepted'),
    (error: unknown) => error,
  );
  if (outcome instanceof PaymentProviderError) return outcome;
  throw outcome;
}

describe(wechatPayCouponChannel.name, () => {
  let fake: FakeWechatPay;
  let channel: CouponChannel;

  beforeAll(async () => {
    fake = await startFakeWechatPay({
      mchid: MCHID,
      merchantSerialNo: SERIAL,
      merchantPublicKey: merchant.publicKey,
      apiV3Key: APIV3_KEY,
      now: () => NOW,
    });
    channel = wechatPayCouponChannel({
      baseUrl: fake.url,
      mchid: MCHID,
      merchantSerialNo: SERIAL,
      merchantPrivateKey: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      platformPublicKeys: { [fake.platformSerial]: fake.platformPublicKey.export({ type: 'spki', format: 'pem' }).toString() },
      apiV3Key: APIV3_KEY,
      now: () => NOW,
    });
  });
  afterAll(() => fake.close());

  it('issues a coupon of the batch to the openid, as the batch creator', async () => {
    const { externalCouponId } = await channel.issue({
      stockId: '9856000',
      outRequestNo: 'gh-c1-m1-20220701',
      userRef: 'o4GgauInH_RCEdvrrNGrntXDuXXX',
      appId: APPID,
    });
    expect(fake.issued.get('gh-c1-m1-20220701')).toEqual({
      couponId: externalCouponId,
      openid: 'o4GgauInH_RCEdvrrNGrntXDuXXX',
      stockId: '9856000',
      appid: APPID,
    });
  });

  it('gives the same coupon for a repeated out_request_no, and another for another', async () => {
    const input = { stockId: '9856000', outRequestNo: 'gh-c1-m2-20220701', userRef: 'openid-2', appId: APPID };
    const first = await channel.issue(input);
    const again = await channel.issue(input);
    expect(again).toEqual(first);
    const other = await channel.issue({ ...input, outRequestNo: 'gh-c1-m2-20220702' });
    expect(other.externalCouponId).not.toBe(first.externalCouponId);
  });

  it('sends an openid that needs escaping as one path segment, and still signs what it sent', async () => {
    await channel.issue({ stockId: '9856000', outRequestNo: 'gh-escape', userRef: 'o/../x y', appId: APPID });
    expect(fake.issued.get('gh-escape')?.openid).toBe('o/../x y');
  });

  it('passes on a provider refusal with its code, not retryable', async () => {
    fake.failNext({ status: 403, code: 'NOT_ENOUGH', message: '批次预算不足' });
    const error = await refusal(channel.issue({ stockId: '9856000', outRequestNo: 'gh-broke', userRef: 'openid-3', appId: APPID }));
    expect(error).toMatchObject({ code: 'NOT_ENOUGH', providerMessage: '批次预算不足', retryable: false, status: 403 });
  });

  it('reads a signed, encrypted COUPON.USE notification', async () => {
    const { headers, body } = fake.couponUseNotification(USE);
    const event = await channel.parseUseNotification(headers, body, NOW);
    expect(event).toEqual({
      eventId: (JSON.parse(body) as { id: string }).id,
      externalCouponId: '9000000001',
      stockId: '9856000',
      status: 'used',
      usedAt: new Date('2022-07-01T04:04:33Z'),
      orderAmountFen: null,
      discountFen: 299,
      transactionId: '4200001234202207011234567890',
      merchantId: '1900008361',
    });
  });

  it('takes the face value as the discount from a notification without consume_amount, and maps EXPIRED', async () => {
    const { consumeAmountFen: _omitted, ...older } = USE;
    const used = fake.couponUseNotification({ ...older, couponAmountFen: 599, transactionMinimumFen: 600 });
    expect(await channel.parseUseNotification(used.headers, used.body, NOW)).toMatchObject({ discountFen: 599 });
    const expired = fake.couponUseNotification({ ...USE, status: 'EXPIRED' });
    expect(await channel.parseUseNotification(expired.headers, expired.body, NOW)).toMatchObject({ status: 'expired' });
  });

  it('refuses a notification whose body was changed after signing', async () => {
    const { headers, body } = fake.couponUseNotification(USE);
    const forged = body.replace('"用券成功"', '"用券成功 "');
    expect(await refusal(channel.parseUseNotification(headers, forged, NOW))).toMatchObject({ code: 'BAD_SIGNATURE', retryable: false });
  });

  it('refuses a notification signed with a key that is not the platform’s', async () => {
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const { headers, body } = fake.couponUseNotification(USE, { signingKey: forger });
    expect(await refusal(channel.parseUseNotification(headers, body, NOW))).toMatchObject({ code: 'BAD_SIGNATURE' });
  });

  it('refuses a genuine notification replayed more than five minutes later', async () => {
    const { headers, body } = fake.couponUseNotification(USE, { timestamp: new Date(NOW.getTime() - 6 * 60_000) });
    const error = await refusal(channel.parseUseNotification(headers, body, NOW));
    expect(error.providerMessage).toContain('stale_timestamp');
  });

  it('refuses a signed notification whose resource was not encrypted under our APIv3 key', async () => {
    const { headers, body } = fake.couponUseNotification(USE, { apiV3Key: 'b'.repeat(32) });
    expect(await refusal(channel.parseUseNotification(headers, body, NOW))).toMatchObject({ code: 'BAD_SIGNATURE' });
  });

  it('refuses an event that is not COUPON.USE', async () => {
    const { headers, body } = fake.couponUseNotification(USE, { eventType: 'TRANSACTION.SUCCESS' });
    expect(await refusal(channel.parseUseNotification(headers, body, NOW))).toMatchObject({ code: 'BAD_RESPONSE' });
  });
});

describe(wechatPayCouponChannelFromConfig.name, () => {
  it('is null when WeChat Pay is not configured', () => {
    expect(wechatPayCouponChannelFromConfig(parseConfig({}))).toBeNull();
  });

  it('issues through the settings read from the environment', async () => {
    const fake = await startFakeWechatPay({
      mchid: MCHID,
      merchantSerialNo: SERIAL,
      merchantPublicKey: merchant.publicKey,
      apiV3Key: APIV3_KEY,
    });
    try {
      const privateKey = merchant.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
      const platformKey = fake.platformPublicKey.export({ type: 'spki', format: 'der' }).toString('base64');
      const channel = wechatPayCouponChannelFromConfig(
        parseConfig({
          GONGHUI_WECHATPAY_BASE_URL: fake.url,
          GONGHUI_WECHATPAY_MCHID: MCHID,
          GONGHUI_WECHATPAY_SERIAL_NO: SERIAL,
          GONGHUI_WECHATPAY_PRIVATE_KEY: privateKey,
          GONGHUI_WECHATPAY_PLATFORM_KEYS: `${fake.platformSerial}:${platformKey}`,
          GONGHUI_WECHATPAY_APIV3_KEY: APIV3_KEY,
        }),
      );
      expect(channel?.name).toBe('wechatpay');
      const issued = await channel!.issue({ stockId: '9856000', outRequestNo: 'gh-env', userRef: 'openid-env', appId: APPID });
      expect(fake.issued.get('gh-env')?.couponId).toBe(issued.externalCouponId);
    } finally {
      await fake.close();
    }
  });
});
