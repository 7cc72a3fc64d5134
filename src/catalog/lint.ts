/**
 * Catalog lint beyond the schema: every example behaves as declared when run through the real
 * engine, and every pattern survives a ReDoS probe (adversarial pumped inputs, timed). Used by
 * `inferwall signatures validate|lint`, by reload, and by the test suite (which also runs the
 * static `recheck` analyser).
 */
import { scan } from '../engine';
import type { CompiledCatalog, CompiledSignature } from '../engine/catalog';
import { resolvePolicy } from '../engine/policy';
import type { CatalogIssue } from './load';

/** Every signature enforced and no early exit, so a signature's own match is always visible. */
const SEE_ALL = resolvePolicy(
  { name: 'lint', mode: 'enforce', early_exit: false, thresholds: { input: { flag: 4, block: 10 }, output: { flag: 3, block: 7 } } },
  'lint',
);

/** Inputs that make backtracking regexes blow up: repeated characters, words, separators, escapes. */
export const REDOS_PUMPS = ['a', ' ', 'a ', 'ignore ', '=', '%41', '\\u0041', '&#65;', 'A1', '-', '.', '0', '1 ', '@a.', 'sk-', '\n', '\t ', 'aA0'];

/** Checks that each signature's examples match (or not) as declared. */
export function lintExamples(catalog: CompiledCatalog, only?: ReadonlySet<string>): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  for (const sig of catalog.signatures) {
    if (only && !only.has(sig.def.id)) continue;
    const direction = sig.def.direction === 'output' ? 'output' : 'input';
    sig.def.examples.match.forEach((text, i) => {
      if (!scan(text, direction, SEE_ALL, catalog).matches.some((m) => m.signature_id === sig.def.id)) {
        issues.push({ file: sig.file, signature: sig.def.id, field: `examples.match[${i}]`, message: `does not match: ${JSON.stringify(text.slice(0, 80))}` });
      }
    });
    sig.def.examples.no_match.forEach((text, i) => {
      if (scan(text, direction, SEE_ALL, catalog).matches.some((m) => m.signature_id === sig.def.id)) {
        issues.push({ file: sig.file, signature: sig.def.id, field: `examples.no_match[${i}]`, message: `matches but must not: ${JSON.stringify(text.slice(0, 80))}` });
      }
    });
  }
  return issues;
}

export interface ProbeResult {
  readonly signature: string;
  readonly pattern: number;
  readonly ms: number;
  readonly pump: string;
}

/** Times each pattern on every pump repeated to `size` characters; returns the worst per pattern. */
export function probePatterns(sigs: readonly CompiledSignature[], size = 16 * 1024): ProbeResult[] {
  const inputs = REDOS_PUMPS.map((p) => ({ pump: p, text: p.repeat(Math.ceil(size / p.length)).slice(0, size) + '!\u0000' }));
  const out: ProbeResult[] = [];
  for (const sig of sigs) {
    sig.patterns.forEach((p, index) => {
      let worst = { ms: 0, pump: '' };
      for (const { pump, text } of inputs) {
        const start = performance.now();
        p.reAll.lastIndex = 0;
        // Iterate matches as a validator loop would, bounded.
        for (let n = 0; n < 256; n++) {
          const m = p.reAll.exec(text);
          if (!m) break;
          if (m[0].length === 0) p.reAll.lastIndex++;
        }
        const ms = performance.now() - start;
        if (ms > worst.ms) worst = { ms, pump };
      }
      out.push({ signature: sig.def.id, pattern: index, ...worst });
    });
  }
  return out.sort((a, b) => b.ms - a.ms);
}

/** Patterns slower than `limitMs` on a 16 KiB pump, as issues. */
export function lintRedos(catalog: CompiledCatalog, limitMs = 100, only?: ReadonlySet<string>): CatalogIssue[] {
  const sigs = catalog.signatures.filter((s) => !only || only.has(s.def.id));
  return probePatterns(sigs)
    .filter((r) => r.ms > limitMs)
    .map((r) => {
      const sig = catalog.byId.get(r.signature);
      return {
        file: sig?.file ?? '?',
        signature: r.signature,
        field: `patterns[${r.pattern}]`,
        message: `possible ReDoS: ${r.ms.toFixed(0)} ms on 16 KiB of ${JSON.stringify(r.pump)} (limit ${limitMs} ms); bound repetitions and avoid nested quantifiers`,
      };
    });
}
