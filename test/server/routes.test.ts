/**
 * Walks the live route table: every registered route must be in the contract's access table, and
 * each answers the role matrix (no credential, bad key, scan key, admin key, logged-out cookie).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { generateApiKey } from '../../src/security/api-keys';
import { ACCESS, samplePath } from '../helpers/access';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
let staleCookie = '';
beforeAll(async () => {
  // A high failure budget: this test presents many bad keys on purpose.
  s = await startTestServer({ env: { IW_AUTH_FAILURES_PER_MINUTE: '100000' } });
  const res = await s.req('/v1/auth/login', { method: 'POST', json: { key: s.adminKey } });
  staleCookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  await s.req('/v1/auth/logout', { method: 'POST', headers: { cookie: staleCookie, 'content-type': 'application/json' } });
});
afterAll(() => s.stop());

const routeName = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

test('every registered route has a decided access level', () => {
  const missing = s.routes.map(routeName).filter((name) => !(name in ACCESS));
  expect(missing).toEqual([]);
  const unknown = Object.keys(ACCESS).filter((name) => !s.routes.some((r) => routeName(r) === name));
  expect(unknown).toEqual([]);
});

describe('role matrix', () => {
  for (const [name, access] of Object.entries(ACCESS)) {
    const [method = 'GET', pattern = '/'] = name.split(' ');
    const path = samplePath(pattern);
    const call = (headers: Record<string, string>) =>
      s.req(path, {
        method,
        headers: { ...headers, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
        ...(method === 'GET' ? {} : { body: '{}' }),
      });

    if (access === 'public') {
      test(`${name}: public, never 401/403`, async () => {
        const res = await call({});
        expect([401, 403]).not.toContain(res.status);
      });
      continue;
    }
    test(`${name}: no credential → 401`, async () => {
      const res = await call({});
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ detail: 'Unauthorized' });
    });
    test(`${name}: bad key → 401`, async () => {
      expect((await call({ authorization: `Bearer ${generateApiKey(access)}` })).status).toBe(401);
    });
    test(`${name}: logged-out cookie → 401`, async () => {
      expect((await call({ cookie: staleCookie })).status).toBe(401);
    });
    test(`${name}: scan key → ${access === 'admin' ? '403' : 'allowed'}`, async () => {
      const res = await call({ authorization: `Bearer ${s.scanKey}` });
      if (access === 'admin') {
        expect(res.status).toBe(403);
        expect(await res.json()).toEqual({ detail: 'Forbidden' });
      } else expect([401, 403]).not.toContain(res.status);
    });
    test(`${name}: admin key → allowed`, async () => {
      const res = await call({ authorization: `Bearer ${s.adminKey}` });
      expect([401, 403]).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    });
  }
});
