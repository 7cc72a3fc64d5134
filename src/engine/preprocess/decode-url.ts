/**
 * Percent-encoded runs: "%69%67%6E…", "?q=ignore%20all%20previous", double encoding "%2569".
 */
import { cutText, type DecodedRun, isPlausibleText, utf8 } from './decoded-text';

const ESCAPE_G = /%[0-9A-Fa-f]{2}/g;
const ESCAPES_G = /(?:%[0-9A-Fa-f]{2})+/g;

/** Characters that end a URL-ish token: blanks, quotes and brackets around it in prose or code. */
const isStop = (c: number): boolean =>
  c <= 0x20 || c === 0x22 || c === 0x27 || c === 0x60 || c === 0x3c || c === 0x3e || c === 0x28 || c === 0x29 ||
  c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x7f;

/**
 * Decodes the %XX sequences of `s`. Each maximal sequence is decoded as UTF-8 as a whole (so
 * "%C3%A9" is é); a sequence that is not valid UTF-8 is left as it was. Returns the decoded text
 * and how many escapes were decoded.
 */
export function percentDecode(s: string): { text: string; escapes: number } {
  let escapes = 0;
  ESCAPES_G.lastIndex = 0;
  const text = s.replace(ESCAPES_G, (seq) => {
    const bytes = new Uint8Array(seq.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(seq.slice(3 * i + 1, 3 * i + 3), 16);
    const decoded = utf8(bytes);
    if (decoded === null) return seq;
    escapes += bytes.length;
    return decoded;
  });
  return { text, escapes };
}

/**
 * Whether a decoded token is form-encoded prose, where '+' stands for a space
 * ("how+to+make%3F"): a '+' every dozen characters or more often. A URL path or base64 payload
 * (one '+' in ~64 characters) keeps its pluses, so nested decoding still sees the payload.
 */
function isFormEncodedProse(decoded: string): boolean {
  let plus = 0;
  for (let i = 0; i < decoded.length; i++) if (decoded.charCodeAt(i) === 0x2b) plus++;
  return plus >= 2 && plus * 12 >= decoded.length;
}

/**
 * Finds tokens (runs between blanks, quotes and brackets) holding %XX escapes, and returns each
 * with its decoded text when the result is plausible text. One token is one run, so a URL with an
 * encoded query decodes as a whole. Form-encoded prose reads its pluses as spaces (an escaped
 * plus, %2B, stays a plus). Output is capped at `maxChars`.
 */
export function findUrlRuns(text: string, maxChars: number): DecodedRun[] {
  const runs: DecodedRun[] = [];
  ESCAPE_G.lastIndex = 0;
  let budget = maxChars;
  let done = 0; // tokens never overlap: nothing before `done` is looked at again
  for (let m = ESCAPE_G.exec(text); m !== null && budget > 0; m = ESCAPE_G.exec(text)) {
    let s = m.index;
    while (s > done && !isStop(text.charCodeAt(s - 1))) s--;
    let e = m.index + 3;
    while (e < text.length && !isStop(text.charCodeAt(e))) e++;
    done = e;
    ESCAPE_G.lastIndex = e;
    const token = text.slice(s, e);
    const first = percentDecode(token);
    const escapes = first.escapes;
    const decoded = escapes > 0 && isFormEncodedProse(first.text) ? percentDecode(token.replaceAll('+', ' ')).text : first.text;
    if (escapes === 0 || !isPlausibleText(decoded)) continue;
    const cut = cutText(decoded, budget);
    runs.push({ start: s, end: e, text: cut });
    budget -= cut.length;
  }
  return runs;
}
