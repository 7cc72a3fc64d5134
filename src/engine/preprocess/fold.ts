/**
 * The `folded` view: spaced-out letters joined, broken words joined, words run together split, then
 * leetspeak folded, on top of the normalized text, mapped all the way back to the original.
 */
import type { PreprocessStep } from '../types';
import { joinBrokenWords } from './broken-words';
import { splitJoinedWords } from './joined-words';
import { foldLeetspeak } from './leetspeak';
import { composeMaps, identityMap } from './offset-map';
import { F_BROKEN, F_JOINED, F_LEET, F_SPACED } from './scan';
import { foldSpacedLetters } from './spaced-letters';

/** The folded text, its map to the original, and the steps that changed it. */
export interface FoldResult {
  text: string;
  map: Int32Array;
  steps: PreprocessStep[];
}

/**
 * Folds `base` (the normalized text, or the original) whose map to the original is `baseMap`
 * (null: base is the original), doing what `flags` (scanText of base) says may apply. Spaced
 * letters are joined first so "1 g n 0 r e" becomes a token leetspeak can read, and so a spaced-out
 * word ("i-g-n-o-r-e") is one word before joined words are split. Returns null when nothing changed.
 */
export function foldView(base: string, baseMap: Int32Array | null, flags: number): FoldResult | null {
  const spaced = (flags & (F_LEET | F_SPACED)) !== 0 ? foldSpacedLetters(base) : null;
  const afterSpaced = spaced === null ? base : spaced.text;
  const broken = (flags & F_BROKEN) !== 0 ? joinBrokenWords(afterSpaced) : null;
  const afterBroken = broken === null ? afterSpaced : broken.text;
  const joined = (flags & F_JOINED) !== 0 ? splitJoinedWords(afterBroken) : null;
  const afterJoined = joined === null ? afterBroken : joined.text;
  const leet = (flags & (F_LEET | F_SPACED)) !== 0 ? foldLeetspeak(afterJoined) : null;
  if (spaced === null && broken === null && joined === null && leet === null) return null;

  const steps: PreprocessStep[] = [];
  if (spaced !== null) steps.push({ step: 'spaced_letters', count: spaced.count });
  if (broken !== null) steps.push({ step: 'broken_words', count: broken.count });
  if (joined !== null) steps.push({ step: 'joined_words', count: joined.count });
  if (leet !== null) steps.push({ step: 'leetspeak', count: leet.count });
  // Leetspeak keeps the length, so only joining and splitting move offsets.
  let own = spaced === null ? baseMap : composeMaps(spaced.map, baseMap);
  if (broken !== null) own = composeMaps(broken.map, own);
  if (joined !== null) own = composeMaps(joined.map, own);
  return { text: leet === null ? afterJoined : leet.text, map: own ?? identityMap(base.length), steps };
}
