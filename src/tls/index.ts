/**
 * TLS for `serve`: gives the HTTPS listener its first certificate and keeps it current. Manual
 * mode reloads files; auto mode runs the ACME machinery (plain-HTTP listener for challenges and
 * redirects, storage, issuance lock, renewal loop). Nothing here loads acme-client unless
 * IW_TLS=auto.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'bun';
import { ConfigError, type AcmeConfig, type Config } from '../config';
import type { RunningServer } from '../server/listen';
import { probePort } from '../server/listen';
import type { Logger } from '../server/log';
import { storeLocation } from '../store';
import type { StateStore } from '../store/interface';
import { AcmeIssuer } from './acme-issuer';
import type { TlsCertificate } from './certificate';
import { listenPlainHttp, plainHttpHandler, SharedChallenges } from './challenge';
import { CaUnreachableError, RateLimitedError } from './issuer';
import { caLimiter, CertificateManager } from './maintain';
import { ManualCertificateWatcher, readManualCertificate } from './manual';
import { FileCertStorage, StoreCertStorage, type CertStorage } from './storage';

/** Automatic HTTPS could not get a first certificate; the message says why (no key material). */
export class TlsStartError extends Error {
  override name = 'TlsStartError';
}

export interface TlsRuntime {
  /** The certificate to start the HTTPS listener with; undefined when TLS is off. */
  readonly certificate: TlsCertificate | undefined;
  /** Where the plain-HTTP listener (auto mode) listens, for the startup log. */
  readonly httpUrl: string | undefined;
  /** Connects to the live listener: from now on renewals and reloads are swapped into it. */
  attach(server: RunningServer): void;
  /** SIGHUP: manual mode re-reads the files; auto mode looks at storage and renewal now. */
  reload(): void;
  /** Stops watchers, the renewal loop and the plain-HTTP listener. */
  stop(): Promise<void>;
}

export interface TlsDeps {
  readonly store: StateStore;
  readonly log: Logger;
}

const NONE: TlsRuntime = { certificate: undefined, httpUrl: undefined, attach() {}, reload() {}, stop: async () => {} };

/**
 * Prepares TLS before the HTTPS listener exists. Throws `ConfigError` (naming the variable),
 * `ListenError` (a port that cannot be bound) or `TlsStartError` (no certificate could be had).
 */
export async function startTls(config: Config, deps: TlsDeps): Promise<TlsRuntime> {
  if (config.tls.mode === 'manual') return startManual(config, deps);
  if (config.tls.mode === 'auto' && config.tls.acme) return startAuto(config, config.tls.acme, deps);
  return NONE;
}

function startManual(config: Config, deps: TlsDeps): TlsRuntime {
  const files = { certFile: config.tls.certFile ?? '', keyFile: config.tls.keyFile ?? '' };
  const { pair, info } = readManualCertificate(files);
  deps.log.info('using certificate files', { cert_file: files.certFile, names: info.names, not_after: info.notAfter.toISOString(), fingerprint: info.fingerprint });
  let watcher: ManualCertificateWatcher | undefined;
  return {
    certificate: pair,
    httpUrl: undefined,
    attach(server) {
      watcher = new ManualCertificateWatcher({ ...files, log: deps.log, current: pair, install: swapper(server, deps.log) });
      watcher.start();
    },
    reload() {
      void watcher?.reload('SIGHUP');
    },
    async stop() {
      watcher?.stop();
    },
  };
}

function readCaFile(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError('IW_ACME_CA_FILE', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError('IW_ACME_CA_FILE', `${file} is not a PEM certificate`);
  return pem;
}

async function startAuto(config: Config, acme: AcmeConfig, deps: TlsDeps): Promise<TlsRuntime> {
  const extraCa = acme.caFile ? readCaFile(acme.caFile) : undefined;
  // Both ports are checked before the CA is contacted: an order must not be wasted on a server
  // that cannot start.
  probePort(config.host, config.port, 'IW_PORT');
  let httpsPort = config.port;
  const challenges = new SharedChallenges(deps.store);
  const plain: Server<undefined> = listenPlainHttp(
    config.host,
    acme.httpPort,
    plainHttpHandler({ challenges, domains: acme.domains, httpsPort: () => httpsPort, log: deps.log }),
  );
  const storage: CertStorage =
    acme.storage === 'store' ? new StoreCertStorage(deps.store, storeLocation(config)) : new FileCertStorage(join(config.dataDir, 'tls'));
  const issuer = new AcmeIssuer({ directoryUrl: acme.directoryUrl, email: acme.email, ...(extraCa ? { extraCa } : {}), accounts: storage, limiter: caLimiter(), log: deps.log });
  const manager = new CertificateManager({
    domains: acme.domains,
    issuer,
    storage,
    store: deps.store,
    solver: challenges,
    log: deps.log,
    speedup: acme.testSpeedup,
  });
  if (acme.testSpeedup !== 1) {
    deps.log.warn('IW_TLS_TEST_SPEEDUP is set: renewal checks and retries run faster than in production (testing only)', { speedup: acme.testSpeedup });
  }
  let first;
  try {
    first = await manager.startup();
  } catch (err) {
    manager.stop();
    await plain.stop(true);
    if (err instanceof CaUnreachableError) throw new ConfigError('IW_ACME_DIRECTORY', `${err.message}; check the URL and that this host can reach it`);
    if (err instanceof RateLimitedError) {
      throw new TlsStartError(`${err.message}; the CA asks to wait until ${new Date(Date.now() + err.retryAfterMs).toISOString()} before trying again`);
    }
    throw new TlsStartError(`could not obtain a certificate for ${acme.domains.join(', ')} from ${acme.directoryUrl}: ${(err as Error).message}`);
  }
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    certificate: first.pair,
    httpUrl: `http://${host}:${plain.port}`,
    attach(server) {
      httpsPort = server.port;
      deps.log.info('certificate installed', { source: 'startup', names: first.info.names, not_after: first.info.notAfter.toISOString(), fingerprint: first.info.fingerprint });
      manager.start(swapper(server, deps.log));
    },
    reload() {
      manager.checkNow();
    },
    async stop() {
      manager.stop();
      // Challenge answers and redirects are short: give them a moment, then close what is left.
      await Promise.race([plain.stop(false), Bun.sleep(2000)]);
      await plain.stop(true);
    },
  };
}

/** The install callback: a swap on the live listener, with a one-time hint about reset-free swaps. */
function swapper(server: RunningServer, log: Logger): (pair: TlsCertificate) => Promise<void> {
  let hinted = false;
  return async (pair) => {
    if (!hinted) {
      hinted = true;
      let migrate = '';
      try {
        migrate = readFileSync('/proc/sys/net/ipv4/tcp_migrate_req', 'utf8').trim();
      } catch {
        // Not Linux, or no such setting: nothing to advise.
      }
      if (migrate === '0') {
        log.info('certificate swap: with net.ipv4.tcp_migrate_req=0 the kernel resets connections still queued on the old listener at the instant it closes; sysctl -w net.ipv4.tcp_migrate_req=1 hands them to the new one');
      }
    }
    await server.replaceCertificate(pair);
  };
}
