/**
 * Redaction of found entities: `mask` (****), `placeholder` (<EMAIL_1>, the same value always gets
 * the same placeholder within a request, with an optional mapping to restore values), or `hash`
 * (<EMAIL_3f9a…>, an HMAC so equal values correlate without being reversible by guessing).
 */
import { createHmac } from 'node:crypto';
import type { Entity } from './entities';

export type RedactionStyle = 'mask' | 'placeholder' | 'hash';

export interface Redaction {
  readonly text: string;
  /** placeholder → original value (placeholder style only). Sensitive: it holds the data itself. */
  readonly mapping: Readonly<Record<string, string>>;
}

/** Replaces each (non-overlapping, sorted) entity in `text`. `hashKey` keys the HMAC for `hash`. */
export function redact(text: string, entities: readonly Entity[], style: RedactionStyle, hashKey: Uint8Array): Redaction {
  const mapping: Record<string, string> = {};
  const byValue = new Map<string, string>();
  const counters = new Map<string, number>();
  let out = '';
  let at = 0;
  for (const e of entities) {
    const value = text.slice(e.start, e.end);
    let replacement: string;
    if (style === 'mask') replacement = '****';
    else if (style === 'hash') {
      replacement = `<${e.type}_${createHmac('sha256', hashKey).update(`${e.type}\u0000${value}`).digest('hex').slice(0, 12)}>`;
    } else {
      const key = `${e.type}\u0000${value}`;
      let ph = byValue.get(key);
      if (!ph) {
        const n = (counters.get(e.type) ?? 0) + 1;
        counters.set(e.type, n);
        ph = `<${e.type}_${n}>`;
        byValue.set(key, ph);
        mapping[ph] = value;
      }
      replacement = ph;
    }
    out += text.slice(at, e.start) + replacement;
    at = e.end;
  }
  return { text: out + text.slice(at), mapping };
}

/** Puts original values back into a text that contains placeholders (e.g. the model's answer). */
export function restore(text: string, mapping: Readonly<Record<string, string>>): string {
  return text.replace(/<[A-Z_]+_\d+>/g, (ph) => mapping[ph] ?? ph);
}
