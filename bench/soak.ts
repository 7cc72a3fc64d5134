/**
 * Soak: N mixed requests (scans, analyze, signatures, auth checks, a login/logout pair, a reload in
 * the middle) at C concurrent connections against the compiled binary. Prints throughput, status
 * counts, 5xx count and RSS before, during and after; exits 1 on any 5xx or transport error.
 *   bun run soak [--requests 100000] [--concurrency 64] [--binary dist/inferwall]
 * The test suite runs a short version (test/robustness/soak.test.ts).
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { runSoak } from './soak-run';

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: { requests: { type: 'string', default: '100000' }, concurrency: { type: 'string', default: '64' }, binary: { type: 'string', default: 'dist/inferwall' } },
});
const r = await runSoak({ binary: resolve(import.meta.dir, '..', values.binary), requests: Number(values.requests), concurrency: Number(values.concurrency) });
console.log(`soak: ${r.requests} requests at ${r.concurrency} connections in ${r.seconds.toFixed(1)} s (${(r.requests / r.seconds).toFixed(0)} req/s)`);
console.log(`status counts: ${JSON.stringify(r.statuses)}; 5xx: ${r.serverErrors}; transport errors: ${r.transportErrors}`);
console.log(`RSS MiB: idle ${r.rss.idle.toFixed(1)}, peak ${r.rss.peak.toFixed(1)}, after ${r.rss.after.toFixed(1)} (after/idle ×${(r.rss.after / r.rss.idle).toFixed(2)})`);
process.exit(r.serverErrors === 0 && r.transportErrors === 0 ? 0 : 1);
