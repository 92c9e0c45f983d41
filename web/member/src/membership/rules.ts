// Checks the join form runs while the worker types, mirrored from the server (src/platform/crypto/validators.ts
// and src/modules/members/rules.ts) for instant feedback. The server stays the authority: it re-checks everything.
import { TRADES, type Trade } from '../../../shared/trades.ts';

export { TRADES, type Trade };
// The 身份证号 check is shared by every form that takes one, with the server's problem codes and words.
export {
  checkIdNumber,
  idNumberCheckChar,
  normaliseIdNumber,
  type IdNumberFacts,
  type IdNumberProblem,
} from '../../../shared/id-number.ts';

export function isTrade(value: unknown): value is Trade {
  return typeof value === 'string' && (TRADES as readonly string[]).includes(value);
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function normaliseUscc(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** GB 32100-2015: 18 characters of the code alphabet, the last a check character. */
export function checkUscc(raw: string): { ok: true; value: string } | { ok: false; problem: 'format' | 'checksum' } {
  const value = normaliseUscc(raw);
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) return { ok: false, problem: 'format' };
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(value[i] ?? '') * (USCC_WEIGHTS[i] ?? 0);
  const check = USCC_ALPHABET[(31 - (sum % 31)) % 31] ?? '';
  return check === value[17] ? { ok: true, value } : { ok: false, problem: 'checksum' };
}

/** A 9-digit street (township) code: the work place the server accepts. */
export function isStreetCode(code: string | null | undefined): code is string {
  return typeof code === 'string' && /^\d{9}$/.test(code);
}
