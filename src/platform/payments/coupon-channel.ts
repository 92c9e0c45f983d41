import type { Config } from '../config/config.js';
import { PaymentProviderError, WechatPayClient, type WechatPayClientConfig } from './wechatpay-v3.js';

export interface IssueCouponInput {
  /** The provider's coupon batch (WeChat Pay 批次号). */
  stockId: string;
  /** Our idempotency key for this one issue: the same key always yields the same coupon. */
  outRequestNo: string;
  /** The member as the provider knows them (WeChat: the openid under appId). */
  userRef: string;
  appId: string;
}

export interface CouponUseEvent {
  /** The provider's notification id: the same event may be delivered more than once. */
  eventId: string;
  externalCouponId: string;
  stockId: string;
  status: 'used' | 'expired' | 'other';
  usedAt: Date | null;
  /** The order total when the provider reports it (WeChat Pay's COUPON.USE does not). */
  orderAmountFen: number | null;
  discountFen: number | null;
  transactionId: string | null;
  merchantId: string | null;
}

/** Coupons issued into a payment provider's own coupon system, and the provider's word that one was used. */
export interface CouponChannel {
  readonly name: string;
  issue(input: IssueCouponInput): Promise<{ externalCouponId: string }>;
  /** Verifies and decrypts a use notification; throws PaymentProviderError (code BAD_SIGNATURE…) for a forged one. */
  parseUseNotification(headers: Record<string, string | undefined>, rawBody: string, now: Date): Promise<CouponUseEvent>;
}

export interface WechatPayCouponChannelConfig extends WechatPayClientConfig {
  /** The merchant that created the batches, when another merchant issues them (跨商户发券); default: mchid. */
  stockCreatorMchid?: string;
}

/**
 * WeChat Pay 代金券: 发放指定批次的代金券 (POST /v3/marketing/favor/users/{openid}/coupons), which the spec
 * declares idempotent on out_request_no (接口支持幂等重入: a repeat answers 200 with the same coupon_id), and
 * the 核销事件回调通知 (event COUPON.USE).
 */
export function wechatPayCouponChannel(config: WechatPayCouponChannelConfig): CouponChannel {
  const client = new WechatPayClient(config);
  const stockCreatorMchid = config.stockCreatorMchid ?? config.mchid;
  return {
    name: 'wechatpay',

    async issue(input) {
      const answer = await client.request('POST', `/v3/marketing/favor/users/${encodeURIComponent(input.userRef)}/coupons`, {
        stock_id: input.stockId,
        out_request_no: input.outRequestNo,
        appid: input.appId,
        stock_creator_mchid: stockCreatorMchid,
      });
      const couponId = (answer.data as { coupon_id?: unknown } | null)?.coupon_id;
      if (typeof couponId !== 'string' || couponId === '') {
        throw new PaymentProviderError('BAD_RESPONSE', 'answer has no coupon_id', false, answer.status);
      }
      return { externalCouponId: couponId };
    },

    parseUseNotification(headers, rawBody, now) {
      // Synchronous work behind the async interface: another provider may need I/O here (a key download).
      return Promise.resolve().then(() => {
        const envelope = client.openNotification(headers, rawBody, now);
        if (envelope.event_type !== 'COUPON.USE') {
          throw new PaymentProviderError('BAD_RESPONSE', `unexpected event ${envelope.event_type}`, false, null);
        }
        return toCouponUseEvent(envelope.id, client.decrypt(envelope.resource));
      });
    },
  };
}

interface WechatCoupon {
  coupon_id?: unknown;
  stock_id?: unknown;
  status?: unknown;
  normal_coupon_information?: { coupon_amount?: unknown } | null;
  consume_information?: {
    consume_time?: unknown;
    consume_amount?: unknown;
    transaction_id?: unknown;
    consume_mchid?: unknown;
  } | null;
}

function toCouponUseEvent(eventId: string, plaintext: string): CouponUseEvent {
  let coupon: WechatCoupon;
  try {
    coupon = JSON.parse(plaintext) as WechatCoupon;
  } catch (error) {
    throw new PaymentProviderError('BAD_RESPONSE', 'decrypted resource is not JSON', false, null, { cause: error });
  }
  if (typeof coupon.coupon_id !== 'string' || typeof coupon.stock_id !== 'string') {
    throw new PaymentProviderError('BAD_RESPONSE', 'decrypted resource has no coupon_id/stock_id', false, null);
  }
  const consume = coupon.consume_information ?? null;
  const consumedAt = typeof consume?.consume_time === 'string' ? new Date(consume.consume_time) : null;
  // consume_amount (核销金额, added to the notification in 2024-08) is what the coupon took off; older
  // notifications carry only the face value, which is the discount of a 满减 coupon.
  const discountFen = fen(consume?.consume_amount) ?? fen(coupon.normal_coupon_information?.coupon_amount);
  return {
    eventId,
    externalCouponId: coupon.coupon_id,
    stockId: coupon.stock_id,
    status: coupon.status === 'USED' ? 'used' : coupon.status === 'EXPIRED' ? 'expired' : 'other',
    usedAt: consumedAt && !Number.isNaN(consumedAt.getTime()) ? consumedAt : null,
    orderAmountFen: null,
    discountFen,
    transactionId: typeof consume?.transaction_id === 'string' ? consume.transaction_id : null,
    merchantId: typeof consume?.consume_mchid === 'string' ? consume.consume_mchid : null,
  };
}

function fen(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** The channel the settings describe, or null when WeChat Pay is not configured (GONGHUI_WECHATPAY_MCHID unset). */
export function wechatPayCouponChannelFromConfig(config: Readonly<Config>): CouponChannel | null {
  const wechatPay = config.wechatPay;
  if (!wechatPay) return null;
  return wechatPayCouponChannel(wechatPay);
}
