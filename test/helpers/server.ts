/** Starts the real app on a loopback port (port 0) with an in-memory store, for HTTP tests. */
import type { EngineState } from '../../src/catalog/engine-state';
import { loadConfig, type Env } from '../../src/config';
import { generateApiKey } from '../../src/security/api-keys';
import { buildApp } from '../../src/server/bootstrap';
import { listen } from '../../src/server/listen';
import { silentLogger, type Logger } from '../../src/server/log';
import type { Clock, StateStore } from '../../src/store/interface';
import { SqliteStore } from '../../src/store/sqlite';
import { shippedState } from './engine';

export interface TestServer extends AsyncDisposable {
  readonly url: string;
  readonly scanKey: string;
  readonly adminKey: string;
  /** The state store the server runs on. */
  readonly store: StateStore;
  /** Every route the app registered, as Elysia reports them. */
  readonly routes: readonly { method: string; path: string }[];
  /** The request answered in-process by the Elysia app alone (no Bun router, so no hot routes). */
  handle(request: Request): Promise<Response>;
  /** fetch against the server with an optional bearer key. */
  req(path: string, init?: RequestInit & { key?: string; json?: unknown }): Promise<Response>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  env?: Env;
  /** Start without keys (dev mode). */
  dev?: boolean;
  clock?: Clock;
  log?: Logger;
  /** Replaces the engine state (e.g. a broken one for fail-mode tests). */
  engine?: EngineState;
  /** A SQLite file instead of :memory: (to test persistence across restarts). */
  storePath?: string;
  /** A store of the test's own (e.g. Redis); the test closes it. */
  store?: StateStore;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const scanKey = generateApiKey('scan');
  const adminKey = generateApiKey('admin');
  const env: Env = {
    IW_HOST: '127.0.0.1',
    IW_PORT: '0',
    ...(opts.dev ? {} : { IW_API_KEY: scanKey, IW_ADMIN_KEY: adminKey }),
    ...opts.env,
  };
  const config = loadConfig(env);
  const store = opts.store ?? new SqliteStore(opts.storePath ?? ':memory:', opts.clock);
  const { app } = await buildApp(config, {
    log: opts.log ?? silentLogger,
    store,
    engine: opts.engine ?? shippedState(),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const server = listen(app, config);
  const stop = async () => {
    await server.stop(1000);
    if (!opts.store) await store.close();
  };
  return {
    url: server.url,
    scanKey,
    adminKey,
    store,
    routes: app.routes.map((r) => ({ method: r.method, path: r.path })),
    handle: (request) => app.handle(request),
    req(path, init = {}) {
      const { key, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (key !== undefined) headers.set('authorization', `Bearer ${key}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(server.url + path, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 0, 1)): Clock & { advance(ms: number): void } {
  let now = start;
  const clock = (() => now) as Clock & { advance(ms: number): void };
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}
