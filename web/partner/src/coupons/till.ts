// Pure helpers of the cashier page: the order amount typed in yuan read as exact fen, the code as
// scanned or typed, and one Idempotency-Key per submit so that a retry redeems at most once.

export type FenParse = { ok: true; fen: number } | { ok: false; problem: 'format' | 'zero' | 'tooLarge' };

/** The server's ceiling for one order (routes/partner.ts: orderAmountFen ≤ 100,000,000). */
export const MAX_ORDER_FEN = 100_000_000;

/**
 * "3.5" → 350 fen, read digit by digit: parseFloat("0.29") * 100 is 28.999999999999996, and a
 * cashier's till must not lose a fen. Accepts 3, 3., 3.5, 3.50 and .5; thousands separators, signs
 * and a third decimal are refused rather than guessed.
 */
export function parseYuanToFen(text: string): FenParse {
  const cleaned = text.trim().replace(/^¥/, '').trim();
  const match = /^(\d{0,9})(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) return { ok: false, problem: 'format' };
  const yuan = Number(match[1] || '0');
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  const fen = yuan * 100 + cents;
  if (fen === 0) return { ok: false, problem: 'zero' };
  if (fen > MAX_ORDER_FEN) return { ok: false, problem: 'tooLarge' };
  return { ok: true, fen };
}

/** The 12 digits out of whatever a scanner or a cashier typed (spaces, dashes, grouped 1234 5678 9012). */
export function cleanCouponCode(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '');
  return /^\d{12}$/.test(digits) ? digits : null;
}

/**
 * What the cashier has: the member's QR scanned (a signed one-minute token, GHC1.…) or the 12 digits
 * under it typed. The server checks the token; here it is only told apart from a code.
 */
export function readCouponInput(raw: string): { code: string } | { token: string } | null {
  const text = raw.trim();
  if (/^GHC1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)?$/.test(text)) return { token: text };
  const code = cleanCouponCode(text);
  return code ? { code } : null;
}

export interface PendingSubmit {
  fingerprint: string;
  key: string;
}

/**
 * The key for a submit: the same as last time when the same request is sent again after it got no
 * answer (a dropped connection), so the server replays its first answer instead of redeeming twice;
 * a fresh one for anything else.
 */
export function keyForSubmit(previous: PendingSubmit | null, fingerprint: string, makeKey: () => string): PendingSubmit {
  if (previous && previous.fingerprint === fingerprint) return previous;
  return { fingerprint, key: makeKey() };
}

const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Whether a redemption can still be undone: the server allows it on the Asia/Shanghai day it was made. */
export function voidableToday(redeemedAt: string | Date, now: Date): boolean {
  return SHANGHAI_DAY.format(new Date(redeemedAt)) === SHANGHAI_DAY.format(now);
}
