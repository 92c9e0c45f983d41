// The 身份证号 check the forms run while a person types, the server's own rule restated for instant
// feedback (src/platform/crypto/validators.ts and checkApplicantId in src/modules/members/rules.ts).
// The problems carry the server's codes, and their messages (`problems.members.<code>` in the i18n
// catalogue) are the server's words: test/architecture.test.ts keeps both equal, so a worker reads the
// same sentence whether the form or the server found the mistake. The server stays the authority (it
// alone holds the region table) and checks everything again.

export type IdNumberProblem = 'id_number_format' | 'id_number_date' | 'id_number_checksum' | 'under_age';

export interface IdNumberFacts {
  birthDate: string; // YYYY-MM-DD
  gender: 'male' | 'female';
  age: number;
}

/** The youngest age at which one may join (the statutory minimum working age). */
export const MIN_JOIN_AGE = 16;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
// A phone keyboard in full-width mode (common with Chinese input methods) types ０-９ and Ｘ.
const FULL_WIDTH_ID_CHARS = /[\uff10-\uff19\uff38\uff58]/g;

/** The ID as the standard writes it: ASCII digits and X, no spaces (full-width digits and Ｘ/ｘ mapped). */
export function normaliseIdNumber(raw: string): string {
  return raw
    .replace(FULL_WIDTH_ID_CHARS, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toUpperCase();
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
 * Checks a 身份证号 (GB 11643) of someone joining: 18 characters, a real birth date not in the future,
 * the check character, and the minimum joining age. (The region prefix is the server's to check.)
 */
export function checkIdNumber(
  raw: string,
  today = shanghaiToday(),
): { ok: true; value: string; facts: IdNumberFacts } | { ok: false; problem: IdNumberProblem } {
  const value = normaliseIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'id_number_format' };
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!real || year < 1900 || birthDate > today) return { ok: false, problem: 'id_number_date' };
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'id_number_checksum' };
  const age = ageOn(birthDate, today);
  if (age < MIN_JOIN_AGE) return { ok: false, problem: 'under_age' };
  return { ok: true, value, facts: { birthDate, gender: Number(value[16]) % 2 === 1 ? 'male' : 'female', age } };
}
