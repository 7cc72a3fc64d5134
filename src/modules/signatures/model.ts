import { t } from 'elysia';

export const SignatureQuery = t.Object({
  category: t.Optional(t.String({ maxLength: 64 })),
  direction: t.Optional(t.Union([t.Literal('input'), t.Literal('output')])),
  limit: t.Optional(t.Numeric({ minimum: 1, maximum: 500, default: 100 })),
  offset: t.Optional(t.Numeric({ minimum: 0, default: 0 })),
});
export const SignatureParams = t.Object({ id: t.String({ maxLength: 32 }) });
