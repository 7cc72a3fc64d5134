/**
 * Morse code runs: ".. --. -. --- .-. . / .- .-.. .-.." reads "ignore all". Letters are set apart
 * by one blank, words by a slash or a wider gap (three blanks, as operators write it).
 */
import { cutText, type DecodedRun } from './decoded-text';

const CODE: Record<string, string> = {
  '.-': 'a', '-...': 'b', '-.-.': 'c', '-..': 'd', '.': 'e', '..-.': 'f', '--.': 'g', '....': 'h', '..': 'i', '.---': 'j',
  '-.-': 'k', '.-..': 'l', '--': 'm', '-.': 'n', '---': 'o', '.--.': 'p', '--.-': 'q', '.-.': 'r', '...': 's', '-': 't',
  '..-': 'u', '...-': 'v', '.--': 'w', '-..-': 'x', '-.--': 'y', '--..': 'z', '-----': '0', '.----': '1', '..---': '2',
  '...--': '3', '....-': '4', '.....': '5', '-....': '6', '--...': '7', '---..': '8', '----.': '9', '.-.-.-': '.',
  '--..--': ',', '..--..': '?', '.----.': "'", '-.-.--': '!', '-..-.': '/', '---...': ':', '-.-.-.': ';', '-...-': '=',
  '.-.-.': '+', '-....-': '-', '.-..-.': '"', '.--.-.': '@',
};

/**
 * A run of ≥ 6 Morse letters: groups of 1–7 dots and dashes set apart by blanks or a slash. Each
 * group consumes its separator, so matching is linear.
 */
const RUN_G = /(?:[.-]{1,7}(?:[ \t]{1,7}(?:\/[ \t]{0,3})?|\/[ \t]{0,3}))+[.-]{1,7}/g;
const MIN_LETTERS = 6;
/** A run with more unknown groups than this share is not Morse (a row of dashes, an ellipsis list). */
const MAX_UNKNOWN_SHARE = 0.1;

/** Decodes one run; null when it does not read as Morse. */
function decodeRun(run: string): string | null {
  let out = '';
  let letters = 0;
  let unknown = 0;
  let dots = 0;
  let dashes = 0;
  const tokens = run.split(/([ \t]+\/?[ \t]*|\/[ \t]*)/);
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as string;
    if (k % 2 === 1) {
      // A separator: a slash or three blanks end a word.
      if (token.includes('/') || token.length >= 3) out += ' ';
      continue;
    }
    const letter = CODE[token];
    if (letter === undefined) {
      unknown++;
      continue;
    }
    for (const ch of token) {
      if (ch === '.') dots++;
      else dashes++;
    }
    out += letter;
    letters++;
  }
  if (letters < MIN_LETTERS || unknown > (letters + unknown) * MAX_UNKNOWN_SHARE || dots === 0 || dashes === 0) return null;
  return out;
}

/** Morse runs of `text` with their decoded text, within `maxChars` of output. */
export function findMorseRuns(text: string, maxChars: number): DecodedRun[] {
  const runs: DecodedRun[] = [];
  let budget = maxChars;
  RUN_G.lastIndex = 0;
  for (let m = RUN_G.exec(text); m !== null && budget > 0; m = RUN_G.exec(text)) {
    const decoded = decodeRun(m[0]);
    if (decoded === null) continue;
    const cut = cutText(decoded, budget);
    runs.push({ start: m.index, end: m.index + m[0].length, text: cut });
    budget -= cut.length;
  }
  return runs;
}
