/**
 * The shared state store on Redis (Bun's built-in client, supervised by RedisConnection): several
 * inferwall instances behind a load balancer see the same sessions, counters, keys and audit log.
 * Every name lives under `iw:`; ephemeral keys carry a TTL; multi-step updates are Lua scripts, so
 * they are atomic across instances. Pub/sub runs on a second connection that re-subscribes after
 * every reconnect. Assumes one Redis (or a primary), not a cluster: scripts touch derived keys.
 */
import type { RedisClient } from 'bun';
import { createHash } from 'node:crypto';
import type { Logger } from '../server/log';
import { LUA_DELETE, LUA_OPEN, LUA_TURN, newConversation, parseConversation, type ConversationParams, type ConversationRecord, type TurnInput } from './conversation';
import { StoreUnavailableError, type LogEntry, type StateStore } from './interface';
import { RedisConnection } from './redis-connection';

export interface RedisStoreOptions {
  readonly url: string;
  readonly log: Logger;
  /** Per-command timeout (IW_REDIS_TIMEOUT_MS). */
  readonly commandTimeoutMs?: number;
  /** Longest wait between reconnect attempts (IW_REDIS_RECONNECT_MAX_MS). */
  readonly reconnectMaxMs?: number;
}

const NS = 'iw:';
const CONV = `${NS}conv:`;
const CONV_INDEX = `${NS}conv-index`;
const STREAM_ID = /^[0-9]{1,20}-[0-9]{1,20}$/;

const LUA_INCR = `
local existed = redis.call('EXISTS', KEYS[1])
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if existed == 0 and ARGV[2] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return v
`;

// Compare and act inside one script: Redis runs it without interleaving any other client's
// command, which a GET followed by SET/DEL cannot promise. A missing key reads as false, never
// equal to a string. SET without PX drops any old TTL, as `set` does.
const LUA_SET_IF_EQUALS = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[3] == '' then redis.call('SET', KEYS[1], ARGV[2]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1
`;

const LUA_DELETE_IF_EQUALS = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`;

export class RedisStore implements StateStore {
  readonly kind = 'redis' as const;
  private readonly commands: RedisConnection;
  private readonly subscriber: RedisConnection;
  private readonly handlers = new Map<string, Set<(message: string) => void>>();
  private readonly shas = new Map<string, string>();
  /** Channels each subscriber client has subscribed to (a fresh client starts with none). */
  private readonly subscribedOn = new WeakMap<RedisClient, Set<string>>();
  private closed = false;

  /** Starts connecting at once; until Redis answers, every method rejects with StoreUnavailableError. */
  constructor(opts: RedisStoreOptions) {
    const common = {
      url: opts.url,
      commandTimeoutMs: opts.commandTimeoutMs ?? 200,
      connectTimeoutMs: Math.max(1000, (opts.commandTimeoutMs ?? 200) * 5),
      backoffInitialMs: 100,
      backoffMaxMs: opts.reconnectMaxMs ?? 2000,
    };
    this.subscriber = new RedisConnection({
      ...common,
      label: 'subscriber',
      // The command connection already reports outages; the subscriber's own reports are detail.
      log: { ...opts.log, warn: (m, f) => opts.log.info(m, f), info: (m, f) => opts.log.debug(m, f) },
      onReady: (client) => this.resubscribe(client),
    });
    this.commands = new RedisConnection({
      ...common,
      label: 'commands',
      log: opts.log,
      // Both connections share one server: when one is lost, the other is presumed lost too, so
      // the subscriber never sits on a half-open socket missing invalidations.
      onDown: () => this.subscriber.recycle('command connection lost'),
    });
    this.commands.start();
    this.subscriber.start();
  }

  async get(key: string): Promise<string | null> {
    return this.run((c) => c.get(NS + key));
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    await this.run((c) => (ttlMs === undefined ? c.set(NS + key, value) : c.set(NS + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)))));
  }

  async incr(key: string, ttlMs?: number, by = 1): Promise<number> {
    return Number(await this.script(LUA_INCR, [NS + key], [String(by), ttlMs === undefined ? '' : String(Math.max(1, Math.ceil(ttlMs)))]));
  }

  async ttl(key: string): Promise<number | null> {
    const ms = Number(await this.run((c) => c.pttl(NS + key)));
    if (ms === -2) return null;
    return ms === -1 ? Number.POSITIVE_INFINITY : ms;
  }

  async delete(key: string): Promise<void> {
    await this.run((c) => c.del(NS + key));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const reply: unknown = await this.run((c) => c.send('SET', [NS + key, value, 'NX', 'PX', String(Math.max(1, Math.ceil(ttlMs)))]));
    return reply === 'OK';
  }

  async setIfEquals(key: string, expected: string, value: string, ttlMs?: number): Promise<boolean> {
    const ttl = ttlMs === undefined ? '' : String(Math.max(1, Math.ceil(ttlMs)));
    return Number(await this.script(LUA_SET_IF_EQUALS, [NS + key], [expected, value, ttl])) === 1;
  }

  async deleteIfEquals(key: string, expected: string): Promise<boolean> {
    return Number(await this.script(LUA_DELETE_IF_EQUALS, [NS + key], [expected])) === 1;
  }

  async mapSet(map: string, field: string, value: string): Promise<void> {
    await this.run((c) => c.hset(`${NS}map:${map}`, { [field]: value }));
  }

  async mapGet(map: string, field: string): Promise<string | null> {
    return this.run((c) => c.hget(`${NS}map:${map}`, field));
  }

  async mapGetAll(map: string): Promise<Record<string, string>> {
    const all = await this.run((c) => c.hgetall(`${NS}map:${map}`));
    return { ...(all ?? {}) };
  }

  async mapDelete(map: string, field: string): Promise<void> {
    await this.run((c) => c.hdel(`${NS}map:${map}`, field));
  }

  async append(log: string, entry: string, maxEntries: number): Promise<string> {
    // "~" trims in whole macro-nodes: cheap, and never below maxEntries.
    const id: unknown = await this.run((c) => c.send('XADD', [`${NS}log:${log}`, 'MAXLEN', '~', String(maxEntries), '*', 'e', entry]));
    return String(id);
  }

  async readLog(log: string, opts: { limit: number; before?: string }): Promise<LogEntry[]> {
    if (opts.before !== undefined && !STREAM_ID.test(opts.before)) throw new RangeError(`malformed cursor "${opts.before}"`);
    const from = opts.before === undefined ? '+' : `(${opts.before}`;
    const rows: unknown = await this.run((c) => c.send('XREVRANGE', [`${NS}log:${log}`, from, '-', 'COUNT', String(opts.limit)]));
    if (!Array.isArray(rows)) return [];
    return rows.map((row) => {
      const [id, fields] = row as [string, string[]];
      return { id: String(id), entry: String(fields[1] ?? '') };
    });
  }

  async openConversation(id: string, p: ConversationParams, now: number): Promise<{ created: boolean; record: ConversationRecord }> {
    const fresh = newConversation(id, p, now);
    const reply = (await this.script(LUA_OPEN, [CONV + id, CONV_INDEX], [String(now), JSON.stringify(fresh), String(p.ttlMs), String(p.maxSessions), CONV, id])) as [number, string];
    return { created: Number(reply[0]) === 1, record: parseConversation(reply[1]) };
  }

  async recordTurn(id: string, turn: TurnInput, p: ConversationParams, now: number): Promise<ConversationRecord> {
    const fresh = newConversation(id, p, now);
    const raw = await this.script(LUA_TURN, [CONV + id, CONV_INDEX], [String(now), JSON.stringify(turn), JSON.stringify(p), CONV, id, JSON.stringify(fresh)]);
    return parseConversation(String(raw));
  }

  async getConversation(id: string, now: number): Promise<ConversationRecord | null> {
    const raw = await this.run((c) => c.get(CONV + id));
    if (raw === null) return null;
    const rec = parseConversation(raw);
    // Expiry follows the caller's clock, as on SQLite (Redis' own TTL is the backstop).
    return rec.expires_at > now ? rec : null;
  }

  async deleteConversation(id: string, now: number): Promise<boolean> {
    const raw = await this.script(LUA_DELETE, [CONV + id, CONV_INDEX], [id]);
    // A nil reply (nothing was there) arrives as null.
    if (typeof raw !== 'string') return false;
    return parseConversation(raw).expires_at > now;
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.run((c) => c.publish(NS + channel, message));
  }

  subscribe(channel: string, handler: (message: string) => void): () => void {
    if (this.closed) return () => undefined;
    let set = this.handlers.get(channel);
    if (!set) {
      this.handlers.set(channel, (set = new Set()));
      // Subscribe now if connected; otherwise the next connect subscribes to every channel.
      const client = this.subscriber.current();
      if (client) void this.ensureSubscribed(client, channel).catch(() => this.subscriber.recycle('subscribe failed'));
    }
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(channel) === set) {
        this.handlers.delete(channel);
        const client = this.subscriber.current();
        if (client && this.subscribedOn.get(client)?.delete(channel)) void client.unsubscribe(NS + channel).catch(() => undefined);
      }
    };
  }

  async whenReady(timeoutMs: number): Promise<boolean> {
    return this.commands.whenReady(timeoutMs);
  }

  async healthy(): Promise<boolean> {
    if (!this.commands.ready) return false;
    try {
      return (await this.run((c) => c.ping())) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    this.commands.close();
    this.subscriber.close();
  }

  /** Why the store is down, for logs (no credentials). */
  get unavailableReason(): string {
    return this.commands.reason;
  }

  private run<T>(command: (client: RedisClient) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('Redis store closed'));
    return this.commands.run(command);
  }

  /** EVALSHA, loading the script on NOSCRIPT (a restarted Redis has an empty script cache). */
  private async script(source: string, keys: string[], args: string[]): Promise<unknown> {
    let sha = this.shas.get(source);
    if (sha === undefined) this.shas.set(source, (sha = createHash('sha1').update(source).digest('hex')));
    const argv = [sha, String(keys.length), ...keys, ...args];
    try {
      return await this.run((c) => c.send('EVALSHA', argv));
    } catch (err) {
      if (!(err instanceof StoreUnavailableError) && /NOSCRIPT/.test((err as Error).message)) {
        return this.run((c) => c.send('EVAL', [source, String(keys.length), ...keys, ...args]));
      }
      throw err;
    }
  }

  private dispatch(channel: string, message: string): void {
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(message);
      } catch {
        // One faulty handler must not stop delivery to the others.
      }
    }
  }

  private async resubscribe(client: RedisClient): Promise<void> {
    for (const channel of [...this.handlers.keys()]) await this.ensureSubscribed(client, channel);
  }

  /** Subscribes `client` to `channel` once (a second SUBSCRIBE would deliver every message twice). */
  private async ensureSubscribed(client: RedisClient, channel: string): Promise<void> {
    let done = this.subscribedOn.get(client);
    if (!done) this.subscribedOn.set(client, (done = new Set()));
    if (done.has(channel)) return;
    done.add(channel);
    await client.subscribe(NS + channel, (m) => this.dispatch(channel, m));
  }
}
