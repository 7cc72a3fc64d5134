/**
 * The state store: the one contract every implementation (SQLite embedded, Redis shared) must keep.
 * Everything that is state goes through it: login sessions, failure counters, conversation
 * sessions, the managed-key registry and the audit log. Names (keys, maps, logs, channels) are
 * chosen by the caller and never contain a raw secret; values are strings (JSON where structured).
 * A Redis store puts every name under the `iw:` namespace; callers never add it themselves.
 *
 * Every method may reject with `StoreUnavailableError` when the backend cannot be reached (Redis
 * down, a command past its timeout). A write that timed out may or may not have been applied.
 * The same contract suite (test/store/contract.ts) runs against every implementation.
 */
import type { ConversationParams, ConversationRecord, TurnInput } from './conversation';

export interface LogEntry {
  /** Opaque, increasing within one log; pass it as `before` to page further back. */
  readonly id: string;
  readonly entry: string;
}

export interface StateStore {
  readonly kind: 'sqlite' | 'memory' | 'redis';

  /** The value of `key`, or null when it is missing or expired (an expired key is never returned). */
  get(key: string): Promise<string | null>;
  /** Stores `value`; with `ttlMs` the key expires after that many milliseconds, without it it persists. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /**
   * Atomically adds `by` (default 1) and returns the new value, across processes and instances. A
   * missing key starts at 0 and gets `ttlMs` as its expiry; an existing key keeps its expiry.
   */
  incr(key: string, ttlMs?: number, by?: number): Promise<number>;
  /** Milliseconds until `key` expires: null when missing, `Infinity` when it never expires. */
  ttl(key: string): Promise<number | null>;
  /** Removes `key`; idempotent. */
  delete(key: string): Promise<void>;
  /**
   * Stores the value only when the key is missing (or expired) and says whether it did: the
   * primitive for locks with a lease (the ttl), atomic across processes and instances.
   */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * Replaces the value with `value` only while `key` holds exactly `expected` (missing or expired
   * never matches), and says whether it did; `ttlMs` as in `set` (without it the key persists).
   * Atomic across processes and instances: the compare-and-set that renews a lease only while it
   * is still ours, where a get followed by a set could overwrite a holder that took over between.
   */
  setIfEquals(key: string, expected: string, value: string, ttlMs?: number): Promise<boolean>;
  /**
   * Removes `key` only while it holds exactly `expected` (missing or expired never matches), and
   * says whether it did. Atomic across processes and instances: releasing a lease this way can
   * never free a lock that expired and was taken over by someone else.
   */
  deleteIfEquals(key: string, expected: string): Promise<boolean>;

  /** Sets one field of the persistent map `map` (small registries: a few thousand fields at most). */
  mapSet(map: string, field: string, value: string): Promise<void>;
  /** One field of `map`, or null. */
  mapGet(map: string, field: string): Promise<string | null>;
  /** Every field of `map` (an empty object when the map does not exist). */
  mapGetAll(map: string): Promise<Record<string, string>>;
  /** Removes one field; idempotent. */
  mapDelete(map: string, field: string): Promise<void>;

  /**
   * Appends `entry` to the durable log `log` and returns its id. The log keeps at least the newest
   * `maxEntries` entries (older ones may be trimmed); entries survive restarts.
   */
  append(log: string, entry: string, maxEntries: number): Promise<string>;
  /**
   * Up to `limit` entries of `log`, newest first, strictly older than the entry `before` when given.
   * An unknown `before` pages from where it would sort; a malformed one rejects with `RangeError`.
   */
  readLog(log: string, opts: { limit: number; before?: string }): Promise<LogEntry[]>;

  /**
   * Creates conversation `id` when it does not exist (evicting expired sessions, then the ones
   * closest to expiry, to stay under `params.maxSessions`) and returns it with `created` saying
   * whether it is new. An existing session is returned unchanged. `now` is the caller's clock.
   */
  openConversation(id: string, params: ConversationParams, now: number): Promise<{ created: boolean; record: ConversationRecord }>;
  /**
   * Records one turn atomically (creating the session like `openConversation` when missing) and
   * returns the updated record. Concurrent calls on one id, from any number of processes, give the
   * same counts and cumulative score as the same calls made one after the other.
   */
  recordTurn(id: string, turn: TurnInput, params: ConversationParams, now: number): Promise<ConversationRecord>;
  /** The live conversation `id`, or null when missing, expired or evicted. */
  getConversation(id: string, now: number): Promise<ConversationRecord | null>;
  /** Deletes conversation `id` and says whether it existed. */
  deleteConversation(id: string, now: number): Promise<boolean>;

  /**
   * Sends `message` to every subscriber of `channel` in every process sharing this store
   * (this one included), within about a second. Delivery is best effort: a subscriber that is
   * disconnected at the time misses it, so consumers keep caches short-lived.
   */
  publish(channel: string, message: string): Promise<void>;
  /**
   * Calls `handler` for each message published on `channel` from now on, until the returned
   * function is called. Survives reconnects (a Redis store re-subscribes by itself); never throws.
   */
  subscribe(channel: string, handler: (message: string) => void): () => void;

  /** Resolves true once the backend answers, false after `timeoutMs`; never rejects. */
  whenReady(timeoutMs: number): Promise<boolean>;
  /** Whether the backing service answers right now. */
  healthy(): Promise<boolean>;
  /** Releases connections, timers and files; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** The backend did not answer; callers fail closed where a decision depends on it. */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/** A clock in milliseconds since the epoch; injected so tests never sleep. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
