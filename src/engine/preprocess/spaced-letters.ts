/**
 * Spaced-letter folding: "i g n o r e", "i.g.n.o.r.e", "i-g-n-o-r-e", "I_G_N_O_R_E" → "ignore".
 */
import { MapBuilder } from './offset-map';

/**
 * Four single characters separated by one repeated separator (a backreference keeps it the same).
 * Bounded: each attempt reads at most 4 units and 3 separators of ≤ 3 chars.
 */
const RUN_START = /(?<![A-Za-z0-9])[A-Za-z0-9@$]( {1,3}|[\t.\-_*/|~+,:])[A-Za-z0-9@$]\1[A-Za-z0-9@$]\1[A-Za-z0-9@$](?![A-Za-z0-9])/g;

const MIN_UNITS = 4;
const MIN_LETTERS = 2;

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
const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;

/**
 * Joins runs of ≥ 4 single characters (ASCII letters, digits, @, $; at least 2 letters) separated
 * by the same separator (1–3 spaces, a tab, or one of . - _ * / | ~ + , :). When the separator is
 * blank space, a longer blank gap after a run marks a word break and becomes one space, so
 * "i g n o r e  p r e v i o u s" reads "ignore previous". Returns null when nothing was joined.
 */
export function foldSpacedLetters(text: string): SpacedResult | null {
  RUN_START.lastIndex = 0;
  let m = RUN_START.exec(text);
  if (m === null) return null;
  const n = text.length;
  const parts: string[] = [];
  const map = new MapBuilder(n + 1);
  let copied = 0;
  let count = 0;
  while (m !== null) {
    const p = m.index;
    const sep = m[1] as string;
    const units = [p];
    let j = p + 1;
    for (;;) {
      const u = j + sep.length;
      if (u >= n || !text.startsWith(sep, j) || !isUnit(text.charCodeAt(u))) break;
      if (u + 1 < n && isAlnum(text.charCodeAt(u + 1))) break;
      units.push(u);
      j = u + 1;
    }
    let letters = 0;
    for (const u of units) if (isLetter(text.charCodeAt(u))) letters++;
    if (units.length < MIN_UNITS || letters < MIN_LETTERS) {
      // Any run starting inside this one is a part of it, with no more units or letters: skip it
      // whole (restarting at p + 1 made "1 1 1 …" quadratic).
      RUN_START.lastIndex = Math.max(p + 1, j);
      m = RUN_START.exec(text);
      continue;
    }
    if (p > copied) {
      parts.push(text.slice(copied, p));
      map.pushRange(copied, p);
    }
    for (const u of units) {
      parts.push(text[u] as string);
      map.push(u);
    }
    copied = j;
    count++;
    if (isBlank(sep.charCodeAt(0))) {
      let g = j;
      while (g < n && isBlank(text.charCodeAt(g))) g++;
      if (g - j > sep.length) {
        parts.push(' ');
        map.push(j);
        copied = g;
      }
    }
    RUN_START.lastIndex = copied;
    m = RUN_START.exec(text);
  }
  if (count === 0) return null;
  if (copied < n) {
    parts.push(text.slice(copied));
    map.pushRange(copied, n);
  }
  return { text: parts.join(''), map: map.finish(n), count };
}
