/**
 * Detection quality on every corpus under test/corpora (or `--corpus`, a .jsonl file or a folder of
 * them: your own traffic, labelled): recall (attacks not allowed), precision and false-positive rate
 * (benign samples flagged or blocked), per corpus and per category. One JSON object per line: `text`,
 * `label` (1 attack, 0 benign), optional `category` and `direction` (input, the default, or output).
 * With --mutators, also the recall on the input attacks rewritten by each evasion of
 * scripts/mutators.ts (base64 in a sentence, leetspeak, look-alikes, …) next to their recall in clear.
 *   bun run eval [--policy default] [--show-misses] [--corpus FILE_OR_DIR] [--mutators]
 */
import { Glob } from 'bun';
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { basename, dirname, join, resolve } from 'node:path';
import { buildEngineState } from '../src/catalog/engine-state';
import { scan } from '../src/engine';
import { MUTATORS } from './mutators';

const { values } = parseArgs({ args: Bun.argv.slice(2), options: { policy: { type: 'string', default: 'default' }, 'show-misses': { type: 'boolean', default: false }, corpus: { type: 'string' }, mutators: { type: 'boolean', default: false } } });
const corpus = values.corpus === undefined ? resolve(import.meta.dir, '..', 'test', 'corpora') : resolve(values.corpus);
const isFile = (() => {
  try {
    return statSync(corpus).isFile();
  } catch {
    console.error(`eval: --corpus ${corpus}: no such file or folder`);
    process.exit(2);
  }
})();
const ROOT = isFile ? dirname(corpus) : corpus;
const state = buildEngineState({ signatures: [], policies: [] }, values.policy, Date.now());
const policy = state.policies.get(values.policy);
if (!policy) throw new Error(`unknown policy ${values.policy}`);

interface Row { tp: number; fn: number; fp: number; tn: number }
const row = (): Row => ({ tp: 0, fn: 0, fp: 0, tn: 0 });
const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

const files = isFile ? [basename(corpus)] : [...new Glob('**/*.jsonl').scanSync({ cwd: ROOT })].sort();
if (files.length === 0) {
  console.error(`eval: no .jsonl files under ${ROOT}`);
  process.exit(2);
}
const total = row();
/** Input attacks of every file, for --mutators. */
const inputAttacks: string[] = [];
for (const file of files) {
  const perCategory = new Map<string, Row>();
  const all = row();
  const misses: string[] = [];
  const lines = (await Bun.file(join(ROOT, file)).text()).split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    const s = parseSample(line, `${file}:${i + 1}`);
    if (s.label === 1 && (s.direction ?? 'input') === 'input') inputAttacks.push(s.text);
    const v = scan(s.text, s.direction ?? 'input', policy, state.catalog);
    const detected = v.decision !== 'allow';
    const cat = s.category ?? '-';
    const r = perCategory.get(cat) ?? row();
    perCategory.set(cat, r);
    for (const x of [r, all, total]) {
      if (s.label === 1) x[detected ? 'tp' : 'fn']++;
      else x[detected ? 'fp' : 'tn']++;
    }
    if (values['show-misses'] && detected !== (s.label === 1)) {
      misses.push(`  ${s.label === 1 ? 'MISSED' : 'FALSE+'} [${v.decision} ${v.score}] ${s.text.slice(0, 140).replace(/\n/g, ' ')}${v.matches.length ? `  (${v.matches.map((m) => m.signature_id).join(',')})` : ''}`);
    }
  }
  console.log(`\n${file}  (${all.tp + all.fn} attacks, ${all.fp + all.tn} benign)`);
  console.log(`  ${'category'.padEnd(32)} recall  precision  FPR`);
  for (const [cat, r] of [...perCategory].sort()) {
    console.log(`  ${cat.padEnd(32)} ${pct(r.tp, r.tp + r.fn)}  ${pct(r.tp, r.tp + r.fp)}    ${pct(r.fp, r.fp + r.tn)}`);
  }
  console.log(`  ${'ALL'.padEnd(32)} ${pct(all.tp, all.tp + all.fn)}  ${pct(all.tp, all.tp + all.fp)}    ${pct(all.fp, all.fp + all.tn)}`);
  for (const m of misses) console.log(m);
}
console.log(`\nTOTAL (policy ${policy.name}, ${state.catalog.signatures.length} signatures): recall ${pct(total.tp, total.tp + total.fn)}, precision ${pct(total.tp, total.tp + total.fp)}, FPR ${pct(total.fp, total.fp + total.tn)}`);

if (values.mutators) {
  const caught = (texts: readonly string[]) => texts.filter((t) => scan(t, 'input', policy, state.catalog).decision !== 'allow').length;
  const clear = caught(inputAttacks);
  console.log(`\nEVASIONS: the ${inputAttacks.length} input attacks rewritten by each (scripts/mutators.ts); caught in clear: ${pct(clear, inputAttacks.length)}`);
  console.log(`  ${'evasion'.padEnd(20)} recall  of clear`);
  for (const [name, mutate] of Object.entries(MUTATORS)) {
    const n = caught(inputAttacks.map(mutate));
    console.log(`  ${name.padEnd(20)} ${pct(n, inputAttacks.length)}  ${pct(n, clear)}`);
  }
}

interface Sample {
  text: string;
  label: number;
  category?: string;
  direction?: 'input' | 'output';
}

/** One corpus line, or exit naming the line and what is wrong with it. */
function parseSample(line: string, where: string): Sample {
  let s: unknown;
  try {
    s = JSON.parse(line);
  } catch {
    return fail(`${where}: not valid JSON`);
  }
  const o = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>;
  if (typeof o.text !== 'string') return fail(`${where}: "text" must be a string`);
  if (o.label !== 0 && o.label !== 1) return fail(`${where}: "label" must be 0 (benign) or 1 (attack)`);
  if (o.direction !== undefined && o.direction !== 'input' && o.direction !== 'output') return fail(`${where}: "direction" must be "input" or "output"`);
  if (o.category !== undefined && typeof o.category !== 'string') return fail(`${where}: "category" must be a string`);
  return o as unknown as Sample;
}

function fail(message: string): never {
  console.error(`eval: ${message}`);
  process.exit(2);
}
