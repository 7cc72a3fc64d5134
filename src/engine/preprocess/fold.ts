/**
 * The `folded` view: spaced-out letters joined, then leetspeak folded, on top of the normalized
 * text, mapped all the way back to the original.
 */
import type { PreprocessStep } from '../types';
import { foldLeetspeak } from './leetspeak';
import { composeMaps, identityMap } from './offset-map';
import { foldSpacedLetters } from './spaced-letters';

/** The folded text, its map to the original, and the steps that changed it. */
export interface FoldResult {
  text: string;
  map: Int32Array;
  steps: PreprocessStep[];
}

/**
 * Folds `base` (the normalized text, or the original) whose map to the original is `baseMap`
 * (null: base is the original). Spaced letters are joined first so "1 g n 0 r e" becomes a token
 * leetspeak can read. Returns null when neither changes anything.
 */
export function foldView(base: string, baseMap: Int32Array | null): FoldResult | null {
  const spaced = foldSpacedLetters(base);
  const joined = spaced === null ? base : spaced.text;
  const leet = foldLeetspeak(joined);
  if (spaced === null && leet === null) return null;

  const steps: PreprocessStep[] = [];
  if (spaced !== null) steps.push({ step: 'spaced_letters', count: spaced.count });
  if (leet !== null) steps.push({ step: 'leetspeak', count: leet.count });
  // Leetspeak keeps the length, so only spaced-letter joining moves offsets.
  const own = spaced === null ? (baseMap ?? identityMap(base.length)) : composeMaps(spaced.map, baseMap);
  return { text: leet === null ? joined : leet.text, map: own, steps };
}
