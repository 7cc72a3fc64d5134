import { t } from 'elysia';

export const AuditQuery = t.Object({
  limit: t.Optional(t.Numeric({ minimum: 1, maximum: 500, description: 'Entries per page (default 50).' })),
  before: t.Optional(t.String({ pattern: '^[0-9]{1,20}(-[0-9]{1,20})?$', description: 'Cursor: the `next_before` of the previous page.' })),
});
