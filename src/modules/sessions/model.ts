import { t } from 'elysia';

/** Conversation ids: the same shape the scan body's `session_id` accepts. */
export const SessionId = t.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$', description: 'Conversation id (letters, digits, . _ : -).' });

export const CreateSessionBody = t.Object(
  {
    session_id: t.Optional(SessionId),
    ttl_secs: t.Optional(t.Integer({ minimum: 1, maximum: 7 * 24 * 3600, description: 'Idle lifetime in seconds; default IW_CONVERSATION_TTL_SECS.' })),
  },
  { additionalProperties: false },
);
export type CreateSessionBody = typeof CreateSessionBody.static;

export const SessionParams = t.Object({ id: SessionId });
