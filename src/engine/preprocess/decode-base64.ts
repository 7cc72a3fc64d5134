/**
 * Base64 runs (standard and URL-safe alphabets) that decode to text.
 */
import { cutText, type DecodedRun, isPlausibleText, utf8Truncated } from './decoded-text';

/** Minimum run length: shorter runs are ordinary words and identifiers far more often. */
export const MIN_BASE64_RUN = 16;

/**
 * A maximal run of base64 characters, with optional padding. Matching is leftmost-greedy, so a
 * run is found from its first character and read once; a run shorter than 16 costs at most 16
 * steps per position.
 */
const RUN_G = /[A-Za-z0-9+/_-]{16,}={0,2}/g;

const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  VALUE['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
}
VALUE[0x2d] = 62; // '-' (URL-safe)
VALUE[0x5f] = 63; // '_' (URL-safe)

/**
 * Decodes base64 text (either alphabet, padding optional) into bytes, or null when the length
 * cannot be base64 (a single leftover character).
 */
export function base64Bytes(s: string): Uint8Array | null {
  let len = s.length;
  while (len > 0 && s.charCodeAt(len - 1) === 0x3d) len--;
  if (len % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < len; i++) {
    const v = VALUE[s.charCodeAt(i)];
    if (v === undefined || v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/**
 * Finds base64 runs of ≥ 16 characters that decode to plausible UTF-8 text and returns them with
 * their decoded text. Rejected on sight: runs mixing both alphabets (paths like "a/b-c"), runs
 * without both upper- and lowercase letters (long words, hex, numbers), and anything decoding to
 * binary or random bytes. Runs longer than `maxChars` decoded characters are cut to that budget.
 */
export function findBase64Runs(text: string, maxChars: number): DecodedRun[] {
  const runs: DecodedRun[] = [];
  RUN_G.lastIndex = 0;
  let budget = maxChars;
  for (let m = RUN_G.exec(text); m !== null && budget > 0; m = RUN_G.exec(text)) {
    const run = m[0];
    if (!looksLikeBase64(run)) continue;
    // Decode no more than the budget needs (4 chars → 3 bytes ≥ 1 char each).
    const slice = run.length > budget * 2 ? run.slice(0, Math.ceil((budget * 4) / 3 / 4) * 4) : run;
    const bytes = base64Bytes(slice);
    if (bytes === null) continue;
    const decoded = utf8Truncated(bytes);
    if (decoded === null || !isPlausibleText(decoded)) continue;
    const cut = cutText(decoded, budget);
    runs.push({ start: m.index, end: m.index + run.length, text: cut });
    budget -= cut.length;
  }
  return runs;
}

function looksLikeBase64(run: string): boolean {
  let upper = false;
  let lower = false;
  let standard = false;
  let urlSafe = false;
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) upper = true;
    else if (c >= 0x61 && c <= 0x7a) lower = true;
    else if (c === 0x2b || c === 0x2f) standard = true;
    else if (c === 0x2d || c === 0x5f) urlSafe = true;
  }
  return upper && lower && !(standard && urlSafe);
}
