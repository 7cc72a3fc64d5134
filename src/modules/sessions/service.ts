/**
 * Conversation sessions: multi-turn attack detection on top of single scans. A scan that names a
 * `session_id` adds a turn to that conversation (created on first use); the conversation's
 * decayed risk can flag, then block, a turn that alone would pass. All state lives in the store,
 * updated atomically per turn, so several instances see one conversation.
 */
import { randomUUID } from 'node:crypto';
import type { EngineHolder } from '../../catalog/engine-state';
import type { ResolvedPolicy } from '../../engine/policy';
import { combineScores } from '../../engine/scoring';
import type { Logger } from '../../server/log';
import { decayFactor, escalationOf, type ConversationParams, type ConversationRecord, type Escalation } from '../../store/conversation';
import { StoreUnavailableError, type Clock, type StateStore } from '../../store/interface';
import type { ScanResult } from '../scan/service';

export interface ConversationLimits {
  /** Most conversations kept (IW_MAX_CONVERSATIONS); the one closest to expiry goes first. */
  readonly maxSessions: number;
  /** Default idle lifetime (IW_CONVERSATION_TTL_SECS). */
  readonly ttlSecs: number;
}

/** What a scan response carries about its conversation. */
export type SessionSummary =
  | { readonly id: string; readonly turns: number; readonly risk: number; readonly escalation: Escalation }
  | { readonly id: string; readonly degraded: true };

const DECISION_LEVEL: Readonly<Record<string, number>> = { allow: 0, flag: 1, block: 2 };
const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const iso = (ms: number): string => new Date(ms).toISOString();
/** While the store is down, at most one warning per this interval (not one per scan). */
const WARN_EVERY_MS = 60_000;

export class ConversationService {
  private lastWarn = 0;

  constructor(
    private readonly deps: {
      store: StateStore;
      engine: EngineHolder;
      clock: Clock;
      log: Logger;
      limits: ConversationLimits;
    },
  ) {
  }

  /** Creates a conversation (id generated when absent); `created` is false when it already exists. */
  async open(id: string | undefined, ttlSecs: number | undefined): Promise<{ created: boolean; session: ReturnType<ConversationService['view']> }> {
    const now = this.deps.clock();
    const params = this.params(this.activePolicy(), ttlSecs);
    const { created, record } = await this.deps.store.openConversation(id ?? randomUUID(), params, now);
    return { created, session: this.view(record, now) };
  }

  /** The conversation's state now (risk decayed to this moment), or null when unknown or expired. */
  async get(id: string): Promise<ReturnType<ConversationService['view']> | null> {
    const now = this.deps.clock();
    const record = await this.deps.store.getConversation(id, now);
    return record ? this.view(record, now) : null;
  }

  /** Deletes a conversation; false when it did not exist. */
  async delete(id: string): Promise<boolean> {
    return this.deps.store.deleteConversation(id, this.deps.clock());
  }

  /**
   * Adds a scan as a turn of conversation `id` and returns the scan with its decision raised to
   * the conversation's escalation (never lowered; monitor policies never raise) and a `session`
   * summary. When the store is unreachable the scan stands alone, marked `degraded`.
   */
  async recordScan<T extends ScanResult>(id: string, result: T): Promise<T & { session: SessionSummary }> {
    const policy = this.deps.engine.current.policies.get(result.policy) ?? this.activePolicy();
    const now = this.deps.clock();
    // A monitor policy is a dry run of the whole policy: its session tracks every match, as
    // enforcement would. Under enforcement, signatures set to monitor do not count.
    const counted = policy.mode === 'monitor' ? result.matches : result.matches.filter((m) => m.action === 'enforce');
    let record: ConversationRecord;
    try {
      record = await this.deps.store.recordTurn(
        id,
        {
          direction: result.direction,
          decision: result.decision,
          score: policy.mode === 'monitor' ? combineScores(counted.map((m) => m.score)) : result.score,
          signatures: [...new Set(counted.map((m) => m.signature_id))],
        },
        this.params(policy, undefined),
        now,
      );
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      if (now - this.lastWarn >= WARN_EVERY_MS || now < this.lastWarn) {
        this.lastWarn = now;
        this.deps.log.warn('conversation sessions degraded: state store unavailable', { error: err.message });
      }
      return { ...result, session: { id, degraded: true } };
    }
    const session: SessionSummary = { id, turns: record.turns, risk: round3(record.risk), escalation: record.escalation };
    const raised = policy.mode === 'enforce' && (DECISION_LEVEL[record.escalation] ?? 0) > (DECISION_LEVEL[result.decision] ?? 0);
    return raised ? { ...result, decision: record.escalation, reason: result.reason ?? 'session_escalation', session } : { ...result, session };
  }

  /** The public form of a record, with the risk decayed to `now`. */
  view(record: ConversationRecord, now: number) {
    const risk = record.turns === 0 ? 0 : record.risk * (now > record.risk_at ? decayFactor(now - record.risk_at, record.half_life_ms) : 1);
    return {
      id: record.id,
      turns: record.turns,
      risk: round3(risk),
      cumulative_risk: round3(record.cumulative),
      escalation: record.turns === 0 ? ('none' as const) : escalationOf(risk, record.flag, record.block),
      peak_escalation: record.peak_escalation,
      thresholds: { flag: record.flag, block: record.block, half_life_secs: record.half_life_ms / 1000 },
      policy: record.policy,
      signatures: Object.entries(record.signatures)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([signature_id, turns]) => ({ signature_id, turns })),
      first_seen: iso(record.created_at),
      last_seen: iso(record.last_seen),
      expires_at: iso(record.expires_at),
      ttl_secs: record.ttl_ms / 1000,
      history: record.history.map((t) => ({
        at: iso(t.at),
        direction: t.direction,
        decision: t.decision,
        score: t.score,
        contribution: t.contribution,
        signatures: t.signatures,
      })),
    };
  }

  private activePolicy(): ResolvedPolicy {
    const state = this.deps.engine.current;
    const policy = state.policies.get(state.activePolicy);
    if (!policy) throw new Error(`active policy ${state.activePolicy} is not loaded`);
    return policy;
  }

  private params(policy: ResolvedPolicy, ttlSecs: number | undefined): ConversationParams {
    const s = policy.session;
    return {
      ttlMs: (ttlSecs ?? this.deps.limits.ttlSecs) * 1000,
      maxSessions: this.deps.limits.maxSessions,
      maxTurns: s.maxTurns,
      halfLifeMs: s.halfLifeSecs * 1000,
      flag: s.flag,
      block: s.block,
      policy: policy.name,
    };
  }
}

export type ConversationView = ReturnType<ConversationService['view']>;
