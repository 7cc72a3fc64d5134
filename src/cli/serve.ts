/** `inferwall serve`: load config, build the app, listen, and drain on SIGINT/SIGTERM. */
import { resolve } from 'node:path';
import { CatalogLoadError } from '../catalog/load';
import { ConfigError, listensBeyondLoopback, loadConfig } from '../config';
import { buildApp } from '../server/bootstrap';
import { listen, ListenError } from '../server/listen';
import { startTls, TlsStartError, type TlsRuntime } from '../tls';
import { inspectCertificate } from '../tls/certificate';
import { batchedWriter, createLogger } from '../server/log';
import { VERSION } from '../version';
import { withEnvFile } from './env-file';
import { EXIT, type Command } from './command';

const BANNER = '!'.repeat(78);

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the HTTP API',
  usage: 'serve [--host H] [--port P] [--env-file FILE | --no-env-file]',
  help: `Starts the API (default port 8000). Reads IW_* variables from the environment and,
unless --no-env-file, from ./.env.local (written by \`inferwall admin setup\`); variables
already set in the environment win.

Options:
  --host H          address to bind (IW_HOST; default 0.0.0.0, or 127.0.0.1 in dev mode)
  --port P          port (IW_PORT; default 8000, 443 with IW_TLS=auto; 0 picks a free port)
  --env-file FILE   read IW_* variables from FILE instead of ./.env.local
  --no-env-file     do not read any env file

TLS (IW_TLS): off (default); manual (IW_TLS_CERT, IW_TLS_KEY: PEM files, reloaded when they
change or on SIGHUP); auto (ACME: IW_TLS_DOMAINS, IW_ACME_EMAIL, optionally IW_ACME_DIRECTORY or
IW_ACME_STAGING=1, IW_ACME_CA_FILE, IW_HTTP_PORT for HTTP-01 challenges, default 80).`,
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'env-file': { type: 'string' },
    'no-env-file': { type: 'boolean', default: false },
  },
  async run({ values }, io) {
    let env = io.env;
    let loadedFrom: { file: string; names: string[] } | undefined;
    if (values['no-env-file'] !== true) {
      const file = resolve(io.cwd, typeof values['env-file'] === 'string' ? values['env-file'] : '.env.local');
      const merged = withEnvFile(env, file);
      if (merged) {
        env = merged.env;
        loadedFrom = { file, names: merged.loaded };
      } else if (typeof values['env-file'] === 'string') {
        io.stderr(`inferwall: --env-file: ${file} not found\n`);
        return EXIT.CONFIG;
      }
    }

    let config;
    try {
      config = loadConfig(env, {
        ...(typeof values.host === 'string' ? { host: values.host } : {}),
        ...(typeof values.port === 'string' ? { port: values.port } : {}),
      });
    } catch (err) {
      if (err instanceof ConfigError) {
        io.stderr(`inferwall: configuration error: ${err.message}\n`);
        return EXIT.CONFIG;
      }
      throw err;
    }
    const sink = batchedWriter(io.stderr);
    const log = createLogger(config.logLevel, sink.write, { pretty: io.isTTY });
    if (loadedFrom && loadedFrom.names.length > 0) {
      log.info('loaded environment file', { file: loadedFrom.file, variables: loadedFrom.names });
    }
    if (config.devMode) {
      io.stderr(
        `${BANNER}\n!! DEV MODE: IW_API_KEY is not set, so AUTHENTICATION IS DISABLED.\n` +
          `!! Anyone who can reach this port can use every endpoint, including admin ones.\n` +
          `!! Run \`inferwall admin setup\` and restart before deploying.\n${BANNER}\n`,
      );
      if (listensBeyondLoopback(config)) {
        io.stderr(
          `${BANNER}\n!! WARNING: dev mode AND listening on ${config.host}, beyond this machine.\n` +
            `!! The unauthenticated API is reachable from the network.\n${BANNER}\n`,
        );
      }
    }

    let built;
    try {
      built = await buildApp(config, { log });
    } catch (err) {
      if (err instanceof CatalogLoadError) {
        io.stderr(`inferwall: cannot load signatures or policies:\n${err.message}\n`);
        return EXIT.CONFIG;
      }
      throw err;
    }
    const { app, deps } = built;
    let server;
    let tls: TlsRuntime | undefined;
    try {
      // TLS first: in auto mode the certificate is obtained before the HTTPS listener exists.
      tls = await startTls(config, { store: deps.store, log });
      server = listen(app, config, tls.certificate);
      tls.attach(server);
    } catch (err) {
      await tls?.stop();
      await deps.store.close();
      if (err instanceof ConfigError) {
        io.stderr(`inferwall: configuration error: ${err.message}\n`);
        return EXIT.CONFIG;
      }
      if (err instanceof ListenError || err instanceof TlsStartError) {
        io.stderr(`inferwall: ${err.message}\n`);
        return EXIT.FAILURE;
      }
      throw err;
    }
    const tlsRuntime = tls;
    const running = server;
    if (config.tls.mode !== 'off') {
      // Read at scrape time from the certificate actually served, so renewals show at once.
      let cached: { cert: string; notAfter: number } | undefined;
      deps.metrics.addGauge({
        name: 'iw_tls_certificate_expiry_seconds',
        help: 'Seconds until the served TLS certificate expires.',
        read: async () => {
          const current = running.certificate();
          if (!current) return [];
          if (cached?.cert !== current.cert) cached = { cert: current.cert, notAfter: inspectCertificate(current).notAfter.getTime() };
          return [{ labels: { mode: config.tls.mode }, value: Math.floor((cached.notAfter - Date.now()) / 1000) }];
        },
      });
    }
    log.info('listening', {
      url: server.url,
      ...(tlsRuntime.httpUrl ? { http_url: tlsRuntime.httpUrl } : {}),
      version: VERSION,
      dev_mode: config.devMode,
      tls: config.tls.mode,
      signatures: deps.engine.current.catalog.signatures.length,
      policy: deps.engine.current.activePolicy,
    });
    // From here on, log lines (one per request) leave in one write per event-loop turn.
    sink.batch();

    await new Promise<void>((done) => {
      const shutdown = (signal: string) => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        process.off('SIGHUP', onHup);
        log.info('shutting down', { signal });
        void tlsRuntime
          .stop()
          .then(() => server.stop())
          .then(() => deps.store.close())
          .then(() => {
            log.info('stopped');
            sink.flush();
            done();
          });
      };
      const onInt = () => shutdown('SIGINT');
      const onTerm = () => shutdown('SIGTERM');
      // SIGHUP re-reads certificates (TLS on); with TLS off it keeps its default meaning.
      const onHup = () => {
        log.info('SIGHUP: reloading certificates');
        tlsRuntime.reload();
      };
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
      if (config.tls.mode !== 'off') process.on('SIGHUP', onHup);
    });
    return EXIT.OK;
  },
};
