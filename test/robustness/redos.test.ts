/**
 * ReDoS at the size limit: every pump of the lint probe, 1 MiB long, through the whole engine. The
 * bound is loose (orders of magnitude, not a benchmark); the slowest is printed.
 */
import { expect, test } from 'bun:test';
import { REDOS_PUMPS } from '../../src/catalog/lint';
import { scan } from '../../src/engine';
import { policy, shippedState } from '../helpers/engine';

test('no 1 MiB adversarial input takes more than a few seconds to scan', () => {
  const { catalog } = shippedState();
  const results: { pump: string; ms: number }[] = [];
  for (const pump of [...REDOS_PUMPS, '1 ', 'a1 ', 'I G N O R E ', '\u200B', 'і', '<!--', '{"a":']) {
    const text = pump.repeat(Math.ceil((1024 * 1024) / pump.length)).slice(0, 1024 * 1024);
    const t0 = performance.now();
    scan(text, 'input', policy(), catalog);
    results.push({ pump, ms: performance.now() - t0 });
  }
  results.sort((a, b) => b.ms - a.ms);
  console.log(`slowest 1 MiB scans: ${results.slice(0, 3).map((r) => `${JSON.stringify(r.pump)} ${r.ms.toFixed(0)} ms`).join(', ')}`);
  expect(results[0]?.ms ?? 0).toBeLessThan(5000);
}, 120_000);
