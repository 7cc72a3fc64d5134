/**
 * IW_TLS=manual through the compiled binary, with certificates made by openssl in the test: the
 * files are reloaded when they change and on SIGHUP, the new certificate is served without
 * dropping a request of a client under load, a broken pair is refused while the old one keeps
 * serving, and a second instance on the same port still fails loudly.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { copyFileSync, renameSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateApiKey } from '../../src/security/api-keys';
import { cleanEnv, run, serve, tempDir, type ServeProcess } from '../helpers/binary';
import { keepAliveLoad, type LoadTally } from './load';
import { countMsg, freePort, peer, selfSigned, waitForLog } from './pebble';

const dir = tempDir('iw-manual-');
const certFile = join(dir, 'live', 'cert.pem');
const keyFile = join(dir, 'live', 'key.pem');
let env: Record<string, string>;
let server: ServeProcess;
let port: number;
const pairs = ['a', 'b', 'c', 'd'].map((label) => selfSigned(dir, label));

function fingerprintOf(file: string): string {
  const out = Bun.spawnSync(['openssl', 'x509', '-noout', '-fingerprint', '-sha256', '-in', file]).stdout.toString();
  return out.trim().split('=')[1] as string;
}

/** Installs a pair the way certbot and Kubernetes do: write aside, then rename over. */
function install(pair: { cert: string; key: string }, key = pair.key): void {
  copyFileSync(pair.cert, `${certFile}.new`);
  copyFileSync(key, `${keyFile}.new`);
  renameSync(`${keyFile}.new`, keyFile);
  renameSync(`${certFile}.new`, certFile);
}

beforeAll(async () => {
  Bun.spawnSync(['mkdir', '-p', join(dir, 'live')]);
  install(pairs[0] as { cert: string; key: string });
  env = {
    IW_API_KEY: generateApiKey('scan'),
    IW_ADMIN_KEY: generateApiKey('admin'),
    IW_HOST: '127.0.0.1',
    IW_TLS: 'manual',
    IW_TLS_CERT: certFile,
    IW_TLS_KEY: keyFile,
    IW_DATA_DIR: join(dir, 'data'),
    IW_LOG_REQUESTS: 'false',
  };
  // A fixed port, as in production: the bind check and every swap below run on it.
  server = await serve(['--port', String(freePort())], { env: cleanEnv(env) });
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await server?.stop('SIGKILL');
});

/** Keep-alive clients calling the API until stopped. */
function load(workers = 8): () => Promise<LoadTally> {
  const l = keepAliveLoad(server.url, workers);
  return () => l.stop();
}

describe('manual certificates', () => {
  test('serves the files\' certificate with TLS 1.2 minimum', async () => {
    const p = await peer(port, { ca: readFileSync(pairs[0]?.cert as string, 'utf8') });
    expect(p.fingerprint).toBe(fingerprintOf(pairs[0]?.cert as string));
    expect(p.authorized).toBe(true);
    expect(await peer(port, { maxVersion: 'TLSv1.1' }).catch((e: unknown) => e)).toBeInstanceOf(Error);
  });

  test('replaced files are picked up and swapped in while a client under load sees no failure', async () => {
    const stop = load();
    await Bun.sleep(200);
    install(pairs[1] as { cert: string; key: string });
    await waitForLog(server, /"msg":"certificate installed","source":"reloaded \(file change/);
    await Bun.sleep(200);
    const tally = await stop();
    expect((await peer(port)).fingerprint).toBe(fingerprintOf(pairs[1]?.cert as string));
    expect(tally.errors).toEqual([]);
    expect(tally.failed).toBe(0);
    expect(tally.ok).toBeGreaterThan(100);
  });

  test('SIGHUP reloads at once', async () => {
    // Written in place (no rename): the watcher waits out its debounce, SIGHUP does not.
    writeFileSync(certFile, readFileSync(pairs[2]?.cert as string));
    writeFileSync(keyFile, readFileSync(pairs[2]?.key as string));
    server.proc.kill('SIGHUP');
    await waitForLog(server, /"msg":"certificate installed","source":"reloaded \(SIGHUP\)"/);
    expect((await peer(port)).fingerprint).toBe(fingerprintOf(pairs[2]?.cert as string));
    expect(server.proc.exitCode).toBeNull();
  });

  test('a key that does not belong to the certificate is refused; the current certificate stays', async () => {
    install(pairs[3] as { cert: string; key: string }, pairs[0]?.key);
    await waitForLog(server, /"msg":"certificate reload failed; still serving the current certificate".*does not belong/);
    expect((await peer(port)).fingerprint).toBe(fingerprintOf(pairs[2]?.cert as string));
    // Fixing the key completes the change.
    install(pairs[3] as { cert: string; key: string });
    await waitForLog(server, /"msg":"certificate installed"/, { count: 3 });
    expect((await peer(port)).fingerprint).toBe(fingerprintOf(pairs[3]?.cert as string));
    expect(countMsg(server.stderr(), 'certificate installed')).toBe(3);
  });

  test('metrics report the served certificate\'s expiry', async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${env.IW_ADMIN_KEY}` }, tls: { rejectUnauthorized: false } });
    const line = (await res.text()).split('\n').find((l) => l.startsWith('iw_tls_certificate_expiry_seconds{'));
    const seconds = Number(line?.split(' ')[1]);
    const notAfter = Date.parse(/notAfter=(.*)/.exec(Bun.spawnSync(['openssl', 'x509', '-noout', '-enddate', '-in', certFile]).stdout.toString())?.[1] ?? '');
    expect(Math.abs(seconds - (notAfter - Date.now()) / 1000)).toBeLessThan(120);
  });

  test('HSTS and the __Host- Secure cookie under TLS', async () => {
    const live = await fetch(`${server.url}/v1/health/live`, { tls: { rejectUnauthorized: false } });
    expect(live.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const login = await fetch(`${server.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: env.IW_ADMIN_KEY }),
      tls: { rejectUnauthorized: false },
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/^__Host-iw_session=[^;]+;.*Secure/);
  });

  test('a second instance on the same port fails loudly, with TLS or without (swaps do not open the port to others)', async () => {
    const tlsSecond = await run(['serve', '--port', String(port), '--no-env-file'], { env: cleanEnv(env) });
    expect(tlsSecond.code).toBe(1);
    expect(tlsSecond.stderr).toContain('already in use');
    const plainSecond = await run(['serve', '--port', String(port), '--no-env-file'], {
      env: cleanEnv({ ...env, IW_TLS: 'off' }),
    });
    expect(plainSecond.code).toBe(1);
    expect(plainSecond.stderr).toContain('already in use');
    // The first one is untouched.
    expect((await fetch(`${server.url}/v1/health/live`, { tls: { rejectUnauthorized: false } })).status).toBe(200);
  });

  test('bad files stop startup naming the variable', async () => {
    const missing = await run(['serve', '--port', '0', '--no-env-file'], { env: cleanEnv({ ...env, IW_TLS_CERT: join(dir, 'nope.pem') }) });
    expect(missing.code).toBe(78);
    expect(missing.stderr).toContain('IW_TLS_CERT: file not found');
    const mismatch = await run(['serve', '--port', '0', '--no-env-file'], { env: cleanEnv({ ...env, IW_TLS_KEY: pairs[0]?.key as string }) });
    expect(mismatch.code).toBe(78);
    expect(mismatch.stderr).toContain('IW_TLS_KEY');
    expect(mismatch.stderr).toContain('does not belong');
  });
});
