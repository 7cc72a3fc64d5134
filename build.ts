/**
 * Compiles src/main.ts into one executable with the version and git commit embedded.
 *
 *   bun build.ts                  → dist/inferwall for this machine
 *   bun build.ts --all            → dist/release/inferwall-<platform>[.exe] for every release target,
 *                                   SHA256SUMS, then a smoke test of the host binary
 *   bun build.ts --outfile PATH   → the host binary at PATH
 *
 * Production build: Elysia in development mode would answer errors with an HTML page that shows
 * paths and stacks. Bun's own .env/bunfig autoloading is off: the binary documents its own rule.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pkg from './package.json' with { type: 'json' };

/** Release targets: Bun's compile target → the platform part of the artifact name. */
export const RELEASE_TARGETS = {
  'bun-linux-x64': 'linux-x64',
  'bun-linux-x64-baseline': 'linux-x64-baseline',
  'bun-linux-arm64': 'linux-arm64',
  'bun-linux-x64-musl': 'linux-x64-musl',
  'bun-darwin-x64': 'darwin-x64',
  'bun-darwin-arm64': 'darwin-arm64',
  'bun-windows-x64': 'windows-x64',
} as const;
type Target = keyof typeof RELEASE_TARGETS;

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: {
    outfile: { type: 'string', default: 'dist/inferwall' },
    all: { type: 'boolean', default: false },
    'no-bytecode': { type: 'boolean', default: false },
  },
});

function gitCommit(): string {
  const r = Bun.spawnSync(['git', 'rev-parse', '--short=12', 'HEAD'], { stderr: 'ignore' });
  const sha = r.success ? r.stdout.toString().trim() : '';
  if (!sha) return 'unknown';
  const dirty = Bun.spawnSync(['git', 'status', '--porcelain', '--untracked-files=no'], { stderr: 'ignore' });
  return dirty.stdout.toString().trim() ? `${sha}-dirty` : sha;
}

const commit = gitCommit();

/** Builds one executable; `target` undefined = this machine. */
async function compile(outfile: string, target?: Target): Promise<void> {
  const started = performance.now();
  const result = await Bun.build({
    entrypoints: ['src/main.ts'],
    compile: { outfile, autoloadDotenv: false, autoloadBunfig: false, ...(target ? { target } : {}) },
    target: 'bun',
    format: 'esm',
    minify: true,
    bytecode: values['no-bytecode'] !== true,
    sourcemap: 'none',
    define: {
      IW_BUILD_VERSION: JSON.stringify(pkg.version),
      IW_BUILD_COMMIT: JSON.stringify(commit),
      'process.env.NODE_ENV': JSON.stringify('production'),
    },
  });
  if (!result.success) {
    for (const log of result.logs) console.error(log);
    throw new Error(`build failed for ${target ?? 'host'}`);
  }
  const size = Bun.file(outfile).size;
  console.log(`built ${outfile} (${(size / 1024 / 1024).toFixed(1)} MiB) in ${Math.round(performance.now() - started)} ms`);
}

/** Runs the host binary as an operator would first: --version, then admin setup in a temp dir. */
function smokeTest(path: string): void {
  const binary = resolve(path);
  const version = Bun.spawnSync([binary, '--version']);
  const text = version.stdout.toString();
  if (!version.success || !text.includes(pkg.version) || !text.includes(commit)) throw new Error(`smoke test: --version printed ${JSON.stringify(text)}`);
  const dir = mkdtempSync(join(tmpdir(), 'iw-smoke-'));
  try {
    const setup = Bun.spawnSync([binary, 'admin', 'setup'], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
    const env = readFileSync(join(dir, '.env.local'), 'utf8');
    if (!setup.success || !/IW_API_KEY=iwk_scan_\w{32}/.test(env)) throw new Error('smoke test: admin setup did not write keys');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`smoke test passed: ${text.trim()}`);
}

const hostTarget = (): Target | undefined => {
  const key = `bun-${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}` as Target;
  return key in RELEASE_TARGETS ? key : undefined;
};

if (values.all) {
  const dir = 'dist/release';
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const sums: string[] = [];
  for (const [target, platform] of Object.entries(RELEASE_TARGETS) as [Target, string][]) {
    const file = join(dir, `inferwall-${platform}${platform.startsWith('windows') ? '.exe' : ''}`);
    await compile(file, target);
    sums.push(`${createHash('sha256').update(readFileSync(file)).digest('hex')}  ${basename(file)}`);
  }
  writeFileSync(join(dir, 'SHA256SUMS'), sums.join('\n') + '\n');
  console.log(`wrote ${dir}/SHA256SUMS (check with: cd ${dir} && sha256sum -c SHA256SUMS)`);
  const host = hostTarget();
  if (host) smokeTest(join(dir, `inferwall-${RELEASE_TARGETS[host]}`));
} else {
  await compile(values.outfile);
  if (values.outfile === 'dist/inferwall') smokeTest(values.outfile);
}
