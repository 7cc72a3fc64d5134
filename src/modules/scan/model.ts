import { t } from 'elysia';

const Message = t.Object({
  role: t.String({ minLength: 1, maxLength: 64, description: 'user, assistant, system, developer, tool, …' }),
  content: t.String({ description: 'The message text.' }),
});

export const ScanBody = t.Object({
  text: t.Optional(t.String({ description: 'The text to scan. Give either text or messages.' })),
  messages: t.Optional(
    t.Array(Message, {
      minItems: 1,
      maxItems: 2000,
      description:
        'Chat messages. Input scans skip system, developer and assistant messages (your own and already-scanned content); output scans read assistant messages, or all when none is marked assistant.',
    }),
  ),
  session_id: t.Optional(t.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' })),
  policy: t.Optional(t.String({ minLength: 1, maxLength: 64, description: 'One of the loaded policies (GET /v1/policies); default: the active one.' })),
});
export type ScanBody = typeof ScanBody.static;
