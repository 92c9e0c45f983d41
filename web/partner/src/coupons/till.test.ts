import { describe, expect, it } from 'vitest';
import { cleanCouponCode, keyForSubmit, parseYuanToFen, readCouponInput, voidableToday } from './till.ts';

describe(parseYuanToFen.name, () => {
  it('reads yuan as exact fen', () => {
    expect(parseYuanToFen('3.5')).toEqual({ ok: true, fen: 350 });
    expect(parseYuanToFen('3')).toEqual({ ok: true, fen: 300 });
    expect(parseYuanToFen('3.')).toEqual({ ok: true, fen: 300 });
    expect(parseYuanToFen('.5')).toEqual({ ok: true, fen: 50 });
    expect(parseYuanToFen(' ¥6.00 ')).toEqual({ ok: true, fen: 600 });
  });
  it('loses no fen where floating point would', () => {
    // 0.29 * 100 is 28.999999999999996: the digits are read, not multiplied.
    expect(parseYuanToFen('0.29')).toEqual({ ok: true, fen: 29 });
    expect(parseYuanToFen('4.35')).toEqual({ ok: true, fen: 435 });
    expect(parseYuanToFen('987654.32')).toEqual({ ok: true, fen: 98_765_432 });
  });
  it('refuses what is not an amount', () => {
    for (const bad of ['', '.', 'abc', '3.505', '-3', '3,5', '1e3', '3 5'])
      expect(parseYuanToFen(bad), bad).toEqual({ ok: false, problem: 'format' });
  });
  it('refuses zero and more than the server takes', () => {
    expect(parseYuanToFen('0.00')).toEqual({ ok: false, problem: 'zero' });
    expect(parseYuanToFen('1000000.01')).toEqual({ ok: false, problem: 'tooLarge' });
    expect(parseYuanToFen('1000000')).toEqual({ ok: true, fen: 100_000_000 });
  });
});

describe(cleanCouponCode.name, () => {
  it('takes 12 digits however they were grouped', () => {
    expect(cleanCouponCode('1234 5678 9012')).toBe('123456789012');
    expect(cleanCouponCode(' 1234-5678-9012\n')).toBe('123456789012');
  });
  it('refuses anything else', () => {
    expect(cleanCouponCode('12345678901')).toBeNull();
    expect(cleanCouponCode('12345678901a')).toBeNull();
  });
});

describe(keyForSubmit.name, () => {
  let n = 0;
  const make = () => `key-${++n}`;
  it('keeps the key for a retry of the same submit', () => {
    const first = keyForSubmit(null, '123456789012|350', make);
    expect(keyForSubmit(first, '123456789012|350', make)).toBe(first);
  });
  it('takes a fresh key for a different submit', () => {
    const first = keyForSubmit(null, '123456789012|350', make);
    expect(keyForSubmit(first, '123456789012|400', make).key).not.toBe(first.key);
  });
});

describe(voidableToday.name, () => {
  it('follows the Shanghai day, not the UTC day', () => {
    // 2026-07-01 23:30 in Shanghai is 15:30 UTC; 00:30 the next Shanghai day is 16:30 UTC the same UTC day.
    expect(voidableToday('2026-07-01T15:30:00Z', new Date('2026-07-01T15:59:00Z'))).toBe(true);
    expect(voidableToday('2026-07-01T15:30:00Z', new Date('2026-07-01T16:30:00Z'))).toBe(false);
  });
});

describe(readCouponInput.name, () => {
  it('tells a scanned token from a typed code, and refuses what is neither', () => {
    expect(readCouponInput(' 1234 5678 9012 ')).toEqual({ code: '123456789012' });
    expect(readCouponInput('GHC1.eyJrIjoiY291cG9uOmsxIn0.c2ln.dGFn')).toEqual({ token: 'GHC1.eyJrIjoiY291cG9uOmsxIn0.c2ln.dGFn' });
    expect(readCouponInput('GH1.eyJrIjoiazEifQ.c2ln.dGFn')).toBeNull();
    expect(readCouponInput('12345')).toBeNull();
  });
});
