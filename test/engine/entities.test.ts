/** Entities, validators in context, overlaps and redaction styles (pure engine). */
import { describe, expect, test } from 'bun:test';
import { findEntities, resolveOverlaps, type Entity } from '../../src/engine/entities';
import { redact, restore } from '../../src/engine/redact';
import { shippedState } from '../helpers/engine';

const catalog = shippedState().catalog;
const types = (text: string, dir: 'input' | 'output' = 'output') =>
  findEntities(text, dir, catalog).map((e) => [e.type, text.slice(e.start, e.end)] as const);
const key = new Uint8Array(32).fill(7);

describe('findEntities', () => {
  test.each([
    ['Contact jane.doe@acme-mail.com for details.', 'EMAIL', 'jane.doe@acme-mail.com'],
    ['Card: 4539 1488 0343 6467, exp 12/29', 'CREDIT_CARD', '4539 1488 0343 6467'],
    ['IBAN DE89 3704 0044 0532 0130 00 please', 'IBAN', 'DE89 3704 0044 0532 0130 00'],
    ['My SSN is 536-22-8741.', 'SSN', '536-22-8741'],
    // The entity is the secret part (the validator's `value`); the sk-proj- prefix stays as a hint.
    ['key = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6l"', 'API_KEY', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6l'],
    ['postgres://admin:Xk9vR2qLm7TzW4@db.internal:5432/prod', 'CONNECTION_STRING', null],
  ])('%s → %s', (text, type, value) => {
    const found = types(text);
    expect(found.map(([t]) => t)).toContain(type as Entity['type']);
    if (value) expect(found.find(([t]) => t === type)?.[1]).toBe(value);
  });

  test.each([
    ['Order number 4111 1111 1111 1112 shipped.', 'CREDIT_CARD'],
    ['IBAN DE89 3704 0044 0532 0130 01 is wrong', 'IBAN'],
    ['export OPENAI_API_KEY=YOUR_API_KEY', 'API_KEY'],
    ['api_key = "sk-..."', 'API_KEY'],
    ['SSN format is 000-00-0000', 'SSN'],
  ])('validators cut false positives: %s has no %s', (text, type) => {
    expect(types(text).map(([t]) => t)).not.toContain(type as Entity['type']);
  });

  test('overlaps resolve to the most specific entity', () => {
    const e = (type: Entity['type'], start: number, end: number): Entity => ({ type, start, end, confidence: 0.9, signature_id: 'X' });
    const kept = resolveOverlaps([e('EMAIL', 10, 30), e('CONNECTION_STRING', 0, 50), e('PHONE', 60, 70), e('CREDIT_CARD', 58, 75)]);
    expect(kept.map((k) => k.type)).toEqual(['CONNECTION_STRING', 'CREDIT_CARD']);
  });

  test('a restricted type list reports only those types', () => {
    const text = 'Mail jane@fastmail.net or call +44 20 7946 0958';
    const only = findEntities(text, 'output', catalog, new Set(['EMAIL']));
    expect(only.every((e) => e.type === 'EMAIL')).toBe(true);
    expect(only.length).toBe(1);
  });
});

describe('redact', () => {
  const text = 'Mail anna@fastmail.net, then ben@fastmail.net, then anna@fastmail.net again.';
  const entities = findEntities(text, 'output', catalog);

  test('mask', () => {
    expect(redact(text, entities, 'mask', key).text).toBe('Mail ****, then ****, then **** again.');
  });

  test('placeholder: same value, same placeholder; mapping restores', () => {
    const r = redact(text, entities, 'placeholder', key);
    expect(r.text).toBe('Mail <EMAIL_1>, then <EMAIL_2>, then <EMAIL_1> again.');
    expect(r.mapping).toEqual({ '<EMAIL_1>': 'anna@fastmail.net', '<EMAIL_2>': 'ben@fastmail.net' });
    expect(restore('Write to <EMAIL_2> and <EMAIL_1>.', r.mapping)).toBe('Write to ben@fastmail.net and anna@fastmail.net.');
  });

  test('hash: stable for equal values under one key, different under another', () => {
    const a = redact(text, entities, 'hash', key).text;
    expect(a).toMatch(/^Mail <EMAIL_[0-9a-f]{12}>, then <EMAIL_[0-9a-f]{12}>, then <EMAIL_[0-9a-f]{12}> again\.$/);
    const parts = a.match(/<EMAIL_[0-9a-f]{12}>/g) ?? [];
    expect(parts[0]).toBe(parts[2]);
    expect(parts[0]).not.toBe(parts[1]);
    expect(redact(text, entities, 'hash', new Uint8Array(32).fill(9)).text).not.toBe(a);
  });
});
