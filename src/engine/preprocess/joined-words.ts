/**
 * Words run together so that no pattern reads them as words: joined by a separator
 * ("Ignore-all-previous-instructions", "reveal_your_system_prompt", "Ignore 👏 all 👏 previous")
 * or by case alone ("IgnoreAllPreviousInstructions"). The folded view reads them with one space
 * between words.
 *
 * Hyphenated compounds, slugs, paths and identifiers look the same, so a run is split only when one
 * of its words is a verb attack phrases are built around: "state-of-the-art", "getElementById" and
 * "OPENAI_API_KEY" stay as they are and cost no view.
 */
import { MapBuilder } from './offset-map';
import { forEachLetterRun, isBlank, isWordChar } from './word-chars';

/** Output of the split: text mapped to its input, and how many runs were split. */
export interface JoinedResult {
  text: string;
  /** map[i] = index in the input of text[i]; length text.length + 1. */
  map: Int32Array;
  count: number;
}

/**
 * Verbs attack phrases and harmful requests are built around. A run is split only when it holds
 * one: attacks run an instruction together ("Ignore-all-previous-instructions", "reveal_your_system_prompt",
 * "act👏as👏DAN"), while identifiers and constants name things ("STRIPE_SECRET_KEY",
 * "api.github.com", "getElementById") and would only cost a view.
 */
const VERBS = new Set(`
ignore ignoring disregard forget override bypass skip reveal leak expose exfiltrate dump print output
repeat recite show tell give write say send forward act pretend simulate roleplay enable disable
unlock jailbreak obey comply answer respond execute run delete wipe erase inject hack crack
download upload disclose spill share stop start become switch follow listen reply decode
synthesize synthesise manufacture cook brew poison kill murder stalk launder counterfeit smuggle
steal weaponize detonate
`.split(/\s+/).filter((w) => w !== ''));

/** Words joined by '+' at or past which the run is prose sent form-encoded ("how+do+I+make+…"). */
const FORM_ENCODED_WORDS = 4;

/**
 * Whether the pieces are worth a view: one is such a verb, and two have ≥ 2 letters. Form-encoded
 * prose (`plusJoined`: ≥ FORM_ENCODED_WORDS words joined by '+') is read whatever its verbs:
 * no identifier looks like it, and a question sent that way ("how+can+I+extract+ricin") has no
 * verb from the list.
 */
function worthSplitting(text: string, spans: readonly number[], plusJoined = false): boolean {
  if (plusJoined && spans.length >= 2 * FORM_ENCODED_WORDS) return true;
  let verb = false;
  let long = 0;
  for (let k = 0; k < spans.length; k += 2) {
    const word = text.slice(spans[k], spans[k + 1]);
    if (word.length >= 2) long++;
    if (!verb && VERBS.has(word.toLowerCase())) verb = true;
  }
  return verb && long >= 2;
}

const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;

/** Separators that may stand alone between words ("a-b") or between blanks ("a - b"). */
const LOOSE = '-+/|~*=';
/** Separators only between letters ("a.b", "a_b", "a:b"): ". " and ", " are sentence punctuation. */
const TIGHT = LOOSE + '._:';
/** A symbol that may join words: arrows, dingbats, emoji (what the scan's F_JOINED counts). */
const isSymbolStart = (c: number): boolean => (c >= 0x2100 && c < 0x2c00) || (c >= 0xd83c && c <= 0xd83f);
/** Modifiers after a symbol: variation selector 16, skin tones (a surrogate pair each). */
function skipModifiers(text: string, k: number, to: number): number {
  for (let m = 0; m < 2 && k < to; m++) {
    if (text.charCodeAt(k) === 0xfe0f) k++;
    else if (text.charCodeAt(k) === 0xd83c && text.charCodeAt(k + 1) >= 0xdffb && text.charCodeAt(k + 1) <= 0xdfff) k += 2;
    else break;
  }
  return k;
}

/**
 * Whether text[from, to), between two words, joins them: one tight separator, or a loose one or a
 * symbol (with its modifiers) with up to two blanks on each side.
 */
function isSeparator(text: string, from: number, to: number): boolean {
  if (to - from === 1 && TIGHT.includes(text[from] as string)) return true;
  let a = from;
  let b = to;
  for (let k = 0; k < 2 && a < b && isBlank(text.charCodeAt(a)); k++) a++;
  for (let k = 0; k < 2 && b > a && isBlank(text.charCodeAt(b - 1)); k++) b--;
  if (b - a === 1 && LOOSE.includes(text[a] as string)) return true;
  const c = text.charCodeAt(a);
  if (!isSymbolStart(c)) return false;
  return skipModifiers(text, a + (c >= 0xd800 ? 2 : 1), b) === b;
}

/** Whether two stretches of text are the same separator. */
const sameText = (text: string, a: number, b: number, c: number, d: number): boolean => b - a === d - c && text.startsWith(text.slice(a, b), c);

/**
 * Where the humps of camel-case word text[s, e) start, when it has ≥ 3: a capital and lowercase
 * letters, or a lone capital before a capitalized hump ("IAsk"); the first may be lowercase.
 */
function camelHumps(text: string, s: number, e: number): number[] | null {
  // Most words have no capital after their first letter: no humps, nothing to allocate.
  let k0 = s + 1;
  while (k0 < e && !isUpper(text.charCodeAt(k0))) k0++;
  if (k0 === e) return null;
  const starts: number[] = [];
  let k = s;
  while (k < e) {
    const c = text.charCodeAt(k);
    if (k > s && !isUpper(c)) return null;
    starts.push(k);
    if (k + 1 < e && isLower(text.charCodeAt(k + 1))) {
      k += 2;
      while (k < e && isLower(text.charCodeAt(k))) k++;
    } else if (isUpper(c) && k + 2 < e && isUpper(text.charCodeAt(k + 1)) && isLower(text.charCodeAt(k + 2))) {
      k++;
    } else {
      return null;
    }
  }
  return starts.length >= 3 ? starts : null;
}

/**
 * Splits the joined runs of `text` into words separated by one space (each space maps to the
 * separator or hump boundary it replaces): ≥ 3 ASCII words joined by one and the same separator,
 * and camel-case words. Returns null when no run is worth it. One pass over the text.
 */
export function splitJoinedWords(text: string): JoinedResult | null {
  const n = text.length;
  const parts: string[] = [];
  const map = new MapBuilder(0);
  let copied = 0;
  let count = 0;
  /** Words of the current chain as [start, end) pairs, and its separator text[sepFrom, sepTo). */
  const chain: number[] = [];
  let sepFrom = 0;
  let sepTo = 0;

  /** Writes the run of pieces (flat [start, end) pairs) with single spaces between them. */
  const emit = (pieces: readonly number[]): void => {
    const from = pieces[0] as number;
    if (from > copied) {
      parts.push(text.slice(copied, from));
      map.pushRange(copied, from);
    }
    for (let k = 0; k < pieces.length; k += 2) {
      if (k > 0) {
        parts.push(' ');
        map.push(pieces[k - 1] as number);
      }
      parts.push(text.slice(pieces[k], pieces[k + 1]));
      map.pushRange(pieces[k] as number, pieces[k + 1] as number);
    }
    copied = pieces[pieces.length - 1] as number;
    count++;
  };
  /** The pieces of word text[s, e): its humps when it is camel case, else the word. */
  const pieces = (s: number, e: number, into: number[]): void => {
    const humps = camelHumps(text, s, e);
    if (humps === null) {
      into.push(s, e);
      return;
    }
    for (let h = 0; h < humps.length; h++) into.push(humps[h] as number, h + 1 < humps.length ? (humps[h + 1] as number) : e);
  };
  const flush = (): void => {
    const words = chain.length / 2;
    if (words >= 3) {
      const all: number[] = [];
      for (let k = 0; k < chain.length; k += 2) pieces(chain[k] as number, chain[k + 1] as number, all);
      const plusJoined = words >= FORM_ENCODED_WORDS && sepTo - sepFrom === 1 && text.charCodeAt(sepFrom) === 0x2b;
      if (worthSplitting(text, all, plusJoined)) emit(all);
    } else {
      // Too short for a chain: its words may still be camel case, when nothing is glued to them.
      for (let k = 0; k < chain.length; k += 2) {
        const s = chain[k] as number;
        const e = chain[k + 1] as number;
        if (isWordChar(text, e)) continue;
        const humps = camelHumps(text, s, e);
        if (humps === null) continue;
        const spans: number[] = [];
        pieces(s, e, spans);
        if (worthSplitting(text, spans)) emit(spans);
      }
    }
    chain.length = 0;
  };

  forEachLetterRun(text, (start, end) => {
    if (chain.length > 0) {
      const prevEnd = chain[chain.length - 1] as number;
      // Most words follow one blank, which joins nothing.
      const joins = !(start - prevEnd === 1 && isBlank(text.charCodeAt(prevEnd))) && isSeparator(text, prevEnd, start) && (chain.length === 2 || sameText(text, sepFrom, sepTo, prevEnd, start));
      if (joins) {
        if (chain.length === 2) {
          sepFrom = prevEnd;
          sepTo = start;
        }
        chain.push(start, end);
        return;
      }
      flush();
    }
    // A word glued to a digit or a letter of another script starts no run.
    if (start === 0 || !isWordChar(text, start - 1)) chain.push(start, end);
  });
  if (chain.length > 0) flush();
  if (count === 0) return null;
  if (copied < n) {
    parts.push(text.slice(copied));
    map.pushRange(copied, n);
  }
  return { text: parts.join(''), map: map.finish(n), count };
}
