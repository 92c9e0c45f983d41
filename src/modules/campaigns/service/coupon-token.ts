// The coupon's QR: a short-lived signed token of the shared scheme (platform/tokens, ADR 0013), so a
// screenshot passed around dies within a minute. The 12-digit code under it is what a cashier types
// when the scanner fails.
import type { Platform } from '../../../platform/context.js';
import { defineTokenType, tokenKeyring, type TokenFailure } from '../../../platform/tokens/keyring.js';
import { campaignErrors } from '../errors.js';
import { getMemberCoupon } from './member.js';

const COUPON_TOKEN = defineTokenType({
  type: 'coupon',
  prefix: 'GHC1',
  readClaims: (payload) => (typeof payload.c === 'string' && /^\d{12}$/.test(payload.c) ? { c: payload.c } : null),
});

/** Long enough to walk to the till, short enough that a forwarded screenshot is useless. */
const TOKEN_TTL_SECONDS = 60;

export async function issueCouponToken(
  p: Platform,
  accountId: string,
  couponId: string,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const coupon = await getMemberCoupon(p.db, accountId, couponId, now);
  if (coupon.status !== 'issued') {
    throw { redeemed: campaignErrors.couponUsed, expired: campaignErrors.couponExpired, voided: campaignErrors.couponVoided }[
      coupon.status
    ]();
  }
  return tokenKeyring(p, COUPON_TOKEN).issue({ c: coupon.code }, now, TOKEN_TTL_SECONDS);
}

const FAILURES: Record<TokenFailure, () => Error> = {
  malformed: () => campaignErrors.couponTokenInvalid(),
  forged: () => campaignErrors.couponTokenInvalid(),
  expired: () => campaignErrors.couponTokenExpired(),
};

/** The coupon code a scanned QR carries, once its signature and age check out. */
export function codeOfCouponToken(p: Pick<Platform, 'config'>, token: string, now = new Date()): string {
  const check = tokenKeyring(p, COUPON_TOKEN).verifyOnline(token, now);
  if (!check.ok) throw FAILURES[check.failure]();
  return check.claims.c;
}
