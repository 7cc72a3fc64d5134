/**
 * HTTP benchmark: the runtime's limit (a bare Bun.serve that parses a JSON body and answers a fixed
 * JSON) against the compiled inferwall binary with auth on (POST /v1/scan/input), same 1 KB prompt,
 * same wrk load at 1, 16, 64 and 256 connections. Server and client are pinned to separate cores
 * where taskset exists. Prints figures and ratios; asserts nothing.
 *   bun run bench:http [--duration 10] [--binary dist/inferwall] [--connections 1,16,64,256] [--logs]
 * --logs runs inferwall with its request log on (the default in production; the lines are read
 * and dropped by this process), to see what a log line costs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateApiKey } from '../src/security/api-keys';

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: { duration: { type: 'string', default: '8' }, binary: { type: 'string', default: 'dist/inferwall' }, connections: { type: 'string', default: '1,16,64,256' }, logs: { type: 'boolean', default: false } },
});
const ROOT = resolve(import.meta.dir, '..');
const which = (cmd: string) => Bun.spawnSync(['sh', '-c', `command -v ${cmd}`]).success;
if (!which('wrk')) {
  console.error('wrk is needed (Debian: apt-get install wrk)');
  process.exit(1);
}
/**
 * The default binary must be built from this tree: a stale dist/inferwall measures old code (this
 * happened). A binary passed with --binary is benchmarked as given.
 */
function staleBuild(binary: string): string | null {
  const version = Bun.spawnSync([binary, '--version']).stdout.toString();
  const built = /commit ([0-9a-f]{7,40})/.exec(version)?.[1];
  const head = Bun.spawnSync(['git', 'rev-parse', 'HEAD'], { cwd: ROOT });
  if (!head.success) return null;
  const dirty = Bun.spawnSync(['git', 'status', '--porcelain', '--', 'src', 'build.ts', 'package.json'], { cwd: ROOT }).stdout.toString().trim();
  if (built === undefined || !head.stdout.toString().startsWith(built)) return `${binary} was built from commit ${built ?? '(unknown)'}, the tree is at ${head.stdout.toString().slice(0, 12)}`;
  return dirty ? `${binary} was built from ${built}, but src, build.ts or package.json has uncommitted changes since` : null;
}
const explicitBinary = Bun.argv.slice(2).some((a) => a === '--binary' || a.startsWith('--binary='));
const stale = explicitBinary ? null : staleBuild(resolve(ROOT, values.binary));
if (stale) {
  console.error(`${stale}: run \`bun run build\` first (or pass --binary to benchmark another build)`);
  process.exit(1);
}
const pin = which('taskset');
const serverCpu = pin ? ['taskset', '-c', '0'] : [];
const clientCpu = pin ? ['taskset', '-c', '1'] : [];

const work = mkdtempSync(join(tmpdir(), 'iw-bench-'));
const prompt = (
  'I am working on a customer-support assistant for our online store. Customers ask about order status, returns and ' +
  'shipping times. Could you help me draft a friendly reply for a customer whose package is delayed by two days because ' +
  'of weather? Please keep it under 120 words, apologise once, give the new delivery estimate, and offer a discount code. '
).repeat(4).slice(0, 1000);
const body = JSON.stringify({ text: prompt });
const scanKey = generateApiKey('scan');

/**
 * wrk script: the same body every time, or (`distinct`) the prompt with a request counter spliced
 * in, so every text is new and none is answered from the verdict cache.
 */
const lua = (auth: string, distinct: boolean) => `
wrk.method = "POST"
wrk.body = ${JSON.stringify(body)}
wrk.headers["Content-Type"] = "application/json"
${auth ? `wrk.headers["Authorization"] = "Bearer ${auth}"` : ''}
${
  distinct
    ? `local head = ${JSON.stringify(body.slice(0, body.length - 102))}
local tail = ${JSON.stringify(body.slice(body.length - 102))}
-- Each wrk thread has its own Lua state with the same random seed: number the threads so their
-- counters never meet (a shared sequence sent every text twice, half of them cache hits).
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local n = nil
request = function()
  n = (n or tid * 1e12 + os.time() % 100000 * 1e6) + 1
  return wrk.format(nil, nil, nil, head .. "#" .. n .. " " .. tail)
end`
    : ''
}
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %d %f %f %f %f %d\\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, errors))
end`;

const bareScript = join(work, 'bare.ts');
writeFileSync(
  bareScript,
  `Bun.serve({ hostname: '127.0.0.1', port: Number(process.env.PORT), async fetch(req) { await req.json(); return Response.json({ decision: 'allow', score: 0, matches: [] }); } });
console.error('listening');`,
);

interface Running {
  url: string;
  pid: number;
  ready: number;
  stop(): void;
}

async function start(cmd: string[], env: Record<string, string>, port: number): Promise<Running> {
  const t0 = performance.now();
  const proc = Bun.spawn([...serverCpu, ...cmd], { env: { PATH: process.env.PATH ?? '', HOME: work, ...env, PORT: String(port) }, cwd: work, stdout: 'ignore', stderr: 'pipe' });
  const reader = proc.stderr.getReader();
  let text = '';
  while (!text.includes('listening')) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited: ${text}`);
    text += new TextDecoder().decode(value);
  }
  void (async () => {
    for (;;) if ((await reader.read()).done) return;
  })();
  return { url: `http://127.0.0.1:${port}`, pid: proc.pid, ready: performance.now() - t0, stop: () => proc.kill('SIGKILL') };
}

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** CPU seconds (user + system) the process has used: per request, a steadier figure than req/s on a shared machine. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
  p999: number;
  errors: number;
  /** Server CPU per request, µs. */
  cpuUs: number;
}

async function wrk(url: string, path: string, auth: string, connections: number, serverPid: number, distinct = false): Promise<Result> {
  const cpu0 = cpuSeconds(serverPid);
  const script = join(work, `wrk-${auth ? 'auth' : 'bare'}-${distinct ? 'distinct' : 'same'}.lua`);
  writeFileSync(script, lua(auth, distinct));
  const threads = Math.min(connections, 2);
  const proc = Bun.spawn([...clientCpu, 'wrk', '-t', String(threads), '-c', String(connections), '-d', `${values.duration}s`, '-s', script, url + path], { stdout: 'pipe', stderr: 'pipe' });
  const out = await new Response(proc.stdout).text();
  await proc.exited;
  const m = /RESULT (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(out);
  if (!m) throw new Error(`wrk output not understood:\n${out}`);
  const cpuUs = ((cpuSeconds(serverPid) - cpu0) / Number(m[1])) * 1e6;
  return { rps: Number(m[1]) / Number(m[2]), p50: Number(m[3]), p99: Number(m[4]), p999: Number(m[5]), errors: Number(m[6]), cpuUs };
}

const binary = resolve(ROOT, values.binary);
const bare = await start([process.execPath, bareScript], {}, 18700 + Math.floor(Math.random() * 500));
const adminKey = generateApiKey('admin');
const iwPort = 19300 + Math.floor(Math.random() * 500);
const iw = await start(
  [binary, 'serve', '--no-env-file'],
  { IW_API_KEY: scanKey, IW_ADMIN_KEY: adminKey, IW_HOST: '127.0.0.1', IW_PORT: String(iwPort), IW_LOG_REQUESTS: String(values.logs), IW_DATA_DIR: join(work, 'data') },
  iwPort,
);
const idleRss = rssMiB(iw.pid);

console.log(`HTTP benchmark — wrk ${values.duration}s per level, 1 KB prompt, ${pin ? 'server on CPU 0, wrk on CPU 1' : 'no CPU pinning'}, Bun ${Bun.version}`);
console.log(`inferwall request log ${values.logs ? 'on (as in production)' : 'off (--logs turns it on)'}`);
console.log(`inferwall time-to-ready ${iw.ready.toFixed(0)} ms (bare Bun.serve ${bare.ready.toFixed(0)} ms); RSS idle ${idleRss.toFixed(1)} MiB\n`);
console.log('inferwall "same": the one prompt every time (from the third request on, answered from the verdict cache)');
console.log('inferwall "distinct": a request counter spliced into the prompt, so every request is scanned\n');
const head = ' conns | run       |      rps   p50 ms   p99 ms p99.9 ms err | CPU µs/req | ratio to bare: rps  CPU/req';
console.log(head);
let peakRss = idleRss;
const f = (n: number) => n.toFixed(2).padStart(8);
const row = (c: number, name: string, r: Result, base?: Result) =>
  console.log(
    `${String(c).padStart(6)} | ${name.padEnd(9)} | ${r.rps.toFixed(0).padStart(8)} ${f(r.p50)} ${f(r.p99)} ${f(r.p999)} ${String(r.errors).padStart(3)} | ${r.cpuUs.toFixed(1).padStart(10)} |` +
      (base ? ` ${(r.rps / base.rps).toFixed(2).padStart(18)} ${(base.cpuUs / r.cpuUs).toFixed(2).padStart(8)}` : ''),
  );
/** Verdict cache lookups so far, from the server's own metrics. */
async function cacheLookups(): Promise<{ hit: number; miss: number }> {
  const text = await (await fetch(`${iw.url}/metrics`, { headers: { authorization: `Bearer ${adminKey}` } })).text();
  const count = (result: string) => Number(new RegExp(`iw_scan_cache_lookups_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { hit: count('hit'), miss: count('miss') };
}
const distinctHits: string[] = [];
for (const c of String(values.connections).split(',').map(Number)) {
  const a = await wrk(bare.url, '/', '', c, bare.pid);
  const same = await wrk(iw.url, '/v1/scan/input', scanKey, c, iw.pid);
  const before = await cacheLookups();
  const distinct = await wrk(iw.url, '/v1/scan/input', scanKey, c, iw.pid, true);
  const after = await cacheLookups();
  // The distinct run is only honest if it never hit the cache.
  distinctHits.push(`${c}: ${after.hit - before.hit} of ${after.hit + after.miss - before.hit - before.miss}`);
  peakRss = Math.max(peakRss, rssMiB(iw.pid));
  row(c, 'bare', a);
  row(c, 'same', same, a);
  row(c, 'distinct', distinct, a);
}
console.log(`\nverdict cache hits during the distinct runs (should be 0): ${distinctHits.join(', ')}`);
console.log(`RSS after load ${rssMiB(iw.pid).toFixed(1)} MiB (peak seen ${peakRss.toFixed(1)} MiB)`);
bare.stop();
iw.stop();
