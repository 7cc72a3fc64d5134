/**
 * Where a pattern's matches can start. Many signature patterns open with a list of words
 * (`(?:ignore|disregard|forget)\s{1,3}…`): every match starts where one of those words starts.
 * The literal prefilter already walks the text once; it reports those words' positions too, and
 * the pattern is then tried only there (a sticky regex) instead of at every character, which on
 * ordinary text was most of the regex time.
 *
 * Exactness: only non-Unicode-mode patterns with ASCII opening words qualify. There, case-
 * insensitive matching folds an ASCII letter only to its other case (characters ≥ 128 never
 * canonicalize to ASCII), and the prefilter folds at least as much, so every position where the
 * regex can match is reported (a superset, which the sticky regex then decides).
 */

const SPECIAL = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);
/** Escapes that stand for one literal ASCII character. */
const LITERAL_ESCAPES = new Set(['-', '.', "'", '/', '\\', ' ', '"', '#', '@', ':', ',', '!', '&', '%', '=', '<', '>', '~', '`', ';', '_']);

/**
 * Walks `source` from `from`, skipping escapes and character classes, and calls `visit` with each
 * other character and the group depth after it ('(' counts itself, ')' does not); stops at the
 * first character `visit` accepts and returns its index, or -1.
 */
function walkSyntax(source: string, from: number, visit: (i: number, c: string, depth: number) => boolean): number {
  let depth = 0;
  let inClass = false;
  for (let i = from; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    if (visit(i, c, depth)) return i;
  }
  return -1;
}

/** The index of the ')' closing the group that opens at `open`, or -1. */
const closingParen = (source: string, open: number): number => walkSyntax(source, open, (_, c, depth) => c === ')' && depth === 0);

/** Splits at '|' outside groups and classes. */
function splitTopLevel(source: string): string[] {
  const parts: string[] = [];
  let start = 0;
  walkSyntax(source, 0, (i, c, depth) => {
    if (c === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
    return false;
  });
  parts.push(source.slice(start));
  return parts;
}

/** True when the text at `i` is a quantifier that allows zero repetitions. */
function optionalQuantifier(source: string, i: number): boolean {
  const c = source[i];
  return c === '?' || c === '*' || (c === '{' && /^\{0\s*[,}]/.test(source.slice(i)));
}

const isQuantifier = (c: string | undefined): boolean => c === '?' || c === '*' || c === '+' || c === '{';

/**
 * The opening words of `source` such that every match starts with one of them, as prefilter
 * literal specs (lowercased; a leading `*` marks a word that may start inside another word), or
 * null when that cannot be said (an alternative opens with a class, an optional part, a short
 * word, non-ASCII text…).
 *
 * A word the pattern requires to start at a word boundary (`\b`, or a lookbehind ruling out `\w`
 * before it) is a word-start literal: the prefilter then reports it only where a word starts,
 * which is a superset of where the regex can match (without the `u` flag `\w` is ASCII, and the
 * prefilter's word characters are ASCII letters and digits). Word starts are rare enough that
 * two-letter words ("dm") can anchor; anywhere else a literal needs `minLength` letters.
 */
export function leadingLiterals(source: string, minLength = 3): string[] | null {
  const out = new Set<string>();
  if (!collect(source, false, minLength, out)) return null;
  return out.size > 0 ? [...out] : null;
}

/** Word-start literals may be this short. */
const WORD_START_MIN = 2;
/** Optional characters expanded into both spellings (`e-?mail`) at most this many times per alternative. */
const MAX_VARIANTS = 8;

function collect(source: string, atBoundary: boolean, minLength: number, out: Set<string>): boolean {
  for (const alt of splitTopLevel(source)) if (!altLiterals(alt, atBoundary, minLength, out)) return false;
  return true;
}

/** True when a lookbehind at the start of `group` rules out a `\w` character before the match. */
const excludesWordBefore = (group: string): boolean => /^\(\?<!(?:\\w|\[(?!\^)(?:[^\]\\]|\\.)*\\w(?:[^\]\\]|\\.)*\])\)$/.test(group);

function altLiterals(alt: string, inheritedBoundary: boolean, minLength: number, out: Set<string>): boolean {
  let i = 0;
  let atBoundary = inheritedBoundary;
  // Zero-width openings do not move where a match starts.
  for (;;) {
    if (alt.startsWith('\\b', i)) {
      atBoundary = true;
      i += 2;
    } else if (alt[i] === '^') i += 1;
    else if (/^\(\?<?[=!]/.test(alt.slice(i))) {
      const end = closingParen(alt, i);
      if (end < 0) return false;
      if (excludesWordBefore(alt.slice(i, end + 1))) atBoundary = true;
      i = end + 1;
    } else break;
  }
  if (alt[i] === '(') {
    const end = closingParen(alt, i);
    if (end < 0 || optionalQuantifier(alt, end + 1)) return false;
    const head = /^\((?:\?:|\?<[A-Za-z][A-Za-z0-9]*>)?/.exec(alt.slice(i))?.[0] ?? '(';
    return collect(alt.slice(i + head.length, end), atBoundary, minLength, out);
  }
  const found: string[] = [];
  if (!spellings(alt, i, '', minLength, found)) return false;
  for (const lit of found) {
    const wordStart = atBoundary && /^[a-z0-9]/i.test(lit);
    if (lit.length < (wordStart ? Math.min(WORD_START_MIN, minLength) : minLength)) return false;
    out.add(wordStart ? lit.toLowerCase() : `*${lit.toLowerCase()}`);
  }
  return true;
}

/**
 * The literal text `alt` spells from `i` on (after `prefix`), up to the first class, group or
 * quantifier, pushed to `found`. A single optional character met before the text is long enough
 * to anchor on (`e-?mail`) yields both spellings; false when that would exceed MAX_VARIANTS or a
 * character is not ASCII.
 */
function spellings(alt: string, i: number, prefix: string, minLength: number, found: string[]): boolean {
  let lit = prefix;
  while (i < alt.length) {
    let ch = alt[i] as string;
    let width = 1;
    const casePair = /^\[([A-Za-z])([A-Za-z])\]/.exec(alt.slice(i, i + 4));
    if (ch === '\\') {
      const next = alt[i + 1];
      if (next === undefined || !LITERAL_ESCAPES.has(next)) break;
      ch = next;
      width = 2;
    } else if (casePair && casePair[1]?.toLowerCase() === casePair[2]?.toLowerCase() && casePair[1] !== casePair[2]) {
      // [Ll]: one letter in either case, which the prefilter folds anyway.
      ch = casePair[1] as string;
      width = 4;
    } else if (SPECIAL.has(ch)) {
      break;
    }
    if (ch.charCodeAt(0) >= 128) return false;
    const after = alt[i + width];
    if (isQuantifier(after)) {
      // `x+` still needs one x; `x?`, `x*`, `x{0,…}` may be absent.
      if (after === '+') lit += ch;
      else if (after === '?' && lit.length < minLength && found.length < MAX_VARIANTS) {
        // Too short to stop here: go on both with and without the character.
        const rest = i + width + (alt[i + width + 1] === '?' ? 2 : 1);
        return spellings(alt, rest, lit + ch, minLength, found) && spellings(alt, rest, lit, minLength, found);
      }
      break;
    }
    lit += ch;
    i += width;
  }
  found.push(lit);
  return found.length <= MAX_VARIANTS;
}

/**
 * Where the anchor literals of a view start: `hits` holds (start, index of the same literal's
 * previous pair or -1) pairs, and `latest(id)` is the index of literal id's last pair (-1 when it did
 * not occur), so following the second field walks all of its occurrences.
 */
export interface AnchorOccurrences {
  latest(literalId: number): number;
  readonly hits: Int32Array;
}

/** Reused by every call (scans are synchronous): no array per pattern. */
const starts: number[] = [];

/**
 * The leftmost match of an anchored pattern: its sticky twin `re` tried at each position where one
 * of its opening words (`anchors`, literal ids) starts, in order. Only the pattern's own words'
 * occurrences are visited, so the cost follows the pattern, not every anchor hit of the text. Gives
 * what the unanchored regex's exec would (tested over every anchored shipped pattern).
 */
export function anchoredMatch(re: RegExp, anchors: Int32Array, text: string, occurrences: AnchorOccurrences): RegExpExecArray | null {
  const { hits } = occurrences;
  starts.length = 0;
  for (let a = 0; a < anchors.length; a++) {
    for (let k = occurrences.latest(anchors[a] as number); k >= 0; k = hits[k + 1] as number) starts.push(hits[k] as number);
  }
  if (starts.length === 0) return null;
  if (starts.length > 1) starts.sort((x, y) => x - y);
  let last = -1;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] as number;
    if (start === last) continue;
    last = start;
    re.lastIndex = start;
    const m = re.exec(text);
    if (m) return m;
  }
  return null;
}
