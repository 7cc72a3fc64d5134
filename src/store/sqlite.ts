/**
 * The embedded state store on `bun:sqlite`: durable on one host, shared by processes that open the
 * same file (WAL mode). `:memory:` gives a private in-process store for tests.
 */
import { Database, type Statement } from 'bun:sqlite';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock, type Clock, type StateStore } from './interface';

const PURGE_EVERY_MS = 60_000;

export class SqliteStore implements StateStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database;
  private readonly getStmt: Statement<{ value: string; expires_at: number | null }, [string, number]>;
  private readonly setStmt: Statement<unknown, [string, string, number | null]>;
  private readonly delStmt: Statement<unknown, [string]>;
  private readonly incrStmt: Statement<{ value: string }, [string, number, number | null, number, number]>;
  private readonly purgeStmt: Statement<unknown, [number]>;
  private readonly claimStmt: Statement<{ key: string }, [string, string, number, number]>;
  private lastPurge = 0;

  /** Opens (creating with mode 0600, in a 0700 folder) the database at `path`, or `:memory:`. */
  constructor(
    path: string,
    private readonly clock: Clock = systemClock,
  ) {
    if (path !== ':memory:') {
      const dir = dirname(path);
      if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
    }
    this.db = new Database(path, { create: true, strict: true });
    if (path !== ':memory:') chmodSync(path, 0o600);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;');
    this.db.exec('CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER)');
    this.db.exec('CREATE INDEX IF NOT EXISTS kv_expires ON kv (expires_at) WHERE expires_at IS NOT NULL');
    this.getStmt = this.db.query(
      'SELECT value, expires_at FROM kv WHERE key = ?1 AND (expires_at IS NULL OR expires_at > ?2)',
    );
    this.setStmt = this.db.query(
      'INSERT INTO kv (key, value, expires_at) VALUES (?1, ?2, ?3) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
    );
    this.delStmt = this.db.query('DELETE FROM kv WHERE key = ?1');
    // One statement, so the increment is atomic across processes sharing the file.
    this.incrStmt = this.db.query(
      `INSERT INTO kv (key, value, expires_at) VALUES (?1, CAST(?2 AS TEXT), ?3)
       ON CONFLICT(key) DO UPDATE SET
         value = CAST(CASE WHEN kv.expires_at IS NOT NULL AND kv.expires_at <= ?4 THEN ?2 ELSE CAST(kv.value AS INTEGER) + ?5 END AS TEXT),
         expires_at = CASE WHEN kv.expires_at IS NOT NULL AND kv.expires_at <= ?4 THEN excluded.expires_at ELSE kv.expires_at END
       RETURNING value`,
    );
    this.purgeStmt = this.db.query('DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ?1');
    // Insert, or take over an expired row; RETURNING yields a row only when we got the key.
    this.claimStmt = this.db.query(
      `INSERT INTO kv (key, value, expires_at) VALUES (?1, ?2, ?3)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
       WHERE kv.expires_at IS NOT NULL AND kv.expires_at <= ?4
       RETURNING key`,
    );
  }

  async get(key: string): Promise<string | null> {
    this.maybePurge();
    return this.getStmt.get(key, this.clock())?.value ?? null;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.setStmt.run(key, value, ttlMs === undefined ? null : this.clock() + ttlMs);
  }

  async incr(key: string, ttlMs?: number, by = 1): Promise<number> {
    const now = this.clock();
    const row = this.incrStmt.get(key, by, ttlMs === undefined ? null : now + ttlMs, now, by);
    return Number(row?.value ?? by);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    return this.claimStmt.get(key, value, now + ttlMs, now) !== null;
  }

  async delete(key: string): Promise<void> {
    this.delStmt.run(key);
  }

  async healthy(): Promise<boolean> {
    try {
      this.db.query('SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** Expired rows are invisible at once; they are deleted at most once a minute. */
  private maybePurge(): void {
    const now = this.clock();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    this.purgeStmt.run(now);
  }
}
