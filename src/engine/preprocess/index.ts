/**
 * Preprocessing: turns the scanned text into the views signatures are matched in, so obfuscated
 * attacks (homoglyphs, zero-width characters, leetspeak, spaced letters, reversal, encodings) are
 * caught. Built for the common case: ordinary text, in any language, gets back only its original
 * view after one character loop (scan.ts) that finds nothing to do.
 */
import { DEFAULT_PREPROCESS_LIMITS, type Preprocessed, type PreprocessLimits, type PreprocessStep, type View } from '../types';
import { decodeViews } from './decode';
import { foldView } from './fold';
import { normalizeView } from './normalize';
import { identityMap, originalSpan, reversedMap } from './offset-map';
import { looksReversed, reverseText } from './reverse';
import { unescapeControls } from './control-escapes';
import { F_BACKSLASH, F_BROKEN, F_JOINED, F_LEET, F_REVERSED, F_SPACED, scanText } from './scan';

export { originalSpan } from './offset-map';

/**
 * Produces the views of `text`:
 * - views[0]: the original (map null);
 * - 'unescaped' (kind 'normalized', identity map: same length): `\n`, `\r`, `\t` escapes written as
 *   spaces, when one is glued to a word (control-escapes.ts); the views below are built from it;
 * - 'normalized': invisibles removed, NFKC, Zalgo marks stripped, look-alikes folded — only when
 *   that changes something that could hide a Latin word;
 * - 'folded': normalized (or original) text with spaced letters joined (words run together by
 *   the spacing split again), words broken by blanks joined, words joined by separators or camel
 *   case split, and leetspeak folded;
 * - 'reversed' (kind 'folded'): the most-folded text reversed, only when it reads as reversed
 *   English; its map is non-increasing (see originalSpan);
 * - 'decoded:*': one per encoded run (base64, hex, url, html, unicode-escape, unicode-tags,
 *   variation-selectors) or a whole-text rot13, with span in the original and map null; an html
 *   run keeps the words around it on its line, since its references are often single letters or
 *   spaces of an ordinary sentence.
 * Forward maps have text.length + 1 entries, are non-decreasing and lie within
 * [0, original.length]. Never throws; work is linear in the input size, and decoding is bounded
 * by `limits`. `steps` lists each transform that changed something.
 */
export function preprocess(text: string, limits: PreprocessLimits = DEFAULT_PREPROCESS_LIMITS): Preprocessed {
  const views: View[] = [{ kind: 'original', name: 'original', text, map: null }];
  const steps: PreprocessStep[] = [];
  if (text.length === 0) return { views, steps };

  const flags = scanText(text);
  // Normalizing and folding read the text with its \n escapes as spaces (the same length, so
  // their maps still point into the original); decoders read it as written.
  const unescaped = (flags & F_BACKSLASH) !== 0 ? unescapeControls(text) : null;
  const base = unescaped === null ? text : unescaped.text;
  const baseFlags = unescaped === null ? flags : scanText(base);
  if (unescaped !== null) {
    views.push({ kind: 'normalized', name: 'unescaped', text: base, map: identityMap(base.length) });
    steps.push({ step: 'unescape_controls', count: unescaped.count });
  }
  let latest = base;
  let latestMap: Int32Array | null = null;
  let latestFlags = baseFlags;
  const normalized = normalizeView(base, baseFlags);
  let normalizedFlags = 0;
  let normalizedView: View | null = null;
  if (normalized !== null) {
    normalizedView = { kind: 'normalized', name: 'normalized', text: normalized.text, map: normalized.map };
    views.push(normalizedView);
    steps.push(...normalized.steps);
    latest = normalized.text;
    latestMap = normalized.map;
    latestFlags = scanText(latest);
    normalizedFlags = latestFlags;
  }

  const folded = (latestFlags & (F_LEET | F_SPACED | F_JOINED | F_BROKEN)) !== 0 ? foldView(latest, latestMap, latestFlags) : null;
  if (folded !== null) {
    views.push({ kind: 'folded', name: 'folded', text: folded.text, map: folded.map });
    steps.push(...folded.steps);
    latest = folded.text;
    latestMap = folded.map;
    latestFlags = scanText(latest);
  }

  if ((latestFlags & F_REVERSED) !== 0 && looksReversed(latest)) {
    const reversed = reverseText(latest);
    if (!views.some((v) => v.text === reversed)) {
      views.push({ kind: 'folded', name: 'reversed', text: reversed, map: reversedMap(latestMap, reversed.length) });
      steps.push({ step: 'reversed', count: 1 });
    }
  }

  const decoded = decodeViews(text, limits, flags);
  for (const v of decoded.views) if (!views.some((w) => w.text === v.text)) views.push(v);
  steps.push(...decoded.steps);
  if (normalized !== null && normalizedView !== null) {
    // Encodings written in look-alike or fullwidth characters ("％６９％６７", base64 with a Cyrillic
    // "с") only decode once normalized; their spans are mapped back to the original.
    let used = 0;
    for (const v of decoded.views) used += v.text.length;
    const more = decodeViews(normalized.text, { ...limits, maxDecodedChars: limits.maxDecodedChars - used }, normalizedFlags);
    for (const v of more.views) {
      if (views.some((w) => w.text === v.text)) continue;
      const [s, e] = v.span ?? [0, normalized.text.length];
      views.push({ ...v, span: originalSpan(normalizedView, s, e) });
    }
    mergeSteps(steps, more.steps);
  }
  return { views, steps };
}

/** Adds `more` to `steps`, summing the counts of steps already there. */
function mergeSteps(steps: PreprocessStep[], more: readonly PreprocessStep[]): void {
  for (const m of more) {
    const same = steps.find((s) => s.step === m.step);
    if (same) same.count += m.count;
    else steps.push(m);
  }
}
