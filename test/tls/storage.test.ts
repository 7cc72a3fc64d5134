/** Certificate storage (files and state store), the bundle format, and the issuance lock's lease. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { StateStore } from '../../src/store/interface';
import { RedisStore } from '../../src/store/redis';
import { SqliteStore } from '../../src/store/sqlite';
import { CertificateError, coversDomains, fromBundle, inspectCertificate, toBundle, type TlsCertificate } from '../../src/tls/certificate';
import { IssuanceLock, lockKey } from '../../src/tls/lock';
import { FileCertStorage, safeName, StoreCertStorage, type CertStorage } from '../../src/tls/storage';
import { tempDir } from '../helpers/binary';
import { startRedis, type RedisServer } from '../store/redis-server';
import { selfSigned } from './pebble';

const dir = tempDir('iw-storage-');
const read = (files: { cert: string; key: string }): TlsCertificate => ({ cert: readFileSync(files.cert, 'utf8'), key: readFileSync(files.key, 'utf8') });
const one = read(selfSigned(dir, 'one', ['api.example.com', 'www.example.com']));
const two = read(selfSigned(dir, 'two', ['api.example.com']));

describe('certificate', () => {
  test('inspect reads names, dates and fingerprint, and checks the key belongs to the certificate', () => {
    const info = inspectCertificate(one);
    expect(info.names).toEqual(['api.example.com', 'www.example.com']);
    expect(info.notAfter.getTime()).toBeGreaterThan(info.notBefore.getTime());
    expect(info.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(coversDomains(info, ['www.example.com'])).toBe(true);
    expect(coversDomains(info, ['other.example.com'])).toBe(false);
    expect(() => inspectCertificate({ cert: one.cert, key: two.key })).toThrow(CertificateError);
    expect(() => inspectCertificate({ cert: 'nope', key: one.key })).toThrow('no PEM certificate');
    // The error about a broken key never quotes it.
    const broken = one.key.replace(/\n[A-Za-z0-9+/]{10}/, '\nAAAAAAAAAA');
    try {
      inspectCertificate({ cert: one.cert, key: broken });
    } catch (err) {
      expect((err as Error).message).not.toContain(broken.split('\n')[1] as string);
    }
  });

  test('a bundle holds chain and key in one text and splits back', () => {
    const back = fromBundle(toBundle(one));
    expect(inspectCertificate(back).fingerprint).toBe(inspectCertificate(one).fingerprint);
    expect(() => fromBundle(one.cert)).toThrow(CertificateError);
  });

  test('safeName keeps names to letters, digits, dot, dash, underscore', () => {
    expect(safeName('Ops@Example.com')).toBe('ops_example.com');
    expect(safeName('../../etc/passwd')).toBe('__.._etc_passwd');
    expect(safeName('..')).toBe('_');
    expect(safeName('')).toBe('_');
  });
});

/** The contract, run against each implementation. */
function contract(name: string, make: () => { a: CertStorage; b: CertStorage }) {
  describe(name, () => {
    test('nothing stored → null; a save is seen by another handle on the same backend; saves replace', async () => {
      const { a, b } = make();
      expect(await a.loadCertificate('ca', 'api.example.com')).toBeNull();
      expect(await a.loadAccountKey('ca', 'ops@example.com')).toBeNull();
      await a.saveCertificate('ca', 'api.example.com', one);
      await a.saveAccountKey('ca', 'ops@example.com', one.key);
      const seen = await b.loadCertificate('ca', 'api.example.com');
      expect(seen && inspectCertificate(seen).fingerprint).toBe(inspectCertificate(one).fingerprint);
      expect(await b.loadAccountKey('ca', 'ops@example.com')).toBe(one.key);
      await b.saveCertificate('ca', 'api.example.com', two);
      const replaced = await a.loadCertificate('ca', 'api.example.com');
      expect(replaced && inspectCertificate(replaced).fingerprint).toBe(inspectCertificate(two).fingerprint);
    });

    test('issuers are kept apart', async () => {
      const { a } = make();
      await a.saveCertificate('staging', 'api.example.com', one);
      expect(await a.loadCertificate('production', 'api.example.com')).toBeNull();
    });
  });
}

contract('FileCertStorage', () => {
  const root = join(tempDir(), 'tls');
  return { a: new FileCertStorage(root), b: new FileCertStorage(root) };
});

contract('StoreCertStorage (one SQLite file, two handles as two processes would)', () => {
  const file = join(tempDir(), 'state.db');
  return { a: new StoreCertStorage(new SqliteStore(file), 'a'), b: new StoreCertStorage(new SqliteStore(file), 'b') };
});

describe('FileCertStorage files', () => {
  test('0600 files in 0700 folders, written whole (no temporary file left)', async () => {
    const root = join(tempDir(), 'tls');
    const s = new FileCertStorage(root);
    await s.saveCertificate('acme-v02.api.letsencrypt.org-directory', 'api.example.com', one);
    await s.saveAccountKey('acme-v02.api.letsencrypt.org-directory', 'ops@example.com', one.key);
    await s.saveCertificate('acme-v02.api.letsencrypt.org-directory', 'api.example.com', two);
    expect(statSync(root).mode & 0o777).toBe(0o700);
    const certDir = join(root, 'acme-v02.api.letsencrypt.org-directory', 'certificates');
    expect(statSync(certDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(certDir)).toEqual(['api.example.com.pem']);
    expect(statSync(join(certDir, 'api.example.com.pem')).mode & 0o777).toBe(0o600);
    const account = join(root, 'acme-v02.api.letsencrypt.org-directory', 'accounts', 'ops_example.com.key');
    expect(statSync(account).mode & 0o777).toBe(0o600);
  });
});

describe('IssuanceLock', () => {
  test('one holder at a time; a crashed holder blocks only until its lease runs out', async () => {
    let now = 1_000_000;
    const file = join(tempDir(), 'state.db');
    const storeA = new SqliteStore(file, () => now);
    const storeB = new SqliteStore(file, () => now);
    const key = lockKey('ca', 'api.example.com');
    const a = new IssuanceLock(storeA, key, 60_000);
    const b = new IssuanceLock(storeB, key, 60_000);
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    expect((await b.currentHolder())?.pid).toBe(process.pid);
    // A refresh extends the lease: 50 s + 50 s later it is still held.
    now += 50_000;
    expect(await a.refresh()).toBe(true);
    now += 50_000;
    expect(await b.tryAcquire()).toBe(false);
    // Release by a non-holder does nothing; by the holder frees it.
    await b.release();
    expect(await b.tryAcquire()).toBe(false);
    await a.release();
    expect(await b.tryAcquire()).toBe(true);
    // b "crashes" (never releases): a gets it once the lease is over, not before.
    now += 59_000;
    expect(await a.tryAcquire()).toBe(false);
    now += 1_001;
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.refresh()).toBe(false);
    await storeA.close();
    await storeB.close();
  });
});

/**
 * `store` with the worst timing for its user: just before the first write (set, delete or their
 * compare-and-… forms) reaches the backend, `takeover` runs, so whatever the caller read before
 * that write is already stale when the write lands.
 */
function takeoverBeforeFirstWrite(store: StateStore, takeover: () => Promise<void>): StateStore & { tookOver: () => boolean } {
  const writes = new Set<string | symbol>(['set', 'delete', 'setIfEquals', 'deleteIfEquals']);
  let done = false;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'tookOver') return () => done;
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (!writes.has(prop) || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (!done) {
          done = true;
          await takeover();
        }
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  }) as StateStore & { tookOver: () => boolean };
}

describe('IssuanceLock: a lease taken over by another instance stays with it', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.stop());

  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const backends: [string, () => Promise<{ a: StateStore; b: StateStore; leaseMs: number; expire: () => Promise<void>; close: () => Promise<void> }>][] = [
    [
      'sqlite',
      async () => {
        let now = 1_000_000;
        const file = join(tempDir(), 'state.db');
        const a = new SqliteStore(file, () => now);
        const b = new SqliteStore(file, () => now);
        return {
          a,
          b,
          leaseMs: 60_000,
          expire: async () => {
            now += 60_001;
          },
          close: async () => {
            await a.close();
            await b.close();
          },
        };
      },
    ],
    [
      'redis',
      async () => {
        await redis.flush();
        const connect = async () => {
          const store = new RedisStore({ url: redis.url, log: quiet });
          if (!(await store.whenReady(5000))) throw new Error('redis store did not connect');
          return store;
        };
        const [a, b] = await Promise.all([connect(), connect()]);
        // Redis expires keys on its own clock: the lease has to pass in real time.
        return { a, b, leaseMs: 150, expire: () => Bun.sleep(250), close: async () => void (await Promise.all([a.close(), b.close()])) };
      },
    ],
  ];

  for (const [name, open] of backends) {
    test(`${name}: our release and refresh, landing just after the takeover, leave the new holder's lock alone`, async () => {
      const { a: storeA, b: storeB, leaseMs, expire, close } = await open();
      try {
        const key = lockKey('ca', 'api.example.com');
        const b = new IssuanceLock(storeB, key, leaseMs);
        // Our lease runs out and B takes the lock between our last look and our write.
        const takeover = async () => {
          await expire();
          expect(await b.tryAcquire()).toBe(true);
        };

        const releasing = takeoverBeforeFirstWrite(storeA, takeover);
        const a = new IssuanceLock(releasing, key, leaseMs);
        expect(await a.tryAcquire()).toBe(true);
        await a.release();
        expect(releasing.tookOver()).toBe(true);
        expect((await b.currentHolder())?.id).toBe(b.holder.id);

        await b.release();
        expect(await b.currentHolder()).toBeNull();

        const refreshing = takeoverBeforeFirstWrite(storeA, takeover);
        const a2 = new IssuanceLock(refreshing, key, leaseMs);
        expect(await a2.tryAcquire()).toBe(true);
        expect(await a2.refresh()).toBe(false);
        expect(refreshing.tookOver()).toBe(true);
        expect((await b.currentHolder())?.id).toBe(b.holder.id);
        // Still B's own lease, not one we extended: B can refresh and release it.
        expect(await b.refresh()).toBe(true);
        await b.release();
        expect(await b.currentHolder()).toBeNull();
      } finally {
        await close();
      }
    });
  }
});
