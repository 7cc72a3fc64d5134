/**
 * Detection quality on every corpus under test/corpora: recall (attacks not allowed), precision and
 * false-positive rate (benign samples flagged or blocked), per corpus and per category.
 *   bun run eval [--policy default] [--show-misses]
 */
import { Glob } from 'bun';
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { buildEngineState } from '../src/catalog/engine-state';
import { scan } from '../src/engine';

const { values } = parseArgs({ args: Bun.argv.slice(2), options: { policy: { type: 'string', default: 'default' }, 'show-misses': { type: 'boolean', default: false } } });
const ROOT = resolve(import.meta.dir, '..', 'test', 'corpora');
const state = buildEngineState({ signatures: [], policies: [] }, values.policy, Date.now());
const policy = state.policies.get(values.policy);
if (!policy) throw new Error(`unknown policy ${values.policy}`);

interface Row { tp: number; fn: number; fp: number; tn: number }
const row = (): Row => ({ tp: 0, fn: 0, fp: 0, tn: 0 });
const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

const files = [...new Glob('**/*.jsonl').scanSync({ cwd: ROOT })].sort();
const total = row();
for (const file of files) {
  const perCategory = new Map<string, Row>();
  const all = row();
  const misses: string[] = [];
  for (const line of (await Bun.file(join(ROOT, file)).text()).split('\n')) {
    if (!line.trim()) continue;
    const s = JSON.parse(line) as { text: string; label: number; category?: string; direction?: 'input' | 'output' };
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
