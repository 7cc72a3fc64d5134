/**
 * Wires config into the running parts: state store, key ring, sessions, authenticator, app. The
 * only place that decides which implementation backs each interface.
 */
import { join } from 'node:path';
import { buildEngineState, customSources, EngineHolder, type EngineState } from '../catalog/engine-state';
import type { Config } from '../config';
import { EngineAdmin } from '../modules/admin/service';
import { ScanStats } from '../modules/admin/stats';
import { AnalyzeService } from '../modules/analyze/service';
import { ScanService } from '../modules/scan/service';
import { homedir } from 'node:os';
import { KeyRing } from '../security/api-keys';
import { Authenticator } from '../security/authenticate';
import { FailureLimiter } from '../security/failure-limiter';
import { SessionService } from '../security/sessions';
import { systemClock, type Clock, type StateStore } from '../store/interface';
import { SqliteStore } from '../store/sqlite';
import { COMMIT, VERSION } from '../version';
import { createApp } from './app';
import type { AppDeps } from './deps';
import type { Logger } from './log';
import { Metrics } from './metrics';

export interface BuildOptions {
  readonly log: Logger;
  readonly clock?: Clock;
  /** Overrides the store (tests pass an in-memory SQLite). */
  readonly store?: StateStore;
  /** Overrides the engine state (tests); by default shipped + custom files per config. */
  readonly engine?: EngineState;
  readonly home?: string;
}

/** Builds every dependency of the app from the config. */
export function buildDeps(config: Config, opts: BuildOptions): AppDeps {
  const clock = opts.clock ?? systemClock;
  const store = opts.store ?? new SqliteStore(join(config.dataDir, 'state.db'), clock);
  const keys = new KeyRing({ scan: config.scanKeys, admin: config.adminKeys });
  const sessions = new SessionService(store, config.session, clock);
  const limiter = new FailureLimiter(config.authFailuresPerMinute, clock);
  const authenticator = new Authenticator({ devMode: config.devMode, keys, sessions, limiter });
  const engine = new EngineHolder(opts.engine ?? buildEngineState(customSources(config, opts.home ?? homedir()), config.policy, clock()));
  const scanner = new ScanService({ state: () => engine.current, failMode: config.failMode, maxInputBytes: config.maxInputBytes, log: opts.log });
  const engineAdmin = new EngineAdmin({ holder: engine, store, config, home: opts.home ?? homedir(), log: opts.log, clock });
  return {
    engine,
    scanner,
    engineAdmin,
    analyzer: new AnalyzeService({ state: () => engine.current, scanner, redactionKey: config.redactionKey }),
    stats: new ScanStats(),
    metrics: new Metrics(),
    config,
    keys,
    sessions,
    authenticator,
    store,
    clock,
    log: opts.log,
    tls: config.tls.mode !== 'off',
    startedAt: clock(),
    version: { version: VERSION, commit: COMMIT },
  };
}

/** Builds deps and the app in one step, with runtime overrides saved by an earlier run re-applied. */
export async function buildApp(config: Config, opts: BuildOptions) {
  const deps = buildDeps(config, opts);
  await deps.engineAdmin.restore();
  return { deps, app: createApp(deps) };
}
