/**
 * Publish/subscribe between processes sharing one SQLite file: `publish` inserts a row in the
 * `events` table; every process with subscribers polls for rows newer than the last it saw. Rows
 * older than a minute are deleted, so the table stays small; a process that was stopped longer
 * than that misses messages, which subscribers tolerate (their caches are short-lived).
 */
import type { Database } from 'bun:sqlite';

const KEEP_MS = 60_000;

export class SqlitePubSub {
  private readonly handlers = new Map<string, Set<(message: string) => void>>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastId = 0;
  private lastPurge = 0;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly pollMs: number,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, message TEXT NOT NULL, at INTEGER NOT NULL)`);
  }

  /** Records a message for every subscriber of `channel` in every process on this file. */
  publish(channel: string, message: string): void {
    // Wall time, not the injected clock: this only decides when old rows may be deleted.
    this.db.query('INSERT INTO events (channel, message, at) VALUES (?1, ?2, ?3)').run(channel, message, Date.now());
  }

  /** Calls `handler` for messages published from now on; returns the unsubscribe function. */
  subscribe(channel: string, handler: (message: string) => void): () => void {
    if (this.closed) return () => undefined;
    if (this.handlers.size === 0) this.start();
    let set = this.handlers.get(channel);
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.handlers.delete(channel);
      if (this.handlers.size === 0) this.stop();
    };
  }

  close(): void {
    this.closed = true;
    this.handlers.clear();
    this.stop();
  }

  private start(): void {
    this.lastId = this.db.query<{ id: number | null }, []>('SELECT max(id) AS id FROM events').get()?.id ?? 0;
    this.timer = setInterval(() => this.poll(), this.pollMs);
    // Polling must not keep a CLI process alive.
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private poll(): void {
    if (this.closed) return;
    let rows: { id: number; channel: string; message: string }[];
    try {
      rows = this.db
        .query<{ id: number; channel: string; message: string }, [number]>('SELECT id, channel, message FROM events WHERE id > ?1 ORDER BY id LIMIT 1000')
        .all(this.lastId);
      const now = Date.now();
      if (now - this.lastPurge > KEEP_MS) {
        this.lastPurge = now;
        this.db.query('DELETE FROM events WHERE at < ?1').run(now - KEEP_MS);
      }
    } catch {
      // A busy or closing database: try again on the next tick.
      return;
    }
    for (const row of rows) {
      this.lastId = row.id;
      for (const handler of this.handlers.get(row.channel) ?? []) {
        try {
          handler(row.message);
        } catch {
          // One faulty handler must not stop delivery to the others.
        }
      }
    }
  }
}
