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

function decodeOne(hex: string | undefined, dec: string | undefined, name: string | undefined): string | null {
  if (name !== undefined) return NAMED[name] ?? null;
  const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec as string, 10);
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  return String.fromCodePoint(cp);
}

/**
 * Finds runs of HTML character references (references at most 16 characters apart) and returns
 * each run decoded, when it is worth a view: it has a numeric reference (nobody needs one for a
 * plain letter), or a &lt; / &gt; (markup), or ≥ 3 references. A lone "&amp;" in scraped text is
 * not. Unknown named references stay as written. Output is capped at `maxChars`.
 */
export function findHtmlEntityRuns(text: string, maxChars: number): DecodedRun[] {
  const runs: DecodedRun[] = [];
  ENTITY_G.lastIndex = 0;
  let budget = maxChars;
  let m = ENTITY_G.exec(text);
  while (m !== null && budget > 0) {
    const start = m.index;
    let end = start;
    let out = '';
    let refs = 0;
    let numeric = false;
    let markup = false;
    let last = start;
    while (m !== null && m.index - last <= MAX_GAP) {
      const decoded = decodeOne(m[1], m[2], m[3]);
      out += text.slice(end, m.index);
      if (decoded === null) {
        out += m[0];
      } else {
        out += decoded;
        refs++;
        if (m[3] === undefined) numeric = true;
        else if (m[3] === 'lt' || m[3] === 'gt') markup = true;
      }
      end = m.index + m[0].length;
      last = end;
      m = ENTITY_G.exec(text);
    }
    if (refs > 0 && (numeric || markup || refs >= 3) && isPlausibleText(out)) {
      const cut = cutText(out, budget);
      runs.push({ start, end, text: cut });
      budget -= cut.length;
    }
  }
  return runs;
}
