/**
 * Scoring owns the numbers: a match scores confidence weight × severity points (or the
 * signature's / policy's points override); a request scores its strongest match plus diminishing
 * corroboration from the others (each next one counts half as much as the one before), so weak
 * signals cannot add up to a block; thresholds per direction turn the score into a decision.
 */
import type { Action, Confidence, ResolvedPolicy, Severity } from './policy';
import type { Direction } from './types';

export type Decision = 'allow' | 'flag' | 'block';

/** Points of one match under `policy`. */
export function matchScore(
  sig: { id: string; severity: Severity; confidence: Confidence; points?: number },
  policy: ResolvedPolicy,
): number {
  const points = policy.overrides.get(sig.id)?.points ?? sig.points ?? policy.severityPoints[sig.severity];
  return round(points * policy.confidenceWeights[sig.confidence]);
}

/** Combines match scores: max + Σ next_i × 2^-i over the rest in descending order. */
export function combineScores(scores: readonly number[]): number {
  const sorted = [...scores].sort((a, b) => b - a);
  let total = 0;
  let weight = 1;
  for (const s of sorted) {
    total += s * weight;
    weight /= 2;
  }
  return round(total);
}

/**
 * The decision for a score in a direction. The score counts only enforced matches, so a policy in
 * monitor mode (every match monitored) always allows.
 */
export function decide(score: number, direction: Direction, policy: ResolvedPolicy): Decision {
  const t = policy.thresholds[direction];
  if (score >= t.block) return 'block';
  if (score >= t.flag) return 'flag';
  return 'allow';
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** The action a match takes: the policy's override, else monitor when the policy monitors, else the signature's own. */
export function effectiveAction(sig: { id: string; action: Action }, policy: ResolvedPolicy): Action {
  return policy.overrides.get(sig.id)?.action ?? (policy.mode === 'monitor' ? 'monitor' : sig.action);
}
