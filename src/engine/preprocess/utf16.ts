/**
 * Length-preserving rewrites (look-alikes, leetspeak, reversal) edit a copy of the text's UTF-16
 * code units in place and turn it back into a string once, instead of concatenating pieces.
 */

/** The UTF-16 code units of `text`. */
export function toUnits(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}

/** The string of `units`, lone surrogates included (a UTF-16 TextDecoder would replace them). */
export function fromUnits(units: Uint16Array): string {
  // Chunked: apply() passes every unit as an argument, and engines cap argument counts.
  if (units.length <= 8192) return String.fromCharCode.apply(null, units as unknown as number[]);
  let out = '';
  for (let i = 0; i < units.length; i += 8192) {
    out += String.fromCharCode.apply(null, units.subarray(i, Math.min(units.length, i + 8192)) as unknown as number[]);
  }
  return out;
}

/** Appends UTF-16 code units and strings; one allocation-light buffer instead of many pieces. */
export class UnitBuilder {
  private buf: Uint16Array;
  private len = 0;

  constructor(capacity: number) {
    this.buf = new Uint16Array(Math.max(16, capacity));
  }

  /** Appends text[start, end). */
  pushRange(text: string, start: number, end: number): void {
    this.reserve(end - start);
    for (let i = start; i < end; i++) this.buf[this.len++] = text.charCodeAt(i);
  }

  /** Appends all of `s`. */
  pushString(s: string): void {
    this.pushRange(s, 0, s.length);
  }

  /** The text built so far. */
  toString(): string {
    return fromUnits(this.buf.subarray(0, this.len));
  }

  private reserve(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    const next = new Uint16Array(Math.max(this.len + extra, this.buf.length * 2));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}
