/**
 * Loads the catalog: shipped files (embedded) plus custom files from disk, validated against the
 * schema and compiled once. Every problem names the file, the signature id and the field. Nothing
 * here touches a live catalog: callers swap in the result only when it loaded whole.
 */
import { Value } from '@sinclair/typebox/value';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogCompileError, compileCatalog, type CompiledCatalog } from '../engine/catalog';
import { PolicyError, resolvePolicy, type ResolvedPolicy } from '../engine/policy';
import { CATEGORY_FOLDERS, PolicyFile, SignatureFile } from './schema';
import { SHIPPED_POLICIES, SHIPPED_SIGNATURES } from './shipped.generated';

export interface Source {
  readonly file: string;
  readonly text: string;
  /** Shipped files must sit in the folder named after their category. */
  readonly shipped?: boolean;
}

export interface CatalogIssue {
  readonly file: string;
  readonly signature: string | null;
  readonly field: string;
  readonly message: string;
}

export const formatIssue = (i: CatalogIssue): string =>
  `${i.file}: ${i.signature ? `${i.signature}: ` : ''}${i.field ? `${i.field}: ` : ''}${i.message}`;

/** One or more catalog or policy files failed to load; `issues` lists each. */
export class CatalogLoadError extends Error {
  constructor(readonly issues: readonly CatalogIssue[]) {
    super(issues.slice(0, 5).map(formatIssue).join('\n') + (issues.length > 5 ? `\n… and ${issues.length - 5} more` : ''));
    this.name = 'CatalogLoadError';
  }
}

const fieldOf = (path: string): string => path.replace(/^\//, '').replace(/\//g, '.') || '(root)';

function parseYaml(src: Source): { value: unknown } | { issue: CatalogIssue } {
  try {
    return { value: Bun.YAML.parse(src.text) };
  } catch (err) {
    return { issue: { file: src.file, signature: null, field: '', message: `not valid YAML: ${(err as Error).message}` } };
  }
}

/** Validates signature sources; returns the valid definitions and every issue found. */
export function validateSignatures(sources: readonly Source[]): { defs: { file: string; def: SignatureFile }[]; issues: CatalogIssue[] } {
  const defs: { file: string; def: SignatureFile }[] = [];
  const issues: CatalogIssue[] = [];
  const seen = new Map<string, string>();
  for (const src of sources) {
    const parsed = parseYaml(src);
    if ('issue' in parsed) {
      issues.push(parsed.issue);
      continue;
    }
    const raw = parsed.value as Record<string, unknown> | null;
    const id = typeof raw?.id === 'string' ? raw.id : null;
    // Check first: listing errors walks the whole schema and cost ~50 ms of startup over the shipped catalog.
    const errors = Value.Check(SignatureFile, raw) ? [] : [...Value.Errors(SignatureFile, raw)];
    if (errors.length > 0) {
      const first = new Set<string>();
      for (const e of errors) {
        const field = fieldOf(e.path);
        if (first.has(field)) continue;
        first.add(field);
        issues.push({ file: src.file, signature: id, field, message: e.message });
      }
      continue;
    }
    const def = raw as unknown as SignatureFile;
    const prefixes = CATEGORY_FOLDERS[def.category] as readonly string[];
    if (!prefixes.some((p) => def.id.startsWith(p + '-'))) {
      issues.push({ file: src.file, signature: def.id, field: 'id', message: `prefix must be one of ${prefixes.join(', ')} for category ${def.category}` });
    }
    if (src.shipped && src.file.split('/').at(-2) !== def.category) {
      issues.push({ file: src.file, signature: def.id, field: 'category', message: `file sits in folder "${src.file.split('/').at(-2)}" but says ${def.category}` });
    }
    if (src.shipped && !src.file.endsWith(`/${def.id}.yaml`)) {
      issues.push({ file: src.file, signature: def.id, field: 'id', message: `file name must be ${def.id}.yaml` });
    }
    const dup = seen.get(def.id);
    if (dup !== undefined && src.shipped) {
      issues.push({ file: src.file, signature: def.id, field: 'id', message: `duplicate id (also in ${dup})` });
    }
    seen.set(def.id, src.file);
    defs.push({ file: src.file, def });
  }
  return { defs, issues };
}

/** Reads every .yaml/.yml file under `dir` (recursively); an absent folder is empty. */
export function readSourcesFromDir(dir: string): Source[] {
  if (!existsSync(dir)) return [];
  const out: Source[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) out.push({ file: path, text: readFileSync(path, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

/** Shipped signatures merged with custom ones (a custom id replaces the shipped one), compiled. */
export function buildCatalog(custom: readonly Source[] = []): CompiledCatalog {
  const shipped = SHIPPED_SIGNATURES.map((s) => ({ ...s, file: `src/catalog/${s.file}`, shipped: true }));
  const a = validateSignatures(shipped);
  const b = validateSignatures(custom);
  const issues = [...a.issues, ...b.issues];
  if (issues.length > 0) throw new CatalogLoadError(issues);
  const merged = new Map<string, { file: string; def: SignatureFile }>();
  for (const d of [...a.defs, ...b.defs]) merged.set(d.def.id, d);
  const ordered = [...merged.values()].sort((x, y) => x.def.id.localeCompare(y.def.id));
  const hash = createHash('sha256');
  for (const d of ordered) hash.update(JSON.stringify(d.def));
  try {
    return compileCatalog(ordered, hash.digest('hex').slice(0, 12));
  } catch (err) {
    if (err instanceof CatalogCompileError) {
      throw new CatalogLoadError([{ file: err.file, signature: err.signature, field: err.field, message: err.message.split(': invalid regex: ')[1] ?? err.message }]);
    }
    throw err;
  }
}

/** Validates and resolves policy sources; throws CatalogLoadError listing every problem. */
export function buildPolicies(extra: readonly Source[] = []): Map<string, ResolvedPolicy> {
  const issues: CatalogIssue[] = [];
  const policies = new Map<string, ResolvedPolicy>();
  const sources = [...SHIPPED_POLICIES.map((p) => ({ ...p, file: `src/catalog/${p.file}` })), ...extra];
  for (const src of sources) {
    const parsed = parseYaml(src);
    if ('issue' in parsed) {
      issues.push(parsed.issue);
      continue;
    }
    const errors = Value.Check(PolicyFile, parsed.value) ? [] : [...Value.Errors(PolicyFile, parsed.value)];
    if (errors.length > 0) {
      for (const e of errors.slice(0, 5)) issues.push({ file: src.file, signature: null, field: fieldOf(e.path), message: e.message });
      continue;
    }
    try {
      const p = resolvePolicy(parsed.value as PolicyFile, src.file);
      policies.set(p.name, p);
    } catch (err) {
      if (err instanceof PolicyError) issues.push({ file: src.file, signature: null, field: err.field, message: err.message.split(': ').slice(2).join(': ') });
      else throw err;
    }
  }
  if (issues.length > 0) throw new CatalogLoadError(issues);
  return policies;
}
