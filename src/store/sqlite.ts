/**
 * The embedded state store on `bun:sqlite`: durable on one host, shared by processes that open the
 * same file (WAL mode). `:memory:` gives a private in-process store for tests. Change notification
 * goes through an `events` table that every subscribed process polls (about every 200 ms), so
 * several processes on one file see each other's messages within a second.
 */
import { Database, type Statement } from 'bun:sqlite';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyTurn, newConversation, parseConversation, type ConversationParams, type ConversationRecord, type TurnInput } from './conversation';
import { systemClock, type Clock, type LogEntry, type StateStore } from './interface';
import { SqlitePubSub } from './sqlite-pubsub';

const PURGE_EVERY_MS = 60_000;
const LOG_CURSOR = /^[0-9]{1,18}$/;
const TRIM_EVERY = 64;

export class SqliteStore implements StateStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database;
  private readonly pubsub: SqlitePubSub;
  private readonly getStmt: Statement<{ value: string; expires_at: number | null }, [string, number]>;
  private readonly setStmt: Statement<unknown, [string, string, number | null]>;
  private readonly delStmt: Statement<unknown, [string]>;
  private readonly incrStmt: Statement<{ value: string }, [string, number, number | null, number, number]>;
  private readonly purgeStmt: Statement<unknown, [number]>;
  private readonly claimStmt: Statement<{ key: string }, [string, string, number, number]>;
  private readonly swapStmt: Statement<{ key: string }, [string, string, string, number | null, number]>;
  private readonly delIfStmt: Statement<{ key: string }, [string, string, number]>;
  private readonly convGet: Statement<{ record: string }, [string, number]>;
  private readonly convPut: Statement<unknown, [string, string, number]>;
  private lastPurge = 0;

  /** Opens (creating with mode 0600, in a 0700 folder) the database at `path`, or `:memory:`. */
  constructor(
    path: string,
    private readonly clock: Clock = systemClock,
    opts: { pollMs?: number } = {},
  ) {
    if (path !== ':memory:') {
      const dir = dirname(path);
      if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
    }
    this.db = new Database(path, { create: true, strict: true });
    if (path !== ':memory:') chmodSync(path, 0o600);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER);
      CREATE INDEX IF NOT EXISTS kv_expires ON kv (expires_at) WHERE expires_at IS NOT NULL;
      CREATE TABLE IF NOT EXISTS maps (map TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (map, field));
      CREATE TABLE IF NOT EXISTS logs (seq INTEGER PRIMARY KEY AUTOINCREMENT, log TEXT NOT NULL, entry TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS logs_by_log ON logs (log, seq);
      CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, record TEXT NOT NULL, expires_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS conversations_expires ON conversations (expires_at, id);
    `);
    this.pubsub = new SqlitePubSub(this.db, opts.pollMs ?? 200);
    if (path !== ':memory:') {
      // The WAL and shared-memory files hold recent pages of the same data: as private as the file.
      for (const extra of [`${path}-wal`, `${path}-shm`]) if (existsSync(extra)) chmodSync(extra, 0o600);
    }
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
    // Compare and write in one statement, so no other process can slip in between; RETURNING
    // yields a row only when the live value matched (an expired row counts as missing).
    this.swapStmt = this.db.query(
      `UPDATE kv SET value = ?3, expires_at = ?4
       WHERE key = ?1 AND value = ?2 AND (expires_at IS NULL OR expires_at > ?5)
       RETURNING key`,
    );
    this.delIfStmt = this.db.query(
      'DELETE FROM kv WHERE key = ?1 AND value = ?2 AND (expires_at IS NULL OR expires_at > ?3) RETURNING key',
    );
    this.convGet = this.db.query('SELECT record FROM conversations WHERE id = ?1 AND expires_at > ?2');
    this.convPut = this.db.query(
      'INSERT INTO conversations (id, record, expires_at) VALUES (?1, ?2, ?3) ON CONFLICT(id) DO UPDATE SET record = excluded.record, expires_at = excluded.expires_at',
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

  async ttl(key: string): Promise<number | null> {
    const now = this.clock();
    const row = this.getStmt.get(key, now);
    if (!row) return null;
    return row.expires_at === null ? Number.POSITIVE_INFINITY : row.expires_at - now;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    return this.claimStmt.get(key, value, now + ttlMs, now) !== null;
  }

  async setIfEquals(key: string, expected: string, value: string, ttlMs?: number): Promise<boolean> {
    const now = this.clock();
    return this.swapStmt.get(key, expected, value, ttlMs === undefined ? null : now + ttlMs, now) !== null;
  }

  async delete(key: string): Promise<void> {
    this.delStmt.run(key);
  }

  async deleteIfEquals(key: string, expected: string): Promise<boolean> {
    return this.delIfStmt.get(key, expected, this.clock()) !== null;
  }

  async mapSet(map: string, field: string, value: string): Promise<void> {
    this.db
      .query('INSERT INTO maps (map, field, value) VALUES (?1, ?2, ?3) ON CONFLICT(map, field) DO UPDATE SET value = excluded.value')
      .run(map, field, value);
  }

  async mapGet(map: string, field: string): Promise<string | null> {
    return this.db.query<{ value: string }, [string, string]>('SELECT value FROM maps WHERE map = ?1 AND field = ?2').get(map, field)?.value ?? null;
  }

  async mapGetAll(map: string): Promise<Record<string, string>> {
    const rows = this.db.query<{ field: string; value: string }, [string]>('SELECT field, value FROM maps WHERE map = ?1 ORDER BY field').all(map);
    return Object.fromEntries(rows.map((r) => [r.field, r.value]));
  }

  async mapDelete(map: string, field: string): Promise<void> {
    this.db.query('DELETE FROM maps WHERE map = ?1 AND field = ?2').run(map, field);
  }

  async append(log: string, entry: string, maxEntries: number): Promise<string> {
    const row = this.db.query<{ seq: number }, [string, string]>('INSERT INTO logs (log, entry) VALUES (?1, ?2) RETURNING seq').get(log, entry);
    const seq = row?.seq ?? 0;
    // Trimming walks maxEntries index rows, so it runs on one append in 64: the log then holds
    // between maxEntries and maxEntries + 63 entries (the contract promises at least maxEntries).
    if (seq % TRIM_EVERY === 0) {
      this.db
        .query('DELETE FROM logs WHERE log = ?1 AND seq <= (SELECT seq FROM logs WHERE log = ?1 ORDER BY seq DESC LIMIT 1 OFFSET ?2)')
        .run(log, maxEntries);
    }
    return String(seq);
  }

  async readLog(log: string, opts: { limit: number; before?: string }): Promise<LogEntry[]> {
    if (opts.before !== undefined && !LOG_CURSOR.test(opts.before)) throw new RangeError(`malformed cursor "${opts.before}"`);
    const before = opts.before === undefined ? Number.MAX_SAFE_INTEGER : Number(opts.before);
    return this.db
      .query<{ seq: number; entry: string }, [string, number, number]>('SELECT seq, entry FROM logs WHERE log = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3')
      .all(log, before, opts.limit)
      .map((r) => ({ id: String(r.seq), entry: r.entry }));
  }

  async openConversation(id: string, p: ConversationParams, now: number): Promise<{ created: boolean; record: ConversationRecord }> {
    // IMMEDIATE takes the write lock up front: two processes cannot both decide to create.
    return this.db
      .transaction(() => {
        const row = this.convGet.get(id, now);
        if (row) return { created: false, record: parseConversation(row.record) };
        this.evict(now, p.maxSessions, id);
        const record = newConversation(id, p, now);
        this.convPut.run(id, JSON.stringify(record), record.expires_at);
        return { created: true, record };
      })
      .immediate();
  }

  async recordTurn(id: string, turn: TurnInput, p: ConversationParams, now: number): Promise<ConversationRecord> {
    return this.db
      .transaction(() => {
        const row = this.convGet.get(id, now);
        if (!row) this.evict(now, p.maxSessions, id);
        const record = applyTurn(row ? parseConversation(row.record) : null, id, turn, p, now);
        this.convPut.run(id, JSON.stringify(record), record.expires_at);
        return record;
      })
      .immediate();
  }

  async getConversation(id: string, now: number): Promise<ConversationRecord | null> {
    const row = this.convGet.get(id, now);
    return row ? parseConversation(row.record) : null;
  }

  async deleteConversation(id: string, now: number): Promise<boolean> {
    const row = this.db.query<{ expires_at: number }, [string]>('DELETE FROM conversations WHERE id = ?1 RETURNING expires_at').get(id);
    return row !== null && row.expires_at > now;
  }

  async publish(channel: string, message: string): Promise<void> {
    this.pubsub.publish(channel, message);
  }

  subscribe(channel: string, handler: (message: string) => void): () => void {
    return this.pubsub.subscribe(channel, handler);
  }

  async whenReady(): Promise<boolean> {
    return true;
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
    this.pubsub.close();
    this.db.close();
  }

  /** Makes room for one new session: expired ones go first, then those closest to expiry. */
  private evict(now: number, maxSessions: number, except: string): void {
    this.db.query('DELETE FROM conversations WHERE expires_at <= ?1').run(now);
    const count = this.db.query<{ n: number }, []>('SELECT count(*) AS n FROM conversations').get()?.n ?? 0;
    if (count < maxSessions) return;
    this.db
      .query('DELETE FROM conversations WHERE id IN (SELECT id FROM conversations WHERE id != ?1 ORDER BY expires_at, id LIMIT ?2)')
      .run(except, count - maxSessions + 1);
  }

  /** Expired rows are invisible at once; they are deleted at most once a minute. */
  private maybePurge(): void {
    const now = this.clock();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    this.purgeStmt.run(now);
  }
}
