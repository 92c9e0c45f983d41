// A person's name as on the 身份证: the server's rule (checkPersonName in src/platform/crypto/validators.ts),
// checked in the form before the application is sent. Chinese characters of every plane (生僻字 such as
// 𠮷 and 𪚥 lie outside the BMP), middle dots between the parts of a minority name, or Latin letters.
const HAN = String.raw`[\p{Unified_Ideograph}\u{F900}-\u{FAFF}\u{2F800}-\u{2FA1F}\u3007]`;
const NAME_DOTS = /[·•‧・･.．]/gu;
const HAN_NAME = new RegExp(`^${HAN}+(?:·${HAN}+)*$`, 'u');
const LATIN_NAME = /^[A-Za-z][A-Za-z .'-]{1,59}$/u;

export function isPersonName(raw: string): boolean {
  const trimmed = raw.trim();
  if (LATIN_NAME.test(trimmed.replace(/ +/g, ' '))) return true;
  const han = trimmed.replace(NAME_DOTS, '·');
  const length = Array.from(han).length;
  return HAN_NAME.test(han) && length >= 2 && length <= 30;
}
