// A coupon's 12-digit code as people read it, on the member's phone and at the till alike.

/** A 12-digit coupon code in groups of four for the eye (1234 5678 9012); other lengths are left whole. */
export function groupCouponCode(code: string): string[] {
  if (!/^\d{12}$/.test(code)) return [code];
  return [code.slice(0, 4), code.slice(4, 8), code.slice(8)];
}
