/**
 * Wires config into the running parts: state store, key ring, sessions, authenticator, app. The
 * only place that decides which implementation backs each interface.
 */
import { buildEngineState, customSources, EngineHolder, type EngineState } from '../catalog/engine-state';
import type { Config } from '../config';
import { EngineAdmin } from '../modules/admin/service';
import { ScanStats } from '../modules/admin/stats';
import { AnalyzeService } from '../modules/analyze/service';
import { ScanService } from '../modules/scan/service';
import { AuditLog } from '../modules/audit/service';
import { KeyAdmin } from '../modules/keys/service';
import { ConversationService } from '../modules/sessions/service';
import { KeyRegistry } from '../security/key-registry';
import { homedir } from 'node:os';
import { KeyRing } from '../security/api-keys';
import { Authenticator } from '../security/authenticate';
import { StoreFailureLimiter } from '../security/failure-limiter';
import { SessionService } from '../security/sessions';
import { openStore, storeLocation } from '../store';
import { StoreUnavailableError, systemClock, type Clock, type StateStore } from '../store/interface';
import { COMMIT, VERSION } from '../version';
import { createApp } from './app';
import type { AppDeps } from './deps';
import type { Logger } from './log';
import { Metrics } from './metrics';
import { VerdictCache } from '../modules/scan/verdict-cache';

export interface BuildOptions {
  readonly log: Logger;
  readonly clock?: Clock;
  /** Overrides the store (tests pass an in-memory SQLite or their own Redis); default per config. */
  readonly store?: StateStore;
  /** Overrides the engine state (tests); by default shipped + custom files per config. */
  readonly engine?: EngineState;
  readonly home?: string;
}

/** Builds every dependency of the app from the config. */
export function buildDeps(config: Config, opts: BuildOptions): AppDeps {
  const clock = opts.clock ?? systemClock;
  const store = opts.store ?? openStore(config, { log: opts.log, clock });
  const keys = new KeyRing({ scan: config.scanKeys, admin: config.adminKeys });
  const registry = new KeyRegistry({ store, clock, log: opts.log, envKeys: { scan: config.scanKeys, admin: config.adminKeys } });
  const sessions = new SessionService(store, config.session, clock, (id) => registry.isActive(id));
  const limiter = new StoreFailureLimiter(store, config.authFailuresPerMinute, clock);
  const authenticator = new Authenticator({ devMode: config.devMode, keys, sessions, limiter, registry });
  const engine = new EngineHolder(opts.engine ?? buildEngineState(customSources(config, opts.home ?? homedir()), config.policy, clock()));
  const metrics = new Metrics();
  const [hits, misses] = [metrics.scanCache.seriesFor({ result: 'hit' }), metrics.scanCache.seriesFor({ result: 'miss' })];
  const cache = new VerdictCache({
    maxBytes: config.scanCacheBytes,
    onLookup: (hit) => {
      (hit ? hits : misses).value++;
    },
  });
  const scanner = new ScanService({ state: () => engine.current, failMode: config.failMode, maxInputBytes: config.maxInputBytes, log: opts.log, cache });
  const engineAdmin = new EngineAdmin({ holder: engine, store, config, home: opts.home ?? homedir(), log: opts.log, clock });
  return {
    engine,
    scanner,
    engineAdmin,
    analyzer: new AnalyzeService({ state: () => engine.current, scanner, redactionKey: config.redactionKey }),
    stats: new ScanStats(),
    metrics,
    config,
    keys,
    sessions,
    authenticator,
    store,
    clock,
    log: opts.log,
    registry,
    keyAdmin: new KeyAdmin(registry),
    conversations: new ConversationService({ store, engine, clock, log: opts.log, limits: config.conversations }),
    audit: new AuditLog({ store, clock, log: opts.log, file: config.audit.file, maxEntries: config.audit.maxEntries }),
    tls: config.tls.mode !== 'off',
    startedAt: clock(),
    version: { version: VERSION, commit: COMMIT },
  };
}

/** Builds deps and the app in one step, with runtime overrides saved by an earlier run re-applied. */
export async function buildApp(config: Config, opts: BuildOptions) {
  const deps = buildDeps(config, opts);
  deps.registry.start();
  // A shared store that is down at startup is not fatal: serve (env keys, scans) and keep retrying.
  if (!(await deps.store.whenReady(STARTUP_WAIT_MS))) {
    opts.log.warn('state store unreachable at startup; serving without it and retrying in the background', {
      store: deps.store.kind,
      location: storeLocation(config),
    });
  }
  await restoreWhenReachable(deps);
  // Policy switches and signature overrides made on another instance apply here too.
  deps.engineAdmin.follow();
  return { deps, app: createApp(deps) };
}

/** How long startup waits for the store before serving without it. */
const STARTUP_WAIT_MS = 2000;

/**
 * Re-applies saved runtime overrides; while the store is unreachable, retries every second in the
 * background (the engine serves shipped defaults meanwhile, and says so in the log).
 */
async function restoreWhenReachable(deps: AppDeps): Promise<void> {
  try {
    await deps.engineAdmin.restore();
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    deps.log.warn('runtime overrides not restored yet (state store unavailable); retrying', { error: err.message });
    const timer = setInterval(() => {
      deps.engineAdmin.restore().then(
        () => {
          clearInterval(timer);
          deps.log.info('runtime overrides restored');
        },
        (retryErr: unknown) => {
          if (retryErr instanceof StoreUnavailableError) return;
          clearInterval(timer);
          deps.log.error('runtime overrides not restored', { error: (retryErr as Error).message });
        },
      );
    }, 1000);
    timer.unref();
  }
}
