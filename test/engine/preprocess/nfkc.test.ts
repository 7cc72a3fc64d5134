import { describe, expect, test } from 'bun:test';
import { isLetterOrMark, isMark, NFKC_BENIGN_EXCLUSIONS, NFKC_TO_LATIN_CLASS, nfkcChange, nfkcMakesLatin } from '../../../src/engine/preprocess/nfkc';

describe('NFKC tables', () => {
  test('NFKC_TO_LATIN_CLASS is exactly the NFKC-to-ASCII-letter set minus the benign exclusions', () => {
    const re = new RegExp(`^[${NFKC_TO_LATIN_CLASS}]$`, 'u');
    const excluded = (cp: number): boolean => NFKC_BENIGN_EXCLUSIONS.some(([a, b]) => cp >= a && cp <= b);
    const missing: string[] = [];
    const extra: string[] = [];
    for (let cp = 0x80; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const s = String.fromCodePoint(cp);
      const n = s.normalize('NFKC');
      const latin = n !== s && /[A-Za-z]/.test(n) && !excluded(cp);
      const inClass = re.test(s);
      if (latin && !inClass) missing.push(cp.toString(16));
      if (!latin && inClass) extra.push(cp.toString(16));
    }
    // If this fails after a runtime upgrade, regenerate the class from the loop above.
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  test('helpers', () => {
    expect(nfkcMakesLatin('ｉ'.codePointAt(0) as number)).toBe(true);
    expect(nfkcMakesLatin('™'.codePointAt(0) as number)).toBe(false);
    expect(nfkcMakesLatin(0x61)).toBe(false);
    expect(isMark(0x301)).toBe(true);
    expect(isMark(0x41)).toBe(false);
    expect(isMark(0x1d167)).toBe(true); // astral combining mark
    expect(nfkcChange(0xfb01)).toBe('fi');
    expect(nfkcChange(0x436)).toBeNull();
    expect(isLetterOrMark(0x436)).toBe(true);
    expect(isLetterOrMark(0x301)).toBe(true);
    expect(isLetterOrMark(0x2c)).toBe(false);
    expect(isLetterOrMark(0x3002)).toBe(false);
    expect(isLetterOrMark(0x1d422)).toBe(true);
  });
});
