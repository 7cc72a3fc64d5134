/** Character tests and ASCII word runs shared by the transforms that join and split words. */

export const isLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
export const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Whether text[i] is a letter or digit of any script (false outside the text): a word glued to one
 * is not a word of its own. A low surrogate is judged with its pair.
 */
export function isWordChar(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 128) return isLetter(c) || (c >= 0x30 && c <= 0x39);
  const at = c >= 0xdc00 && c <= 0xdfff && i > 0 ? i - 1 : i;
  return LETTER_OR_DIGIT.test(String.fromCodePoint(text.codePointAt(at) as number));
}

/** Calls `visit(start, end)` for each run of ASCII letters in `text`, in order. */
export function forEachLetterRun(text: string, visit: (start: number, end: number) => void): void {
  const n = text.length;
  for (let i = 0; i < n; ) {
    if (!isLetter(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isLetter(text.charCodeAt(i))) i++;
    visit(start, i);
  }
}
