/**
 * Code point escapes: "\u0069\u0067", "\u{69}", "\U00000069", "\x69" mixed in with them, and
 * "U+0069 U+0067" lists.
 */
import { cutText, type DecodedRun, isPlausibleText } from './decoded-text';

const ESCAPE_G =
  /\\u\{([0-9A-Fa-f]{1,6})\}|\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})|\\x([0-9A-Fa-f]{2})|(?<![0-9A-Za-z+])[Uu]\+([0-9A-Fa-f]{4,6})(?![0-9A-Fa-f])/g;

/** Escapes closer than this belong to one run. */
const MAX_GAP = 16;
/** What may sit between two items of a "U+0069 U+0067" list; it is dropped when decoding. */
const LIST_SEPARATOR = /^[\s,;]*$/;

/**
 * Finds runs of code point escapes (at most 16 characters apart) and returns each decoded. A run
 * needs at least one \u / \U / U+ escape (runs of bare \x escapes are bytes, left to the hex
 * decoder) and ≥ 2 escapes, so JSON's occasional "caf\u00e9" or a prose mention of "U+200B" does
 * not become a view (one escape decodes to one character: nothing to match). Text between escapes
 * is kept, except list separators between two U+ items. Output is capped at `maxChars`.
 */
export function findUnicodeEscapeRuns(text: string, maxChars: number): DecodedRun[] {
  const runs: DecodedRun[] = [];
  ESCAPE_G.lastIndex = 0;
  let budget = maxChars;
  let m = ESCAPE_G.exec(text);
  while (m !== null && budget > 0) {
    const start = m.index;
    let end = start;
    let out = '';
    let escapes = 0;
    let wide = false; // saw \u, \U or U+
    let prevList = false;
    while (m !== null && (escapes === 0 || m.index - end <= MAX_GAP)) {
      const gap = text.slice(end, m.index);
      const isList = m[5] !== undefined;
      if (!(isList && prevList && LIST_SEPARATOR.test(gap))) out += gap;
      const cp = parseInt(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '', 16);
      if (cp <= 0x10ffff) {
        // \uD83D\uDE00 pairs are written as two escapes: emit code units and let them pair up.
        out += cp <= 0xffff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
        escapes++;
        if (m[4] === undefined) wide = true;
      } else {
        out += m[0];
      }
      prevList = isList;
      end = m.index + m[0].length;
      m = ESCAPE_G.exec(text);
    }
    if (wide && escapes >= 2 && isPlausibleText(out)) {
      const cut = cutText(out, budget);
      runs.push({ start, end, text: cut });
      budget -= cut.length;
    }
  }
  return runs;
}
