/**
 * Evasions an attacker applies to a known attack to slip it past a filter: encodings wrapped in a
 * harmless sentence, character swaps, invisible characters, spacing, reordering, quoting. The same kinds
 * public benchmarks measure robustness with (inferwall-bench's mutators); this is our own
 * implementation. Deterministic: a transform that picks characters at random seeds itself from
 * the text, so a corpus always mutates the same way. Used by `bun run eval --mutators` and the
 * robustness gate in test/engine/mutators.test.ts.
 */

/** A per-text pseudo-random sequence in [0, 1) (xorshift32 seeded by a hash of the text). */
function randomFor(text: string): () => number {
  let h = 42;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 1000003) + text.charCodeAt(i)) >>> 0;
  let x = h || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

/** Greek and Cyrillic letters drawn like Latin ones. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  a: 'а', c: 'с', e: 'е', i: 'і', o: 'ο', p: 'р', x: 'х', y: 'у', s: 'ѕ',
  A: 'Α', B: 'Β', E: 'Ε', H: 'Η', O: 'Ο', P: 'Ρ', T: 'Τ',
};
const LEET: Readonly<Record<string, string>> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7', l: '1', g: '9' };

const rot13 = (t: string): string =>
  t.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });

/** Percent-encoding as a form does it: unreserved characters kept, spaces as '+'. */
function formEncode(t: string): string {
  let out = '';
  for (const b of Buffer.from(t, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9_.~-]/.test(c)) out += c;
    else if (b === 0x20) out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** The payload carried in an everyday sentence, as a user pasting a "note" would. */
const wrap = (payload: string): string => `my note: ${payload} thanks`;

export const MUTATORS: Readonly<Record<string, (text: string) => string>> = {
  base64_wrap: (t) => wrap(Buffer.from(t, 'utf8').toString('base64')),
  hex_wrap: (t) => wrap(Buffer.from(t, 'utf8').toString('hex')),
  rot13_wrap: (t) => wrap(rot13(t)),
  url_encode: formEncode,
  // About 60 % of the letters that have a digit look-alike are swapped.
  leetspeak: (t) => {
    const next = randomFor(t);
    return [...t].map((ch) => (LEET[ch.toLowerCase()] !== undefined && next() < 0.6 ? (LEET[ch.toLowerCase()] as string) : ch)).join('');
  },
  zero_width: (t) => [...t].join('\u200b'),
  homoglyphs: (t) => [...t].map((ch) => LOOK_ALIKES[ch] ?? ch).join(''),
  fullwidth: (t) =>
    [...t]
      .map((ch) => {
        const c = ch.codePointAt(0) as number;
        if (c >= 0x21 && c <= 0x7e) return String.fromCodePoint(c - 0x21 + 0xff01);
        return ch === ' ' ? '\u3000' : ch;
      })
      .join(''),
  wide_spacing: (t) => t.split(/\s+/).filter(Boolean).join('   '),
  // Sentences in another order (a one-sentence text gets a harmless second one).
  sentence_shuffle: (t) => {
    const next = randomFor(t);
    const parts = t.split(/[.!?]/).map((p) => p.trim()).filter(Boolean);
    if (parts.length < 2) parts.push('please proceed');
    for (let i = parts.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [parts[i], parts[j]] = [parts[j] as string, parts[i] as string];
    }
    return parts.join('. ') + '.';
  },
  // Not in inferwall-bench: the attack as a quotation, and as a string value in a tool's JSON
  // result (how planted instructions reach an agent).
  quoted: (t) => `"${t}"`,
  json_tool_result: (t) => `Tool result from web_search: ${JSON.stringify({ results: [{ title: 'Search result', snippet: t }] })}`,
};
