// Checks the join form runs while the worker types, mirrored from the server (src/platform/crypto/validators.ts
// and src/modules/members/rules.ts) for instant feedback. The server stays the authority: it re-checks everything.
import { TRADES, type Trade } from '../../../shared/trades.ts';

export { TRADES, type Trade };

export function isTrade(value: unknown): value is Trade {
  return typeof value === 'string' && (TRADES as readonly string[]).includes(value);
}

/** The youngest age at which one may join (the statutory minimum working age). */
export const MIN_JOIN_AGE = 16;

export type IdNumberProblem = 'length' | 'format' | 'date' | 'checksum' | 'under_age';

export interface IdNumberFacts {
  birthDate: string; // YYYY-MM-DD
  gender: 'male' | 'female';
  age: number;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function normaliseIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? '';
}

/** Today's calendar day in Asia/Shanghai, YYYY-MM-DD. */
export function shanghaiToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Age in whole years on `today` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/**
 * Checks a 身份证号 (GB 11643): 18 characters, a real birth date not in the future, the check character,
 * and the minimum joining age. (The region prefix is the server's to check: it holds the code table.)
 */
export function checkIdNumber(
  raw: string,
  today = shanghaiToday(),
): { ok: true; value: string; facts: IdNumberFacts } | { ok: false; problem: IdNumberProblem } {
  const value = normaliseIdNumber(raw);
  if (value.length !== 18) return { ok: false, problem: 'length' };
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'format' };
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!real || year < 1900 || birthDate > today) return { ok: false, problem: 'date' };
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'checksum' };
  const age = ageOn(birthDate, today);
  if (age < MIN_JOIN_AGE) return { ok: false, problem: 'under_age' };
  return { ok: true, value, facts: { birthDate, gender: Number(value[16]) % 2 === 1 ? 'male' : 'female', age } };
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
