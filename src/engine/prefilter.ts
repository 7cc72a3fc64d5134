/**
 * Aho–Corasick over every prefilter literal of the catalog: one pass over a view finds which
 * literals occur, so only signatures with a literal present run their regexes. The cost of a scan
 * then grows with the text, not with the number of signatures.
 *
 * ASCII transitions are a dense table (the common case); other code units follow failure links.
 *
 * A literal that starts with an ASCII letter or digit only counts where a word starts (the
 * character before it is not an ASCII letter or digit): "del" must not fire inside "model", nor
 * "pin" inside "shipping". Signatures that need a fragment inside words mark it with a leading
 * `*` in their prefilter (e.g. `*gpt` for "antigpt").
 */

export class LiteralPrefilter {
  /** delta[state * classes + classOf[c]]: next state for ASCII code unit c (complete DFA). */
  /**
   * 16-bit entries while states fit (the shipped catalog has ~15 000): the walk reads one entry per
   * character from a table of megabytes, and between scans the HTTP stack evicts it from cache, so
   * its size shows directly in the time per scan.
   */
  private readonly delta: Int16Array | Int32Array;
  private readonly classOf: Uint8Array;
  private readonly classes: number;
  /** Transitions on code units ≥ 128, keyed state * 0x10000 + unit (see wideKey). */
  private readonly wide: Map<number, number>;
  private readonly fail: Int32Array;
  /** Literal ids ending at state s (including through failure links): outIds[outStart[s] .. outStart[s+1]). */
  private readonly outStart: Int32Array;
  private readonly outIds: Int32Array;
  readonly literals: readonly string[];
  /** Per literal: its length, or -length when it must start a word. */
  private readonly starts: Int32Array;
  /** The longest literal's length. */
  private readonly longest: number;

  /** The length of literal `id` (code units; case folding keeps lengths). */
  literalLength(id: number): number {
    return Math.abs(this.starts[id] as number);
  }

  /** Builds the automaton over lowercase literals (duplicates share one id). */
  constructor(specs: readonly string[]) {
    const anywhere = specs.map((s) => s.startsWith('*'));
    const literals = specs.map((s) => (s.startsWith('*') ? s.slice(1) : s).toLowerCase());
    this.literals = literals;
    this.starts = Int32Array.from(literals, (l, i) => (!anywhere[i] && isWordChar(l.charCodeAt(0)) ? -l.length : l.length));
    this.longest = literals.reduce((m, l) => Math.max(m, l.length), 1);
    const goto: Map<number, number>[] = [new Map<number, number>()];
    const outSets: number[][] = [[]];
    literals.forEach((lit, id) => {
      let s = 0;
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i);
        let next = goto[s]?.get(c);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map<number, number>());
          outSets.push([]);
          goto[s]?.set(c, next);
        }
        s = next;
      }
      outSets[s]?.push(id);
    });
    const n = goto.length;
    const fail = new Int32Array(n);
    const order: number[] = [];
    const queue: number[] = [];
    for (const [, s] of goto[0] ?? []) {
      fail[s] = 0;
      queue.push(s);
    }
    while (queue.length > 0) {
      const r = queue.shift() as number;
      order.push(r);
      for (const [c, s] of goto[r] ?? []) {
        queue.push(s);
        let f = fail[r] as number;
        while (f !== 0 && !goto[f]?.has(c)) f = fail[f] as number;
        const target = goto[f]?.get(c);
        fail[s] = target !== undefined && target !== s ? target : 0;
        outSets[s]?.push(...(outSets[fail[s]] ?? []));
      }
    }
    // ASCII characters that occur in some literal get a class each; all others share class 0,
    // which always leads back to the root. Rows of `classes` entries instead of 128 keep the
    // table a fraction of the size (it is walked once per character, so its cache footprint counts).
    const classOf = new Uint8Array(128);
    const representative = [0];
    for (const lit of literals) {
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i);
        if (c < 128 && classOf[c] === 0) {
          classOf[c] = representative.length;
          representative.push(c);
        }
      }
    }
    // Capitals move like their lowercase letters: the text is matched without lowercasing it.
    for (let c = 0x41; c <= 0x5a; c++) classOf[c] = classOf[c + 0x20] as number;
    const classes = representative.length;
    const delta = n <= 0x7fff ? new Int16Array(n * classes) : new Int32Array(n * classes);
    // BFS order guarantees a state's failure target is complete before the state itself.
    for (const s of [0, ...order]) {
      for (let k = 1; k < classes; k++) {
        const direct = goto[s]?.get(representative[k] as number);
        delta[s * classes + k] = direct !== undefined ? direct : s === 0 ? 0 : (delta[(fail[s] as number) * classes + k] as number);
      }
    }
    this.classOf = classOf;
    this.classes = classes;
    // A target state that ends literals is stored as ~state, so the scan loop tests one sign bit
    // per character instead of loading its output range.
    for (let k = 0; k < delta.length; k++) {
      const t = delta[k] as number;
      if ((outSets[t]?.length ?? 0) > 0) delta[k] = ~t;
    }
    this.delta = delta;
    this.fail = fail;
    // One map for the few non-ASCII transitions rather than one per state: a catalog has tens of
    // thousands of states, and every live object is work for each full garbage collection.
    this.wide = new Map();
    goto.forEach((m, s) => {
      for (const [c, t] of m) if (c >= 128) this.wide.set(wideKey(s, c), t);
    });
    const outs = outSets.map((o) => [...new Set(o)]);
    this.outStart = new Int32Array(n + 1);
    for (let st = 0; st < n; st++) this.outStart[st + 1] = (this.outStart[st] as number) + (outs[st]?.length ?? 0);
    this.outIds = Int32Array.from(outs.flat());
  }

  /**
   * Calls `hit(literalId, end)` for every literal occurrence in `text` that ends before `end`,
   * case-insensitively: ASCII capitals are folded by the transition table and other code units
   * through a lowercase table, so the text is never copied. Hits come in no particular order.
   *
   * A long text is walked as two interleaved halves: each step depends on the state the previous
   * one loaded, so one walk waits on memory; two independent walks overlap those waits. The
   * second half starts `longest - 1` characters early (from the root) so that its state is exact
   * by the time it reaches the middle, and reports only from the middle on.
   */
  scan(text: string, hit: (literalId: number, end: number) => void): void {
    const n = text.length;
    if (n < TWO_WALKS_FROM) {
      this.walk(text, 0, n, 0, hit);
      return;
    }
    const { delta, classOf, classes, outStart } = this;
    const mid = n >> 1;
    let sa = 0;
    let sb = 0;
    let ia = 0;
    let ib = Math.max(0, mid - this.longest + 1);
    // The second walk's warm-up: it only needs its state at the middle.
    for (; ib < mid; ib++) sb = this.step(sb, text.charCodeAt(ib));
    for (; ia < mid; ia++, ib++) {
      const ca = text.charCodeAt(ia);
      const cb = text.charCodeAt(ib);
      if (ca < 128) {
        sa = delta[sa * classes + (classOf[ca] as number)] as number;
        if (sa < 0) this.report((sa = ~sa), text, ia, hit);
      } else {
        sa = this.wideStep(sa, ca);
        if (outStart[sa] !== outStart[sa + 1]) this.report(sa, text, ia, hit);
      }
      if (cb < 128) {
        sb = delta[sb * classes + (classOf[cb] as number)] as number;
        if (sb < 0) this.report((sb = ~sb), text, ib, hit);
      } else {
        sb = this.wideStep(sb, cb);
        if (outStart[sb] !== outStart[sb + 1]) this.report(sb, text, ib, hit);
      }
    }
    this.walk(text, ib, n, sb, hit);
  }

  /** One walk over text[from, to) starting in `state`, reporting every hit. */
  private walk(text: string, from: number, to: number, state: number, hit: (literalId: number, end: number) => void): void {
    const { delta, classOf, classes, outStart } = this;
    let s = state;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        s = delta[s * classes + (classOf[c] as number)] as number;
        if (s >= 0) continue;
        s = ~s;
      } else {
        s = this.wideStep(s, c);
        if (outStart[s] === outStart[s + 1]) continue;
      }
      this.report(s, text, i, hit);
    }
  }

  /** The next state (outputs flag cleared) for any code unit. */
  private step(s: number, c: number): number {
    if (c >= 128) return this.wideStep(s, c);
    const t = this.delta[s * this.classes + (this.classOf[c] as number)] as number;
    return t < 0 ? ~t : t;
  }

  /** A transition on a code unit ≥ 128, folded to lowercase (it may fold to ASCII: K → k). */
  private wideStep(s: number, c: number): number {
    const lc = foldWide(c);
    if (lc < 128) {
      const t = this.delta[s * this.classes + (this.classOf[lc] as number)] as number;
      return t < 0 ? ~t : t;
    }
    const { wide, fail } = this;
    let next = wide.get(wideKey(s, lc));
    while (next === undefined && s !== 0) {
      s = fail[s] as number;
      next = wide.get(wideKey(s, lc));
    }
    return next ?? 0;
  }

  /** Reports the literals ending at text[i] in state `s`. */
  private report(s: number, text: string, i: number, hit: (literalId: number, end: number) => void): void {
    const { outStart, outIds, starts } = this;
    const to = outStart[s + 1] as number;
    for (let k = outStart[s] as number; k < to; k++) {
      const id = outIds[k] as number;
      const len = starts[id] as number;
      // Word-start literal: the character before it must not be an ASCII letter or digit.
      if (len < 0 && i + len >= 0 && isWordChar(text.charCodeAt(i + len))) continue;
      hit(id, i + 1);
    }
  }
}

/** A state and a UTF-16 code unit as one number (exact in a double for any state count we build). */
const wideKey = (state: number, unit: number): number => state * 0x10000 + unit;

/** Texts shorter than this are walked once (the overlap would cost more than it saves). */
const TWO_WALKS_FROM = 256;

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

/** ASCII letter or digit, either case. */
function isWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
}
