/** Shared helpers for the preprocessing tests. */
import { originalSpan, preprocess } from '../../../src/engine/preprocess/index';
import type { Preprocessed, View } from '../../../src/engine/types';
import { prng } from '../../helpers/prng';

/** The view called `name`, if produced. */
export function viewNamed(result: Preprocessed, name: string): View | undefined {
  return result.views.find((v) => v.name === name);
}

/** Names of every view after the original. */
export function extraViews(text: string): string[] {
  return preprocess(text).views.slice(1).map((v) => v.name);
}

/**
 * Finds `needle` in `view` and returns the original substring the match maps back to (via
 * originalSpan), or null when the needle is not in the view.
 */
export function mappedBack(original: string, view: View, needle: string): string | null {
  const s = view.text.indexOf(needle);
  if (s < 0) return null;
  const [a, b] = originalSpan(view, s, s + needle.length);
  return original.slice(a, b);
}

/** Deterministic PRNG so property tests fail reproducibly. */
export const rng = prng;
