/**
 * The signature and policy file formats. Everything a catalog file may say is declared here, so the
 * loader, the lint, the CLI `validate` command and the docs agree on one definition.
 */
import { Type as T, type Static } from '@sinclair/typebox';

/** Folder → category → id prefixes. An id must start with one of its folder's prefixes. */
export const CATEGORY_FOLDERS = {
  'prompt-injection': ['INJ-D', 'INJ-I', 'INJ-O', 'INJ-E'],
  jailbreak: ['JB'],
  'content-safety': ['CS'],
  'data-leakage': ['DL-S', 'DL-P', 'DL-R'],
  'system-prompt-leakage': ['SPL'],
  agentic: ['AG'],
  'output-handling': ['OUT'],
  misinformation: ['MIS'],
} as const;
export type Category = keyof typeof CATEGORY_FOLDERS;

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export const DIRECTIONS = ['input', 'output', 'both'] as const;
/** Views of the text a signature may be matched in (see engine/preprocess). */
export const VIEW_KINDS = ['original', 'normalized', 'folded', 'decoded'] as const;
/** Cheap character-class gates for signatures without a literal prefilter (see engine/gates). */
export const GATES = ['digits', 'digit-run', 'non-ascii'] as const;
export const VALIDATORS = ['luhn', 'iban', 'ssn', 'ipv4', 'ipv6', 'jwt', 'entropy', 'date_of_birth', 'aba_routing', 'npi'] as const;
/** Entity types the analyze endpoints report; a data-leakage signature names the one it finds. */
export const ENTITY_TYPES = [
  'EMAIL', 'PHONE', 'SSN', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS', 'DATE_OF_BIRTH', 'ADDRESS', 'PASSPORT',
  'MEDICAL_RECORD', 'BANK_ACCOUNT', 'ROUTING_NUMBER', 'NPI', 'API_KEY', 'PRIVATE_KEY', 'JWT', 'PASSWORD',
  'CONNECTION_STRING', 'WEBHOOK_URL',
] as const;
export const OWASP_IDS = ['LLM01', 'LLM02', 'LLM03', 'LLM04', 'LLM05', 'LLM06', 'LLM07', 'LLM08', 'LLM09', 'LLM10'] as const;
/** MITRE ATLAS techniques the catalog may cite (approved list, like CRS's approved tags). */
export const ATLAS_IDS = [
  'AML.T0051', 'AML.T0051.000', 'AML.T0051.001', 'AML.T0054', 'AML.T0056', 'AML.T0057',
  'AML.T0053', 'AML.T0048', 'AML.T0048.002', 'AML.T0024', 'AML.T0068', 'AML.T0077', 'AML.T0086',
  'AML.T0055', 'AML.T0065', 'AML.T0067', 'AML.T0043',
] as const;

/** A union of string literals whose static type is the literal union (Unsafe keeps the Union kind). */
const lit = <const V extends readonly string[]>(values: V) => T.Unsafe<V[number]>(T.Union(values.map((v) => T.Literal(v))));

export const RegexPattern = T.Object(
  {
    /** A JavaScript regular expression, compiled with the `u` flag and, unless case_sensitive, `i`. */
    regex: T.String({ minLength: 1, maxLength: 2000 }),
    case_sensitive: T.Optional(T.Boolean()),
    /** A validator the matched text (or its `value` capture group) must pass. */
    validator: T.Optional(lit(VALIDATORS)),
  },
  { additionalProperties: false },
);

export const KeywordPattern = T.Object(
  {
    /** Literal phrases, case-insensitive; a phrase that starts/ends with a letter or digit must sit at a word boundary. */
    keywords: T.Array(T.String({ minLength: 2, maxLength: 200 }), { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);

export const Pattern = T.Union([RegexPattern, KeywordPattern]);

export const SignatureFile = T.Object(
  {
    id: T.String({ pattern: '^[A-Z]{2,4}(-[A-Z])?-[0-9]{3}$' }),
    name: T.String({ minLength: 3, maxLength: 120 }),
    version: T.Integer({ minimum: 1 }),
    description: T.Optional(T.String({ maxLength: 2000 })),
    category: lit(Object.keys(CATEGORY_FOLDERS) as (keyof typeof CATEGORY_FOLDERS)[]),
    subcategory: T.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
    technique: T.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
    severity: lit(SEVERITIES),
    confidence: lit(CONFIDENCES),
    /** Overrides the points that scoring would give this severity. */
    points: T.Optional(T.Number({ minimum: 1, maximum: 15 })),
    direction: lit(DIRECTIONS),
    owasp: lit(OWASP_IDS),
    atlas: T.Array(lit(ATLAS_IDS), { minItems: 1 }),
    tags: T.Optional(T.Array(T.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }))),
    condition: lit(['any', 'all'] as const),
    action: lit(['enforce', 'monitor'] as const),
    enabled: T.Boolean(),
    /**
     * Lowercase literals; a view that contains none of them cannot match, so the signature's
     * regexes are skipped. Every text the signature matches must contain at least one of them
     * (in the view it matches in, lowercased). A literal starting with a letter or digit counts
     * only at the start of a word; prefix it with `*` to count it anywhere (German compounds,
     * camelCase identifiers). Omit only where no such literal exists (then use `gate`).
     */
    prefilter: T.Optional(T.Array(T.String({ minLength: 2, maxLength: 100 }), { minItems: 1 })),
    /**
     * Further literal groups that must ALL be present too (each group: at least one of its
     * literals, same word-start and `*` rules), for regexes that need several words ("show …
     * email … of all users"): the signature runs only when every group has a hit. Only with
     * `prefilter`.
     */
    prefilter_all: T.Optional(T.Array(T.Array(T.String({ minLength: 2, maxLength: 100 }), { minItems: 1 }), { minItems: 1, maxItems: 4 })),
    /** For data-leakage signatures: the entity type analyze reports (and redacts) for a match. */
    entity: T.Optional(lit(ENTITY_TYPES)),
    /** For API keys: whose key it is (openai, aws, github, …). */
    provider: T.Optional(T.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' })),
    /**
     * For signatures with no literal prefilter: a character-class condition every match needs
     * (digits: a digit; digit-run: three digits in a row; non-ascii: a character above U+007F).
     * Checked once per view for the whole catalog, so ordinary text skips these regexes.
     */
    gate: T.Optional(lit(GATES)),
    /** Views to match in; default all. Secrets and PII use [original, decoded]. */
    views: T.Optional(T.Array(lit(VIEW_KINDS), { minItems: 1 })),
    patterns: T.Array(Pattern, { minItems: 1, maxItems: 50 }),
    examples: T.Object(
      {
        match: T.Array(T.String({ minLength: 1 }), { minItems: 2 }),
        no_match: T.Array(T.String({ minLength: 1 }), { minItems: 2 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type SignatureFile = Static<typeof SignatureFile>;
export type RegexPattern = Static<typeof RegexPattern>;
export type KeywordPattern = Static<typeof KeywordPattern>;

const Thresholds = T.Object(
  { flag: T.Number({ minimum: 0 }), block: T.Number({ minimum: 0 }) },
  { additionalProperties: false },
);

/**
 * Conversation-session escalation (multi-turn attacks): each turn adds its score (weighted up when
 * a signature repeats), decaying with `half_life_secs`; the session is flagged at `flag` and
 * blocked at `block`; `max_turns` turns are kept per session. Omitted fields take the defaults in
 * src/modules/sessions/settings.ts.
 */
export const PolicySession = T.Object(
  {
    half_life_secs: T.Optional(T.Number({ minimum: 1, maximum: 7 * 24 * 3600 })),
    flag: T.Optional(T.Number({ exclusiveMinimum: 0 })),
    block: T.Optional(T.Number({ exclusiveMinimum: 0 })),
    max_turns: T.Optional(T.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export type PolicySession = Static<typeof PolicySession>;

export const PolicyFile = T.Object(
  {
    name: T.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
    description: T.Optional(T.String()),
    /** monitor: everything runs and is reported, the decision is always allow. */
    mode: lit(['enforce', 'monitor'] as const),
    thresholds: T.Object({ input: Thresholds, output: Thresholds }, { additionalProperties: false }),
    severity_points: T.Optional(
      T.Object(
        { low: T.Number(), medium: T.Number(), high: T.Number(), critical: T.Number() },
        { additionalProperties: false },
      ),
    ),
    confidence_weights: T.Optional(
      T.Object({ low: T.Number(), medium: T.Number(), high: T.Number() }, { additionalProperties: false }),
    ),
    /** Stop matching once the score reaches the block threshold (enforce mode only). */
    early_exit: T.Optional(T.Boolean()),
    /** The attack classifier's probability (0.5 to 0.999) at or above which it reports CLS-001 (default 0.9). */
    classifier_threshold: T.Optional(T.Number({ minimum: 0.5, maximum: 0.999 })),
    /** Conversation-session escalation thresholds (see PolicySession). */
    session: T.Optional(PolicySession),
    overrides: T.Optional(
      T.Record(
        T.String({ pattern: '^[A-Z]{2,4}(-[A-Z])?-[0-9]{3}$' }),
        T.Object(
          {
            action: T.Optional(lit(['enforce', 'monitor'] as const)),
            points: T.Optional(T.Number({ minimum: 1, maximum: 15 })),
            enabled: T.Optional(T.Boolean()),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    /** Matches whose matched text matches an allowlist regex are dropped (optionally only for some signatures). */
    allowlist: T.Optional(
      T.Array(
        T.Object(
          {
            pattern: T.String({ minLength: 1 }),
            signatures: T.Optional(T.Array(T.String())),
            reason: T.String({ minLength: 1 }),
          },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);
export type PolicyFile = Static<typeof PolicyFile>;
