/**
 * Reads `.env.local` written by `admin setup`. Only IW_* variables are taken, and variables already
 * set in the real environment win, so `source .env.local` and the automatic load agree.
 */
import { existsSync, readFileSync } from 'node:fs';

const LINE = /^\s*(?:export\s+)?(IW_[A-Z0-9_]+)\s*=\s*(.*?)\s*$/;

/** Parses KEY=VALUE lines (optionally quoted, `export` allowed, # comments); returns IW_* pairs. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const m = LINE.exec(line);
    if (!m?.[1]) continue;
    let value = m[2] ?? '';
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2] ?? '';
    else value = value.replace(/\s+#.*$/, '');
    out[m[1]] = value;
  }
  return out;
}

/** The environment with the file's IW_* variables added under the real ones; null when no file. */
export function withEnvFile(
  env: Readonly<Record<string, string | undefined>>,
  path: string,
): { env: Record<string, string | undefined>; loaded: string[] } | null {
  if (!existsSync(path)) return null;
  const fromFile = parseEnvFile(readFileSync(path, 'utf8'));
  const merged: Record<string, string | undefined> = { ...env };
  const loaded: string[] = [];
  for (const [k, v] of Object.entries(fromFile)) {
    if (merged[k] === undefined || merged[k] === '') {
      merged[k] = v;
      loaded.push(k);
    }
  }
  return { env: merged, loaded };
}
