/**
 * Compiles src/main.ts into one executable, dist/inferwall, for the host platform, with the version
 * and git commit embedded. Production build: Elysia in development mode would answer errors with
 * an HTML page that shows paths and stacks.
 *
 * Usage: bun build.ts [--outfile dist/inferwall] [--no-bytecode]
 */
import { parseArgs } from 'node:util';
import pkg from './package.json' with { type: 'json' };

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: { outfile: { type: 'string', default: 'dist/inferwall' }, 'no-bytecode': { type: 'boolean', default: false } },
});

function gitCommit(): string {
  const r = Bun.spawnSync(['git', 'rev-parse', '--short=12', 'HEAD'], { stderr: 'ignore' });
  const sha = r.success ? r.stdout.toString().trim() : '';
  if (!sha) return 'unknown';
  const dirty = Bun.spawnSync(['git', 'status', '--porcelain', '--untracked-files=no'], { stderr: 'ignore' });
  return dirty.stdout.toString().trim() ? `${sha}-dirty` : sha;
}

const commit = gitCommit();
const outfile = values.outfile;
const started = performance.now();
const result = await Bun.build({
  entrypoints: ['src/main.ts'],
  compile: { outfile, autoloadDotenv: false, autoloadBunfig: false },
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
  process.exit(1);
}
const size = Bun.file(outfile).size;
console.log(
  `built ${outfile} (inferwall ${pkg.version}, commit ${commit}, ${(size / 1024 / 1024).toFixed(1)} MiB) in ${Math.round(performance.now() - started)} ms`,
);
