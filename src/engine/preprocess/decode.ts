/**
 * Decoded views: every encoded run found in the text becomes a view of its own, decoded again
 * (base64 inside hex inside …) up to the depth limit, all within one character budget.
 */
import type { PreprocessLimits, PreprocessStep, View } from '../types';
import { findBase64Runs } from './decode-base64';
import { findHexRuns } from './decode-hex';
import { findMorseRuns } from './decode-morse';
import { findUrlRuns } from './decode-url';
import { cutText, type DecodedRun } from './decoded-text';
import { findHtmlEntityRuns } from './html-entities';
import { fromPigLatin, looksPigLatin } from './pig-latin';
import { looksRot13, rot13 } from './rot13';
import { F_AMP, F_BACKSLASH, F_BASE64, F_HEXLIST, F_MORSE, F_PERCENT, F_CIPHER, F_ROT13_LETTERS, F_SMUGGLED, F_UPLUS, scanText } from './scan';
import { findUnicodeEscapeRuns } from './unicode-escapes';
import { findTagRuns, findVariationSelectorRuns } from './unicode-tags';

interface Decoder {
  name: string;
  step: string;
  find: (text: string, maxChars: number, flags: number) => DecodedRun[];
  /** scanText flags of which at least one must be set for the decoder to have anything to find. */
  needs: number;
}

/** Order matters only for ties: a run two decoders agree on is reported by the first. */
const DECODERS: readonly Decoder[] = [
  { name: 'decoded:base64', step: 'decode_base64', find: findBase64Runs, needs: F_BASE64 },
  { name: 'decoded:hex', step: 'decode_hex', find: findHexRuns, needs: F_BASE64 | F_BACKSLASH | F_HEXLIST },
  { name: 'decoded:url', step: 'decode_url', find: findUrlRuns, needs: F_PERCENT },
  { name: 'decoded:html', step: 'decode_html', find: findHtmlEntityRuns, needs: F_AMP },
  { name: 'decoded:unicode-escape', step: 'decode_unicode_escape', find: findUnicodeEscapeRuns, needs: F_BACKSLASH | F_UPLUS },
  { name: 'decoded:unicode-tags', step: 'decode_unicode_tags', find: findTagRuns, needs: F_SMUGGLED },
  { name: 'decoded:variation-selectors', step: 'decode_variation_selectors', find: findVariationSelectorRuns, needs: F_SMUGGLED },
  { name: 'decoded:morse', step: 'decode_morse', find: findMorseRuns, needs: F_MORSE },
];

/**
 * Above this many decoded views, further runs of a decoder are appended (newline-separated) to one
 * overflow view per decoder instead: bounded view count for the matcher, nothing dropped.
 */
export const MAX_DECODED_VIEWS = 64;

interface Pending {
  text: string;
  /** Span in the original of the outermost run; null for the original text itself. */
  span: readonly [number, number] | null;
  depth: number;
}

/**
 * Produces the decoded views of `text` and one step per decoder that decoded something (count =
 * runs). Each view's `span` is the [start, end) in the original of the outermost encoded run it
 * came from; nested views carry the innermost decoder's name. Never produces more than
 * `limits.maxDecodedChars` characters in total or nests deeper than `limits.maxDecodeDepth`.
 * `flags` are scanText(text), passed in when the caller already has them.
 */
export function decodeViews(
  text: string,
  limits: PreprocessLimits,
  flags: number = scanText(text),
): { views: View[]; steps: PreprocessStep[] } {
  const views: View[] = [];
  const counts = new Map<string, number>();
  let budget = limits.maxDecodedChars;
  if (limits.maxDecodeDepth <= 0 || budget <= 0) return { views, steps: [] };

  const seen = new Set<string>();
  const overflow = new Map<string, View>();
  const queue: Pending[] = [{ text, span: null, depth: 0 }];
  const emit = (name: string, step: string, decoded: string, span: readonly [number, number], depth: number): void => {
    if (decoded.length === 0 || seen.has(decoded) || decoded === text) return;
    seen.add(decoded);
    budget -= decoded.length;
    counts.set(step, (counts.get(step) ?? 0) + 1);
    if (views.length < MAX_DECODED_VIEWS) {
      views.push({ kind: 'decoded', name, text: decoded, map: null, span });
    } else {
      const prev = overflow.get(name);
      if (prev === undefined) {
        const view: View = { kind: 'decoded', name, text: decoded, map: null, span };
        overflow.set(name, view);
      } else {
        const [s0, e0] = prev.span as readonly [number, number];
        prev.text += `\n${decoded}`;
        prev.span = [Math.min(s0, span[0]), Math.max(e0, span[1])];
      }
    }
    if (depth < limits.maxDecodeDepth) queue.push({ text: decoded, span, depth });
  };

  for (let q = 0; q < queue.length && budget > 0; q++) {
    const item = queue[q] as Pending;
    const depth = item.depth + 1;
    const itemFlags = q === 0 ? flags : scanText(item.text);
    for (const d of DECODERS) {
      if (budget <= 0) break;
      if ((itemFlags & d.needs) === 0) continue;
      for (const run of d.find(item.text, budget, itemFlags)) {
        emit(d.name, d.step, run.text, item.span ?? [run.start, run.end], depth);
      }
    }
    // Letters shifted as ROT13 shifts them (any language), or ROT13 forms of English words.
    if (budget > 0 && ((itemFlags & F_ROT13_LETTERS) !== 0 || ((itemFlags & F_CIPHER) !== 0 && looksRot13(item.text)))) {
      const source = cutText(item.text, budget);
      emit('decoded:rot13', 'decode_rot13', rot13(source), item.span ?? [0, source.length], depth);
    }
    if (budget > 0 && (itemFlags & F_CIPHER) !== 0 && looksPigLatin(item.text)) {
      const source = cutText(item.text, budget);
      emit('decoded:pig-latin', 'decode_pig_latin', fromPigLatin(source), item.span ?? [0, source.length], depth);
    }
  }
  for (const view of overflow.values()) views.push(view);
  const steps: PreprocessStep[] = [];
  for (const [step, count] of counts) steps.push({ step, count });
  return { views, steps };
}
