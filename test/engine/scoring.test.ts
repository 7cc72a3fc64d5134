import { describe, expect, test } from 'bun:test';
import { resolvePolicy } from '../../src/engine/policy';
import { combineScores, decide, effectiveAction, matchScore } from '../../src/engine/scoring';

const policy = resolvePolicy(
  { name: 't', mode: 'enforce', thresholds: { input: { flag: 4, block: 10 }, output: { flag: 3, block: 7 } }, overrides: { 'X-001': { points: 3, action: 'monitor' } } },
  'test',
);

describe('scoring', () => {
  test('match score = severity points × confidence weight; overrides win', () => {
    expect(matchScore({ id: 'A-001', severity: 'high', confidence: 'high' }, policy)).toBe(8.1);
    expect(matchScore({ id: 'A-001', severity: 'critical', confidence: 'high' }, policy)).toBe(12.6);
    expect(matchScore({ id: 'A-001', severity: 'low', confidence: 'low' }, policy)).toBe(1);
    expect(matchScore({ id: 'A-001', severity: 'low', confidence: 'high', points: 10 }, policy)).toBe(9);
    expect(matchScore({ id: 'X-001', severity: 'critical', confidence: 'high', points: 10 }, policy)).toBe(2.7);
  });

  test('strongest + diminishing corroboration: weak signals never add up to a block', () => {
    expect(combineScores([])).toBe(0);
    expect(combineScores([8.1])).toBe(8.1);
    expect(combineScores([8.1, 8.1])).toBe(12.15);
    expect(combineScores([1.8, 1.8, 1.8, 1.8, 1.8, 1.8, 1.8, 1.8])).toBeLessThan(3.6);
    // Bounded by twice the strongest whatever the count.
    expect(combineScores(Array.from({ length: 100 }, () => 3.5))).toBeLessThanOrEqual(7);
    expect(combineScores([3.5, 3.5])).toBeLessThan(7);
  });

  test('per-direction thresholds', () => {
    expect(decide(3.9, 'input', policy)).toBe('allow');
    expect(decide(4, 'input', policy)).toBe('flag');
    expect(decide(10, 'input', policy)).toBe('block');
    expect(decide(3, 'output', policy)).toBe('flag');
    expect(decide(7, 'output', policy)).toBe('block');
  });

  test('action precedence: override > policy mode > signature default', () => {
    const monitor = resolvePolicy({ ...{ name: 'm', mode: 'monitor', thresholds: policy.thresholds }, overrides: { 'E-001': { action: 'enforce' } } }, 'm');
    expect(effectiveAction({ id: 'A-001', action: 'enforce' }, monitor)).toBe('monitor');
    expect(effectiveAction({ id: 'E-001', action: 'monitor' }, monitor)).toBe('enforce');
    expect(effectiveAction({ id: 'A-001', action: 'monitor' }, policy)).toBe('monitor');
    expect(effectiveAction({ id: 'X-001', action: 'enforce' }, policy)).toBe('monitor');
  });

  test('a policy whose block threshold is below flag is rejected naming the field', () => {
    expect(() => resolvePolicy({ name: 'b', mode: 'enforce', thresholds: { input: { flag: 5, block: 2 }, output: { flag: 3, block: 7 } } }, 'b.yaml')).toThrow(
      'b.yaml: thresholds.input: block (2) must not be below flag (5)',
    );
  });
});
