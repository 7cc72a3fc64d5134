/**
 * Keeping a certificate valid (certmagic's numbers): renew when a third of the lifetime remains,
 * look at least every 10 minutes, retry failures at growing intervals with jitter, and never stop
 * serving the current certificate because a renewal failed. Among instances sharing storage, one
 * orders (the issuance lock) and the others pick the result up from storage.
 */
import type { Logger } from '../server/log';
import { systemClock, type Clock, type StateStore } from '../store/interface';
import { CertificateError, coversDomains, inspectCertificate, isCurrentlyValid, type CertificateInfo, type TlsCertificate } from './certificate';
import { RateLimitedError, type ChallengeSolver, type Issuer } from './issuer';
import { IssuanceLock, LOCK_LEASE_MS, lockKey } from './lock';
import type { CertStorage } from './storage';

/**
 * Whether a certificate valid from `notBefore` to `notAfter` should be renewed at `now`: when a
 * third of its lifetime or less remains (a 90-day certificate at 30 days left; also once expired).
 */
export function needsRenewal(notBefore: Date, notAfter: Date, now: Date): boolean {
  const lifetime = notAfter.getTime() - notBefore.getTime();
  return notAfter.getTime() - now.getTime() <= lifetime / 3;
}

/** The moment `needsRenewal` turns true. */
export function renewalTime(notBefore: Date, notAfter: Date): number {
  return notAfter.getTime() - (notAfter.getTime() - notBefore.getTime()) / 3;
}

/** The loop looks at storage and the renewal time at least this often. */
export const CHECK_INTERVAL_MS = 10 * 60_000;

const MIN = 60_000;
/** Waits after the 1st, 2nd, … consecutive failure (certmagic's schedule); the last one repeats. */
export const RETRY_SCHEDULE_MS: readonly number[] = [
  1, 2, 2, 5, 10, 10, 10, 20, 20, 20, 20, 30, 30, 30, 30, 30, 30, 60, 60, 60, 120, 120, 180, 180, 360,
].map((m) => m * MIN);

/** Jitter: each wait is spread over ±10 %, so instances that failed together do not retry together. */
export const RETRY_JITTER = 0.1;

/** The wait after `failures` consecutive failures (1 = the first), with jitter from `random` in [0, 1). */
export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const index = Math.min(Math.max(failures, 1), RETRY_SCHEDULE_MS.length) - 1;
  const base = RETRY_SCHEDULE_MS[index] as number;
  return Math.round(base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random()));
}

/** At most `max` events per `windowMs` (sliding window); `take` waits for a free slot. */
export class SlidingWindowLimiter {
  private readonly times: number[] = [];

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly clock: Clock = systemClock,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => Bun.sleep(ms),
  ) {}

  /** Resolves when the event may happen, and counts it. */
  async take(): Promise<void> {
    for (;;) {
      const now = this.clock();
      while (this.times.length > 0 && now - (this.times[0] as number) >= this.windowMs) this.times.shift();
      if (this.times.length < this.max) {
        this.times.push(now);
        return;
      }
      await this.sleep((this.times[0] as number) + this.windowMs - now);
    }
  }
}

/** Conversations with the CA: at most 3 orders in any 10 seconds, whatever the retry schedule says. */
export const caLimiter = (clock: Clock = systemClock): SlidingWindowLimiter => new SlidingWindowLimiter(3, 10_000, clock);

/** A certificate in use, with what we read from it. */
export interface ManagedCertificate {
  readonly pair: TlsCertificate;
  readonly info: CertificateInfo;
}

export interface CertificateManagerOptions {
  readonly domains: readonly string[];
  readonly issuer: Issuer;
  readonly storage: CertStorage;
  /** The state store: issuance lock (shared by instances on the same store). */
  readonly store: StateStore;
  readonly solver: ChallengeSolver;
  readonly log: Logger;
  readonly clock?: Clock;
  readonly random?: () => number;
  /** Testing only (IW_TLS_TEST_SPEEDUP): divides the check interval, retry waits and lock polling. */
  readonly speedup?: number;
}

const facts = (info: CertificateInfo): Record<string, unknown> => ({
  names: info.names,
  not_before: info.notBefore.toISOString(),
  not_after: info.notAfter.toISOString(),
  fingerprint: info.fingerprint,
  issuer: info.issuer,
});

/**
 * Obtains the certificate for the configured domains and keeps it renewed. `startup` gives the
 * first certificate (stored, picked up or ordered); `start` runs the loop that swaps renewed ones
 * in through the `install` callback.
 */
export class CertificateManager {
  private current: ManagedCertificate | undefined;
  private install: ((pair: TlsCertificate) => Promise<void>) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ticking: Promise<void> | undefined;
  private failures = 0;
  private stopped = false;
  private readonly clock: Clock;
  private readonly speedup: number;
  /** The certificate's storage name: the first domain. */
  readonly name: string;

  constructor(private readonly opts: CertificateManagerOptions) {
    this.clock = opts.clock ?? systemClock;
    this.speedup = opts.speedup ?? 1;
    this.name = opts.domains[0] as string;
  }

  /** The certificate being served. */
  get certificate(): ManagedCertificate | undefined {
    return this.current;
  }

  /**
   * The certificate to start with: a stored one that covers the domains and is valid now (even if
   * due for renewal: the loop renews it in the background), else one obtained now, by this
   * instance or, if another holds the issuance lock, by that one. Rejects when none can be had.
   */
  async startup(): Promise<ManagedCertificate> {
    const stored = await this.loadStored();
    if (stored && isCurrentlyValid(stored.info, this.clock())) {
      this.opts.log.info('using stored certificate', { ...facts(stored.info), storage: this.opts.storage.location });
      this.current = stored;
      return stored;
    }
    this.opts.log.info('no valid stored certificate; obtaining one before serving HTTPS', {
      domains: this.opts.domains,
      directory: this.opts.issuer.directoryUrl,
      storage: this.opts.storage.location,
    });
    this.current = await this.obtain();
    return this.current;
  }

  /** Starts the maintenance loop; `install` puts a renewed certificate into the live listener. */
  start(install: (pair: TlsCertificate) => Promise<void>): void {
    this.install = install;
    const cur = this.current;
    const due = cur ? needsRenewal(cur.info.notBefore, cur.info.notAfter, new Date(this.clock())) : true;
    this.schedule(due ? 0 : this.nextCheckDelay());
  }

  /** Looks at storage and the renewal time now (SIGHUP), unless a check is already running. */
  checkNow(): void {
    if (!this.ticking && !this.stopped) this.schedule(0);
  }

  /** Stops the loop; an order in flight finishes on its own, and releases the lock. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    // setTimeout wraps around past 2^31 ms (24.8 days); a CA asking for longer gets a re-check then.
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => (this.ticking = undefined));
    }, Math.min(ms, 2 ** 31 - 1));
  }

  private nextCheckDelay(): number {
    const check = CHECK_INTERVAL_MS / this.speedup;
    const cur = this.current;
    if (!cur) return check;
    const untilRenewal = renewalTime(cur.info.notBefore, cur.info.notAfter) - this.clock();
    return Math.max(1000, Math.min(check, untilRenewal));
  }

  private async tick(): Promise<void> {
    try {
      await this.pickUpFromStorage();
      const cur = this.current;
      if (cur && needsRenewal(cur.info.notBefore, cur.info.notAfter, new Date(this.clock()))) {
        // Logged once per renewal, not again on every retry.
        if (this.failures === 0) this.opts.log.info('certificate due for renewal', facts(cur.info));
        const renewed = await this.obtain();
        await this.installNew(renewed, 'renewed');
      }
      this.failures = 0;
      this.schedule(this.nextCheckDelay());
    } catch (err) {
      if (this.stopped) return;
      this.failures += 1;
      const retryAfter = err instanceof RateLimitedError ? err.retryAfterMs : 0;
      const delay = Math.max(retryDelayMs(this.failures, this.opts.random) / this.speedup, retryAfter);
      const cur = this.current;
      const expired = cur ? this.clock() >= cur.info.notAfter.getTime() : true;
      this.opts.log[expired ? 'error' : 'warn']('certificate renewal failed; still serving the current certificate', {
        error: (err as Error).message,
        kind: (err as Error).name,
        attempt: this.failures,
        next_try_at: new Date(this.clock() + delay).toISOString(),
        next_try_in_secs: Math.round(delay / 100) / 10,
        current_not_after: cur?.info.notAfter.toISOString(),
        ...(expired ? { expired: true } : {}),
      });
      this.schedule(delay);
    }
  }

  /** Another instance may have renewed: take a stored certificate that outlives ours. */
  private async pickUpFromStorage(): Promise<void> {
    const stored = await this.loadStored();
    const cur = this.current;
    if (!stored || !isCurrentlyValid(stored.info, this.clock())) return;
    if (cur && (stored.info.fingerprint === cur.info.fingerprint || stored.info.notAfter <= cur.info.notAfter)) return;
    await this.installNew(stored, 'picked up from storage');
  }

  private async installNew(next: ManagedCertificate, source: string): Promise<void> {
    if (this.stopped || !this.install) return;
    await this.install(next.pair);
    this.current = next;
    this.opts.log.info('certificate installed', { source, ...facts(next.info) });
  }

  /** The stored certificate for our domains, or null (none, unreadable, or for other names). */
  private async loadStored(): Promise<ManagedCertificate | null> {
    const pair = await this.opts.storage.loadCertificate(this.opts.issuer.id, this.name);
    if (!pair) return null;
    try {
      const info = inspectCertificate(pair);
      if (!coversDomains(info, this.opts.domains)) {
        this.opts.log.info('stored certificate does not cover every configured domain; a new one will be ordered', {
          stored_names: info.names,
          domains: this.opts.domains,
        });
        return null;
      }
      return { pair, info };
    } catch (err) {
      if (!(err instanceof CertificateError)) throw err;
      this.opts.log.warn('stored certificate is unusable; a new one will be ordered', { error: err.message });
      return null;
    }
  }

  /** A stored certificate nobody needs to renew yet (another instance just obtained it). */
  private async loadFresh(): Promise<ManagedCertificate | null> {
    const stored = await this.loadStored();
    if (!stored || !isCurrentlyValid(stored.info, this.clock())) return null;
    if (needsRenewal(stored.info.notBefore, stored.info.notAfter, new Date(this.clock()))) return null;
    return stored;
  }

  /** One certificate, ordered under the issuance lock or picked up from whoever holds it. */
  private async obtain(): Promise<ManagedCertificate> {
    const lock = new IssuanceLock(this.opts.store, lockKey(this.opts.issuer.id, this.name));
    const pollMs = Math.max(50, 1000 / this.speedup);
    let announced = false;
    for (;;) {
      if (await lock.tryAcquire()) {
        try {
          // Someone may have finished just before we got the lock.
          const fresh = await this.loadFresh();
          if (fresh) {
            this.opts.log.info('certificate picked up from storage', facts(fresh.info));
            return fresh;
          }
          return await this.orderHoldingLock(lock);
        } finally {
          await lock.release();
        }
      }
      if (!announced) {
        const holder = await lock.currentHolder();
        this.opts.log.info('another instance holds the issuance lock; waiting for its certificate', {
          holder_pid: holder?.pid,
          holder_host: holder?.host,
          lease_secs: LOCK_LEASE_MS / 1000,
        });
        announced = true;
      }
      await Bun.sleep(pollMs);
      if (this.stopped) throw new Error('stopped while waiting for the issuance lock');
      const fresh = await this.loadFresh();
      if (fresh) {
        this.opts.log.info('certificate picked up from storage', facts(fresh.info));
        return fresh;
      }
    }
  }

  private async orderHoldingLock(lock: IssuanceLock): Promise<ManagedCertificate> {
    // Keep the lease alive while the order runs; a crash stops this and frees the lock in one lease.
    // A lost lease (refresh answers false) cannot stop an ACME order midway; say so, since another
    // instance may now order the same certificate (a duplicate, counted by the CA's rate limits).
    let lost = false;
    const heartbeat = setInterval(() => {
      void lock.refresh().then(
        (held) => {
          if (!held && !lost) {
            lost = true;
            this.opts.log.warn('issuance lock lost during the order (lease expired); another instance may order the same certificate', { domains: this.opts.domains });
          }
        },
        () => undefined,
      );
    }, LOCK_LEASE_MS / 3);
    try {
      const started = this.clock();
      const pair = await this.opts.issuer.issue({
        names: this.opts.domains,
        solver: this.opts.solver,
        progress: (step, fields) => this.opts.log.info(`acme ${step}`, fields),
      });
      const info = inspectCertificate(pair);
      if (!coversDomains(info, this.opts.domains)) {
        throw new CertificateError(`the CA issued a certificate for ${info.names.join(', ')}, not for every configured domain`);
      }
      await this.opts.storage.saveCertificate(this.opts.issuer.id, this.name, pair);
      this.opts.log.info('certificate obtained', { ...facts(info), storage: this.opts.storage.location, ms: this.clock() - started });
      return { pair, info };
    } finally {
      clearInterval(heartbeat);
    }
  }
}
