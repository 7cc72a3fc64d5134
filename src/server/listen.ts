/**
 * Binds the app to a socket with explicit limits, and stops it gracefully: stop accepting, let
 * in-flight requests finish (bounded), then close.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'bun';
import { ConfigError, type Config } from '../config';
import type { App } from './app';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops accepting, waits up to `drainMs` for in-flight requests, then closes what is left. */
  stop(drainMs?: number): Promise<void>;
}

/** A bind failure, with the sentence the CLI prints. */
export class ListenError extends Error {
  override name = 'ListenError';
}

function tlsOptions(config: Config): { cert: string; key: string } | undefined {
  if (config.tls.mode !== 'manual') return undefined;
  const read = (variable: string, file: string | undefined): string => {
    if (!file || !existsSync(file)) throw new ConfigError(variable, `file not found: ${file ?? '(unset)'}`);
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(variable, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  };
  const cert = read('IW_TLS_CERT', config.tls.certFile);
  const key = read('IW_TLS_KEY', config.tls.keyFile);
  if (!cert.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError('IW_TLS_CERT', `${config.tls.certFile} is not a PEM certificate`);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new ConfigError('IW_TLS_KEY', `${config.tls.keyFile} is not a PEM private key`);
  return { cert, key };
}

/** Listens on config.host:config.port (0 = any free port). */
export function listen(app: App, config: Config): RunningServer {
  if (config.tls.mode === 'auto') {
    throw new ConfigError('IW_TLS', 'auto (ACME) is not available in this build yet; use IW_TLS=manual with IW_TLS_CERT and IW_TLS_KEY, or off');
  }
  const tls = tlsOptions(config);
  // Bun's own cap sits above ours so that our JSON 413 answers first; Bun's bare 413 is only a backstop.
  const hardCap = Math.max(config.maxBodyBytes * 2, config.maxBodyBytes + 64 * 1024);
  let server: Server<unknown>;
  try {
    app.listen({
      hostname: config.host,
      port: config.port,
      reusePort: false,
      maxRequestBodySize: hardCap,
      idleTimeout: config.idleTimeoutSecs,
      development: false,
      ...(tls ? { tls } : {}),
    });
    server = app.server as Server<unknown>;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new ListenError(`port ${config.port} on ${config.host} is already in use (another inferwall?); choose another with --port or IW_PORT`);
    }
    if (code === 'EACCES') {
      throw new ListenError(
        `no permission to bind port ${config.port}; ports below 1024 need root or CAP_NET_BIND_SERVICE ` +
          `(sudo setcap cap_net_bind_service=+ep ./inferwall), or use a port above 1024`,
      );
    }
    throw new ListenError(`cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
  }
  const scheme = tls ? 'https' : 'http';
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `${scheme}://${host}:${server.port}`,
    port: server.port ?? config.port,
    async stop(drainMs = 10_000) {
      const graceful = server.stop(false);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), drainMs)));
      const outcome = await Promise.race([graceful.then(() => 'drained' as const), deadline]);
      clearTimeout(timer);
      if (outcome === 'timeout') await server.stop(true);
    },
  };
}
