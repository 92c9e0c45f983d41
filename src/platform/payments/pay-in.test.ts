import { createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config.js';
import { devInstantPayIn, payInProviderFromConfig, wechatPayPayIn, type PayInOrder, type PayInProvider } from './pay-in.js';
import { startFakeWechatPay, TEST_MERCHANT, type FakeWechatPay, type NotificationOptions } from './testing/fake-wechatpay.js';
import { PaymentProviderError } from './wechatpay-v3.js';

const merchant = TEST_MERCHANT.keys;
const MCHID = TEST_MERCHANT.mchid;
const SERIAL = TEST_MERCHANT.serialNo;
const APIV3_KEY = TEST_MERCHANT.apiV3Key;
const APPID = 'wx2421b1c4370ec43b';
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
// 2022-07-01 12:05 in Shanghai; orders expire half an hour later.
const NOW = new Date('2022-07-01T04:05:00Z');
const NOTIFY_URL = 'https://gonghui.example.org/api/payments/wechatpay/notify';

// A rider's yearly mutual-aid share: 120 yuan.
function order(outTradeNo: string, overrides: Partial<PayInOrder> = {}): PayInOrder {
  return {
    outTradeNo,
    amountFen: 12_000,
    description: '职工互助保障 2022 年度个人份额',
    notifyUrl: NOTIFY_URL,
    expiresAt: new Date('2022-07-01T04:35:00Z'),
    payer: { kind: 'wechat', appId: APPID, openid: OPENID },
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<PaymentProviderError> {
  const outcome = await promise.then(
    () => new Error('accepted'),
    (error: unknown) => error,
  );
  if (outcome instanceof PaymentProviderError) return outcome;
  throw outcome;
}

function refusalOf(open: () => unknown): PaymentProviderError {
  try {
    open();
  } catch (error) {
    if (error instanceof PaymentProviderError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe(wechatPayPayIn.name, () => {
  let fake: FakeWechatPay;
  let payIn: PayInProvider;

  beforeAll(async () => {
    fake = await startFakeWechatPay({
      mchid: MCHID,
      merchantSerialNo: SERIAL,
      merchantPublicKey: merchant.publicKey,
      apiV3Key: APIV3_KEY,
      appIds: [APPID],
      now: () => NOW,
    });
    payIn = wechatPayPayIn({
      baseUrl: fake.url,
      mchid: MCHID,
      merchantSerialNo: SERIAL,
      merchantPrivateKey: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      platformPublicKeys: { [fake.platformSerial]: fake.platformPublicKey.export({ type: 'spki', format: 'pem' }).toString() },
      apiV3Key: APIV3_KEY,
      appId: APPID,
      now: () => NOW,
    });
  });
  afterAll(() => fake.close());

  /** An order placed and paid at 12:06:10 Shanghai time. */
  async function paidOrder(outTradeNo: string, payerTotalFen?: number) {
    await payIn.createPayment(order(outTradeNo));
    return fake.payOrder(outTradeNo, { at: new Date('2022-07-01T04:06:10Z'), ...(payerTotalFen === undefined ? {} : { payerTotalFen }) });
  }

  it('places a JSAPI order, signed, and gives the JS bridge parameters whose paySign the merchant key made over the four lines', async () => {
    const action = await payIn.createPayment(order('MA2022070100001'));
    expect(fake.log.at(-1)).toEqual({ method: 'POST', path: '/v3/pay/transactions/jsapi', status: 200 });
    const placed = fake.orders.get('MA2022070100001')!;
    expect(placed.request).toEqual({
      appid: APPID,
      mchid: MCHID,
      description: '职工互助保障 2022 年度个人份额',
      out_trade_no: 'MA2022070100001',
      time_expire: '2022-07-01T12:35:00+08:00',
      notify_url: NOTIFY_URL,
      amount: { total: 12_000, currency: 'CNY' },
      payer: { openid: OPENID },
    });
    if (action.kind !== 'jsapi') throw new Error(`a ${action.kind} action`);
    const { params } = action;
    expect(params).toMatchObject({ appId: APPID, timeStamp: '1656648300', package: `prepay_id=${placed.prepayId}`, signType: 'RSA' });
    expect(params.nonceStr).toMatch(/^[0-9a-f]{32}$/);
    const message = `${APPID}\n1656648300\n${params.nonceStr}\nprepay_id=${placed.prepayId}\n`;
    expect(createVerify('RSA-SHA256').update(message).verify(merchant.publicKey, params.paySign, 'base64')).toBe(true);
    // Without the last line's \n it is another message: the signature covers exactly the spec's four lines.
    expect(createVerify('RSA-SHA256').update(message.slice(0, -1)).verify(merchant.publicKey, params.paySign, 'base64')).toBe(false);
  });

  it('places an H5 order for a phone browser and sends the payer to WeChat Pay’s page', async () => {
    const action = await payIn.createPayment(order('MA2022070100002', { payer: { kind: 'browser', clientIp: '223.104.63.10' } }));
    const placed = fake.orders.get('MA2022070100002')!;
    expect(placed.request).toMatchObject({
      appid: APPID,
      scene_info: { payer_client_ip: '223.104.63.10', h5_info: { type: 'Wap' } },
    });
    expect(placed.request).not.toHaveProperty('payer');
    expect(action).toEqual({ kind: 'redirect', url: placed.h5Url });
    expect(placed.h5Url).toMatch(/^https:\/\/wx\.tenpay\.com\/cgi-bin\/mmpayweb-bin\/checkmweb\?prepay_id=wx/);
  });

  it('gets the same prepay_id for the same order placed twice, and a refusal when its amount changed', async () => {
    const first = await payIn.createPayment(order('MA2022070100003'));
    const again = await payIn.createPayment(order('MA2022070100003'));
    if (first.kind !== 'jsapi' || again.kind !== 'jsapi') throw new Error('not JSAPI');
    expect(again.params.package).toBe(first.params.package);
    expect(again.params.nonceStr).not.toBe(first.params.nonceStr);
    const error = await refusal(payIn.createPayment(order('MA2022070100003', { amountFen: 6_000 })));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', status: 400, retryable: false });
    expect(fake.orders.get('MA2022070100003')!.totalFen).toBe(12_000);
  });

  it('answers pending before the member pays and paid, with the amount, the transaction and the time, after', async () => {
    await payIn.createPayment(order('MA2022070100004'));
    expect(await payIn.queryPayment('MA2022070100004')).toEqual({
      outTradeNo: 'MA2022070100004',
      state: 'pending',
      transactionId: null,
      amountFen: null,
      paidAt: null,
    });
    const paid = fake.payOrder('MA2022070100004', { at: new Date('2022-07-01T04:06:10Z') });
    expect(await payIn.queryPayment('MA2022070100004')).toEqual({
      outTradeNo: 'MA2022070100004',
      state: 'paid',
      transactionId: paid.transactionId,
      amountFen: 12_000,
      paidAt: new Date('2022-07-01T04:06:10Z'),
    });
    expect(fake.log.at(-1)).toEqual({
      method: 'GET',
      path: `/v3/pay/transactions/out-trade-no/MA2022070100004?mchid=${MCHID}`,
      status: 200,
    });
  });

  it('reports what left the payer’s account (payer_total) rather than the order’s total', async () => {
    await paidOrder('MA2022070100005', 11_800);
    expect(await payIn.queryPayment('MA2022070100005')).toMatchObject({ state: 'paid', amountFen: 11_800 });
  });

  it('passes on the provider’s ORDER_NOT_EXIST for an order it never saw', async () => {
    const error = await refusal(payIn.queryPayment('MA2099123100001'));
    expect(error).toMatchObject({ code: 'ORDER_NOT_EXIST', status: 404, retryable: false });
  });

  it('opens a signed, encrypted TRANSACTION.SUCCESS notification to the payment’s outcome', async () => {
    const paid = await paidOrder('MA2022070100006');
    const { headers, body } = fake.transactionNotification('MA2022070100006');
    expect(payIn.openPaymentNotification(headers, body, NOW)).toEqual({
      eventId: (JSON.parse(body) as { id: string }).id,
      outTradeNo: 'MA2022070100006',
      state: 'paid',
      transactionId: paid.transactionId,
      amountFen: 12_000,
      paidAt: new Date('2022-07-01T04:06:10Z'),
    });
  });

  const forgeries: [string, () => NotificationOptions][] = [
    [
      'signed with a key that is not the platform’s',
      () => ({ signingKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }),
    ],
    ['encrypted under another APIv3 key', () => ({ apiV3Key: 'b'.repeat(32) })],
    ['replayed more than five minutes later', () => ({ timestamp: new Date(NOW.getTime() - 6 * 60_000) })],
  ];
  it.each(forgeries)('refuses a notification %s with BAD_SIGNATURE', async (_name, forgery) => {
    const outTradeNo = `MAF${randomBytes(6).toString('hex')}`;
    await paidOrder(outTradeNo);
    const { headers, body } = fake.transactionNotification(outTradeNo, forgery());
    expect(refusalOf(() => payIn.openPaymentNotification(headers, body, NOW))).toMatchObject({ code: 'BAD_SIGNATURE', retryable: false });
  });

  it('refuses a notification whose body was changed after signing', async () => {
    await paidOrder('MA2022070100007');
    const { headers, body } = fake.transactionNotification('MA2022070100007');
    const changed = body.replace('"支付成功"', '"支付成功 "');
    expect(refusalOf(() => payIn.openPaymentNotification(headers, changed, NOW))).toMatchObject({ code: 'BAD_SIGNATURE' });
  });

  it('refuses a genuine notification of another merchant’s payment, or of no merchant', async () => {
    await paidOrder('MA2022070100008');
    const { headers, body } = fake.transactionNotification('MA2022070100008', { resourcePatch: { mchid: '1900008361' } });
    const error = refusalOf(() => payIn.openPaymentNotification(headers, body, NOW));
    expect(error).toMatchObject({ code: 'BAD_RESPONSE' });
    expect(error.providerMessage).toContain('1900008361');
    const anonymous = fake.transactionNotification('MA2022070100008', { resourcePatch: { mchid: undefined } });
    expect(refusalOf(() => payIn.openPaymentNotification(anonymous.headers, anonymous.body, NOW))).toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('refuses another event, and a payment without its transaction_id', async () => {
    await paidOrder('MA2022070100009');
    const refund = fake.transactionNotification('MA2022070100009', { eventType: 'REFUND.SUCCESS' });
    expect(refusalOf(() => payIn.openPaymentNotification(refund.headers, refund.body, NOW))).toMatchObject({ code: 'BAD_RESPONSE' });
    const bare = fake.transactionNotification('MA2022070100009', { resourcePatch: { transaction_id: undefined } });
    expect(refusalOf(() => payIn.openPaymentNotification(bare.headers, bare.body, NOW))).toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('closes an unpaid order, which then can be neither paid nor placed again', async () => {
    await payIn.createPayment(order('MA2022070100010'));
    await payIn.closePayment('MA2022070100010');
    expect(fake.log.at(-1)).toEqual({ method: 'POST', path: '/v3/pay/transactions/out-trade-no/MA2022070100010/close', status: 204 });
    expect(await payIn.queryPayment('MA2022070100010')).toMatchObject({ state: 'closed', amountFen: null });
    expect(() => fake.payOrder('MA2022070100010')).toThrow(/CLOSED/);
    expect(await refusal(payIn.createPayment(order('MA2022070100010')))).toMatchObject({ code: 'ORDER_CLOSED', status: 400 });
  });

  it('passes on the refusal to close an order already paid', async () => {
    await paidOrder('MA2022070100011');
    expect(await refusal(payIn.closePayment('MA2022070100011'))).toMatchObject({ code: 'ORDERPAID', status: 400, retryable: false });
    expect(fake.orders.get('MA2022070100011')!.state).toBe('SUCCESS');
  });

  it('refunds a paid order: processing at first, the order then reads refunded', async () => {
    await paidOrder('MA2022070100012');
    const refund = await payIn.refund({
      outTradeNo: 'MA2022070100012',
      outRefundNo: 'MR2022070100012',
      amountFen: 12_000,
      totalFen: 12_000,
      reason: '退出互助计划',
    });
    expect(fake.refunds.get('MR2022070100012')).toMatchObject({
      refundId: refund.refundId,
      outTradeNo: 'MA2022070100012',
      refundFen: 12_000,
      totalFen: 12_000,
      reason: '退出互助计划',
    });
    expect(refund.state).toBe('processing');
    expect(await payIn.queryPayment('MA2022070100012')).toMatchObject({ state: 'refunded', amountFen: 12_000 });
  });

  it('maps the refund’s SUCCESS to success and ABNORMAL to failed', async () => {
    await paidOrder('MA2022070100013');
    const input = { outTradeNo: 'MA2022070100013', amountFen: 2_000, totalFen: 12_000, reason: '' };
    try {
      fake.refundStatus = 'SUCCESS';
      expect(await payIn.refund({ ...input, outRefundNo: 'MR2022070100013-1' })).toMatchObject({ state: 'success' });
      fake.refundStatus = 'ABNORMAL';
      expect(await payIn.refund({ ...input, outRefundNo: 'MR2022070100013-2' })).toMatchObject({ state: 'failed' });
    } finally {
      fake.refundStatus = 'PROCESSING';
    }
    // An empty reason is left out rather than sent empty.
    expect(fake.refunds.get('MR2022070100013-1')!.reason).toBeNull();
  });

  it('refuses, before any call, an order number, an amount or a description outside the spec, and a foreign AppID', async () => {
    const calls = fake.log.length;
    const cjk42 = '职'.repeat(42); // 126 bytes
    await expect(payIn.createPayment(order('MA-1'))).rejects.toThrow(/out_trade_no/);
    await expect(payIn.createPayment(order('MA2022070100014', { amountFen: 0 }))).rejects.toThrow(/amountFen/);
    await expect(payIn.createPayment(order('MA2022070100014', { amountFen: 99.5 }))).rejects.toThrow(/amountFen/);
    await expect(payIn.createPayment(order('MA2022070100014', { description: `ab${cjk42}` }))).rejects.toThrow(/128/);
    await expect(payIn.createPayment(order('MA2022070100014', { notifyUrl: `${NOTIFY_URL}?order=1` }))).rejects.toThrow(/notify URL/);
    const foreign = { kind: 'wechat', appId: 'wx0000000000000001', openid: OPENID } as const;
    await expect(payIn.createPayment(order('MA2022070100014', { payer: foreign }))).rejects.toThrow(/AppID/);
    await expect(payIn.queryPayment('MA 2022')).rejects.toThrow(/out_trade_no/);
    expect(fake.log.length).toBe(calls);
    // 127 bytes exactly is allowed.
    await expect(payIn.createPayment(order('MA2022070100014', { description: `a${cjk42}` }))).resolves.toMatchObject({ kind: 'jsapi' });
  });
});

describe(devInstantPayIn.name, () => {
  it('is paid at once for an order it took, and knows no other', async () => {
    const dev = devInstantPayIn();
    expect(dev.name).toBe('dev-instant');
    const action = await dev.createPayment(order('MA2022070100101'));
    if (action.kind !== 'instant') throw new Error(`a ${action.kind} action`);
    expect(action.transactionId).toMatch(/^DEV-[0-9a-f]{24}$/);
    expect(await dev.createPayment(order('MA2022070100101'))).toEqual(action);
    expect(await dev.queryPayment('MA2022070100101')).toMatchObject({
      outTradeNo: 'MA2022070100101',
      state: 'paid',
      transactionId: action.transactionId,
      amountFen: 12_000,
    });
    const unknown = await refusal(dev.queryPayment('MA2022070100102'));
    expect(unknown).toMatchObject({ code: 'ORDER_NOT_EXIST', status: 404, retryable: false });
    // Another instance is another process: it took nothing.
    expect(await refusal(devInstantPayIn().queryPayment('MA2022070100101'))).toMatchObject({ code: 'ORDER_NOT_EXIST' });
  });

  it('closes as a no-op, refunds at once, and refuses every notification', async () => {
    const dev = devInstantPayIn();
    await dev.createPayment(order('MA2022070100103'));
    await expect(dev.closePayment('MA2022070100103')).resolves.toBeUndefined();
    const refund = await dev.refund({ outTradeNo: 'MA2022070100103', outRefundNo: 'MR1', amountFen: 12_000, totalFen: 12_000, reason: '' });
    expect(refund.state).toBe('success');
    expect(refund.refundId).toMatch(/^DEV-REFUND-/);
    expect(refusalOf(() => dev.openPaymentNotification({}, '{}', NOW))).toMatchObject({
      code: 'BAD_SIGNATURE',
      providerMessage: 'the instant provider sends no notifications',
    });
  });

  it('still refuses an order outside the spec, so that development finds what production would', async () => {
    await expect(devInstantPayIn().createPayment(order('MA2022070100104', { amountFen: -1 }))).rejects.toThrow(/amountFen/);
  });
});

describe(payInProviderFromConfig.name, () => {
  const b64 = (bytes: number) => randomBytes(bytes).toString('base64');
  const WECHATPAY = {
    GONGHUI_WECHATPAY_MCHID: MCHID,
    GONGHUI_WECHATPAY_SERIAL_NO: SERIAL,
    GONGHUI_WECHATPAY_PRIVATE_KEY: merchant.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    GONGHUI_WECHATPAY_PLATFORM_KEYS: `PUB_KEY_ID_0000000000FAKE0001:${merchant.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
    GONGHUI_WECHATPAY_APIV3_KEY: APIV3_KEY,
  };
  const PRODUCTION = {
    NODE_ENV: 'production',
    GONGHUI_DATA_KEYS: `prod1:${b64(32)}`,
    GONGHUI_BLIND_INDEX_KEY: b64(32),
    GONGHUI_CARD_SIGNING_KEYS: `card1:${b64(32)}`,
    GONGHUI_AUDIT_KEYS: `audit1:${b64(32)}`,
    GONGHUI_SMS_SENDER: 'http',
    GONGHUI_SMS_GATEWAY_URL: 'https://sms.example.cn/send',
    GONGHUI_SMS_GATEWAY_KEY_ID: 'gonghui',
    GONGHUI_SMS_GATEWAY_SECRET: 'sms-s3cret',
  };

  it('takes payments through WeChat Pay when the merchant and its AppID are configured', async () => {
    const fake = await startFakeWechatPay({
      mchid: MCHID,
      merchantSerialNo: SERIAL,
      merchantPublicKey: merchant.publicKey,
      apiV3Key: APIV3_KEY,
      appIds: [APPID],
    });
    try {
      const platformKey = fake.platformPublicKey.export({ type: 'spki', format: 'der' }).toString('base64');
      const payIn = payInProviderFromConfig(
        parseConfig({
          ...WECHATPAY,
          GONGHUI_WECHATPAY_BASE_URL: fake.url,
          GONGHUI_WECHATPAY_PLATFORM_KEYS: `${fake.platformSerial}:${platformKey}`,
          GONGHUI_WECHATPAY_APPID: APPID,
        }),
      );
      expect(payIn?.name).toBe('wechatpay');
      const action = await payIn!.createPayment(order('MA2022070100201', { expiresAt: new Date(Date.now() + 30 * 60_000) }));
      expect(action).toMatchObject({
        kind: 'jsapi',
        params: { appId: APPID, package: `prepay_id=${fake.orders.get('MA2022070100201')!.prepayId}` },
      });
    } finally {
      await fake.close();
    }
  });

  it('takes no money outside production when WeChat Pay is not configured, or lacks its AppID', () => {
    expect(payInProviderFromConfig(parseConfig({}))?.name).toBe('dev-instant');
    expect(payInProviderFromConfig(parseConfig({ NODE_ENV: 'test', ...WECHATPAY }))?.name).toBe('dev-instant');
  });

  it('has no provider in production without a WeChat Pay merchant and AppID: the instant one would give away what is paid for', () => {
    expect(payInProviderFromConfig(parseConfig(PRODUCTION))).toBeNull();
    expect(payInProviderFromConfig(parseConfig({ ...PRODUCTION, ...WECHATPAY }))).toBeNull();
    // An AppID in production comes with 网页授权 (GONGHUI_WECHAT_APP_SECRET): inside WeChat, JSAPI needs the openid it gives.
    const inWechat = { GONGHUI_WECHATPAY_APPID: APPID, GONGHUI_WECHAT_APP_SECRET: '3e2fa5ce1990693588816ff28e259ae0' };
    const withAppId = { ...PRODUCTION, ...WECHATPAY, ...inWechat, GONGHUI_PUBLIC_URL: 'https://gonghui.example.org' };
    expect(payInProviderFromConfig(parseConfig(withAppId))?.name).toBe('wechatpay');
  });
});
