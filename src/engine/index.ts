/**
 * The engine: `scan(text, direction, policy, catalog)` → Verdict. Pure: no I/O, no clock. Steps:
 * preprocess into views → literal prefilter per view → candidate signatures run their patterns →
 * allowlist → scoring → decision.
 */
import { GATE_BIT, type CompiledCatalog, type CompiledSignature } from './catalog';
import type { ResolvedPolicy } from './policy';
import { anchoredMatch, type AnchorOccurrences } from './anchors';
import { originalSpan, preprocess } from './preprocess';
import { combineScores, decide, effectiveAction, matchScore, type Decision } from './scoring';
import type { Direction, PreprocessStep, View } from './types';

export interface Match {
  readonly signature_id: string;
  readonly name: string;
  readonly category: string;
  readonly subcategory: string;
  readonly severity: string;
  readonly confidence: string;
  readonly action: 'enforce' | 'monitor';
  readonly score: number;
  /** The matched text as found in the view (masked for secrets and personal data). */
  readonly matched_text: string;
  /** Where in the original text it came from (UTF-16 code units). */
  readonly offset: number;
  readonly length: number;
  readonly view: string;
  readonly owasp: string;
  readonly validator?: string;
}

export interface Verdict {
  readonly decision: Decision;
  readonly score: number;
  readonly matches: readonly Match[];
  readonly policy: string;
  readonly preprocessing: readonly PreprocessStep[];
  /** Matching stopped once the score reached the block threshold. */
  readonly early_exit: boolean;
}

const MAX_MATCHED_TEXT = 200;
/** How many matches a validator-backed pattern may try before giving up on a view. */
const MAX_VALIDATOR_TRIES = 64;
const SENSITIVE = new Set(['data-leakage']);
const DIGIT = /\d/;
const DIGIT_RUN = /\d{3}/;
const NON_ASCII = /[^\x00-\x7f]/;

interface Found {
  start: number;
  end: number;
  text: string;
  validator?: string;
}

function firstMatch(sig: CompiledSignature, view: View, anchors: AnchorOccurrences): Found | null {
  let first: Found | null = null;
  for (const p of sig.patterns) {
    let found: Found | null = null;
    if (!p.validator) {
      const m = p.anchors && p.reAt ? anchoredMatch(p.reAt, p.anchors, view.text, anchors) : p.re.exec(view.text);
      if (m) found = { start: m.index, end: m.index + m[0].length, text: m[0] };
    } else {
      p.reAll.lastIndex = 0;
      for (let tries = 0; tries < MAX_VALIDATOR_TRIES; tries++) {
        const m = p.reAll.exec(view.text);
        if (!m) break;
        if (m[0].length === 0) p.reAll.lastIndex++;
        const value = m.groups?.value ?? m[0];
        if (p.validator(value)) {
          found = { start: m.index, end: m.index + m[0].length, text: m[0], validator: p.validatorName as string };
          break;
        }
      }
    }
    if (sig.def.condition === 'all') {
      if (!found) return null;
      first ??= found;
    } else if (found) {
      return found;
    }
  }
  return first;
}

/** Whether every prefilter_all group has a literal that hit in this view (stamped `gen` in its record). */
function allGroupsHit(groups: readonly (readonly number[])[], literals: Int32Array, gen: number): boolean {
  outer: for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as readonly number[];
    for (let k = 0; k < group.length; k++) if (literals[(group[k] as number) * LITERAL_RECORD] === gen) continue outer;
    return false;
  }
  return true;
}

/** Keeps the first 4 and last 2 characters of sensitive values so responses and logs do not re-leak them. */
export function maskValue(text: string): string {
  if (text.length <= 8) return '*'.repeat(text.length);
  return text.slice(0, 4) + '*'.repeat(Math.min(text.length - 6, 24)) + text.slice(-2);
}

/**
 * Per-catalog scan tables and scratch, built on first use. Each prefilter hit reads and stamps its
 * literal's record, so a literal's facts (stamp, anchor flag and length, where its unlocked
 * signatures start, its latest anchor occurrence) sit side by side in one Int32Array: between
 * requests the HTTP stack evicts the engine's data from cache, and one line per literal instead of
 * several arrays is fewer trips to memory per hit.
 *
 * It is also the view's index of anchor occurrences (anchors.ts): each anchor literal's starts are a
 * chain through `hits`, so an anchored pattern visits only its own words' occurrences.
 */
export class ScanTables implements AnchorOccurrences {
  gen = 0;
  /** Generation stamps per signature: marked as a candidate in this view. */
  readonly seen: Uint32Array;
  /**
   * LITERAL_RECORD ints per literal: stamp, anchor bit | length, start of its run in `unlocked`
   * (the run ends where the next record's starts; one sentinel record at the end), index in `hits`
   * of its latest occurrence (valid while the stamp is the view's).
   */
  readonly literals: Int32Array;
  /** Signature indices, each literal's run given by its record. */
  readonly unlocked: Int32Array;
  /** (start, index of the same literal's previous pair or -1) for anchor literals; grows when a view needs more. */
  hits = new Int32Array(1024);

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
   * A fresh generation for a view. A stamp that wrapped around would never equal the counter again
   * and every candidate would be skipped: a server that has scanned 2^31 views would match nothing.
   */
  nextGeneration(): number {
    if (this.gen >= LAST_GEN) {
      this.seen.fill(0);
      for (let r = 0; r < this.literals.length; r += LITERAL_RECORD) this.literals[r] = 0;
      this.gen = 0;
    }
    return ++this.gen;
  }

  latest(literalId: number): number {
    const r = literalId * LITERAL_RECORD;
    return this.literals[r] === this.gen ? (this.literals[r + 3] as number) : -1;
  }

  /** Room for one more pair after `used` ints. */
  reserve(used: number): Int32Array {
    if (used + 2 > this.hits.length) {
      const grown = new Int32Array(this.hits.length * 2);
      grown.set(this.hits);
      this.hits = grown;
    }
    return this.hits;
  }
}

const LITERAL_RECORD = 4;
const ANCHOR_BIT = 1 << 30;
/** Stamps are Int32: past this, every stamp is cleared and counting starts again. */
const LAST_GEN = 0x7fffffff;
const tables = new WeakMap<CompiledCatalog, ScanTables>();

/** Exported for tests (generation wrap-around, buffer growth). */
export function scanTables(catalog: CompiledCatalog): ScanTables {
  let t = tables.get(catalog);
  if (t === undefined) tables.set(catalog, (t = new ScanTables(catalog)));
  return t;
}

const DIRECTION_BIT: Readonly<Record<Direction, number>> = { input: 1, output: 2 };
const runnableByPolicy = new WeakMap<ResolvedPolicy, WeakMap<CompiledCatalog, Uint8Array>>();

/**
 * Per signature index, the directions (DIRECTION_BIT) it runs in under `policy`: its own
 * directions, none when the policy or the signature disables it. Policies and catalogs are
 * replaced, never changed, when an admin edits them (the verdict cache relies on the same), so
 * the mask is computed once per pair instead of two map lookups per candidate per view.
 */
function runnable(policy: ResolvedPolicy, catalog: CompiledCatalog): Uint8Array {
  let byCatalog = runnableByPolicy.get(policy);
  if (byCatalog === undefined) runnableByPolicy.set(policy, (byCatalog = new WeakMap()));
  let mask = byCatalog.get(catalog);
  if (mask === undefined) {
    mask = new Uint8Array(catalog.signatures.length);
    for (const sig of catalog.signatures) {
      if (!(policy.overrides.get(sig.def.id)?.enabled ?? sig.def.enabled)) continue;
      for (const d of sig.directions) mask[sig.index] = (mask[sig.index] as number) | DIRECTION_BIT[d];
    }
    byCatalog.set(catalog, mask);
  }
  return mask;
}

/** Scans `text` in `direction` under `policy`. */
export function scan(text: string, direction: Direction, policy: ResolvedPolicy, catalog: CompiledCatalog): Verdict {
  const { views, steps } = preprocess(text);
  const scratch = scanTables(catalog);
  const runs = runnable(policy, catalog);
  const directionBit = DIRECTION_BIT[direction];
  const matched = new Map<string, Match>();
  const enforcedScores: number[] = [];
  const block = policy.thresholds[direction].block;
  let earlyExit = false;

  outer: for (const view of views) {
    const gen = scratch.nextGeneration();
    const { seen, literals, unlocked } = scratch;
    let used = 0;
    catalog.prefilter.scan(view.text, (lit, end) => {
      const r = lit * LITERAL_RECORD;
      // A literal seen again in this view unlocks nothing new.
      if (literals[r] !== gen) {
        literals[r] = gen;
        literals[r + 3] = -1;
        // Candidates are marked, not listed: walking the marks in index order gives catalog order
        // without a sort.
        const to = literals[r + LITERAL_RECORD + 2] as number;
        for (let k = literals[r + 2] as number; k < to; k++) seen[unlocked[k] as number] = gen;
      }
      const info = literals[r + 1] as number;
      if (info >= ANCHOR_BIT) {
        const hits = scratch.reserve(used);
        hits[used] = end - (info & (ANCHOR_BIT - 1));
        hits[used + 1] = literals[r + 3] as number;
        literals[r + 3] = used;
        used += 2;
      }
    });
    for (const idx of catalog.alwaysRun) seen[idx] = gen;
    const hasDigit = DIGIT.test(view.text);
    const hasDigitRun = hasDigit && DIGIT_RUN.test(view.text);
    const hasNonAscii = NON_ASCII.test(view.text);
    if (hasDigit) for (const idx of catalog.gated.digits) seen[idx] = gen;
    if (hasDigitRun) for (const idx of catalog.gated['digit-run']) seen[idx] = gen;
    if (hasNonAscii) for (const idx of catalog.gated['non-ascii']) seen[idx] = gen;

    const openGates = (hasDigit ? GATE_BIT.digits : 0) | (hasDigitRun ? GATE_BIT['digit-run'] : 0) | (hasNonAscii ? GATE_BIT['non-ascii'] : 0);
    const { signatures } = catalog;
    for (let idx = 0; idx < signatures.length; idx++) {
      if (seen[idx] !== gen || ((runs[idx] as number) & directionBit) === 0) continue;
      const sig = signatures[idx] as CompiledSignature;
      const def = sig.def;
      if (matched.size !== 0 && matched.has(def.id)) continue;
      if (sig.gateBit !== 0 && (sig.gateBit & openGates) === 0) continue;
      if (!allGroupsHit(sig.requireGroups, literals, gen)) continue;
      if (sig.views && !sig.views.has(view.kind)) continue;
      const found = firstMatch(sig, view, scratch);
      if (!found) continue;
      if (policy.allowlist.some((a) => (a.signatures === null || a.signatures.has(def.id)) && a.re.test(found.text))) continue;
      const [offset, end] = originalSpan(view, found.start, found.end);
      const action = effectiveAction(def, policy);
      const score = matchScore(def, policy);
      const shown = found.text.length > MAX_MATCHED_TEXT ? found.text.slice(0, MAX_MATCHED_TEXT) + '…' : found.text;
      matched.set(def.id, {
        signature_id: def.id,
        name: def.name,
        category: def.category,
        subcategory: def.subcategory,
        severity: def.severity,
        confidence: def.confidence,
        action,
        score,
        matched_text: SENSITIVE.has(def.category) ? maskValue(found.text) : shown,
        offset,
        length: end - offset,
        view: view.name,
        owasp: def.owasp,
        ...(found.validator ? { validator: found.validator } : {}),
      });
      if (action === 'enforce') {
        enforcedScores.push(score);
        if (policy.earlyExit && policy.mode === 'enforce' && combineScores(enforcedScores) >= block) {
          earlyExit = true;
          break outer;
        }
      }
    }
  }

  const score = combineScores(enforcedScores);
  return {
    decision: decide(score, direction, policy),
    score,
    matches: [...matched.values()].sort((a, b) => b.score - a.score || a.offset - b.offset),
    policy: policy.name,
    preprocessing: steps,
    early_exit: earlyExit,
  };
}
