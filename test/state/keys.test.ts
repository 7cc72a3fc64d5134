/**
 * Managed API keys over HTTP: create (the secret shown once), use, list (never a secret), revoke
 * and expire (immediately, and for login sessions opened with the key), next to the env keys.
 */
import { describe, expect, test } from 'bun:test';
import { generateApiKey, keyId } from '../../src/security/api-keys';
import { manualClock, startTestServer, type TestServer } from '../helpers/server';
import type { Created } from './helpers';


async function createKey(s: TestServer, body: Record<string, unknown>): Promise<Created> {
  const res = await s.req('/v1/admin/keys', { method: 'POST', key: s.adminKey, json: body });
  expect(res.status).toBe(201);
  return (await res.json()) as Created;
}

const cookieOf = (res: Response): string => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describe('managed keys', () => {
  test('create → 201 with the key once; it works for its role next to the env keys', async () => {
    await using s = await startTestServer();
    const created = await createKey(s, { role: 'scan', name: 'ci pipeline', expires_in: '90d' });
    expect(Object.keys(created).sort()).toEqual(['created_at', 'expires_at', 'id', 'key', 'name', 'role']);
    expect(created.key).toMatch(/^iwk_scan_[A-Za-z0-9]{32}$/);
    expect(created.id).toBe(keyId(created.key));
    expect(created).toMatchObject({ role: 'scan', name: 'ci pipeline' });
    expect(Date.parse(created.expires_at ?? '') - Date.parse(created.created_at)).toBe(90 * 86_400_000);
    const scan = await s.req('/v1/scan/input', { method: 'POST', key: created.key, json: { text: 'hello' } });
    expect(scan.status).toBe(200);
    expect((await s.req('/v1/config', { key: created.key })).status).toBe(403);
    // Env keys are unaffected.
    expect((await s.req('/v1/health', { key: s.scanKey })).status).toBe(200);
    const admin = await createKey(s, { role: 'admin', name: 'ops' });
    expect(admin.key).toMatch(/^iwk_admin_/);
    expect(admin.expires_at).toBeNull();
    expect((await s.req('/v1/config', { key: admin.key })).status).toBe(200);
  });

  test('list never shows a secret or hash; shows status and last use', async () => {
    await using s = await startTestServer();
    const a = await createKey(s, { role: 'scan', name: 'first' });
    const b = await createKey(s, { role: 'admin', name: 'second' });
    await s.req('/v1/health', { key: a.key });
    const res = await s.req('/v1/admin/keys', { key: s.adminKey });
    const text = await res.text();
    for (const secret of [a.key, b.key, s.adminKey, s.scanKey]) expect(text).not.toContain(secret);
    expect(text).not.toContain('hash');
    const body = JSON.parse(text) as { items: { id: string; status: string; last_used_at: string | null }[]; env_keys: unknown };
    expect(body.env_keys).toEqual({ scan: 1, admin: 1 });
    expect(body.items.map((k) => k.id).sort()).toEqual([a.id, b.id].sort());
    expect(body.items.find((k) => k.id === a.id)?.last_used_at).not.toBeNull();
    expect(body.items.find((k) => k.id === b.id)?.last_used_at).toBeNull();
    expect(body.items.every((k) => k.status === 'active')).toBe(true);
  });

  test('revoke: the key and the sessions it opened stop at once; revoking again is harmless', async () => {
    await using s = await startTestServer();
    const admin = await createKey(s, { role: 'admin', name: 'to revoke' });
    const login = await s.req('/v1/auth/login', { method: 'POST', json: { key: admin.key } });
    expect(login.status).toBe(200);
    const cookie = cookieOf(login);
    expect((await s.req('/v1/auth/check', { headers: { cookie } })).status).toBe(200);
    const del = await s.req(`/v1/admin/keys/${admin.id}`, { method: 'DELETE', key: s.adminKey });
    expect(del.status).toBe(200);
    const revoked = (await del.json()) as { status: string; revoked_at: string };
    expect(revoked.status).toBe('revoked');
    expect((await s.req('/v1/config', { key: admin.key })).status).toBe(401);
    expect((await s.req('/v1/auth/check', { headers: { cookie } })).status).toBe(401);
    const again = (await (await s.req(`/v1/admin/keys/${admin.id}`, { method: 'DELETE', key: s.adminKey })).json()) as { revoked_at: string };
    expect(again.revoked_at).toBe(revoked.revoked_at);
    expect((await s.req('/v1/auth/login', { method: 'POST', json: { key: admin.key } })).status).toBe(401);
  });

  test('expiry: the key and its sessions end when it expires (clock injected)', async () => {
    const clock = manualClock(Date.now());
    await using s = await startTestServer({ clock });
    const admin = await createKey(s, { role: 'admin', name: 'short', expires_in: '1h' });
    const cookie = cookieOf(await s.req('/v1/auth/login', { method: 'POST', json: { key: admin.key } }));
    expect((await s.req('/v1/auth/check', { headers: { cookie } })).status).toBe(200);
    clock.advance(3_600_000);
    expect((await s.req('/v1/config', { key: admin.key })).status).toBe(401);
    expect((await s.req('/v1/auth/check', { headers: { cookie } })).status).toBe(401);
    const list = (await (await s.req('/v1/admin/keys', { key: s.adminKey })).json()) as { items: { id: string; status: string }[] };
    expect(list.items.find((k) => k.id === admin.id)?.status).toBe('expired');
  });

  test.each([
    [{ role: 'root', name: 'x' }, 'body.role'],
    [{ role: 'scan' }, 'body.name'],
    [{ role: 'scan', name: '' }, 'body.name'],
    [{ role: 'scan', name: '   ' }, 'body.name'],
    [{ role: 'scan', name: 'x', expires_in: '90' }, 'body.expires_in'],
    [{ role: 'scan', name: 'x', expires_in: '5s' }, 'body.expires_in'],
    [{ role: 'scan', name: 'x', expires_in: '99999d' }, 'body.expires_in'],
  ])('bad body %j → 422 naming %s', async (body, field) => {
    await using s = await startTestServer();
    const res = await s.req('/v1/admin/keys', { method: 'POST', key: s.adminKey, json: body });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { detail: string }).detail).toContain(field);
  });

  test('revoke: unknown id → 404, malformed → 422, an env key → 409 explaining how', async () => {
    await using s = await startTestServer();
    const unknown = await s.req(`/v1/admin/keys/${keyId(generateApiKey('scan'))}`, { method: 'DELETE', key: s.adminKey });
    expect(unknown.status).toBe(404);
    expect((await s.req('/v1/admin/keys/not-an-id', { method: 'DELETE', key: s.adminKey })).status).toBe(422);
    const env = await s.req(`/v1/admin/keys/${keyId(s.scanKey)}`, { method: 'DELETE', key: s.adminKey });
    expect(env.status).toBe(409);
    expect(((await env.json()) as { detail: string }).detail).toContain('IW_API_KEY');
    expect((await s.req('/v1/health', { key: s.scanKey })).status).toBe(200);
  });

  test('a wrong key with a managed key id prefix is still refused (digest compared in full)', async () => {
    await using s = await startTestServer();
    const created = await createKey(s, { role: 'scan', name: 'x' });
    const forged = created.key.slice(0, -1) + (created.key.endsWith('a') ? 'b' : 'a');
    expect((await s.req('/v1/health', { key: forged })).status).toBe(401);
    // The same body under the other role's prefix is another key entirely.
    expect((await s.req('/v1/health', { key: created.key.replace('iwk_scan_', 'iwk_admin_') })).status).toBe(401);
  });
});
