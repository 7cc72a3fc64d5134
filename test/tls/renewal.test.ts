/**
 * Renewal through the compiled binary against Pebble issuing short-lived certificates (7 s, so a
 * third of the lifetime is reached within seconds): the renewed certificate is swapped into the
 * live listener while a client keeps calling, and a CA outage is survived (the current certificate
 * keeps being served, retries are logged with their time, and the next one after the CA is back
 * succeeds). IW_TLS_TEST_SPEEDUP=60 turns the 1-minute first retry into 1 second.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { cleanEnv, serve, tempDir, type ServeProcess } from '../helpers/binary';
import { autoEnv, countMsg, peer, startPebble, waitForLog, type Pebble } from './pebble';
import { keepAliveLoad } from './load';

let pebble: Pebble;
let server: ServeProcess;

beforeAll(async () => {
  pebble = await startPebble({ validitySecs: 7 });
});

afterAll(async () => {
  await server?.stop('SIGKILL');
  await pebble?.kill();
});

/** Keep-alive clients calling the API until stopped; counts answers and failures. */
const load = (url: string, workers = 4) => keepAliveLoad(url, workers);

test('renews at a third of the lifetime, swaps the live listener under load, and survives the CA being down', async () => {
  const env = autoEnv(pebble, join(tempDir(), 'data'), { IW_TLS_TEST_SPEEDUP: '60' });
  server = await serve([], { env: cleanEnv(env) });
  const port = Number(new URL(server.url).port);
  const first = await peer(port, { ca: await pebble.root() });
  expect(first.authorized).toBe(true);
  expect(server.stderr()).toContain('IW_TLS_TEST_SPEEDUP is set');

  // 1. Renewal swapped into the running listener while clients keep calling.
  const traffic = load(server.url);
  await waitForLog(server, /"msg":"certificate installed","source":"renewed"/, { timeoutMs: 15_000 });
  const second = await peer(port, { ca: await pebble.root() });
  const tally = await traffic.stop();
  expect(second.fingerprint).not.toBe(first.fingerprint);
  expect(second.authorized).toBe(true);
  expect(tally.failed).toBe(0);
  expect(tally.ok).toBeGreaterThan(50);
  expect(countMsg(server.stderr(), 'certificate due for renewal')).toBeGreaterThanOrEqual(1);
  const ordersBefore = pebble.orders();

  // 2. The CA goes away: renewal fails, is retried at growing intervals, the listener keeps serving.
  await pebble.kill();
  const failed = await waitForLog(server, /"msg":"certificate renewal failed; still serving the current certificate"/, { timeoutMs: 15_000, count: 2 });
  const failures = failed.split('\n').filter((l) => l.includes('certificate renewal failed'));
  const first2 = JSON.parse(failures[0] as string) as { error: string; next_try_at: string; next_try_in_secs: number; attempt: number };
  const second2 = JSON.parse(failures[1] as string) as { next_try_in_secs: number; attempt: number };
  expect(first2.error).toContain('ECONNREFUSED');
  expect(Date.parse(first2.next_try_at)).toBeGreaterThan(0);
  // 1 min and 2 min at speedup 60, each ±10 %.
  expect(first2.next_try_in_secs).toBeGreaterThanOrEqual(0.9);
  expect(first2.next_try_in_secs).toBeLessThanOrEqual(1.1);
  expect(second2.next_try_in_secs).toBeGreaterThanOrEqual(1.8);
  expect(second2.attempt).toBe(2);
  const during = await peer(port);
  expect(during.fingerprint).toBe(second.fingerprint);
  expect((await fetch(`${server.url}/v1/health/live`, { tls: { rejectUnauthorized: false } })).status).toBe(200);

  // 3. The CA is back (a new Pebble: new root, no memory of our account): the next retry succeeds.
  await pebble.restart();
  await waitForLog(server, /"msg":"certificate installed","source":"renewed"/, { timeoutMs: 15_000, count: 2 });
  const third = await peer(port, { ca: await pebble.root() });
  expect(third.authorized).toBe(true);
  expect(third.fingerprint).not.toBe(second.fingerprint);
  expect(pebble.orders()).toBeGreaterThan(ordersBefore);
  expect(server.proc.exitCode).toBeNull();
}, 60_000);
