/**
 * Anchored patterns (src/engine/anchors.ts) must find exactly what their unanchored regex finds:
 * same start, same text, for every anchored shipped pattern, on corpora, signature examples,
 * their preprocessed views and case/concatenation variants.
 */
import { describe, expect, test } from 'bun:test';
import { Glob } from 'bun';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { anchoredMatch, leadingLiterals } from '../../src/engine/anchors';
import { preprocess } from '../../src/engine/preprocess';
import { shippedState } from '../helpers/engine';
import { rng } from './preprocess/helpers';

describe('leadingLiterals', () => {
  test.each([
    ['(?:ignore|disregard)\\s{1,3}all', ['ignore', 'disregard']],
    ['\\b(?:tell|instruct)\\s', ['tell', 'instruct']],
    ['(?<![\\w#])(?:reveal|print)', ['reveal', 'print']],
    ['(?:pull(?:\\s{1,3}up)?|look\\s{1,3}up)', ['pull', 'look']],
    ['ignore\\s+previous|forget\\s+all', ['ignore', 'forget']],
    ['(?<value>secret)-key', ['secret']],
    ['sk\\-proj', ['sk-proj']],
    ['aaa+b', ['aaa']],
    ['(?:IGNORE|Drop)', ['ignore', 'drop']],
    ['(?:[Ll]ives?\\s|[Hh]ome\\s{1,2}address)', ['live', 'home']],
  ])('%s → %j', (source, expected) => {
    expect(leadingLiterals(source)?.sort()).toEqual([...expected].sort());
  });

  test.each([
    ['(?:e-?mail|send)', 'a word shorter than 3 before an optional part'],
    ['[A-Z]foo', 'a class'],
    ['(?:the\\s)?ignore', 'an optional group'],
    ['\\d{3}-\\d{4}', 'a digit class'],
    ['(?:ignore|i\\s)', 'a one-letter alternative'],
    ['(?:игнор|ignore)', 'non-ASCII words (case folding differs)'],
    ['ab?c', 'too short before an optional character'],
    ['.ignore', 'any character'],
    ['[Lx]ives', 'a class of two different letters'],
  ])('%s → null (%s)', (source) => {
    expect(leadingLiterals(source)).toBeNull();
  });
});

describe('anchored matching equals the plain regex', () => {
  const catalog = shippedState().catalog;
  const anchored = catalog.signatures.flatMap((s) => s.patterns.filter((p) => p.anchors !== null).map((p) => ({ id: s.def.id, p })));

  const texts: string[] = [];
  const root = resolve(import.meta.dir, '..', 'corpora');
  for (const f of new Glob('**/*.jsonl').scanSync({ cwd: root })) {
    for (const line of readFileSync(join(root, f), 'utf8').split('\n')) {
      if (line.trim()) texts.push((JSON.parse(line) as { text: string }).text);
    }
  }
  for (const s of catalog.signatures) texts.push(...s.def.examples.match, ...s.def.examples.no_match);

  test('a good share of the catalog is anchored', () => {
    expect(anchored.length).toBeGreaterThan(150);
  });

  test('same first match on every text, view and variant', () => {
    const next = rng(7);
    const variants = (t: string): string[] => {
      const other = texts[Math.floor(next() * texts.length)] ?? '';
      return [t, t.toUpperCase(), `${other} ${t}`, t.replace(/ /g, '  ')];
    };
    let compared = 0;
    let matched = 0;
    for (const text of texts) {
      for (const variant of variants(text)) {
        for (const view of preprocess(variant).views) {
          // The occurrences built independently of the engine's literal records: a map of chains.
          const pairs: number[] = [];
          const latest = new Map<number, number>();
          catalog.prefilter.scan(view.text, (lit, end) => {
            if (catalog.anchorLiteral[lit] !== 1) return;
            pairs.push(end - catalog.prefilter.literalLength(lit), latest.get(lit) ?? -1);
            latest.set(lit, pairs.length - 2);
          });
          const occurrences = { hits: Int32Array.from(pairs), latest: (id: number) => latest.get(id) ?? -1 };
          for (const { id, p } of anchored) {
            const plain = p.re.exec(view.text);
            const fast = anchoredMatch(p.reAt as RegExp, p.anchors as Int32Array, view.text, occurrences);
            compared++;
            if ((plain?.index ?? -1) !== (fast?.index ?? -1) || plain?.[0] !== fast?.[0]) {
              throw new Error(`${id} /${p.re.source.slice(0, 60)}…/ on ${JSON.stringify(view.text.slice(0, 120))}: plain ${plain?.index} ${JSON.stringify(plain?.[0])}, anchored ${fast?.index} ${JSON.stringify(fast?.[0])}`);
            }
            if (plain) matched++;
          }
        }
      }
    }
    // The comparison saw real matches, not only misses.
    expect(matched).toBeGreaterThan(1000);
    expect(compared).toBeGreaterThan(1_000_000);
    // Every anchored pattern over every corpus text and view: a few seconds, more on a busy machine.
  }, 120_000);
});
