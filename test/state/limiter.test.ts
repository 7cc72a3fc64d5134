/**
 * The brute-force brake in the state store: the same behaviour as the in-memory one, shared by
 * every instance on the store, and still braking (per instance) while the store is down.
 */
import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { generateApiKey } from '../../src/security/api-keys';
import { StoreFailureLimiter } from '../../src/security/failure-limiter';
import { StoreUnavailableError, type StateStore } from '../../src/store/interface';
import { SqliteStore } from '../../src/store/sqlite';
import { tempDir } from '../helpers/binary';
import { manualClock, startTestServer } from '../helpers/server';

describe('StoreFailureLimiter', () => {
  test('blocks after N failures in a minute, then forgets (clock injected)', async () => {
    const clock = manualClock();
    const store = new SqliteStore(':memory:', clock);
    const limiter = new StoreFailureLimiter(store, 3, clock);
    for (let i = 0; i < 3; i++) {
      expect(await limiter.retryAfter('1.2.3.4')).toBe(0);
      await limiter.recordFailure('1.2.3.4');
    }
    expect(await limiter.retryAfter('1.2.3.4')).toBe(60);
    expect(await limiter.retryAfter('5.6.7.8')).toBe(0);
    clock.advance(30_000);
    expect(await limiter.retryAfter('1.2.3.4')).toBe(30);
    clock.advance(30_000);
    expect(await limiter.retryAfter('1.2.3.4')).toBe(0);
    await store.close();
  });

  test('two limiters on one store count together; the address is not in the store key', async () => {
    const clock = manualClock();
    const store = new SqliteStore(':memory:', clock);
    const a = new StoreFailureLimiter(store, 4, clock);
    const b = new StoreFailureLimiter(store, 4, clock);
    await a.recordFailure('203.0.113.9');
    await b.recordFailure('203.0.113.9');
    await a.recordFailure('203.0.113.9');
    expect(await b.retryAfter('203.0.113.9')).toBe(0);
    await b.recordFailure('203.0.113.9');
    expect(await a.retryAfter('203.0.113.9')).toBe(60);
    expect(await store.get('authfail:203.0.113.9')).toBeNull();
    await store.close();
  });

  test('quiet() says whether anybody is blocked, on this instance or another, within a second', async () => {
    const clock = manualClock();
    const store = new SqliteStore(':memory:', clock);
    const a = new StoreFailureLimiter(store, 2, clock);
    const b = new StoreFailureLimiter(store, 2, clock);
    expect(await a.quiet()).toBe(true);
    expect(await b.quiet()).toBe(true);
    await a.recordFailure('198.51.100.1');
    expect(await a.quiet()).toBe(true);
    await a.recordFailure('198.51.100.1');
    // At once on the instance that saw the failures; on the other after its one-second memory.
    expect(await a.quiet()).toBe(false);
    expect(await b.quiet()).toBe(true);
    clock.advance(1001);
    expect(await b.quiet()).toBe(false);
    expect(await b.retryAfter('198.51.100.1')).toBeGreaterThan(0);
    expect(await b.retryAfter('198.51.100.2')).toBe(0);
    clock.advance(60_000);
    expect(await a.quiet()).toBe(true);
    expect(await b.quiet()).toBe(true);
    await store.close();
  });

  test('while the store is down it brakes on this instance’s own counts', async () => {
    const clock = manualClock();
    const down: StateStore = new Proxy(new SqliteStore(':memory:', clock), {
      get(target, prop, receiver) {
        if (prop === 'get' || prop === 'incr' || prop === 'ttl') return () => Promise.reject(new StoreUnavailableError('down'));
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const limiter = new StoreFailureLimiter(down, 2, clock);
    await limiter.recordFailure('9.9.9.9');
    expect(await limiter.retryAfter('9.9.9.9')).toBe(0);
    await limiter.recordFailure('9.9.9.9');
    expect(await limiter.retryAfter('9.9.9.9')).toBe(60);
  });
});

test('two servers on one store: failures on A brake the same address on B', async () => {
  const storePath = join(tempDir('iw-brake-'), 'state.db');
  await using a = await startTestServer({ storePath, env: { IW_AUTH_FAILURES_PER_MINUTE: '3' } });
  await using b = await startTestServer({ storePath, env: { IW_AUTH_FAILURES_PER_MINUTE: '3' } });
  for (let i = 0; i < 3; i++) expect((await a.req('/v1/health', { key: generateApiKey('scan') })).status).toBe(401);
  const blocked = await b.req('/v1/health', { key: b.scanKey });
  expect(blocked.status).toBe(429);
  expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
});
