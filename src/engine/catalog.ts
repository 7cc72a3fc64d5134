/**
 * Compiles validated signature files into the form the matcher runs: regexes compiled once,
 * keywords turned into boundary-aware regexes, and one literal prefilter over the whole catalog.
 */
import type { GATES, SignatureFile } from '../catalog/schema';

export type Gate = (typeof GATES)[number];
/** One bit per gate, so the matcher tests a signature's gate against the open ones in one step. */
export const GATE_BIT: Readonly<Record<Gate, number>> = { digits: 1, 'digit-run': 2, 'non-ascii': 4 };
import type { Direction, ViewKind } from './types';
import { leadingLiterals } from './anchors';
import { LiteralPrefilter } from './prefilter';
import { VALIDATORS, type Validator } from './validators';

export interface CompiledPattern {
  /** Non-global regex for a first match; global twin for validator loops. */
  readonly re: RegExp;
  readonly reAll: RegExp;
  /**
   * Prefilter literal ids of the words every match starts with (anchors.ts), and the sticky twin
   * tried only where they occur; null when the pattern can start anywhere.
   */
  readonly anchors: Int32Array | null;
  readonly reAt: RegExp | null;
  readonly validator?: Validator;
  readonly validatorName?: string;
}

export interface CompiledSignature {
  readonly index: number;
  readonly file: string;
  readonly def: SignatureFile;
  readonly directions: ReadonlySet<Direction>;
  /** null = every view. */
  readonly views: ReadonlySet<ViewKind> | null;
  readonly patterns: readonly CompiledPattern[];
  /** False when the signature has no prefilter and runs on every view. */
  readonly prefiltered: boolean;
  /** A character-class condition checked even when a literal made it a candidate. */
  readonly gate: Gate | null;
  /** GATE_BIT of `gate`, 0 without one. */
  readonly gateBit: number;
  /** Literal-id groups (prefilter_all) that must each have a hit for the signature to run. */
  readonly requireGroups: readonly (readonly number[])[];
}

export interface CompiledCatalog {
  readonly signatures: readonly CompiledSignature[];
  readonly byId: ReadonlyMap<string, CompiledSignature>;
  readonly prefilter: LiteralPrefilter;
  /** literalSignatures[literalId] = indices of signatures that literal unlocks. */
  readonly literalSignatures: readonly (readonly number[])[];
  /** Signatures that run without a literal hit, by the gate they need (null = always). */
  readonly alwaysRun: readonly number[];
  readonly gated: Readonly<Record<Gate, readonly number[]>>;
  /** anchorLiteral[literalId] = 1 when some pattern is anchored on that literal. */
  readonly anchorLiteral: Uint8Array;
  /** A short digest of the catalog's content, reported by health and stats. */
  readonly version: string;
}

const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);

/**
 * Flags for a pattern. JSC's case-insensitive matching in Unicode mode costs 2–4× more, so a
 * pattern that needs no Unicode-only feature (\p{…}, \u{…}, characters outside the BMP, which
 * non-Unicode mode would split into surrogate halves) runs without `u`. BMP letters such as é or
 * д still fold case without it. The signature example tests prove both compile to the same matches.
 */
export function patternFlags(source: string, caseSensitive: boolean): string {
  const unicode = /\\[pP]\{|\\u\{|[\u{10000}-\u{10FFFF}]/u.test(source);
  return (caseSensitive ? '' : 'i') + (unicode ? 'u' : '');
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const WORDISH = /^[\p{L}\p{N}]/u;

/** A keyword list as one regex: case-insensitive, bounded by non-letters where the keyword starts/ends with one. */
export function keywordsRegex(keywords: readonly string[]): string {
  // ASCII keyword lists get ASCII boundaries, so the regex needs no `u` flag (much faster in JSC).
  const word = keywords.every(isAscii) ? 'A-Za-z0-9' : '\\p{L}\\p{N}';
  return keywords
    .map((k) => {
      const body = escapeRegex(k).replace(/\s+/g, '\\s+');
      const lead = WORDISH.test(k) ? `(?<![${word}])` : '';
      const trail = WORDISH.test([...k].reverse().join('')) ? `(?![${word}])` : '';
      return `${lead}${body}${trail}`;
    })
    .join('|');
}

/** Compiles signature files (already schema-valid) into a catalog; throws on a regex that does not compile. */
export function compileCatalog(files: readonly { file: string; def: SignatureFile }[], version: string): CompiledCatalog {
  const literalIds = new Map<string, number>();
  const literalSignatures: number[][] = [];
  const alwaysRun: number[] = [];
  const gated: Record<Gate, number[]> = { digits: [], 'digit-run': [], 'non-ascii': [] };
  const literalId = (lit: string): number => {
    let id = literalIds.get(lit);
    if (id === undefined) {
      id = literalIds.size;
      literalIds.set(lit, id);
      literalSignatures.push([]);
    }
    return id;
  };
  const anchorIds = new Set<number>();
  const signatures = files.map(({ file, def }, index): CompiledSignature => {
    const patterns = def.patterns.map((p, i): CompiledPattern => {
      const isRegex = 'regex' in p;
      const source = isRegex ? p.regex : keywordsRegex(p.keywords);
      const flags = patternFlags(source, isRegex && p.case_sensitive === true);
      let re: RegExp;
      try {
        re = new RegExp(source, flags);
      } catch (err) {
        throw new CatalogCompileError(file, def.id, `patterns[${i}]`, (err as Error).message);
      }
      const validatorName = isRegex ? p.validator : undefined;
      // Anchored on its opening words (anchors.ts): registered as prefilter literals (word-start
      // or match-anywhere, as the pattern allows) that unlock no signature by themselves.
      const opening = validatorName || flags.includes('u') ? null : leadingLiterals(source);
      const anchors = opening ? Int32Array.from(new Set(opening.map(literalId))) : null;
      for (const id of anchors ?? []) anchorIds.add(id);
      return {
        re,
        reAll: new RegExp(source, flags + 'g'),
        anchors,
        reAt: anchors ? new RegExp(source, flags + 'y') : null,
        ...(validatorName ? { validator: VALIDATORS[validatorName], validatorName } : {}),
      };
    });
    const requireGroups = (def.prefilter_all ?? []).map((group) => [...new Set(group.map((l) => literalId(l.toLowerCase())))]);
    let literals = def.prefilter?.map((l) => l.toLowerCase());
    if (!literals && def.patterns.every((p) => 'keywords' in p)) {
      literals = def.patterns.flatMap((p) => ('keywords' in p ? p.keywords.map((k) => k.toLowerCase()) : []));
    }
    if (literals) {
      for (const lit of new Set(literals)) literalSignatures[literalId(lit)]?.push(index);
    } else if (def.gate) {
      gated[def.gate].push(index);
    } else {
      alwaysRun.push(index);
    }
    return {
      index,
      file,
      def,
      directions: new Set<Direction>(def.direction === 'both' ? ['input', 'output'] : [def.direction]),
      views: def.views ? new Set(def.views as ViewKind[]) : null,
      patterns,
      prefiltered: literals !== undefined,
      gate: def.gate ?? null,
      gateBit: def.gate ? GATE_BIT[def.gate] : 0,
      requireGroups,
    };
  });
  const anchorLiteral = new Uint8Array(literalIds.size);
  for (const id of anchorIds) anchorLiteral[id] = 1;
  return {
    signatures,
    byId: new Map(signatures.map((s) => [s.def.id, s])),
    prefilter: new LiteralPrefilter([...literalIds.keys()]),
    literalSignatures,
    alwaysRun,
    gated,
    anchorLiteral,
    version,
  };
}

/** A regex in a signature file that the JavaScript engine rejects. */
export class CatalogCompileError extends Error {
  constructor(
    readonly file: string,
    readonly signature: string,
    readonly field: string,
    reason: string,
  ) {
    super(`${file}: ${signature}: ${field}: invalid regex: ${reason}`);
    this.name = 'CatalogCompileError';
  }
}
