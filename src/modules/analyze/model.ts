import { t } from 'elysia';
import { ENTITY_TYPES } from '../../catalog/schema';

export const AnalyzeBody = t.Object({
  text: t.String({ description: 'The text to analyze.' }),
  redact: t.Optional(t.Union([t.Literal('mask'), t.Literal('placeholder'), t.Literal('hash')], { default: 'mask' })),
  entities: t.Optional(t.Array(t.Union(ENTITY_TYPES.map((e) => t.Literal(e))), { minItems: 1, uniqueItems: true, description: 'Only these entity types.' })),
  restore: t.Optional(t.Boolean({ description: 'placeholder style: also return the placeholder → value mapping (sensitive!).' })),
  policy: t.Optional(t.String({ minLength: 1, maxLength: 64 })),
});
export type AnalyzeBody = typeof AnalyzeBody.static;
