/**
 * The compiled binary, built once per test run by build.ts (the same build users get), and helpers
 * to run it: one-shot commands and a `serve` process that is stopped when disposed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dir, '../..');
let built: Promise<string> | undefined;

/** Path of the compiled binary (built on first use). IW_TEST_BINARY points at a prebuilt one. */
export function binary(): Promise<string> {
  built ??= (async () => {
    if (process.env.IW_TEST_BINARY) return resolve(process.env.IW_TEST_BINARY);
    const out = join(mkdtempSync(join(tmpdir(), 'iw-bin-')), 'inferwall');
    const proc = Bun.spawn([process.execPath, 'build.ts', '--outfile', out], { cwd: ROOT, stdout: 'pipe', stderr: 'pipe' });
    const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
    if (code !== 0) throw new Error(`build failed: ${stderr}`);
    return out;
  })();
  return built;
}

export const tempDir = (prefix = 'iw-test-'): string => mkdtempSync(join(tmpdir(), prefix));

/** A clean environment: nothing from the test runner's own env leaks into the binary. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tempDir('iw-home-'), ...extra };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the binary to completion. */
export async function run(args: string[], opts: { cwd?: string; env?: Record<string, string>; stdin?: string } = {}): Promise<RunResult> {
  const proc = Bun.spawn([await binary(), ...args], {
    cwd: opts.cwd ?? tempDir(),
    env: opts.env ?? cleanEnv(),
    stdin: opts.stdin !== undefined ? new Blob([opts.stdin]) : 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [code, stdout, stderr] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  return { code, stdout, stderr };
}

export interface ServeProcess extends AsyncDisposable {
  readonly url: string;
  readonly proc: Bun.Subprocess<'ignore', 'pipe', 'pipe'>;
  /** Everything written to stderr so far (the JSON log). */
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<number>;
}

/** Starts `inferwall serve` and resolves once it logs "listening" (or rejects with its stderr). */
export async function serve(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; onSpawn?: (proc: Bun.Subprocess<'ignore', 'pipe', 'pipe'>) => void } = {},
): Promise<ServeProcess> {
  const proc = Bun.spawn([await binary(), 'serve', '--port', '0', ...args], {
    cwd: opts.cwd ?? tempDir(),
    env: opts.env ?? cleanEnv(),
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  // Multi-instance tests need the pid before "listening" (e.g. to route a challenge by lock holder).
  opts.onSpawn?.(proc);
  let err = '';
  const reader = proc.stderr.getReader();
  const decoder = new TextDecoder();
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in 15 s:\n${err}`)), 15_000);
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          clearTimeout(timer);
          reject(new Error(`serve exited before listening:\n${err}`));
          return;
        }
        err += decoder.decode(value, { stream: true });
        const m = /"msg":"listening","url":"([^"]+)"/.exec(err);
        if (m?.[1]) {
          clearTimeout(timer);
          resolveUrl(m[1].replace('0.0.0.0', '127.0.0.1'));
          break;
        }
      }
      // Keep draining so the child never blocks on a full pipe.
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        err += decoder.decode(value, { stream: true });
      }
    })();
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (proc.exitCode === null) proc.kill(signal);
    return proc.exited;
  };
  return { url, proc, stderr: () => err, stop, [Symbol.asyncDispose]: async () => void (await stop('SIGKILL')) };
}
