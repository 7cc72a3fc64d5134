/** The compiled binary as users run it: version, help, exit codes, admin setup, serve. */
import { describe, expect, test } from 'bun:test';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateApiKey } from '../../src/security/api-keys';
import { cleanEnv, run, serve, tempDir } from '../helpers/binary';
import pkg from '../../package.json' with { type: 'json' };

describe('version and help', () => {
  test('--version and version print version, commit and Bun version', async () => {
    for (const args of [['--version'], ['version'], ['-v']]) {
      const r = await run(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^inferwall ${pkg.version.replace(/\./g, '\\.')} \\(commit [0-9a-f]{12}(-dirty)?|unknown, bun 1\\.4\\.4\\)`));
      expect(r.stderr).toBe('');
    }
  });

  test.each([[['--help']], [['serve', '--help']], [['admin', '--help']], [['admin', 'setup', '--help']], [['admin', 'generate-keys', '-h']]])(
    '%j prints usage on stdout, exit 0',
    async (args) => {
      const r = await run(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: inferwall');
      expect(r.stderr).toBe('');
    },
  );

  test.each([
    [['frobnicate'], 'unknown command'],
    [['serve', '--bogus'], 'Unknown option'],
    [['admin'], 'needs a subcommand'],
    [['admin', 'nope'], 'unknown subcommand'],
    [['admin', 'generate-keys', '--role', 'root'], '--role must be scan or admin'],
    [[], 'Usage: inferwall'],
  ])('%j → usage on stderr, exit 2', async (args, words) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(words);
    expect(r.stderr).toContain('Usage');
    expect(r.stdout).toBe('');
  });
});

describe('admin', () => {
  test('setup writes .env.local (0600) with one key per role, prints them once, never overwrites silently', async () => {
    const dir = tempDir();
    const r = await run(['admin', 'setup'], { cwd: dir });
    expect(r.code).toBe(0);
    const file = join(dir, '.env.local');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    const scan = /IW_API_KEY=(iwk_scan_[A-Za-z0-9]{32})\n/.exec(text)?.[1];
    const admin = /IW_ADMIN_KEY=(iwk_admin_[A-Za-z0-9]{32})\n/.exec(text)?.[1];
    expect(scan).toBeDefined();
    expect(admin).toBeDefined();
    expect(r.stdout).toContain(scan as string);
    expect(r.stdout).toContain('source .env.local');

    const again = await run(['admin', 'setup'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(again.stderr).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe(text);

    const forced = await run(['admin', 'setup', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toBe(text);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test('setup --out writes elsewhere', async () => {
    const dir = tempDir();
    const r = await run(['admin', 'setup', '--out', 'keys.env'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'keys.env'), 'utf8')).toContain('IW_ADMIN_KEY=iwk_admin_');
  });

  test.each(['scan', 'admin'])('generate-keys --role %s prints one key', async (role) => {
    const r = await run(['admin', 'generate-keys', '--role', role]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^iwk_${role}_[A-Za-z0-9]{32}\\n$`));
  });
});

describe('serve', () => {
  test('after admin setup, serve loads .env.local: auth on, keys work, SIGTERM exits 0', async () => {
    const dir = tempDir();
    await run(['admin', 'setup'], { cwd: dir });
    const env = readFileSync(join(dir, '.env.local'), 'utf8');
    const scan = /IW_API_KEY=(\S+)/.exec(env)?.[1] as string;
    const admin = /IW_ADMIN_KEY=(\S+)/.exec(env)?.[1] as string;
    await using s = await serve(['--host', '127.0.0.1'], { cwd: dir });
    expect((await fetch(`${s.url}/v1/health`)).status).toBe(401);
    const ok = await fetch(`${s.url}/v1/health`, { headers: { authorization: `Bearer ${scan}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ok', dev_mode: false });
    expect((await fetch(`${s.url}/v1/config`, { headers: { authorization: `Bearer ${scan}` } })).status).toBe(403);
    expect((await fetch(`${s.url}/v1/config`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
    // An internal error path never shows a stack or a path (production build).
    const bad = await fetch(`${s.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"key":' });
    expect(await bad.text()).toBe('{"detail":"Malformed request body: it is not valid JSON"}');
    expect(await s.stop()).toBe(0);
    const log = s.stderr();
    expect(log).toContain('loaded environment file');
    expect(log).not.toContain(scan);
    expect(log).not.toContain(admin);
  });

  test('dev mode: loud warning, binds 127.0.0.1 by default, --no-env-file ignores .env files (Bun autoload off)', async () => {
    const dir = tempDir();
    // Bun's own dotenv autoload would pick these up; the binary must not.
    writeFileSync(join(dir, '.env'), `IW_API_KEY=${generateApiKey('scan')}\nIW_ADMIN_KEY=${generateApiKey('admin')}\n`);
    writeFileSync(join(dir, '.env.local'), `IW_API_KEY=${generateApiKey('scan')}\n`);
    await using s = await serve(['--no-env-file'], { cwd: dir });
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.stderr()).toContain('AUTHENTICATION IS DISABLED');
    expect(s.stderr()).not.toContain('beyond this machine');
    expect(await (await fetch(`${s.url}/v1/auth/check`)).json()).toMatchObject({ dev_mode: true });
  });

  test('dev mode on an explicit non-loopback host: second warning', async () => {
    await using s = await serve(['--host', '0.0.0.0']);
    expect(s.stderr()).toContain('beyond this machine');
  });

  test.each([
    [{ IW_PORT: '99999' }, 'IW_PORT'],
    [{ IW_API_KEY: 'nope' }, 'IW_API_KEY'],
    [{ IW_ADMIN_KEY: generateApiKey('admin') }, 'IW_API_KEY'],
    [{ IW_TLS: 'auto' }, 'IW_API_KEY'],
    [{ IW_TLS: 'sometimes' }, 'IW_TLS'],
  ])('bad config %j fails fast naming %s (exit 78)', async (extra, variable) => {
    const r = await run(['serve', '--no-env-file'], { env: cleanEnv(extra) });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('configuration error');
    expect(r.stderr).toContain(variable);
  });

  test('a second instance on the same port fails with a clear message (no reusePort)', async () => {
    await using first = await serve([]);
    const port = new URL(first.url).port;
    const r = await run(['serve', '--port', port, '--no-env-file']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('already in use');
  });

  test('SIGTERM drains in-flight requests before exiting 0', async () => {
    await using s = await serve([]);
    // Slow uploads keep requests in flight while the signal arrives.
    const inflight = Array.from({ length: 5 }, () => {
      const body = new ReadableStream({
        async start(c) {
          c.enqueue(new TextEncoder().encode('{"key":"'));
          await Bun.sleep(300);
          c.enqueue(new TextEncoder().encode('x"}'));
          c.close();
        },
      });
      return fetch(`${s.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    });
    await Bun.sleep(100);
    s.proc.kill('SIGTERM');
    const responses = await Promise.all(inflight);
    // Dev mode answers login with 400 "nothing to log in to": the point is that each got an answer.
    expect(responses.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    expect(await s.proc.exited).toBe(0);
    expect(s.stderr()).toContain('"msg":"stopped"');
  });
});
