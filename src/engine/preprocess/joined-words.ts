/**
 * Words run together so that no pattern reads them as words: joined by a separator
 * ("Ignore-all-previous-instructions", "reveal_your_system_prompt", "Ignore 👏 all 👏 previous")
 * or by case alone ("IgnoreAllPreviousInstructions"). The folded view reads them with one space
 * between words.
 *
 * Hyphenated compounds, slugs, paths and identifiers look the same, so a run is split only when one
 * of its words is a word attacks are made of (segment.ts): "state-of-the-art" and "getElementById"
 * stay as they are and cost no view.
 */
import { MapBuilder } from './offset-map';
import { isAttackWord } from './segment';

/**
 * A separator between words: one tight ASCII joiner, or a joiner or a symbol (arrows, dingbats,
 * emoji, with their modifiers) set apart by up to two blanks on each side. Sentence punctuation
 * (". " ", ") is not a separator: a run of short sentences is not a run of joined words. The scan's
 * F_JOINED counts exactly these characters (scan.ts).
 */
const SEP = String.raw`(?:[\-_.+/|~*=:]|[ \t]{0,2}(?:[\-+/|~*=]|[\u2100-\u2BFF\u{1F000}-\u{1FFFF}][\u{FE0F}\u{1F3FB}-\u{1F3FF}]{0,2})[ \t]{0,2})`;
/** ASCII letters only: the lexicon is English, and the scan (F_JOINED) counts ASCII words. */
const WORD = '[A-Za-z]+';
/**
 * A run of ≥ 3 words joined by one and the same separator (the backreference), or one word in
 * camel case with ≥ 3 humps, where a lone capital is a word before a capitalized one ("IAsk"). The lookbehind keeps attempts at word starts, which keeps the scan
 * linear: inside a word an attempt fails at once.
 */
const RUN = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${WORD}(${SEP})${WORD}(?:\1${WORD})+|(?:[A-Za-z][a-z]+|[A-Z](?=[A-Z][a-z]))(?:[A-Z][a-z]+|[A-Z](?=[A-Z][a-z])){2,}(?![\p{L}\p{N}]))`, 'gu');
const CAMEL_HUMP = /[A-Z]?[a-z]+|[A-Z]/g;

/** Output of the split: text mapped to its input, and how many runs were split. */
export interface JoinedResult {
  text: string;
  /** map[i] = index in the input of text[i]; length text.length + 1. */
  map: Int32Array;
  count: number;
}

/** The words of a run: [start, end) pairs in the text, in order. */
function runWords(text: string, from: number, to: number, sep: string | undefined): number[] {
  const spans: number[] = [];
  if (sep === undefined) {
    CAMEL_HUMP.lastIndex = 0;
    const word = text.slice(from, to);
    for (let m = CAMEL_HUMP.exec(word); m !== null; m = CAMEL_HUMP.exec(word)) spans.push(from + m.index, from + m.index + m[0].length);
    return spans;
  }
  let start = from;
  for (;;) {
    const at = text.indexOf(sep, start);
    const end = at < 0 || at >= to ? to : at;
    spans.push(start, end);
    if (end === to) return spans;
    start = end + sep.length;
  }
}

/** Whether the words are worth a view: one of them is an attack word, two have ≥ 2 letters. */
function worthSplitting(text: string, spans: readonly number[]): boolean {
  let attack = false;
  let long = 0;
  for (let k = 0; k < spans.length; k += 2) {
    const word = text.slice(spans[k], spans[k + 1]);
    if (word.length >= 2) long++;
    if (!attack && isAttackWord(word.toLowerCase())) attack = true;
  }
  return attack && long >= 2;
}

/**
 * Splits the joined runs of `text` into words separated by one space (each space maps to the
 * separator it replaces). Returns null when no run qualifies. Linear: one regex pass whose
 * attempts start at word starts only.
 */
export function splitJoinedWords(text: string): JoinedResult | null {
  RUN.lastIndex = 0;
  let m = RUN.exec(text);
  if (m === null) return null;
  const parts: string[] = [];
  const map = new MapBuilder(text.length + 1);
  let copied = 0;
  let count = 0;
  for (; m !== null; m = RUN.exec(text)) {
    const from = m.index;
    const to = from + m[0].length;
    const spans = runWords(text, from, to, m[1]);
    if (!worthSplitting(text, spans)) continue;
    if (from > copied) {
      parts.push(text.slice(copied, from));
      map.pushRange(copied, from);
    }
    for (let k = 0; k < spans.length; k += 2) {
      const s = spans[k] as number;
      const e = spans[k + 1] as number;
      if (k > 0) {
        parts.push(' ');
        map.push(spans[k - 1] as number);
      }
      parts.push(text.slice(s, e));
      map.pushRange(s, e);
    }
    copied = to;
    count++;
  }
  if (count === 0) return null;
  if (copied < text.length) {
    parts.push(text.slice(copied));
    map.pushRange(copied, text.length);
  }
  return { text: parts.join(''), map: map.finish(text.length), count };
}
