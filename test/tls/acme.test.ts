/**
 * IW_TLS=auto end to end: the compiled binary against a real Pebble on loopback obtains a
 * certificate through HTTP-01, serves verified HTTPS, guards plain HTTP, reuses the stored
 * certificate on restart without talking to the CA, and fails early and clearly.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, run, serve, tempDir, type ServeProcess } from '../helpers/binary';
import { autoEnv, countMsg, freePort, peer, startPebble, waitForLog, type Pebble } from './pebble';

let pebble: Pebble;
let dataDir: string;
let env: Record<string, string>;
let server: ServeProcess;
let port: number;

beforeAll(async () => {
  pebble = await startPebble();
  dataDir = join(tempDir(), 'data');
  env = autoEnv(pebble, dataDir);
  server = await serve([], { env: cleanEnv(env) });
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await server?.stop('SIGKILL');
  await pebble?.kill();
});

/** Every file below `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('first start: a certificate through a real HTTP-01 challenge', () => {
  test('progress is logged step by step and exactly one order is placed', () => {
    const log = server.stderr();
    const steps = ['no valid stored certificate', 'acme account', 'acme order', 'acme challenge answered', 'acme challenge', 'acme finalize', 'certificate obtained', 'certificate installed', 'listening'];
    let at = -1;
    for (const step of steps) {
      const next = log.indexOf(`"msg":"${step}`, at + 1);
      expect(next).toBeGreaterThan(at);
      at = next;
    }
    expect(pebble.orders()).toBe(1);
    expect(countMsg(log, 'acme order')).toBe(1);
    expect(server.url).toStartWith('https://127.0.0.1:');
  });

  test('HTTPS verifies against Pebble\'s root for the configured name, TLS 1.2 minimum, no Must-Staple', async () => {
    const root = await pebble.root();
    const p = await peer(port, { ca: root });
    expect(p.authorized).toBe(true);
    // Without the root the same handshake does not verify: the trust really comes from Pebble.
    expect((await peer(port)).authorized).toBe(false);
    expect(await peer(port, { maxVersion: 'TLSv1.1' }).catch((e: unknown) => e)).toBeInstanceOf(Error);
    expect((await peer(port, { ca: root, maxVersion: 'TLSv1.2' })).protocol).toBe('TLSv1.2');

    const stored = files(join(dataDir, 'tls')).find((f) => f.endsWith('localhost.pem')) as string;
    const text = Bun.spawnSync(['openssl', 'x509', '-noout', '-text', '-in', stored]).stdout.toString();
    expect(text).toContain('DNS:localhost');
    // 1.3.6.1.5.5.7.1.24 is the TLS Feature extension that Must-Staple uses.
    expect(text).not.toContain('TLS Feature');
    expect(text).not.toContain('1.3.6.1.5.5.7.1.24');
  });

  test('the API over HTTPS: HSTS on responses, __Host- Secure session cookie', async () => {
    const root = await pebble.root();
    const live = await fetch(`https://localhost:${port}/v1/health/live`, { tls: { ca: root } });
    expect(live.status).toBe(200);
    expect(live.headers.get('strict-transport-security')).toContain('max-age=');
    const login = await fetch(`https://localhost:${port}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `https://localhost:${port}`, 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ key: env.IW_ADMIN_KEY }),
      tls: { ca: root },
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toStartWith('__Host-iw_session=');
    expect(cookie).toContain('Secure');
  });

  test('storage: account key and certificate 0600 in 0700 folders; no key in the log', () => {
    const tlsDir = join(dataDir, 'tls');
    expect(statSync(tlsDir).mode & 0o777).toBe(0o700);
    const all = files(tlsDir);
    expect(all.some((f) => f.endsWith('.key'))).toBe(true);
    expect(all.some((f) => f.endsWith('localhost.pem'))).toBe(true);
    for (const f of all) {
      expect(statSync(f).mode & 0o777).toBe(0o600);
      const key = /-----BEGIN [A-Z ]*PRIVATE KEY-----\n([A-Za-z0-9+/=]{20})/.exec(readFileSync(f, 'utf8'))?.[1];
      expect(key).toBeDefined();
      expect(server.stderr()).not.toContain(key as string);
    }
    expect(all.some((f) => f.endsWith('.tmp'))).toBe(false);
  });
});

describe('plain HTTP on IW_HTTP_PORT', () => {
  const http = (path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${pebble.httpPort}${path}`, { redirect: 'manual', ...init });

  test('a browser GET is redirected to HTTPS on the configured name', async () => {
    const r = await http('/v1/docs?x=1', { headers: { accept: 'text/html,application/xhtml+xml', host: `localhost:${pebble.httpPort}` } });
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe(`https://localhost:${port}/v1/docs?x=1`);
  });

  test('API requests get a JSON 403 saying to use HTTPS; the API is never served in clear', async () => {
    const get = await http('/v1/health/live');
    expect(get.status).toBe(403);
    expect(get.headers.get('content-type')).toContain('application/json');
    expect(((await get.json()) as { detail: string }).detail).toContain(`use https://localhost:${port}/v1/health/live`);
    const post = await http('/v1/scan/input', {
      method: 'POST',
      headers: { authorization: `Bearer ${env.IW_API_KEY}`, 'content-type': 'application/json' },
      body: '{"text":"hi"}',
    });
    expect(post.status).toBe(403);
    const detail = ((await post.json()) as { detail: string }).detail;
    expect(detail).toContain('HTTPS only');
    expect(detail).toContain('rotate');
  });

  test('an unknown challenge token is a plain 404', async () => {
    const r = await http('/.well-known/acme-challenge/nope');
    expect(r.status).toBe(404);
  });
});

describe('restart and unknown names', () => {
  test('a handshake for an unknown name gets the configured certificate and never triggers an order', async () => {
    const before = pebble.requests();
    const known = await peer(port);
    const unknown = await peer(port, { servername: 'unknown.example' });
    expect(unknown.fingerprint).toBe(known.fingerprint);
    await Bun.sleep(300);
    expect(pebble.requests()).toBe(before);
  });

  test('a restart uses the stored certificate at once: zero requests to the CA', async () => {
    const fingerprint = (await peer(port)).fingerprint;
    expect(await server.stop()).toBe(0);
    const requests = pebble.requests();
    server = await serve([], { env: cleanEnv(env) });
    port = Number(new URL(server.url).port);
    expect(server.stderr()).toContain('"msg":"using stored certificate"');
    expect((await peer(port)).fingerprint).toBe(fingerprint);
    expect(pebble.requests()).toBe(requests);
    expect(pebble.orders()).toBe(1);
  });

  test('SIGHUP looks at storage and the renewal time now; nothing is due, so the CA hears nothing', async () => {
    const requests = pebble.requests();
    server.proc.kill('SIGHUP');
    await waitForLog(server, /"msg":"SIGHUP: reloading certificates"/);
    await Bun.sleep(300);
    expect(server.proc.exitCode).toBeNull();
    expect(pebble.requests()).toBe(requests);
    expect((await fetch(`${server.url}/v1/health/live`, { tls: { rejectUnauthorized: false } })).status).toBe(200);
  });
});

describe('clear, early errors', () => {
  test.each([
    [{ IW_TLS_DOMAINS: '' }, 'IW_TLS_DOMAINS'],
    [{ IW_ACME_EMAIL: '' }, 'IW_ACME_EMAIL'],
    [{ IW_TLS_DOMAINS: '*.example.com' }, 'IW_TLS_DOMAINS'],
    [{ IW_ACME_DIRECTORY: 'http://127.0.0.1:1/dir' }, 'IW_ACME_DIRECTORY'],
    [{ IW_ACME_CA_FILE: '/nonexistent/ca.pem' }, 'IW_ACME_CA_FILE'],
  ])('%j → exit 78 naming %s', async (extra, variable) => {
    const r = await run(['serve', '--port', '0', '--no-env-file'], { env: cleanEnv({ ...autoEnv(pebble, join(tempDir(), 'data')), ...extra }) });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain(`configuration error: ${variable}`);
  });

  test('an unreachable directory stops startup naming IW_ACME_DIRECTORY', async () => {
    const dead = `https://127.0.0.1:${freePort()}/dir`;
    const started = Date.now();
    const r = await run(['serve', '--port', '0', '--no-env-file'], {
      env: cleanEnv(autoEnv(pebble, join(tempDir(), 'data'), { IW_ACME_DIRECTORY: dead, IW_HTTP_PORT: String(freePort()) })),
    });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('IW_ACME_DIRECTORY');
    expect(r.stderr).toContain('ECONNREFUSED');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('a CA whose certificate is not trusted says to set IW_ACME_CA_FILE', async () => {
    const e = autoEnv(pebble, join(tempDir(), 'data'), { IW_HTTP_PORT: String(freePort()) });
    delete e.IW_ACME_CA_FILE;
    const r = await run(['serve', '--port', '0', '--no-env-file'], { env: cleanEnv(e) });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('IW_ACME_CA_FILE');
  });

  test('ports that cannot be bound fail before any order, naming the variable', async () => {
    const requests = pebble.requests();
    const blocker = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('taken') });
    try {
      const http = await run(['serve', '--port', '0', '--no-env-file'], {
        env: cleanEnv(autoEnv(pebble, join(tempDir(), 'data'), { IW_HTTP_PORT: String(blocker.port) })),
      });
      expect(http.code).toBe(1);
      expect(http.stderr).toContain('IW_HTTP_PORT');
      expect(http.stderr).toContain('already in use');
      const https = await run(['serve', '--port', String(blocker.port), '--no-env-file'], { env: cleanEnv(autoEnv(pebble, join(tempDir(), 'data'))) });
      expect(https.code).toBe(1);
      expect(https.stderr).toContain('already in use');
      expect(https.stderr).toContain('IW_PORT');
    } finally {
      await blocker.stop(true);
    }
    expect(pebble.requests()).toBe(requests);
  });
});
