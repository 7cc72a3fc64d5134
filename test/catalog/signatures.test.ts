/**
 * One generic loop over the whole catalog (CRS-style): every signature's match examples must
 * produce that signature, and its near misses must not. Plus catalog-wide lint rules.
 */
import { describe, expect, test } from 'bun:test';
import { CATEGORY_FOLDERS, OWASP_IDS } from '../../src/catalog/schema';
import { scan } from '../../src/engine';
import { renderIndex, GENERATED } from '../../scripts/gen-catalog';
import { seeEverything, shippedState } from '../helpers/engine';

const catalog = shippedState().catalog;

describe('catalog', () => {
  test('the embedded index lists exactly the files on disk', async () => {
    expect(await Bun.file(GENERATED).text()).toBe(renderIndex());
  });

  test('at least 120 signatures covering every category', () => {
    expect(catalog.signatures.length).toBeGreaterThanOrEqual(120);
    const categories = new Set<string>(catalog.signatures.map((s) => s.def.category));
    expect([...categories].sort()).toEqual(Object.keys(CATEGORY_FOLDERS).sort());
  });

  test('OWASP LLM Top 10 risks a text scanner can see are all covered', () => {
    const owasp = new Set(catalog.signatures.map((s) => s.def.owasp));
    for (const id of ['LLM01', 'LLM02', 'LLM05', 'LLM06', 'LLM07', 'LLM09'] as const) expect(owasp).toContain(id);
    for (const id of owasp) expect(OWASP_IDS).toContain(id);
  });

  test('prefilter literals are lowercase', () => {
    for (const s of catalog.signatures) for (const l of s.def.prefilter ?? []) expect(l).toBe(l.toLowerCase());
  });

  test('at most a handful of signatures run without a prefilter (speed)', () => {
    const always = catalog.alwaysRun.map((i) => catalog.signatures[i]?.def.id);
    expect(always.length).toBeLessThanOrEqual(Math.ceil(catalog.signatures.length * 0.15));
  });
});

describe('signature examples', () => {
  for (const sig of catalog.signatures) {
    const def = sig.def;
    const direction = def.direction === 'output' ? 'output' : 'input';
    test(`${def.id} ${def.name}`, () => {
      for (const text of def.examples.match) {
        const ids = scan(text, direction, seeEverything, catalog).matches.map((m) => m.signature_id);
        if (!ids.includes(def.id)) throw new Error(`${def.id} should match: ${JSON.stringify(text)} (matched: ${ids.join(', ') || 'nothing'})`);
      }
      for (const text of def.examples.no_match) {
        const ids = scan(text, direction, seeEverything, catalog).matches.map((m) => m.signature_id);
        if (ids.includes(def.id)) throw new Error(`${def.id} should not match: ${JSON.stringify(text)}`);
      }
    });
  }
});
