/**
 * Aho–Corasick over every prefilter literal of the catalog: one pass over a view finds which
 * literals occur, so only signatures with a literal present run their regexes. The cost of a scan
 * then grows with the text, not with the number of signatures.
 *
 * ASCII transitions are a dense table (the common case); other code units follow failure links.
 *
 * A literal that starts with an ASCII letter or digit only counts where a word starts (the
 * character before it, lowercased, is not an ASCII letter or digit): "del" must not fire inside "model", nor
 * "pin" inside "shipping". Signatures that need a fragment inside words mark it with a leading
 * `*` in their prefilter (e.g. `*gpt` for "antigpt").
 */

export class LiteralPrefilter {
  /** delta[state * classes + classOf[c]]: next state for ASCII code unit c (complete DFA). */
  /**
   * 16-bit entries while states fit (the shipped catalog has ~30 000): the walk reads one entry per
   * character from a table of megabytes, and between scans the HTTP stack evicts it from cache, so
   * its size shows directly in the time per scan.
   */
  private readonly delta: Uint16Array | Uint32Array;
  private readonly classOf: Uint8Array;
  private readonly classes: number;
  /** Transitions on code units ≥ 128, keyed state * 0x10000 + unit (see wideKey). */
  private readonly wide: Map<number, number>;
  private readonly fail: Int32Array;
  /**
   * States are numbered so that those ending a literal come last: the walk tells a hit by one
   * comparison with this, with no flag bit taken from the entries (which would halve the states a
   * 16-bit table can hold).
   */
  private readonly firstOutput: number;
  /** Literal ids ending at state s (including through failure links): outIds[outStart[s] .. outStart[s+1]). */
  private readonly outStart: Int32Array;
  private readonly outIds: Int32Array;
  readonly literals: readonly string[];
  private readonly lengths: Int32Array;
  /** The longest literal's length. */
  private readonly longest: number;
  /**
   * The root after a character that is not a letter or digit (and at the start of the text): the
   * one state from which a word can start. State 0 is the root inside a word.
   */
  private readonly rootAtBoundary: number;
  /** States, table entries and bytes per entry, for tests and cost reports. */
  readonly size: { readonly states: number; readonly classes: number; readonly entryBytes: number };

  /** The length of literal `id` (code units; case folding keeps lengths). */
  literalLength(id: number): number {
    return this.lengths[id] as number;
  }

  /**
   * Builds the automaton over lowercase literals (duplicates share one id).
   *
   * Word starts are part of the automaton rather than checked on each hit: the trie spells a
   * word-start literal with a BOUNDARY symbol before its first letter (and every literal with one
   * before each letter or digit that follows another character), and the table steps over that
   * symbol and the letter in one transition from states that end outside a word. Inside a word the
   * walk then never enters the thousands of word-start prefixes ("del" in "model", "or" in
   * "store"), so ordinary text visits far fewer states: fewer table rows to fetch from memory and
   * fewer hits to reject.
   */
  constructor(specs: readonly string[]) {
    const anywhere = specs.map((s) => s.startsWith('*'));
    const literals = specs.map((s) => (s.startsWith('*') ? s.slice(1) : s).toLowerCase());
    // The root must end no literal: states 0 and rootAtBoundary are where every walk restarts.
    if (literals.includes('')) throw new Error('prefilter literals must not be empty');
    this.literals = literals;
    this.lengths = Int32Array.from(literals, (l) => l.length);
    this.longest = literals.reduce((m, l) => Math.max(m, l.length), 1);
    const goto: Map<number, number>[] = [new Map<number, number>()];
    const outSets: number[][] = [[]];
    literals.forEach((lit, id) => {
      let s = 0;
      for (const sym of symbolsOf(lit, !anywhere[id])) {
        let next = goto[s]?.get(sym);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map<number, number>());
          outSets.push([]);
          goto[s]?.set(sym, next);
        }
        s = next;
      }
      outSets[s]?.push(id);
    });
    const n = goto.length;
    const fail = new Int32Array(n);
    /** The symbol each state is entered on (what the text ended with when the walk is there). */
    const entered = new Int32Array(n);
    const order: number[] = [];
    const queue: number[] = [];
    for (const [c, s] of goto[0] ?? []) {
      fail[s] = 0;
      entered[s] = c;
      queue.push(s);
    }
    for (let head = 0; head < queue.length; head++) {
      const r = queue[head] as number;
      order.push(r);
      for (const [c, s] of goto[r] ?? []) {
        queue.push(s);
        entered[s] = c;
        let f = fail[r] as number;
        while (f !== 0 && !goto[f]?.has(c)) f = fail[f] as number;
        const target = goto[f]?.get(c);
        fail[s] = target !== undefined && target !== s ? target : 0;
        outSets[s]?.push(...(outSets[fail[s]] ?? []));
      }
    }
    // ASCII characters that occur in some literal get a class each; the others share class 0 (not
    // a letter or digit) or class 1 (a letter or digit), which lead back to the right root. Rows of
    // `classes` entries instead of 128 keep the table a fraction of the size (it is walked once per
    // character, so its cache footprint counts).
    const classOf = new Uint8Array(128);
    for (let c = 0; c < 128; c++) if (isWordChar(c)) classOf[c] = 1;
    const representative = [-1, -1];
    for (const lit of literals) {
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i);
        if (c < 128 && (classOf[c] as number) <= 1) {
          classOf[c] = representative.length;
          representative.push(c);
        }
      }
    }
    // Capitals move like their lowercase letters: the text is matched without lowercasing it.
    for (let c = 0x41; c <= 0x5a; c++) classOf[c] = classOf[c + 0x20] as number;
    const classes = representative.length;
    // The plain Aho–Corasick transitions, one column per class plus one for BOUNDARY. BFS order
    // guarantees a state's failure target is complete before the state itself.
    const width = classes + 1;
    // A state's row is its failure target's row with its own goto edges written over it (the
    // root's row starts all zeros): a row copy and a write per edge instead of a map lookup per
    // class (this table took 52 of the 118 ms the prefilter took to build for the shipped catalog).
    const plain = new Int32Array(n * width);
    const columnOf = new Map<number, number>([[BOUNDARY, classes]]);
    for (let k = 2; k < classes; k++) columnOf.set(representative[k] as number, k);
    for (const s of [0, ...order]) {
      const row = s * width;
      const failRow = (fail[s] as number) * width;
      if (s !== 0) plain.copyWithin(row, failRow, failRow + width);
      for (const [sym, t] of goto[s] ?? []) {
        const k = columnOf.get(sym);
        if (k !== undefined) plain[row + k] = t;
      }
    }
    // The walk's table: BOUNDARY folded into the letter or digit that follows it, and one more
    // state, the root at a boundary.
    const atBoundary = n;
    const wordClass = Uint8Array.from({ length: classes }, (_, k) => (k === 1 || (k > 1 && isWordChar(representative[k] as number)) ? 1 : 0));
    const endsOutsideWord = (s: number) => s === atBoundary || (s !== 0 && !isWordChar(entered[s] as number));
    const outs = outSets.map((o) => [...new Set(o)]);
    outs.push([]);
    // New numbers: the two roots first (the rows read most), then the trie in breadth-first order,
    // states that end literals after all others.
    const byDepth = [0, atBoundary, ...order];
    const renumber = new Int32Array(n + 1);
    let next = 0;
    for (const s of byDepth) if ((outs[s] as number[]).length === 0) renumber[s] = next++;
    const firstOutput = next;
    for (const s of byDepth) if ((outs[s] as number[]).length > 0) renumber[s] = next++;
    const delta = n + 1 <= 0x10000 ? new Uint16Array((n + 1) * classes) : new Uint32Array((n + 1) * classes);
    for (let s = 0; s <= atBoundary; s++) {
      const from = s === atBoundary ? 0 : s;
      const wordFrom = endsOutsideWord(s) ? (plain[from * width + classes] as number) : from;
      const row = (renumber[s] as number) * classes;
      for (let k = 0; k < classes; k++) {
        const word = wordClass[k] === 1;
        const t = plain[(word ? wordFrom : from) * width + k] as number;
        delta[row + k] = renumber[t === 0 && !word ? atBoundary : t] as number;
      }
    }
    this.classOf = classOf;
    this.classes = classes;
    this.delta = delta;
    this.firstOutput = firstOutput;
    this.rootAtBoundary = renumber[atBoundary] as number;
    this.fail = new Int32Array(n + 1);
    for (let s = 0; s < n; s++) this.fail[renumber[s] as number] = renumber[fail[s] as number] as number;
    // One map for the few non-ASCII transitions rather than one per state: a catalog has tens of
    // thousands of states, and every live object is work for each full garbage collection.
    this.wide = new Map();
    goto.forEach((m, s) => {
      for (const [c, t] of m) if (c >= 128 && c !== BOUNDARY) this.wide.set(wideKey(renumber[s] as number, c), renumber[t] as number);
    });
    const renumbered: number[][] = [];
    for (let s = 0; s <= n; s++) renumbered[renumber[s] as number] = outs[s] as number[];
    this.outStart = new Int32Array(n + 2);
    for (let st = 0; st <= n; st++) this.outStart[st + 1] = (this.outStart[st] as number) + (renumbered[st] as number[]).length;
    this.outIds = Int32Array.from(renumbered.flat());
    this.size = { states: n + 1, classes, entryBytes: delta.BYTES_PER_ELEMENT };
  }

  /**
   * Calls `hit(literalId, end)` for every literal occurrence in `text` that ends before `end`,
   * case-insensitively: ASCII capitals are folded by the transition table and other code units
   * through a lowercase table, so the text is never copied. Hits come in no particular order.
   *
   * A long text is walked as two interleaved halves: each step depends on the state the previous
   * one loaded, so one walk waits on memory; two independent walks overlap those waits. The
   * second half starts `longest - 1` characters early (from the root that matches the character
   * before it) so that its state is exact by the time it reaches the middle, and reports only from
   * the middle on.
   */
  scan(text: string, hit: (literalId: number, end: number) => void): void {
    const n = text.length;
    if (n < TWO_WALKS_FROM) {
      this.walk(text, 0, n, this.rootAtBoundary, hit);
      return;
    }
    const { delta, classOf, classes, firstOutput } = this;
    const mid = n >> 1;
    let sa = this.rootAtBoundary;
    let ia = 0;
    let ib = Math.max(0, mid - this.longest + 1);
    let sb = ib > 0 && isWordChar(fold(text.charCodeAt(ib - 1))) ? 0 : this.rootAtBoundary;
    // The second walk's warm-up: it only needs its state at the middle.
    for (; ib < mid; ib++) sb = this.step(sb, text.charCodeAt(ib));
    for (; ia < mid; ia++, ib++) {
      const ca = text.charCodeAt(ia);
      const cb = text.charCodeAt(ib);
      sa = ca < 128 ? (delta[sa * classes + (classOf[ca] as number)] as number) : this.wideStep(sa, ca);
      if (sa >= firstOutput) this.report(sa, ia, hit);
      sb = cb < 128 ? (delta[sb * classes + (classOf[cb] as number)] as number) : this.wideStep(sb, cb);
      if (sb >= firstOutput) this.report(sb, ib, hit);
    }
    this.walk(text, ib, n, sb, hit);
  }

  /** One walk over text[from, to) starting in `state`, reporting every hit. */
  private walk(text: string, from: number, to: number, state: number, hit: (literalId: number, end: number) => void): void {
    const { delta, classOf, classes, firstOutput } = this;
    let s = state;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      s = c < 128 ? (delta[s * classes + (classOf[c] as number)] as number) : this.wideStep(s, c);
      if (s >= firstOutput) this.report(s, i, hit);
    }
  }

  /** The next state for any code unit. */
  private step(s: number, c: number): number {
    return c < 128 ? (this.delta[s * this.classes + (this.classOf[c] as number)] as number) : this.wideStep(s, c);
  }

  /**
   * A transition on a code unit ≥ 128, folded to lowercase (it may fold to ASCII: K → k). Outside
   * ASCII nothing is a letter or digit here, so no word starts at it.
   */
  private wideStep(s: number, c: number): number {
    const lc = foldWide(c);
    if (lc < 128) return this.delta[s * this.classes + (this.classOf[lc] as number)] as number;
    const { wide, fail } = this;
    if (s === this.rootAtBoundary) s = 0;
    let next = wide.get(wideKey(s, lc));
    while (next === undefined && s !== 0) {
      s = fail[s] as number;
      next = wide.get(wideKey(s, lc));
    }
    return next ?? this.rootAtBoundary;
  }

  /** Reports the literals ending at text[i] in state `s`. */
  private report(s: number, i: number, hit: (literalId: number, end: number) => void): void {
    const { outStart, outIds } = this;
    const to = outStart[s + 1] as number;
    for (let k = outStart[s] as number; k < to; k++) hit(outIds[k] as number, i + 1);
  }
}

/**
 * Code units ≥ 128 that fold to an ASCII letter: only the Kelvin sign (checked by a test over every
 * BMP unit). The walk reads one as the letter k, so no word starts right after it, while a regex
 * without the `u` flag sees a word boundary there. Word-start anchors (anchors.ts) are exact only
 * in views without one.
 */
export const FOLDS_TO_ASCII_LETTER = /\u212a/;

/** A state and a UTF-16 code unit as one number (exact in a double for any state count we build). */
const wideKey = (state: number, unit: number): number => state * 0x10000 + unit;

/** Texts shorter than this are walked once (the overlap would cost more than it saves). */
const TWO_WALKS_FROM = 256;

/**
 * The trie's symbol before a letter or digit that starts a word. Not a UTF-16 code unit, so no text
 * character can take its transitions.
 */
const BOUNDARY = 0x10000;

/**
 * A literal as the trie spells it: BOUNDARY before each letter or digit that follows another
 * character, and before the first one when the literal must start a word.
 */
function symbolsOf(literal: string, wordStart: boolean): number[] {
  const symbols: number[] = [];
  for (let i = 0; i < literal.length; i++) {
    const c = literal.charCodeAt(i);
    if (isWordChar(c) && (i === 0 ? wordStart : !isWordChar(literal.charCodeAt(i - 1)))) symbols.push(BOUNDARY);
    symbols.push(c);
  }
  return symbols;
}

/** Lowercase of each BMP code unit ≥ 128 that lowercases to one unit (0: not computed yet). */
const WIDE_LOWER = new Uint16Array(0x10000);

function foldWide(c: number): number {
  let l = WIDE_LOWER[c] as number;
  if (l === 0) {
    const lower = String.fromCharCode(c).toLowerCase();
    l = lower.length === 1 ? lower.charCodeAt(0) : c;
    WIDE_LOWER[c] = l;
  }
  return l;
}

/** Any code unit lowercased as the walk sees it. */
const fold = (c: number): number => (c < 128 ? c : foldWide(c));

/** ASCII letter or digit, either case. */
function isWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
}
