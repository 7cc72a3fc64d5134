/**
 * Offset maps tie each view back to the original text.
 *
 * A map is read as a *boundary* map: `map[i]` is the original offset of the boundary just before
 * `text[i]`, and `map[text.length]` is the original offset of the end. For forward views this is
 * the original index of `text[i]`, and the map is non-decreasing. For the reversed view it is
 * non-increasing (boundary i of the reversed text sits right after the original character of
 * `text[i]`), so a match [s, e) covers original [map[e], map[s]). `originalSpan` hides the
 * difference: callers should use it rather than index maps by hand.
 */
import type { View } from '../types';

/** Growable Int32Array: views are built char by char and most never need a map at all. */
export class MapBuilder {
  private buf: Int32Array;
  private len = 0;

  constructor(capacity: number) {
    this.buf = new Int32Array(Math.max(16, capacity));
  }

  get length(): number {
    return this.len;
  }

  /** Appends one entry: the original offset of the next output character. */
  push(offset: number): void {
    if (this.len === this.buf.length) this.grow(this.len + 1);
    this.buf[this.len++] = offset;
  }

  /** Appends `count` copies of `offset` (an expansion: several output chars from one source). */
  pushRepeat(offset: number, count: number): void {
    if (this.len + count > this.buf.length) this.grow(this.len + count);
    for (let k = 0; k < count; k++) this.buf[this.len + k] = offset;
    this.len += count;
  }

  /** Appends the identity run start, start+1, …, end-1 (text copied verbatim). */
  pushRange(start: number, end: number): void {
    const n = end - start;
    if (n <= 0) return;
    if (this.len + n > this.buf.length) this.grow(this.len + n);
    for (let k = 0; k < n; k++) this.buf[this.len + k] = start + k;
    this.len += n;
  }

  /** Appends the final entry (the end boundary) and returns the exact-length map. */
  finish(endOffset: number): Int32Array {
    this.push(endOffset);
    return this.len === this.buf.length ? this.buf : this.buf.slice(0, this.len);
  }

  private grow(min: number): void {
    const next = new Int32Array(Math.max(min, this.buf.length * 2));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

/** Returns the identity map for a text of `length` code units (length + 1 entries). */
export function identityMap(length: number): Int32Array {
  const map = new Int32Array(length + 1);
  for (let i = 0; i <= length; i++) map[i] = i;
  return map;
}

/**
 * Composes `outer` (view → intermediate text offsets) with `inner` (intermediate → original), so
 * the result maps the view straight to the original. A null `inner` is the identity.
 */
export function composeMaps(outer: Int32Array, inner: Int32Array | null): Int32Array {
  if (inner === null) return outer;
  const out = new Int32Array(outer.length);
  for (let i = 0; i < outer.length; i++) out[i] = inner[outer[i] as number] as number;
  return out;
}

/**
 * The boundary map of a code-point reversal of a text whose own map is `source` (null: the text
 * is the original). Reversal keeps code points whole, so boundary j of the reversed text is
 * boundary (len - j) of its source.
 */
export function reversedMap(source: Int32Array | null, length: number): Int32Array {
  const map = new Int32Array(length + 1);
  for (let j = 0; j <= length; j++) map[j] = source === null ? length - j : (source[length - j] as number);
  return map;
}

/**
 * The [start, end) of the original text that a match at [s, e) of `view` came from. Works for
 * every view: the original (identity), forward maps, the reversed view's decreasing map, and
 * decoded views (their `span`). A match that ends inside an expansion (e.g. 'f' of 'ﬁ' → 'fi') is
 * widened to cover the whole source character, so the returned span never cuts a character.
 */
export function originalSpan(view: View, s: number, e: number): [number, number] {
  const map = view.map;
  if (map === null) {
    if (view.span !== undefined) return [view.span[0], view.span[1]];
    return [s, e];
  }
  const last = map.length - 1;
  if (e <= s) {
    const at = map[s] as number;
    return [at, at];
  }
  if ((map[0] as number) <= (map[last] as number)) {
    // Forward map. Equal neighbours only arise inside an expansion: step past it so the end
    // covers the whole source character of text[e - 1].
    let k = e;
    while (k < last && map[k] === map[e - 1]) k++;
    return [map[s] as number, map[k] as number];
  }
  // Reversed map: text[j] starts at original map[j + 1]. The end is the next larger boundary
  // before text[s], found by stepping back over an expansion.
  const firstStart = map[s + 1] as number;
  let k = s;
  while (k > 0 && map[k] === firstStart) k--;
  return [map[e] as number, map[k] as number];
}
