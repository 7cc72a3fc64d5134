/**
 * One pass over the text that decides which transforms could possibly apply. A regex scan of a
 * 1 KB prompt costs most of a microsecond, so instead of a dozen of them the common case pays for
 * this single loop and gets back 0 ("nothing to do"). Every flag is a superset of what its
 * transform needs; the transform itself decides precisely.
 */
import { BROKEN_WORDS, MAX_BROKEN_WORD } from './broken-words';
import { LOOKALIKES } from './homoglyphs';
import { inEmojiTagSequence } from './invisible';
import { NFKC_BENIGN_EXCLUSIONS, NFKC_TO_LATIN_CLASS, ZALGO_MARK_RANGES } from './nfkc';

/** A character outside printable ASCII and ordinary whitespace. */
export const F_NON_ASCII = 1;
/** A letter, 1–3 leet characters, a letter; or a leet digit opening a ≥ 4-letter word. */
export const F_LEET = 2;
/**
 * Three single characters in a row, each followed by the same separator, or by a blank where a
 * hyphen or underscore joins letters into words ("Y-o-u a-r-e").
 */
export const F_SPACED = 4;
/** A run of ≥ 16 base64-alphabet characters with a capital, digit or +/_ in it (covers long hex too). */
export const F_BASE64 = 8;
/** A '%'. */
export const F_PERCENT = 16;
/** An '&'. */
export const F_AMP = 32;
/** A backslash. */
export const F_BACKSLASH = 64;
/** "U+" / "u+". */
export const F_UPLUS = 128;
/** Three hex pairs split by one separator each ("69 67 6e"), or "0x". */
export const F_HEXLIST = 256;
/** A word that may be a reversed frequent English word ("eht", "erongi"). */
export const F_REVERSED = 512;
/**
 * A word that may be a frequent English word in a word cipher: ROT13 ("gur", "vtaber"), Pig Latin
 * ("ethay", "ignoreway"), or "rot"/"caesar".
 */
export const F_CIPHER = 1024;
/**
 * Something the normalized view may have to fix: a strong invisible, a weak invisible or a
 * look-alike touching an ASCII letter, an NFKC-to-Latin character, a mark on an ASCII letter, or
 * a look-alike anywhere in a text whose letters are mostly Latin.
 */
export const F_NORMALIZE = 2048;
/** Tag characters, supplementary variation selectors, or two BMP variation selectors in a row. */
export const F_SMUGGLED = 4096;
/**
 * Three words joined by two separators in a row ("ignore-all-previous", "ignore 👏 all 👏 previous":
 * an ASCII joiner after a letter or a blank, a pictograph or other symbol), or a word that may be
 * camel case with three humps ("IgnoreAllPrevious").
 */
export const F_JOINED = 8192;
/** Six dots and dashes in a row, set apart by nothing but blanks and slashes (Morse code). */
export const F_MORSE = 16384;
/**
 * Two or three words set apart by one blank each that may together spell a word of
 * broken-words.ts ("ig nore", "instruc ti ons").
 */
export const F_BROKEN = 32768;
/**
 * The letters of the text's words are shifted as ROT13 shifts them: the letters ROT13 makes of
 * vowels (n r v b h) outweigh the vowels (a e i o u). Languages written in Latin letters have about
 * twice as many vowels as n r v b h (English ~38 % and ~21 %), so this holds for ROT13 of any of
 * them, not only English (whose ROT13 word forms F_CIPHER looks for).
 */
export const F_ROT13_LETTERS = 65536;

// ASCII classes.
const LETTER = 1;
const DIGIT = 2;
const LEET = 4; // 0 1 3 4 5 7 9 @ $ !
const HEX = 8;
const B64 = 16; // base64 alphabet, both variants
const SEP = 32; // separators of spaced-out letters
const UNIT = 64; // what spaced-out letters are made of
const SPECIAL = 128; // % & \ + and control characters: looked at one by one

const CLS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  let k = 0;
  if (/[A-Za-z]/.test(ch)) k |= LETTER | B64 | UNIT;
  if (/[0-9]/.test(ch)) k |= DIGIT | B64 | UNIT;
  if (/[0134579@$!]/.test(ch)) k |= LEET;
  if (/[0-9A-Fa-f]/.test(ch)) k |= HEX;
  if (/[+/_-]/.test(ch)) k |= B64;
  if (/[ \t.\-_*/|~+,:]/.test(ch)) k |= SEP;
  if (ch === '@' || ch === '$') k |= UNIT;
  if (/[%&\\+]/.test(ch) || c < 0x09 || (c > 0x0d && c < 0x20) || c === 0x7f) k |= SPECIAL;
  CLS[c] = k;
}
/** The class of ' ' and '\t'. */
const BLANK_CLASS = CLS[0x20] as number;

// Non-ASCII (BMP code unit) classes.
const N_STRONG = 1; // strong invisible (tags and supplementary selectors: high surrogate 0xDB40)
const N_WEAK = 2; // weak invisible
const N_NFKC = 4; // NFKC makes ASCII letters; also high surrogates of such astral blocks
const N_LOOK = 8; // look-alike letter
const N_MARK = 16; // combining mark that may sit on an ASCII letter
const N_FOREIGN = 32; // other letter of a script with look-alikes (б, λ, …)
const N_SELECTOR = 64; // BMP variation selector
const N_LATINISH = 128; // symbols NFKC spells with letters (™ → TM): they can join a look-alike's word

const NCLS = new Uint8Array(0x10000);
const mark = (from: number, to: number, bit: number): void => {
  for (let c = from; c <= to; c++) NCLS[c] = (NCLS[c] as number) | bit;
};
for (const [a, b] of [[0x370, 0x3ff], [0x400, 0x481], [0x48a, 0x52f], [0x531, 0x587], [0x13a0, 0x13ff], [0x1f00, 0x1fff], [0xa4d0, 0xa4fd]] as const) {
  mark(a, b, N_FOREIGN);
}
for (let i = 0; i < LOOKALIKES.length; i++) {
  const c = LOOKALIKES.charCodeAt(i);
  NCLS[c] = ((NCLS[c] as number) & ~N_FOREIGN) | N_LOOK;
}
for (const c of [0xad, 0x34f, 0x115f, 0x1160, 0x180e, 0x200b, 0x3164, 0xffa0, 0xfeff]) mark(c, c, N_STRONG);
mark(0x202a, 0x202e, N_STRONG);
mark(0x2060, 0x2064, N_STRONG);
mark(0x2066, 0x2069, N_STRONG);
mark(0xfe00, 0xfe0d, N_STRONG);
mark(0xfe00, 0xfe0f, N_SELECTOR);
mark(0x80, 0x9f, N_WEAK);
mark(0x61c, 0x61c, N_WEAK);
mark(0x200c, 0x200f, N_WEAK);
mark(0xfe0e, 0xfe0f, N_WEAK);
for (const m of NFKC_TO_LATIN_CLASS.matchAll(/\\u([0-9A-F]{4})(?:-\\u([0-9A-F]{4}))?/g)) {
  const a = parseInt(m[1] as string, 16);
  mark(a, m[2] === undefined ? a : parseInt(m[2], 16), N_NFKC);
}
// High surrogates of the astral NFKC-to-Latin blocks (mathematical letters, enclosed letters, …).
for (const m of NFKC_TO_LATIN_CLASS.matchAll(/\\u\{([0-9A-F]{5})\}/g)) {
  const cp = parseInt(m[1] as string, 16);
  mark(0xd800 + ((cp - 0x10000) >> 10), 0xd800 + ((cp - 0x10000) >> 10), N_NFKC);
}
for (const [a, b] of ZALGO_MARK_RANGES) mark(a, b, N_MARK);
for (const [a, b] of NFKC_BENIGN_EXCLUSIONS) if (b <= 0xffff) mark(a, b, N_LATINISH);

const isAsciiLetterCode = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
/** An ASCII letter, or a character NFKC turns into letters (which may then join a word). */
const isLatinish = (c: number): boolean => isAsciiLetterCode(c) || (c >= 128 && ((NCLS[c] as number) & (N_NFKC | N_LATINISH)) !== 0);

/**
 * The character a mark at `i` sits on once weak invisibles are stripped ("™\uFE0F\u0335": the mark
 * lands on ™, which NFKC spells with letters).
 */
function baseBefore(text: string, i: number): number {
  let j = i - 1;
  while (j >= 0 && ((NCLS[text.charCodeAt(j)] as number) & N_WEAK) !== 0) j--;
  return text.charCodeAt(j);
}

/** Word filters (Bloom filters with two bits per word), 2^16 bits packed in 8 KiB each. */
const BLOOM_BITS = 1 << 16;
const REV_BLOOM = new Uint32Array(BLOOM_BITS >>> 5);
const CIPHER_BLOOM = new Uint32Array(BLOOM_BITS >>> 5);
const BROKEN_BLOOM = new Uint32Array(BLOOM_BITS >>> 5);

/**
 * A word hash mixed into two 16-bit filter positions (its low and high halves): a word is in a filter
 * when both bits are set. With ~100 registered words none of the 5 000 most frequent English words
 * passes (a test checks it).
 */
const bloomMix = (h: number): number => {
  const x = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return x ^ (x >>> 13);
};
const hasBits = (bloom: Uint32Array, x: number): boolean => {
  const lo = x & 0xffff;
  const hi = (x >>> 16) & 0xffff;
  return ((bloom[lo >>> 5] as number) & (1 << (lo & 31))) !== 0 && ((bloom[hi >>> 5] as number) & (1 << (hi & 31))) !== 0;
};

/** The hash the scan loop computes for a lowercase ASCII word. */
function wordHash(word: string): number {
  let h = 0;
  for (let i = 0; i < word.length; i++) h = (h * 31 + (word.charCodeAt(i) | 0x20)) | 0;
  return bloomMix(h);
}

/**
 * Registers the words whose presence raises F_REVERSED / F_CIPHER. Called by the reverse and
 * rot13 modules with their own word lists so the two never drift apart.
 */
export function registerWords(flag: typeof F_REVERSED | typeof F_CIPHER | typeof F_BROKEN, words: readonly string[]): void {
  const bloom = flag === F_REVERSED ? REV_BLOOM : flag === F_CIPHER ? CIPHER_BLOOM : BROKEN_BLOOM;
  for (const w of words) {
    const x = wordHash(w);
    for (const bit of [x & 0xffff, (x >>> 16) & 0xffff]) bloom[bit >>> 5] = (bloom[bit >>> 5] as number) | (1 << (bit & 31));
  }
}

registerWords(F_BROKEN, BROKEN_WORDS);

/**
 * 31^k modulo 2^32: the scan's word hash is a polynomial in 31, so the hash of two words written
 * together is hash(a) · 31^len(b) + hash(b), computed without reading either word again.
 */
const POW31 = new Int32Array(MAX_BROKEN_WORD + 1);
POW31[0] = 1;
for (let k = 1; k <= MAX_BROKEN_WORD; k++) POW31[k] = Math.imul(POW31[k - 1] as number, 31);

/**
 * Weights for F_ROT13_LETTERS: a word's letters add 10 for each of n r v b h and take 12 for each
 * vowel, so the total is positive when n r v b h are over 1.2 times the vowels: none of the 3 128
 * benign samples of the corpora and held-out sets (a dozen languages) gets there, 87 % of their
 * attacks in ROT13 do (the rest have few Latin letters). Words of 2–20 letters without a capital
 * after the first and without a digit against them only: encodings and keys are runs of
 * near-random letters, digits and mixed case (with both rules none of 5 000 texts holding a random
 * base64 key of 32–400 characters raises the flag, a quarter without), single letters are initials
 * and variables.
 */
const ROT_WEIGHT = new Int8Array(128);
for (const ch of 'aeiouAEIOU') ROT_WEIGHT[ch.charCodeAt(0)] = -12;
for (const ch of 'nrvbhNRVBH') ROT_WEIGHT[ch.charCodeAt(0)] = 10;
const MIN_ROT_WORD = 2;
const MAX_ROT_WORD = 20;
/** Fewer letters say too little: "brb, nvm, thx" is chat, not a cipher. */
const MIN_ROT_LETTERS = 16;
/**
 * The letters weighed: the first this many of the text's words tell as well as all of them for a
 * text sent in ROT13, and weighing stops there, so a long text costs no more than a short one
 * (weighing every letter made this scan ~20 % slower on 1 KB).
 */
const ROT_SAMPLE = 400;

/** Words shorter or longer than this cannot be registered words. */
const MIN_WORD = 3;
const MAX_WORD = 14;

/**
 * Returns the F_* flags of `text`. Linear and allocation-free. Runs of ASCII letters and runs of
 * non-ASCII characters (most of any text) are consumed by tight inner loops; the token state
 * machines only look at the boundaries and at ASCII punctuation and digits.
 */
export function scanText(text: string): number {
  let flags = 0;
  let b64 = 0; // current base64-alphabet run
  // The run has a capital, digit or +/_ : hyphenated lowercase words ("customer-support") are
  // long base64-alphabet runs too, but no base64 or hex payload worth decoding looks like that.
  let b64Mixed = false;
  let leetRun = -1; // leet chars since the last letter; -1: not right after a letter
  let lead = false; // the previous char is a leet digit opening a token
  let prev = 0; // ASCII class of the previous character (0 after non-ASCII)
  let lastUnit = -8; // position of the last single unit followed by a separator
  let lastSep = -1;
  let chain = 0;
  let lastPair = -8; // position of the last hex pair followed by a separator
  let pairs = 0;
  // Words joined in a chain ("a-b-c", "a - b - c", "a👏b👏c"): where the last separator ended, how
  // far after it the next word may start, and how many separators in a row joined words.
  let wordStart = -1;
  let joinEnd = -16;
  let joinSlack = 0;
  let joins = 0;
  let morse = 0; // dots and dashes in a row, set apart by blanks and slashes only
  let morseEnd = -16; // just after the last of them
  // Broken words: the previous ASCII word (where it ended, its hash and length) and, when it
  // followed its own predecessor after one blank, the hash and length of the two together.
  let wordEnd = -2;
  let wordH = 0;
  let wordLen = 0;
  let pairH = 0;
  let pairLen = -1;
  let latin = 0; // ASCII letters
  let rotScore = 0; // ROT_WEIGHT summed over the letters of the first prose words
  let rotLetters = 0; // and how many letters those words have
  let foreign = 0; // non-look-alike letters of scripts with look-alikes
  let lookalikes = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);

    if (c >= 128) {
      flags |= F_NON_ASCII;
      for (;;) {
        const t = NCLS[c] as number;
        if (c >= 0x2100 && (c < 0x2c00 || (c & 0xfffc) === 0xd83c)) {
          // A symbol between words: its low surrogate, two modifiers and two blanks may follow.
          joins = wordStart >= joinEnd && wordStart - joinEnd <= joinSlack ? joins + 1 : 1;
          if (joins >= 2) flags |= F_JOINED;
          joinEnd = i + 1;
          joinSlack = 7;
        }
        if (c === 0xdb40) {
          if (!inEmojiTagSequence(text, i)) flags |= F_NORMALIZE | F_SMUGGLED;
        } else if (t !== 0) {
          if ((t & N_FOREIGN) !== 0) foreign++;
          else if ((t & (N_STRONG | N_NFKC)) !== 0) flags |= F_NORMALIZE;
          else if ((t & N_MARK) !== 0) {
            if (isLatinish(baseBefore(text, i))) flags |= F_NORMALIZE;
          } else if ((t & N_LOOK) !== 0) {
            lookalikes = true;
            if (isLatinish(text.charCodeAt(i - 1)) || isLatinish(text.charCodeAt(i + 1))) flags |= F_NORMALIZE;
          } else if ((t & N_WEAK) !== 0) {
            if (isAsciiLetterCode(text.charCodeAt(i - 1)) || isAsciiLetterCode(text.charCodeAt(i + 1))) flags |= F_NORMALIZE;
          }
          if ((t & N_SELECTOR) !== 0 && ((NCLS[text.charCodeAt(i - 1)] as number) & N_SELECTOR) !== 0) flags |= F_SMUGGLED;
        }
        if (++i >= n) break;
        c = text.charCodeAt(i);
        if (c < 128) break;
      }
      b64 = 0;
      b64Mixed = false;
      leetRun = -1;
      lead = false;
      prev = 0;
      continue;
    }

    const k = CLS[c] as number;
    if ((k & LETTER) !== 0) {
      const start = i;
      const first = c;
      let h = c | 0x20;
      let caseBits = 0x20; // of the letters after the first: 0 when one of them is a capital
      for (;;) {
        if (++i >= n) break;
        c = text.charCodeAt(i);
        if (c >= 128 || ((CLS[c] as number) & LETTER) === 0) break;
        h = (h * 31 + (c | 0x20)) | 0;
        caseBits &= c;
      }
      const len = i - start;
      latin += len;
      // Prose words only: a capital inside a run, or a digit against it, is an identifier, a key
      // or base64.
      if (rotLetters < ROT_SAMPLE && len >= MIN_ROT_WORD && len <= MAX_ROT_WORD && caseBits !== 0 && !touchesDigit(text, start, i)) {
        for (let k = start; k < i; k++) rotScore += ROT_WEIGHT[text.charCodeAt(k)] as number;
        rotLetters += len;
      }
      wordStart = start;
      if (caseBits === 0 && len >= MIN_CAMEL && hasHumps(text, start, i)) flags |= F_JOINED;
      if (len >= MIN_WORD && len <= MAX_WORD) {
        const x = bloomMix(h);
        if (hasBits(REV_BLOOM, x)) flags |= F_REVERSED;
        if (hasBits(CIPHER_BLOOM, x)) flags |= F_CIPHER;
      }
      if (start === wordEnd + 1 && isBlankCode(text.charCodeAt(wordEnd)) && wordLen + len <= MAX_BROKEN_WORD) {
        const p = (Math.imul(wordH, POW31[len] as number) + h) | 0;
        if (hasBits(BROKEN_BLOOM, bloomMix(p))) flags |= F_BROKEN;
        if (pairLen >= 0 && pairLen + len <= MAX_BROKEN_WORD && hasBits(BROKEN_BLOOM, bloomMix((Math.imul(pairH, POW31[len] as number) + h) | 0))) flags |= F_BROKEN;
        pairH = p;
        pairLen = wordLen + len;
      } else {
        pairLen = -1;
      }
      wordEnd = i;
      wordH = h;
      wordLen = len;
      b64 += len;
      if (caseBits === 0 || (first & 0x20) === 0) b64Mixed = true;
      if (b64 >= 16 && b64Mixed) flags |= F_BASE64;
      if (leetRun > 0 || (lead && len >= 4)) flags |= F_LEET;
      if ((text.charCodeAt(start) | 0x20) === 0x78 && start > 0 && text.charCodeAt(start - 1) === 0x30) flags |= F_HEXLIST;
      leetRun = 0;
      lead = false;
      prev = LETTER | B64 | UNIT | ((CLS[text.charCodeAt(i - 1)] as number) & HEX);
      continue;
    }

    if ((k & SPECIAL) !== 0) {
      if (c === 0x25) flags |= F_PERCENT;
      else if (c === 0x26) flags |= F_AMP;
      else if (c === 0x5c) flags |= F_BACKSLASH;
      else if (c === 0x2b) {
        if ((text.charCodeAt(i - 1) | 0x20) === 0x75) flags |= F_UPLUS;
      } else {
        // A control character: a weak invisible.
        flags |= F_NON_ASCII;
        if (isAsciiLetterCode(text.charCodeAt(i - 1)) || isAsciiLetterCode(text.charCodeAt(i + 1))) flags |= F_NORMALIZE;
      }
    }

    if (WORD_JOINERS[c] !== 0) {
      if ((prev & LETTER) !== 0 || prev === BLANK_CLASS) {
        // '.', ':' and '_' join words only tightly ("a.b"), so sentence ends do not count.
        if (WORD_JOINERS[c] === LOOSE || ((CLS[text.charCodeAt(i + 1)] as number) & LETTER) !== 0) {
          // Chained when the word before this separator started right after the previous one.
          joins = wordStart >= joinEnd && wordStart - joinEnd <= joinSlack ? joins + 1 : 1;
          if (joins >= 2) flags |= F_JOINED;
          joinEnd = i + 1;
          joinSlack = 2;
        }
      }
      if (c === 0x2e || c === 0x2d) {
        morse = isMorseGap(text, morseEnd, i) ? morse + 1 : 1;
        morseEnd = i + 1;
        if (morse >= MIN_MORSE) flags |= F_MORSE;
      }
    }

    if ((k & LEET) !== 0) {
      leetRun = leetRun >= 0 && leetRun < 3 ? leetRun + 1 : -1;
      lead = (prev & (LETTER | DIGIT)) === 0 && (k & DIGIT) !== 0;
    } else {
      leetRun = -1;
      lead = false;
    }

    if ((k & B64) !== 0) {
      if (c !== 0x2d) b64Mixed = true;
      if (++b64 >= 16 && b64Mixed) flags |= F_BASE64;
    } else {
      b64 = 0;
      b64Mixed = false;
    }

    if ((k & SEP) !== 0 && (prev & UNIT) !== 0) {
      const before = i >= 2 ? text.charCodeAt(i - 2) : 0x20;
      if (before >= 128 || ((CLS[before] as number) & (LETTER | DIGIT)) === 0) {
        // text[i-1] is a single unit followed by separator c.
        chain = i - 1 - lastUnit <= 4 && sameWordRun(lastSep, c) ? chain + 1 : 1;
        lastUnit = i - 1;
        lastSep = c;
        if (chain >= 3) flags |= F_SPACED;
      } else if ((prev & HEX) !== 0 && ((CLS[before] as number) & HEX) !== 0) {
        const third = i >= 3 ? text.charCodeAt(i - 3) : 0x20;
        if (third >= 128 || ((CLS[third] as number) & (LETTER | DIGIT)) === 0) {
          // text[i-2, i) is a lone hex pair followed by a separator.
          pairs = i - 2 - lastPair === 3 ? pairs + 1 : 1;
          lastPair = i - 2;
          if (pairs >= 3) flags |= F_HEXLIST;
        }
      }
    }
    prev = k;
    i++;
  }
  // Whole-look-alike words ("ѕуѕ") only matter in mostly-Latin text (see homoglyphs.ts).
  if (lookalikes && dominates(latin, foreign)) flags |= F_NORMALIZE;
  if (rotScore > 0 && rotLetters >= MIN_ROT_LETTERS) flags |= F_ROT13_LETTERS;
  return flags;
}

const isBlankCode = (c: number): boolean => c === 0x20 || c === 0x09;

const isDigitCode = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Whether the letter run text[start, end) has a digit right before or after it. */
const touchesDigit = (text: string, start: number, end: number): boolean => isDigitCode(text.charCodeAt(start - 1)) || isDigitCode(text.charCodeAt(end));

/** Shortest camel-case word joined-words.ts splits: "IAmAi". */
const MIN_CAMEL = 5;
/**
 * Separators joined-words.ts splits runs at: LOOSE ones may stand between blanks ("a - b"),
 * TIGHT ones only between letters ("a.b").
 */
const LOOSE = 1;
const TIGHT = 2;
const WORD_JOINERS = new Uint8Array(128);
for (const ch of '-+/|~*=') WORD_JOINERS[ch.charCodeAt(0)] = LOOSE;
for (const ch of '._:') WORD_JOINERS[ch.charCodeAt(0)] = TIGHT;

/**
 * Whether the letter run text[start, end) may be camel case with three humps: two capitals after
 * its first letter, and a lowercase letter.
 */
function hasHumps(text: string, start: number, end: number): boolean {
  let capitals = 0;
  let lower = false;
  for (let k = start + 1; k < end; k++) {
    if (text.charCodeAt(k) <= 0x5a) capitals++;
    else lower = true;
  }
  return lower && capitals >= 2;
}

/** Dots and dashes of the shortest Morse run decode-morse.ts decodes (six letters). */
const MIN_MORSE = 6;
/** Longest gap between Morse letters: seven blanks, a slash, three blanks. */
const MAX_MORSE_GAP = 11;

/** Whether text[from, to) may separate Morse symbols: empty, or blanks and slashes only. */
function isMorseGap(text: string, from: number, to: number): boolean {
  if (to - from > MAX_MORSE_GAP) return false;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c !== 0x20 && c !== 0x09 && c !== 0x2f) return false;
  }
  return true;
}

const isJoiner = (c: number): boolean => c === 0x2d || c === 0x5f;

/** Whether separators a and b can both belong to one spaced-out phrase ("Y-o-u a-r-e D-A-N"). */
function sameWordRun(a: number, b: number): boolean {
  return a === b || (isBlankCode(a) && isJoiner(b)) || (isJoiner(a) && isBlankCode(b));
}

const dominates = (latin: number, foreign: number): boolean => foreign === 0 || latin > 4 * foreign;

/**
 * True when `text` is mostly Latin: ASCII letters outnumber the non-look-alike letters of the
 * scripts that have look-alikes (б, д, λ, π, …) more than four to one, or there are none of those.
 * Genuine Russian or Greek text is full of such letters; an attack text spelled with look-alikes
 * has none. Counts exactly as scanText does, so its F_NORMALIZE flag stays a superset.
 */
export function isLatinDominant(text: string): boolean {
  let latin = 0;
  let foreign = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (((CLS[c] as number) & LETTER) !== 0) latin++;
    } else if (((NCLS[c] as number) & N_FOREIGN) !== 0) {
      foreign++;
    }
  }
  return dominates(latin, foreign);
}
