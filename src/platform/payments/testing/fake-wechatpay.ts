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
  /** The AppIDs bound to the merchant; an order under another is refused (APPID_MCHID_NOT_MATCH). Default: any. */
  appIds?: readonly string[];
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
  /** Fields replaced in the resource before it is encrypted (undefined removes one): another mchid, a missing transaction_id. */
  resourcePatch?: Record<string, unknown>;
}

export type FakeTradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
export type FakeRefundStatus = 'SUCCESS' | 'PROCESSING' | 'ABNORMAL' | 'CLOSED';

/** An order placed by JSAPI下单 or H5下单, as the fake keeps it. */
export interface FakeOrder {
  outTradeNo: string;
  tradeType: 'JSAPI' | 'MWEB';
  /** The request body it was placed with: a repeat must carry the same. */
  request: Record<string, unknown>;
  appid: string;
  totalFen: number;
  prepayId: string;
  /** H5 orders only. */
  h5Url: string | null;
  state: FakeTradeState;
  /** The JSAPI payer's, or the one payOrder was given for an H5 order. */
  openid: string | null;
  transactionId: string | null;
  payerTotalFen: number | null;
  successTime: string | null;
  refundedFen: number;
}

export interface FakeRefund {
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  refundFen: number;
  totalFen: number;
  reason: string | null;
  status: FakeRefundStatus;
}

export interface PayOrderOptions {
  /** What left the payer's account (less WeChat Pay's own discounts); default: the order's total. */
  payerTotalFen?: number;
  at?: Date;
  openid?: string;
}

export interface FakeWechatPay {
  url: string;
  platformSerial: string;
  platformPublicKey: KeyObject;
  /** out_request_no → the coupon it issued. */
  issued: Map<string, IssuedCoupon>;
  /** out_trade_no → the order placed under it. */
  orders: Map<string, FakeOrder>;
  /** out_refund_no → the refund. */
  refunds: Map<string, FakeRefund>;
  /** The status a new refund is answered with (default PROCESSING, as most refunds are at first). */
  refundStatus: FakeRefundStatus;
  /** Every request as it was answered. */
  log: { method: string; path: string; status: number; code?: string }[];
  answerMode: AnswerMode;
  /** The next request gets this answer instead ('hang': no answer at all, for timeouts). */
  failNext(failure: { status: number; code: string; message: string } | 'hang'): void;
  couponUseNotification(input: CouponUseInput, options?: NotificationOptions): SignedNotification;
  /** The member pays the order (it must be unpaid and open): SUCCESS, with a transaction_id and a success_time. */
  payOrder(outTradeNo: string, options?: PayOrderOptions): FakeOrder;
  /** The 支付成功回调通知 (TRANSACTION.SUCCESS) of a paid order, signed and encrypted as WeChat Pay sends it. */
  transactionNotification(outTradeNo: string, options?: NotificationOptions): SignedNotification;
  close(): Promise<void>;
}

export interface SignedNotification {
  headers: Record<string, string>;
  body: string;
}

const MAX_SKEW_SECONDS = 300;
const COUPONS_PATH = /^\/v3\/marketing\/favor\/users\/([^/?]+)\/coupons$/;
const ORDER_PATH = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/;
const CLOSE_PATH = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/;
const OUT_TRADE_NO = /^[A-Za-z0-9_*-]{6,32}$/;
const OUT_REFUND_NO = /^[A-Za-z0-9_|*@-]{1,64}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const TRADE_STATE_DESC: Record<FakeTradeState, string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  CLOSED: '订单已关闭',
  REFUND: '转入退款',
};

export async function startFakeWechatPay(options: FakeWechatPayOptions): Promise<FakeWechatPay> {
  const now = options.now ?? (() => new Date());
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // Made only when a test asks for a foreign signature: RSA key generation is the slow part of a start.
  let foreignKey: KeyObject | null = null;
  const foreign = () => (foreignKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  const platformSerial = 'PUB_KEY_ID_0000000000FAKE0001';
  const seenNonces = new Set<string>();
  const issued = new Map<string, IssuedCoupon>();
  const orders = new Map<string, FakeOrder>();
  const refunds = new Map<string, FakeRefund>();
  const log: FakeWechatPay['log'] = [];
  const hanging = new Set<ServerResponse>();
  let nextFailure: Parameters<FakeWechatPay['failNext']>[0] | null = null;
  let couponSeq = 0;
  let transactionSeq = 0;
  let refundSeq = 0;

  const fake: FakeWechatPay = {
    url: '',
    platformSerial,
    platformPublicKey: platform.publicKey,
    issued,
    orders,
    refunds,
    refundStatus: 'PROCESSING',
    log,
    answerMode: 'honest',
    failNext(failure) {
      nextFailure = failure;
    },
    couponUseNotification(input, notification = {}) {
      const resource = {
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
      };
      const event = { type: 'COUPON.USE', originalType: 'coupon', summary: '用券成功', createTime: '2022-07-01T12:00:00+08:00' };
      return signedNotification(resource, event, notification);
    },
    payOrder(outTradeNo, pay = {}) {
      const order = orders.get(outTradeNo);
      if (!order) throw new Error(`the fake has no order ${outTradeNo}`);
      if (order.state !== 'NOTPAY') throw new Error(`order ${outTradeNo} is ${order.state}: it cannot be paid`);
      transactionSeq += 1;
      order.state = 'SUCCESS';
      order.transactionId = `4200000${String(transactionSeq).padStart(21, '0')}`;
      order.payerTotalFen = pay.payerTotalFen ?? order.totalFen;
      order.successTime = beijingTime(pay.at ?? now());
      order.openid ??= pay.openid ?? 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
      return order;
    },
    transactionNotification(outTradeNo, notification = {}) {
      const order = orders.get(outTradeNo);
      if (order?.state !== 'SUCCESS') throw new Error(`order ${outTradeNo} is not paid: WeChat Pay sends no TRANSACTION.SUCCESS for it`);
      const event = { type: 'TRANSACTION.SUCCESS', originalType: 'transaction', summary: '支付成功', createTime: beijingTime(now()) };
      return signedNotification(transaction(order), event, notification);
    },
    async close() {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  /** The spec's 回调通知: the resource AEAD_AES_256_GCM-encrypted under the APIv3 key, the envelope signed like an answer. */
  function signedNotification(
    fields: Record<string, unknown>,
    event: { type: string; originalType: string; summary: string; createTime: string },
    notification: NotificationOptions,
  ): SignedNotification {
    const resource = JSON.stringify({ ...fields, ...notification.resourcePatch });
    const nonce = randomBytes(6).toString('hex'); // 12 characters, used as the GCM IV's 12 bytes
    const aad = event.originalType;
    const cipher = createCipheriv(
      'aes-256-gcm',
      Buffer.from(notification.apiV3Key ?? options.apiV3Key, 'utf8'),
      Buffer.from(nonce, 'utf8'),
    );
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(resource, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
    const body = JSON.stringify({
      id: `EV-${randomBytes(8).toString('hex')}`,
      create_time: event.createTime,
      resource_type: 'encrypt-resource',
      event_type: notification.eventType ?? event.type,
      summary: event.summary,
      resource: { original_type: event.originalType, algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: aad, nonce },
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
  }

  /** An order as 查询订单 answers it and TRANSACTION.SUCCESS carries it. */
  function transaction(order: FakeOrder): Record<string, unknown> {
    const common = {
      appid: order.appid,
      mchid: options.mchid,
      out_trade_no: order.outTradeNo,
      trade_state: order.state,
      trade_state_desc: TRADE_STATE_DESC[order.state],
    };
    if (order.state !== 'SUCCESS' && order.state !== 'REFUND') {
      return { ...common, amount: { total: order.totalFen, currency: 'CNY', payer_currency: 'CNY' } };
    }
    return {
      ...common,
      transaction_id: order.transactionId,
      trade_type: order.tradeType,
      bank_type: 'OTHERS',
      attach: '',
      success_time: order.successTime,
      payer: { openid: order.openid },
      amount: { total: order.totalFen, payer_total: order.payerTotalFen, currency: 'CNY', payer_currency: 'CNY' },
    };
  }

  /** A 204 answers with null: no body, but signed all the same (over the empty body). */
  function answer(res: ServerResponse, method: string, path: string, status: number, payload: Record<string, unknown> | null): void {
    const body = payload === null ? '' : JSON.stringify(payload);
    const code = status >= 300 && typeof payload?.code === 'string' ? payload.code : undefined;
    log.push({ method, path, status, ...(code === undefined ? {} : { code }) });
    const mode = fake.answerMode;
    const stamp = mode === 'stale-timestamp' ? now().getTime() / 1000 - 600 : now().getTime() / 1000;
    const timestamp = String(Math.floor(stamp));
    const nonce = randomBytes(16).toString('hex');
    const signature = rsa(mode === 'foreign-key' ? foreign() : platform.privateKey, `${timestamp}\n${nonce}\n${body}\n`);
    res.writeHead(status, {
      ...(body === '' ? {} : { 'content-type': 'application/json; charset=utf-8' }),
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
    const reply = (status: number, payload: Record<string, unknown> | null) => answer(res, method, path, status, payload);
    const url = new URL(path, 'http://fake.invalid');
    const coupons = COUPONS_PATH.exec(url.pathname);
    const order = ORDER_PATH.exec(url.pathname);
    const close = CLOSE_PATH.exec(url.pathname);
    if (method === 'GET' && order) return queryOrder(reply, decodeURIComponent(order[1] ?? ''), url.searchParams.get('mchid'));
    const posts = ['/v3/pay/transactions/jsapi', '/v3/pay/transactions/h5', '/v3/refund/domestic/refunds'];
    if (method !== 'POST' || !(coupons || close || posts.includes(url.pathname))) {
      return reply(404, { code: 'RESOURCE_NOT_EXISTS', message: '资源不存在' });
    }
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return reply(400, { code: 'PARAM_ERROR', message: '参数错误,请核对文档要求' });
    }
    if (typeof input !== 'object' || input === null) return reply(400, { code: 'PARAM_ERROR', message: '参数错误,请核对文档要求' });
    if (coupons) return issueCoupon(reply, decodeURIComponent(coupons[1] ?? ''), input);
    if (url.pathname === '/v3/pay/transactions/jsapi') return placeOrder(reply, 'JSAPI', input);
    if (url.pathname === '/v3/pay/transactions/h5') return placeOrder(reply, 'MWEB', input);
    if (close) return closeOrder(reply, decodeURIComponent(close[1] ?? ''), input);
    refund(reply, input);
  }

  type Reply = (status: number, payload: Record<string, unknown> | null) => void;
  const paramError = (reply: Reply, field: string) =>
    reply(400, { code: 'PARAM_ERROR', message: `输入源“/body/${field}”映射到字段校验失败`, detail: { location: 'body', field } });

  function issueCoupon(reply: Reply, openid: string, input: Record<string, unknown>): void {
    const { stock_id: stockId, out_request_no: outRequestNo, appid, stock_creator_mchid: creator } = input;
    if (typeof stockId !== 'string' || typeof outRequestNo !== 'string' || typeof appid !== 'string' || typeof creator !== 'string') {
      return reply(400, { code: 'PARAM_ERROR', message: '参数错误,请核对文档要求' });
    }
    // 幂等规则: 接口支持幂等重入 — the same out_request_no answers with the coupon it issued the first time.
    const known = issued.get(outRequestNo);
    if (known) return reply(200, { coupon_id: known.couponId });
    couponSeq += 1;
    const coupon = { couponId: String(9_000_000_000 + couponSeq), openid, stockId, appid };
    issued.set(outRequestNo, coupon);
    reply(200, { coupon_id: coupon.couponId });
  }

  /** The first field JSAPI下单/H5下单 would refuse, or null. */
  function orderFieldProblem(tradeType: FakeOrder['tradeType'], input: Record<string, unknown>): string | null {
    const { appid, mchid, description, out_trade_no: outTradeNo, time_expire: timeExpire, notify_url: notifyUrl } = input;
    if (typeof appid !== 'string' || !/^wx[0-9a-zA-Z]{16}$/.test(appid)) return 'appid';
    if (mchid !== options.mchid) return 'mchid';
    if (typeof description !== 'string' || description === '' || Buffer.byteLength(description, 'utf8') > 127) return 'description';
    if (typeof outTradeNo !== 'string' || !OUT_TRADE_NO.test(outTradeNo)) return 'out_trade_no';
    if (timeExpire !== undefined && (typeof timeExpire !== 'string' || !RFC3339.test(timeExpire))) return 'time_expire';
    if (typeof notifyUrl !== 'string' || !/^https?:\/\/[^?#]+$/.test(notifyUrl) || notifyUrl.length > 255) return 'notify_url';
    const amount = input.amount as { total?: unknown; currency?: unknown } | undefined;
    if (!Number.isSafeInteger(amount?.total) || (amount?.total as number) <= 0) return 'amount/total';
    if (amount?.currency !== undefined && amount.currency !== 'CNY') return 'amount/currency';
    if (tradeType === 'JSAPI') {
      const payer = input.payer as { openid?: unknown } | undefined;
      if (typeof payer?.openid !== 'string' || payer.openid === '') return 'payer/openid';
    } else {
      const scene = input.scene_info as { payer_client_ip?: unknown; h5_info?: { type?: unknown } } | undefined;
      if (typeof scene?.payer_client_ip !== 'string' || scene.payer_client_ip === '') return 'scene_info/payer_client_ip';
      if (!['iOS', 'Android', 'Wap'].includes(String(scene.h5_info?.type))) return 'scene_info/h5_info/type';
    }
    return null;
  }

  function placeOrder(reply: Reply, tradeType: FakeOrder['tradeType'], input: Record<string, unknown>): void {
    const problem = orderFieldProblem(tradeType, input);
    if (problem) return paramError(reply, problem);
    const appid = input.appid as string;
    const outTradeNo = input.out_trade_no as string;
    if (options.appIds && !options.appIds.includes(appid)) {
      return reply(400, { code: 'APPID_MCHID_NOT_MATCH', message: 'AppID和mch_id不匹配' });
    }
    const known = orders.get(outTradeNo);
    if (known) {
      if (known.state === 'CLOSED') return reply(400, { code: 'ORDER_CLOSED', message: '订单已关闭' });
      // v3's error tables name no code for an order already paid; the fake answers ORDERPAID, the v2 close API's.
      if (known.state !== 'NOTPAY') return reply(400, { code: 'ORDERPAID', message: '该订单已支付' });
      // The same order again (a member who came back) gets the same prepay_id; other parameters are refused.
      if (known.tradeType !== tradeType || canonical(known.request) !== canonical(input)) {
        return reply(400, { code: 'INVALID_REQUEST', message: '201 商户订单号重复' });
      }
      return reply(200, known.h5Url === null ? { prepay_id: known.prepayId } : { h5_url: known.h5Url });
    }
    const compactNow = beijingTime(now()).slice(0, 19).replace(/\D/g, '');
    const prepayId = `wx${compactNow}${randomBytes(9).toString('hex')}0000`;
    const created: FakeOrder = {
      outTradeNo,
      tradeType,
      request: input,
      appid,
      totalFen: (input.amount as { total: number }).total,
      prepayId,
      h5Url:
        tradeType === 'MWEB'
          ? `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=${prepayId}&package=${String(randomBytes(4).readUInt32BE())}`
          : null,
      state: 'NOTPAY',
      openid: tradeType === 'JSAPI' ? (input.payer as { openid: string }).openid : null,
      transactionId: null,
      payerTotalFen: null,
      successTime: null,
      refundedFen: 0,
    };
    orders.set(outTradeNo, created);
    reply(200, created.h5Url === null ? { prepay_id: prepayId } : { h5_url: created.h5Url });
  }

  function queryOrder(reply: Reply, outTradeNo: string, mchid: string | null): void {
    if (mchid !== options.mchid) {
      return reply(400, { code: 'PARAM_ERROR', message: '输入源“/uri_template/mchid”映射到字段“直连商户号”必填性规则校验失败' });
    }
    const order = orders.get(outTradeNo);
    if (!order) return reply(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
    reply(200, transaction(order));
  }

  function closeOrder(reply: Reply, outTradeNo: string, input: Record<string, unknown>): void {
    if (input.mchid !== options.mchid) return paramError(reply, 'mchid');
    const order = orders.get(outTradeNo);
    if (!order) return reply(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
    if (order.state === 'SUCCESS' || order.state === 'REFUND') return reply(400, { code: 'ORDERPAID', message: '该订单已支付' });
    // Closing a closed order again is answered 204 as well.
    order.state = 'CLOSED';
    reply(204, null);
  }

  function refund(reply: Reply, input: Record<string, unknown>): void {
    const { out_trade_no: outTradeNo, out_refund_no: outRefundNo, reason } = input;
    const amount = input.amount as { refund?: unknown; total?: unknown; currency?: unknown } | undefined;
    if (typeof outTradeNo !== 'string' || !OUT_TRADE_NO.test(outTradeNo)) return paramError(reply, 'out_trade_no');
    if (typeof outRefundNo !== 'string' || !OUT_REFUND_NO.test(outRefundNo)) return paramError(reply, 'out_refund_no');
    if (reason !== undefined && (typeof reason !== 'string' || Array.from(reason).length > 80)) return paramError(reply, 'reason');
    const refundFen = amount?.refund;
    const totalFen = amount?.total;
    if (typeof refundFen !== 'number' || !Number.isSafeInteger(refundFen) || refundFen <= 0) return paramError(reply, 'amount/refund');
    if (typeof totalFen !== 'number' || !Number.isSafeInteger(totalFen) || totalFen <= 0) return paramError(reply, 'amount/total');
    if (amount?.currency !== 'CNY') return paramError(reply, 'amount/currency');
    const order = orders.get(outTradeNo);
    if (!order) return reply(404, { code: 'RESOURCE_NOT_EXISTS', message: '订单不存在' });
    // 同一退款单号多次请求只退一笔: a repeat answers with the refund made the first time.
    const known = refunds.get(outRefundNo);
    if (known) {
      if (known.outTradeNo !== outTradeNo || known.refundFen !== refundFen || known.totalFen !== totalFen) {
        return reply(400, { code: 'INVALID_REQUEST', message: '退款单号重复,请求参数与原请求不一致' });
      }
      return reply(200, refundAnswer(order, known));
    }
    if (order.state !== 'SUCCESS' && order.state !== 'REFUND') return reply(400, { code: 'INVALID_REQUEST', message: '订单未支付' });
    if (totalFen !== order.totalFen) return reply(400, { code: 'INVALID_REQUEST', message: '订单金额与原订单不一致' });
    if (order.refundedFen + refundFen > order.totalFen) {
      return reply(400, { code: 'INVALID_REQUEST', message: '申请退款金额超过订单可退金额' });
    }
    refundSeq += 1;
    const made: FakeRefund = {
      refundId: `50300${String(refundSeq).padStart(24, '0')}`,
      outRefundNo,
      outTradeNo,
      refundFen,
      totalFen,
      reason: typeof reason === 'string' ? reason : null,
      status: fake.refundStatus,
    };
    refunds.set(outRefundNo, made);
    if (made.status !== 'CLOSED') {
      order.refundedFen += refundFen;
      order.state = 'REFUND';
    }
    reply(200, refundAnswer(order, made));
  }

  function refundAnswer(order: FakeOrder, made: FakeRefund): Record<string, unknown> {
    const payerTotal = order.payerTotalFen ?? order.totalFen;
    return {
      refund_id: made.refundId,
      out_refund_no: made.outRefundNo,
      transaction_id: order.transactionId,
      out_trade_no: order.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(made.status === 'SUCCESS' ? { success_time: beijingTime(now()) } : {}),
      create_time: beijingTime(now()),
      status: made.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: made.totalFen,
        refund: made.refundFen,
        payer_total: payerTotal,
        payer_refund: Math.min(made.refundFen, payerTotal),
        settlement_refund: made.refundFen,
        settlement_total: made.totalFen,
        discount_refund: 0,
        currency: 'CNY',
      },
    };
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

/** RFC 3339 in Beijing time, the spec's way of writing times: 2022-07-01T12:04:33+08:00. */
function beijingTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

/** JSON with keys sorted, so that two bodies with the same fields in another order compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The test merchant every WeChat Pay test uses: the spec's sample ids and an RSA key made once per run. */
export const TEST_MERCHANT = {
  mchid: '1900009191',
  serialNo: '3775B6A45ACD588826D15E583A95F5DD',
  apiV3Key: 'a2b4c6d8e0f2a4b6c8d0e2f4a6b8c0d2',
  keys: generateKeyPairSync('rsa', { modulusLength: 2048 }),
};
