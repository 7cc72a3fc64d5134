/** The analyze API over HTTP: entities with offsets, redaction styles, restore, decision, errors. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { IW_MAX_INPUT_BYTES: '4096' } });
});
afterAll(() => s.stop());

interface AnalyzeBody {
  entities: { type: string; start: number; end: number; confidence: number; validator?: string; provider?: string }[];
  redacted_text: string;
  mapping?: Record<string, string>;
  decision: string;
  request_id: string;
}
const analyze = async (path: string, json: unknown) => {
  const res = await s.req(path, { method: 'POST', key: s.scanKey, json });
  return { status: res.status, body: (await res.json()) as AnalyzeBody & { detail?: string } };
};

describe('POST /v1/analyze/*', () => {
  const text = 'Hi, I am Jane (jane.doe@acme-mail.com), card 4539 1488 0343 6467, key sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6l.';

  test('entities with offsets into the original text, validator and provider; masked text', async () => {
    const { status, body } = await analyze('/v1/analyze/output', { text });
    expect(status).toBe(200);
    const byType = new Map(body.entities.map((e) => [e.type, e]));
    const email = byType.get('EMAIL');
    expect(text.slice(email?.start, email?.end)).toBe('jane.doe@acme-mail.com');
    expect(byType.get('CREDIT_CARD')?.validator).toBe('luhn');
    expect(byType.get('API_KEY')?.provider).toBe('openai');
    expect(body.redacted_text).not.toContain('jane.doe@acme-mail.com');
    expect(body.redacted_text).not.toContain('4539');
    expect(body.redacted_text).toContain('****');
    expect(body.decision).toBe('block');
    expect(body.request_id).toBeTruthy();
    expect(body.mapping).toBeUndefined();
  });

  test('placeholder + restore returns the mapping', async () => {
    const { body } = await analyze('/v1/analyze/input', { text, redact: 'placeholder', restore: true });
    expect(body.redacted_text).toContain('<EMAIL_1>');
    expect(body.mapping?.['<EMAIL_1>']).toBe('jane.doe@acme-mail.com');
  });

  test('entity types can be restricted', async () => {
    const { body } = await analyze('/v1/analyze/input', { text, entities: ['EMAIL'] });
    expect(body.entities.map((e) => e.type)).toEqual(['EMAIL']);
    expect(body.redacted_text).toContain('4539 1488 0343 6467');
  });

  test.each([
    [{ text, redact: 'shred' }, 'body.redact'],
    [{ text, entities: ['DNA'] }, 'body.entities'],
    [{ text, restore: true }, 'body.restore'],
    [{}, 'body.text'],
  ])('%j → 422', async (json, words) => {
    const { status, body } = await analyze('/v1/analyze/input', json);
    expect(status).toBe(422);
    expect(body.detail).toContain(words);
  });

  test('too large → 413', async () => {
    expect((await analyze('/v1/analyze/input', { text: 'x'.repeat(5000) })).status).toBe(413);
  });
});
