/**
 * Cookie login sessions, kept server-side in the state store. The cookie holds a fresh 256-bit
 * random id; the store holds only the id's SHA-256, so a copy of the store logs nobody in.
 */
import { randomBytes } from 'node:crypto';
import type { Clock, StateStore } from '../store/interface';
import { digest, type Role } from './api-keys';

export interface Session {
  readonly role: Role;
  /** Id of the key that logged in (non-secret), so revoking a key can end its sessions. */
  readonly keyId: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  /** When the session ends at the latest (absolute expiry), in ms since the epoch. */
  readonly expiresAt: number;
}

export interface SessionPolicy {
  readonly idleSecs: number;
  readonly absoluteSecs: number;
}

const storeKey = (id: string): string => `session:${digest(id).toString('hex')}`;
/** Session ids are 43 base64url characters (32 random bytes). */
const ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export class SessionService {
  /**
   * `keyActive` says whether the key that opened a session may still act (not revoked, not
   * expired); without it every key counts as active.
   */
  constructor(
    private readonly store: StateStore,
    private readonly policy: SessionPolicy,
    private readonly clock: Clock,
    private readonly keyActive: (keyId: string) => Promise<boolean> = async () => true,
  ) {}

  /** Starts a session and returns its id (shown only in the Set-Cookie header) and record. */
  async create(role: Role, keyId: string): Promise<{ id: string; session: Session }> {
    const id = randomBytes(32).toString('base64url');
    const now = this.clock();
    const session: Session = {
      role,
      keyId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.policy.absoluteSecs * 1000,
    };
    await this.store.set(storeKey(id), JSON.stringify(session), this.ttlMs(session, now));
    return { id, session };
  }

  /**
   * Returns the live session for `id` and slides its idle expiry, or null when it is unknown,
   * logged out, idle too long, past its absolute expiry, or its key was revoked or expired (the
   * session is then deleted). Rejects with StoreUnavailableError when the store cannot answer.
   */
  async resume(id: string): Promise<Session | null> {
    if (!ID_SHAPE.test(id)) return null;
    const raw = await this.store.get(storeKey(id));
    if (raw === null) return null;
    const stored = JSON.parse(raw) as Session;
    const now = this.clock();
    if (now >= stored.expiresAt || now - stored.lastSeenAt >= this.policy.idleSecs * 1000 || !(await this.keyActive(stored.keyId))) {
      await this.store.delete(storeKey(id));
      return null;
    }
    const session: Session = { ...stored, lastSeenAt: now };
    // Refreshing on every request would write on every call; a minute's granularity is enough.
    if (now - stored.lastSeenAt > 60_000) {
      // Written only over the record we read: a logout landing between our read and this write
      // must stay a logout, not be undone by writing the session back. Losing the race is fine:
      // another request slid it already, or it is gone and the next request finds nothing.
      await this.store.setIfEquals(storeKey(id), raw, JSON.stringify(session), this.ttlMs(session, now));
    }
    return session;
  }

  /** Ends the session server-side; a replayed cookie is then unknown. */
  async destroy(id: string): Promise<void> {
    if (ID_SHAPE.test(id)) await this.store.delete(storeKey(id));
  }

  /** The store entry lives until the earlier of idle and absolute expiry. */
  private ttlMs(session: Session, now: number): number {
    return Math.max(1, Math.min(session.expiresAt - now, this.policy.idleSecs * 1000));
  }

  /** When the session expires if unused: the earlier of idle and absolute expiry. */
  expiresAt(session: Session): number {
    return Math.min(session.expiresAt, session.lastSeenAt + this.policy.idleSecs * 1000);
  }
}
