/**
 * Invisible characters: zero-width, bidi controls, tag characters, variation selectors, fillers and
 * control codes. They are dropped from the normalized view because they split words for regexes
 * while staying invisible to people.
 */

/**
 * How an invisible character is treated.
 * - Strong: almost never in honest text (ZWSP, word joiner, bidi overrides, tags, …); dropping one
 *   is reason enough to produce the normalized view.
 * - Weak: common in honest text (ZWJ in emoji, ZWNJ in Persian, VS16 after emoji, LRM/RLM in mixed
 *   scripts, stray control codes); dropped too, but only evidence of obfuscation when it touches
 *   an ASCII letter, so emoji or Persian text does not get a pointless normalized view.
 */
export const Invisible = { None: 0, Strong: 1, Weak: 2 } as const;
export type Invisible = (typeof Invisible)[keyof typeof Invisible];

/**
 * Classifies one code point. Leaves \t \n \v \f \r and all visible characters alone.
 */
export function invisibleKind(cp: number): Invisible {
  if (cp < 0x80) {
    if (cp < 0x20) return cp >= 0x09 && cp <= 0x0d ? Invisible.None : Invisible.Weak;
    return cp === 0x7f ? Invisible.Weak : Invisible.None;
  }
  if (cp < 0xa0) return Invisible.Weak; // C1 controls
  if (cp < 0x2000) {
    if (cp === 0xad || cp === 0x34f || cp === 0x115f || cp === 0x1160 || cp === 0x180e) return Invisible.Strong;
    if (cp === 0x61c) return Invisible.Weak;
    return Invisible.None;
  }
  if (cp <= 0x206f) {
    if (cp === 0x200b || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069)) {
      return Invisible.Strong;
    }
    if (cp >= 0x200c && cp <= 0x200f) return Invisible.Weak;
    return Invisible.None;
  }
  if (cp === 0x3164 || cp === 0xffa0 || cp === 0xfeff) return Invisible.Strong;
  if (cp >= 0xfe00 && cp <= 0xfe0f) return cp >= 0xfe0e ? Invisible.Weak : Invisible.Strong;
  if (cp >= 0xe0000 && cp <= 0xe007f) return Invisible.Strong; // tag characters
  if (cp >= 0xe0100 && cp <= 0xe01ef) return Invisible.Strong; // variation selectors supplement
  return Invisible.None;
}

/** True when `cp` is an ASCII letter. */
export function isAsciiLetter(cp: number): boolean {
  return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
}

/**
 * True when the tag character at `i` belongs to an emoji tag sequence (🏴 + "gbsct" + cancel tag:
 * the flags of England, Scotland, Wales). Those are honest and short; smuggled text is neither.
 */
export function inEmojiTagSequence(text: string, i: number): boolean {
  let k = i;
  for (let steps = 0; steps < 16 && k >= 2; steps++) {
    const hi = text.charCodeAt(k - 2);
    const lo = text.charCodeAt(k - 1);
    if (hi === 0xd83c && lo === 0xdff4) return true; // U+1F3F4 WAVING BLACK FLAG
    if (hi !== 0xdb40 || lo < 0xdc00 || lo > 0xdc7f) return false;
    k -= 2;
  }
  return false;
}
