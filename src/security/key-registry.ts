/**
 * Managed API keys: created, listed and revoked at runtime (API and CLI), kept in the state store
 * as records holding only the key's SHA-256. A key's id is the first 12 hex digits of that digest
 * (the same non-secret id the logs use for env keys), so a presented key is looked up by id and
 * then compared digest to digest with `timingSafeEqual`.
 *
 * Every instance caches records for at most CACHE_MS and drops an entry as soon as a revocation is
 * announced on the `keys` channel (Redis pub/sub, or the SQLite events table), so a revoked or
 * expired key stops working everywhere within a second. Env keys (IW_API_KEY, IW_ADMIN_KEY) are
 * not in the registry; they keep working alongside and are revoked by removing them.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '../server/log';
import type { Clock, StateStore } from '../store/interface';
import { digest, generateApiKey, isWellFormedKey, keyId, type Role } from './api-keys';

export interface ManagedKey {
  readonly id: string;
  readonly role: Role;
  readonly name: string;
  /** SHA-256 of the key, hex. Never leaves this module's callers as part of a view. */
  readonly hash: string;
  readonly created_at: number;
  readonly expires_at: number | null;
  readonly revoked_at: number | null;
}

/** A record as listed to admins: no hash, plus last use and status. */
export interface KeyView {
  readonly id: string;
  readonly role: Role;
  readonly name: string;
  readonly created_at: string;
  readonly expires_at: string | null;
  readonly last_used_at: string | null;
  readonly revoked_at: string | null;
  readonly status: 'active' | 'revoked' | 'expired';
}

export type ManagedKeyCheck =
  | { readonly valid: true; readonly role: Role; readonly keyId: string }
  | { readonly valid: false; readonly code: 'UNKNOWN_KEY' | 'REVOKED' | 'EXPIRED' };

const KEYS_MAP = 'apikeys';
const USED_MAP = 'apikeys-used';
const CHANNEL = 'keys';
/** How long a looked-up record is trusted without asking the store again. */
const CACHE_MS = 500;
/** Last-use times are written at most this often per key and instance (not on every request). */
const TOUCH_EVERY_MS = 60_000;
const ID_SHAPE = /^[0-9a-f]{12}$/;
const ZERO = Buffer.alloc(32);

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export class KeyRegistry {
  private readonly cache = new Map<string, { record: ManagedKey; at: number }>();
  private readonly touched = new Map<string, number>();
  private readonly envIds: ReadonlyMap<string, Role>;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly deps: {
      store: StateStore;
      clock: Clock;
      log: Logger;
      envKeys: { scan: readonly string[]; admin: readonly string[] };
    },
  ) {
    this.envIds = new Map<string, Role>([
      ...deps.envKeys.scan.map((k) => [keyId(k), 'scan'] as const),
      ...deps.envKeys.admin.map((k) => [keyId(k), 'admin'] as const),
    ]);
  }

  /** Starts listening for revocations from other instances (idempotent). */
  start(): void {
    this.unsubscribe ??= this.deps.store.subscribe(CHANNEL, (message) => {
      const id = message.startsWith('revoked:') ? message.slice('revoked:'.length) : message;
      this.cache.delete(id);
    });
  }

  /** Stops listening. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Whether `id` belongs to a key from the environment (not managed here). */
  isEnvKey(id: string): boolean {
    return this.envIds.has(id);
  }

  /** Creates a key; returns the secret (shown once) and its record. */
  async create(role: Role, name: string, expiresInMs: number | null): Promise<{ key: string; record: ManagedKey }> {
    for (;;) {
      const key = generateApiKey(role);
      const id = keyId(key);
      // 48-bit ids: a collision is astronomically unlikely, but never overwrite a record.
      if (this.envIds.has(id) || (await this.deps.store.mapGet(KEYS_MAP, id)) !== null) continue;
      const now = this.deps.clock();
      const record: ManagedKey = {
        id,
        role,
        name,
        hash: digest(key).toString('hex'),
        created_at: now,
        expires_at: expiresInMs === null ? null : now + expiresInMs,
        revoked_at: null,
      };
      await this.deps.store.mapSet(KEYS_MAP, id, JSON.stringify(record));
      this.deps.log.info('api key created', { key_id: id, role, expires_at: iso(record.expires_at) });
      return { key, record };
    }
  }

  /** Every managed key, newest first, without secrets or hashes. */
  async list(): Promise<KeyView[]> {
    const [records, used] = await Promise.all([this.deps.store.mapGetAll(KEYS_MAP), this.deps.store.mapGetAll(USED_MAP)]);
    return Object.values(records)
      .map((raw) => JSON.parse(raw) as ManagedKey)
      .sort((a, b) => b.created_at - a.created_at || a.id.localeCompare(b.id))
      .map((r) => this.view(r, used[r.id] ? Number(used[r.id]) : null));
  }

  /** Revokes `id` (idempotent: an already revoked key keeps its first revocation time); null when unknown. */
  async revoke(id: string): Promise<KeyView | null> {
    if (!ID_SHAPE.test(id)) return null;
    const raw = await this.deps.store.mapGet(KEYS_MAP, id);
    if (raw === null) return null;
    let record = JSON.parse(raw) as ManagedKey;
    if (record.revoked_at === null) {
      record = { ...record, revoked_at: this.deps.clock() };
      await this.deps.store.mapSet(KEYS_MAP, id, JSON.stringify(record));
      this.deps.log.info('api key revoked', { key_id: id });
    }
    this.cache.delete(id);
    // Other instances drop their cached copy now. Best effort: the revocation is stored, and an
    // instance that misses the message re-reads the record within CACHE_MS anyway.
    await this.deps.store.publish(CHANNEL, `revoked:${id}`).catch((err: unknown) => {
      this.deps.log.warn('revocation not announced; other instances see it within a second', { key_id: id, error: (err as Error).message });
    });
    const used = await this.deps.store.mapGet(USED_MAP, id);
    return this.view(record, used ? Number(used) : null);
  }

  /**
   * Checks a presented key: looked up by its id, then compared digest to digest in constant time.
   * Rejects with StoreUnavailableError when the record cannot be read (callers fail closed).
   */
  async verify(presented: string): Promise<ManagedKeyCheck> {
    if (!isWellFormedKey(presented, 'scan') && !isWellFormedKey(presented, 'admin')) return { valid: false, code: 'UNKNOWN_KEY' };
    const id = keyId(presented);
    const record = await this.lookup(id);
    const presentedDigest = digest(presented);
    // Compare even when there is no record, so a miss costs what a hit costs.
    const equal = timingSafeEqual(presentedDigest, record ? Buffer.from(record.hash, 'hex') : ZERO);
    if (!record || !equal || !isWellFormedKey(presented, record.role)) return { valid: false, code: 'UNKNOWN_KEY' };
    const state = this.status(record);
    if (state === 'revoked') return { valid: false, code: 'REVOKED' };
    if (state === 'expired') return { valid: false, code: 'EXPIRED' };
    this.touch(id);
    return { valid: true, role: record.role, keyId: id };
  }

  /**
   * Whether the key with `id` may still act: an env key, or a managed key neither revoked nor
   * expired. Login sessions ask this on every use, so they die with their key.
   */
  async isActive(id: string): Promise<boolean> {
    if (this.envIds.has(id)) return true;
    if (!ID_SHAPE.test(id)) return false;
    const record = await this.lookup(id);
    return record !== null && this.status(record) === 'active';
  }

  private async lookup(id: string): Promise<ManagedKey | null> {
    const now = this.deps.clock();
    const hit = this.cache.get(id);
    if (hit && now - hit.at >= 0 && now - hit.at < CACHE_MS) return hit.record;
    const raw = await this.deps.store.mapGet(KEYS_MAP, id);
    if (raw === null) {
      this.cache.delete(id);
      return null;
    }
    const record = JSON.parse(raw) as ManagedKey;
    this.cache.set(id, { record, at: now });
    return record;
  }

  private status(record: ManagedKey): KeyView['status'] {
    if (record.revoked_at !== null) return 'revoked';
    if (record.expires_at !== null && this.deps.clock() >= record.expires_at) return 'expired';
    return 'active';
  }

  private touch(id: string): void {
    const now = this.deps.clock();
    const last = this.touched.get(id);
    if (last !== undefined && now - last < TOUCH_EVERY_MS && now >= last) return;
    this.touched.set(id, now);
    this.deps.store.mapSet(USED_MAP, id, String(now)).catch((err: unknown) => {
      this.deps.log.debug('could not record key use', { key_id: id, error: (err as Error).message });
    });
  }

  private view(r: ManagedKey, lastUsed: number | null): KeyView {
    return {
      id: r.id,
      role: r.role,
      name: r.name,
      created_at: iso(r.created_at) as string,
      expires_at: iso(r.expires_at),
      last_used_at: iso(lastUsed),
      revoked_at: iso(r.revoked_at),
      status: this.status(r),
    };
  }
}
