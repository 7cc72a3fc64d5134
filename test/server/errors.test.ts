/** Every error leaves in the {"detail"} envelope with the right status, and never with a stack. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { IW_MAX_BODY_BYTES: '2048' } });
});
afterAll(() => s.stop());

async function expectError(res: Response, status: number, words: string): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-request-id')).toBeTruthy();
  const body = (await res.json()) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['detail']);
  expect(String(body.detail)).toContain(words);
  expect(String(body.detail)).not.toMatch(/\/work\/|node_modules|at .*\.ts:\d+/);
}

const login = (init: RequestInit) => s.req('/v1/auth/login', { method: 'POST', ...init });

describe('error envelope', () => {
  test('unknown route → 404', async () => expectError(await s.req('/v1/nope'), 404, 'Not found'));
  test('wrong method → 405 with Allow', async () => {
    const res = await s.req('/v1/auth/login');
    expect(res.headers.get('allow')).toBe('POST');
    await expectError(res, 405, 'not allowed');
  });
  test('malformed JSON → 400', async () =>
    expectError(await login({ headers: { 'content-type': 'application/json' }, body: '{"key": ' }), 400, 'not valid JSON'));
  test('invalid UTF-8 → 400', async () =>
    expectError(await login({ headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }), 400, 'UTF-8'));
  test('non-JSON content type → 415', async () =>
    expectError(await login({ headers: { 'content-type': 'text/plain' }, body: '{"key":"x"}' }), 415, 'application/json'));
  test('form post → 415', async () =>
    expectError(await login({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'key=x' }), 415, 'JSON'));
  test('missing field → 422 naming it', async () => expectError(await login({ headers: { 'content-type': 'application/json' }, body: '{}' }), 422, 'body.key'));
  test('wrong type → 422 naming it', async () =>
    expectError(await login({ headers: { 'content-type': 'application/json' }, body: '{"key": 5}' }), 422, 'body.key'));
  test('body over the limit → 413 JSON', async () =>
    expectError(await login({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: 'x'.repeat(4000) }) }), 413, 'IW_MAX_BODY_BYTES'));
  test('chunked body over the limit → 413 JSON', async () => {
    const big = JSON.stringify({ key: 'x'.repeat(3000) });
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    await expectError(await login({ headers: { 'content-type': 'application/json' }, body: stream }), 413, 'too large');
  });
  test('empty body → 422', async () => expectError(await login({ headers: { 'content-type': 'application/json' } }), 422, 'body'));
  test('request id: a valid incoming id is echoed, an invalid one replaced', async () => {
    const a = await s.req('/v1/health/live', { headers: { 'x-request-id': 'abc-123' } });
    expect(a.headers.get('x-request-id')).toBe('abc-123');
    const b = await s.req('/v1/health/live', { headers: { 'x-request-id': '<script>' } });
    expect(b.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
