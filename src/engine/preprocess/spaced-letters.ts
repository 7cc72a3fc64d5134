/**
 * Spaced-letter folding: "i g n o r e", "i.g.n.o.r.e", "i-g-n-o-r-e", "I_G_N_O_R_E" → "ignore";
 * phrases of such words, "Y-o-u a-r-e D-A-N" → "You are DAN", "i g n o r e  a l l" → "ignore
 * all"; and words run together because the spacing hid the word breaks, "i g n o r e a l l p r e
 * v i o u s" → "ignore all previous".
 */
import { MapBuilder } from './offset-map';
import { segmentLetters } from './segment';

/**
 * Two single characters joined by a separator: where a spaced-out word may start. Bounded: each
 * attempt reads at most 2 units and a separator of ≤ 3 characters.
 */
const PAIR = /(?<![A-Za-z0-9])[A-Za-z0-9@$]( {1,3}|[\t.\-_*/|~+,:])[A-Za-z0-9@$](?![A-Za-z0-9])/g;

/** A lone spaced-out word needs this many units: "a b c" and "U.S.A." are too short to say. */
const MIN_UNITS = 4;
const MIN_LETTERS = 2;
/**
 * A phrase of shorter words ("Y-o-u a-r-e D-A-N") needs two words of ≥ 2 units with a letter, one
 * of ≥ 3, and this many units in all ("A-B testing" stays below it); and a separator that joins
 * letters into words: '.' makes initials ("U.S.A. e.g. i.e."), ':' ',' '/' '|' times, lists and
 * paths ("n/a I/O"), so those need a lone word of ≥ 4 units.
 */
const MIN_PHRASE_UNITS = 6;
const PHRASE_SEPARATORS = new Set([' ', '  ', '   ', '\t', '-', '_']);
/** Blank separators: a longer blank gap ends a word ("i g n o r e   a l l"), up to this long. */
const MAX_WORD_GAP = 8;
/** Non-blank separators: words are set apart by 1–3 blanks ("a-r-e D-A-N"). */
const MAX_PHRASE_BLANKS = 3;
/** Words this long may be several words run together ("ignoreall"); shorter ones rarely are. */
const SEGMENT_MIN = 7;
/** A split is trusted when at most this share of the letters is outside the lexicon. */
const MAX_UNKNOWN_SHARE = 1 / 3;
/** Sentences average over four letters a word; a split into shorter pieces is a guess. */
const MIN_PIECE_AVERAGE = 3;
/**
 * Units segmented per text at most (about 0.3 µs each): spaced-out attack text is short, and a
 * 64 KiB run of "a a a …" must not cost more than the rest of its scan.
 */
const SEGMENT_BUDGET = 4096;

/** Spaced-letter folding output, mapped to the input it was given. */
export interface SpacedResult {
  text: string;
  /** map[i] = index in the input of text[i]; length text.length + 1. */
  map: Int32Array;
  /** Runs joined. */
  count: number;
}

const isAlnum = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isUnit = (c: number): boolean => isAlnum(c) || c === 0x40 || c === 0x24;
const isLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;

/**
 * One spaced-out word: the positions of its characters (units, and with blank separators the
 * punctuation spaced out along with them) and the end of its last one.
 */
interface Word {
  units: number[];
  end: number;
}

/** A unit that stands alone: no letter or digit right after it ("a" in "a b", not in "ab"). */
const loneUnit = (text: string, i: number): boolean => i < text.length && isUnit(text.charCodeAt(i)) && !isAlnum(text.charCodeAt(i + 1));

/** ASCII punctuation that text spaced out character by character spaces out too. */
const isPunct = (c: number): boolean => c > 0x20 && c < 0x7f && !isUnit(c);
const isLineBreak = (c: number): boolean => c === 0x0a || c === 0x0d;
/** Punctuation standing alone: a blank or the text's edge on both sides ("p r o m p t ?"). */
const lonePunct = (text: string, i: number): boolean =>
  isPunct(text.charCodeAt(i)) &&
  (i === 0 || isBlank(text.charCodeAt(i - 1))) &&
  (i + 1 >= text.length || isBlank(text.charCodeAt(i + 1)) || isLineBreak(text.charCodeAt(i + 1)));
const APOSTROPHE = 0x27;
/** Spaced-out punctuation kept at a word's edge at most: "? ! ?" yes, a row of dashes no. */
const MAX_EDGE_PUNCT = 3;

/**
 * Reads the spaced-out word starting at the lone unit `start`, joined by `sep`, not reaching back
 * before `floor`. Text spaced out with blanks has its punctuation spaced out too, and it belongs
 * to the word: an apostrophe inside ("w h a t ' s"), up to three marks before and after ("' i g n
 * o r e", "p r o m p t ?"), so quotes and question marks come out where a signature expects them.
 */
function readWord(text: string, start: number, sep: string, floor: number): Word {
  const blank = isBlank(sep.charCodeAt(0));
  const units: number[] = [];
  if (blank) {
    const lead: number[] = [];
    for (let q = start - sep.length - 1; lead.length < MAX_EDGE_PUNCT && q >= floor && text.startsWith(sep, q + 1) && lonePunct(text, q); q -= sep.length + 1) lead.push(q);
    units.push(...lead.reverse());
  }
  units.push(start);
  let j = start + 1;
  for (;;) {
    if (!text.startsWith(sep, j)) break;
    const u = j + sep.length;
    if (loneUnit(text, u)) {
      units.push(u);
      j = u + 1;
    } else if (blank && text.charCodeAt(u) === APOSTROPHE && text.startsWith(sep, u + 1) && loneUnit(text, u + 1 + sep.length)) {
      units.push(u, u + 1 + sep.length);
      j = u + 2 + sep.length;
    } else {
      break;
    }
  }
  for (let k = 0; blank && k < MAX_EDGE_PUNCT && text.startsWith(sep, j) && lonePunct(text, j + sep.length); k++) {
    units.push(j + sep.length);
    j += sep.length + 1;
  }
  return { units, end: j };
}

/**
 * Where the next word of a phrase starts after a word ending at `end`, or -1. Blank separators:
 * after a longer blank gap. Others: after 1–3 blanks, optionally behind a trailing separator
 * ("i.g.n.o.r.e. a.l.l").
 */
function nextWordStart(text: string, end: number, sep: string): number {
  let g = end;
  if (isBlank(sep.charCodeAt(0))) {
    while (g < text.length && g - end <= MAX_WORD_GAP && isBlank(text.charCodeAt(g))) g++;
    if (g - end <= sep.length || g - end > MAX_WORD_GAP) return -1;
    // Punctuation before the word's first unit ("' i g n o r e") is read with the word.
    for (let k = 0; k < MAX_EDGE_PUNCT && lonePunct(text, g) && text.startsWith(sep, g + 1); k++) g += sep.length + 1;
    return loneUnit(text, g) ? g : -1;
  }
  if (text.startsWith(sep, g)) g++;
  const blanksFrom = g;
  while (g < text.length && g - blanksFrom <= MAX_PHRASE_BLANKS && isBlank(text.charCodeAt(g))) g++;
  const blanks = g - blanksFrom;
  return blanks >= 1 && blanks <= MAX_PHRASE_BLANKS && loneUnit(text, g) ? g : -1;
}

/** Whether the words read from one start are spaced-out text rather than initials or a list. */
function isSpacedPhrase(text: string, words: readonly Word[], sep: string): boolean {
  let units = 0;
  let letters = 0;
  let longest = 0;
  let multi = 0;
  for (const w of words) {
    let own = 0;
    let size = 0;
    for (const u of w.units) {
      const c = text.charCodeAt(u);
      if (isUnit(c)) size++;
      if (isLetter(c)) own++;
    }
    units += size;
    letters += own;
    longest = Math.max(longest, size);
    if (size >= 2 && own > 0) multi++;
  }
  if (letters < MIN_LETTERS) return false;
  if (longest >= MIN_UNITS) return true;
  return PHRASE_SEPARATORS.has(sep) && multi >= 2 && longest >= 3 && units >= MIN_PHRASE_UNITS;
}

/** Leet digits and symbols as the letters they stand for, to look words up: '1' is handled apart. */
const LOOKUP = new Map<number, number>(
  Object.entries({ '0': 'o', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' }).map(([from, to]) => [from.charCodeAt(0), to.charCodeAt(0)]),
);

/**
 * Where words start inside a spaced-out word that ran several together ("ignoreallprevious"), as
 * indices into `units`; punctuation ends a stretch ("what's" + "yourprompt" + "?"), and each
 * stretch long enough is split on its own.
 */
function wordBreaks(text: string, units: readonly number[], budget: number): number[] {
  const breaks: number[] = [];
  let from = 0;
  let left = budget;
  for (let k = 0; k <= units.length && left > 0; k++) {
    if (k < units.length && isUnit(text.charCodeAt(units[k] as number))) continue;
    // Past the budget only the stretch's start is split: the rest stays joined.
    const to = Math.min(k, from + left);
    if (to - from >= SEGMENT_MIN) {
      for (const b of stretchBreaks(text, units.slice(from, to))) breaks.push(from + b);
      left -= to - from;
    }
    from = k + 1;
  }
  return breaks;
}

/** wordBreaks of one stretch of units; empty when it reads as one word or the split is not trusted. */
function stretchBreaks(text: string, units: readonly number[]): number[] {
  let key = '';
  let alt = '';
  for (const u of units) {
    const c = text.charCodeAt(u) | (isLetter(text.charCodeAt(u)) ? 0x20 : 0);
    const k = c === 0x31 ? 0x69 : (LOOKUP.get(c) ?? c);
    key += String.fromCharCode(k);
    alt += String.fromCharCode(c === 0x31 ? 0x6c : k);
  }
  const split = segmentLetters(key, alt);
  const pieces = split.starts.length + 1;
  if (pieces < 2 || units.length < MIN_PIECE_AVERAGE * pieces) return [];
  return split.unknown <= units.length * MAX_UNKNOWN_SHARE ? split.starts : [];
}

/**
 * Joins spaced-out words: ≥ 2 single characters (ASCII letters, digits, @, $) separated by the
 * same separator (1–3 spaces, a tab, or one of . - _ * / | ~ + , :), either alone with ≥ 4 units
 * or in a phrase of such words (see isSpacedPhrase); ≥ 2 letters in all. Words of a phrase are set
 * apart by a longer blank gap (blank separators) or by blanks (other separators) and come out
 * separated by one space, as does a longer blank gap after the phrase: "i g n o r e  p r e v i o
 * u s" reads "ignore previous". A long word that reads as several lexicon words is split
 * ("ignoreall" → "ignore all"). Returns null when nothing was joined.
 */
export function foldSpacedLetters(text: string): SpacedResult | null {
  PAIR.lastIndex = 0;
  let m = PAIR.exec(text);
  if (m === null) return null;
  const n = text.length;
  const parts: string[] = [];
  const map = new MapBuilder(n + 1);
  let copied = 0;
  let count = 0;
  let budget = SEGMENT_BUDGET;
  while (m !== null) {
    const p = m.index;
    const sep = m[1] as string;
    const words = [readWord(text, p, sep, copied)];
    for (;;) {
      const end = (words[words.length - 1] as Word).end;
      const next = nextWordStart(text, end, sep);
      if (next < 0) break;
      words.push(readWord(text, next, sep, end));
    }
    const first = (words[0] as Word).units[0] as number;
    const last = words[words.length - 1] as Word;
    if (!isSpacedPhrase(text, words, sep)) {
      // A phrase starting inside this one is a part of it, with no more units or words: skip it
      // whole (restarting at p + 1 made "1 1 1 …" quadratic). Only its last unit may start a
      // run with another separator ("m   y o u r", "a b  c-d-e-f"): resume there.
      PAIR.lastIndex = Math.max(p + 1, last.end - 1);
      m = PAIR.exec(text);
      continue;
    }
    if (first > copied) {
      parts.push(text.slice(copied, first));
      map.pushRange(copied, first);
    }
    for (let w = 0; w < words.length; w++) {
      const word = words[w] as Word;
      if (w > 0) {
        parts.push(' ');
        map.push((words[w - 1] as Word).end);
      }
      let breaks: number[] = [];
      // Only a lone word can have lost its word breaks: a phrase shows it kept them.
      if (words.length === 1 && word.units.length >= SEGMENT_MIN && budget > 0) {
        breaks = wordBreaks(text, word.units, budget);
        budget -= word.units.length;
      }
      let b = 0;
      for (let k = 0; k < word.units.length; k++) {
        const u = word.units[k] as number;
        if (k === breaks[b]) {
          parts.push(' ');
          map.push((word.units[k - 1] as number) + 1);
          b++;
        }
        parts.push(text[u] as string);
        map.push(u);
      }
    }
    count++;
    copied = skipAfterPhrase(text, last.end, sep, parts, map);
    PAIR.lastIndex = copied;
    m = PAIR.exec(text);
  }
  if (count === 0) return null;
  if (copied < n) {
    parts.push(text.slice(copied));
    map.pushRange(copied, n);
  }
  return { text: parts.join(''), map: map.finish(n), count };
}

/**
 * What follows a phrase ending at `end`: a longer blank gap becomes one space (blank separators).
 * A trailing separator is spelling, not text, and is dropped before punctuation ("g_u_i_d_e_s_."
 * reads "guides.") and before blanks and a lowercase word ("i.g.n.o.r.e. all" reads "ignore
 * all"); before blanks and anything else it may end a sentence ("D.A.N. Then") and stays.
 * Returns where copying resumes.
 */
function skipAfterPhrase(text: string, end: number, sep: string, parts: string[], map: MapBuilder): number {
  const n = text.length;
  let g = end;
  if (isBlank(sep.charCodeAt(0))) {
    while (g < n && isBlank(text.charCodeAt(g))) g++;
    if (g - end <= sep.length) return end;
    parts.push(' ');
    map.push(end);
    return g;
  }
  if (!text.startsWith(sep, end)) return end;
  const after = text.charCodeAt(end + 1);
  if (Number.isNaN(after) || (!isBlank(after) && !isUnit(after))) return end + 1;
  g = end + 1;
  while (g < n && isBlank(text.charCodeAt(g))) g++;
  if (g === end + 1 || g >= n || !isLower(text.charCodeAt(g))) return end;
  parts.push(' ');
  map.push(end);
  return g;
}
