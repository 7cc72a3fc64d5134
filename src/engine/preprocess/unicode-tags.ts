/**
 * Invisible-text smuggling. Unicode tag characters (U+E0020–U+E007E) mirror ASCII and render as
 * nothing, so "ASCII smuggling" hides a whole instruction in them; runs of variation selectors
 * (U+FE00–U+FE0F, U+E0100–U+E01EF) can carry arbitrary bytes after an emoji. The normalized view
 * drops both; these decoders bring the hidden text back as views of its own.
 */
import { cutText, type DecodedRun, isPlausibleText, utf8 } from './decoded-text';

const TAG_RUN_G = /[\u{E0000}-\u{E007F}]+/gu;
const SELECTOR_RUN_G = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]{4,}/gu;
const BLACK_FLAG = 0x1f3f4;

/**
 * Decodes runs of tag characters to the ASCII they mirror. Emoji tag sequences (subdivision flags
 * such as 🏴 + "gbsct" + cancel tag) are honest and skipped. Output is capped at `maxChars`.
 */
export function findTagRuns(text: string, maxChars: number): DecodedRun[] {
  const runs: DecodedRun[] = [];
  TAG_RUN_G.lastIndex = 0;
  let budget = maxChars;
  for (let m = TAG_RUN_G.exec(text); m !== null && budget > 0; m = TAG_RUN_G.exec(text)) {
    if (m.index >= 2 && text.codePointAt(m.index - 2) === BLACK_FLAG) continue;
    let out = '';
    for (const ch of m[0]) {
      const c = (ch.codePointAt(0) as number) - 0xe0000;
      if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    }
    if (out.length < 2 || !isPlausibleText(out)) continue;
    const cut = cutText(out, budget);
    runs.push({ start: m.index, end: m.index + m[0].length, text: cut });
    budget -= cut.length;
  }
  return runs;
}

/**
 * Decodes runs of ≥ 4 variation selectors as bytes (U+FE00+b for b < 16, U+E0100+(b−16) for the
 * rest, the common smuggling scheme) when they form plausible UTF-8 text. Single selectors after
 * emoji are honest and never reach here. Output is capped at `maxChars`.
 */
export function findVariationSelectorRuns(text: string, maxChars: number): DecodedRun[] {
  const runs: DecodedRun[] = [];
  SELECTOR_RUN_G.lastIndex = 0;
  let budget = maxChars;
  for (let m = SELECTOR_RUN_G.exec(text); m !== null && budget > 0; m = SELECTOR_RUN_G.exec(text)) {
    const bytes: number[] = [];
    for (const ch of m[0]) {
      const cp = ch.codePointAt(0) as number;
      bytes.push(cp <= 0xfe0f ? cp - 0xfe00 : cp - 0xe0100 + 16);
    }
    const decoded = utf8(Uint8Array.from(bytes));
    if (decoded === null || !isPlausibleText(decoded)) continue;
    const cut = cutText(decoded, budget);
    runs.push({ start: m.index, end: m.index + m[0].length, text: cut });
    budget -= cut.length;
  }
  return runs;
}
