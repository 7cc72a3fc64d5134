/**
 * The issuance lock: among instances sharing a state store, one at a time orders a given
 * certificate. It is a lease (`StateStore.setIfAbsent` with a ttl), so a holder that crashed
 * blocks the others for at most one lease; a live holder refreshes it while it works.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { StateStore } from '../store/interface';
import { safeName } from './storage';

/** How long a lock outlives a holder that stopped refreshing it (crashed, partitioned). */
export const LOCK_LEASE_MS = 2 * 60_000;

/** Who holds a lock, as stored in its value (no secrets: for logs and for the holder's own checks). */
export interface LockHolder {
  readonly id: string;
  readonly pid: number;
  readonly host: string;
}

/** The store key of the lock for one certificate. */
export const lockKey = (issuer: string, name: string): string => `tls:lock:${safeName(issuer)}:${safeName(name)}`;

/**
 * One process's handle on one lock key. Contract: `tryAcquire` never waits; `refresh` and `release`
 * act only while this handle is the holder (a lock that expired and was taken over is left alone).
 */
export class IssuanceLock {
  readonly holder: LockHolder = { id: randomBytes(8).toString('hex'), pid: process.pid, host: hostname() };
  private readonly value = JSON.stringify(this.holder);

  constructor(
    private readonly store: StateStore,
    readonly key: string,
    private readonly leaseMs: number = LOCK_LEASE_MS,
  ) {}

  /** Takes the lock when it is free or its lease ran out; says whether this handle now holds it. */
  async tryAcquire(): Promise<boolean> {
    return this.store.setIfAbsent(this.key, this.value, this.leaseMs);
  }

  /** Extends the lease while still held; false when the lock was lost meanwhile. */
  async refresh(): Promise<boolean> {
    // Compare-and-set, not get-then-set: after refreshes failed during a store outage the next one
    // lands at the very end of the lease, where another instance can take the lock between a get
    // and a set, and the set would then overwrite its lock (two instances ordering at once).
    return this.store.setIfEquals(this.key, this.value, this.value, this.leaseMs);
  }

  /** Frees the lock if this handle holds it; never throws (the lease frees it anyway). */
  async release(): Promise<void> {
    try {
      // Compare-and-delete: a lease that ran out and was taken over belongs to its new holder.
      await this.store.deleteIfEquals(this.key, this.value);
    } catch {
      // Unreachable store: the lease expires by itself.
    }
  }

  /** The current holder, if any (for logs). */
  async currentHolder(): Promise<LockHolder | null> {
    const v = await this.store.get(this.key);
    if (v === null) return null;
    try {
      return JSON.parse(v) as LockHolder;
    } catch {
      return { id: 'unknown', pid: 0, host: 'unknown' };
    }
  }
}
