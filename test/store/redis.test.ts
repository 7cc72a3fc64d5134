/**
 * The StateStore contract on a real redis-server, plus what only Redis has: the `iw:` namespace,
 * TTLs on ephemeral keys, fail-fast errors during an outage and recovery after it (5 s here;
 * 45 s with IW_SLOW_TESTS=1), re-subscription after a reconnect, and startup with Redis down.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { RedisClient } from 'bun';
import type { Logger } from '../../src/server/log';
import { StoreUnavailableError } from '../../src/store/interface';
import { RedisStore } from '../../src/store/redis';
import { runStoreContract } from './contract';
import { startRedis, type RedisServer } from './redis-server';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

/** A logger that keeps lines, to assert what an operator would read. */
function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const put = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`);
  return { lines, debug: put('debug'), info: put('info'), warn: put('warn'), error: put('error') };
}

async function connected(url: string, log: Logger = recordingLog()): Promise<RedisStore> {
  const store = new RedisStore({ url, log });
  if (!(await store.whenReady(5000))) throw new Error('redis store did not connect');
  return store;
}

runStoreContract('redis', async () => {
  await redis.flush();
  const store = await connected(redis.url);
  return {
    store,
    now: () => Date.now(),
    peer: () => connected(redis.url),
    // Redis expires keys on its own clock: real time has to pass.
    advance: (ms) => Bun.sleep(ms),
    close: () => store.close(),
  };
});

async function until(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await Bun.sleep(25);
  }
  return Date.now() - start;
}

describe('redis specifics', () => {
  test('every key is under iw:, ephemeral keys carry a TTL', async () => {
    await redis.flush();
    const store = await connected(redis.url);
    await store.set('session:abc', 'v', 60_000);
    await store.incr('authfail:x', 60_000);
    await store.mapSet('apikeys', 'id', '{}');
    await store.append('audit', '{}', 100);
    await store.recordTurn('conv1', { direction: 'input', decision: 'allow', score: 1, signatures: [] }, { ttlMs: 60_000, maxSessions: 10, maxTurns: 5, halfLifeMs: 1000, flag: 8, block: 16, policy: 'default' }, Date.now());
    const raw = new RedisClient(redis.url);
    await raw.connect();
    const keys = (await raw.keys('*')).sort();
    expect(keys).toEqual(['iw:authfail:x', 'iw:conv-index', 'iw:conv:conv1', 'iw:log:audit', 'iw:map:apikeys', 'iw:session:abc'].sort());
    for (const k of ['iw:session:abc', 'iw:authfail:x', 'iw:conv:conv1', 'iw:conv-index']) expect(await raw.pttl(k)).toBeGreaterThan(0);
    raw.close();
    await store.close();
  });

  test('an unreachable Redis: commands fail fast with StoreUnavailableError, the log says so, no crash', async () => {
    const log = recordingLog();
    // A port nothing listens on.
    const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
    const port = probe.port;
    probe.stop(true);
    const store = new RedisStore({ url: `redis://user:secret@127.0.0.1:${port}`, log });
    expect(await store.whenReady(300)).toBe(false);
    const start = performance.now();
    expect(store.get('k')).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(performance.now() - start).toBeLessThan(50);
    expect(await store.healthy()).toBe(false);
    expect(log.lines.some((l) => l.startsWith('warn state store unreachable'))).toBe(true);
    expect(log.lines.join('\n')).not.toContain('secret');
    await store.close();
  });

  test('a command that gets no answer times out at the configured limit', async () => {
    const store = new RedisStore({ url: redis.url, log: recordingLog(), commandTimeoutMs: 100 });
    expect(await store.whenReady(5000)).toBe(true);
    // CLIENT PAUSE holds every client's commands unanswered for the time we ask: a frozen server.
    const blocker = new RedisClient(redis.url);
    await blocker.connect();
    await blocker.send('CLIENT', ['PAUSE', '500', 'ALL']);
    const start = performance.now();
    expect(store.get('k')).rejects.toBeInstanceOf(StoreUnavailableError);
    const took = performance.now() - start;
    expect(took).toBeGreaterThanOrEqual(90);
    expect(took).toBeLessThan(300);
    blocker.close();
    await until(3000, async () => (await store.get('k').then(() => true, () => false)));
    await store.close();
  });

  const outage = async (seconds: number) => {
    await redis.flush();
    const log = recordingLog();
    const store = await connected(redis.url, log);
    const received: string[] = [];
    store.subscribe('keys', (m) => received.push(m));
    await store.set('before', 'kept');
    await store.mapSet('apikeys', 'k1', 'record');
    await redis.kill();
    // Down: every call answers at once with StoreUnavailableError, never hangs.
    for (const call of [
      () => store.get('before'),
      () => store.incr('n', 1000),
      () => store.publish('keys', 'x'),
      () => store.deleteIfEquals('before', 'kept'),
      () => store.setIfEquals('before', 'kept', 'changed', 1000),
    ]) {
      const start = performance.now();
      expect(call()).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(performance.now() - start).toBeLessThan(250);
    }
    expect(await store.healthy()).toBe(false);
    await Bun.sleep(seconds * 1000);
    expect(await store.healthy()).toBe(false);
    await redis.restart();
    // Back within the reconnect backoff (2 s at most by default), with the data (append-only file).
    const took = await until(5000, () => store.healthy());
    expect(took).toBeLessThan(4000);
    expect(await store.get('before')).toBe('kept');
    expect(await store.mapGet('apikeys', 'k1')).toBe('record');
    // The subscriber connection re-subscribed by itself.
    await until(3000, async () => {
      await store.publish('keys', 'after');
      await Bun.sleep(50);
      return received.includes('after');
    });
    expect(log.lines.some((l) => l.startsWith('info state store reconnected'))).toBe(true);
    await store.close();
  };

  test('a 5 s outage: fail fast while down, recover by itself, data and subscriptions intact', () => outage(5), 20_000);

  test.if(process.env.IW_SLOW_TESTS === '1')('a 45 s outage (IW_SLOW_TESTS=1): the same', () => outage(45), 70_000);
});
