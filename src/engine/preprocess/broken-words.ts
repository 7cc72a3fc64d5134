/**
 * Words broken by blanks so that no pattern reads them ("Ig nore all prev ious instruc tions",
 * "re veal your sys tem prompt", "by pass the safe ty fil ters"). The folded view joins two or
 * three pieces set apart by one blank each when together they spell a word attack phrases are
 * built from, so the signatures read the phrase.
 *
 * Only those words are joined: ordinary text is full of pieces that make other words ("every one",
 * "in to", "any way"), and joining them would only cost a view. The scan raises F_BROKEN from the
 * same word list (a filter over hashes of the joined pieces), so most texts never come here.
 */
import { MapBuilder } from './offset-map';
import type { JoinedResult } from './joined-words';
import { forEachLetterRun, isBlank, isWordChar } from './word-chars';

/**
 * Words of instruction overrides, prompt disclosure, jailbreaks and agent abuse, five letters or
 * more (shorter ones are broken into pieces that are words themselves: "mo de", "ru les").
 */
export const BROKEN_WORDS: readonly string[] = `
ignore ignoring disregard forget forgetting override bypass circumvent reveal repeat recite disable
execute pretend exfiltrate jailbreak jailbroken unlock print output display delete respond comply
obey expose abandon previous prior preceding earlier above instructions instruction directives
directive guidelines rules restrictions restricted limitations constraints filters filter safety
system prompt prompts context developer administrator admin unrestricted unfiltered uncensored
unlimited confidential secret secrets password passwords credentials hidden internal initial
original policy policies ethical ethics guardrails moderation content roleplay persona verbatim
configuration training programming creators important
`
  .split(/\s+/)
  .filter((w) => w.length >= 5);

/** The longest word in the list: longer runs of pieces are not looked at. */
export const MAX_BROKEN_WORD = BROKEN_WORDS.reduce((m, w) => Math.max(m, w.length), 0);

const WORDS = new Set(BROKEN_WORDS);

/**
 * Joins the broken words of `text` (the blanks between their pieces removed; every other character
 * maps to itself). Three pieces are tried before two, so "instruc ti ons" is one word. Returns
 * null when nothing was joined. Linear: each letter run is looked at a bounded number of times.
 */
export function joinBrokenWords(text: string): JoinedResult | null {
  const n = text.length;
  // ASCII letter runs as [start, end) pairs, as the scan reads words.
  const runs: number[] = [];
  forEachLetterRun(text, (start, end) => runs.push(start, end));
  const parts: string[] = [];
  const map = new MapBuilder(0);
  let copied = 0;
  let count = 0;
  /** Whether run r (index into runs) is followed by exactly one blank and then run r + 1. */
  const blankAfter = (r: number): boolean => {
    const end = runs[r + 1] as number;
    return r + 2 < runs.length && runs[r + 2] === end + 1 && isBlank(text.charCodeAt(end));
  };
  const spells = (from: number, pieces: number): boolean => {
    const end = runs[from + 2 * pieces - 1] as number;
    if (isWordChar(text, end)) return false;
    let word = '';
    for (let p = 0; p < pieces; p++) word += text.slice(runs[from + 2 * p], runs[from + 2 * p + 1]);
    return word.length <= MAX_BROKEN_WORD && WORDS.has(word.toLowerCase());
  };

  for (let r = 0; r + 2 < runs.length; ) {
    const start = runs[r] as number;
    if (!blankAfter(r) || isWordChar(text, start - 1)) {
      r += 2;
      continue;
    }
    const pieces = blankAfter(r + 2) && spells(r, 3) ? 3 : spells(r, 2) ? 2 : 0;
    if (pieces === 0) {
      r += 2;
      continue;
    }
    for (let p = 0; p + 1 < pieces; p++) {
      const blank = runs[r + 2 * p + 1] as number;
      parts.push(text.slice(copied, blank));
      map.pushRange(copied, blank);
      copied = blank + 1;
    }
    count++;
    r += 2 * pieces;
  }
  if (count === 0) return null;
  parts.push(text.slice(copied));
  map.pushRange(copied, n);
  return { text: parts.join(''), map: map.finish(n), count };
}
