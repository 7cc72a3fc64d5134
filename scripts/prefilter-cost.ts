/**
 * Which signatures cost the most on ordinary traffic: for every benign sample in the corpora,
 * the candidates the prefilter lets through and the time their regexes take. Prints the top
 * signatures by total time, with how often they ran and matched nothing. Guides `prefilter`,
 * `prefilter_all` and `gate` choices.
 *   bun scripts/prefilter-cost.ts [--top 30]
 */
import { Glob } from 'bun';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildEngineState } from '../src/catalog/engine-state';
import { preprocess } from '../src/engine/preprocess';

const { values } = parseArgs({ args: Bun.argv.slice(2), options: { top: { type: 'string', default: '30' } } });
const state = buildEngineState({ signatures: [], policies: [] }, 'default', 0);
const catalog = state.catalog;
const ROOT = resolve(import.meta.dir, '..', 'test', 'corpora');
const texts: string[] = [];
for (const f of new Glob('**/*.jsonl').scanSync({ cwd: ROOT })) {
  for (const line of (await Bun.file(join(ROOT, f)).text()).split('\n')) {
    if (!line.trim()) continue;
    const s = JSON.parse(line) as { text: string; label: number };
    if (s.label === 0) texts.push(s.text);
  }
}
const cost = new Map<string, { runs: number; ms: number; matched: number }>();
const hitStamp = new Uint32Array(catalog.prefilter.literals.length);
let gen = 0;
for (const text of texts) {
  for (const view of preprocess(text).views) {
    gen++;
    const cands = new Set<number>();
    catalog.prefilter.scan(view.text.toLowerCase(), (lit) => {
      hitStamp[lit] = gen;
      for (const i of catalog.literalSignatures[lit] ?? []) cands.add(i);
    });
    for (const i of catalog.alwaysRun) cands.add(i);
    if (/\d/.test(view.text)) for (const i of catalog.gated.digits) cands.add(i);
    if (/\d{3}/.test(view.text)) for (const i of catalog.gated['digit-run']) cands.add(i);
    if (/[^\x00-\x7f]/.test(view.text)) for (const i of catalog.gated['non-ascii']) cands.add(i);
    for (const i of cands) {
      const sig = catalog.signatures[i];
      if (!sig) continue;
      if (sig.requireGroups.length > 0 && !sig.requireGroups.every((g) => g.some((id) => hitStamp[id] === gen))) continue;
      const t0 = performance.now();
      let matched = false;
      for (let k = 0; k < 20; k++) for (const p of sig.patterns) matched = p.re.test(view.text) || matched;
      const c = cost.get(sig.def.id) ?? { runs: 0, ms: 0, matched: 0 };
      c.runs++;
      c.ms += (performance.now() - t0) / 20;
      if (matched) c.matched++;
      cost.set(sig.def.id, c);
    }
  }
}
const total = [...cost.values()].reduce((a, c) => a + c.ms, 0);
console.log(`${texts.length} benign samples; regex time per sample ${((total / texts.length) * 1000).toFixed(1)} µs on average\n`);
console.log('signature   runs  matched   total ms   µs/run  share');
for (const [id, c] of [...cost].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(values.top))) {
  console.log(`${id.padEnd(10)} ${String(c.runs).padStart(5)} ${String(c.matched).padStart(8)} ${c.ms.toFixed(2).padStart(10)} ${((c.ms / c.runs) * 1000).toFixed(1).padStart(8)}  ${((100 * c.ms) / total).toFixed(1)}%`);
}
