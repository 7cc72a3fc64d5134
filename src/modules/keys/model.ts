import { t } from 'elysia';

export const CreateKeyBody = t.Object(
  {
    role: t.Union([t.Literal('scan'), t.Literal('admin')], { description: 'scan or admin' }),
    name: t.String({ minLength: 1, maxLength: 64, pattern: '^[^\\u0000-\\u001f\\u007f]+$', description: 'What the key is for (shown in lists and the audit log).' }),
    expires_in: t.Optional(t.String({ maxLength: 16, description: 'Lifetime such as 90d, 12h, 30m or 2w; omitted: never expires.' })),
  },
  { additionalProperties: false },
);
export type CreateKeyBody = typeof CreateKeyBody.static;

/** Managed key ids: the first 12 hex digits of the key's SHA-256. */
export const KeyParams = t.Object({ id: t.String({ pattern: '^[0-9a-f]{12}$', description: 'Key id (12 hex digits).' }) });
