/**
 * Policies: thresholds, weights, per-signature overrides and allowlists, resolved once into the
 * form scoring reads. Precedence for a signature's action: policy override > policy mode >
 * signature default.
 */
import type { PolicyFile } from '../catalog/schema';
import type { Direction } from './types';

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type Confidence = 'low' | 'medium' | 'high';
export type Action = 'enforce' | 'monitor';

export const DEFAULT_SEVERITY_POINTS: Readonly<Record<Severity, number>> = { low: 2, medium: 5, high: 9, critical: 14 };
export interface SessionSettings {
  readonly halfLifeSecs: number;
  readonly flag: number;
  readonly block: number;
  readonly maxTurns: number;
}

/**
 * Defaults: the input flag threshold is 4, so two or three near-miss turns in a few minutes flag a
 * conversation and four or five block it; a quiet conversation halves its risk every 10 minutes.
 */
export const SESSION_DEFAULTS: SessionSettings = { halfLifeSecs: 600, flag: 8, block: 16, maxTurns: 50 };

/**
 * The classifier flags on its own, so its threshold sets how many ordinary requests it costs.
 * Chosen on held-out sets (385 attacks, 664 benign requests: short and long, inferwall-bench's
 * OWASP, custom and realistic-benign sets; signatures included) with the model trained at L2 1e-3
 * on this round's corpora: 0.8 catches 87.5 % of the attacks with 1.2 % of the benign requests
 * flagged (0.65: 90.6 %, 3.2 %; 0.93: 79.5 %, 0.9 %). The model before it, at 0.93, caught 80.8 %
 * and flagged 6.0 %, most of them long ordinary requests (a parent's medications, an insurance
 * claim, a villain's monologue).
 */
export const DEFAULT_CLASSIFIER_THRESHOLD = 0.8;

export const DEFAULT_CONFIDENCE_WEIGHTS: Readonly<Record<Confidence, number>> = { low: 0.5, medium: 0.7, high: 0.9 };

export interface ResolvedPolicy {
  readonly name: string;
  readonly description: string;
  readonly mode: Action;
  readonly thresholds: Readonly<Record<Direction, { readonly flag: number; readonly block: number }>>;
  readonly severityPoints: Readonly<Record<Severity, number>>;
  readonly confidenceWeights: Readonly<Record<Confidence, number>>;
  readonly earlyExit: boolean;
  /** The attack classifier's probability at or above which it reports CLS-001. */
  readonly classifierThreshold: number;
  readonly overrides: ReadonlyMap<string, { action?: Action; points?: number; enabled?: boolean }>;
  readonly allowlist: readonly { re: RegExp; signatures: ReadonlySet<string> | null; reason: string }[];
  /** Conversation escalation (the policy's `session` block over the defaults). */
  readonly session: SessionSettings;
  /** Where the policy came from, for errors and GET /v1/policies. */
  readonly source: string;
}

/** A policy file that validates but cannot work (e.g. block below flag, a bad allowlist regex). */
export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    reason: string,
  ) {
    super(`${file}: ${field}: ${reason}`);
    this.name = 'PolicyError';
  }
}

/** Resolves a schema-valid policy file. */
export function resolvePolicy(file: PolicyFile, source: string): ResolvedPolicy {
  for (const dir of ['input', 'output'] as const) {
    const t = file.thresholds[dir];
    if (t.block < t.flag) throw new PolicyError(source, `thresholds.${dir}`, `block (${t.block}) must not be below flag (${t.flag})`);
  }
  const allowlist = (file.allowlist ?? []).map((a, i) => {
    try {
      return { re: new RegExp(a.pattern, 'iu'), signatures: a.signatures ? new Set(a.signatures) : null, reason: a.reason };
    } catch (err) {
      throw new PolicyError(source, `allowlist[${i}].pattern`, `invalid regex: ${(err as Error).message}`);
    }
  });
  const flag = file.session?.flag ?? SESSION_DEFAULTS.flag;
  const block = file.session?.block ?? Math.max(SESSION_DEFAULTS.block, flag);
  if (block < flag) throw new PolicyError(source, 'session', `block (${block}) must not be below flag (${flag})`);
  return {
    session: {
      halfLifeSecs: file.session?.half_life_secs ?? SESSION_DEFAULTS.halfLifeSecs,
      flag,
      block,
      maxTurns: file.session?.max_turns ?? SESSION_DEFAULTS.maxTurns,
    },
    name: file.name,
    description: file.description ?? '',
    mode: file.mode,
    thresholds: file.thresholds,
    severityPoints: file.severity_points ?? DEFAULT_SEVERITY_POINTS,
    confidenceWeights: file.confidence_weights ?? DEFAULT_CONFIDENCE_WEIGHTS,
    earlyExit: file.early_exit ?? true,
    classifierThreshold: file.classifier_threshold ?? DEFAULT_CLASSIFIER_THRESHOLD,
    overrides: new Map(Object.entries(file.overrides ?? {})),
    allowlist,
    source,
  };
}
