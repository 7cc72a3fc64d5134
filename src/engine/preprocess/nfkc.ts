/**
 * NFKC helpers. NFKC is applied per cluster (a code point plus the combining marks after it) so
 * every output character can be traced to the original one it came from.
 */

/**
 * Code points whose NFKC form contains an ASCII letter: fullwidth, mathematical, circled and
 * parenthesized letters, ligatures, modifier letters, … Generated from the runtime's own NFKC
 * (test/engine/preprocess/nfkc.test.ts checks it is complete), minus symbols that honest text uses
 * all the time and that cannot spell words: ™ ℠ № ℃ ℉ ª º, the emoji ℹ️ and Ⓜ️, Roman numerals and
 * CJK squared units (㎏, ㎝). Those are still folded when the view exists; they just do not cause it.
 */
export const NFKC_TO_LATIN_CLASS =
  '\\u0132-\\u0133\\u013F-\\u0140\\u0149\\u017F\\u01C4-\\u01CC\\u01F1-\\u01F3\\u02B0' +
  '\\u02B2-\\u02B3\\u02B7-\\u02B8\\u02E1-\\u02E3\\u1D2C\\u1D2E\\u1D30-\\u1D31\\u1D33-\\u1D3A' +
  '\\u1D3C\\u1D3E-\\u1D43\\u1D47-\\u1D49\\u1D4D\\u1D4F-\\u1D50\\u1D52\\u1D56-\\u1D58\\u1D5B' +
  '\\u1D62-\\u1D65\\u1D9C\\u1DA0\\u1DBB\\u1E9A\\u2071\\u207F\\u2090-\\u2093\\u2095-\\u209C\\u2102' +
  '\\u210A-\\u210E\\u2110-\\u2113\\u2115\\u2119-\\u211D\\u2124\\u2128\\u212A\\u212C-\\u212D' +
  '\\u212F-\\u2131\\u2133-\\u2134\\u2145-\\u2149\\u249C-\\u24C1\\u24C3-\\u24E9\\u2C7C-\\u2C7D' +
  '\\uA7F1-\\uA7F4\\uFB00-\\uFB06\\uFF21-\\uFF3A\\uFF41-\\uFF5A\\u{107A5}\\u{1CCD6}-\\u{1CCEF}' +
  '\\u{1D400}-\\u{1D454}\\u{1D456}-\\u{1D49C}\\u{1D49E}-\\u{1D49F}\\u{1D4A2}\\u{1D4A5}-\\u{1D4A6}' +
  '\\u{1D4A9}-\\u{1D4AC}\\u{1D4AE}-\\u{1D4B9}\\u{1D4BB}\\u{1D4BD}-\\u{1D4C3}\\u{1D4C5}-\\u{1D505}' +
  '\\u{1D507}-\\u{1D50A}\\u{1D50D}-\\u{1D514}\\u{1D516}-\\u{1D51C}\\u{1D51E}-\\u{1D539}' +
  '\\u{1D53B}-\\u{1D53E}\\u{1D540}-\\u{1D544}\\u{1D546}\\u{1D54A}-\\u{1D550}\\u{1D552}-\\u{1D6A3}' +
  '\\u{1F110}-\\u{1F12E}\\u{1F130}-\\u{1F14F}';

/** Symbols left out of NFKC_TO_LATIN_CLASS on purpose (inclusive ranges); exported for the test. */
export const NFKC_BENIGN_EXCLUSIONS: readonly (readonly [number, number])[] = [
  [0xaa, 0xaa], [0xba, 0xba], [0x20a8, 0x20a8], [0x2100, 0x2101], [0x2103, 0x2103], [0x2105, 0x2106],
  [0x2109, 0x2109], [0x2116, 0x2116], [0x2120, 0x2122], [0x213b, 0x213b], [0x2160, 0x217f],
  [0x3250, 0x3250], [0x32cc, 0x32cf], [0x3371, 0x337a], [0x3380, 0x33df], [0x33ff, 0x33ff],
  [0x1f16a, 0x1f16c], [0x1f190, 0x1f190], [0x2139, 0x2139], [0x24c2, 0x24c2],
];

const NFKC_TO_LATIN = new RegExp(`[${NFKC_TO_LATIN_CLASS}]`, 'u');
/** The BMP part of the class as a lookup table: the slow path asks once per changed character. */
const NFKC_TO_LATIN_BMP = new Uint8Array(0x10000);
for (const m of NFKC_TO_LATIN_CLASS.matchAll(/\\u([0-9A-F]{4})(?:-\\u([0-9A-F]{4}))?/g)) {
  const a = parseInt(m[1] as string, 16);
  NFKC_TO_LATIN_BMP.fill(1, a, (m[2] === undefined ? a : parseInt(m[2], 16)) + 1);
}

/** True when NFKC turns `cp` into ASCII letters in a way worth a normalized view. */
export function nfkcMakesLatin(cp: number): boolean {
  if (cp < 0x80) return false;
  if (cp <= 0xffff) return NFKC_TO_LATIN_BMP[cp] === 1;
  return NFKC_TO_LATIN.test(String.fromCodePoint(cp));
}

/**
 * Combining marks that "Zalgo" text piles onto letters (combining diacriticals and their
 * extensions, enclosing marks). Only these are stripped from ASCII letters; marks of other
 * scripts stay, as they spell things.
 */
export const ZALGO_MARK_RANGES: readonly (readonly [number, number])[] = [
  [0x300, 0x36f], [0x483, 0x489], [0x1ab0, 0x1aff], [0x1dc0, 0x1dff], [0x20d0, 0x20ff], [0xfe20, 0xfe2f],
];

/** True when `cp` is in ZALGO_MARK_RANGES. */
export function isZalgoMark(cp: number): boolean {
  for (const [a, b] of ZALGO_MARK_RANGES) if (cp >= a && cp <= b) return true;
  return false;
}

const MARK = /\p{M}/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const MARK_BIT = 1;
const LETTER_OR_MARK_BIT = 2;
let bmpTable: Uint8Array | null = null;

/**
 * General-category bits for the BMP, built lazily with two native regex scans over a string of
 * every BMP character: only texts that reach the slow path pay for it, once (about a millisecond).
 */
function table(): Uint8Array {
  if (bmpTable !== null) return bmpTable;
  const t = new Uint8Array(0x10000);
  const units = new Uint16Array(0x10000 - 0x800);
  let k = 0;
  for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) units[k++] = c;
  let all = '';
  for (let i = 0; i < k; i += 8192) all += String.fromCharCode.apply(null, units.subarray(i, Math.min(k, i + 8192)) as unknown as number[]);
  for (const m of all.matchAll(/\p{M}/gu)) t[m[0].charCodeAt(0)] = MARK_BIT | LETTER_OR_MARK_BIT;
  for (const m of all.matchAll(/\p{L}/gu)) t[m[0].charCodeAt(0)] = LETTER_OR_MARK_BIT;
  bmpTable = t;
  return t;
}

/** True when `cp` is a combining mark (general category M). */
export function isMark(cp: number): boolean {
  if (cp < 0x300) return false;
  if (cp <= 0xffff) return ((table()[cp] as number) & MARK_BIT) !== 0;
  return MARK.test(String.fromCodePoint(cp));
}

/** True when `cp` is a letter or a combining mark (general category L or M). */
export function isLetterOrMark(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  if (cp <= 0xffff) return ((table()[cp] as number) & LETTER_OR_MARK_BIT) !== 0;
  return LETTER_OR_MARK.test(String.fromCodePoint(cp));
}

const CACHE_LIMIT = 4096;
const single = new Map<number, string | null>();

/**
 * NFKC of one code point, or null when NFKC leaves it unchanged (most code points), memoised: the
 * slow path sees the same few characters over and over.
 */
export function nfkcChange(cp: number): string | null {
  const hit = single.get(cp);
  if (hit !== undefined) return hit;
  const ch = String.fromCodePoint(cp);
  const n = ch.normalize('NFKC');
  const result = n === ch ? null : n;
  // Bounded so hostile input spraying distinct code points cannot grow memory without limit.
  if (single.size >= CACHE_LIMIT) single.clear();
  single.set(cp, result);
  return result;
}
