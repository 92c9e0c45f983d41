import { createSign, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWechatPay, TEST_MERCHANT, type FakeWechatPay } from './testing/fake-wechatpay.js';
import {
  authorizationHeader,
  decryptResource,
  isRetryableStatus,
  PaymentProviderError,
  verifyWechatPaySignature,
  WechatPayClient,
  type WechatPayClientConfig,
} from './wechatpay-v3.js';

const merchant = TEST_MERCHANT.keys;
const MCHID = TEST_MERCHANT.mchid;
const SERIAL = TEST_MERCHANT.serialNo;
const APIV3_KEY = TEST_MERCHANT.apiV3Key;

async function failure(promise: Promise<unknown>): Promise<PaymentProviderError> {
  const outcome = await promise.then(
    () => new Error('the call succeeded'),
    (error: unknown) => error,
  );
  if (outcome instanceof PaymentProviderError) return outcome;
  throw outcome;
}

describe(authorizationHeader.name, () => {
  it('signs the spec’s five lines with SHA256-RSA (PKCS#1 v1.5), which the merchant’s public key verifies', () => {
    const body = '{"stock_id":"9856000","out_request_no":"89560002019101000121"}';
    const header = authorizationHeader({
      mchid: MCHID,
      serialNo: SERIAL,
      privateKey: merchant.privateKey,
      method: 'POST',
      pathWithQuery: '/v3/marketing/favor/users/o4GgauInH_RCEdvrrNGrntXDuXXX/coupons',
      body,
      timestamp: '1554208460',
      nonce: '593BEC0C930BF1AFEB40B4A08C8FB242',
    });
    const match =
      /^WECHATPAY2-SHA256-RSA2048 mchid="(\d+)",nonce_str="(\w+)",signature="([^"]+)",timestamp="(\d+)",serial_no="(\w+)"$/.exec(header);
    expect(match?.slice(1, 3)).toEqual([MCHID, '593BEC0C930BF1AFEB40B4A08C8FB242']);
    expect(match?.slice(4)).toEqual(['1554208460', SERIAL]);
    // The message written out by hand from the spec, every line ending in \n, the last one included.
    const message =
      'POST\n/v3/marketing/favor/users/o4GgauInH_RCEdvrrNGrntXDuXXX/coupons\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n' + body + '\n';
    const signature = match![3]!;
    expect(createVerify('RSA-SHA256').update(message).verify(merchant.publicKey, signature, 'base64')).toBe(true);
    // PKCS#1 v1.5 is deterministic: the independent signer gives the very same bytes.
    expect(createSign('RSA-SHA256').update(message).sign(merchant.privateKey, 'base64')).toBe(signature);
    expect(createVerify('RSA-SHA256').update(message.slice(0, -1)).verify(merchant.publicKey, signature, 'base64')).toBe(false);
  });
});

describe(verifyWechatPaySignature.name, () => {
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keys = new Map([['PUB_KEY_ID_1', platform.publicKey]]);
  const now = new Date('2026-07-01T04:00:00Z');
  const ts = String(now.getTime() / 1000);
  const signed = (body: string, timestamp = ts, key = platform.privateKey) => ({
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': 'n1',
    'Wechatpay-Serial': 'PUB_KEY_ID_1',
    'Wechatpay-Signature': createSign('RSA-SHA256').update(`${timestamp}\nn1\n${body}\n`).sign(key, 'base64'),
  });

  it('accepts the platform’s signature over "timestamp\\nnonce\\nbody\\n", header names in any case', () => {
    expect(verifyWechatPaySignature(keys, signed('{"a":1}'), '{"a":1}', now)).toEqual({ ok: true, serial: 'PUB_KEY_ID_1' });
    const lower = Object.fromEntries(Object.entries(signed('')).map(([k, v]) => [k.toLowerCase(), v]));
    expect(verifyWechatPaySignature(keys, lower, '', now).ok).toBe(true);
  });

  it('refuses a changed body, another key, an unknown serial, a missing header and a probe signature', () => {
    expect(verifyWechatPaySignature(keys, signed('{"a":1}'), '{"a":2}', now)).toEqual({ ok: false, reason: 'bad_signature' });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(verifyWechatPaySignature(keys, signed('x', ts, other), 'x', now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyWechatPaySignature(keys, { ...signed('x'), 'Wechatpay-Serial': 'PUB_KEY_ID_2' }, 'x', now)).toEqual({
      ok: false,
      reason: 'unknown_serial',
    });
    expect(verifyWechatPaySignature(keys, { ...signed('x'), 'Wechatpay-Nonce': undefined }, 'x', now).ok).toBe(false);
    const probe = { ...signed('x'), 'Wechatpay-Signature': 'WECHATPAY/SIGNTEST/' + randomBytes(32).toString('base64') };
    expect(verifyWechatPaySignature(keys, probe, 'x', now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a timestamp more than five minutes from our clock, either way', () => {
    expect(verifyWechatPaySignature(keys, signed('x', String(Number(ts) - 300)), 'x', now).ok).toBe(true);
    expect(verifyWechatPaySignature(keys, signed('x', String(Number(ts) - 301)), 'x', now)).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
    expect(verifyWechatPaySignature(keys, signed('x', String(Number(ts) + 301)), 'x', now)).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });
});

describe(decryptResource.name, () => {
  it('refuses a resource encrypted under another APIv3 key', async () => {
    const fake = await startFakeWechatPay({
      mchid: MCHID,
      merchantSerialNo: SERIAL,
      merchantPublicKey: merchant.publicKey,
      apiV3Key: APIV3_KEY,
    });
    try {
      const { body } = fake.couponUseNotification(
        {
          couponId: '1',
          stockId: '2',
          couponAmountFen: 299,
          transactionMinimumFen: 300,
          transactionId: 't',
          consumeMchid: 'm',
          consumeTime: '2022-07-01T12:00:00+08:00',
        },
        { apiV3Key: 'z'.repeat(32) },
      );
      const { resource } = JSON.parse(body) as {
        resource: { algorithm: string; ciphertext: string; nonce: string; associated_data: string };
      };
      expect(() => decryptResource(Buffer.from(APIV3_KEY), resource)).toThrow(PaymentProviderError);
      expect(JSON.parse(decryptResource(Buffer.from('z'.repeat(32)), resource))).toMatchObject({ coupon_id: '1', stock_id: '2' });
    } finally {
      await fake.close();
    }
  });
});

describe(WechatPayClient.name, () => {
  let fake: FakeWechatPay;
  let config: WechatPayClientConfig;
  const body = { stock_id: '9856000', out_request_no: 'gh-1', appid: 'wx233544546545989', stock_creator_mchid: MCHID };
  const path = '/v3/marketing/favor/users/openid-1/coupons';

  beforeAll(async () => {
    fake = await startFakeWechatPay({ mchid: MCHID, merchantSerialNo: SERIAL, merchantPublicKey: merchant.publicKey, apiV3Key: APIV3_KEY });
    config = {
      baseUrl: fake.url,
      mchid: MCHID,
      merchantSerialNo: SERIAL,
      merchantPrivateKey: merchant.privateKey,
      platformPublicKeys: { [fake.platformSerial]: fake.platformPublicKey },
      apiV3Key: APIV3_KEY,
    };
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.answerMode = 'honest';
  });

  it('is answered by a server that checks every signature, and checks the answer’s', async () => {
    const answer = await new WechatPayClient(config).request('POST', path, {
      ...body,
      out_request_no: `gh-${randomBytes(4).toString('hex')}`,
    });
    expect(answer.status).toBe(200);
    expect(answer.data).toMatchObject({ coupon_id: expect.stringMatching(/^\d+$/) as unknown });
  });

  it('is refused with 401 SIGN_ERROR when signing with a key that is not the merchant’s, and does not retry that', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const error = await failure(new WechatPayClient({ ...config, merchantPrivateKey: stranger }).request('POST', path, body));
    expect(error).toMatchObject({ status: 401, code: 'SIGN_ERROR', retryable: false });
    expect(fake.log.at(-1)).toMatchObject({ status: 401, code: 'SIGN_ERROR' });
  });

  it('is refused when its clock is more than five minutes off', async () => {
    const slow = new WechatPayClient({ ...config, now: () => new Date(Date.now() - 6 * 60_000) });
    expect(await failure(slow.request('POST', path, body))).toMatchObject({ status: 401, code: 'SIGN_ERROR' });
  });

  it('makes the server refuse a body changed after signing, and a replayed nonce', async () => {
    const signedBody = JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const authorization = authorizationHeader({
      mchid: MCHID,
      serialNo: SERIAL,
      privateKey: merchant.privateKey,
      method: 'POST',
      pathWithQuery: path,
      body: signedBody,
      timestamp,
      nonce: randomBytes(16).toString('hex'),
    });
    const send = (sent: string) =>
      fetch(`${fake.url}${path}`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: sent });
    const tampered = await send(signedBody.replace('gh-1', 'gh-2'));
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toMatchObject({ code: 'SIGN_ERROR' });
    expect((await send(signedBody)).status).toBe(200);
    const replay = await send(signedBody);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { message: string }).message).toContain('nonce replayed');
  });

  it.each([
    ['tampered-body', 'bad_signature'],
    ['foreign-key', 'bad_signature'],
    ['stale-timestamp', 'stale_timestamp'],
    ['unknown-serial', 'unknown_serial'],
  ] as const)('refuses an answer signed %s (%s)', async (mode, reason) => {
    fake.answerMode = mode;
    const error = await failure(new WechatPayClient(config).request('POST', path, { ...body, out_request_no: `gh-${mode}` }));
    expect(error).toMatchObject({ code: 'BAD_SIGNATURE', status: 200, retryable: false });
    expect(error.providerMessage).toContain(reason);
  });

  it.each([
    [500, 'SYSTEM_ERROR', true],
    [503, 'SYSTEM_ERROR', true],
    [429, 'FREQUENCY_LIMITED', true],
    [400, 'PARAM_ERROR', false],
    [403, 'NOT_ENOUGH', false],
    [404, 'RESOURCE_NOT_EXISTS', false],
  ] as const)('reports %i %s with the provider’s message, retryable: %s', async (status, code, retryable) => {
    fake.failNext({ status, code, message: `提供方说明 ${code}` });
    const error = await failure(new WechatPayClient(config).request('POST', path, body));
    expect(error).toMatchObject({ status, code, providerMessage: `提供方说明 ${code}`, retryable });
    expect(isRetryableStatus(status)).toBe(retryable);
  });

  it('reports a provider that does not answer in time as a retryable TIMEOUT', async () => {
    fake.failNext('hang');
    const error = await failure(new WechatPayClient({ ...config, timeoutMs: 300 }).request('POST', path, body));
    expect(error).toMatchObject({ code: 'TIMEOUT', status: null, retryable: true });
  });

  it('reports a provider that cannot be reached as a retryable NETWORK_ERROR', async () => {
    const closed = await startFakeWechatPay({
      mchid: MCHID,
      merchantSerialNo: SERIAL,
      merchantPublicKey: merchant.publicKey,
      apiV3Key: APIV3_KEY,
    });
    await closed.close();
    const error = await failure(new WechatPayClient({ ...config, baseUrl: closed.url }).request('POST', path, body));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: null, retryable: true });
  });
});
