import { describe, expect, test } from 'bun:test';
import { SessionService } from '../../src/security/sessions';
import { FailureLimiter } from '../../src/security/failure-limiter';
import { SqliteStore } from '../../src/store/sqlite';
import { manualClock } from '../helpers/server';

describe('SessionService', () => {
  const setup = () => {
    const clock = manualClock();
    const store = new SqliteStore(':memory:', clock);
    return { clock, store, sessions: new SessionService(store, { idleSecs: 600, absoluteSecs: 3600 }, clock) };
  };

  test('ids are 256-bit random, never reused, stored only as a hash', async () => {
    const { sessions, store } = setup();
    const a = await sessions.create('admin', 'k1');
    const b = await sessions.create('admin', 'k1');
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.id).not.toBe(b.id);
    expect(await store.get(`session:${a.id}`)).toBeNull();
    expect(await sessions.resume(a.id)).toMatchObject({ role: 'admin', keyId: 'k1' });
  });

  test('idle expiry, sliding on use', async () => {
    const { sessions, clock } = setup();
    const { id } = await sessions.create('admin', 'k');
    clock.advance(500_000);
    expect(await sessions.resume(id)).not.toBeNull();
    clock.advance(500_000); // 500 s since last use: still inside the 600 s idle window
    expect(await sessions.resume(id)).not.toBeNull();
    clock.advance(601_000);
    expect(await sessions.resume(id)).toBeNull();
  });

  test('absolute expiry even when used constantly', async () => {
    const { sessions, clock } = setup();
    const { id } = await sessions.create('admin', 'k');
    for (let t = 0; t < 3500; t += 300) {
      clock.advance(300_000);
      if (t + 300 < 3600) expect(await sessions.resume(id)).not.toBeNull();
    }
    clock.advance(300_000);
    expect(await sessions.resume(id)).toBeNull();
  });

  test('a logout landing while a request slides the session stays a logout', async () => {
    const clock = manualClock();
    const store = new SqliteStore(':memory:', clock);
    const box: { sessions?: SessionService } = {};
    let logoutBeforeWrite: string | undefined;
    // The store as a racing logout sees it: the destroy reaches the store between resume's read
    // and its write-back.
    const racing = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'setIfEquals' || prop === 'set') {
          return async (...args: unknown[]) => {
            const logout = logoutBeforeWrite;
            logoutBeforeWrite = undefined;
            if (logout !== undefined) await box.sessions?.destroy(logout);
            return (Reflect.get(target, prop, receiver) as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const sessions = new SessionService(racing, { idleSecs: 600, absoluteSecs: 3600 }, clock);
    box.sessions = sessions;
    const { id } = await sessions.create('admin', 'k');
    clock.advance(120_000); // past the one-minute granularity: resume writes the slid session back
    logoutBeforeWrite = id;
    expect(await sessions.resume(id)).not.toBeNull(); // the request in flight read it before the logout
    expect(await sessions.resume(id)).toBeNull();
    await store.close();
  });

  test('destroy ends it; malformed ids are unknown', async () => {
    const { sessions } = setup();
    const { id } = await sessions.create('admin', 'k');
    await sessions.destroy(id);
    expect(await sessions.resume(id)).toBeNull();
    expect(await sessions.resume('')).toBeNull();
    expect(await sessions.resume('../../etc')).toBeNull();
  });
});

describe('FailureLimiter', () => {
  test('blocks after N failures in a minute, then forgets', () => {
    const clock = manualClock();
    const limiter = new FailureLimiter(3, clock);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('1.2.3.4')).toBe(0);
      limiter.recordFailure('1.2.3.4');
    }
    expect(limiter.retryAfter('1.2.3.4')).toBe(60);
    expect(limiter.retryAfter('5.6.7.8')).toBe(0);
    clock.advance(30_000);
    expect(limiter.retryAfter('1.2.3.4')).toBe(30);
    clock.advance(30_000);
    expect(limiter.retryAfter('1.2.3.4')).toBe(0);
  });
});

describe('SqliteStore', () => {
  test('ttl, incr atomic semantics, delete', async () => {
    const clock = manualClock();
    const store = new SqliteStore(':memory:', clock);
    await store.set('a', '1', 1000);
    expect(await store.get('a')).toBe('1');
    clock.advance(1000);
    expect(await store.get('a')).toBeNull();
    expect(await store.incr('n', 5000)).toBe(1);
    expect(await store.incr('n', 5000)).toBe(2);
    expect(await store.incr('n', 5000, 5)).toBe(7);
    clock.advance(5000);
    expect(await store.incr('n', 5000)).toBe(1);
    await store.delete('n');
    await store.delete('n');
    expect(await store.get('n')).toBeNull();
    expect(await store.healthy()).toBe(true);
  });
});

describe('SqliteStore.setIfAbsent', () => {
  test('only the first claim wins until the lease expires', async () => {
    const clock = manualClock();
    const store = new SqliteStore(':memory:', clock);
    expect(await store.setIfAbsent('lock', 'a', 1000)).toBe(true);
    expect(await store.setIfAbsent('lock', 'b', 1000)).toBe(false);
    expect(await store.get('lock')).toBe('a');
    clock.advance(1000);
    expect(await store.setIfAbsent('lock', 'b', 1000)).toBe(true);
    expect(await store.get('lock')).toBe('b');
  });
});
