/**
 * Generated bad input for every route: malformed JSON, wrong types, missing and extra fields, huge
 * strings, deep nesting, invalid UTF-8, NUL bytes, lone surrogates, RTL and zero-width text, empty
 * and over-limit bodies, wrong content types, odd Authorization values. Invariants: never a 5xx,
 * errors always in the {"detail"} envelope, and the server stays up.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { prng } from '../helpers/prng';
import { rawRequest, statusOf } from '../helpers/raw-http';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
const LIMIT = 64 * 1024;
beforeAll(async () => {
  s = await startTestServer({ env: { IW_MAX_BODY_BYTES: String(LIMIT), IW_AUTH_FAILURES_PER_MINUTE: '100000' } });
});
afterAll(() => s.stop());


const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const STRINGS = ['', 'a', '\u0000', '\uD800', '\uDFFF\uD800', '\u202Eabc\u202C', 'a\u200B\u200C\u200Db', '𝕚𝕘𝕟𝕠𝕣𝕖', 'é'.repeat(1000), '%'.repeat(500), '\\u0000', '<script>', "' OR 1=1 --", 'x'.repeat(LIMIT / 2)];
const VALUES: unknown[] = [null, true, 0, -1, 1e308, 'x', [], {}, [1, 'a'], { a: { b: { c: 1 } } }, ...STRINGS];

function bodies(rand: () => number): { body: string | Uint8Array; type: string }[] {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)] as T;
  const fields = ['text', 'messages', 'key', 'policy', 'redact', 'entities', 'restore', 'session_id', 'enabled', 'action', 'role', 'content'];
  const out: { body: string | Uint8Array; type: string }[] = [
    { body: '', type: 'application/json' },
    { body: '{', type: 'application/json' },
    { body: 'null', type: 'application/json' },
    { body: '[]', type: 'application/json' },
    { body: '"text"', type: 'application/json' },
    { body: nested(5000), type: 'application/json' },
    { body: JSON.stringify({ text: 'x'.repeat(LIMIT) }), type: 'application/json' },
    { body: new Uint8Array([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), type: 'application/json' },
    { body: '{"text":"a"}', type: 'text/plain' },
    { body: '{"text":"a"}', type: 'application/x-www-form-urlencoded' },
    { body: '{"text":"a"}', type: 'multipart/form-data; boundary=x' },
    { body: '{"text":"a"}', type: 'application/json; charset=latin1' },
  ];
  for (let i = 0; i < 25; i++) {
    const obj: Record<string, unknown> = {};
    const n = Math.floor(rand() * 4);
    for (let k = 0; k < n; k++) obj[pick(fields)] = pick(VALUES);
    if (rand() < 0.3) obj.messages = [{ role: pick(STRINGS.slice(0, 8)), content: pick(STRINGS) }];
    out.push({ body: JSON.stringify(obj), type: 'application/json' });
  }
  return out;
}

const AUTH = ['', 'Bearer', 'Bearer ', 'Bearer  x', 'bearer\tx', `Bearer ${'k'.repeat(8000)}`, 'Basic Zm9vOmJhcg==', 'Bearer iwk_scan_', 'Token x'];

async function expectSane(res: Response, what: string): Promise<void> {
  if (res.status >= 500) throw new Error(`${what} → ${res.status}: ${await res.text()}`);
  if (res.status >= 400 && res.status !== 405 + 1000) {
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`${what} → ${res.status} without a JSON body: ${text.slice(0, 120)}`);
    }
    expect(Object.keys(parsed as object)).toEqual(['detail']);
  } else await res.arrayBuffer();
}

describe('fuzzing every route', () => {
  test('generated bodies with both keys: no 5xx, error envelope always', async () => {
    const rand = prng(20261128);
    for (const r of s.routes) {
      if (r.method === 'GET') continue;
      const path = r.path.replace(/:(\w+)/g, 'INJ-D-001');
      for (const { body, type } of bodies(rand)) {
        for (const key of [s.scanKey, s.adminKey]) {
          const res = await s.req(path, { method: r.method, key, headers: { 'content-type': type }, body });
          await expectSane(res, `${r.method} ${path} ${type} ${String(body).slice(0, 40)}`);
        }
      }
    }
  }, 120_000);

  test('odd Authorization values and odd query strings on every route: 401/4xx, never 5xx', async () => {
    for (const r of s.routes) {
      const path = r.path.replace(/:(\w+)/g, '%00%ff');
      for (const auth of AUTH) {
        const res = await s.req(`${path}?limit=-1&offset=abc&category=%00&direction=${'x'.repeat(200)}`, {
          method: r.method,
          headers: { authorization: auth, 'content-type': 'application/json' },
          ...(r.method === 'GET' ? {} : { body: '{}' }),
        });
        await expectSane(res, `${r.method} ${path} auth=${auth.slice(0, 20)}`);
      }
    }
  }, 120_000);

  test('exactly at and one byte over the body limit', async () => {
    const prefix = '{"text":"';
    const suffix = '"}';
    const at = prefix + 'a'.repeat(LIMIT - prefix.length - suffix.length) + suffix;
    expect(at.length).toBe(LIMIT);
    const ok = await s.req('/v1/scan/input', { method: 'POST', key: s.scanKey, headers: { 'content-type': 'application/json' }, body: at });
    expect(ok.status).toBe(200);
    const over = await s.req('/v1/scan/input', { method: 'POST', key: s.scanKey, headers: { 'content-type': 'application/json' }, body: at + ' ' });
    expect(over.status).toBe(413);
    await expectSane(over, 'over limit');
  });

  test('non-ASCII and repeated Authorization headers (raw bytes) → 401', async () => {
    const port = Number(new URL(s.url).port);
    for (const header of ['Authorization: Bearer ключ🔑\r\n', `Authorization: Bearer ${s.scanKey}\r\nAuthorization: Bearer x\r\n`, 'Authorization: \xff\xfe\r\n']) {
      const res = await rawRequest(port, `GET /v1/health HTTP/1.1\r\nHost: x\r\n${header}Connection: close\r\n\r\n`);
      expect([400, 401]).toContain(statusOf(res));
    }
  });

  test('the server is still up', async () => {
    expect((await s.req('/v1/health/live')).status).toBe(200);
  });
});
