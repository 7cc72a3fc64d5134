/**
 * The live engine state: compiled catalog + policies + which policy is active. Built whole, then
 * swapped in one assignment, so a scan sees either the old state or the new one, never a mix.
 */
import { CLASSIFIER_ID } from '../engine/classifier';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import type { CompiledCatalog } from '../engine/catalog';
import type { ResolvedPolicy } from '../engine/policy';
import { buildCatalog, buildPolicies, CatalogLoadError, readSourcesFromDir, type Source } from './load';
import { readFileSync } from 'node:fs';

export interface EngineState {
  readonly catalog: CompiledCatalog;
  readonly policies: ReadonlyMap<string, ResolvedPolicy>;
  readonly activePolicy: string;
  readonly loadedAt: number;
}

/** Where custom files come from: config paths, resolved here once. */
export function customSources(config: Pick<Config, 'signaturesDir' | 'policyPath'>, home: string): { signatures: Source[]; policies: Source[] } {
  const policies: Source[] = [];
  const policyDir = join(home, '.inferwall', 'policies');
  if (existsSync(policyDir)) {
    for (const name of readdirSync(policyDir).sort()) {
      if (/\.ya?ml$/.test(name)) policies.push({ file: join(policyDir, name), text: readFileSync(join(policyDir, name), 'utf8') });
    }
  }
  if (config.policyPath) {
    if (!existsSync(config.policyPath)) {
      throw new CatalogLoadError([{ file: config.policyPath, signature: null, field: '', message: 'file not found (IW_POLICY_PATH)' }]);
    }
    policies.push({ file: config.policyPath, text: readFileSync(config.policyPath, 'utf8') });
  }
  return { signatures: readSourcesFromDir(config.signaturesDir), policies };
}

/** Builds a complete engine state or throws CatalogLoadError naming every problem. */
export function buildEngineState(
  sources: { signatures: readonly Source[]; policies: readonly Source[] },
  activePolicy: string,
  now: number,
): EngineState {
  const catalog = buildCatalog(sources.signatures);
  const policies = buildPolicies(sources.policies);
  if (!policies.has(activePolicy)) {
    throw new CatalogLoadError([
      { file: '(config)', signature: null, field: 'IW_POLICY', message: `unknown policy "${activePolicy}"; loaded: ${[...policies.keys()].join(', ')}` },
    ]);
  }
  const issues = [];
  for (const p of policies.values()) {
    for (const id of p.overrides.keys()) {
      if (!overridable(catalog, id)) issues.push({ file: p.source, signature: id, field: `overrides.${id}`, message: 'no such signature' });
    }
  }
  if (issues.length > 0) throw new CatalogLoadError(issues);
  return { catalog, policies, activePolicy, loadedAt: now };
}

/** Whether policies and admins may override `id`: a signature of the catalog, or the classifier. */
export function overridable(catalog: CompiledCatalog, id: string): boolean {
  return catalog.byId.has(id) || id === CLASSIFIER_ID;
}

/** Holds the live state; `swap` replaces it in one assignment (reads in flight keep the old one). */
export class EngineHolder {
  constructor(private state: EngineState) {}

  get current(): EngineState {
    return this.state;
  }

  swap(next: EngineState): void {
    this.state = next;
  }
}

/** Changes an admin made at runtime (PATCH /v1/signatures/:id, policy switch), persisted in the store. */
export interface RuntimeOverrides {
  readonly activePolicy?: string;
  readonly signatures: Readonly<Record<string, { enabled?: boolean; action?: 'enforce' | 'monitor' }>>;
}

/** The state with runtime overrides layered over every policy's own (runtime wins). */
export function applyRuntime(state: EngineState, runtime: RuntimeOverrides): EngineState {
  const policies = new Map<string, ResolvedPolicy>();
  for (const [name, p] of state.policies) {
    const overrides = new Map(p.overrides);
    for (const [id, o] of Object.entries(runtime.signatures)) {
      if (overridable(state.catalog, id)) overrides.set(id, { ...overrides.get(id), ...o });
    }
    policies.set(name, { ...p, overrides });
  }
  const active = runtime.activePolicy && policies.has(runtime.activePolicy) ? runtime.activePolicy : state.activePolicy;
  return { ...state, policies, activePolicy: active };
}
