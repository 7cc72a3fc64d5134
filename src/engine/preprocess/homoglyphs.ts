/**
 * Confusable folding: Cyrillic, Greek, Armenian, Cherokee, Lisu and Latin small-capital letters
 * that look like ASCII letters are folded to those letters — but only where that can be an
 * attack. Real Russian or Greek words are left alone: multilingual text is common, and folding it
 * would both cost a view and create Latin-looking garbage.
 */

import { isLetterOrMark, isMark } from './nfkc';
import { fromUnits, toUnits } from './utf16';

/**
 * Look-alike → ASCII. Every key is one BMP code unit and every value one ASCII letter, so folding
 * never changes the length and the offset map carries over unchanged.
 */
const TABLE: Readonly<Record<string, string>> = {
  // Cyrillic lowercase
  а: 'a', е: 'e', к: 'k', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's',
  ԁ: 'd', һ: 'h', ӏ: 'l', ԛ: 'q', ԝ: 'w', ѵ: 'v', ү: 'y', ɡ: 'g',
  // Cyrillic uppercase
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y',
  І: 'I', Ј: 'J', Ѕ: 'S', Ү: 'Y', Һ: 'H', Ӏ: 'I', Ԛ: 'Q', Ԝ: 'W',
  // Greek
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T',
  Υ: 'Y', Χ: 'X', α: 'a', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', γ: 'y',
  η: 'n', χ: 'x', ω: 'w', ϲ: 'c', ϳ: 'j',
  // Armenian
  օ: 'o', ս: 'u', հ: 'h', ո: 'n', ց: 'g', զ: 'q', Օ: 'O', Ս: 'U',
  // Cherokee capitals
  Ꭺ: 'A', Ᏼ: 'B', Ꮯ: 'C', Ꭼ: 'E', Ꮋ: 'H', Ꭻ: 'J', Ꮶ: 'K', Ꮇ: 'M', Ꮲ: 'P', Ꮪ: 'S', Ꭲ: 'T', Ꮃ: 'W',
  Ꮓ: 'Z',
  // Lisu
  ꓮ: 'A', ꓐ: 'B', ꓚ: 'C', ꓓ: 'D', ꓰ: 'E', ꓝ: 'F', ꓖ: 'G', ꓧ: 'H', ꓲ: 'I', ꓙ: 'J', ꓗ: 'K', ꓡ: 'L',
  ꓟ: 'M', ꓠ: 'N', ꓳ: 'O', ꓑ: 'P', ꓣ: 'R', ꓢ: 'S', ꓔ: 'T', ꓴ: 'U', ꓦ: 'V', ꓪ: 'W', ꓫ: 'X', ꓬ: 'Y',
  ꓜ: 'Z',
  // Latin small capitals and IPA letters used by "fancy text" generators. Dotless ı is left out on
  // purpose: it is an ordinary Turkish letter.
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l',
  ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
  ɑ: 'a', ɩ: 'i', ȷ: 'j',
};

/** code unit → ASCII code of its fold, 0 when not a look-alike. */
const FOLD = new Uint8Array(0x10000);
for (const [k, v] of Object.entries(TABLE)) FOLD[k.charCodeAt(0)] = v.charCodeAt(0);

/** Every look-alike, as a string of single code units. */
export const LOOKALIKES = Object.keys(TABLE).join('');

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** Regex character-class body (without brackets) matching any look-alike. */
const LOOKALIKE_CLASS = Object.keys(TABLE)
  .map((k) => `\\u${hex4(k.charCodeAt(0))}`)
  .join('');

const LOOKALIKE_G = new RegExp(`[${LOOKALIKE_CLASS}]`, 'g');

/** Result of homoglyph folding: same length as the input. */
export interface HomoglyphResult {
  text: string;
  /** Look-alike characters replaced. */
  count: number;
}

/**
 * Folds look-alikes inside words (runs of letters and marks) where that reveals Latin text. A
 * word is folded when every letter in it is an ASCII letter or a look-alike, it has at least one
 * look-alike, and either it also has an ASCII letter (mixed-script words are not honest text) or
 * `latinDominant()` says the text is mostly Latin (which also catches whole look-alike words,
 * "ѕуѕ", and spaced-out ones, "і g n о r е"). Latin letters with diacritics count as Latin
 * ("vοllѕtändіgеn", "Cómο", "göѕtеr": German, Spanish, Turkish words). A word with any other
 * letter — б, λ — is never folded: folding could not produce a Latin word, and in Russian or Greek
 * text it would only make noise. Never changes the length. Returns null when nothing was folded.
 */
export function foldHomoglyphs(text: string, latinDominant: () => boolean): HomoglyphResult | null {
  LOOKALIKE_G.lastIndex = 0;
  let m = LOOKALIKE_G.exec(text);
  if (m === null) return null;
  let dominant: boolean | undefined;
  let units: Uint16Array | null = null; // a copy of the text, made at the first fold
  let count = 0;
  let done = 0; // words are processed once; later matches inside them are skipped
  while (m !== null) {
    const p = m.index;
    if (p >= done) {
      const [ws, we] = wordAround(text, p);
      done = we;
      let latin = 0;
      let look = 0;
      let other = 0;
      for (let i = ws; i < we; ) {
        const cp = text.codePointAt(i) as number;
        i += cp > 0xffff ? 2 : 1;
        if (cp < 0x80) latin++;
        else if (cp <= 0xffff && FOLD[cp] !== 0) look++;
        else if (isAccentedLatin(cp)) latin++;
        else if (!isMark(cp)) other++;
      }
      let fold = false;
      if (other === 0 && look > 0) {
        if (latin > 0) fold = true;
        else fold = dominant ??= latinDominant();
      }
      if (fold) {
        units ??= toUnits(text);
        for (let i = ws; i < we; i++) {
          const f = FOLD[units[i] as number] as number;
          if (f !== 0) {
            units[i] = f;
            count++;
          }
        }
      }
    }
    LOOKALIKE_G.lastIndex = Math.max(done, p + 1);
    m = LOOKALIKE_G.exec(text);
  }
  if (units === null || count === 0) return null;
  return { text: fromUnits(units), count };
}

/**
 * Latin letters with diacritics: Latin-1 (without × and ÷), Latin Extended-A and -B, Latin
 * Extended Additional (Vietnamese).
 */
const isAccentedLatin = (cp: number): boolean => (cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7) || (cp >= 0x1e00 && cp <= 0x1eff);

/** The [start, end) of the word containing position p (p itself is a word character). */
function wordAround(text: string, p: number): [number, number] {
  let s = p;
  while (s > 0) {
    let c = text.charCodeAt(s - 1);
    let w = 1;
    if (c >= 0xdc00 && c <= 0xdfff && s >= 2) {
      const hi = text.charCodeAt(s - 2);
      if (hi >= 0xd800 && hi <= 0xdbff) {
        c = ((hi - 0xd800) << 10) + (c - 0xdc00) + 0x10000;
        w = 2;
      }
    }
    if (!isLetterOrMark(c)) break;
    s -= w;
  }
  let e = p;
  while (e < text.length) {
    const cp = text.codePointAt(e) as number;
    if (!isLetterOrMark(cp)) break;
    e += cp > 0xffff ? 2 : 1;
  }
  return [s, e];
}
