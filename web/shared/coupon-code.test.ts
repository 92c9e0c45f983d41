import { describe, expect, it } from 'vitest';
import { groupCouponCode } from './coupon-code.ts';

describe(groupCouponCode.name, () => {
  it('splits a 12-digit code 4-4-4', () => {
    expect(groupCouponCode('123456789012')).toEqual(['1234', '5678', '9012']);
  });
  it('leaves anything else whole', () => {
    expect(groupCouponCode('12345')).toEqual(['12345']);
    expect(groupCouponCode('12345678901a')).toEqual(['12345678901a']);
  });
});
