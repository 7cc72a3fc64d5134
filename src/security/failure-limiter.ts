/**
 * Brute-force brake: counts failed authentications per client address in a fixed one-minute
 * window. Only failures count, so a client using a valid key is never slowed; once an address is
 * over the limit every credential it presents is refused with 429 until the window ends, so a
 * guess cannot be checked while blocked.
 */
import type { Clock } from '../store/interface';

const WINDOW_MS = 60_000;
/** Bounds memory under a flood of distinct addresses; the oldest windows go first. */
const MAX_TRACKED = 100_000;

interface Window {
  start: number;
  failures: number;
}

export class FailureLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly maxFailures: number,
    private readonly clock: Clock,
  ) {}

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
      return;
    }
    this.windows.delete(client);
    if (this.windows.size >= MAX_TRACKED) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    this.windows.set(client, { start: now, failures: 1 });
  }
}
