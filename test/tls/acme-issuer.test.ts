/**
 * The ACME issuer's edges that Pebble does not produce: a 429 from the CA and a CA that is not
 * there both fail at once with a typed error (acme-client alone would sleep for Retry-After or
 * throw a TypeError), and acme-client is loaded only when an issuer is used.
 */
import { describe, expect, test } from 'bun:test';
import { resolve } from 'node:path';
import { silentLogger } from '../../src/server/log';
import { AcmeIssuer, issuerId, parseRetryAfter } from '../../src/tls/acme-issuer';
import { CaUnreachableError, RateLimitedError } from '../../src/tls/issuer';
import { SlidingWindowLimiter } from '../../src/tls/maintain';
import { FileCertStorage } from '../../src/tls/storage';
import { tempDir } from '../helpers/binary';
import { freePort } from './pebble';

const issuer = (directoryUrl: string) =>
  new AcmeIssuer({
    directoryUrl,
    email: 'ops@example.com',
    accounts: new FileCertStorage(tempDir()),
    limiter: new SlidingWindowLimiter(100, 10_000),
    log: silentLogger,
  });
const request = { names: ['api.example.com'], solver: { present: async () => {}, cleanUp: async () => {} }, progress: () => {} };

describe('AcmeIssuer failures', () => {
  test('a 429 becomes RateLimitedError with the Retry-After the CA sent, without waiting it out', async () => {
    let hits = 0;
    const ca = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch: () => {
        hits++;
        return Response.json(
          { type: 'urn:ietf:params:acme:error:rateLimited', detail: 'too many new orders recently' },
          { status: 429, headers: { 'retry-after': '3600', 'content-type': 'application/problem+json' } },
        );
      },
    });
    try {
      const started = Date.now();
      const err = await issuer(`http://127.0.0.1:${ca.port}/dir`).issue(request).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitedError);
      expect((err as RateLimitedError).retryAfterMs).toBe(3_600_000);
      expect((err as Error).message).toContain('too many new orders recently');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(hits).toBe(1);
    } finally {
      await ca.stop(true);
    }
  });

  test('a CA that is not there is CaUnreachableError naming the URL, at once', async () => {
    const url = `https://127.0.0.1:${freePort()}/dir`;
    const started = Date.now();
    const err = await issuer(url).issue(request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaUnreachableError);
    expect((err as Error).message).toBe(`cannot reach ${url}: ECONNREFUSED`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('parseRetryAfter: seconds, HTTP date, or 60 s when absent', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 01:00:00 GMT', now)).toBe(3_600_000);
    expect(parseRetryAfter(undefined, now)).toBe(60_000);
    expect(parseRetryAfter('soon', now)).toBe(60_000);
  });

  test('issuerId separates CAs and environments', () => {
    expect(issuerId('https://acme-v02.api.letsencrypt.org/directory')).toBe('acme-v02.api.letsencrypt.org-directory');
    expect(issuerId('https://acme-staging-v02.api.letsencrypt.org/directory')).toBe('acme-staging-v02.api.letsencrypt.org-directory');
    expect(issuerId('https://127.0.0.1:14000/dir')).toBe('127.0.0.1-14000-dir');
  });
});

test('TLS off or manual never loads acme-client: importing src/tls does not evaluate it', () => {
  const script = `
    await import(${JSON.stringify(resolve(import.meta.dir, '../../src/tls/index.ts'))});
    const loaded = Object.keys(require.cache).filter((k) => k.includes('acme-client')).length;
    console.log(loaded);`;
  const r = Bun.spawnSync([process.execPath, '-e', script], { cwd: resolve(import.meta.dir, '../..'), stdout: 'pipe', stderr: 'pipe' });
  expect(r.stderr.toString()).toBe('');
  expect(r.stdout.toString().trim()).toBe('0');
});
