/** The plain-HTTP handler: challenge answers (local and shared), redirects, refusals; bind errors. */
import { describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { bindError, ListenError } from '../../src/server/listen';
import { silentLogger } from '../../src/server/log';
import { SqliteStore } from '../../src/store/sqlite';
import { plainHttpHandler, SharedChallenges } from '../../src/tls/challenge';
import { tempDir } from '../helpers/binary';

const file = join(tempDir(), 'state.db');
// Two instances on one store: the one that ordered, and the one the CA's request lands on.
const orderer = new SharedChallenges(new SqliteStore(file));
const other = new SharedChallenges(new SqliteStore(file));
const handler = (challenges: SharedChallenges, httpsPort = 443) =>
  plainHttpHandler({ challenges, domains: ['api.example.com', 'www.example.com'], httpsPort: () => httpsPort, log: silentLogger });
const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  new Request(`http://api.example.com${path}`, { method, headers: { host: 'api.example.com', ...headers } });

describe('HTTP-01 answers', () => {
  test('the token is answered by the instance that presented it and by any other on the same store', async () => {
    await orderer.present('tok_EN-1', 'tok_EN-1.thumbprint');
    for (const c of [orderer, other]) {
      const r = await handler(c)(get('/.well-known/acme-challenge/tok_EN-1'));
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toStartWith('text/plain');
      expect(await r.text()).toBe('tok_EN-1.thumbprint');
    }
    await orderer.cleanUp('tok_EN-1');
    expect((await handler(other)(get('/.well-known/acme-challenge/tok_EN-1'))).status).toBe(404);
    expect((await handler(orderer)(get('/.well-known/acme-challenge/tok_EN-1'))).status).toBe(404);
  });

  test('unknown, malformed or POSTed tokens are 404 and never looked up as something else', async () => {
    await orderer.present('known', 'known.ka');
    expect((await handler(other)(get('/.well-known/acme-challenge/unknown'))).status).toBe(404);
    expect((await handler(other)(get('/.well-known/acme-challenge/a%2Fb'))).status).toBe(404);
    expect((await handler(other)(get('/.well-known/acme-challenge/known', {}, 'POST'))).status).toBe(404);
    await orderer.cleanUp('known');
  });
});

describe('everything else on plain HTTP', () => {
  test('a browser navigation is redirected (301) to HTTPS on the requested configured name', async () => {
    const r = await handler(other)(get('/v1/docs?tab=scan', { accept: 'text/html' }));
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe('https://api.example.com/v1/docs?tab=scan');
    const nav = await handler(other, 8443)(get('/', { 'sec-fetch-mode': 'navigate' }));
    expect(nav.headers.get('location')).toBe('https://api.example.com:8443/');
  });

  test('a Host that is not configured redirects to the first configured name (no open redirect)', async () => {
    const r = await handler(other)(new Request('http://evil.example/x', { headers: { accept: 'text/html' } }));
    expect(r.headers.get('location')).toBe('https://api.example.com/x');
  });

  test('API requests get 403 JSON naming the HTTPS URL; with a credential, a rotation warning', async () => {
    const api = await handler(other)(get('/v1/health'));
    expect(api.status).toBe(403);
    expect(api.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await api.json()) as { detail: string };
    expect(body.detail).toBe('This API is served over HTTPS only: use https://api.example.com/v1/health.');
    const withKey = await handler(other)(get('/v1/scan/input', { authorization: 'Bearer iwk_scan_x', accept: 'text/html' }, 'POST'));
    expect(withKey.status).toBe(403);
    expect(((await withKey.json()) as { detail: string }).detail).toContain('treat that key as exposed and rotate it');
    // A GET that carries a key is an API call too, even from something that accepts HTML.
    expect((await handler(other)(get('/v1/health', { authorization: 'Bearer x', accept: 'text/html' }))).status).toBe(403);
  });
});

describe('bind errors name the variable and say how to fix it', () => {
  test('EACCES on port 80 → setcap hint naming IW_HTTP_PORT', () => {
    const err = bindError(Object.assign(new Error('denied'), { code: 'EACCES' }), '0.0.0.0', 80, 'IW_HTTP_PORT');
    expect(err).toBeInstanceOf(ListenError);
    expect(err.message).toStartWith('IW_HTTP_PORT: no permission to bind port 80');
    expect(err.message).toContain('sudo setcap cap_net_bind_service=+ep ./inferwall');
  });

  test('EADDRINUSE on 443 → names IW_PORT', () => {
    const err = bindError(Object.assign(new Error('busy'), { code: 'EADDRINUSE' }), '0.0.0.0', 443, 'IW_PORT');
    expect(err.message).toBe('IW_PORT: port 443 on 0.0.0.0 is already in use (another inferwall?); choose another with --port or IW_PORT');
  });
});
