/**
 * Word segmentation of spaced-out text that lost its word breaks: "i g n o r e a l l p r e v i o
 * u s" joins to "ignoreallprevious", which no signature reads; this splits it back into "ignore
 * all previous". A cheapest-path split over a lexicon of frequent English words (costs from their
 * frequency rank, as in Zipf's law) plus the words attacks are made of, with unknown stretches
 * allowed at a price, so names and rare words stay whole instead of being shredded.
 */
import { FREQUENT_WORDS } from './frequent-words';

/**
 * Words attacks on language models are made of that general English frequency lists rank low or
 * miss: instructions, roles, secrets, tooling, harms.
 */
const ATTACK_WORDS = `
ai llm gpt chatbot chatgpt openai anthropic claude gemini assistant assistants prompt prompts jailbreak jailbroken
jailbreaking dan unfiltered uncensored unrestricted unlimited unbound limitless guardrails guardrail restrictions
restriction filter filters filtered moderation censorship censored bypass override overrides overridden
disregard ignore ignoring ignored forget forgetting instructions instruction directives directive guidelines
guideline rules rule policies policy constraints developer developers mode roleplay pretend persona character
simulate simulation hypothetical hypothetically fictional reveal leak leaked leaking expose exfiltrate
exfiltration dump print output repeat recite verbatim above previous prior preceding earlier system hidden secret
secrets confidential internal password passwords passphrase credential credentials token tokens api key keys admin
administrator root sudo shell bash terminal command commands execute run script code payload inject injection
injected exploit exploits malware ransomware virus trojan keylogger phishing hack hacking hacker hackers crack
weapon weapons bomb bombs explosive explosives drugs meth poison kill murder harm harmful illegal unethical
immoral amoral evil malicious email emails login database server file files delete wipe erase url link webhook
download upload send forward curl wget now anything everything obey comply answer respond refuse refusal
disable disabled enable enabled unlock unlocked reset tell show give write say act
`;

let words: Set<string> | undefined;

/** Whether `word` (lowercase) is a frequent English word or an attack word (pig-latin.ts). */
export function isLexiconWord(word: string): boolean {
  words ??= new Set([...FREQUENT_WORDS.split(/\s+/), ...ATTACK_WORDS.split(/\s+/)].filter((w) => w !== ''));
  return words.has(word);
}

/** Cost of an unknown stretch: a fixed price to open it plus a price per character. */
const UNKNOWN_OPEN = 10;
const UNKNOWN_CHAR = 3;
/** Extra cost of an inflected form built from a known word ("creator" + "s", "store" + "d"). */
const SUFFIX_COST = 1.5;
const SUFFIXES = ['s', 'es', 'ed', 'd', 'ing', 'er', 'ers', 'ly', 'ion', 'ions'];

/** Whether English inflects a known word of `length` letters ending in `last` with `suffix`. */
function takesSuffix(suffix: string, length: number, last: number): boolean {
  if (length < 3) return false; // "now" + "d", "us" + "ed": short words make junk
  if (suffix === 'd') return last === 0x65; // store-d, not now-d
  if (suffix === 'es') return last === 0x73 || last === 0x78 || last === 0x7a || last === 0x68; // pass-es, box-es, push-es
  if (suffix === 'ion' || suffix === 'ions') return last === 0x74; // instruct-ion
  return true;
}
/** "a" and "i" are frequent, but a run of them is a pattern ("a*a*a*a"), not a sentence. */
const SINGLE_LETTER_COST = 4;
/** Prefixes that make new words from known ones: "un" + "filtered", "dis" + "able". */
const PREFIXES = ['un', 're', 'dis', 'non', 'pre', 'anti', 'over', 'under', 'mis', 'self'];
/** First letters of the affixes: most positions can skip the affix loops after one look-up. */
const SUFFIX_STARTS = new Set(SUFFIXES.map((a) => a.charCodeAt(0)));
const PREFIX_STARTS = new Set(PREFIXES.map((a) => a.charCodeAt(0)));
const PREFIX_COST = 2;
/** Attack words missing from the frequency list cost as much as a word of this rank. */
const ATTACK_RANK = 1000;
/** No lexicon word is longer. */
const MAX_WORD = 24;

interface Lexicon {
  /** Trie edges: (node << 5 | letter) → child node. Node 0 is the root. */
  edges: Map<number, number>;
  /** Cost of the word ending at each node; Infinity when none does. */
  cost: number[];
}

let lexicon: Lexicon | undefined;

/** Built on first use: only texts with long spaced-out runs ever need it. */
function getLexicon(): Lexicon {
  if (lexicon !== undefined) return lexicon;
  const edges = new Map<number, number>();
  const cost: number[] = [Infinity];
  const add = (word: string, c: number): void => {
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const key = (node << 5) | (word.charCodeAt(i) - 0x61);
      let child = edges.get(key);
      if (child === undefined) {
        child = cost.length;
        cost.push(Infinity);
        edges.set(key, child);
      }
      node = child;
    }
    cost[node] = Math.min(cost[node] as number, c);
  };
  const frequent = FREQUENT_WORDS.split(/\s+/).filter((w) => w !== '');
  const scale = Math.log(frequent.length);
  frequent.forEach((w, rank) => add(w, Math.log((rank + 1) * scale) + (w.length === 1 ? SINGLE_LETTER_COST : 0)));
  for (const w of ATTACK_WORDS.split(/\s+/)) if (w !== '') add(w, Math.log(ATTACK_RANK * scale));
  lexicon = { edges, cost };
  return lexicon;
}

/** Both readings of an ambiguous letter can be alive at once; more than this is noise. */
const MAX_ACTIVE = 4;

/** Follows the trie edge for `letter` (0–25; anything else matches nothing) from `node`. */
function step(edges: Map<number, number>, node: number, letter: number, into: number[]): void {
  if (letter < 0 || letter > 25 || into.length >= MAX_ACTIVE) return;
  const child = edges.get((node << 5) | letter);
  if (child !== undefined) into.push(child);
}

/** A split of a letter string: where each word after the first starts, and how much is unknown. */
export interface Segmentation {
  starts: number[];
  unknown: number;
}

/**
 * The cheapest split of `key` (lowercase letters; anything else never matches a word) into
 * lexicon words and unknown stretches. `alt`, when given, is the same string with other letters
 * where `key` is ambiguous (a leet '1' read as 'i' in `key` and 'l' in `alt`): either may match.
 * Linear in the length: each position tries at most MAX_WORD characters of the trie.
 */
export function segmentLetters(key: string, alt: string = key): Segmentation {
  const { edges, cost } = getLexicon();
  const n = key.length;
  // Two states per boundary: the last piece was a word (or nothing yet), or an unknown stretch.
  const word = new Float64Array(n + 1).fill(Infinity);
  const unknown = new Float64Array(n + 1).fill(Infinity);
  const wordFrom = new Int32Array(n + 1);
  const unknownFromWord = new Uint8Array(n + 1);
  word[0] = 0;
  const relax = (i: number, c: number, from: number): void => {
    if (c < (word[i] as number)) {
      word[i] = c;
      wordFrom[i] = from;
    }
  };
  const active: number[] = [];
  const nextActive: number[] = [];
  /** Relaxes every lexicon word (and inflection) that starts at `from` and spans `[at, …)`. */
  const walk = (from: number, at: number, base: number): void => {
    active.length = 0;
    active.push(0);
    for (let i = at; i < n && i - at < MAX_WORD && active.length > 0; i++) {
      nextActive.length = 0;
      const a = key.charCodeAt(i) - 0x61;
      const b = alt.charCodeAt(i) - 0x61;
      for (const node of active) {
        step(edges, node, a, nextActive);
        if (b !== a) step(edges, node, b, nextActive);
      }
      active.length = 0;
      for (const node of nextActive) {
        active.push(node);
        const c = cost[node] as number;
        if (c === Infinity) continue;
        relax(i + 1, base + c, from);
        if (!SUFFIX_STARTS.has(key.charCodeAt(i + 1))) continue;
        for (const suffix of SUFFIXES) {
          if (i + 1 + suffix.length > n || !key.startsWith(suffix, i + 1)) continue;
          if (takesSuffix(suffix, i + 1 - at, key.charCodeAt(i))) relax(i + 1 + suffix.length, base + c + SUFFIX_COST, from);
        }
      }
    }
  };
  for (let j = 0; j < n; j++) {
    const viaWord = word[j] as number;
    const viaUnknown = unknown[j] as number;
    const base = Math.min(viaWord, viaUnknown);
    if (base === Infinity) continue;
    // Only position j reaches j + 1 by one unknown character: open a stretch or extend one.
    const open = viaWord + UNKNOWN_OPEN + UNKNOWN_CHAR;
    const extend = viaUnknown + UNKNOWN_CHAR;
    unknown[j + 1] = Math.min(open, extend);
    unknownFromWord[j + 1] = open <= extend ? 1 : 0;
    walk(j, j, base);
    if (!PREFIX_STARTS.has(key.charCodeAt(j))) continue;
    for (const prefix of PREFIXES) if (key.startsWith(prefix, j)) walk(j, j + prefix.length, base + PREFIX_COST);
  }
  // Walk back: a word piece jumps to where it started, an unknown stretch steps one character.
  const starts: number[] = [];
  let unknownChars = 0;
  let i = n;
  let inWord = (word[n] as number) <= (unknown[n] as number);
  while (i > 0) {
    if (inWord) {
      const from = wordFrom[i] as number;
      starts.push(from);
      i = from;
      inWord = (word[i] as number) <= (unknown[i] as number);
    } else {
      unknownChars++;
      const opened = unknownFromWord[i] === 1;
      i--;
      if (opened) {
        starts.push(i);
        inWord = true;
      }
    }
  }
  starts.reverse();
  return { starts: starts.filter((s) => s > 0), unknown: unknownChars };
}
