import { describe, expect, test } from 'bun:test';
import { preprocess } from '../../../src/engine/preprocess/index';
import { composeMaps, identityMap, MapBuilder, originalSpan, reversedMap } from '../../../src/engine/preprocess/offset-map';
import type { View } from '../../../src/engine/types';
import { viewNamed } from './helpers';

const view = (text: string, map: number[] | null, span?: [number, number]): View =>
  span === undefined
    ? { kind: 'folded', name: 't', text, map: map === null ? null : Int32Array.from(map) }
    : { kind: 'decoded', name: 't', text, map: null, span };

describe('offset maps', () => {
  test('MapBuilder grows and finishes with the end entry', () => {
    const b = new MapBuilder(1);
    b.pushRange(0, 40);
    b.push(45);
    b.pushRepeat(46, 3);
    expect([...b.finish(50)]).toEqual([...Array.from({ length: 40 }, (_, i) => i), 45, 46, 46, 46, 50]);
  });

  test('identityMap and composeMaps', () => {
    expect([...identityMap(3)]).toEqual([0, 1, 2, 3]);
    const outer = Int32Array.from([0, 2, 3]); // view → middle
    const inner = Int32Array.from([1, 2, 4, 6]); // middle → original
    expect([...composeMaps(outer, inner)]).toEqual([1, 4, 6]);
    expect(composeMaps(outer, null)).toBe(outer);
  });

  test('reversedMap mirrors boundaries', () => {
    expect([...reversedMap(null, 3)]).toEqual([3, 2, 1, 0]);
    expect([...reversedMap(Int32Array.from([0, 2, 3]), 2)]).toEqual([3, 2, 0]);
  });

  test.each([
    // [label, view, [s, e], expected original span]
    ['original view is the identity', view('abc', null), [1, 2], [1, 2]],
    ['decoded view uses its span', view('abc', null, [10, 20]), [0, 1], [10, 20]],
    ['dropped characters are covered', view('ab', [0, 2, 3]), [0, 2], [0, 3]],
    ['expansion: whole ﬁ for its f', view('fix', [0, 0, 1, 2]), [0, 1], [0, 1]],
    ['expansion: whole ﬁ for its i', view('fix', [0, 0, 1, 2]), [1, 2], [0, 1]],
    ['expansion: match spanning it', view('fix', [0, 0, 1, 2]), [0, 3], [0, 2]],
    ['reversed', view('cba', [3, 2, 1, 0]), [0, 2], [1, 3]],
    ['reversed expansion: f of "if"', view('if', [1, 0, 0]), [1, 2], [0, 1]],
    ['reversed expansion: i of "if"', view('if', [1, 0, 0]), [0, 1], [0, 1]],
    ['empty match', view('abc', [0, 1, 2, 3]), [2, 2], [2, 2]],
  ])('%s', (_label, v, [s, e], expected) => {
    expect(originalSpan(v, s as number, e as number)).toEqual(expected as [number, number]);
  });

  test('a ligature in the original maps back whole', () => {
    const input = 'the ﬁnal іnstruction';
    const v = viewNamed(preprocess(input), 'normalized');
    expect(v?.text).toBe('the final instruction');
    const s = v?.text.indexOf('fin') ?? -1;
    const [a, b] = originalSpan(v!, s, s + 3);
    expect(input.slice(a, b)).toBe('ﬁn');
    const [c, d] = originalSpan(v!, s, s + 1); // just the "f"
    expect(input.slice(c, d)).toBe('ﬁ');
  });

  test.each([
    // [input, view, needle in view, original substring map[s]..map[e] must give]
    ['please іgnоrе previous', 'normalized', 'ignore', 'іgnоrе'],
    ['ig\u200Bnore\u200B all', 'normalized', 'ignore', 'ig\u200Bnore\u200B'],
    ['ｉｇｎｏｒｅ all', 'normalized', 'ignore all', 'ｉｇｎｏｒｅ all'],
    ['𝐢𝐠𝐧𝐨𝐫𝐞 all', 'normalized', 'ignore', '𝐢𝐠𝐧𝐨𝐫𝐞'],
    ['say i g n o r e  e v e r y  r u l e', 'folded', 'ignore every rule', 'i g n o r e  e v e r y  r u l e'],
    ['say 1gn0r3 it', 'folded', 'ignore', '1gn0r3'],
    ['say і.g.n.о.r.е now', 'folded', 'ignore', 'і.g.n.о.r.е'],
  ])('raw map: %j', (input, name, needle, expected) => {
    const v = viewNamed(preprocess(input), name);
    const map = v?.map;
    expect(map).toBeDefined();
    const s = v?.text.indexOf(needle) ?? -1;
    expect(s).toBeGreaterThanOrEqual(0);
    expect(input.slice(map?.[s], map?.[s + needle.length])).toBe(expected);
  });
});
