/**
 * One supervised connection on Bun's built-in Redis client. The client alone, during an outage,
 * queues a command for about 31 s, then fails with "Max reconnection attempts reached" and stays
 * failed after Redis returns. So its own reconnects and offline queue are off, and this class:
 * - answers every command within `commandTimeoutMs` or rejects with `StoreUnavailableError`;
 * - rejects at once while the connection is down (no request waits on a dead backend);
 * - on a lost connection (or several timeouts in a row) drops the client and makes a fresh one,
 *   with exponential backoff and jitter, until `close()`.
 */
import { RedisClient } from 'bun';
import type { Logger } from '../server/log';
import { StoreUnavailableError } from './interface';

export interface RedisConnectionOptions {
  readonly url: string;
  /** What the logs call this connection (never the URL's credentials). */
  readonly label: string;
  readonly commandTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly backoffInitialMs: number;
  readonly backoffMaxMs: number;
  readonly log: Logger;
  /** Run on every fresh connection before it serves commands (e.g. re-subscribe). */
  readonly onReady?: (client: RedisClient) => Promise<void>;
  /** Run when a live connection is lost. */
  readonly onDown?: () => void;
}

/** Consecutive timeouts after which a connection that still looks open is presumed dead. */
const TIMEOUTS_BEFORE_RECONNECT = 3;
/** Server replies that mean "not now" rather than "your command is wrong". */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|MISCONF|READONLY|NOAUTH|TRYAGAIN|CLUSTERDOWN)\b/;

type State = 'connecting' | 'ready' | 'down' | 'closed';

export class RedisConnection {
  private client: RedisClient | null = null;
  private state: State = 'connecting';
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timeouts = 0;
  private lastError = 'not connected yet';
  private downSince: number | null = null;
  private waiters: (() => void)[] = [];

  constructor(private readonly opts: RedisConnectionOptions) {}

  /** Starts connecting in the background; commands fail fast until the first connect succeeds. */
  start(): void {
    void this.connect();
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  /** Why the connection is not ready (for logs and errors; never contains credentials). */
  get reason(): string {
    return this.lastError;
  }

  /**
   * Runs one command on the live client within the timeout. Rejects with StoreUnavailableError
   * when down, on timeout or on a lost connection; a command error (e.g. WRONGTYPE) rejects as is.
   */
  async run<T>(command: (client: RedisClient) => Promise<T>): Promise<T> {
    const client = this.client;
    if (this.state !== 'ready' || client === null) throw new StoreUnavailableError(`Redis unavailable: ${this.lastError}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreUnavailableError(`Redis did not answer within ${this.opts.commandTimeoutMs} ms`)), this.opts.commandTimeoutMs);
    });
    try {
      const result = await Promise.race([command(client), timeout]);
      this.timeouts = 0;
      return result;
    } catch (err) {
      if (err instanceof StoreUnavailableError) {
        if (++this.timeouts >= TIMEOUTS_BEFORE_RECONNECT) this.lost(client, `${this.timeouts} commands timed out`);
        throw err;
      }
      const code = (err as { code?: unknown }).code;
      const message = (err as Error).message ?? String(err);
      if (code === 'ERR_REDIS_SERVER_ERROR' || code === 'ERR_REDIS_INVALID_ARGUMENT') {
        if (TRANSIENT_REPLY.test(message)) throw new StoreUnavailableError(`Redis not ready: ${message.split('\n')[0]}`);
        throw err;
      }
      this.lost(client, message);
      throw new StoreUnavailableError(`Redis unavailable: ${message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves true once connected, false after `timeoutMs`. */
  whenReady(timeoutMs: number): Promise<boolean> {
    if (this.state === 'ready') return Promise.resolve(true);
    if (this.state === 'closed') return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(this.state === 'ready');
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(done);
    });
  }

  /** The connected client, also while its post-connect setup runs; null when down. */
  current(): RedisClient | null {
    return this.client;
  }

  /** Drops the current client (if any) and reconnects: used when a sibling connection failed. */
  recycle(reason: string): void {
    if (this.client) this.lost(this.client, reason);
  }

  /** Closes the client and stops reconnecting. */
  close(): void {
    this.state = 'closed';
    clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    client?.close();
    for (const w of this.waiters.splice(0)) w();
  }

  private async connect(): Promise<void> {
    if (this.state === 'closed') return;
    const client = new RedisClient(this.opts.url, {
      autoReconnect: false,
      enableOfflineQueue: false,
      connectionTimeout: this.opts.connectTimeoutMs,
      maxRetries: 0,
    });
    client.onclose = (err: Error) => this.lost(client, err?.message ?? 'connection closed');
    try {
      await withDeadline(client.connect(), this.opts.connectTimeoutMs, 'connect timed out');
      if (this.isClosed()) {
        client.close();
        return;
      }
      // Visible to `current` during setup, but commands wait for 'ready': nothing is served until
      // the post-connect setup (e.g. SUBSCRIBE) is done.
      this.client = client;
      await withDeadline(this.opts.onReady?.(client) ?? Promise.resolve(), this.opts.connectTimeoutMs, 'setup timed out');
    } catch (err) {
      if (this.client === client) this.client = null;
      client.onclose = null;
      client.close();
      this.failed((err as Error).message ?? String(err));
      return;
    }
    if (this.isClosed() || this.client !== client) {
      client.close();
      return;
    }
    this.state = 'ready';
    this.timeouts = 0;
    this.attempt = 0;
    if (this.downSince !== null) {
      this.opts.log.info('state store reconnected', { store: 'redis', connection: this.opts.label, down_ms: Date.now() - this.downSince });
    }
    this.downSince = null;
    for (const w of this.waiters.splice(0)) w();
  }

  /** A method, not a field test: `state` changes across the awaits in connect(). */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private lost(client: RedisClient, reason: string): void {
    if (client !== this.client || this.state === 'closed') return;
    this.client = null;
    client.onclose = null;
    client.close();
    this.opts.onDown?.();
    this.failed(reason);
  }

  private failed(reason: string): void {
    if (this.state === 'closed') return;
    this.lastError = reason;
    const firstFailure = this.downSince === null;
    this.state = 'down';
    this.downSince ??= Date.now();
    const delay = this.backoff();
    const fields = { store: 'redis', connection: this.opts.label, error: reason, retry_in_ms: delay };
    if (firstFailure) this.opts.log.warn('state store unreachable; retrying with backoff', fields);
    else this.opts.log.debug('state store still unreachable', fields);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), delay);
    this.timer.unref();
  }

  /** initial × 2^attempt, capped, ±20 % jitter so instances do not reconnect in lockstep. */
  private backoff(): number {
    const base = Math.min(this.opts.backoffMaxMs, this.opts.backoffInitialMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.max(1, Math.round(base * (0.8 + Math.random() * 0.4)));
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
