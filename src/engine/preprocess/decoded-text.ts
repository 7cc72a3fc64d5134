/**
 * Shared checks for decoders: turning bytes into text and deciding whether decoded output is
 * text at all. Random bytes (hashes, binary, compressed data) must not become views.
 */

/** A decoded run: [start, end) in the text it was found in, and what it decodes to. */
export interface DecodedRun {
  start: number;
  end: number;
  text: string;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strict UTF-8 decoding: null for invalid sequences, which is how random bytes usually show. */
export function utf8(bytes: Uint8Array): string | null {
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * True when `s` reads as text: no control characters other than \t \n \r, no U+FFFD, no lone
 * surrogates or noncharacters, at least one letter, and at least half of it letters, digits or
 * spaces. Printable-but-random ASCII ("k#9!Q~") fails the last rule.
 */
export function isPlausibleText(s: string): boolean {
  if (s.length === 0) return false;
  let good = 0;
  let letters = 0;
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    total++;
    if (c < 0x80) {
      if (c < 0x20) {
        if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
        good++;
      } else if (c === 0x7f) {
        return false;
      } else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
        good++;
        letters++;
      } else if ((c >= 0x30 && c <= 0x39) || c === 0x20) {
        good++;
      }
      continue;
    }
    if (c < 0xa0 || c === 0xfffd || c === 0xfffe || c === 0xffff) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const lo = s.charCodeAt(i + 1);
      if (!(lo >= 0xdc00 && lo <= 0xdfff)) return false;
      const cp = s.codePointAt(i) as number;
      i++;
      if (LETTER_OR_DIGIT.test(String.fromCodePoint(cp))) {
        good++;
        letters++;
      }
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return false;
    if (LETTER_OR_DIGIT.test(s[i] as string)) {
      good++;
      letters++;
    } else if (c === 0xa0 || c === 0x3000) {
      good++;
    }
  }
  return letters > 0 && good * 2 >= total;
}

/**
 * Strict UTF-8 decoding of a byte string that may have been cut short to fit the budget: an
 * incomplete trailing sequence is dropped instead of failing the whole run.
 */
export function utf8Truncated(bytes: Uint8Array): string | null {
  let end = bytes.length;
  // Walk back over at most 3 continuation bytes to the lead byte of the last sequence.
  let k = end - 1;
  while (k >= 0 && end - k <= 3 && ((bytes[k] as number) & 0xc0) === 0x80) k--;
  if (k >= 0) {
    const lead = bytes[k] as number;
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (end - k < need) end = k;
  }
  return utf8(end === bytes.length ? bytes : bytes.subarray(0, end));
}

/** The first `max` UTF-16 units of `s`, not splitting a surrogate pair. */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return s.slice(0, end);
}
