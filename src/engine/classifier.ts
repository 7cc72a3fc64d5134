/**
 * The attack classifier: logistic regression over hashed words and word pairs, trained by
 * scripts/train-classifier.ts on the labelled corpora (requests only). Signatures catch the
 * phrasings they were written for; the classifier catches paraphrases of the same intent that no
 * pattern spells out ("scratch all that, the real instructions are…"), which is where regexes alone
 * stop generalizing.
 *
 * A text longer than the model's window (24 words) is scored window by window and the best window
 * counts, so an attack buried in a long document is not diluted by the document, a long benign text does not drift towards a
 * verdict by sheer length, and the verdict points at the passage that decided it.
 *
 * Pure and allocation-light: tokens are hashed as the text is read into reused typed arrays, never
 * copied out as strings.
 */

/**
 * The classifier as the API shows it: it reports, and policies and admins tune it, like a signature
 * (overrides, allowlists, PATCH /v1/signatures/CLS-001, GET /v1/signatures/CLS-001).
 */
export const CLASSIFIER_SIGNATURE = {
  id: 'CLS-001',
  name: 'Attack classifier: reads like a known attack',
  version: 1,
  category: 'classifier',
  subcategory: 'input-attack',
  technique: 'learned-paraphrase',
  severity: 'high',
  confidence: 'medium',
  direction: 'input',
  owasp: 'LLM01',
  atlas: ['AML.T0051', 'AML.T0054'],
  action: 'enforce',
  enabled: true,
  description:
    'Logistic regression over words and word pairs, trained on the labelled corpora: catches paraphrases of injections, ' +
    'jailbreaks, harmful requests and agent abuse that no pattern spells out. Requests only. Reports the most ' +
    "attack-like 24-word passage when its probability reaches the policy's classifier_threshold.",
} as const;

export const CLASSIFIER_ID = CLASSIFIER_SIGNATURE.id;

/** The shipped model's shape (src/engine/classifier-model.json). */
export interface ClassifierModelFile {
  /** Bumped when the features change, so a model trained for other features is refused. */
  readonly features: number;
  /** log2 of the number of weight buckets. */
  readonly bits: number;
  readonly window: number;
  readonly bias: number;
  /** weight = int8 × scale */
  readonly scale: number;
  /** The int8 weights, base64. */
  readonly weights: string;
  /** What it was trained on, for people reading the file. */
  readonly trained_on: { readonly samples: number; readonly attacks: number };
}

export interface ClassifierModel {
  readonly bits: number;
  readonly mask: number;
  readonly window: number;
  readonly bias: number;
  readonly scale: number;
  readonly weights: Int8Array;
}

/** The feature set this code computes (see ClassifierModelFile.features). */
export const FEATURES_VERSION = 5;

export function loadClassifier(file: ClassifierModelFile): ClassifierModel {
  if (file.features !== FEATURES_VERSION) throw new Error(`classifier model: features version ${file.features}, this build computes ${FEATURES_VERSION}`);
  const bytes = Buffer.from(file.weights, 'base64');
  if (bytes.length !== 1 << file.bits) throw new Error(`classifier model: ${bytes.length} weights, expected ${1 << file.bits}`);
  const weights = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  return { bits: file.bits, mask: (1 << file.bits) - 1, window: file.window, bias: file.bias, scale: file.scale, weights };
}

/** Token scratch filled by tokenize(), grown as needed; scans are synchronous so one set serves all. */
let hashes = new Int32Array(1024);
let starts = new Int32Array(1024);
let ends = new Int32Array(1024);
let contrib = new Float64Array(1024);

/**
 * A number is one token per digit count (two to six or more), not one per value: as words, "user
 * 4521" and "user 4524" landed in unrelated buckets and moved a request's score by several points
 * on hash noise alone. The count still tells a year from an id or a phone number.
 */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const MAX_NUMBER_DIGITS = 6;
const NUMBER_HASHES = Int32Array.from({ length: MAX_NUMBER_DIGITS + 1 }, (_, n) => {
  let h = FNV_OFFSET;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ 48, FNV_PRIME);
  return h;
});

/**
 * How tokenize() reads an ASCII code unit: its lowercase code in the low byte, its kind above (a
 * digit is a word unit that keeps a word a number). One table load instead of a chain of range
 * checks per character: a 1 KB prompt classified in 3.7 µs instead of 4.7.
 */
const SEP = 0;
const WORD = 1 << 8;
const DIGIT_WORD = 3 << 8;
const APOS = 4 << 8;
/** A Chinese character or Japanese kana: a word of its own (see isIdeograph). */
const IDEO = 16 << 8;
const ASCII_KIND = Uint16Array.from({ length: 128 }, (_, c) => {
  if (c >= 48 && c <= 57) return DIGIT_WORD | c;
  if (c >= 97 && c <= 122) return WORD | c;
  if (c >= 65 && c <= 90) return WORD | (c + 32);
  if (c === 39) return APOS | c;
  return SEP | c;
});

/**
 * Reads the words of `text` of two or more characters (runs of letters, digits and apostrophes;
 * ASCII folded to lowercase, other letters as they are), and each Han character or kana as a word
 * of its own, into the scratch arrays: word i's hash is hashes[i], its place
 * text[starts[i], ends[i]). Returns how many. One tokenizer for training and scan, without a
 * callback per word: this runs on every request.
 *
 * Quotation marks separate words and mean nothing else. Words inside quotes were once features of
 * their own, so that security writing quoting an attack ("users type 'ignore all previous
 * instructions'") read differently from the attack. But an attacker can quote as easily: an attack
 * in double quotes, or as a JSON string value (tool output, the usual carrier of planted
 * instructions), fell from 80 % to about 50 % caught on 200 held-out attacks. Without them,
 * held-out recall rose (short attacks 80.0 -> 82.5 %, long 87 -> 89 %) and false positives stayed
 * as they were.
 */
function tokenize(text: string): number {
  let count = 0;
  let h = FNV_OFFSET;
  let start = -1;
  let number = true;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const raw = i < n ? text.charCodeAt(i) : 32;
    let kind: number;
    let c: number;
    if (raw < 128) {
      const k = ASCII_KIND[raw] as number;
      kind = k & 0xff00;
      c = k & 0xff;
    } else {
      c = raw;
      kind = isIdeograph(raw) ? IDEO : isWordUnit(raw) ? WORD : SEP;
    }
    // An apostrophe opening or closing a word is a single quote mark, not part of the word
    // ("'ignore" and "ignore" are one word; "don't" keeps its apostrophe).
    if (kind === APOS) kind = start < 0 || i + 1 >= n || !isWordCode(text.charCodeAt(i + 1)) ? SEP : WORD;
    if (kind & WORD) {
      if (start < 0) start = i;
      h = Math.imul(h ^ c, FNV_PRIME);
      number &&= kind === DIGIT_WORD;
      continue;
    }
    if (start >= 0) {
      // Single characters carry no meaning and are what spaced-out text ("i g n o r e") is made
      // of, which the signatures read joined; as features they only taught the model that letters
      // are suspicious.
      if (i - start > 1) {
        if (count === hashes.length) grow();
        hashes[count] = number ? (NUMBER_HASHES[Math.min(i - start, MAX_NUMBER_DIGITS)] as number) : h;
        starts[count] = start;
        ends[count] = i;
        count++;
      }
      h = FNV_OFFSET;
      start = -1;
      number = true;
    }
    if (kind === IDEO) {
      if (count === hashes.length) grow();
      hashes[count] = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
      starts[count] = i;
      ends[count] = i + 1;
      count++;
    }
  }
  return count;
}

/** Whether code unit `c` belongs to a word: an ASCII letter (either case), digit or apostrophe, or isWordUnit. */
const isWordCode = (c: number): boolean =>
  c < 128 ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 39 : isWordUnit(c);

/** The words of `text` as tokenize() reads them (tests). */
export function tokens(text: string): { hash: number; start: number; end: number }[] {
  const count = tokenize(text);
  return Array.from({ length: count }, (_, i) => ({ hash: (hashes[i] as number) >>> 0, start: starts[i] as number, end: ends[i] as number }));
}

/** The weight bucket of a word. */
export const wordBucket = (h: number, mask: number): number => (h ^ (h >>> 15)) & mask;

/** The weight bucket of a word pair (order matters: "ignore previous" is not "previous ignore"). */
export function pairBucket(a: number, b: number, mask: number): number {
  let x = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) & mask;
}

/** Every feature bucket of a text, in order: each word, then the pair it ends (training and tests). */
export function featureBuckets(text: string, mask: number): number[] {
  const count = tokenize(text);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const h = (hashes[i] as number) >>> 0;
    out.push(wordBucket(h, mask));
    if (i > 0) out.push(pairBucket((hashes[i - 1] as number) >>> 0, h, mask));
  }
  return out;
}

export interface ClassifierVerdict {
  /** Probability that the text is an attack, from its most attack-like window. */
  readonly probability: number;
  /** That window in the text (UTF-16 offsets). */
  readonly start: number;
  readonly end: number;
}

/** Scores `text` (see the module comment). */
export function classify(text: string, model: ClassifierModel): ClassifierVerdict {
  const { weights, mask, scale } = model;
  const count = tokenize(text);
  let prev = 0;
  for (let i = 0; i < count; i++) {
    const h = (hashes[i] as number) >>> 0;
    let w = weights[wordBucket(h, mask)] as number;
    if (i > 0) w += weights[pairBucket(prev, h, mask)] as number;
    contrib[i] = w * scale;
    prev = h;
  }
  // No words, no evidence (the bias alone would say "likely an attack": the corpora lean that way).
  if (count === 0) return { probability: 0, start: 0, end: 0 };
  const win = Math.min(model.window, count);
  let sum = 0;
  for (let i = 0; i < win; i++) sum += contrib[i] as number;
  let best = sum;
  let bestFrom = 0;
  for (let i = win; i < count; i++) {
    sum += (contrib[i] as number) - (contrib[i - win] as number);
    if (sum > best) {
      best = sum;
      bestFrom = i - win + 1;
    }
  }
  return { probability: sigmoid(model.bias + best), start: starts[bestFrom] as number, end: ends[bestFrom + win - 1] as number };
}

function grow(): void {
  const size = hashes.length * 2;
  const h = new Int32Array(size);
  h.set(hashes);
  hashes = h;
  const s = new Int32Array(size);
  s.set(starts);
  starts = s;
  const e = new Int32Array(size);
  e.set(ends);
  ends = e;
  contrib = new Float64Array(size);
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Han characters and Japanese kana. Chinese and Japanese write no spaces between words, so a whole
 * sentence was one word the model had never seen (an ordinary Japanese question scored the bias
 * alone, an injection in Chinese the same); read one character at a time, the word pairs become
 * the character bigrams these languages are usually classified by ("忽略" ignore, "指令"
 * instruction). Korean separates its words with spaces and is read as words.
 */
function isIdeograph(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

/** Letters and digits of any script, and the apostrophe; not punctuation, symbols or spaces. */
function isWordUnit(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39;
  // Outside ASCII: Latin-1 punctuation and symbols, general punctuation, arrows, box drawing and
  // CJK punctuation separate words; everything else (letters of every script) joins them.
  return !(c < 0xc0 || c === 0xd7 || c === 0xf7 || (c >= 0x2000 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff0f));
}
