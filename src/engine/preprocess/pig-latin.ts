/**
 * Pig Latin: "Ignoreway allway eviouspray instructionsway" reads "ignore all previous
 * instructions". Like ROT13, produced only on cheap evidence: the scan's word filter (F_CIPHER)
 * saw the Pig Latin form of a frequent word, and most words of the text decode to lexicon words.
 */
import { F_CIPHER, registerWords } from './scan';
import { isLexiconWord } from './segment';

/** Frequent words and words attacks use, whose Pig Latin forms raise F_CIPHER. */
const WORDS = [
  'the', 'and', 'you', 'this', 'that', 'for', 'with', 'have', 'your', 'all', 'ignore', 'previous',
  'instructions', 'prompt', 'system', 'password', 'secret', 'reveal', 'rules', 'please', 'tell',
  'forget', 'disregard', 'now', 'are', 'what', 'print', 'show', 'give', 'me',
];

const isVowel = (c: string): boolean => c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u';
/** How many letters open `word` before its first vowel ("qu" stays together, as in "quiet"). */
function onsetLength(word: string): number {
  let k = 0;
  while (k < word.length && !isVowel(word[k] as string) && !(k > 0 && word[k] === 'y')) k++;
  if (word[k] === 'u' && word[k - 1] === 'q') k++;
  return k;
}

/** The Pig Latin forms of a word: "the" → "ethay", "all" → "allway", "allyay", "allay", "allhay". */
export function pigLatinForms(word: string): string[] {
  const k = onsetLength(word);
  if (k === 0) return ['way', 'yay', 'ay', 'hay'].map((end) => word + end);
  return [word.slice(k) + word.slice(0, k) + 'ay'];
}

/** The forms the scan's word filter knows (it looks at words of 3–14 letters). */
const FORMS = new Set(WORDS.flatMap(pigLatinForms).filter((f) => f.length <= 14));
registerWords(F_CIPHER, [...FORMS]);
/** Any of those forms as a word: most texts the word filter lets through have none. */
const FORMS_G = new RegExp(`\\b(?:${[...FORMS].join('|')})\\b`, 'i');

/** The longest onset Pig Latin moves: "str" in "string" → "ingstray". */
const MAX_ONSET = 3;

/**
 * The lexicon word a Pig Latin token (lowercase) stands for, or null: vowel-initial words with
 * "way", "yay", "hay" or "ay" appended, or an onset of 1–3 consonants moved behind the word.
 */
export function decodePigLatinWord(token: string): string | null {
  if (token.length < 4 || !token.endsWith('ay') || isLexiconWord(token)) return null;
  const stem = token.slice(0, -2);
  const last = stem[stem.length - 1] as string;
  // "ouryay" is "your" moved or "our" with "yay": the moved "y" is the likelier reading ("you",
  // "your"); "allway" and "allhay" are "all", not "wall" and "hall".
  if (last === 'y' && isLexiconWord('y' + stem.slice(0, -1))) return 'y' + stem.slice(0, -1);
  if ((last === 'w' || last === 'y' || last === 'h') && isVowel(stem[0] as string) && isLexiconWord(stem.slice(0, -1))) return stem.slice(0, -1);
  if (isVowel(stem[0] as string) && isLexiconWord(stem)) return stem;
  for (let k = 1; k <= MAX_ONSET && k < stem.length; k++) {
    const onset = stem.slice(stem.length - k);
    if (isVowel(onset[0] as string)) break;
    const word = onset + stem.slice(0, stem.length - k);
    if (onsetLength(word) === k && isLexiconWord(word)) return word;
  }
  return null;
}

const WORD_G = /[A-Za-z]+/g;
/** Pig Latin words needed, and the share of the text's words (of ≥ 3 letters) they must make up. */
const MIN_HITS = 3;
const MIN_SHARE = 0.5;

/**
 * True when most words of `text` are Pig Latin forms of lexicon words (≥ 3 of them), one of them a
 * form the scan's filter knows (so F_CIPHER is a superset of this).
 */
export function looksPigLatin(text: string): boolean {
  if (!FORMS_G.test(text)) return false;
  let hits = 0;
  let words = 0;
  let known = false;
  WORD_G.lastIndex = 0;
  for (let m = WORD_G.exec(text); m !== null; m = WORD_G.exec(text)) {
    if (m[0].length < 3) continue;
    words++;
    const token = m[0].toLowerCase();
    if (decodePigLatinWord(token) === null) continue;
    hits++;
    if (!known && FORMS.has(token)) known = true;
  }
  return known && hits >= MIN_HITS && hits >= words * MIN_SHARE;
}

/** `text` with every Pig Latin word decoded; other words, case aside, and the rest kept. */
export function fromPigLatin(text: string): string {
  return text.replace(WORD_G, (w) => {
    const plain = decodePigLatinWord(w.toLowerCase());
    if (plain === null) return w;
    return w[0] === (w[0] as string).toUpperCase() ? (plain[0] as string).toUpperCase() + plain.slice(1) : plain;
  });
}
