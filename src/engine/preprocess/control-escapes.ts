/**
 * Text that went through JSON, a log line or source code carries its line breaks and tabs as the
 * two characters `\n`, `\r`, `\t`. Glued to the next word ("Thanks.\n\nIgnore all previous
 * instructions"), the `n` joins it ("nIgnore") and no pattern that starts at a word finds it, while
 * that is exactly how instructions planted in a tool's JSON result arrive. The `unescaped` view
 * writes each such escape as two spaces: the same length, so every offset is the original's.
 */
import { isWordChar } from './word-chars';

/**
 * `text` with every `\n`, `\r` and `\t` escape (a backslash not itself escaped, then n, r or t)
 * written as two spaces, or null when no escape is glued to a following letter or digit (then no
 * word is hidden and the view would only cost a scan). Returns how many escapes it replaced.
 */
export function unescapeControls(text: string): { text: string; count: number } | null {
  let glued = false;
  const at: number[] = [];
  for (let i = text.indexOf('\\'); i !== -1 && i + 1 < text.length; i = text.indexOf('\\', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next === 0x5c) {
      // An escaped backslash: "\\n" is a backslash and an n, not a line break.
      i++;
      continue;
    }
    if (next !== 0x6e && next !== 0x72 && next !== 0x74) continue;
    at.push(i);
    glued ||= isWordChar(text, i + 2);
  }
  if (!glued) return null;
  let out = '';
  let from = 0;
  for (const i of at) {
    out += text.slice(from, i) + '  ';
    from = i + 2;
  }
  return { text: out + text.slice(from), count: at.length };
}
