/**
 * Hex runs that decode to text: "69676e6f7265…", "0x6967…", "\x69\x67…", "69 67 6e …",
 * "0x69, 0x67, …".
 */
import { cutText, type DecodedRun, isPlausibleText, utf8Truncated } from './decoded-text';
import { F_BACKSLASH, F_HEXLIST, scanText } from './scan';

/**
 * One regex per form, each tried only when its marker is in the text. None has ambiguous
 * repetition: every loop advances by a fixed step, and boundaries are checked once per run.
 * - contiguous: ≥ 16 hex digits (8 bytes), optional 0x, not part of a longer word;
 * - \x escapes: ≥ 4 (the prefix already says "bytes");
 * - separated pairs: ≥ 8 pairs split by space : , or -;
 * - 0x-prefixed list: ≥ 4 items.
 */
const CONTIGUOUS_G = /[0-9A-Fa-f]{16,}/g;
const ESCAPED_G = /\\x[0-9A-Fa-f]{2}(?:\\x[0-9A-Fa-f]{2}){3,}/g;
const PAIRS_G = /(?<![0-9A-Za-z])[0-9A-Fa-f]{2}(?:[ :,-][0-9A-Fa-f]{2}){7,}(?![0-9A-Za-z])/g;
const LIST_G = /(?<![0-9A-Za-z])0x[0-9A-Fa-f]{2}(?:,? ?0x[0-9A-Fa-f]{2}){3,}(?![0-9A-Za-z])/g;

const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  NIBBLE['0123456789abcdef'.charCodeAt(i)] = i;
  NIBBLE['0123456789ABCDEF'.charCodeAt(i)] = i;
}

const isWordChar = (c: number): boolean => (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);

/** The [start, end) of every candidate run, in text order. */
function candidates(text: string, flags: number): [number, number][] {
  const found: [number, number][] = [];
  CONTIGUOUS_G.lastIndex = 0;
  for (let m = CONTIGUOUS_G.exec(text); m !== null; m = CONTIGUOUS_G.exec(text)) {
    let s = m.index;
    const e = s + m[0].length;
    if (e < text.length && isWordChar(text.charCodeAt(e))) continue;
    if (s >= 1 && (text.charCodeAt(s - 1) | 0x20) === 0x78 && s >= 2 && text.charCodeAt(s - 2) === 0x30) s -= 2; // 0x…
    if (s > 0 && isWordChar(text.charCodeAt(s - 1))) continue;
    found.push([s, e]);
  }
  if ((flags & F_BACKSLASH) !== 0 && text.includes('\\x')) collect(ESCAPED_G, text, found);
  if ((flags & F_HEXLIST) !== 0) {
    collect(LIST_G, text, found);
    collect(PAIRS_G, text, found);
  }
  return found.sort((a, b) => a[0] - b[0]);
}

function collect(re: RegExp, text: string, into: [number, number][]): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) into.push([m.index, m.index + m[0].length]);
}

/** The bytes of a run's hex digit pairs (prefixes and separators skipped), at most `maxBytes`. */
function runBytes(run: string, maxBytes: number): Uint8Array | null {
  const digits = run.replace(/\\x|0x|[ :,-]/g, '');
  if (digits.length % 2 !== 0) return null;
  const n = Math.min(digits.length / 2, maxBytes);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = ((NIBBLE[digits.charCodeAt(2 * i)] as number) << 4) | (NIBBLE[digits.charCodeAt(2 * i + 1)] as number);
  }
  return out;
}

/**
 * Finds hex runs that decode to plausible UTF-8 text. Hashes, UUIDs, colours and long numbers
 * decode to control characters or invalid UTF-8 and are dropped. Output is capped at `maxChars`.
 * `flags` (scanText of the text) let the \x and list forms be skipped when their markers are absent.
 */
export function findHexRuns(text: string, maxChars: number, flags: number = scanText(text)): DecodedRun[] {
  const runs: DecodedRun[] = [];
  let budget = maxChars;
  let done = 0;
  for (const [s, e] of candidates(text, flags)) {
    if (budget <= 0) break;
    if (s < done) continue; // forms never overlap in practice; be safe anyway
    const bytes = runBytes(text.slice(s, e), budget * 4);
    if (bytes === null) continue;
    const decoded = utf8Truncated(bytes);
    if (decoded === null || !isPlausibleText(decoded)) continue;
    const cut = cutText(decoded, budget);
    runs.push({ start: s, end: e, text: cut });
    budget -= cut.length;
    done = e;
  }
  return runs;
}
