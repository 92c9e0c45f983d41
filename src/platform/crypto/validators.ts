import { findRegion } from '../regions/regions.js';
import { codePointLength, isCleanLine } from '../text/text.js';

// National formats. Each check returns a reason code, so callers can report exactly what is wrong.

export type IdNumberProblem = 'format' | 'region' | 'date' | 'checksum';

export interface IdNumberFacts {
  birthDate: string; // YYYY-MM-DD
  gender: 'male' | 'female';
  regionCode: string;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? '';
}

// A phone keyboard in full-width mode (common with Chinese input methods) types ０-９ and Ｘ: the same
// number, written with other code points. Only those are mapped; anything else is left for the check.
const FULL_WIDTH_ID_CHARS = /[\uff10-\uff19\uff38\uff58]/g;

/** The ID as the standard writes it: ASCII digits and X, no spaces (full-width digits and Ｘ/ｘ mapped). */
export function normaliseIdNumber(raw: string): string {
  return raw
    .replace(FULL_WIDTH_ID_CHARS, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toUpperCase();
}

/**
 * Validates a 身份证号 (GB 11643): 18 characters, a known region prefix, a real birth date not in
 * the future, and the check character. The region check stops at the prefecture (4 digits): IDs
 * issued before a county was merged or renamed keep its old 6-digit code for life.
 */
export function checkIdNumber(
  raw: string,
  today: Date = new Date(),
): { ok: true; value: string; facts: IdNumberFacts } | { ok: false; problem: IdNumberProblem } {
  const value = normaliseIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'format' };
  const province = findRegion(value.slice(0, 2));
  const prefecture = findRegion(value.slice(0, 4));
  if (!province || !prefecture) return { ok: false, problem: 'region' };
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!real || year < 1900 || date.getTime() > today.getTime()) return { ok: false, problem: 'date' };
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'checksum' };
  return {
    ok: true,
    value,
    facts: {
      birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
      gender: Number(value[16]) % 2 === 1 ? 'male' : 'female',
      regionCode: value.slice(0, 6),
    },
  };
}

export type UsccProblem = 'format' | 'checksum';

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function normaliseUscc(raw: string): string {
  return raw.trim().replace(/\s+/g, '').toUpperCase();
}

/** GB 32100-2015 check character of the first 17 characters. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i] ?? '') * (USCC_WEIGHTS[i] ?? 0);
  const c = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[c] ?? '';
}

/** Validates a 统一社会信用代码 (GB 32100): 18 characters of the code alphabet and the check character. */
export function checkUscc(raw: string): { ok: true; value: string } | { ok: false; problem: UsccProblem } {
  const value = normaliseUscc(raw);
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) return { ok: false, problem: 'format' };
  if (usccCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'checksum' };
  return { ok: true, value };
}

/** Mainland mobile numbers; accepts +86 / 86 prefixes, spaces and dashes, returns the 11 digits. */
export function checkMobile(raw: string): { ok: true; value: string } | { ok: false } {
  const digits = raw.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? { ok: true, value: digits } : { ok: false };
}

// Chinese characters of every plane: the unified ideographs (the basic block and Extensions A–J, where
// the 生僻字 of many real names live: 𠮷, 𪚥) and the compatibility ideographs, and 〇.
const HAN = String.raw`[\p{Unified_Ideograph}\u{F900}-\u{FAFF}\u{2F800}-\u{2FA1F}\u3007]`;
// The parts of a minority name (阿依古丽·买买提) are separated by a middle dot, however it was typed.
const NAME_DOTS = /[·•‧・･.．]/gu;
const HAN_NAME = new RegExp(`^${HAN}+(?:·${HAN}+)*$`, 'u');
// Foreign residents' names as their permanent-residence card writes them: Latin letters.
const LATIN_NAME = /^[A-Za-z][A-Za-z .'-]{1,59}$/u;

/**
 * A person's name as on the 身份证: 2–30 Chinese characters with middle dots between the parts of a
 * minority name, or a Latin name. Counted in characters, not UTF-16 units. Returns the name trimmed,
 * inner spaces collapsed, dots written as U+00B7.
 */
export function checkPersonName(raw: string): { ok: true; value: string } | { ok: false } {
  const trimmed = raw.trim();
  if (!isCleanLine(trimmed)) return { ok: false };
  const latin = trimmed.replace(/ +/g, ' ');
  if (LATIN_NAME.test(latin)) return { ok: true, value: latin };
  const han = trimmed.replace(NAME_DOTS, '·');
  const length = codePointLength(han);
  return HAN_NAME.test(han) && length >= 2 && length <= 30 ? { ok: true, value: han } : { ok: false };
}
