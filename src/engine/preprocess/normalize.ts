/**
 * The `normalized` view: invisible characters removed, NFKC applied per cluster, combining-mark
 * noise stripped from ASCII letters ("Zalgo"), and look-alike letters folded to Latin.
 *
 * The view is produced only for *significant* differences — changes that can hide a Latin word
 * from a regex. Differences honest text is full of (fullwidth punctuation in Chinese, NBSP, ZWJ in
 * emoji, ZWNJ in Persian, decomposed accents) are applied when the view exists but do not cause it,
 * so most non-English text costs the one scan (scan.ts) and no view.
 */
import type { PreprocessStep } from '../types';
import { foldHomoglyphs } from './homoglyphs';
import { inEmojiTagSequence, Invisible, invisibleKind, isAsciiLetter } from './invisible';
import { isMark, isZalgoMark, nfkcChange, nfkcMakesLatin, ZALGO_MARK_RANGES } from './nfkc';
import { identityMap, MapBuilder } from './offset-map';
import { F_NORMALIZE, isLatinDominant, scanText } from './scan';
import { UnitBuilder } from './utf16';

const ZALGO_MARKS_G = new RegExp(
  `[${ZALGO_MARK_RANGES.map(([a, b]) => `\\u${a.toString(16).padStart(4, '0')}-\\u${b.toString(16).padStart(4, '0')}`).join('')}]`,
  'g',
);

/** The normalized text, its map to the original, and the steps that changed it. */
export interface NormalizeResult {
  text: string;
  map: Int32Array;
  steps: PreprocessStep[];
}

/**
 * Builds the normalized view of `text`, or returns null when nothing significant would change.
 * `map` has text.length + 1 entries and is non-decreasing; characters produced by one NFKC
 * expansion (ﬁ → fi) all map to the source character.
 */
export function normalizeView(text: string, flags: number = scanText(text)): NormalizeResult | null {
  if ((flags & F_NORMALIZE) === 0) return null;

  const first = stripAndNfkc(text);
  const folded = foldHomoglyphs(first.text, () => isLatinDominant(text));
  if (!first.significant && folded === null) return null;

  const steps: PreprocessStep[] = [];
  if (first.invisible > 0) steps.push({ step: 'strip_invisible', count: first.invisible });
  if (first.nfkc > 0) steps.push({ step: 'nfkc', count: first.nfkc });
  if (first.marks > 0) steps.push({ step: 'strip_marks', count: first.marks });
  if (folded !== null) steps.push({ step: 'homoglyphs', count: folded.count });
  return { text: folded === null ? first.text : folded.text, map: first.map, steps };
}

interface FirstPass {
  text: string;
  map: Int32Array;
  invisible: number;
  nfkc: number;
  marks: number;
  significant: boolean;
}

/** The end of the run of Zalgo-range marks starting at `from`. */
function skipZalgo(text: string, from: number): number {
  let end = from;
  while (end < text.length && isZalgoMark(text.charCodeAt(end))) end++;
  return end;
}

/** Removes invisibles, applies NFKC per cluster and strips marks left on ASCII letters. */
function stripAndNfkc(text: string): FirstPass {
  const n = text.length;
  const out = new UnitBuilder(n + 16);
  const map = new MapBuilder(n + 16);
  let copied = 0; // text[copied, i) is pending verbatim output
  let invisible = 0;
  let nfkc = 0;
  let marks = 0;
  let significant = false;
  const flush = (upTo: number): void => {
    if (upTo > copied) {
      out.pushRange(text, copied, upTo);
      map.pushRange(copied, upTo);
    }
  };

  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 0x7f && (c >= 0x20 || (c >= 0x09 && c <= 0x0d))) {
      i++;
      continue;
    }
    const cp = text.codePointAt(i) as number;
    const w = cp > 0xffff ? 2 : 1;
    const kind = invisibleKind(cp);
    if (kind !== Invisible.None) {
      flush(i);
      invisible++;
      if (kind === Invisible.Strong) {
        // A leading BOM is file noise; tags after 🏴 spell a flag (England, Scotland, Wales).
        if ((cp !== 0xfeff || i !== 0) && !(cp >= 0xe0000 && cp <= 0xe007f && inEmojiTagSequence(text, i))) significant = true;
      } else if (isAsciiLetter(i > 0 ? text.charCodeAt(i - 1) : 0) || isAsciiLetter(i + w < n ? text.charCodeAt(i + w) : 0)) {
        significant = true;
      }
      i += w;
      copied = i;
      continue;
    }

    // Cluster = base + following marks. A mark right after a pending ASCII letter takes that
    // letter as its base, so composition (e + ◌́ → é) and Zalgo stripping both see the pair.
    let start = i;
    if (i > copied && isMark(cp) && isAsciiLetter(text.charCodeAt(i - 1))) start = i - 1;
    let end = i + w;
    let zalgo = start < i && isZalgoMark(cp) ? 1 : 0; // Zalgo-range marks on an ASCII letter
    while (end < n && end - start < 64) {
      const next = text.codePointAt(end) as number;
      if (!isMark(next)) break;
      if (zalgo > 0 && isZalgoMark(next)) zalgo++;
      else zalgo = 0;
      end += next > 0xffff ? 2 : 1;
    }
    if (zalgo >= 2 && start + 1 + zalgo === end) {
      // A letter under a pile of marks: honest text rarely stacks two on an ASCII letter (NFD
      // Vietnamese does, and only loses its accents in this view), so skip composition and keep
      // the bare letter. This is also what keeps Zalgo text cheap.
      end = skipZalgo(text, end);
      flush(start + 1); // the bare letter
      marks++;
      significant = true;
      copied = end;
      i = end;
      continue;
    }
    if (start === i && end === i + w) {
      // One code point: the common case. Most are NFKC-stable and cost one cache lookup.
      const change = nfkcChange(cp);
      if (change !== null) {
        flush(i);
        nfkc++;
        if (nfkcMakesLatin(cp)) significant = true;
        out.pushString(change);
        map.pushRepeat(i, change.length);
        copied = end;
      }
      i = end;
      continue;
    }
    const chunk = text.slice(start, end);
    const norm = chunk.normalize('NFKC');
    let result = norm;
    if (isAsciiLetter(norm.charCodeAt(0))) {
      // Marks that did not compose onto an ASCII letter are noise (Zalgo), not spelling.
      const stripped = norm.replace(ZALGO_MARKS_G, '');
      if (stripped !== norm) {
        result = stripped;
        marks++;
        significant = true;
        // The 64-unit cluster cap bounds NFKC work; marks beyond it are dropped without it.
        end = skipZalgo(text, end);
      }
    }
    if (result === chunk) {
      i = end;
      continue;
    }
    flush(start);
    if (norm !== chunk) {
      nfkc++;
      if (nfkcMakesLatin(text.codePointAt(start) as number)) significant = true;
    }
    out.pushString(result);
    map.pushRepeat(start, result.length);
    copied = end;
    i = end;
  }
  if (copied === 0) {
    // Nothing was rewritten: skip building a copy of the text.
    return { text, map: identityMap(n), invisible, nfkc, marks, significant };
  }
  flush(n);
  return { text: out.toString(), map: map.finish(n), invisible, nfkc, marks, significant };
}
