/**
 * The `reversed` view: the text reversed by code point, produced only when the text reads like
 * reversed English ("snoitcurtsni suoiverp lla erongi").
 */
import { countHits } from './word-hits';
import { F_REVERSED, registerWords } from './scan';
import { fromUnits } from './utf16';

/** Frequent English words and words attacks use. Their reversals are not words themselves. */
const WORDS = [
  'the', 'you', 'all', 'this', 'that', 'for', 'with', 'have', 'your', 'these', 'there', 'they', 'from',
  'what', 'when', 'some', 'only', 'about', 'which', 'would', 'should', 'please', 'ignore', 'previous',
  'instructions', 'instruction', 'prompt', 'system', 'password', 'message', 'secret', 'reveal',
  'assistant', 'rules', 'follow', 'output', 'forget', 'disregard', 'above', 'everything',
];

const reverseWord = (w: string): string => [...w].reverse().join('');
registerWords(F_REVERSED, WORDS.map(reverseWord));

const REVERSED_G = new RegExp(`\\b(?:${WORDS.map(reverseWord).join('|')})\\b`, 'gi');
const FORWARD_G = new RegExp(`\\b(?:${WORDS.join('|')}|is|to|of|in|it|and|are|be|not|on)\\b`, 'gi');

/** Reversed-word hits needed regardless of forward hits (a reversed payload inside English). */
const STRONG_HITS = 3;
/** Fewer hits suffice when they outnumber the forward ones (a short fully reversed text). */
const WEAK_HITS = 2;


/**
 * True when `text` is probably reversed English: ≥ 3 reversed frequent words ("eht", "uoy",
 * "erongi", …), or ≥ 2 that outnumber the forward ones. The reversed list leaves out words whose
 * reversal is itself a word (no/on, was/saw, are/era), so honest text almost never scores.
 */
export function looksReversed(text: string): boolean {
  REVERSED_G.lastIndex = 0;
  if (!REVERSED_G.test(text)) return false;
  const reversed = countHits(REVERSED_G, text, STRONG_HITS);
  if (reversed >= STRONG_HITS) return true;
  if (reversed < WEAK_HITS) return false;
  return countHits(FORWARD_G, text, reversed) < reversed;
}

/** Reverses `text` by code point, keeping surrogate pairs in order (lone surrogates stay as-is). */
export function reverseText(text: string): string {
  const n = text.length;
  const units = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        units[n - 2 - i] = c;
        units[n - 1 - i] = lo;
        i++;
        continue;
      }
    }
    units[n - 1 - i] = c;
  }
  return fromUnits(units);
}
