/**
 * The state store: a small key-value contract every implementation (SQLite embedded, Redis shared)
 * must keep. Keys are plain strings chosen by the caller and never contain raw secrets; values are
 * strings (JSON where structured).
 *
 * Contract:
 * - `get` returns null for a missing or expired key; an expired key is never returned.
 * - `set` with `ttlMs` expires the key after that many milliseconds; without it the key persists.
 * - `incr` atomically adds `by` (default 1) and returns the new value; a missing key starts at 0 and
 *   gets `ttlMs` as its expiry (an existing key keeps its expiry).
 * - `delete` is idempotent.
 * - `setIfAbsent` stores the value only when the key is missing (or expired) and says whether it did:
 *   the primitive for locks with a lease (the ttl), atomic across processes and instances.
 * - `healthy()` says whether the backing service answers; `close()` releases it.
 * Every method may reject with `StoreUnavailableError` when the backend cannot be reached.
 */
export interface StateStore {
  readonly kind: 'sqlite' | 'memory' | 'redis';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  incr(key: string, ttlMs?: number, by?: number): Promise<number>;
  delete(key: string): Promise<void>;
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  healthy(): Promise<boolean>;
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
