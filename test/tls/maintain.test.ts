/** Renewal timing, the retry schedule, the CA rate limiter and the maintenance loop's failure path. */
import { describe, expect, test } from 'bun:test';
import { createLogger } from '../../src/server/log';
import { SqliteStore } from '../../src/store/sqlite';
import type { TlsCertificate } from '../../src/tls/certificate';
import { RateLimitedError, type Issuer } from '../../src/tls/issuer';
import {
  CHECK_INTERVAL_MS,
  CertificateManager,
  needsRenewal,
  RETRY_SCHEDULE_MS,
  renewalTime,
  retryDelayMs,
  SlidingWindowLimiter,
} from '../../src/tls/maintain';
import { FileCertStorage } from '../../src/tls/storage';
import { tempDir } from '../helpers/binary';
import { selfSigned } from './pebble';

const d = (iso: string) => new Date(iso);
const DAY = 24 * 3600 * 1000;

describe('needsRenewal (a third of the lifetime left)', () => {
  // A 90-day certificate: renew from day 60 on.
  const nb = d('2026-01-01T00:00:00Z');
  const na = d('2026-04-01T00:00:00Z');
  test.each([
    ['at issuance', '2026-01-01T00:00:00Z', false],
    ['half way', '2026-02-15T12:00:00Z', false],
    ['one ms before two thirds', new Date(nb.getTime() + 60 * DAY - 1).toISOString(), false],
    ['exactly two thirds', new Date(nb.getTime() + 60 * DAY).toISOString(), true],
    ['a week before expiry', '2026-03-25T00:00:00Z', true],
    ['expired', '2026-05-01T00:00:00Z', true],
    ['before notBefore', '2025-12-31T00:00:00Z', false],
  ])('90-day certificate, %s (%s) → %p', (_label, now, expected) => {
    expect(needsRenewal(nb, na, d(now))).toBe(expected);
  });

  test('5-year certificate (Debian Pebble): renew with 20 months left, not 21', () => {
    const start = d('2026-01-01T00:00:00Z');
    const end = d('2031-01-01T00:00:00Z');
    expect(needsRenewal(start, end, d('2029-04-01T00:00:00Z'))).toBe(false);
    expect(needsRenewal(start, end, d('2029-05-15T00:00:00Z'))).toBe(true);
  });

  test('6-day certificate (short-lived): renew with 2 days left', () => {
    const start = d('2026-01-01T00:00:00Z');
    const end = d('2026-01-07T00:00:00Z');
    expect(needsRenewal(start, end, d('2026-01-04T23:59:59Z'))).toBe(false);
    expect(needsRenewal(start, end, d('2026-01-05T00:00:00Z'))).toBe(true);
    expect(renewalTime(start, end)).toBe(d('2026-01-05T00:00:00Z').getTime());
  });
});

describe('retry schedule', () => {
  test('1, 2, 2, 5 minutes … up to 6 hours, which then repeats', () => {
    const minutes = RETRY_SCHEDULE_MS.map((ms) => ms / 60_000);
    expect(minutes.slice(0, 5)).toEqual([1, 2, 2, 5, 10]);
    expect(Math.max(...minutes)).toBe(360);
    expect(minutes.at(-1)).toBe(360);
    for (let i = 1; i < minutes.length; i++) expect(minutes[i] as number).toBeGreaterThanOrEqual(minutes[i - 1] as number);
    expect(CHECK_INTERVAL_MS).toBe(10 * 60_000);
  });

  test('retryDelayMs follows the schedule with ±10 % jitter', () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(2, () => 0.5)).toBe(120_000);
    expect(retryDelayMs(4, () => 0.5)).toBe(300_000);
    expect(retryDelayMs(1, () => 0)).toBe(54_000);
    expect(retryDelayMs(1, () => 0.999999)).toBeLessThanOrEqual(66_000);
    expect(retryDelayMs(1000, () => 0.5)).toBe(6 * 3600_000);
    expect(retryDelayMs(0, () => 0.5)).toBe(60_000);
    const spread = new Set(Array.from({ length: 50 }, () => retryDelayMs(3)));
    expect(spread.size).toBeGreaterThan(10);
    for (const v of spread) {
      expect(v).toBeGreaterThanOrEqual(108_000);
      expect(v).toBeLessThanOrEqual(132_000);
    }
  });
});

describe('SlidingWindowLimiter', () => {
  test('the 4th event within 10 s waits until the first leaves the window', async () => {
    let now = 1_000_000;
    const slept: number[] = [];
    const limiter = new SlidingWindowLimiter(3, 10_000, () => now, async (ms) => {
      slept.push(ms);
      now += ms;
    });
    await limiter.take();
    now += 1000;
    await limiter.take();
    await limiter.take();
    expect(slept).toEqual([]);
    await limiter.take();
    expect(slept).toEqual([9000]);
    expect(now).toBe(1_010_000);
  });
});

describe('CertificateManager', () => {
  function captureLog() {
    const lines: Record<string, unknown>[] = [];
    return { lines, log: createLogger('debug', (l) => void lines.push(JSON.parse(l) as Record<string, unknown>)) };
  }

  test('a 429 at renewal keeps the current certificate and waits at least what the CA asked', async () => {
    const dir = tempDir();
    // A 1-day certificate; the clock below puts us 23 h into it, so it is due but still valid.
    const files = selfSigned(dir, 'due', ['localhost'], 1);
    const pair: TlsCertificate = { cert: await Bun.file(files.cert).text(), key: await Bun.file(files.key).text() };
    const storage = new FileCertStorage(dir);
    await storage.saveCertificate('test-ca', 'localhost', pair);
    const calls: string[] = [];
    const issuer: Issuer = {
      id: 'test-ca',
      directoryUrl: 'https://ca.invalid/dir',
      issue: async () => {
        calls.push('issue');
        throw new RateLimitedError('rate limited by the CA: too many certificates', 7200_000);
      },
    };
    const { lines, log } = captureLog();
    const store = new SqliteStore(':memory:');
    const clock = () => Date.now() + 23 * 3600_000;
    const manager = new CertificateManager({
      domains: ['localhost'],
      issuer,
      storage,
      store,
      solver: { present: async () => {}, cleanUp: async () => {} },
      log,
      clock,
    });
    const first = await manager.startup();
    expect(first.pair.cert).toBe(pair.cert);
    const installs: TlsCertificate[] = [];
    manager.start(async (p) => void installs.push(p));
    for (let i = 0; i < 100 && !lines.some((l) => l.msg === 'certificate renewal failed; still serving the current certificate'); i++) await Bun.sleep(10);
    manager.stop();
    const failure = lines.find((l) => l.msg === 'certificate renewal failed; still serving the current certificate');
    expect(failure).toBeDefined();
    expect(failure?.kind).toBe('RateLimitedError');
    expect(failure?.next_try_in_secs).toBe(7200);
    expect(calls).toEqual(['issue']);
    expect(installs).toEqual([]);
    expect(manager.certificate?.pair.cert).toBe(pair.cert);
    await store.close();
  });
});
