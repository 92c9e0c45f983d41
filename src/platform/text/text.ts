// What text we accept from outside: every real character, of every plane, but nothing that hides in
// text or changes how the text around it is shown. A name with a right-to-left override reads as
// someone else's name (Trojan Source, CVE-2021-42574); a zero-width space makes a second "李明" that
// looks like the first; controls break the spreadsheets and the logs the text ends up in.

// C0 controls but tab, line feed and carriage return (a multi-line field keeps its lines), DEL and the
// C1 controls; the Arabic letter mark, LRM and RLM; the bidi embeddings and overrides (U+202A–U+202E)
// and isolates (U+2066–U+2069); the zero-width space and non-joiner, the word joiner and the BOM.
// eslint-disable-next-line no-control-regex -- finding the controls is the point
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B\u200C\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/u;

// The zero-width joiner is part of emoji sequences (👨‍👩‍👧, 🏳️‍🌈): kept there, refused anywhere else.
const STRAY_JOINER = /(?<!\p{Extended_Pictographic}|\u{FE0F}|\p{Emoji_Modifier})\u200D|\u200D(?!\p{Extended_Pictographic})/u;

const LINE_BREAK = /[\t\n\r\u2028\u2029]/u;

/** Well-formed Unicode with none of the characters above (line breaks and tabs are allowed). */
export function isCleanText(text: string): boolean {
  return text.isWellFormed() && !UNSAFE.test(text) && !STRAY_JOINER.test(text);
}

/** Clean text on one line: for names and titles. */
export function isCleanLine(text: string): boolean {
  return isCleanText(text) && !LINE_BREAK.test(text);
}

/** Characters as people count them (a 生僻字 outside the BMP is one, not two UTF-16 units). */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The bytes as UTF-8 text, or null when they are not valid UTF-8 — instead of U+FFFD in place of the
 * bad bytes, which would store a name nobody typed. A BOM is kept, so the text is exactly the bytes.
 */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}
