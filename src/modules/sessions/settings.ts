/**
 * The escalation settings of a policy's optional `session` block, with defaults. The engine's
 * resolved policy does not carry this block, so it is read here from the policy's own source (the
 * embedded text for shipped policies, the file for custom ones), once per engine load: a reload
 * picks up changes, a scan never touches the disk.
 */
import { Value } from '@sinclair/typebox/value';
import { readFileSync } from 'node:fs';
import { PolicySession } from '../../catalog/schema';
import { SHIPPED_POLICIES } from '../../catalog/shipped.generated';
import type { ResolvedPolicy } from '../../engine/policy';
import type { Logger } from '../../server/log';

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

/** Merges a validated `session` block over the defaults (block never below flag). */
export function settingsFromBlock(block: PolicySession | undefined): SessionSettings {
  const flag = block?.flag ?? SESSION_DEFAULTS.flag;
  return {
    halfLifeSecs: block?.half_life_secs ?? SESSION_DEFAULTS.halfLifeSecs,
    flag,
    block: Math.max(flag, block?.block ?? Math.max(SESSION_DEFAULTS.block, flag)),
    maxTurns: block?.max_turns ?? SESSION_DEFAULTS.maxTurns,
  };
}

/** Reads the `session` block of the YAML text `text`; undefined when absent. */
export function sessionBlockOf(text: string): PolicySession | undefined {
  const parsed = Bun.YAML.parse(text) as { session?: unknown } | null;
  const block = parsed?.session;
  if (block === undefined) return undefined;
  if (!Value.Check(PolicySession, block)) throw new Error('session block does not match the schema');
  return block;
}

export class SessionSettingsResolver {
  private cache = new Map<string, SessionSettings>();
  private loadedAt = -1;

  constructor(private readonly log: Logger) {}

  /** The settings of `policy` as loaded at `loadedAt` (the engine state's load time). */
  forPolicy(policy: ResolvedPolicy, loadedAt: number): SessionSettings {
    if (loadedAt !== this.loadedAt) {
      this.cache = new Map();
      this.loadedAt = loadedAt;
    }
    let settings = this.cache.get(policy.source);
    if (!settings) {
      settings = this.read(policy.source);
      this.cache.set(policy.source, settings);
    }
    return settings;
  }

  private read(source: string): SessionSettings {
    try {
      const shipped = SHIPPED_POLICIES.find((p) => `src/catalog/${p.file}` === source);
      return settingsFromBlock(sessionBlockOf(shipped ? shipped.text : readFileSync(source, 'utf8')));
    } catch (err) {
      // The loader validated this file already; it changed or vanished since. Defaults are safe.
      this.log.warn('policy session block unreadable; using defaults', { policy_file: source, error: (err as Error).message });
      return SESSION_DEFAULTS;
    }
  }
}
