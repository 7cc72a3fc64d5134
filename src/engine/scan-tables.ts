/**
 * The engine's per-catalog scan tables and scratch: which literals hit in the current view, which
 * signatures they made candidates, and where the anchor literals occur. Built on first use per
 * catalog and reused by every scan of it (scans are synchronous, so one set per catalog is enough).
 */
import type { CompiledCatalog } from './catalog';
import type { AnchorOccurrences } from './anchors';

const LITERAL_RECORD = 4;
const ANCHOR_BIT = 1 << 30;
/** Stamps are Int32: past this, every stamp is cleared and counting starts again. */
const LAST_GEN = 0x7fffffff;

/**
 * Each prefilter hit reads and stamps its literal's record, so a literal's facts (stamp, anchor
 * flag and length, where its unlocked signatures start, its latest anchor occurrence) sit side by
 * side in one Int32Array: between requests the HTTP stack evicts the engine's data from cache, and
 * one line per literal instead of several arrays is fewer trips to memory per hit.
 *
 * It is also the view's index of anchor occurrences (anchors.ts): each anchor literal's starts are
 * a chain through `hits`, so an anchored pattern visits only its own words' occurrences.
 */
export class ScanTables implements AnchorOccurrences {
  /** The current view's generation: a stamp equal to it was set in this view. */
  gen = 0;
  /** Generation stamps per signature: equal to `gen` when it is a candidate in this view (the scan marks the ones that run without a literal). */
  readonly seen: Uint32Array;
  /**
   * LITERAL_RECORD ints per literal: stamp, anchor bit | length, start of its run in `unlocked`
   * (the run ends where the next record's starts; one sentinel record at the end), index in `hits`
   * of its latest occurrence (valid while the stamp is the view's).
   */
  private readonly literals: Int32Array;
  /** Signature indices, each literal's run given by its record. */
  private readonly unlocked: Int32Array;
  /** (start, index of the same literal's previous pair or -1) for anchor literals; grows when a view needs more. */
  hits = new Int32Array(1024);
  /** Ints of `hits` in use in this view. */
  private used = 0;

  constructor(catalog: CompiledCatalog) {
    const { literalSignatures, anchorLiteral, prefilter } = catalog;
    this.seen = new Uint32Array(catalog.signatures.length);
    this.literals = new Int32Array((literalSignatures.length + 1) * LITERAL_RECORD);
    const unlocked: number[] = [];
    literalSignatures.forEach((sigs, lit) => {
      const r = lit * LITERAL_RECORD;
      this.literals[r + 1] = (anchorLiteral[lit] === 1 ? ANCHOR_BIT : 0) | prefilter.literalLength(lit);
      this.literals[r + 2] = unlocked.length;
      unlocked.push(...sigs);
    });
    this.literals[literalSignatures.length * LITERAL_RECORD + 2] = unlocked.length;
    this.unlocked = Int32Array.from(unlocked);
  }

  /**
   * Starts a view: a fresh generation, no anchor occurrences. A stamp that wrapped around would
   * never equal the counter again and every candidate would be skipped: a server that has scanned
   * 2^31 views would match nothing.
   */
  startView(): number {
    if (this.gen >= LAST_GEN) {
      this.seen.fill(0);
      for (let r = 0; r < this.literals.length; r += LITERAL_RECORD) this.literals[r] = 0;
      this.gen = 0;
    }
    this.used = 0;
    return ++this.gen;
  }

  /**
   * The prefilter's hit callback (an arrow, so it can be passed as is): literal `lit` ends at
   * `end`. The first hit of a literal in a view marks the signatures it unlocks; marks rather than
   * a list, so walking them in index order gives catalog order without a sort. Anchor literals
   * also record where they start.
   */
  readonly hit = (lit: number, end: number): void => {
    const { literals, gen } = this;
    const r = lit * LITERAL_RECORD;
    if (literals[r] !== gen) {
      literals[r] = gen;
      literals[r + 3] = -1;
      const { seen, unlocked } = this;
      const to = literals[r + LITERAL_RECORD + 2] as number;
      for (let k = literals[r + 2] as number; k < to; k++) seen[unlocked[k] as number] = gen;
    }
    const info = literals[r + 1] as number;
    if (info >= ANCHOR_BIT) {
      const used = this.used;
      let hits = this.hits;
      if (used + 2 > hits.length) {
        hits = new Int32Array(hits.length * 2);
        hits.set(this.hits);
        this.hits = hits;
      }
      hits[used] = end - (info & (ANCHOR_BIT - 1));
      hits[used + 1] = literals[r + 3] as number;
      literals[r + 3] = used;
      this.used = used + 2;
    }
  };

  /** Whether every prefilter_all group has a literal that hit in this view. */
  allGroupsHit(groups: readonly (readonly number[])[]): boolean {
    const { literals, gen } = this;
    outer: for (let g = 0; g < groups.length; g++) {
      const group = groups[g] as readonly number[];
      for (let k = 0; k < group.length; k++) if (literals[(group[k] as number) * LITERAL_RECORD] === gen) continue outer;
      return false;
    }
    return true;
  }

  latest(literalId: number): number {
    const r = literalId * LITERAL_RECORD;
    return this.literals[r] === this.gen ? (this.literals[r + 3] as number) : -1;
  }
}

const tables = new WeakMap<CompiledCatalog, ScanTables>();

/** The scan tables of `catalog`, built on first use. */
export function scanTables(catalog: CompiledCatalog): ScanTables {
  let t = tables.get(catalog);
  if (t === undefined) tables.set(catalog, (t = new ScanTables(catalog)));
  return t;
}
