/**
 * The engine: `scan(text, direction, policy, catalog)` → Verdict. Pure: no I/O, no clock. Steps:
 * preprocess into views → literal prefilter per view → candidate signatures run their patterns →
 * allowlist → (requests) the attack classifier on the original text → scoring → decision.
 */
import { GATE_BIT, type CompiledCatalog, type CompiledSignature } from './catalog';
import type { ResolvedPolicy } from './policy';
import { anchoredMatch, type AnchorOccurrences } from './anchors';
import { FOLDS_TO_ASCII_LETTER } from './prefilter';
import { scanTables } from './scan-tables';
import { CLASSIFIER_SIGNATURE as CLASSIFIER, classify, loadClassifier } from './classifier';
import modelFile from './classifier-model.json';
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
  /** The attack classifier's probability (CLS-001 only). */
  readonly probability?: number;
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

/** `anchors` is null where anchored patterns must run as plain regexes (see FOLDS_TO_ASCII_LETTER). */
function firstMatch(sig: CompiledSignature, view: View, anchors: AnchorOccurrences | null): Found | null {
  let first: Found | null = null;
  for (const p of sig.patterns) {
    let found: Found | null = null;
    if (!p.validator) {
      const m = p.anchors && p.reAt && anchors ? anchoredMatch(p.reAt, p.anchors, view.text, anchors) : p.re.exec(view.text);
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

/** Keeps the first 4 and last 2 characters of sensitive values so responses and logs do not re-leak them. */
export function maskValue(text: string): string {
  if (text.length <= 8) return '*'.repeat(text.length);
  return text.slice(0, 4) + '*'.repeat(Math.min(text.length - 6, 24)) + text.slice(-2);
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
    const gen = scratch.startView();
    catalog.prefilter.scan(view.text, scratch.hit);
    const { seen } = scratch;
    for (const idx of catalog.alwaysRun) seen[idx] = gen;
    const hasDigit = DIGIT.test(view.text);
    const hasDigitRun = hasDigit && DIGIT_RUN.test(view.text);
    const hasNonAscii = NON_ASCII.test(view.text);
    const anchors = hasNonAscii && FOLDS_TO_ASCII_LETTER.test(view.text) ? null : scratch;
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
      if (!scratch.allGroupsHit(sig.requireGroups)) continue;
      if (sig.views && !sig.views.has(view.kind)) continue;
      const found = firstMatch(sig, view, anchors);
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

  if (direction === 'input' && !earlyExit) {
    const found = classifierMatch(text, views, policy);
    if (found) {
      matched.set(CLASSIFIER.id, found);
      if (found.action === 'enforce') enforcedScores.push(found.score);
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

/**
 * The attack classifier as a match: requests only (output leaks are exact formats, which patterns
 * handle), under the id CLS-001 so policies tune it like a signature (`overrides: {CLS-001:
 * {enabled, action, points}}`, allowlists) and `classifier_threshold` sets the probability it needs.
 * The evidence is the passage that decided it. Every view is read and the most attack-like counts:
 * the model learnt words, and obfuscation (look-alikes, leetspeak, spaced or joined words, encodings)
 * hides words that the views spell out again; ordinary text has the original view only.
 */
const MODEL = loadClassifier(modelFile);

function classifierMatch(text: string, views: readonly View[], policy: ResolvedPolicy): Match | null {
  if (policy.overrides.get(CLASSIFIER.id)?.enabled === false) return null;
  let v = classify(text, MODEL);
  let from = views[0] as View;
  for (let k = 1; k < views.length; k++) {
    const view = views[k] as View;
    const other = classify(view.text, MODEL);
    if (other.probability > v.probability) {
      v = other;
      from = view;
    }
  }
  if (v.probability < policy.classifierThreshold) return null;
  const [start, end] = originalSpan(from, v.start, v.end);
  const passage = text.slice(start, end);
  if (policy.allowlist.some((a) => (a.signatures === null || a.signatures.has(CLASSIFIER.id)) && a.re.test(passage))) return null;
  return {
    signature_id: CLASSIFIER.id,
    name: CLASSIFIER.name,
    category: CLASSIFIER.category,
    subcategory: CLASSIFIER.subcategory,
    severity: CLASSIFIER.severity,
    confidence: CLASSIFIER.confidence,
    action: effectiveAction(CLASSIFIER, policy),
    score: matchScore(CLASSIFIER, policy),
    matched_text: passage.length > MAX_MATCHED_TEXT ? passage.slice(0, MAX_MATCHED_TEXT) + '…' : passage,
    offset: start,
    length: end - start,
    view: from.name,
    owasp: CLASSIFIER.owasp,
    probability: Math.round(v.probability * 1000) / 1000,
  };
}
