/**
 * Leetspeak folding (1gn0r3 → ignore, p@$$w0rd → password), careful not to touch the digits and
 * symbols honest text is full of: "2024", "$5", "v1.2", "mp3", "user@example.com", git SHAs.
 */
import { fromUnits, toUnits } from './utf16';

/** Character classes of the ASCII token alphabet. */
const LETTER = 1;
const LEET_DIGIT = 2; // 0 1 3 4 5 7 9
const OTHER_DIGIT = 3; // 2 6 8: numbers, never letters
const LEET_SYMBOL = 4; // @ $ ! |

const CLASS = new Uint8Array(128);
for (let c = 0x41; c <= 0x5a; c++) CLASS[c] = LETTER;
for (let c = 0x61; c <= 0x7a; c++) CLASS[c] = LETTER;
for (const ch of '0134579') CLASS[ch.charCodeAt(0)] = LEET_DIGIT;
for (const ch of '268') CLASS[ch.charCodeAt(0)] = OTHER_DIGIT;
for (const ch of '@$!|') CLASS[ch.charCodeAt(0)] = LEET_SYMBOL;

/** Leet character code → lowercase letter code. '1' is 'i' or 'l': see oneReadsAsL. */
const LEET = new Uint8Array(128);
for (const [from, to] of Object.entries({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '9': 'g', '@': 'a', $: 's', '!': 'i', '|': 'l' })) {
  LEET[from.charCodeAt(0)] = to.charCodeAt(0);
}
const ONE = 0x31;
const LOWER_I = 0x69;
const LOWER_L = 0x6c;

/**
 * For each letter before a '1' ('^': the token starts), the letters after it ('$': the token
 * ends) for which the '1' reads as 'l' rather than 'i': English spells "ule" far more often than
 * "uie" (ru1es), "al$" than "ai$" (r3v3a1), "^le" than "^ie" (1eak), but "rio" than "rlo"
 * (pr10r) and "^ig" than "^lg" (1gnore). Derived from letter-trigram counts over an English word
 * list (each word counted once): l wins where count(p·l·n) > count(p·i·n); ties go to 'i', the
 * more common substitution. Picks the intended letter for about 95 % of single i/l in words.
 */
const ONE_AS_L: Readonly<Record<string, string>> = {
  '^': 'aeiouxy', a: 'abcefiklmopstuvwy$', b: 'aeiouy', c: 'aeiouxy', d: 'eiy', e: 'abcdefhilmopstuwy$', f: 'aiouy$',
  g: 'aeiouy', h: 'ioy', i: 'abcdefghiklmopqrstuvwy$', j: '', k: 'aiouy', l: 'aehijouwy$', m: 'ioy', n: 'iy',
  o: 'abdefhiklmoptuvwy$', p: 'aeiouy', q: '', r: 'iy$', s: 'aiuy', t: 'iy', u: 'abcefgiklmoptuwy$', v: '', w: 'aeiy$',
  x: 'y', y: 'aeilouvy$', z: 'iy',
};

/** 27 × 27 lookup of ONE_AS_L: row 0 is the token start, column 26 the token end. */
const ONE_L = new Uint8Array(27 * 27);
for (const [before, afters] of Object.entries(ONE_AS_L)) {
  const row = before === '^' ? 0 : before.charCodeAt(0) - 0x60;
  for (const after of afters) ONE_L[row * 27 + (after === '$' ? 26 : after.charCodeAt(0) - 0x61)] = 1;
}

/** Lowercase letter index 0–25 of an ASCII letter code, or -1. */
const letterIndex = (c: number): number => ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a ? (c | 0x20) - 0x61 : -1);

/**
 * Whether a lone '1' between `before` and `after` (already folded units; anything but a letter
 * is a word edge) reads as 'l'.
 */
function oneReadsAsL(before: number, after: number): boolean {
  const b = letterIndex(before);
  const a = letterIndex(after);
  return ONE_L[(b < 0 ? 0 : b + 1) * 27 + (a < 0 ? 26 : a)] === 1;
}

/**
 * Cheap pre-check: a leet character between letters, or one leet digit opening a long word. Texts
 * without either cannot contain a token that qualifies on its own, so folding never starts.
 */
const LEET_HINT = /[A-Za-z][0134579@$!]{1,3}[A-Za-z]|(?<![A-Za-z0-9])[0134579][A-Za-z]{4}/;

/** Result of leetspeak folding: same length as the input. */
export interface LeetResult {
  text: string;
  /** Characters replaced. */
  count: number;
}

/**
 * Hex literals (0x1F), versions (v1beta1), ordinals (1st, 21st, 4th, not "11st") and numbers with
 * a short unit (10am, 15px, 1080p): digits that are numbers.
 */
const NOT_LEET = /^(?:0x|v[0-9])|^(?:[0-9]*[02-9])?(?:1st|2nd|3rd)$|^[0-9]*th$|^[0-9]{2,}[a-z]{1,2}$/i;
/** A numeronym's shape is also leetspeak's ("w17h", "m17n"): such a token folds only in company. */
const NUMERONYM = /^[a-z]1[0-9][a-z]$/i;

/** Longer tokens are encodings or identifiers, not words. */
const MAX_TOKEN = 24;

interface Token {
  start: number;
  end: number;
  strong: boolean;
}

/**
 * Folds leetspeak inside tokens (maximal runs of ASCII letters, digits and @$!|) that mix letters
 * with leet characters:
 * - a token *qualifies* when a run of ≤ 3 leet characters sits between letters and the token has
 *   ≥ 5 letters or ≥ 2 such characters (ign0re, pr3v10us, p@$$w0rd, h3ll0) — a lone @ $ ! never
 *   qualifies ("pkg@latest") — or when one or two leet digits open a word of ≥ 4 letters (1gnore);
 * - only if some token qualifies are *weak* tokens folded too — a single leet character in a short
 *   word or leet digits at its start or end (h3llo, 4ll, a11, ignor3, y0u, 1n, m3), which alone
 *   look like "log4j", "mp3", "python3", "A1";
 * - a '1' reads as 'l' or 'i' by its neighbours (ru1es, r3v3a1, 1eak; pr10r, 1gnore), and "11"
 *   as "ll" (a11, fo11ow);
 * - '9' reads as 'g' (h4ck1n9, 9overnment);
 * - in an obfuscated text, up to three leet digits standing between two words are a word
 *   ("you are 4 rogue", "reveal 411 stored"), while numbers by punctuation or units stay; so is
 *   a numeronym's shape ("w17h": with, not a count of 17 letters as in "m17n");
 * - never folded: tokens containing 2/6/8 (numbers and ids: "base64", "x86", "6c9d7"), digit
 *   runs of ≥ 4, hex strings of ≥ 5 characters or after '#' (hashes, short commit and build ids,
 *   colours), hex literals (0x1F), versions
 *   (v1beta1), ordinals (1st, 4th), numbers with units (10am), escapes
 *   (\u00e9, %7E, &#x3D;), tokens over 24 characters or with random-looking case (base64, keys),
 *   e-mail addresses, tokens opening or closing with '|', and a token edge's @ $ ! | (mentions,
 *   "$HOME", "hello!");
 * - digits followed by a capitalised word (S3Client, fnv1Hash, 1Password) never make a token
 *   qualify: that is an identifier's next part, while leetspeak keeps the case going (P4SSW0RD).
 * Never changes the length. Returns null when nothing was folded.
 */
export function foldLeetspeak(text: string): LeetResult | null {
  if (!LEET_HINT.test(text)) return null;
  const tokens: Token[] = [];
  let anyStrong = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 128 || CLASS[c] === 0) {
      i++;
      continue;
    }
    let e = i + 1;
    while (e < n) {
      const d = text.charCodeAt(e);
      if (d >= 128 || CLASS[d] === 0) break;
      e++;
    }
    const verdict = classify(text, i, e);
    if (verdict !== 0) {
      tokens.push({ start: i, end: e, strong: verdict === 2 });
      if (verdict === 2) anyStrong = true;
    }
    i = e;
  }
  if (!anyStrong) return null;

  const units = toUnits(text);
  let count = 0;
  for (const t of tokens) count += foldToken(units, t);
  if (count === 0) return null;
  return { text: fromUnits(units), count };
}

/** 0: leave alone, 1: weak (fold only in an obfuscated text), 2: strong (qualifies on its own). */
function classify(text: string, s: number, e: number): 0 | 1 | 2 {
  let letters = 0;
  let hexLike = true;
  for (let k = s; k < e; k++) {
    const c = text.charCodeAt(k);
    if (CLASS[c] === LETTER) letters++;
    // A 2, 6 or 8 anywhere makes the token a name or a number: pod and build ids ("6c9d7",
    // "x2lqp"), "base64", "x86_64". Leetspeak has no use for those digits.
    else if (CLASS[c] === OTHER_DIGIT) return 0;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))) hexLike = false;
  }
  if (letters === 0) return e - s <= 3 && allLeetDigits(text, s, e) && betweenWords(text, s, e) ? 1 : 0;
  if (letters === e - s || e - s > MAX_TOKEN) return 0;
  const before = s > 0 ? text.charCodeAt(s - 1) : 0;
  if (hexLike && (e - s >= 5 || before === 0x23)) return 0; // hashes, short ids, UUID parts, #c0ffee
  if (before === 0x5c || before === 0x25) return 0; // escapes: \u00e9, \x41, %7Efoo
  if (before === 0x23 && s > 1 && text.charCodeAt(s - 2) === 0x26) return 0; // references: &#x3D;
  const token = text.slice(s, e);
  if (NOT_LEET.test(token)) return 0;
  if (NUMERONYM.test(token)) return 1;
  if (caseFlips(text, s, e) >= 3) return 0; // base64, API keys: random case, not words
  if (text.charCodeAt(s) === 0x7c || text.charCodeAt(e - 1) === 0x7c) return 0; // | tables | and pipes
  if (e + 1 < text.length && text.charCodeAt(e) === 0x2e && CLASS[text.charCodeAt(e + 1)] === LETTER) {
    for (let k = s; k < e; k++) if (text.charCodeAt(k) === 0x40) return 0; // user@example.com
  }

  let innerLeet = false; // a qualifying run between letters
  let leadingWord = false; // "1gnore": leet digits then only letters
  let edgeDigits = false;
  let leetChars = 0;
  let digits = 0; // leet digits in runs of digits only
  let k = s;
  while (k < e) {
    if (CLASS[text.charCodeAt(k)] === LETTER) {
      k++;
      continue;
    }
    const runStart = k;
    let digitsOnly = true;
    let qualifying = false;
    while (k < e && CLASS[text.charCodeAt(k)] !== LETTER) {
      const c = text.charCodeAt(k);
      const cls = CLASS[c];
      if (cls === LEET_SYMBOL) digitsOnly = false;
      if (cls === LEET_DIGIT || (cls === LEET_SYMBOL && c !== 0x7c)) qualifying = true;
      k++;
    }
    const len = k - runStart;
    if (len > 3) continue;
    // A capitalised word right after the digits is an identifier's next part: S3Client,
    // fnv1Hash, 1Password. Leetspeak keeps the case going (P4SSW0RD, h3llo).
    const camel = k + 1 < e && isUpper(text.charCodeAt(k)) && isLower(text.charCodeAt(k + 1));
    if (runStart > s && k < e) {
      if (qualifying && !camel) {
        innerLeet = true;
        leetChars += len;
        if (digitsOnly) digits += len;
      }
    } else if (digitsOnly && len <= 2) {
      leetChars += len;
      digits += len;
      edgeDigits = true;
      if (runStart === s && letters >= 4 && letters === e - s - len && !camel) leadingWord = true;
    }
  }
  // One leet char in a short word is as likely "log4j" as "h3llo", and a lone @ $ ! between
  // letters is far more often "pkg@latest" or "user@host" than "h@ck": on their own they need
  // company.
  const symbolsOnly = digits === 0 && leetChars < 2;
  if ((innerLeet && letters >= 2 && (letters >= 5 || leetChars >= 2) && !symbolsOnly) || leadingWord) return 2;
  // Two characters are enough in an obfuscated text ("1n", "1s", "t0", "m3"), when they stand as
  // a word of prose: "<h3>", "x.h1" and "A4-sized" are markup and names.
  if ((innerLeet || edgeDigits) && (e - s >= 3 || (proseEdge(text.charCodeAt(s - 1)) && proseEdge(text.charCodeAt(e))))) return 1;
  return 0;
}

function allLeetDigits(text: string, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (CLASS[text.charCodeAt(k)] !== LEET_DIGIT) return false;
  return true;
}

/**
 * Whether text[s, e) stands between two words, one blank on each side ("you are 4 rogue", "reveal
 * 411 stored"): in an obfuscated text such digits are a word too. Numbers sit next to punctuation
 * or units ("top 10,", "version 1.2", "1,000 users") and stay numbers.
 */
function betweenWords(text: string, s: number, e: number): boolean {
  return text.charCodeAt(s - 1) === 0x20 && text.charCodeAt(e) === 0x20 && isWordEnd(text.charCodeAt(s - 2)) && isWordEnd(text.charCodeAt(e + 1));
}

/** A letter or a leet digit: the edge of a word, written plainly or not. */
const isWordEnd = (c: number): boolean => c < 128 && (CLASS[c] === LETTER || CLASS[c] === LEET_DIGIT);

/** Blank, text edge (NaN) or sentence punctuation: what surrounds a word in prose. */
const PROSE_EDGES = new Set([...' \t\n\r,.!?;:"\''].map((ch) => ch.charCodeAt(0)));
const proseEdge = (c: number): boolean => Number.isNaN(c) || PROSE_EDGES.has(c);

const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;

/** Lowercase→uppercase transitions: words have at most a couple (camelCase), random data many. */
function caseFlips(text: string, s: number, e: number): number {
  let flips = 0;
  for (let k = s + 1; k < e; k++) {
    const c = text.charCodeAt(k);
    const p = text.charCodeAt(k - 1);
    if (c >= 0x41 && c <= 0x5a && !(p >= 0x41 && p <= 0x5a)) flips++;
  }
  return flips;
}

/** Folds a token's leet runs (classify let no 2, 6 or 8 through) in place: inner runs wholly, edge runs only their digits. */
function foldToken(units: Uint16Array, t: Token): number {
  let count = 0;
  let k = t.start;
  while (k < t.end) {
    if (CLASS[units[k] as number] === LETTER) {
      k++;
      continue;
    }
    const runStart = k;
    let digitsOnly = true;
    while (k < t.end && CLASS[units[k] as number] !== LETTER) {
      const cls = CLASS[units[k] as number];
      if (cls === LEET_SYMBOL) digitsOnly = false;
      k++;
    }
    const len = k - runStart;
    const inner = runStart > t.start && k < t.end;
    const first = units[runStart] as number;
    const leadingSigil = !inner && runStart === t.start && t.strong && len === 1 && (first === 0x40 || first === 0x24);
    if (len > 3 || !(inner || digitsOnly || leadingSigil)) continue;
    const upper = isUpperNear(units, runStart, k, t);
    for (let j = runStart; j < k; j++) {
      const c = units[j] as number;
      if (c === ONE) continue;
      const letter = LEET[c] as number;
      units[j] = upper ? letter - 0x20 : letter;
    }
    // '1's last, once their neighbours are letters: "ru13s" reads "ru1es" → "rules".
    let prevOne = false; // units[j - 1] was a '1' before it was rewritten
    for (let j = runStart; j < k; j++) {
      if (units[j] !== ONE) {
        prevOne = false;
        continue;
      }
      const next = j + 1 < t.end ? (units[j + 1] as number) : 0;
      // "11" reads as "ll" (a11, ki11, fo11ow) rather than "ii".
      const doubled = prevOne || next === ONE;
      const letter = doubled || oneReadsAsL(j > t.start ? (units[j - 1] as number) : 0, next) ? LOWER_L : LOWER_I;
      units[j] = upper ? letter - 0x20 : letter;
      prevOne = true;
    }
    count += len;
  }
  return count;
}

/** Keeps the case of the surrounding word: P4SSW0RD folds to PASSWORD. */
function isUpperNear(units: Uint16Array, s: number, e: number, t: Token): boolean {
  const before = s > t.start ? (units[s - 1] as number) : 0;
  const after = e < t.end ? (units[e] as number) : 0;
  if (isLower(before) || isLower(after)) return false;
  return isUpper(before) || isUpper(after);
}
