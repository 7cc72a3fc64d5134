/** The shipped engine state, built once per test process. */
import { buildEngineState, type EngineState } from '../../src/catalog/engine-state';
import { resolvePolicy, type ResolvedPolicy } from '../../src/engine/policy';

let state: EngineState | undefined;

export function shippedState(): EngineState {
  state ??= buildEngineState({ signatures: [], policies: [] }, 'default', 0);
  return state;
}

export function policy(name = 'default'): ResolvedPolicy {
  const p = shippedState().policies.get(name);
  if (!p) throw new Error(`no policy ${name}`);
  return p;
}

/** Every signature enforced, no early exit: to see every match a text produces. */
export const seeEverything: ResolvedPolicy = resolvePolicy(
  { name: 'see-everything', mode: 'enforce', early_exit: false, thresholds: { input: { flag: 4, block: 10 }, output: { flag: 3, block: 7 } } },
  'test',
);

export interface Sample {
  text: string;
  label: 0 | 1;
  category?: string;
  direction?: 'input' | 'output';
}

/** Reads a JSON-lines corpus. */
export async function readCorpus(path: string): Promise<Sample[]> {
  const text = await Bun.file(path).text();
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Sample);
}
