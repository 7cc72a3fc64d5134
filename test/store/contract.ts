/**
 * The StateStore contract, one suite for every implementation (test/store/sqlite.test.ts and
 * test/store/redis.test.ts run it). Time moves through the harness: the injected clock where the
 * backend follows it (SQLite, conversation records), a short real wait where it cannot (Redis TTLs).
 */
import { describe, expect, test } from 'bun:test';
import { applyTurn, type ConversationParams, type ConversationRecord, type TurnInput } from '../../src/store/conversation';
import type { StateStore } from '../../src/store/interface';

export interface StoreHarness {
  readonly store: StateStore;
  /** Another handle on the same backend, as a second process would open it. */
  peer(): Promise<StateStore>;
  /** Moves time on by `ms` for key TTLs: the injected clock, or a real wait. */
  advance(ms: number): Promise<void>;
  /** The time the store's clock shows now (conversation calls pass it explicitly). */
  readonly now: () => number;
  close(): Promise<void>;
}

const PARAMS: ConversationParams = { ttlMs: 60_000, maxSessions: 100, maxTurns: 5, halfLifeMs: 600_000, flag: 8, block: 16, policy: 'default' };
const turn = (score: number, signatures: string[] = [], decision = 'allow'): TurnInput => ({ direction: 'input', decision, score, signatures });

/** Polls `check` until it holds or `ms` pass; returns the time it took. */
async function within(ms: number, check: () => boolean): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`condition not met within ${ms} ms`);
    await Bun.sleep(10);
  }
  return Date.now() - start;
}

/** Registers the contract suite for one implementation; `make` gives a fresh, empty store. */
export function runStoreContract(name: string, make: () => Promise<StoreHarness>): void {
  const withStore = (fn: (h: StoreHarness) => Promise<void>) => async () => {
    const h = await make();
    try {
      await fn(h);
    } finally {
      await h.close();
    }
  };

  describe(`${name}: keys and values`, () => {
    test(
      'get/set/delete: missing is null, set overwrites, delete is idempotent',
      withStore(async ({ store }) => {
        expect(await store.get('a')).toBeNull();
        await store.set('a', '1');
        await store.set('a', '2');
        expect(await store.get('a')).toBe('2');
        await store.delete('a');
        await store.delete('a');
        expect(await store.get('a')).toBeNull();
      }),
    );

    test(
      'ttl: a key with a TTL expires, one without persists; ttl() reports both',
      withStore(async (h) => {
        const { store } = h;
        await store.set('short', 'x', 150);
        await store.set('long', 'y');
        expect(await store.ttl('missing')).toBeNull();
        expect(await store.ttl('long')).toBe(Number.POSITIVE_INFINITY);
        const left = await store.ttl('short');
        expect(left).toBeGreaterThan(0);
        expect(left).toBeLessThanOrEqual(150);
        await h.advance(250);
        expect(await store.get('short')).toBeNull();
        expect(await store.ttl('short')).toBeNull();
        expect(await store.get('long')).toBe('y');
      }),
    );

    test(
      'incr: starts at `by`, keeps the first expiry, restarts after it',
      withStore(async (h) => {
        const { store } = h;
        expect(await store.incr('n', 150)).toBe(1);
        expect(await store.incr('n', 10_000)).toBe(2);
        expect(await store.incr('n', 10_000, 5)).toBe(7);
        // The second call's longer TTL did not extend the first one.
        expect(await store.ttl('n')).toBeLessThanOrEqual(150);
        await h.advance(250);
        expect(await store.incr('n', 150)).toBe(1);
        expect(await store.incr('forever')).toBe(1);
        expect(await store.ttl('forever')).toBe(Number.POSITIVE_INFINITY);
      }),
    );

    test(
      'incr is atomic: 500 concurrent increments from two handles lose nothing',
      withStore(async (h) => {
        const other = await h.peer();
        try {
          const results = await Promise.all(Array.from({ length: 500 }, (_, i) => (i % 2 ? h.store : other).incr('hits', 60_000)));
          expect(new Set(results).size).toBe(500);
          expect(Math.max(...results)).toBe(500);
          expect(await h.store.get('hits')).toBe('500');
        } finally {
          await other.close();
        }
      }),
    );

    test(
      'setIfAbsent: only the first claim wins until the lease expires',
      withStore(async (h) => {
        const { store } = h;
        const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => store.setIfAbsent('lock', `owner-${i}`, 150)));
        expect(claims.filter(Boolean).length).toBe(1);
        const winner = claims.indexOf(true);
        expect(await store.get('lock')).toBe(`owner-${winner}`);
        await h.advance(250);
        expect(await store.setIfAbsent('lock', 'late', 1000)).toBe(true);
        expect(await store.get('lock')).toBe('late');
      }),
    );

    test(
      'deleteIfEquals: the expected value is deleted; a different, missing or expired one is not',
      withStore(async (h) => {
        const { store } = h;
        await store.set('lock', 'owner-a', 60_000);
        for (const other of ['owner-b', 'owner-', 'owner-a ', 'OWNER-A', '']) expect(await store.deleteIfEquals('lock', other)).toBe(false);
        expect(await store.get('lock')).toBe('owner-a');
        expect(await store.ttl('lock')).toBeGreaterThan(0);
        expect(await store.deleteIfEquals('lock', 'owner-a')).toBe(true);
        expect(await store.get('lock')).toBeNull();
        // Gone now: a second release is a no-op that says so.
        expect(await store.deleteIfEquals('lock', 'owner-a')).toBe(false);
        expect(await store.deleteIfEquals('never-set', '')).toBe(false);
        // An empty value is a value: it matches itself.
        await store.set('empty', '');
        expect(await store.deleteIfEquals('empty', '')).toBe(true);
        expect(await store.get('empty')).toBeNull();
        // An expired key is missing, even if its old value would match.
        await store.set('short', 'v', 150);
        await h.advance(250);
        expect(await store.deleteIfEquals('short', 'v')).toBe(false);
        await store.set('short', 'next');
        expect(await store.get('short')).toBe('next');
      }),
    );

    test(
      'setIfEquals: replaces only the expected value, with the new TTL; never creates a key',
      withStore(async (h) => {
        const { store } = h;
        await store.set('lease', 'mine', 150);
        expect(await store.setIfEquals('lease', 'theirs', 'x', 60_000)).toBe(false);
        expect(await store.get('lease')).toBe('mine');
        expect(await store.ttl('lease')).toBeLessThanOrEqual(150);
        // Extend while held: the new TTL replaces the old one.
        expect(await store.setIfEquals('lease', 'mine', 'mine', 60_000)).toBe(true);
        expect(await store.ttl('lease')).toBeGreaterThan(1000);
        // Without a TTL the key persists, as with set.
        expect(await store.setIfEquals('lease', 'mine', 'changed')).toBe(true);
        expect(await store.get('lease')).toBe('changed');
        expect(await store.ttl('lease')).toBe(Number.POSITIVE_INFINITY);
        // Missing and expired keys never match, and are not created.
        expect(await store.setIfEquals('missing', '', 'x', 60_000)).toBe(false);
        expect(await store.get('missing')).toBeNull();
        await store.set('short', 'v', 150);
        await h.advance(250);
        expect(await store.setIfEquals('short', 'v', 'v', 60_000)).toBe(false);
        expect(await store.get('short')).toBeNull();
      }),
    );

    test(
      'compare-and-set/-delete compare exactly, whatever the characters',
      withStore(async ({ store }) => {
        const values = [
          '{"id":"a1b2","pid":42,"host":"web-1"}',
          `quotes ' " \` and backslashes \\ \\0 \\n`,
          "'; DELETE FROM kv; --",
          '%_ [^]$.*+?() %d+ ~= .. nil',
          'line\nbreak\r\ttab',
          'NUL \u0000 inside',
          'é 漢字 😀 \u202e',
          '',
          ' ',
          'x'.repeat(100_000),
        ];
        for (const [i, v] of values.entries()) {
          const key = `special:${i}`;
          await store.set(key, v, 60_000);
          // Near misses: one character more, one less, another case.
          for (const near of [`${v} `, v.slice(0, -1), v.toUpperCase()].filter((n) => n !== v)) {
            expect(await store.deleteIfEquals(key, near)).toBe(false);
            expect(await store.setIfEquals(key, near, 'wrong', 60_000)).toBe(false);
          }
          expect(await store.get(key)).toBe(v);
          expect(await store.setIfEquals(key, v, `${v}|2`, 60_000)).toBe(true);
          expect(await store.get(key)).toBe(`${v}|2`);
          expect(await store.deleteIfEquals(key, v)).toBe(false);
          expect(await store.deleteIfEquals(key, `${v}|2`)).toBe(true);
          expect(await store.get(key)).toBeNull();
        }
      }),
    );

    test(
      'deleteIfEquals is atomic: of 40 concurrent releases from two handles, exactly one succeeds',
      withStore(async (h) => {
        const other = await h.peer();
        try {
          for (let round = 0; round < 5; round++) {
            await h.store.set('lock', `holder-${round}`, 60_000);
            const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? h.store : other).deleteIfEquals('lock', `holder-${round}`)));
            expect(results.filter(Boolean).length).toBe(1);
            expect(await h.store.get('lock')).toBeNull();
          }
        } finally {
          await other.close();
        }
      }),
    );

    test(
      'setIfEquals is atomic: 200 compare-and-set increments racing on two handles lose nothing',
      withStore(async (h) => {
        const other = await h.peer();
        try {
          await h.store.set('cas', '0');
          let retries = 0;
          const worker = async (store: StateStore) => {
            for (let done = 0; done < 10; ) {
              const seen = (await store.get('cas')) ?? 'missing';
              if (await store.setIfEquals('cas', seen, String(Number(seen) + 1))) done++;
              else retries++;
            }
          };
          await Promise.all(Array.from({ length: 20 }, (_, i) => worker(i % 2 ? h.store : other)));
          expect(await h.store.get('cas')).toBe('200');
          // The workers did interleave: without contention this test would prove nothing.
          expect(retries).toBeGreaterThan(0);
        } finally {
          await other.close();
        }
      }),
    );

    test(
      "a lease lock under contention: releases by non-holders never free the holder's lock",
      withStore(async (h) => {
        const other = await h.peer();
        try {
          let inside: string | null = null;
          let acquired = 0;
          let foreignReleases = 0;
          const worker = async (store: StateStore, name: string) => {
            for (let round = 0; round < 15; round++) {
              const token = `${name}:${round}`;
              if (await store.setIfAbsent('mutex', token, 60_000)) {
                // Only one holder at a time, or a non-holder's release freed someone's lock.
                expect(inside).toBeNull();
                inside = token;
                acquired++;
                await Bun.sleep(1);
                expect(inside).toBe(token);
                inside = null;
                expect(await store.deleteIfEquals('mutex', token)).toBe(true);
              } else {
                // A holder whose lease "ran out" releasing late: it must not free the current lock.
                const released = await store.deleteIfEquals('mutex', token);
                expect(released).toBe(false);
                foreignReleases++;
              }
            }
          };
          await Promise.all(Array.from({ length: 8 }, (_, i) => worker(i % 2 ? h.store : other, `w${i}`)));
          expect(acquired).toBeGreaterThan(0);
          expect(foreignReleases).toBeGreaterThan(0);
          expect(await h.store.get('mutex')).toBeNull();
        } finally {
          await other.close();
        }
      }),
    );
  });

  describe(`${name}: maps and logs`, () => {
    test(
      'maps: set, get, get all, delete',
      withStore(async ({ store }) => {
        expect(await store.mapGetAll('m')).toEqual({});
        await store.mapSet('m', 'a', '1');
        await store.mapSet('m', 'b', '2');
        await store.mapSet('m', 'a', '3');
        expect(await store.mapGet('m', 'a')).toBe('3');
        expect(await store.mapGet('m', 'zz')).toBeNull();
        expect(await store.mapGetAll('m')).toEqual({ a: '3', b: '2' });
        await store.mapDelete('m', 'a');
        await store.mapDelete('m', 'a');
        expect(await store.mapGetAll('m')).toEqual({ b: '2' });
        expect(await store.mapGetAll('other')).toEqual({});
      }),
    );

    test(
      'logs: newest first, paged with `before`, trimmed to at least maxEntries, malformed cursor refused',
      withStore(async ({ store }) => {
        const ids: string[] = [];
        for (let i = 0; i < 12; i++) ids.push(await store.append('events', `e${i}`, 1000));
        const first = await store.readLog('events', { limit: 5 });
        expect(first.map((e) => e.entry)).toEqual(['e11', 'e10', 'e9', 'e8', 'e7']);
        expect(first[0]?.id).toBe(ids[11]);
        const second = await store.readLog('events', { limit: 5, before: first.at(-1)?.id ?? '' });
        expect(second.map((e) => e.entry)).toEqual(['e6', 'e5', 'e4', 'e3', 'e2']);
        const last = await store.readLog('events', { limit: 5, before: second.at(-1)?.id ?? '' });
        expect(last.map((e) => e.entry)).toEqual(['e1', 'e0']);
        expect(await store.readLog('other', { limit: 5 })).toEqual([]);
        expect(store.readLog('events', { limit: 5, before: 'drop table' })).rejects.toBeInstanceOf(RangeError);
        for (let i = 0; i < 300; i++) await store.append('small', `s${i}`, 100);
        const kept = await store.readLog('small', { limit: 1000 });
        expect(kept.length).toBeGreaterThanOrEqual(100);
        expect(kept.length).toBeLessThan(300);
        expect(kept[0]?.entry).toBe('s299');
      }),
    );
  });

  describe(`${name}: publish/subscribe`, () => {
    test(
      'a message reaches subscribers on every handle within a second; unsubscribe stops it',
      withStore(async (h) => {
        const other = await h.peer();
        try {
          const here: string[] = [];
          const there: string[] = [];
          const offHere = h.store.subscribe('news', (m) => here.push(m));
          other.subscribe('news', (m) => there.push(m));
          other.subscribe('elsewhere', (m) => there.push(`wrong channel: ${m}`));
          // Redis subscribes asynchronously: give the SUBSCRIBE a moment before publishing.
          await Bun.sleep(100);
          await h.store.publish('news', 'one');
          const took = await within(1000, () => here.includes('one') && there.includes('one'));
          expect(took).toBeLessThan(1000);
          offHere();
          await Bun.sleep(50);
          await other.publish('news', 'two');
          await within(1000, () => there.includes('two'));
          await Bun.sleep(300);
          expect(here).toEqual(['one']);
          expect(there).toEqual(['one', 'two']);
        } finally {
          await other.close();
        }
      }),
    );
  });

  describe(`${name}: conversations`, () => {
    test(
      'open creates once; get, delete',
      withStore(async ({ store, now }) => {
        const t0 = now();
        const a = await store.openConversation('c1', PARAMS, t0);
        expect(a.created).toBe(true);
        expect(a.record).toMatchObject({ id: 'c1', turns: 0, risk: 0, history: [], signatures: {}, expires_at: t0 + 60_000 });
        const b = await store.openConversation('c1', PARAMS, t0 + 5);
        expect(b.created).toBe(false);
        expect(b.record.created_at).toBe(t0);
        expect((await store.getConversation('c1', t0 + 10))?.id).toBe('c1');
        expect(await store.deleteConversation('c1', t0 + 10)).toBe(true);
        expect(await store.deleteConversation('c1', t0 + 10)).toBe(false);
        expect(await store.getConversation('c1', t0 + 10)).toBeNull();
      }),
    );

    test(
      'delete says whether the session was live, atomically: of concurrent deletes exactly one says so',
      withStore(async (h) => {
        const other = await h.peer();
        try {
          const t0 = h.now();
          await h.store.openConversation('gone', PARAMS, t0);
          const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? h.store : other).deleteConversation('gone', t0 + 1)));
          expect(results.filter(Boolean).length).toBe(1);
          // An expired session is deleted but was not live.
          await h.store.openConversation('old', PARAMS, t0);
          expect(await h.store.deleteConversation('old', t0 + PARAMS.ttlMs + 1)).toBe(false);
          expect(await h.store.getConversation('old', t0)).toBeNull();
        } finally {
          await other.close();
        }
      }),
    );

    test(
      'turns: the same records as the reference reducer (repeat weighting, decay, history bound)',
      withStore(async ({ store, now }) => {
        const t0 = now();
        const turns: [number, TurnInput][] = [
          [0, turn(3.5, ['INJ-D-001'])],
          [30_000, turn(3.5, ['INJ-D-001', 'SPL-001'])],
          [60_000, turn(0)],
          [90_000, turn(2.7, ['SPL-001'], 'allow')],
          [120_000, turn(9, ['INJ-D-001'], 'flag')],
          [150_000, turn(1.25, ['JB-001'])],
          [200_000, turn(3.5, ['INJ-D-001'])],
        ];
        let expected: ConversationRecord | null = null;
        for (const [at, t] of turns) {
          expected = applyTurn(expected, 'c2', t, PARAMS, t0 + at);
          const got = await store.recordTurn('c2', t, PARAMS, t0 + at);
          expect(got).toEqual(expected);
        }
        expect(expected?.turns).toBe(7);
        expect(expected?.history.length).toBe(5);
        expect(expected?.signatures).toEqual({ 'INJ-D-001': 4, 'SPL-001': 2, 'JB-001': 1 });
        // Weighted: the second INJ-D-001 turn counts 1.25×, the fourth (3 earlier) 1.75×.
        expect(expected?.history.at(-1)?.contribution).toBe(3.5 * 1.75);
        expect(await store.getConversation('c2', t0 + 200_000)).toEqual(expected);
        // 60 s after the last turn the session is over; a new turn starts a new one.
        expect(await store.getConversation('c2', t0 + 260_000)).toBeNull();
        expect((await store.recordTurn('c2', turn(1), PARAMS, t0 + 260_000)).turns).toBe(1);
      }),
    );

    test(
      'escalation: below-threshold turns add up to flag, then block',
      withStore(async ({ store, now }) => {
        const t0 = now();
        const seen: string[] = [];
        for (let i = 0; i < 5; i++) seen.push((await store.recordTurn('probe', turn(3.5, ['SPL-001']), PARAMS, t0 + i * 10_000)).escalation);
        expect(seen).toEqual(['none', 'none', 'flag', 'block', 'block']);
        const rec = await store.getConversation('probe', t0 + 50_000);
        expect(rec?.peak_escalation).toBe('block');
      }),
    );

    test(
      '500 concurrent turns from two handles equal 500 sequential ones',
      withStore(async (h) => {
        const other = await h.peer();
        try {
          const t = h.now();
          const one = turn(2, ['SPL-001']);
          await Promise.all(Array.from({ length: 500 }, (_, i) => (i % 2 ? h.store : other).recordTurn('busy', one, PARAMS, t)));
          let sequential: ConversationRecord | null = null;
          for (let i = 0; i < 500; i++) sequential = applyTurn(sequential, 'busy', one, PARAMS, t);
          const got = await h.store.getConversation('busy', t);
          expect(got?.turns).toBe(500);
          expect(got?.cumulative).toBe(sequential?.cumulative ?? -1);
          expect(got?.risk).toBe(sequential?.risk ?? -1);
          expect(got?.signatures).toEqual({ 'SPL-001': 500 });
          expect(got?.history.length).toBe(PARAMS.maxTurns);
        } finally {
          await other.close();
        }
      }),
    );

    test(
      'bounds: max sessions evicts the one closest to expiry; TTL slides with each turn and ends it',
      withStore(async ({ store, now }) => {
        const t0 = now();
        const small = { ...PARAMS, maxSessions: 3 };
        for (const [i, id] of ['s1', 's2', 's3'].entries()) await store.openConversation(id, small, t0 + i);
        // s1 is touched again, so s2 is now the oldest.
        await store.recordTurn('s1', turn(1), small, t0 + 10);
        await store.openConversation('s4', small, t0 + 20);
        expect(await store.getConversation('s2', t0 + 20)).toBeNull();
        for (const id of ['s1', 's3', 's4']) expect((await store.getConversation(id, t0 + 20))?.id).toBe(id);
        // A new turn through recordTurn evicts too.
        await store.recordTurn('s5', turn(1), small, t0 + 30);
        expect(await store.getConversation('s3', t0 + 30)).toBeNull();
        // TTL: s1's last turn was at t0+10; it lives 60 s from there.
        expect((await store.getConversation('s1', t0 + 60_009))?.id).toBe('s1');
        expect(await store.getConversation('s1', t0 + 60_011)).toBeNull();
        // An expired session is gone for good: a new turn starts over.
        const fresh = await store.recordTurn('s1', turn(1), small, t0 + 60_011);
        expect(fresh.turns).toBe(1);
        expect(fresh.created_at).toBe(t0 + 60_011);
      }),
    );
  });
}
