/**
 * Detection quality gates on the corpora (the full figures come from `bun run eval`): the smoke
 * attacks are always caught, benign look-alikes rarely flagged.
 */
import { describe, expect, test } from 'bun:test';
import { Glob } from 'bun';
import { join, resolve } from 'node:path';
import { scan } from '../../src/engine';
import { policy, readCorpus, shippedState } from '../helpers/engine';

const CORPORA = resolve(import.meta.dir, '..', 'corpora');
const catalog = shippedState().catalog;

async function rates(file: string) {
  const samples = await readCorpus(join(CORPORA, file));
  let tp = 0, fn = 0, fp = 0, tn = 0;
  const misses: string[] = [];
  for (const s of samples) {
    const detected = scan(s.text, s.direction ?? 'input', policy(), catalog).decision !== 'allow';
    if (s.label === 1 && detected) tp++;
    else if (s.label === 1) {
      fn++;
      misses.push(s.text);
    } else if (detected) {
      fp++;
      misses.push(s.text);
    } else tn++;
  }
  return { recall: tp / Math.max(1, tp + fn), fpr: fp / Math.max(1, fp + tn), attacks: tp + fn, benign: fp + tn, misses };
}

describe('detection quality', () => {
  test('smoke attacks: 100% recall', async () => {
    const r = await rates('bench/smoke_malicious.jsonl');
    expect(r.misses).toEqual([]);
    expect(r.recall).toBe(1);
  });

  test('realistic benign: false-positive rate ≤ 2%', async () => {
    const r = await rates('bench/realistic_benign.jsonl');
    expect(r.benign).toBe(150);
    expect(r.fpr).toBeLessThanOrEqual(0.02);
  });

  const own = [...new Glob('*.jsonl').scanSync({ cwd: CORPORA })].sort();
  test('our own corpora exist and are large', () => {
    expect(own.length).toBeGreaterThanOrEqual(4);
  });
  /**
   * Security writing that quotes attack phrases to explain them ("users type 'ignore all previous
   * instructions'") is flagged by the signatures, which read the quoted phrase as they would the
   * attack itself: mention and use are not told apart (a known limitation, README). This file keeps
   * such texts for the classifier to learn from and holds their false-positive rate to what it is,
   * so it cannot get worse unnoticed.
   */
  const KNOWN_LIMITS: Readonly<Record<string, number>> = {
    'benign_quoting_attacks.jsonl': 0.35,
    // Long messages about the users' own chatbots (their system prompts, the jailbreaks their users
    // try) and security write-ups quote attack phrases too; the same limitation, held where it is.
    'benign_long_messages.jsonl': 0.045,
  };
  for (const file of own) {
    const maxFpr = KNOWN_LIMITS[file] ?? 0.03;
    test(`${file}: recall ≥ 85% on attacks, FPR ≤ ${maxFpr * 100}% on benign`, async () => {
      const r = await rates(file);
      if (r.attacks > 0) expect(r.recall).toBeGreaterThanOrEqual(0.85);
      if (r.benign > 0) expect(r.fpr).toBeLessThanOrEqual(maxFpr);
    });
  }
});
