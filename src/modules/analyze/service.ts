/**
 * Analyze: find personal data and secrets as entities, redact them, and give the scan decision
 * for the same text, in one call. Used by the API and the CLI.
 */
import { randomBytes } from 'node:crypto';
import { findEntities, type Entity } from '../../engine/entities';
import { redact, type RedactionStyle } from '../../engine/redact';
import type { Direction } from '../../engine/types';
import { ApiError } from '../../server/errors';
import type { ScanService } from '../scan/service';
import type { EngineState } from '../../catalog/engine-state';

export interface AnalyzeInput {
  readonly text: string;
  readonly redact?: RedactionStyle | undefined;
  readonly entities?: readonly string[] | undefined;
  readonly restore?: boolean | undefined;
  readonly policy?: string | undefined;
}

export interface AnalyzeResult {
  readonly entities: readonly Entity[];
  readonly redacted_text: string;
  readonly redaction: RedactionStyle;
  readonly mapping?: Readonly<Record<string, string>>;
  readonly decision: string;
  readonly score: number;
  readonly policy: string;
  readonly direction: Direction;
  readonly latency_ms: number;
}

export class AnalyzeService {
  private readonly hashKey: Uint8Array;

  constructor(
    private readonly deps: { state: () => EngineState; scanner: ScanService; redactionKey: string | null },
  ) {
    this.hashKey = deps.redactionKey ? new TextEncoder().encode(deps.redactionKey) : randomBytes(32);
  }

  /**
   * Analyzes `input.text` in `direction`; throws ApiError for bad requests (size, policy, options).
   * `partition` names the caller for the verdict cache (ScanService.scan).
   */
  analyze(input: AnalyzeInput, direction: Direction, partition = ''): AnalyzeResult {
    const started = performance.now();
    const style = input.redact ?? 'mask';
    if (input.restore && style !== 'placeholder') {
      throw new ApiError('VALIDATION', 'Invalid request: body.restore needs body.redact = "placeholder"');
    }
    // The scan enforces the size limit and the policy name, and gives the decision.
    const verdict = this.deps.scanner.scan({ text: input.text, policy: input.policy }, direction, partition);
    const types = input.entities ? new Set(input.entities) : undefined;
    const entities = findEntities(input.text, direction, this.deps.state().catalog, types);
    const r = redact(input.text, entities, style, this.hashKey);
    return {
      entities,
      redacted_text: r.text,
      redaction: style,
      ...(input.restore ? { mapping: r.mapping } : {}),
      decision: verdict.decision,
      score: verdict.score,
      policy: verdict.policy,
      direction,
      latency_ms: Math.round((performance.now() - started) * 1000) / 1000,
    };
  }
}
