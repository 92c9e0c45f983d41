import { createPrivateKey, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { Config } from '../config/config.js';
import { PaymentProviderError, rsaSign, WechatPayClient, type WechatPayClientConfig } from './wechatpay-v3.js';

// Money paid in by a member (a mutual-aid share, an activity's fee): the provider interface the
// modules use, with no business rules. Implementations: WeChat Pay API v3 (JSAPI inside WeChat's
// browser, H5 elsewhere) and, outside production only, an instant provider that takes no money.

/** Who pays, as the provider needs to know them: inside WeChat by openid (JSAPI), elsewhere by the phone's address (H5). */
export type Payer = { kind: 'wechat'; appId: string; openid: string } | { kind: 'browser'; clientIp: string };

export interface PayInOrder {
  /** Our order number, unique for the merchant (WeChat Pay v3: 6–32 of [A-Za-z0-9_*-]). */
  outTradeNo: string;
  amountFen: number;
  /** What the payer sees on the bill (WeChat Pay: at most 127 bytes). */
  description: string;
  /** Where the provider posts the outcome. */
  notifyUrl: string;
  /** After this the order can no longer be paid. */
  expiresAt: Date;
  payer: Payer;
}

/** What the H5 does to pay: call WeChat's JS bridge, open the provider's page, or nothing (paid at once in development). */
export type PayAction =
  | {
      kind: 'jsapi';
      /** The arguments of WeixinJSBridge.invoke('getBrandWCPayRequest', …), signed. */
      params: { appId: string; timeStamp: string; nonceStr: string; package: string; signType: 'RSA'; paySign: string };
    }
  | { kind: 'redirect'; url: string }
  | { kind: 'instant'; transactionId: string };

export type PaymentState = 'paid' | 'pending' | 'closed' | 'refunded' | 'failed';

export interface PaymentOutcome {
  outTradeNo: string;
  state: PaymentState;
  /** The provider's transaction id once paid. */
  transactionId: string | null;
  /** What the payer actually paid, as the provider reports it: compared with the order before anything is granted. */
  amountFen: number | null;
  paidAt: Date | null;
}

export interface PaymentNotification extends PaymentOutcome {
  /** The provider's notification id: the same notification may be delivered more than once. */
  eventId: string;
}

export interface RefundInput {
  outTradeNo: string;
  outRefundNo: string;
  amountFen: number;
  totalFen: number;
  reason: string;
}

export interface PayInProvider {
  /** 'dev-instant' takes no money: the console and the H5 say so wherever it is in use. */
  readonly name: 'wechatpay' | 'dev-instant';
  createPayment(order: PayInOrder): Promise<PayAction>;
  /** The provider's word on an order (for an H5 that returns before the notification, and the job that chases pending orders). */
  queryPayment(outTradeNo: string): Promise<PaymentOutcome>;
  /** Closes an unpaid order so that it can no longer be paid (an order that expired on our side). */
  closePayment(outTradeNo: string): Promise<void>;
  refund(input: RefundInput): Promise<{ refundId: string; state: 'success' | 'processing' | 'failed' }>;
  /** Verifies and decrypts a payment notification; throws PaymentProviderError (BAD_SIGNATURE, BAD_RESPONSE) otherwise. */
  openPaymentNotification(headers: Readonly<Record<string, string | undefined>>, rawBody: string, now: Date): PaymentNotification;
}

// The spec's limits, checked before any call: breaking one is a bug of ours, not a provider's refusal.
// out_trade_no string[6,32] of digits, letters and _-* (JSAPI/H5下单); out_refund_no string[1,64] of
// digits, letters and _-|*@ (申请退款); description string(127), counted in UTF-8 bytes.
const OUT_TRADE_NO = /^[A-Za-z0-9_*-]{6,32}$/;
const OUT_REFUND_NO = /^[A-Za-z0-9_|*@-]{1,64}$/;
const WECHAT_APP_ID = /^wx[0-9a-f]{16}$/;
const MAX_DESCRIPTION_BYTES = 127;
const MAX_NOTIFY_URL_CHARS = 255;
const MAX_REFUND_REASON_CHARS = 80;

function assertOutTradeNo(outTradeNo: string): void {
  if (!OUT_TRADE_NO.test(outTradeNo)) throw new Error(`out_trade_no ${JSON.stringify(outTradeNo)} is not 6–32 of [A-Za-z0-9_*-]`);
}

function assertFen(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} is a positive whole number of fen, not ${value}`);
}

function assertOrder(order: PayInOrder, notifies = true): void {
  assertOutTradeNo(order.outTradeNo);
  assertFen('amountFen', order.amountFen);
  const bytes = Buffer.byteLength(order.description, 'utf8');
  if (order.description.trim() === '' || bytes > MAX_DESCRIPTION_BYTES) {
    throw new Error(`the description is 1–${MAX_DESCRIPTION_BYTES} UTF-8 bytes, not ${bytes}`);
  }
  // The spec: an https URL reachable from outside, without a query string (通知地址不能携带参数). The
  // instant provider notifies nobody: a development server on http://127.0.0.1 may use it.
  const url = URL.canParse(order.notifyUrl) ? new URL(order.notifyUrl) : null;
  const refused =
    !url || url.protocol !== 'https:' || url.search !== '' || url.hash !== '' || order.notifyUrl.length > MAX_NOTIFY_URL_CHARS;
  if (notifies && refused) {
    throw new Error(`the notify URL ${JSON.stringify(order.notifyUrl)} is not an https URL without a query of at most 255 characters`);
  }
  if (Number.isNaN(order.expiresAt.getTime())) throw new Error('expiresAt is not a valid date');
  if (order.payer.kind === 'wechat') {
    if (order.payer.openid === '' || order.payer.openid.length > 128) throw new Error('the payer has no openid');
  } else if (isIP(order.payer.clientIp) === 0) {
    throw new Error(`the payer's address ${JSON.stringify(order.payer.clientIp)} is not an IP address`);
  }
}

function assertRefund(input: RefundInput): void {
  assertOutTradeNo(input.outTradeNo);
  if (!OUT_REFUND_NO.test(input.outRefundNo)) {
    throw new Error(`out_refund_no ${JSON.stringify(input.outRefundNo)} is not 1–64 of [A-Za-z0-9_|*@-]`);
  }
  assertFen('amountFen', input.amountFen);
  assertFen('totalFen', input.totalFen);
  if (input.amountFen > input.totalFen) throw new Error(`a refund of ${input.amountFen} fen exceeds the order's ${input.totalFen}`);
  if (Array.from(input.reason).length > MAX_REFUND_REASON_CHARS) {
    throw new Error(`the refund reason is at most ${MAX_REFUND_REASON_CHARS} characters`);
  }
}

/** RFC 3339 in Beijing time, as the spec writes time_expire: 2022-07-01T12:35:00+08:00. */
function beijingTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

// trade_state (查询订单): ACCEPT (付款码 only) is not a state a JSAPI or H5 order takes.
const TRADE_STATES: ReadonlyMap<string, PaymentState> = new Map([
  ['SUCCESS', 'paid'],
  ['NOTPAY', 'pending'],
  ['USERPAYING', 'pending'],
  ['CLOSED', 'closed'],
  ['REVOKED', 'closed'],
  ['REFUND', 'refunded'],
  ['PAYERROR', 'failed'],
]);

// status (申请退款): ABNORMAL (the card refunded to was closed) waits for a hand in the merchant platform,
// CLOSED gave up; neither returns the money by itself, so both are a failure for the caller.
const REFUND_STATES: ReadonlyMap<string, 'success' | 'processing' | 'failed'> = new Map([
  ['SUCCESS', 'success'],
  ['PROCESSING', 'processing'],
  ['ABNORMAL', 'failed'],
  ['CLOSED', 'failed'],
]);

interface WechatTransaction {
  mchid?: unknown;
  out_trade_no?: unknown;
  transaction_id?: unknown;
  trade_state?: unknown;
  success_time?: unknown;
  amount?: { total?: unknown; payer_total?: unknown } | null;
}

function badResponse(message: string, status: number | null, cause?: unknown): PaymentProviderError {
  return new PaymentProviderError('BAD_RESPONSE', message, false, status, cause === undefined ? undefined : { cause });
}

function fen(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** A transaction (查询订单's answer, TRANSACTION.SUCCESS's resource) as an outcome; a paid one must say what, when and how much. */
function toOutcome(transaction: WechatTransaction | null, mchid: string, status: number | null): PaymentOutcome {
  if (typeof transaction?.out_trade_no !== 'string' || typeof transaction.trade_state !== 'string') {
    throw badResponse('transaction has no out_trade_no/trade_state', status);
  }
  if (transaction.mchid !== undefined && transaction.mchid !== mchid) {
    throw badResponse(`transaction of merchant ${JSON.stringify(transaction.mchid)}, not ours`, status);
  }
  const state = TRADE_STATES.get(transaction.trade_state);
  if (!state) throw badResponse(`unknown trade_state ${transaction.trade_state}`, status);
  const moneyMoved = state === 'paid' || state === 'refunded';
  // payer_total is what left the payer's account (total less WeChat Pay's own discounts); older answers lack it.
  const amountFen = moneyMoved ? (fen(transaction.amount?.payer_total) ?? fen(transaction.amount?.total)) : null;
  const transactionId =
    typeof transaction.transaction_id === 'string' && transaction.transaction_id !== '' ? transaction.transaction_id : null;
  const successTime = typeof transaction.success_time === 'string' ? new Date(transaction.success_time) : null;
  const paidAt = moneyMoved && successTime && !Number.isNaN(successTime.getTime()) ? successTime : null;
  if (state === 'paid' && (transactionId === null || amountFen === null || paidAt === null)) {
    throw badResponse('a paid transaction without transaction_id, amount or success_time', status);
  }
  return { outTradeNo: transaction.out_trade_no, state, transactionId, amountFen, paidAt };
}

/**
 * WeChat Pay API v3 for a direct merchant (直连商户): JSAPI下单 inside WeChat, H5下单 elsewhere, 查询订单 by
 * out_trade_no, 关闭订单, 申请退款 and the 支付成功回调通知 (TRANSACTION.SUCCESS). `appId` is the 公众号 bound
 * to the merchant: it places H5 orders, and a JSAPI payer's openid must belong to it.
 */
export function wechatPayPayIn(config: WechatPayClientConfig & { appId: string }): PayInProvider {
  if (!WECHAT_APP_ID.test(config.appId)) throw new Error(`${JSON.stringify(config.appId)} is not a WeChat AppID (wx and 16 hex digits)`);
  const client = new WechatPayClient(config);
  const { appId, mchid } = config;
  // The JS bridge's paySign is made with the same merchant key that signs requests (JSAPI调起支付签名).
  const merchantKey =
    typeof config.merchantPrivateKey === 'string' ? createPrivateKey(config.merchantPrivateKey) : config.merchantPrivateKey;
  const now = config.now ?? (() => new Date());
  const orderPath = (outTradeNo: string) => `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}`;

  function bridgeParams(prepayId: string): Extract<PayAction, { kind: 'jsapi' }>['params'] {
    const timeStamp = String(Math.floor(now().getTime() / 1000));
    const nonceStr = randomBytes(16).toString('hex');
    const pkg = `prepay_id=${prepayId}`;
    const paySign = rsaSign(merchantKey, `${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`);
    return { appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
  }

  return {
    name: 'wechatpay',

    async createPayment(order) {
      assertOrder(order);
      const common = {
        appid: appId,
        mchid,
        description: order.description,
        out_trade_no: order.outTradeNo,
        time_expire: beijingTime(order.expiresAt),
        notify_url: order.notifyUrl,
        amount: { total: order.amountFen, currency: 'CNY' },
      };
      const payer = order.payer;
      switch (payer.kind) {
        case 'wechat': {
          // An openid means something only under the AppID that issued it; WeChat Pay would refuse the pair.
          if (payer.appId !== appId) throw new Error(`the payer's openid is under ${payer.appId}, not the merchant's AppID ${appId}`);
          const answer = await client.request('POST', '/v3/pay/transactions/jsapi', { ...common, payer: { openid: payer.openid } });
          const prepayId = (answer.data as { prepay_id?: unknown } | null)?.prepay_id;
          if (typeof prepayId !== 'string' || prepayId === '') throw badResponse('answer has no prepay_id', answer.status);
          return { kind: 'jsapi', params: bridgeParams(prepayId) };
        }
        case 'browser': {
          const answer = await client.request('POST', '/v3/pay/transactions/h5', {
            ...common,
            scene_info: { payer_client_ip: payer.clientIp, h5_info: { type: 'Wap' } },
          });
          const h5Url = (answer.data as { h5_url?: unknown } | null)?.h5_url;
          if (typeof h5Url !== 'string' || !URL.canParse(h5Url) || new URL(h5Url).protocol !== 'https:') {
            throw badResponse('answer has no https h5_url', answer.status);
          }
          return { kind: 'redirect', url: h5Url };
        }
      }
    },

    async queryPayment(outTradeNo) {
      assertOutTradeNo(outTradeNo);
      // An unknown order is the provider's 404 ORDER_NOT_EXIST, passed on as it is: the caller decides what it means.
      const answer = await client.request('GET', `${orderPath(outTradeNo)}?mchid=${encodeURIComponent(mchid)}`);
      const outcome = toOutcome(answer.data as WechatTransaction | null, mchid, answer.status);
      if (outcome.outTradeNo !== outTradeNo) throw badResponse(`answer is about order ${outcome.outTradeNo}`, answer.status);
      return outcome;
    },

    async closePayment(outTradeNo) {
      assertOutTradeNo(outTradeNo);
      await client.request('POST', `${orderPath(outTradeNo)}/close`, { mchid });
    },

    async refund(input) {
      assertRefund(input);
      const answer = await client.request('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: input.outTradeNo,
        out_refund_no: input.outRefundNo,
        ...(input.reason === '' ? {} : { reason: input.reason }),
        amount: { refund: input.amountFen, total: input.totalFen, currency: 'CNY' },
      });
      const refund = answer.data as { refund_id?: unknown; status?: unknown } | null;
      if (typeof refund?.refund_id !== 'string' || refund.refund_id === '' || typeof refund.status !== 'string') {
        throw badResponse('answer has no refund_id/status', answer.status);
      }
      const state = REFUND_STATES.get(refund.status);
      if (!state) throw badResponse(`unknown refund status ${refund.status}`, answer.status);
      return { refundId: refund.refund_id, state };
    },

    openPaymentNotification(headers, rawBody, at) {
      const envelope = client.openNotification(headers, rawBody, at);
      if (envelope.event_type !== 'TRANSACTION.SUCCESS') throw badResponse(`unexpected event ${envelope.event_type}`, null);
      const plaintext = client.decrypt(envelope.resource);
      let transaction: WechatTransaction | null;
      try {
        transaction = JSON.parse(plaintext) as WechatTransaction | null;
      } catch (error) {
        throw badResponse('decrypted resource is not JSON', null, error);
      }
      // Encrypted under our APIv3 key, yet another merchant's payment would grant nothing of ours.
      if (transaction?.mchid !== mchid) {
        throw badResponse(`notification for merchant ${JSON.stringify(transaction?.mchid) ?? 'none'}, not ours`, null);
      }
      const outcome = toOutcome(transaction, mchid, null);
      if (outcome.state !== 'paid') {
        throw badResponse(`TRANSACTION.SUCCESS with trade_state ${JSON.stringify(transaction.trade_state)}`, null);
      }
      return { ...outcome, eventId: envelope.id };
    },
  };
}

/**
 * Outside production only: every order is paid at once and no money moves. It remembers the orders it
 * "took" in this process only, so a restart forgets them (its queries then answer ORDER_NOT_EXIST).
 */
export function devInstantPayIn(): PayInProvider {
  const orders = new Map<string, { transactionId: string; amountFen: number; paidAt: Date }>();
  return {
    name: 'dev-instant',

    async createPayment(order) {
      assertOrder(order, false);
      // Like WeChat Pay: the same order again is the same payment, another one under its number a refusal.
      const known = orders.get(order.outTradeNo);
      if (known && known.amountFen !== order.amountFen) {
        throw new PaymentProviderError('INVALID_REQUEST', `${order.outTradeNo} was placed with another amount`, false, 400);
      }
      const paid = known ?? { transactionId: `DEV-${randomBytes(12).toString('hex')}`, amountFen: order.amountFen, paidAt: new Date() };
      orders.set(order.outTradeNo, paid);
      return { kind: 'instant', transactionId: paid.transactionId };
    },

    async queryPayment(outTradeNo) {
      assertOutTradeNo(outTradeNo);
      const paid = orders.get(outTradeNo);
      if (!paid) throw new PaymentProviderError('ORDER_NOT_EXIST', `the instant provider took no order ${outTradeNo}`, false, 404);
      return { outTradeNo, state: 'paid', transactionId: paid.transactionId, amountFen: paid.amountFen, paidAt: paid.paidAt };
    },

    async closePayment(outTradeNo) {
      assertOutTradeNo(outTradeNo);
    },

    async refund(input) {
      assertRefund(input);
      return { refundId: `DEV-REFUND-${randomBytes(12).toString('hex')}`, state: 'success' };
    },

    openPaymentNotification() {
      throw new PaymentProviderError('BAD_SIGNATURE', 'the instant provider sends no notifications', false, null);
    },
  };
}

/**
 * WeChat Pay when its merchant settings and an AppID (GONGHUI_WECHATPAY_APPID) are configured; otherwise,
 * outside production, the instant provider; in production without WeChat Pay, none (nothing can be paid).
 */
export function payInProviderFromConfig(config: Readonly<Config>): PayInProvider | null {
  const wechatPay = config.wechatPay;
  if (wechatPay?.appId) return wechatPayPayIn({ ...wechatPay, appId: wechatPay.appId });
  if (config.env !== 'production') return devInstantPayIn();
  return null;
}
