/**
 * ROT13: produced only on cheap evidence — the text names the cipher, or it is full of the ROT13
 * forms of frequent English words ("gur", "lbh", "vtaber") — never for every text.
 */
import { countHits } from './word-hits';
import { F_CIPHER, registerWords } from './scan';
import { fromUnits, toUnits } from './utf16';

/**
 * Frequent English words and words attacks use; their ROT13 forms are not English words ("when" →
 * "jura" and "me" → "zr" are left out for that reason).
 */
const WORDS = [
  'the', 'and', 'you', 'this', 'that', 'for', 'with', 'have', 'your', 'all', 'ignore', 'previous',
  'instructions', 'prompt', 'system', 'password', 'these', 'there', 'they', 'from', 'what',
  'more', 'some', 'only', 'about', 'which', 'would', 'should', 'message', 'secret', 'reveal',
  'assistant', 'rules', 'please', 'follow', 'output', 'forget', 'disregard', 'now', 'tell',
];

/** ROT13 of ASCII letters; everything else is kept. */
export function rot13(text: string): string {
  const units = toUnits(text);
  for (let i = 0; i < units.length; i++) {
    const c = units[i] as number;
    if (c >= 0x61 && c <= 0x7a) units[i] = ((c - 0x61 + 13) % 26) + 0x61;
    else if (c >= 0x41 && c <= 0x5a) units[i] = ((c - 0x41 + 13) % 26) + 0x41;
  }
  return fromUnits(units);
}

registerWords(F_CIPHER, [...WORDS.map(rot13), 'rot', 'caesar']);

const HINT = /\brot[\s_-]?13\b|\bcaesar\b/i;
const ROTATED_G = new RegExp(`\\b(?:${WORDS.map(rot13).join('|')})\\b`, 'gi');
const FORWARD_G = new RegExp(`\\b(?:${WORDS.join('|')}|is|to|of|in|it|are|be|not)\\b`, 'gi');

const STRONG_HITS = 4;
const WEAK_HITS = 2;


/**
 * True when a ROT13 view of `text` is worth producing: the text mentions rot13 / rot-13 / caesar,
 * or it holds ≥ 4 ROT13-ed frequent words, or ≥ 2 that outnumber twice over the plain ones.
 */
export function looksRot13(text: string): boolean {
  if (HINT.test(text)) return true;
  ROTATED_G.lastIndex = 0;
  if (!ROTATED_G.test(text)) return false;
  const rotated = countHits(ROTATED_G, text, STRONG_HITS);
  if (rotated >= STRONG_HITS) return true;
  if (rotated < WEAK_HITS) return false;
  return 2 * countHits(FORWARD_G, text, rotated) < rotated;
}
