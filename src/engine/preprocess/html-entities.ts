/**
 * HTML character references: "&#105;&#103;…", "&#x69;", "&lt;script&gt;".
 */
import { cutText, type DecodedRun, isPlausibleText } from './decoded-text';

/** Named references worth knowing; anything else is left as written. */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', sol: '/', bsol: '\\', colon: ':',
  semi: ';', comma: ',', period: '.', excl: '!', quest: '?', num: '#', dollar: '$', percnt: '%',
  ast: '*', plus: '+', equals: '=', lpar: '(', rpar: ')', lsqb: '[', rsqb: ']', lbrack: '[',
  rbrack: ']', lcub: '{', rcub: '}', lbrace: '{', rbrace: '}', verbar: '|', vert: '|', grave: '`',
  lowbar: '_', hyphen: '-', dash: '-', commat: '@', Hat: '^', tilde: '~', Tab: '\t', NewLine: '\n',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«',
  raquo: '»', bull: '•', middot: '·', copy: '©', reg: '®', trade: '™', deg: '°', times: '×',
  divide: '÷', euro: '€', pound: '£', yen: '¥', cent: '¢', sect: '§', para: '¶', iexcl: '¡',
  iquest: '¿', shy: '\u00ad', zwj: '\u200d', zwnj: '\u200c', lrm: '\u200e', rlm: '\u200f',
};

/** Numeric references may omit the ';' (browsers accept "&#105"); named ones must have it. */
const ENTITY_G = /&(?:#[xX]([0-9A-Fa-f]{1,6});?|#([0-9]{1,7});?|([A-Za-z][A-Za-z0-9]{1,31});)/g;

/** References closer than this belong to one run ("&lt;script&gt;alert(1)&lt;/script&gt;"). */
const MAX_GAP = 16;

/**
 * Text around a run that its view keeps, on the same line: a reference is often one character of
 * an ordinary sentence ("&#73;gnore all previous instructions", "Ignore&#32;all&#32;previous"),
 * and the words around it are what a signature reads.
 */
const CONTEXT = 160;
/** How far a context edge that falls inside a word moves to reach the word's edge. */
const WORD_SNAP = 32;

function decodeOne(hex: string | undefined, dec: string | undefined, name: string | undefined): string | null {
  if (name !== undefined) return NAMED[name] ?? null;
  const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec as string, 10);
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  return String.fromCodePoint(cp);
}

/** One reference: where it is and what it stands for (null: unknown, left as written). */
interface Ref {
  start: number;
  end: number;
  decoded: string | null;
  numeric: boolean;
  markup: boolean;
}

function findRefs(text: string): Ref[] {
  const refs: Ref[] = [];
  ENTITY_G.lastIndex = 0;
  for (let m = ENTITY_G.exec(text); m !== null; m = ENTITY_G.exec(text)) {
    refs.push({
      start: m.index,
      end: m.index + m[0].length,
      decoded: decodeOne(m[1], m[2], m[3]),
      numeric: m[3] === undefined,
      markup: m[3] === 'lt' || m[3] === 'gt',
    });
  }
  return refs;
}

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;
const isLineBreak = (c: number): boolean => c === 0x0a || c === 0x0d;

/**
 * The start of the context before `from`: back to the line start, `floor`, or CONTEXT characters,
 * whichever is nearest; a cut inside a word moves forward to the word's end (by ≤ WORD_SNAP).
 */
function contextStart(text: string, from: number, floor: number): number {
  const limit = Math.max(floor, from - CONTEXT);
  let s = from;
  while (s > limit && !isLineBreak(text.charCodeAt(s - 1))) s--;
  if (s === limit && s > floor && s > 0 && !isBlank(text.charCodeAt(s - 1))) {
    let k = s;
    while (k < from && k - s < WORD_SNAP && !isBlank(text.charCodeAt(k))) k++;
    if (k < from && isBlank(text.charCodeAt(k))) s = k + 1;
  }
  return s;
}

/** The end of the context after `to`: the mirror of contextStart. */
function contextEnd(text: string, to: number): number {
  const limit = Math.min(text.length, to + CONTEXT);
  let e = to;
  while (e < limit && !isLineBreak(text.charCodeAt(e))) e++;
  if (e === limit && e < text.length && !isBlank(text.charCodeAt(e))) {
    let k = e;
    while (k > to && e - k < WORD_SNAP && !isBlank(text.charCodeAt(k - 1))) k--;
    if (k > to && isBlank(text.charCodeAt(k - 1))) e = k - 1;
  }
  return e;
}

/**
 * text[start, end) with every known reference in it decoded, starting at refs[first]; a reference
 * the end cuts through is decoded whole, moving the end past it.
 */
function decodeSpan(text: string, refs: readonly Ref[], first: number, start: number, end: number): { out: string; end: number; next: number } {
  let out = '';
  let at = start;
  let r = first;
  for (; r < refs.length && (refs[r] as Ref).start < end; r++) {
    const ref = refs[r] as Ref;
    out += text.slice(at, ref.start) + (ref.decoded ?? text.slice(ref.start, ref.end));
    at = ref.end;
  }
  return { out: out + text.slice(at, Math.max(at, end)), end: Math.max(at, end), next: r };
}

/**
 * Finds runs of HTML character references (references at most 16 characters apart) worth a view:
 * a run with a numeric reference (nobody needs one for a plain letter), or a &lt; / &gt;
 * (markup), or ≥ 3 references. A lone "&amp;" in scraped text is not. Each such run is widened to
 * the text around it on its line (up to 160 characters either side, overlapping ones merged) and
 * returned decoded, so "&#73;gnore all previous instructions" reads whole. Unknown named
 * references stay as written. Output is capped at `maxChars`.
 */
export function findHtmlEntityRuns(text: string, maxChars: number): DecodedRun[] {
  const refs = findRefs(text);
  const windows: [number, number][] = [];
  let i = 0;
  while (i < refs.length) {
    const first = refs[i] as Ref;
    let known = 0;
    let numeric = false;
    let markup = false;
    let last = first;
    for (; i < refs.length && (refs[i] as Ref).start - last.end <= MAX_GAP; i++) {
      const ref = refs[i] as Ref;
      last = ref;
      if (ref.decoded === null) continue;
      known++;
      numeric ||= ref.numeric;
      markup ||= ref.markup;
    }
    if (known === 0 || !(numeric || markup || known >= 3)) continue;
    const prev = windows[windows.length - 1];
    const s = contextStart(text, first.start, prev === undefined ? 0 : prev[1]);
    const e = contextEnd(text, last.end);
    if (prev !== undefined && s <= prev[1]) prev[1] = e;
    else windows.push([s, e]);
  }

  const runs: DecodedRun[] = [];
  let budget = maxChars;
  let r = 0;
  for (const [start, end] of windows) {
    if (budget <= 0) break;
    while (r < refs.length && (refs[r] as Ref).start < start) r++;
    const decoded = decodeSpan(text, refs, r, start, end);
    r = decoded.next;
    if (!isPlausibleText(decoded.out)) continue;
    const cut = cutText(decoded.out, budget);
    runs.push({ start, end: decoded.end, text: cut });
    budget -= cut.length;
  }
  return runs;
}
