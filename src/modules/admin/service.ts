/**
 * Operating the engine at runtime: atomic reload of shipped + custom files, switching the active
 * policy, and per-signature overrides. Runtime changes are persisted in the state store and
 * re-applied after every reload and restart.
 */
import { applyRuntime, buildEngineState, customSources, overridable, type EngineHolder, type RuntimeOverrides } from '../../catalog/engine-state';
import { CatalogLoadError, formatIssue } from '../../catalog/load';
import type { Config } from '../../config';
import { ApiError } from '../../server/errors';
import type { Logger } from '../../server/log';
import type { Clock, StateStore } from '../../store/interface';

const RUNTIME_KEY = 'engine:runtime';
/** Other instances sharing the store re-read the runtime overrides when told on this channel. */
const RUNTIME_CHANNEL = 'engine:runtime';

export class EngineAdmin {
  private runtime: RuntimeOverrides = { signatures: {} };
  private reloading: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: {
      holder: EngineHolder;
      store: StateStore;
      config: Config;
      home: string;
      log: Logger;
      clock: Clock;
    },
  ) {}

  /** Re-applies the runtime overrides saved by an earlier run (called once at startup). */
  async restore(): Promise<void> {
    const raw = await this.deps.store.get(RUNTIME_KEY);
    if (!raw) return;
    this.runtime = JSON.parse(raw) as RuntimeOverrides;
    this.deps.holder.swap(applyRuntime(this.deps.holder.current, this.runtime));
  }

  /**
   * Follows runtime changes made on other instances (policy switch, signature overrides): each
   * save is announced on the store's channel and every instance re-reads and re-applies it.
   * Returns the unsubscribe function.
   */
  follow(): () => void {
    return this.deps.store.subscribe(RUNTIME_CHANNEL, () => {
      this.restore().catch((err: unknown) => this.deps.log.warn('runtime overrides not re-read', { error: (err as Error).message }));
    });
  }

  /**
   * Re-reads every signature and policy file and swaps the result in only if all of it loads:
   * a broken file leaves the old catalog live and answers 422 naming file, signature and field.
   */
  async reload(): Promise<{ catalog_version: string; signatures: number; policies: string[]; active_policy: string }> {
    const run = this.reloading.then(() => {
      const { config } = this.deps;
      let next;
      try {
        next = buildEngineState(customSources(config, this.deps.home), this.deps.holder.current.activePolicy, this.deps.clock());
      } catch (err) {
        if (err instanceof CatalogLoadError) {
          this.deps.log.warn('reload rejected', { problems: err.issues.length });
          throw new ApiError('VALIDATION', `Catalog not reloaded (the old one stays live): ${err.issues.slice(0, 10).map(formatIssue).join('; ')}`);
        }
        throw err;
      }
      const state = applyRuntime(next, this.runtime);
      this.deps.holder.swap(state);
      this.deps.log.info('catalog reloaded', { version: state.catalog.version, signatures: state.catalog.signatures.length });
      return {
        catalog_version: state.catalog.version,
        signatures: state.catalog.signatures.length,
        policies: [...state.policies.keys()],
        active_policy: state.activePolicy,
      };
    });
    this.reloading = run.catch(() => undefined);
    return run;
  }

  /** Makes `name` the active policy (persisted). */
  async setActivePolicy(name: string): Promise<string> {
    const state = this.deps.holder.current;
    if (!state.policies.has(name)) {
      throw new ApiError('VALIDATION', `Invalid request: body.policy: unknown policy "${name}"; loaded: ${[...state.policies.keys()].join(', ')}`);
    }
    await this.save((current) => ({ ...current, activePolicy: name }));
    this.deps.holder.swap({ ...this.deps.holder.current, activePolicy: name });
    this.deps.log.info('active policy changed', { policy: name });
    return name;
  }

  /** Enables/disables a signature or switches it between monitor and enforce (persisted). */
  async overrideSignature(id: string, change: { enabled?: boolean | undefined; action?: 'enforce' | 'monitor' | undefined }): Promise<void> {
    if (!overridable(this.deps.holder.current.catalog, id)) throw new ApiError('NOT_FOUND', `No signature with id ${id}`);
    if (change.enabled === undefined && change.action === undefined) {
      throw new ApiError('VALIDATION', 'Invalid request: give body.enabled and/or body.action');
    }
    const patch = {
      ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
      ...(change.action !== undefined ? { action: change.action } : {}),
    };
    const saved = await this.save((current) => ({ ...current, signatures: { ...current.signatures, [id]: { ...current.signatures[id], ...patch } } }));
    this.deps.holder.swap(applyRuntime(this.deps.holder.current, this.runtime));
    this.deps.log.info('signature override', { signature: id, ...saved.signatures[id] });
  }

  /**
   * Applies `change` to the overrides as stored now (not to this instance's copy, which may lag
   * another instance's change by a pub/sub hop) with a compare-and-set, retried when another
   * instance wrote in between: two admins changing different signatures on two instances at once
   * both keep their change.
   */
  private async save(change: (current: RuntimeOverrides) => RuntimeOverrides): Promise<RuntimeOverrides> {
    const { store } = this.deps;
    for (let attempt = 0; attempt < 20; attempt++) {
      const raw = await store.get(RUNTIME_KEY);
      const next = change(raw ? (JSON.parse(raw) as RuntimeOverrides) : { signatures: {} });
      const json = JSON.stringify(next);
      // The first write creates the key with a lease (setIfAbsent needs one), then makes it permanent.
      const written = raw === null ? (await store.setIfAbsent(RUNTIME_KEY, json, 60_000)) && (await store.setIfEquals(RUNTIME_KEY, json, json)) : await store.setIfEquals(RUNTIME_KEY, raw, json);
      if (written) {
        this.runtime = next;
        await store.publish(RUNTIME_CHANNEL, String(this.deps.clock()));
        return next;
      }
    }
    throw new ApiError('CONFLICT', 'The runtime settings kept changing on other instances while saving; try again');
  }
}
