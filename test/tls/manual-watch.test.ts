/** The manual-mode watcher's fallback: without file events, polling mtimes still reloads. */
import { expect, test } from 'bun:test';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../src/server/log';
import type { TlsCertificate } from '../../src/tls/certificate';
import { ManualCertificateWatcher } from '../../src/tls/manual';
import { tempDir } from '../helpers/binary';
import { selfSigned } from './pebble';

test('with file events off, a changed pair is found by polling and installed once', async () => {
  const dir = tempDir();
  const a = selfSigned(dir, 'a');
  const b = selfSigned(dir, 'b');
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  copyFileSync(a.cert, certFile);
  copyFileSync(a.key, keyFile);
  const installed: TlsCertificate[] = [];
  const watcher = new ManualCertificateWatcher({
    certFile,
    keyFile,
    log: silentLogger,
    current: { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') },
    install: async (pair) => void installed.push(pair),
    debounceMs: 10,
    pollMs: 30,
    watch: false,
  });
  watcher.start();
  try {
    await Bun.sleep(100);
    expect(installed).toEqual([]);
    copyFileSync(b.key, keyFile);
    copyFileSync(b.cert, certFile);
    for (let i = 0; i < 100 && installed.length === 0; i++) await Bun.sleep(10);
    await Bun.sleep(100);
    expect(installed.length).toBe(1);
    expect(installed[0]?.cert).toBe(readFileSync(b.cert, 'utf8'));
  } finally {
    watcher.stop();
  }
});
