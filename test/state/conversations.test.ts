/**
 * Conversation sessions over HTTP, on SQLite and on Redis: the /v1/sessions API, scans that add
 * turns, multi-turn escalation (flag, then block, from turns that each pass alone), policy
 * settings, decay, and the bounds (max sessions, turns kept, TTL). Clocks are injected.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEngineState, customSources } from '../../src/catalog/engine-state';
import { silentLogger } from '../../src/server/log';
import type { StateStore } from '../../src/store/interface';
import { RedisStore } from '../../src/store/redis';
import { tempDir } from '../helpers/binary';
import { manualClock, startTestServer, type TestServer, type TestServerOptions } from '../helpers/server';
import { startRedis, type RedisServer } from '../store/redis-server';
import { PROBES, scanTurn, type ScanAnswer, type SessionView } from './helpers';

const backends: [string, () => Promise<{ store?: StateStore; done: () => Promise<void> }>][] = [
  ['sqlite', async () => ({ done: async () => undefined })],
  [
    'redis',
    async () => {
      await redis.flush();
      const store = new RedisStore({ url: redis.url, log: silentLogger });
      await store.whenReady(5000);
      return { store, done: () => store.close() };
    },
  ],
];

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

for (const [backend, makeStore] of backends) {
  describe(`conversations on ${backend}`, () => {
    const withServer = (opts: TestServerOptions, fn: (s: TestServer) => Promise<void>) => async () => {
      const { store, done } = await makeStore();
      const s = await startTestServer({ ...opts, ...(store ? { store } : {}) });
      try {
        await fn(s);
      } finally {
        await s.stop();
        await done();
      }
    };

    test(
      'POST creates (generated or given id), 409 on a duplicate; GET reads; DELETE deletes',
      withServer({}, async (s) => {
        const gen = await s.req('/v1/sessions', { method: 'POST', key: s.scanKey });
        expect(gen.status).toBe(201);
        const generated = (await gen.json()) as SessionView;
        expect(generated.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(generated).toMatchObject({ turns: 0, risk: 0, escalation: 'none', history: [], signatures: [] });
        const mine = await s.req('/v1/sessions', { method: 'POST', key: s.scanKey, json: { session_id: 'chat-42', ttl_secs: 120 } });
        expect(mine.status).toBe(201);
        const body = (await mine.json()) as SessionView;
        expect(Date.parse(body.expires_at) - Date.parse(body.first_seen)).toBe(120_000);
        const dup = await s.req('/v1/sessions', { method: 'POST', key: s.scanKey, json: { session_id: 'chat-42' } });
        expect(dup.status).toBe(409);
        expect(((await dup.json()) as { detail: string }).detail).toContain('already exists');
        expect((await s.req('/v1/sessions/chat-42', { key: s.scanKey })).status).toBe(200);
        expect(await (await s.req('/v1/sessions/chat-42', { method: 'DELETE', key: s.scanKey })).json()).toEqual({ id: 'chat-42', deleted: true });
        expect((await s.req('/v1/sessions/chat-42', { key: s.scanKey })).status).toBe(404);
        expect((await s.req('/v1/sessions/chat-42', { method: 'DELETE', key: s.scanKey })).status).toBe(404);
      }),
    );

    test.each([
      [{ session_id: 'bad id!' }, 'body.session_id'],
      [{ ttl_secs: 0 }, 'body.ttl_secs'],
      [{ ttl_secs: 1.5 }, 'body.ttl_secs'],
      [{ ttl_secs: 9_999_999 }, 'body.ttl_secs'],
    ])('bad body %j → 422 naming %s', async (json, field) => {
      await withServer({}, async (s) => {
        const res = await s.req('/v1/sessions', { method: 'POST', key: s.scanKey, json });
        expect(res.status).toBe(422);
        expect(((await res.json()) as { detail: string }).detail).toContain(field);
      })();
    });

    test(
      'probing turns that each pass alone are flagged, then blocked; the same texts without a session pass',
      withServer({}, async (s) => {
        for (const text of PROBES) {
          const alone = await scanTurn(s, s.scanKey, text);
          // Precondition: each probe is a near miss on its own.
          expect(alone.decision).toBe('allow');
          expect(alone.score).toBeGreaterThan(0);
          expect(alone.session).toBeUndefined();
        }
        const answers: ScanAnswer[] = [];
        for (const text of PROBES.slice(0, 4)) answers.push(await scanTurn(s, s.scanKey, text, 'probe-1'));
        expect(answers.map((a) => a.decision)).toEqual(['allow', 'allow', 'flag', 'block']);
        expect(answers.map((a) => a.session?.escalation)).toEqual(['none', 'none', 'flag', 'block']);
        expect(answers.map((a) => a.session?.turns)).toEqual([1, 2, 3, 4]);
        expect(answers[2]?.reason).toBe('session_escalation');
        expect(answers[3]?.session?.risk).toBeGreaterThanOrEqual(16);
        const view = (await (await s.req('/v1/sessions/probe-1', { key: s.scanKey })).json()) as SessionView;
        expect(view).toMatchObject({ turns: 4, escalation: 'block', peak_escalation: 'block', thresholds: { flag: 8, block: 16, half_life_secs: 600 } });
        expect(view.signatures.length).toBeGreaterThan(0);
        expect(view.signatures[0]?.turns).toBe(4);
        expect(view.history.map((h) => h.decision)).toEqual(['allow', 'allow', 'allow', 'allow']);
        expect(view.cumulative_risk).toBeGreaterThanOrEqual(view.risk);
        // Output scans join the same conversation.
        const out = await s.req('/v1/scan/output', { method: 'POST', key: s.scanKey, json: { text: 'Here you go.', session_id: 'probe-1' } });
        expect(((await out.json()) as ScanAnswer).session?.turns).toBe(5);
      }),
    );

    test('decay with an injected clock: flagged, then normal after a few half-lives', async () => {
      const clock = manualClock(Date.now());
      await withServer({ clock }, async (s) => {
        for (const text of PROBES.slice(0, 3)) await scanTurn(s, s.scanKey, text, 'slow-burn');
        expect(((await (await s.req('/v1/sessions/slow-burn', { key: s.scanKey })).json()) as SessionView).escalation).toBe('flag');
        clock.advance(1_200_000); // two half-lives: 13.1 → 3.3
        const later = (await (await s.req('/v1/sessions/slow-burn', { key: s.scanKey })).json()) as SessionView;
        expect(later.escalation).toBe('none');
        expect(later.peak_escalation).toBe('flag');
        expect(later.risk).toBeLessThan(later.cumulative_risk / 3);
        expect((await scanTurn(s, s.scanKey, 'Thanks, that helps.', 'slow-burn')).decision).toBe('allow');
        // The conversation remembers what it probed for: the same probe again weighs more.
        const back = await scanTurn(s, s.scanKey, PROBES[3] as string, 'slow-burn');
        expect(back.decision).toBe('flag');
      })();
    });

    test(
      'monitor-only policy: the session escalates but the decision stays allow',
      withServer({}, async (s) => {
        const answers: ScanAnswer[] = [];
        for (const text of PROBES.slice(0, 4)) answers.push(await scanTurn(s, s.scanKey, text, 'watched', 'monitor-only'));
        expect(answers.map((a) => a.decision)).toEqual(['allow', 'allow', 'allow', 'allow']);
        expect(answers.at(-1)?.session?.escalation).toBe('block');
      }),
    );

    test('the policy file sets thresholds, half-life and turns kept', async () => {
      const dir = tempDir('iw-policy-');
      const file = join(dir, 'tight.yaml');
      writeFileSync(
        file,
        'name: tight\nmode: enforce\nthresholds:\n  input: { flag: 4, block: 10 }\n  output: { flag: 3, block: 7 }\nsession:\n  half_life_secs: 60\n  flag: 3\n  block: 7\n  max_turns: 2\n',
      );
      // The test server runs a given engine state: build it from the shipped files plus this policy.
      const engine = buildEngineState(customSources({ signaturesDir: join(dir, 'none'), policyPath: file }, dir), 'tight', Date.now());
      await withServer({ engine }, async (s) => {
        const answers: ScanAnswer[] = [];
        for (const text of PROBES.slice(0, 3)) answers.push(await scanTurn(s, s.scanKey, text, 'tight-1'));
        expect(answers.map((a) => a.decision)).toEqual(['flag', 'block', 'block']);
        const view = (await (await s.req('/v1/sessions/tight-1', { key: s.scanKey })).json()) as SessionView;
        expect(view.thresholds).toEqual({ flag: 3, block: 7, half_life_secs: 60 });
        expect(view.turns).toBe(3);
        expect(view.history.length).toBe(2);
      })();
    });

    test('bounds: IW_MAX_CONVERSATIONS evicts the oldest; the TTL ends an idle session', async () => {
      const clock = manualClock(Date.now());
      await withServer({ clock, env: { IW_MAX_CONVERSATIONS: '2', IW_CONVERSATION_TTL_SECS: '60' } }, async (s) => {
        for (const id of ['a', 'b']) {
          expect((await s.req('/v1/sessions', { method: 'POST', key: s.scanKey, json: { session_id: id } })).status).toBe(201);
          clock.advance(1000);
        }
        await scanTurn(s, s.scanKey, 'hello', 'c');
        expect((await s.req('/v1/sessions/a', { key: s.scanKey })).status).toBe(404);
        expect((await s.req('/v1/sessions/b', { key: s.scanKey })).status).toBe(200);
        expect((await s.req('/v1/sessions/c', { key: s.scanKey })).status).toBe(200);
        clock.advance(59_000);
        expect((await s.req('/v1/sessions/c', { key: s.scanKey })).status).toBe(200);
        expect((await s.req('/v1/sessions/b', { key: s.scanKey })).status).toBe(404);
        clock.advance(2000);
        expect((await s.req('/v1/sessions/c', { key: s.scanKey })).status).toBe(404);
      })();
    });
  });
}
