/**
 * Binds the app to a socket with explicit limits, swaps its TLS certificate without dropping
 * connections, and stops it gracefully: stop accepting, let in-flight requests finish (bounded),
 * then close.
 */
import { constants } from 'node:crypto';
import type { Server } from 'bun';
import type { Config } from '../config';
import type { TlsCertificate } from '../tls/certificate';
import { readManualCertificate } from '../tls/manual';
import type { App } from './app';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops accepting, waits up to `drainMs` for in-flight requests, then closes what is left. */
  stop(drainMs?: number): Promise<void>;
  /**
   * TLS only: serves `cert` to every connection accepted from now on. A new listener takes the
   * port (SO_REUSEPORT) before the old one stops accepting and drains, so no request in flight or
   * on an open connection is dropped. Swaps run one at a time; on failure the old certificate stays.
   */
  replaceCertificate(cert: TlsCertificate): Promise<void>;
  /** The certificate new connections get now (undefined without TLS). */
  certificate(): TlsCertificate | undefined;
}

/** A bind failure, with the sentence the CLI prints. */
export class ListenError extends Error {
  override name = 'ListenError';
}

/** TLS 1.2 is the floor (Bun's default too; said here so it cannot silently change). */
const SECURE_OPTIONS = constants.SSL_OP_NO_TLSv1 | constants.SSL_OP_NO_TLSv1_1;

const tlsOptions = (cert: TlsCertificate) => ({ cert: cert.cert, key: cert.key, secureOptions: SECURE_OPTIONS });

/** Turns a bind exception into a `ListenError` that says which variable to change and how. */
export function bindError(err: unknown, host: string, port: number, variable: 'IW_PORT' | 'IW_HTTP_PORT'): ListenError {
  const code = (err as NodeJS.ErrnoException).code;
  const choose = variable === 'IW_PORT' ? 'choose another with --port or IW_PORT' : 'choose another with IW_HTTP_PORT';
  if (code === 'EADDRINUSE') {
    return new ListenError(`${variable}: port ${port} on ${host} is already in use (another inferwall?); ${choose}`);
  }
  if (code === 'EACCES') {
    return new ListenError(
      `${variable}: no permission to bind port ${port}; ports below 1024 need root or CAP_NET_BIND_SERVICE ` +
        `(sudo setcap cap_net_bind_service=+ep ./inferwall), or use a port above 1024`,
    );
  }
  return new ListenError(`${variable}: cannot listen on ${host}:${port}: ${(err as Error).message}`);
}

/**
 * Checks that `host:port` can be bound by this process alone (no SO_REUSEPORT), then frees it.
 * The TLS listener binds with SO_REUSEPORT so that certificate swaps can overlap two listeners;
 * this check first keeps the promise that a second instance on the same port fails loudly.
 */
export function probePort(host: string, port: number, variable: 'IW_PORT' | 'IW_HTTP_PORT'): void {
  if (port === 0) return;
  try {
    const probe = Bun.serve({ hostname: host, port, reusePort: false, fetch: () => new Response(null, { status: 503 }) });
    void probe.stop(true);
  } catch (err) {
    throw bindError(err, host, port, variable);
  }
}

/**
 * Listens on config.host:config.port (0 = any free port), over TLS with `tls` when given (or, in
 * manual mode, the configured files).
 */
export function listen(app: App, config: Config, tls?: TlsCertificate): RunningServer {
  const cert = tls ?? (config.tls.mode === 'manual' ? readManualCertificate({ certFile: config.tls.certFile ?? '', keyFile: config.tls.keyFile ?? '' }).pair : undefined);
  if (config.tls.mode !== 'off' && !cert) throw new Error(`IW_TLS=${config.tls.mode} but no certificate was given to listen()`);
  // Bun's own cap sits above ours so that our JSON 413 answers first; Bun's bare 413 is only a backstop.
  const hardCap = Math.max(config.maxBodyBytes * 2, config.maxBodyBytes + 64 * 1024);
  const base = {
    hostname: config.host,
    maxRequestBodySize: hardCap,
    idleTimeout: config.idleTimeoutSecs,
    development: false,
  };
  // Plain HTTP never needs a second listener: no SO_REUSEPORT, so the kernel refuses a second
  // instance. TLS listeners need it for swaps, and probePort keeps the refusal.
  if (cert) probePort(config.host, config.port, 'IW_PORT');
  let server: Server<unknown>;
  try {
    app.listen({ ...base, port: config.port, reusePort: cert !== undefined, ...(cert ? { tls: tlsOptions(cert) } : {}) });
    server = app.server as Server<unknown>;
  } catch (err) {
    throw bindError(err, config.host, config.port, 'IW_PORT');
  }
  const port = server.port ?? config.port;
  // Listeners replaced by a swap, still finishing their requests.
  const draining = new Set<Server<unknown>>();
  let swaps: Promise<void> = Promise.resolve();

  const swap = async (next: TlsCertificate): Promise<void> => {
    const exitHooks = new Set(process.listeners('beforeExit'));
    const old = server;
    try {
      // Elysia's own listen: the same routes and options as the first listener.
      app.listen({ ...base, port, reusePort: true, tls: tlsOptions(next) });
    } catch (err) {
      // Bun.serve threw before Elysia replaced app.server: the old listener still serves.
      throw bindError(err, config.host, port, 'IW_PORT');
    } finally {
      // Each app.listen adds a beforeExit hook; one is enough.
      for (const hook of process.listeners('beforeExit')) if (!exitHooks.has(hook)) process.off('beforeExit', hook);
    }
    server = app.server as Server<unknown>;
    served = next;
    draining.add(old);
    void old.stop(false).finally(() => draining.delete(old));
  };

  let served = cert;
  const scheme = cert ? 'https' : 'http';
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `${scheme}://${host}:${port}`,
    port,
    certificate: () => served,
    replaceCertificate(next) {
      if (!cert) return Promise.reject(new Error('replaceCertificate needs a TLS listener'));
      const run = swaps.then(() => swap(next));
      swaps = run.catch(() => undefined);
      return run;
    },
    async stop(drainMs = 10_000) {
      const all = [server, ...draining];
      const graceful = Promise.all(all.map((s) => s.stop(false)));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), drainMs)));
      const outcome = await Promise.race([graceful.then(() => 'drained' as const), deadline]);
      clearTimeout(timer);
      if (outcome === 'timeout') await Promise.all(all.map((s) => s.stop(true)));
    },
  };
}
