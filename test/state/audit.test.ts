/**
 * The audit log: every admin action (login, failed login, logout, key create and revoke, reload,
 * policy and config changes, signature overrides) is recorded with actor, client and result, paged
 * newest first, appended to IW_AUDIT_LOG, free of secrets, and kept across restarts.
 */
import { describe, expect, test } from 'bun:test';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUDITED_ROUTES } from '../../src/modules/audit';
import { generateApiKey, keyId } from '../../src/security/api-keys';
import { ACCESS } from '../helpers/access';
import { tempDir } from '../helpers/binary';
import { startTestServer, type TestServer } from '../helpers/server';
import { cookieOf } from './helpers';

interface Entry {
  id: string;
  time: string;
  action: string;
  result: string;
  actor: { via: string; key_id?: string; session?: string };
  client: string;
  target?: string;
  status?: number;
  request_id?: string;
}

async function audit(s: TestServer, query = ''): Promise<{ items: Entry[]; next_before: string | null }> {
  const res = await s.req(`/v1/admin/audit${query}`, { key: s.adminKey });
  expect(res.status).toBe(200);
  return (await res.json()) as { items: Entry[]; next_before: string | null };
}

test('every admin write route (and login) is an audited action', () => {
  const writes = Object.entries(ACCESS)
    .filter(([name, access]) => access === 'admin' && !name.startsWith('GET '))
    .map(([name]) => name);
  const missing = [...writes, 'POST /v1/auth/login'].filter((name) => !(name in AUDITED_ROUTES));
  expect(missing).toEqual([]);
});

describe('audit log', () => {
  test('records each admin action with actor, client and result; pages newest first; no secrets', async () => {
    const dir = tempDir('iw-audit-');
    const file = join(dir, 'audit.jsonl');
    const storePath = join(dir, 'state.db');
    const secrets: string[] = [];
    {
      await using s = await startTestServer({ storePath, env: { IW_AUDIT_LOG: file } });
      secrets.push(s.adminKey, s.scanKey);
      const wrong = generateApiKey('admin');
      secrets.push(wrong);
      expect((await s.req('/v1/auth/login', { method: 'POST', json: { key: wrong } })).status).toBe(401);
      const login = await s.req('/v1/auth/login', { method: 'POST', json: { key: s.adminKey } });
      const cookie = cookieOf(login);
      secrets.push(cookie.split('=')[1] ?? '');
      const created = (await (await s.req('/v1/admin/keys', { method: 'POST', key: s.adminKey, json: { role: 'scan', name: 'audited' } })).json()) as { id: string; key: string };
      secrets.push(created.key);
      await s.req(`/v1/admin/keys/${created.id}`, { method: 'DELETE', key: s.adminKey });
      await s.req('/v1/admin/reload', { method: 'POST', key: s.adminKey });
      await s.req('/v1/admin/policy', { method: 'POST', key: s.adminKey, json: { policy: 'strict' } });
      await s.req('/v1/config', { method: 'PUT', key: s.adminKey, json: { policy: 'default' } });
      const sig = ((await (await s.req('/v1/signatures?limit=1', { key: s.adminKey })).json()) as { items: { id: string }[] }).items[0]?.id ?? '';
      await s.req(`/v1/signatures/${sig}`, { method: 'PATCH', key: s.adminKey, json: { enabled: false } });
      // A refused change is recorded as a failure.
      expect((await s.req('/v1/admin/policy', { method: 'POST', key: s.adminKey, json: { policy: 'nope' } })).status).toBe(422);
      await s.req('/v1/auth/logout', { method: 'POST', headers: { cookie, 'content-type': 'application/json' } });
      // Not admin actions: scans, reads, unauthenticated attempts at admin routes.
      await s.req('/v1/scan/input', { method: 'POST', key: s.scanKey, json: { text: 'hi' } });
      await s.req('/v1/admin/reload', { method: 'POST' });
      await s.req('/v1/admin/reload', { method: 'POST', key: s.scanKey });

      const { items } = await audit(s);
      expect(items.map((e) => `${e.action}:${e.result}`)).toEqual([
        'logout:success',
        'policy.change:failure',
        'signature.override:success',
        'config.change:success',
        'policy.change:success',
        'reload:success',
        'key.revoke:success',
        'key.create:success',
        'login:success',
        'login:failure',
      ]);
      const by = (action: string, result = 'success') => items.find((e) => e.action === action && e.result === result);
      const adminId = keyId(s.adminKey);
      expect(by('login', 'failure')?.actor).toEqual({ via: 'anonymous' });
      expect(by('login')?.actor).toEqual({ via: 'key', key_id: adminId });
      expect(by('logout')?.actor).toMatchObject({ via: 'session', key_id: adminId });
      expect(by('logout')?.actor.session).toMatch(/^[0-9a-f]{16}$/);
      expect(by('key.create')?.target).toBe(created.id);
      expect(by('key.revoke')?.target).toBe(created.id);
      expect(by('policy.change')?.target).toBe('strict');
      expect(by('signature.override')?.target).toBe(sig);
      expect(by('policy.change', 'failure')?.status).toBe(422);
      for (const e of items) {
        expect(e.client).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
        expect(Number.isNaN(Date.parse(e.time))).toBe(false);
        expect(e.request_id).toBeTruthy();
      }

      // Paging: limit and the before cursor walk the same list.
      const page1 = await audit(s, '?limit=4');
      expect(page1.items.map((e) => e.id)).toEqual(items.slice(0, 4).map((e) => e.id));
      const page2 = await audit(s, `?limit=4&before=${page1.next_before ?? ''}`);
      expect(page2.items.map((e) => e.id)).toEqual(items.slice(4, 8).map((e) => e.id));
      const page3 = await audit(s, `?limit=4&before=${page2.next_before ?? ''}`);
      expect(page3.items.length).toBe(2);
      expect(page3.next_before).toBeNull();
      for (const q of ['?limit=0', '?limit=501', '?before=abc']) expect((await s.req(`/v1/admin/audit${q}`, { key: s.adminKey })).status).toBe(422);

      const apiText = JSON.stringify(items);
      for (const secret of secrets) expect(apiText).not.toContain(secret);
    }

    // The file has the same events, one JSON object per line, mode 0600, no secrets.
    const text = readFileSync(file, 'utf8');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Entry);
    expect(lines.map((e) => e.action)).toEqual(['login', 'login', 'key.create', 'key.revoke', 'reload', 'policy.change', 'config.change', 'signature.override', 'policy.change', 'logout']);
    for (const secret of secrets) expect(text).not.toContain(secret);

    // Nothing lost on restart: a new server on the same store lists the same events.
    await using again = await startTestServer({ storePath });
    const after = await audit(again);
    expect(after.items.length).toBe(10);
    expect(after.items[0]?.action).toBe('logout');
  });
});
