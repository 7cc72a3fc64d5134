/**
 * Test helpers for TLS: a real Pebble (Let's Encrypt's RFC 8555 test CA) on free loopback ports,
 * certificates made with openssl, TLS peer inspection, and waiting for log lines.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { generateApiKey } from '../../src/security/api-keys';
import type { ServeProcess } from '../helpers/binary';

/** A loopback port nothing listens on right now. */
export function freePort(): number {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

function sh(args: string[]): void {
  const r = Bun.spawnSync(args, { stdout: 'pipe', stderr: 'pipe' });
  if (!r.success) throw new Error(`${args.join(' ')} failed: ${r.stderr.toString()}`);
}

/** A self-signed certificate for `names` (openssl), written to `dir`; returns the file paths. */
export function selfSigned(dir: string, label: string, names: string[] = ['localhost'], days = 30): { cert: string; key: string } {
  const cert = join(dir, `${label}-cert.pem`);
  const key = join(dir, `${label}-key.pem`);
  const san = names.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  sh([
    'openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', key, '-out', cert, '-days', String(days), '-subj', `/CN=${label}`, '-addext', `subjectAltName=${san}`,
  ]);
  return { cert, key };
}

export interface Pebble extends AsyncDisposable {
  readonly directoryUrl: string;
  /** The CA file that makes Pebble's own HTTPS endpoint trusted (IW_ACME_CA_FILE). */
  readonly caFile: string;
  /** Where Pebble sends HTTP-01 validations (IW_HTTP_PORT). */
  readonly httpPort: number;
  /** Pebble's issuing root (changes with every start). */
  root(): Promise<string>;
  /** Everything Pebble logged so far, across restarts. */
  log(): string;
  /** Orders placed (POST /order-plz) since the first start. */
  orders(): number;
  /** Any request to the ACME API (GET /dir, nonces, posts) since the first start. */
  requests(): number;
  /** SIGKILL: the CA is down from now on. */
  kill(): Promise<void>;
  /** Starts again on the same ports (a new root, no memory of accounts). */
  restart(): Promise<void>;
}

/**
 * Starts Pebble with a generated config in a temp dir: ACME and management on free ports, HTTP-01
 * validation to a free `httpPort`, no random sleeps or nonce rejections. `validitySecs` makes
 * short-lived certificates (renewal tests).
 */
export async function startPebble(opts: { validitySecs?: number } = {}): Promise<Pebble> {
  const dir = mkdtempSync(join(tmpdir(), 'iw-pebble-'));
  const own = selfSigned(dir, 'pebble', ['localhost', '127.0.0.1']);
  const acmePort = freePort();
  const mgmtPort = freePort();
  const httpPort = freePort();
  const config = {
    pebble: {
      listenAddress: `127.0.0.1:${acmePort}`,
      managementListenAddress: `127.0.0.1:${mgmtPort}`,
      certificate: own.cert,
      privateKey: own.key,
      httpPort,
      tlsPort: freePort(),
      ocspResponderURL: '',
      externalAccountBindingRequired: false,
      ...(opts.validitySecs ? { certificateValidityPeriod: opts.validitySecs } : {}),
    },
  };
  const configFile = join(dir, 'pebble-config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const caPem = await Bun.file(own.cert).text();
  let out = '';
  let proc: Bun.Subprocess<'ignore', 'pipe', 'pipe'> | undefined;

  const launch = async () => {
    const p = Bun.spawn(['pebble', '-config', configFile], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0' },
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
    });
    proc = p;
    const drain = async (stream: ReadableStream<Uint8Array>) => {
      const decoder = new TextDecoder();
      for await (const chunk of stream) out += decoder.decode(chunk, { stream: true });
    };
    void drain(p.stdout);
    void drain(p.stderr);
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (p.exitCode !== null) throw new Error(`pebble exited:\n${out}`);
      try {
        const r = await fetch(`https://127.0.0.1:${acmePort}/dir`, { tls: { ca: caPem } });
        if (r.ok) return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`pebble did not start:\n${out}`);
      await Bun.sleep(50);
    }
  };
  const kill = async () => {
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await proc?.exited;
  };
  await launch();
  return {
    directoryUrl: `https://127.0.0.1:${acmePort}/dir`,
    caFile: own.cert,
    httpPort,
    async root() {
      const r = await fetch(`https://127.0.0.1:${mgmtPort}/roots/0`, { tls: { ca: caPem } });
      return r.text();
    },
    log: () => out,
    orders: () => out.split('POST /order-plz').length - 1,
    requests: () => out.split(' -> calling handler()').length - 1,
    kill,
    async restart() {
      await kill();
      await launch();
    },
    [Symbol.asyncDispose]: kill,
  };
}

/** Keys and the environment `serve` needs for IW_TLS=auto against `pebble`. */
export function autoEnv(pebble: Pebble, dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    IW_API_KEY: generateApiKey('scan'),
    IW_ADMIN_KEY: generateApiKey('admin'),
    IW_HOST: '127.0.0.1',
    IW_TLS: 'auto',
    IW_TLS_DOMAINS: 'localhost',
    IW_ACME_EMAIL: 'ops@example.com',
    IW_ACME_DIRECTORY: pebble.directoryUrl,
    IW_ACME_CA_FILE: pebble.caFile,
    IW_HTTP_PORT: String(pebble.httpPort),
    IW_DATA_DIR: dataDir,
    ...extra,
  };
}

export interface Peer {
  /** SHA-256 fingerprint of the served leaf. */
  readonly fingerprint: string;
  /** Whether the chain verified against the given CA for the given name. */
  readonly authorized: boolean;
  readonly authorizationError: string | null;
  readonly protocol: string | null;
}

/** Connects with TLS and reports the certificate the server presented. */
export function peer(port: number, opts: { ca?: string; servername?: string; maxVersion?: tls.SecureVersion } = {}): Promise<Peer> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      {
        host: '127.0.0.1',
        port,
        servername: opts.servername ?? 'localhost',
        rejectUnauthorized: false,
        ...(opts.ca ? { ca: opts.ca } : {}),
        ...(opts.maxVersion ? { maxVersion: opts.maxVersion, minVersion: 'TLSv1' as const } : {}),
      },
      () => {
        const cert = socket.getPeerCertificate();
        resolve({
          fingerprint: cert.fingerprint256,
          authorized: socket.authorized,
          authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
          protocol: socket.getProtocol(),
        });
        socket.end();
      },
    );
    socket.on('error', reject);
  });
}

/** Waits until the process's log matches `pattern` (at least `count` times); returns the log. */
export async function waitForLog(s: ServeProcess, pattern: RegExp, opts: { timeoutMs?: number; count?: number } = {}): Promise<string> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
  for (;;) {
    const log = s.stderr();
    if ((log.match(global)?.length ?? 0) >= (opts.count ?? 1)) return log;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in:\n${log}`);
    await Bun.sleep(25);
  }
}

/** How many log lines carry `"msg":"<msg>"`. */
export const countMsg = (log: string, msg: string): number => log.split(`"msg":"${msg}"`).length - 1;
