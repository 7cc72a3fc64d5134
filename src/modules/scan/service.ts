/**
 * Scanning as the API and CLI use it: picks the texts to scan, enforces the input size limit,
 * runs the engine under the chosen policy, and never turns an engine fault into a silent allow.
 */
import type { EngineState } from '../../catalog/engine-state';
import type { FailMode } from '../../config';
import { scan as runEngine, type Match, type Verdict } from '../../engine';
import type { Direction } from '../../engine/types';
import { combineScores, decide } from '../../engine/scoring';
import { ApiError } from '../../server/errors';
import type { Logger } from '../../server/log';
import type { VerdictCache } from './verdict-cache';

export interface ScanInput {
  readonly text?: string | undefined;
  readonly messages?: readonly { role: string; content: string }[] | undefined;
  readonly policy?: string | undefined;
}

export interface ScanResult extends Omit<Verdict, 'matches'> {
  readonly matches: readonly (Match & { message_index?: number })[];
  readonly direction: Direction;
  readonly latency_ms: number;
  readonly degraded?: boolean;
  readonly reason?: string;
}

type Policy = NonNullable<ReturnType<EngineState['policies']['get']>>;

const SKIP_ON_INPUT = new Set(['system', 'developer', 'assistant']);

export interface ScanServiceDeps {
  readonly state: () => EngineState;
  readonly failMode: FailMode;
  readonly maxInputBytes: number;
  readonly log: Logger;
  /** Recent verdicts (server only; the CLI scans each text once). */
  readonly cache?: VerdictCache;
}

/** The parts of a request to scan, each with its message index (-1 for plain text). */
export function textsToScan(input: ScanInput, direction: Direction): { index: number; text: string }[] {
  const hasText = input.text !== undefined;
  const hasMessages = input.messages !== undefined;
  if (hasText === hasMessages) {
    throw new ApiError('VALIDATION', 'Invalid request: give exactly one of body.text or body.messages');
  }
  if (hasText) return [{ index: -1, text: input.text }];
  const messages = (input.messages ?? []).map((m, index) => ({ index, role: m.role.toLowerCase(), text: m.content }));
  if (direction === 'input') return messages.filter((m) => !SKIP_ON_INPUT.has(m.role));
  const assistant = messages.filter((m) => m.role === 'assistant');
  return assistant.length > 0 ? assistant : messages;
}

export class ScanService {
  constructor(private readonly deps: ScanServiceDeps) {}

  /**
   * Scans a request body in `direction`; throws ApiError for bad requests, never for engine faults.
   * `partition` names the caller, whose cached verdicts are its own (see VerdictCache).
   */
  scan(input: ScanInput, direction: Direction, partition = ''): ScanResult {
    const started = performance.now();
    const parts = textsToScan(input, direction);
    let units = 0;
    for (const p of parts) units += p.text.length;
    // A UTF-16 unit is at most 3 UTF-8 bytes: only texts that might be over the limit are measured.
    let bytes = 0;
    if (units * 3 > this.deps.maxInputBytes) for (const p of parts) bytes += Buffer.byteLength(p.text, 'utf8');
    if (bytes > this.deps.maxInputBytes) {
      // Never truncate: an attack placed after the cut would pass.
      throw new ApiError('PAYLOAD_TOO_LARGE', `Text too large to scan: ${bytes} bytes, the limit is ${this.deps.maxInputBytes} (IW_MAX_INPUT_BYTES)`);
    }
    const state = this.deps.state();
    const policyName = input.policy ?? state.activePolicy;
    const policy = state.policies.get(policyName);
    if (!policy) {
      throw new ApiError('VALIDATION', `Invalid request: body.policy: unknown policy "${policyName}"; loaded: ${[...state.policies.keys()].join(', ')}`);
    }
    try {
      const verdict = parts.length === 1 && parts[0]?.index === -1
        ? this.scanText(parts[0].text, direction, policy, state, partition)
        : this.scanMessages(parts, direction, policy, state, partition);
      return { ...verdict, direction, latency_ms: elapsed(started) };
    } catch (err) {
      this.deps.log.error('engine error', { error: (err as Error).name, message: (err as Error).message, direction, policy: policyName });
      const open = this.deps.failMode === 'open';
      return {
        decision: open ? 'allow' : 'block',
        score: 0,
        matches: [],
        policy: policyName,
        preprocessing: [],
        early_exit: false,
        direction,
        latency_ms: elapsed(started),
        reason: 'engine_error',
        ...(open ? { degraded: true } : {}),
      };
    }
  }

  private scanText(text: string, direction: Direction, policy: Policy, state: EngineState, partition: string): Verdict {
    const run = () => runEngine(text, direction, policy, state.catalog);
    return this.deps.cache ? this.deps.cache.verdict(partition, text, direction, policy, state.catalog, run) : run();
  }

  /** Each message is scanned on its own; one signature counts once, at its strongest. */
  private scanMessages(
    parts: { index: number; text: string }[],
    direction: Direction,
    policy: Policy,
    state: EngineState,
    partition: string,
  ): Omit<ScanResult, 'direction' | 'latency_ms'> {
    const best = new Map<string, Match & { message_index: number }>();
    const steps = new Map<string, number>();
    let early = false;
    for (const part of parts) {
      const v = this.scanText(part.text, direction, policy, state, partition);
      early ||= v.early_exit;
      for (const s of v.preprocessing) steps.set(s.step, (steps.get(s.step) ?? 0) + s.count);
      for (const m of v.matches) {
        const prev = best.get(m.signature_id);
        if (!prev || m.score > prev.score) best.set(m.signature_id, { ...m, message_index: part.index });
      }
    }
    const matches = [...best.values()].sort((a, b) => b.score - a.score);
    const enforced = matches.filter((m) => m.action === 'enforce').map((m) => m.score);
    const score = combineScores(enforced);
    return {
      decision: decide(score, direction, policy),
      score,
      matches,
      policy: policy.name,
      preprocessing: [...steps].map(([step, count]) => ({ step, count })),
      early_exit: early,
    };
  }
}

const elapsed = (started: number): number => Math.round((performance.now() - started) * 1000) / 1000;
