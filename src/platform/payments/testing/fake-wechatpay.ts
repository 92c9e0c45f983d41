import { createCipheriv, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local WeChat Pay for tests (imported only by *.test.ts: dependency-cruiser's testing-is-for-tests).
// It checks what the real one checks and signs what the real one signs, written from the spec on its own
// rather than with the client's helpers, so a mistake in the client cannot hide behind the same mistake here.

export interface FakeWechatPayOptions {
  mchid: string;
  merchantSerialNo: string;
  /** The public half of the merchant's API key: every request must verify with it. */
  merchantPublicKey: KeyObject;
  /** The merchant's APIv3 key, which encrypts notification resources. */
  apiV3Key: string;
  now?: () => Date;
}

/** How the fake signs its answers: honestly, or in one of the ways a client must refuse. */
export type AnswerMode = 'honest' | 'tampered-body' | 'foreign-key' | 'stale-timestamp' | 'unknown-serial';

export interface IssuedCoupon {
  couponId: string;
  openid: string;
  stockId: string;
  appid: string;
}

export interface CouponUseInput {
  couponId: string;
  stockId: string;
  couponAmountFen: number;
  transactionMinimumFen: number;
  consumeAmountFen?: number;
  transactionId: string;
  consumeMchid: string;
  consumeTime: string;
  status?: 'USED' | 'EXPIRED' | 'SENDED';
}

export interface NotificationOptions {
  /** Sign with this key instead of the fake's platform key (a forgery). */
  signingKey?: KeyObject;
  /** Encrypt under this key instead of the merchant's APIv3 key. */
  apiV3Key?: string;
  timestamp?: Date;
  eventType?: string;
}

export interface FakeWechatPay {
  url: string;
  platformSerial: string;
  platformPublicKey: KeyObject;
  /** out_request_no → the coupon it issued. */
  issued: Map<string, IssuedCoupon>;
  /** Every request as it was answered. */
  log: { method: string; path: string; status: number; code?: string }[];
  answerMode: AnswerMode;
  /** The next request gets this answer instead ('hang': no answer at all, for timeouts). */
  failNext(failure: { status: number; code: string; message: string } | 'hang'): void;
  couponUseNotification(input: CouponUseInput, options?: NotificationOptions): { headers: Record<string, string>; body: string };
  close(): Promise<void>;
}

const MAX_SKEW_SECONDS = 300;
const COUPONS_PATH = /^\/v3\/marketing\/favor\/users\/([^/?]+)\/coupons$/;

export async function startFakeWechatPay(options: FakeWechatPayOptions): Promise<FakeWechatPay> {
  const now = options.now ?? (() => new Date());
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // Made only when a test asks for a foreign signature: RSA key generation is the slow part of a start.
  let foreignKey: KeyObject | null = null;
  const foreign = () => (foreignKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  const platformSerial = 'PUB_KEY_ID_0000000000FAKE0001';
  const seenNonces = new Set<string>();
  const issued = new Map<string, IssuedCoupon>();
  const log: FakeWechatPay['log'] = [];
  const hanging = new Set<ServerResponse>();
  let nextFailure: Parameters<FakeWechatPay['failNext']>[0] | null = null;
  let couponSeq = 0;

  const fake: FakeWechatPay = {
    url: '',
    platformSerial,
    platformPublicKey: platform.publicKey,
    issued,
    log,
    answerMode: 'honest',
    failNext(failure) {
      nextFailure = failure;
    },
    couponUseNotification(input, notification = {}) {
      const resource = JSON.stringify({
        stock_creator_mchid: options.mchid,
        stock_id: input.stockId,
        coupon_id: input.couponId,
        coupon_name: '满3元减2.99元',
        status: input.status ?? 'USED',
        description: '',
        create_time: '2022-07-01T09:00:00+08:00',
        coupon_type: 'NORMAL',
        no_cash: false,
        available_begin_time: '2022-07-01T00:00:00+08:00',
        available_end_time: '2022-09-30T23:59:59+08:00',
        singleitem: false,
        normal_coupon_information: { coupon_amount: input.couponAmountFen, transaction_minimum: input.transactionMinimumFen },
        consume_information: {
          consume_time: input.consumeTime,
          consume_mchid: input.consumeMchid,
          transaction_id: input.transactionId,
          ...(input.consumeAmountFen === undefined ? {} : { consume_amount: input.consumeAmountFen }),
        },
      });
      const nonce = randomBytes(6).toString('hex'); // 12 characters, used as the GCM IV's 12 bytes
      const aad = 'coupon';
      const cipher = createCipheriv(
        'aes-256-gcm',
        Buffer.from(notification.apiV3Key ?? options.apiV3Key, 'utf8'),
        Buffer.from(nonce, 'utf8'),
      );
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(resource, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
      const body = JSON.stringify({
        id: `EV-${randomBytes(8).toString('hex')}`,
        create_time: '2022-07-01T12:00:00+08:00',
        resource_type: 'encrypt-resource',
        event_type: notification.eventType ?? 'COUPON.USE',
        summary: '用券成功',
        resource: { original_type: 'coupon', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: aad, nonce },
      });
      const timestamp = String(Math.floor((notification.timestamp ?? now()).getTime() / 1000));
      const signatureNonce = randomBytes(16).toString('hex');
      return {
        headers: {
          // WeChat Pay posts its notifications as JSON.
          'Content-Type': 'application/json',
          'Wechatpay-Timestamp': timestamp,
          'Wechatpay-Nonce': signatureNonce,
          'Wechatpay-Serial': platformSerial,
          'Wechatpay-Signature': rsa(notification.signingKey ?? platform.privateKey, `${timestamp}\n${signatureNonce}\n${body}\n`),
          'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
        },
        body,
      };
    },
    async close() {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function answer(res: ServerResponse, method: string, path: string, status: number, payload: Record<string, string>): void {
    const body = JSON.stringify(payload);
    const code = status >= 300 ? payload.code : undefined;
    log.push({ method, path, status, ...(code === undefined ? {} : { code }) });
    const mode = fake.answerMode;
    const stamp = mode === 'stale-timestamp' ? now().getTime() / 1000 - 600 : now().getTime() / 1000;
    const timestamp = String(Math.floor(stamp));
    const nonce = randomBytes(16).toString('hex');
    const signature = rsa(mode === 'foreign-key' ? foreign() : platform.privateKey, `${timestamp}\n${nonce}\n${body}\n`);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'request-id': randomBytes(8).toString('hex'),
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': mode === 'unknown-serial' ? 'PUB_KEY_ID_0000000000UNKNOWN' : platformSerial,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    });
    // A body changed after signing, as a man in the middle would: same length, one byte different.
    res.end(mode === 'tampered-body' ? body.replace(/\d(?=[^\d]*$)/, (d) => String((Number(d) + 1) % 10)) : body);
  }

  /** Why the request is refused, or null when its Authorization checks out (the spec's 401 SIGN_ERROR cases). */
  function authorizationProblem(req: IncomingMessage, path: string, body: string): string | null {
    const header = req.headers.authorization ?? '';
    const match = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(header);
    if (!match) return 'Authorization is not WECHATPAY2-SHA256-RSA2048';
    const fields: Record<string, string> = {};
    for (const [, name = '', value = ''] of (match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)) fields[name] = value;
    const { mchid, nonce_str: nonce, signature, timestamp, serial_no: serial } = fields;
    if (!mchid || !nonce || !signature || !timestamp || !serial) return 'Authorization lacks a field';
    if (mchid !== options.mchid) return 'unknown mchid';
    if (serial !== options.merchantSerialNo) return 'unknown merchant certificate serial';
    if (!/^\d+$/.test(timestamp) || Math.abs(now().getTime() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return 'timestamp skewed';
    const message = `${req.method ?? ''}\n${path}\n${timestamp}\n${nonce}\n${body}\n`;
    if (!verify('sha256', Buffer.from(message, 'utf8'), options.merchantPublicKey, Buffer.from(signature, 'base64'))) {
      return 'signature does not verify';
    }
    // Only a request that verified spends its nonce: a forgery cannot burn the merchant's nonces.
    if (seenNonces.has(`${mchid}:${nonce}`)) return 'nonce replayed';
    seenNonces.add(`${mchid}:${nonce}`);
    return null;
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const problem = authorizationProblem(req, path, body);
    if (problem) return answer(res, method, path, 401, { code: 'SIGN_ERROR', message: `签名错误: ${problem}` });
    const failure = nextFailure;
    nextFailure = null;
    if (failure === 'hang') {
      hanging.add(res);
      return;
    }
    if (failure) return answer(res, method, path, failure.status, { code: failure.code, message: failure.message });
    const coupons = COUPONS_PATH.exec(path);
    if (!coupons || method !== 'POST') return answer(res, method, path, 404, { code: 'RESOURCE_NOT_EXISTS', message: '资源不存在' });
    const openid = decodeURIComponent(coupons[1] ?? '');
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return answer(res, method, path, 400, { code: 'PARAM_ERROR', message: '参数错误,请核对文档要求' });
    }
    const { stock_id: stockId, out_request_no: outRequestNo, appid, stock_creator_mchid: creator } = input;
    if (typeof stockId !== 'string' || typeof outRequestNo !== 'string' || typeof appid !== 'string' || typeof creator !== 'string') {
      return answer(res, method, path, 400, { code: 'PARAM_ERROR', message: '参数错误,请核对文档要求' });
    }
    // 幂等规则: 接口支持幂等重入 — the same out_request_no answers with the coupon it issued the first time.
    const known = issued.get(outRequestNo);
    if (known) return answer(res, method, path, 200, { coupon_id: known.couponId });
    couponSeq += 1;
    const coupon = { couponId: String(9_000_000_000 + couponSeq), openid, stockId, appid };
    issued.set(outRequestNo, coupon);
    answer(res, method, path, 200, { coupon_id: coupon.couponId });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

function rsa(privateKey: KeyObject, message: string): string {
  return sign('sha256', Buffer.from(message, 'utf8'), privateKey).toString('base64');
}

/** The test merchant every WeChat Pay test uses: the spec's sample ids and an RSA key made once per run. */
export const TEST_MERCHANT = {
  mchid: '1900009191',
  serialNo: '3775B6A45ACD588826D15E583A95F5DD',
  apiV3Key: 'a2b4c6d8e0f2a4b6c8d0e2f4a6b8c0d2',
  keys: generateKeyPairSync('rsa', { modulusLength: 2048 }),
};
