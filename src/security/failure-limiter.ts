/**
 * Brute-force brake: counts failed authentications per client address in a fixed one-minute
 * window that starts at the first failure. Only failures count, so a client using a valid key is
 * never slowed; once an address is over the limit every credential it presents is refused with
 * 429 until the window ends, so a guess cannot be checked while blocked.
 *
 * `StoreFailureLimiter` keeps the counters in the state store (`incr` with a TTL), so every
 * instance sharing the store brakes the same address; while the store is unreachable it falls
 * back to this process's own `FailureLimiter`, so the brake never switches off.
 */
import { createHash } from 'node:crypto';
import { StoreUnavailableError, type Clock, type StateStore } from '../store/interface';

const WINDOW_MS = 60_000;
/** Bounds memory under a flood of distinct addresses; the oldest windows go first. */
const MAX_TRACKED = 100_000;

/** What the authenticator needs from a brake; either implementation fits. */
export interface FailureBrake {
  /**
   * True when no address at all is blocked, so `retryAfter` would answer 0 for anyone: the
   * authenticator then need not even look up the caller's address (a measurable cost per request).
   */
  quiet(): boolean | Promise<boolean>;
  /** Seconds until `client` may try again, or 0 when it is not blocked. */
  retryAfter(client: string): number | Promise<number>;
  /** Records one failed attempt by `client`. */
  recordFailure(client: string): void | Promise<void>;
}

interface Window {
  start: number;
  failures: number;
}

/** The in-process brake: exact for one instance, and the fallback while the store is down. */
export class FailureLimiter implements FailureBrake {
  private readonly windows = new Map<string, Window>();
  /** The end of the latest window that reached the limit. */
  private blockedUntil = 0;

  constructor(
    private readonly maxFailures: number,
    private readonly clock: Clock,
  ) {}

  quiet(): boolean {
    return this.clock() >= this.blockedUntil;
  }

  /** Seconds until `client` may try again, or 0 when it is not blocked. */
  retryAfter(client: string): number {
    const w = this.windows.get(client);
    if (!w) return 0;
    const now = this.clock();
    if (now - w.start >= WINDOW_MS) {
      this.windows.delete(client);
      return 0;
    }
    return w.failures >= this.maxFailures ? Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000)) : 0;
  }

  /** Records one failed attempt by `client`. */
  recordFailure(client: string): void {
    const now = this.clock();
    const w = this.windows.get(client);
    if (w && now - w.start < WINDOW_MS) {
      w.failures++;
      if (w.failures >= this.maxFailures) this.blockedUntil = Math.max(this.blockedUntil, w.start + WINDOW_MS);
      return;
    }
    this.windows.delete(client);
    if (this.windows.size >= MAX_TRACKED) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    this.windows.set(client, { start: now, failures: 1 });
    if (this.maxFailures <= 1) this.blockedUntil = Math.max(this.blockedUntil, now + WINDOW_MS);
  }
}

/** Present in the store while some address, on any instance, is over the limit. */
const ANY_BLOCKED_KEY = 'authfail:any-blocked';

/** The address is personal data: store keys carry only a hash of it. */
const counterKey = (client: string): string => `authfail:${createHash('sha256').update(client).digest('hex').slice(0, 32)}`;

/** The shared brake: the same public behaviour as FailureLimiter, counted in the state store. */
export class StoreFailureLimiter implements FailureBrake {
  private readonly local: FailureLimiter;
  /**
   * "Not blocked" answers from the store, remembered for a second per address: a client sending
   * valid keys costs no store round trip per request, and a block made on another instance still
   * applies here within a second.
   */
  private readonly clearUntil = new Map<string, number>();
  /** "Nobody is blocked anywhere", remembered for a second like the per-address answers. */
  private quietUntil = 0;

  constructor(
    private readonly store: StateStore,
    private readonly maxFailures: number,
    private readonly clock: Clock,
  ) {
    this.local = new FailureLimiter(maxFailures, clock);
  }

  /** Never rejects: while the store is down, the local counts decide. */
  quiet(): boolean | Promise<boolean> {
    if (!this.local.quiet()) return false;
    const now = this.clock();
    if (now < this.quietUntil) return true;
    return this.store.get(ANY_BLOCKED_KEY).then(
      (flag) => {
        if (flag !== null) return false;
        this.quietUntil = now + 1000;
        return true;
      },
      (err: unknown) => {
        if (err instanceof StoreUnavailableError) return true;
        throw err;
      },
    );
  }

  /** Seconds until `client` may try again, or 0; never rejects (falls back to local counts). */
  async retryAfter(client: string): Promise<number> {
    const local = this.local.retryAfter(client);
    if (local > 0) return local;
    const now = this.clock();
    if ((this.clearUntil.get(client) ?? 0) > now) return 0;
    const key = counterKey(client);
    try {
      const failures = Number((await this.store.get(key)) ?? 0);
      if (failures < this.maxFailures) {
        this.rememberClear(client, now);
        return 0;
      }
      const ttl = await this.store.ttl(key);
      if (ttl === null) return 0;
      return Math.max(1, Math.ceil(Math.min(ttl, WINDOW_MS) / 1000));
    } catch (err) {
      if (err instanceof StoreUnavailableError) return this.local.retryAfter(client);
      throw err;
    }
  }

  /** Records one failed attempt by `client` in the store (locally too, for outages). */
  async recordFailure(client: string): Promise<void> {
    // Counted locally as well: if the store fails mid-window, this instance still brakes.
    this.local.recordFailure(client);
    this.clearUntil.delete(client);
    try {
      const failures = await this.store.incr(counterKey(client), WINDOW_MS);
      if (failures >= this.maxFailures) {
        this.quietUntil = 0;
        await this.store.set(ANY_BLOCKED_KEY, '1', WINDOW_MS);
      }
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
    }
  }

  private rememberClear(client: string, now: number): void {
    if (this.clearUntil.size >= MAX_TRACKED) {
      const oldest = this.clearUntil.keys().next().value;
      if (oldest !== undefined) this.clearUntil.delete(oldest);
    }
    this.clearUntil.set(client, now + 1000);
  }
}
