/** Loading custom signatures and policies: merges, and every broken file is named precisely. */
import { describe, expect, test } from 'bun:test';
import { buildCatalog, buildPolicies, CatalogLoadError, type CatalogIssue } from '../../src/catalog/load';
import { buildEngineState } from '../../src/catalog/engine-state';
import { scan } from '../../src/engine';
import { seeEverything } from '../helpers/engine';
import { signatureYaml } from '../helpers/signature-fixture';

const good = (id = 'INJ-D-900', extra = ''): string => signatureYaml(id, 'zebra protocol seven', { extra });

function issuesOf(fn: () => unknown): CatalogIssue[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof CatalogLoadError) return [...err.issues];
    throw err;
  }
  throw new Error('expected CatalogLoadError');
}

describe('custom signatures', () => {
  test('a valid custom signature is merged and matches', () => {
    const catalog = buildCatalog([{ file: '/custom/zebra.yaml', text: good() }]);
    expect(catalog.byId.get('INJ-D-900')?.file).toBe('/custom/zebra.yaml');
    const ids = scan('please activate Zebra Protocol Seven', 'input', seeEverything, catalog).matches.map((m) => m.signature_id);
    expect(ids).toContain('INJ-D-900');
  });

  test('a custom signature with a shipped id replaces it', () => {
    const shipped = buildCatalog();
    const someId = shipped.signatures[0]?.def.id as string;
    const catalog = buildCatalog([{ file: '/custom/replace.yaml', text: good(someId).replace('category: prompt-injection', `category: ${shipped.byId.get(someId)?.def.category}`) }]);
    expect(catalog.signatures.length).toBe(shipped.signatures.length);
    expect(catalog.byId.get(someId)?.file).toBe('/custom/replace.yaml');
  });

  test.each([
    ['bad YAML', 'id: [unclosed', null, '', 'not valid YAML'],
    ['missing field', good().replace('severity: high\n', ''), 'INJ-D-900', 'severity', ''],
    ['bad enum', good().replace('severity: high', 'severity: extreme'), 'INJ-D-900', 'severity', ''],
    ['unknown field', good().replace('enabled: true', 'enabled: true\nfoo: 1'), 'INJ-D-900', '', ''],
    ['wrong prefix', good('JB-900'), 'JB-900', 'id', 'prefix must be one of'],
    ['bad regex', good().replace('protocol\\s+seven', 'protocol(('), 'INJ-D-900', 'patterns[0]', ''],
    ['one example only', good().replace('match: ["please zebra protocol seven now", "ZEBRA PROTOCOL SEVEN"]', 'match: ["x"]'), 'INJ-D-900', 'examples.match', ''],
  ])('%s → names file, signature and field', (_name, text, signature, field, words) => {
    const issues = issuesOf(() => buildCatalog([{ file: '/custom/bad.yaml', text }]));
    expect(issues.length).toBeGreaterThan(0);
    const issue = issues[0] as CatalogIssue;
    expect(issue.file).toBe('/custom/bad.yaml');
    expect(issue.signature).toBe(signature);
    if (field) expect(issues.map((i) => i.field)).toContain(field);
    if (words) expect(issue.message).toContain(words);
  });
});

describe('policies', () => {
  test('shipped profiles load', () => {
    const p = buildPolicies();
    expect([...p.keys()].sort()).toEqual(['default', 'monitor-only', 'strict']);
    expect(p.get('default')?.thresholds).toEqual({ input: { flag: 4, block: 10 }, output: { flag: 3, block: 7 } });
  });

  test('custom policy with overrides and allowlist', () => {
    const text = `name: team\nmode: enforce\nthresholds: { input: { flag: 5, block: 12 }, output: { flag: 3, block: 7 } }\nallowlist:\n  - pattern: 'protocol'\n    reason: internal jargon\n`;
    const p = buildPolicies([{ file: '/p/team.yaml', text }]).get('team');
    expect(p?.thresholds.input.block).toBe(12);
    expect(p?.allowlist[0]?.reason).toBe('internal jargon');
  });

  test.each([
    ['bad threshold type', `name: x\nmode: enforce\nthresholds: { input: { flag: low, block: 12 }, output: { flag: 3, block: 7 } }\n`, 'thresholds.input.flag'],
    ['block below flag', `name: x\nmode: enforce\nthresholds: { input: { flag: 9, block: 2 }, output: { flag: 3, block: 7 } }\n`, 'thresholds.input'],
    ['bad allowlist regex', `name: x\nmode: enforce\nthresholds: { input: { flag: 4, block: 10 }, output: { flag: 3, block: 7 } }\nallowlist: [{ pattern: '((', reason: r }]\n`, 'allowlist[0].pattern'],
  ])('%s → names the field', (_n, text, field) => {
    const issues = issuesOf(() => buildPolicies([{ file: '/p/x.yaml', text }]));
    expect(issues[0]?.file).toBe('/p/x.yaml');
    expect(issues.map((i) => i.field)).toContain(field);
  });

  test('an override naming an unknown signature, or an unknown active policy, is refused', () => {
    const text = `name: x\nmode: enforce\nthresholds: { input: { flag: 4, block: 10 }, output: { flag: 3, block: 7 } }\noverrides: { INJ-D-999: { enabled: false } }\n`;
    expect(issuesOf(() => buildEngineState({ signatures: [], policies: [{ file: '/p/x.yaml', text }] }, 'default', 0))[0]?.field).toBe('overrides.INJ-D-999');
    expect(issuesOf(() => buildEngineState({ signatures: [], policies: [] }, 'nope', 0))[0]?.field).toBe('IW_POLICY');
  });
});
