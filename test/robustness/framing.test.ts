/**
 * HTTP framing and path tricks, pinned: what Bun does today for malformed requests, so that an
 * upgrade that regresses fails here, and that odd paths never reach a guarded handler.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { rawRequest, statusOf } from '../helpers/raw-http';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
let port = 0;
beforeAll(async () => {
  s = await startTestServer({ env: { IW_AUTH_FAILURES_PER_MINUTE: '100000' } });
  port = Number(new URL(s.url).port);
});
afterAll(() => s.stop());

const close = 'Connection: close\r\n';

describe('framing (Bun 1.4.4 behaviour)', () => {
  test.each([
    ['oversized header', `GET /v1/health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n${close}\r\n`, 431],
    ['300 headers', `GET /v1/health/live HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 300 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\n${close}\r\n`, 431],
    ['Content-Length with Transfer-Encoding', `POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n${close}\r\n0\r\n\r\n`, 400],
    ['duplicate Content-Length', `POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n${close}\r\n{}`, 400],
    ['TE: gzip, chunked', `POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n${close}\r\n0\r\n\r\n`, 400],
    ['obsolete line folding', `GET /v1/health/live HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  folded\r\n${close}\r\n`, 400],
    ['missing Host', `GET /v1/health/live HTTP/1.1\r\n${close}\r\n`, 400],
    ['unknown HTTP version', `GET /v1/health/live HTTP/9.9\r\nHost: x\r\n\r\n`, 505],
  ])('%s → %d', async (_name, request, status) => {
    expect(statusOf(await rawRequest(port, request))).toBe(status);
  });

  test('a well-formed request still works on the same server', async () => {
    expect(statusOf(await rawRequest(port, `GET /v1/health/live HTTP/1.1\r\nHost: x\r\n${close}\r\n`))).toBe(200);
  });
});

describe('path tricks never reach a guarded handler', () => {
  test.each([
    ['POST', '//v1/admin/reload'],
    ['POST', '/v1/admin/../admin/reload'],
    ['POST', '/v1/admin/./reload'],
    ['POST', '/V1/ADMIN/RELOAD'],
    ['POST', '/v1/admin/reload/'],
    ['POST', '/v1/admin/%72eload'],
    ['POST', '/v1/admin/reload%00'],
    ['GET', '/v1/config;.json'],
    ['GET', '/v1/signatures/..%2f..%2fconfig'],
  ])('%s %s (scan key) → 404 JSON, never 2xx', async (method, path) => {
    const res = await rawRequest(port, `${method} ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.scanKey}\r\nContent-Length: 0\r\n${close}\r\n`);
    const status = statusOf(res);
    expect(status === 404 || status === 400 || status === 401 || status === 403).toBe(true);
    if (status === 404) expect(res).toContain('{"detail":"');
  });

  test('HEAD and OPTIONS on every route: no 5xx, no body leak past the guard', async () => {
    for (const r of s.routes) {
      for (const method of ['HEAD', 'OPTIONS']) {
        const res = await s.req(r.path.replace(/:(\w+)/g, 'x'), { method });
        expect(res.status).toBeLessThan(500);
        if (method === 'HEAD' && r.method === 'GET' && !r.path.includes('health/live') && !r.path.includes('ready') && !r.path.includes('openapi') && r.path !== '/docs') {
          expect([401, 404, 405]).toContain(res.status);
        }
      }
    }
  });
});
