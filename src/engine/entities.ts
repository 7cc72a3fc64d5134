/**
 * Personal data and secrets as entities: type, exact offsets in the original text, confidence and
 * the validator that confirmed them. Overlapping finds resolve to the most specific entity (a key
 * inside a connection string is the connection string; a card number is not also a phone number).
 */
import type { ENTITY_TYPES } from '../catalog/schema';
import type { CompiledCatalog, CompiledSignature } from './catalog';
import type { Direction } from './types';
import { VALIDATORS } from './validators';

export type EntityType = (typeof ENTITY_TYPES)[number];

export interface Entity {
  readonly type: EntityType;
  readonly provider?: string;
  readonly start: number;
  readonly end: number;
  readonly confidence: number;
  readonly validator?: string;
  readonly signature_id: string;
}

/** Most specific first: when two finds overlap, the earlier type in this list wins. */
const SPECIFICITY: readonly EntityType[] = [
  'PRIVATE_KEY', 'CONNECTION_STRING', 'WEBHOOK_URL', 'JWT', 'API_KEY', 'PASSWORD', 'CREDIT_CARD', 'IBAN', 'SSN',
  'NPI', 'ROUTING_NUMBER', 'BANK_ACCOUNT', 'PASSPORT', 'MEDICAL_RECORD', 'EMAIL', 'DATE_OF_BIRTH', 'PHONE',
  'IP_ADDRESS', 'ADDRESS',
];
const RANK = new Map(SPECIFICITY.map((t, i) => [t, i]));
const CONFIDENCE = { low: 0.5, medium: 0.7, high: 0.9 } as const;
const MAX_FINDS_PER_PATTERN = 1000;

/** Global regexes with match indices (`d`), compiled once per signature. */
const indexed = new WeakMap<CompiledSignature, RegExp[]>();
function regexesOf(sig: CompiledSignature): RegExp[] {
  let list = indexed.get(sig);
  if (!list) {
    list = sig.def.patterns.flatMap((p) => ('regex' in p ? [new RegExp(p.regex, (p.case_sensitive ? 'u' : 'iu') + 'gd')] : []));
    indexed.set(sig, list);
  }
  return list;
}

/** Finds entities in `text`; `types` restricts which are reported. */
export function findEntities(text: string, direction: Direction, catalog: CompiledCatalog, types?: ReadonlySet<string>): Entity[] {
  const lower = text.toLowerCase();
  const found: Entity[] = [];
  for (const sig of catalog.signatures) {
    const def = sig.def;
    const type = def.entity;
    if (!type || !def.enabled || !sig.directions.has(direction)) continue;
    if (types && !types.has(type)) continue;
    if (def.prefilter && !def.prefilter.some((l) => lower.includes(l.startsWith('*') ? l.slice(1) : l))) continue;
    def.patterns.forEach((p, i) => {
      if (!('regex' in p)) return;
      const re = regexesOf(sig)[i];
      if (!re) return;
      const validator = p.validator ? VALIDATORS[p.validator] : undefined;
      re.lastIndex = 0;
      for (let n = 0; n < MAX_FINDS_PER_PATTERN; n++) {
        const m = re.exec(text);
        if (!m) break;
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        const span = m.indices?.groups?.value ?? m.indices?.[0];
        if (!span) continue;
        const value = text.slice(span[0], span[1]);
        if (validator && !validator(value)) continue;
        const base = CONFIDENCE[def.confidence];
        found.push({
          type,
          ...(def.provider ? { provider: def.provider } : {}),
          start: span[0],
          end: span[1],
          confidence: validator ? Math.max(base, 0.95) : base,
          ...(p.validator ? { validator: p.validator } : {}),
          signature_id: def.id,
        });
      }
    });
  }
  return resolveOverlaps(found);
}

/** Keeps the most specific of overlapping entities (then the longest, then the earliest). */
export function resolveOverlaps(entities: readonly Entity[]): Entity[] {
  const ordered = [...entities].sort(
    (a, b) =>
      (RANK.get(a.type) ?? 99) - (RANK.get(b.type) ?? 99) ||
      b.end - b.start - (a.end - a.start) ||
      b.confidence - a.confidence ||
      a.start - b.start,
  );
  const kept: Entity[] = [];
  for (const e of ordered) {
    if (!kept.some((k) => e.start < k.end && k.start < e.end)) kept.push(e);
  }
  return kept.sort((a, b) => a.start - b.start);
}
