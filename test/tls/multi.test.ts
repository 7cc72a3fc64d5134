/**
 * Two compiled binaries sharing one state store (the SQLite file under a shared IW_DATA_DIR, with
 * IW_TLS_STORAGE=store, the layout Redis-sharing instances use): a crashed holder's lock blocks
 * them only for its lease, then exactly one orders while the other waits; the CA's validation
 * request, sent through a load balancer to the instance that did not order, is answered from the
 * shared store; both serve the same certificate; at renewal time again only one orders.
 */
import { afterAll, expect, test } from 'bun:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { issuerId } from '../../src/tls/acme-issuer';
import { lockKey } from '../../src/tls/lock';
import { SqliteStore } from '../../src/store/sqlite';
import { cleanEnv, serve, tempDir, type ServeProcess } from '../helpers/binary';
import { autoEnv, countMsg, freePort, peer, startPebble, waitForLog, type Pebble } from './pebble';

let pebble: Pebble | undefined;
const running: ServeProcess[] = [];
let store: SqliteStore | undefined;
let balancer: ReturnType<typeof Bun.serve> | undefined;

afterAll(async () => {
  for (const s of running) await s.stop('SIGKILL');
  await balancer?.stop(true);
  await store?.close();
  await pebble?.kill();
});

test('one order among instances, challenge answered by the other instance, a crashed lock holder blocks only for its lease', async () => {
  pebble = await startPebble({ validitySecs: 7 });
  const dataDir = join(tempDir(), 'data');
  store = new SqliteStore(join(dataDir, 'state.db'));
  const key = lockKey(issuerId(pebble.directoryUrl), 'localhost');
  // A holder that crashed mid-order: its 3 s lease is never refreshed or released.
  const leaseMs = 3000;
  expect(await store.setIfAbsent(key, JSON.stringify({ id: 'crashed', pid: 999_999, host: 'gone' }), leaseMs)).toBe(true);
  const crashedAt = Date.now();

  // Each instance answers plain HTTP on its own port; Pebble validates through a load balancer
  // that sends the request to the instance that does NOT hold the issuance lock.
  const httpPorts = [freePort(), freePort()] as const;
  const pidToPort = new Map<number, number>();
  const routed: { port: number; holder: number }[] = [];
  const lockStore = store;
  balancer = Bun.serve({
    hostname: '127.0.0.1',
    port: pebble.httpPort,
    async fetch(request) {
      const holder = (JSON.parse((await lockStore.get(key)) ?? '{"pid":0}') as { pid: number }).pid;
      const other = [...pidToPort.entries()].find(([pid]) => pid !== holder);
      const port = other?.[1] ?? httpPorts[0];
      routed.push({ port, holder });
      const url = new URL(request.url);
      const r = await fetch(`http://127.0.0.1:${port}${url.pathname}`, { headers: { host: request.headers.get('host') ?? 'localhost' } });
      return new Response(await r.text(), { status: r.status });
    },
  });

  const start = (httpPort: number) =>
    serve([], {
      env: cleanEnv(autoEnv(pebble as Pebble, dataDir, { IW_HTTP_PORT: String(httpPort), IW_TLS_STORAGE: 'store', IW_TLS_TEST_SPEEDUP: '10' })),
      onSpawn: (proc) => pidToPort.set(proc.pid, httpPort),
    });
  const [a, b] = await Promise.all([start(httpPorts[0]), start(httpPorts[1])]);
  running.push(a, b);

  // Both waited for the crashed holder's lease, then exactly one ordered.
  expect(Date.now() - crashedAt).toBeGreaterThanOrEqual(leaseMs - 200);
  for (const s of [a, b]) {
    expect(s.stderr()).toContain('"msg":"another instance holds the issuance lock; waiting for its certificate","holder_pid":999999');
  }
  expect(pebble.orders()).toBe(1);
  const [orderer, other] = countMsg(a.stderr(), 'acme order') === 1 ? [a, b] : [b, a];
  expect(countMsg(orderer.stderr(), 'acme order')).toBe(1);
  expect(countMsg(other.stderr(), 'acme order')).toBe(0);
  expect(other.stderr()).toContain('"msg":"certificate picked up from storage"');
  // The validation went to the instance that did not order, which answered from the shared store.
  expect(routed.length).toBeGreaterThan(0);
  expect(routed.every((r) => r.holder === orderer.proc.pid && r.port === pidToPort.get(other.proc.pid))).toBe(true);
  expect(other.stderr()).toContain('"msg":"acme challenge answered","token_prefix"');
  expect(other.stderr()).toContain('"source":"shared store"');

  // Same certificate on both, verified; kept in the store, not in files.
  const root = await pebble.root();
  const [pa, pb] = await Promise.all([a, b].map((s) => peer(Number(new URL(s.url).port), { ca: root })));
  expect(pa?.authorized).toBe(true);
  expect(pa?.fingerprint).toBe(pb?.fingerprint as string);
  expect(existsSync(join(dataDir, 'tls'))).toBe(false);

  // Renewal (a third of 7 s): both are due at once; still one order, both swap to the same new one.
  const orders = pebble.orders();
  // The waiting instance installs it as "renewed" when it waited on the lock, or picks it up at
  // its next check if its timer fired after the order was done.
  await Promise.all([a, b].map((s) => waitForLog(s, /"msg":"certificate installed","source":"(renewed|picked up from storage)"/, { timeoutMs: 15_000 })));
  expect(pebble.orders()).toBe(orders + 1);
  const [ra, rb] = await Promise.all([a, b].map((s) => peer(Number(new URL(s.url).port), { ca: root })));
  expect(ra?.fingerprint).not.toBe(pa?.fingerprint as string);
  expect(ra?.fingerprint).toBe(rb?.fingerprint as string);
  expect(ra?.authorized).toBe(true);
}, 60_000);
