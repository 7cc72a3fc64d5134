/**
 * A real redis-server for tests: a free loopback port, its own temp dir, append-only persistence
 * (fsync on every write, so a SIGKILL loses nothing), and kill/restart for outage tests.
 */
import { RedisClient } from 'bun';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer extends AsyncDisposable {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** SIGKILL: the outage starts now. */
  kill(): Promise<void>;
  /** Starts it again on the same port and dir (data comes back from the append-only file). */
  restart(): Promise<void>;
  /** Drops every key (isolation between tests sharing one server). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** A port nothing listens on right now. */
function freePort(): number {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

async function launch(port: number, dir: string): Promise<Bun.Subprocess<'ignore', 'pipe', 'pipe'>> {
  const proc = Bun.spawn(
    ['redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, '--daemonize', 'no'],
    { stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' },
  );
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let out = '';
  const deadline = Date.now() + 10_000;
  while (!out.includes('Ready to accept connections')) {
    if (Date.now() > deadline) throw new Error(`redis-server did not start:\n${out}`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`redis-server exited:\n${out}${await new Response(proc.stderr).text()}`);
    out += decoder.decode(value, { stream: true });
  }
  // Keep draining so the server never blocks on a full pipe.
  void (async () => {
    for (;;) if ((await reader.read()).done) return;
  })();
  return proc;
}

/** A loopback port nothing listens on right now (for "Redis is not there yet" tests). */
export { freePort };

/** Starts redis-server on a free loopback port (or `port`) in a fresh temp dir. */
export async function startRedis(opts: { port?: number } = {}): Promise<RedisServer> {
  const port = opts.port ?? freePort();
  const dir = mkdtempSync(join(tmpdir(), 'iw-redis-'));
  let proc = await launch(port, dir);
  const url = `redis://127.0.0.1:${port}`;
  const kill = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await proc.exited;
  };
  return {
    url,
    port,
    dir,
    kill,
    async restart() {
      await kill();
      proc = await launch(port, dir);
    },
    async flush() {
      const c = new RedisClient(url, { autoReconnect: false });
      await c.connect();
      await c.send('FLUSHALL', []);
      c.close();
    },
    stop: kill,
    [Symbol.asyncDispose]: kill,
  };
}
