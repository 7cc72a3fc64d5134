import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { generateApiKey } from '../../src/security/api-keys';
import { manualClock, startTestServer, type TestServer } from '../helpers/server';

const cookieOf = (res: Response): string => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

async function login(s: TestServer, key = s.adminKey): Promise<Response> {
  return s.req('/v1/auth/login', { method: 'POST', json: { key } });
}

describe('bearer keys', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.stop());

  test('no credential → 401 Unauthorized with WWW-Authenticate: Bearer', async () => {
    const res = await s.req('/v1/health');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await res.json()).toEqual({ detail: 'Unauthorized' });
  });

  test('scheme is case-insensitive', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const res = await s.req('/v1/health', { headers: { authorization: `${scheme} ${s.scanKey}` } });
      expect(res.status).toBe(200);
    }
  });

  test.each([
    ['empty', ''],
    ['scheme only', 'Bearer'],
    ['two spaces', `Bearer  ${'x'}`],
    ['basic auth', 'Basic dXNlcjpwYXNz'],
    ['very long', `Bearer ${'a'.repeat(8000)}`],
    ['wrong key', `Bearer ${generateApiKey('scan')}`],
  ])('%s → 401', async (_n, value) => {
    const res = await s.req('/v1/health', { headers: { authorization: value, 'x-forwarded-for': '9.9.9.9' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ detail: 'Unauthorized' });
  });

  test('scan key on an admin route → 403 Forbidden; admin key everywhere', async () => {
    const r1 = await s.req('/v1/config', { key: s.scanKey });
    expect(r1.status).toBe(403);
    expect(await r1.json()).toEqual({ detail: 'Forbidden' });
    expect((await s.req('/v1/config', { key: s.adminKey })).status).toBe(200);
    expect((await s.req('/v1/health', { key: s.adminKey })).status).toBe(200);
  });

  test('/v1/config shows no secret', async () => {
    const text = await (await s.req('/v1/config', { key: s.adminKey })).text();
    expect(text).not.toContain(s.adminKey);
    expect(text).not.toContain(s.scanKey);
  });

  test('probes are open and say nothing', async () => {
    expect(await (await s.req('/v1/health/live')).json()).toEqual({ status: 'ok' });
    expect(await (await s.req('/v1/health/ready')).json()).toEqual({ status: 'ready' });
  });
});

describe('cookie sessions', () => {
  test('login with admin key sets a strict httpOnly cookie that works as admin', async () => {
    await using s = await startTestServer();
    const res = await login(s);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^iw_session=[A-Za-z0-9_-]{43}; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
    expect(setCookie).not.toContain(s.adminKey);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ authenticated: true, role: 'admin' });
    const cookie = cookieOf(res);
    expect((await s.req('/v1/config', { headers: { cookie } })).status).toBe(200);
    const check = await s.req('/v1/auth/check', { headers: { cookie } });
    expect(await check.json()).toMatchObject({ authenticated: true, role: 'admin', via: 'session', dev_mode: false });
  });

  test('a scan key cannot log in; a wrong key neither', async () => {
    await using s = await startTestServer();
    for (const key of [s.scanKey, generateApiKey('admin'), '', 'x'.repeat(1024)]) {
      const res = await login(s, key);
      expect([401, 422]).toContain(res.status);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  test('logout destroys the session server-side: a replayed cookie is 401', async () => {
    await using s = await startTestServer();
    const cookie = cookieOf(await login(s));
    const out = await s.req('/v1/auth/logout', { method: 'POST', headers: { cookie, 'content-type': 'application/json' } });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    const replay = await s.req('/v1/auth/check', { headers: { cookie } });
    expect(replay.status).toBe(401);
    expect((await s.req('/v1/config', { headers: { cookie } })).status).toBe(401);
  });

  test('idle expiry → 401 (clock injected, no sleeping)', async () => {
    const clock = manualClock(Date.now());
    await using s = await startTestServer({ clock, env: { IW_SESSION_IDLE_SECS: '60', IW_SESSION_MAX_SECS: '120' } });
    const cookie = cookieOf(await login(s));
    expect((await s.req('/v1/auth/check', { headers: { cookie } })).status).toBe(200);
    clock.advance(61_000);
    expect((await s.req('/v1/auth/check', { headers: { cookie } })).status).toBe(401);
  });

  test('check without a session → 401', async () => {
    await using s = await startTestServer();
    expect((await s.req('/v1/auth/check')).status).toBe(401);
    expect((await s.req('/v1/auth/check', { headers: { cookie: 'iw_session=forged' } })).status).toBe(401);
  });

  test('CSRF: cookie writes from another site fail; bearer writes are unaffected', async () => {
    await using s = await startTestServer();
    const cookie = cookieOf(await login(s));
    const cross = await s.req('/v1/auth/logout', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(cross.status).toBe(403);
    const noJson = await s.req('/v1/auth/logout', { method: 'POST', headers: { cookie } });
    expect(noJson.status).toBe(403);
    expect(((await noJson.json()) as { detail: string }).detail).toContain('application/json');
    // Still logged in: the refused requests changed nothing.
    expect((await s.req('/v1/auth/check', { headers: { cookie } })).status).toBe(200);
    const same = await s.req('/v1/auth/logout', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: s.url, 'sec-fetch-site': 'same-origin' },
    });
    expect(same.status).toBe(200);
    const bearer = await s.req('/v1/auth/logout', {
      method: 'POST',
      key: s.adminKey,
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(bearer.status).toBe(200);
  });
});

describe('brute-force brake', () => {
  test('10 failures a minute → 429 with Retry-After for that address only; valid keys never slowed before', async () => {
    await using s = await startTestServer({ env: { IW_AUTH_FAILURES_PER_MINUTE: '5' } });
    for (let i = 0; i < 20; i++) expect((await s.req('/v1/health', { key: s.scanKey })).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await s.req('/v1/health', { key: generateApiKey('scan') })).status).toBe(401);
    const blocked = await s.req('/v1/health', { key: generateApiKey('scan') });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { detail: string }).detail).toContain('Too many');
    // Logins from the same address are braked too.
    expect((await login(s)).status).toBe(429);
    // Probes stay open.
    expect((await s.req('/v1/health/live')).status).toBe(200);
  });

  test('X-Forwarded-For is ignored unless the peer is a trusted proxy', async () => {
    await using s = await startTestServer({ env: { IW_AUTH_FAILURES_PER_MINUTE: '2' } });
    for (let i = 0; i < 2; i++) await s.req('/v1/health', { key: 'bad', headers: { 'x-forwarded-for': `10.0.0.${i}` } });
    // Spoofed XFF does not give a fresh budget.
    expect((await s.req('/v1/health', { key: 'bad', headers: { 'x-forwarded-for': '10.9.9.9' } })).status).toBe(429);
  });

  test('with a trusted proxy, the forwarded client is the one braked', async () => {
    await using s = await startTestServer({ env: { IW_AUTH_FAILURES_PER_MINUTE: '2', IW_TRUSTED_PROXIES: '127.0.0.1/32, ::1' } });
    for (let i = 0; i < 2; i++) await s.req('/v1/health', { key: 'bad', headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect((await s.req('/v1/health', { key: 'bad', headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(429);
    expect((await s.req('/v1/health', { key: 'bad', headers: { 'x-forwarded-for': '203.0.113.8' } })).status).toBe(401);
  });
});

describe('dev mode', () => {
  test('everything open, check says dev_mode, login refuses', async () => {
    await using s = await startTestServer({ dev: true });
    expect((await s.req('/v1/config')).status).toBe(200);
    expect(await (await s.req('/v1/auth/check')).json()).toMatchObject({ dev_mode: true, role: 'admin' });
    const res = await login(s, generateApiKey('admin'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toContain('dev mode');
  });
});

describe('CORS', () => {
  test('off by default: no allow-origin header, preflight refused', async () => {
    await using s = await startTestServer();
    const res = await s.req('/v1/health', { key: s.scanKey, headers: { origin: 'https://app.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await s.req('/v1/health', { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } });
    expect(pre.status).toBe(403);
  });

  test('allowlisted origin only; never *', async () => {
    await using s = await startTestServer({ env: { IW_CORS_ORIGINS: 'https://app.example' } });
    const ok = await s.req('/v1/health', { key: s.scanKey, headers: { origin: 'https://app.example' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await s.req('/v1/health', { key: s.scanKey, headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await s.req('/v1/health', { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });
});
