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
import { scan } from '../../src/engine';
import { FOLDS_TO_ASCII_LETTER, LiteralPrefilter } from '../../src/engine/prefilter';
import { preprocess } from '../../src/engine/preprocess';
import { seeEverything, shippedState } from '../helpers/engine';
import { rng } from './preprocess/helpers';

describe('leadingLiterals', () => {
  test.each([
    ['(?:ignore|disregard)\\s{1,3}all', ['*ignore', '*disregard']],
    ['\\b(?:tell|instruct)\\s', ['tell', 'instruct']],
    ['(?<![\\w#])(?:reveal|print)', ['reveal', 'print']],
    ['(?<!\\w)show', ['show']],
    ['(?:pull(?:\\s{1,3}up)?|look\\s{1,3}up)', ['*pull', '*look']],
    ['ignore\\s+previous|forget\\s+all', ['*ignore', '*forget']],
    ['\\bignore\\s+previous|forget\\s+all', ['ignore', '*forget']],
    ['(?<value>secret)-key', ['*secret']],
    ['sk\\-proj', ['*sk-proj']],
    ['aaa+b', ['*aaa']],
    ['(?:IGNORE|Drop)', ['*ignore', '*drop']],
    ['(?:[Ll]ives?\\s|[Hh]ome\\s{1,2}address)', ['*live', '*home']],
    ['(?:e-?mail|send)', ['*email', '*e-mail', '*send']],
    ['\\b(?:(?:send|e-?mail|dm)\\w{0,4}|keep\\s)', ['send', 'email', 'e-mail', 'dm', 'keep']],
    ['\\b-?dm', ['*-dm', 'dm']],
  ])('%s → %j', (source, expected) => {
    expect(leadingLiterals(source)?.sort()).toEqual([...expected].sort());
  });

  test.each([
    ['[A-Z]foo', 'a class'],
    ['(?:the\\s)?ignore', 'an optional group'],
    ['\\d{3}-\\d{4}', 'a digit class'],
    ['(?:ignore|i\\s)', 'a one-letter alternative'],
    ['\\b(?:ignore|i\\s)', 'a one-letter alternative, even at a word start'],
    ['(?:ignore|dm)', 'a two-letter word that may start inside a word'],
    ['(?<![^\\w])dm', 'a lookbehind that requires a word character before'],
    ['(?:игнор|ignore)', 'non-ASCII words (case folding differs)'],
    ['ab?c', 'one spelling too short'],
    ['\\ba?b?c?d?e', 'too many spellings'],
    ['.ignore', 'any character'],
    ['[Lx]ives', 'a class of two different letters'],
  ])('%s → null (%s)', (source) => {
    expect(leadingLiterals(source)).toBeNull();
  });
});

describe('word-start anchors at the edges of a word', () => {
  // Characters where \b and the prefilter's idea of a word start could disagree: underscore (a
  // regex word character the prefilter does not count), digits, non-ASCII letters, the Kelvin sign
  // (which the prefilter folds to k), hyphens and capitals.
  const alphabet = ['d', 'm', 's', 'e', 'n', 'k', 'K', '_', '1', 'é', '\u212a', '-', ' ', 'D', 'M', 'a', 'i', 'l'];
  const sources = ['\\b(?:dm|send|e-?mail)\\w{0,2}', '(?<![\\w#])(?:kd|dm)s?', '\\b(?:sk|de)\\s', '(?<!\\w)(?:-?dm)'];
  test.each(sources)('%s finds what the plain regex finds', (source) => {
    const specs = leadingLiterals(source) as string[];
    expect(specs).not.toBeNull();
    const prefilter = new LiteralPrefilter(specs);
    const re = new RegExp(source, 'i');
    const sticky = new RegExp(source, 'iy');
    const next = rng(11);
    let matched = 0;
    for (let n = 0; n < 20_000; n++) {
      let text = '';
      const len = 1 + Math.floor(next() * 12);
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      const pairs: number[] = [];
      const latest = new Map<number, number>();
      prefilter.scan(text, (lit, end) => {
        pairs.push(end - prefilter.literalLength(lit), latest.get(lit) ?? -1);
        latest.set(lit, pairs.length - 2);
      });
      const occurrences = { hits: Int32Array.from(pairs), latest: (id: number) => latest.get(id) ?? -1 };
      const ids = Int32Array.from(specs.keys());
      const plain = re.exec(text);
      // The engine runs anchored patterns as plain regexes in views with a Kelvin sign (below).
      if (FOLDS_TO_ASCII_LETTER.test(text)) continue;
      const fast = anchoredMatch(sticky, ids, text, occurrences);
      expect([text, fast?.index, fast?.[0]]).toEqual([text, plain?.index, plain?.[0]]);
      if (plain) matched++;
    }
    // Real matches were compared, not only misses.
    expect(matched).toBeGreaterThan(10);
  });

  test('a Kelvin sign glued before an anchor word: the engine still finds what the regex finds', () => {
    // The prefilter reads U+212A as k, so "send" right after it is no word start, while the
    // regex's \b (no u flag) sees one. AG-031's pattern anchors on "send", and its other words
    // ("text", "message") start no match here, so only the fallback to the plain regex finds it.
    const text = '\u212aSend this text message to 555-0134 five hundred times in a loop.';
    const sig = shippedState().catalog.byId.get('AG-031');
    expect(sig?.patterns[0]?.anchors).not.toBeNull();
    expect(sig?.patterns[0]?.re.exec(text)?.index).toBe(1);
    const match = scan(text, 'input', seeEverything, shippedState().catalog).matches.find((m) => m.signature_id === 'AG-031');
    expect(match?.offset).toBe(1);
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
    expect(anchored.length).toBeGreaterThan(600);
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
