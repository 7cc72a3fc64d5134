/**
 * `inferwall admin keys create|list|revoke` (the compiled binary) on the configured store, next to
 * a running server: SQLite shared through IW_DATA_DIR (a CLI revocation reaches the server within
 * a second through the events table), and Redis through IW_REDIS_URL.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { generateApiKey } from '../../src/security/api-keys';
import { cleanEnv, run, serve, tempDir } from '../helpers/binary';
import { freePort, startRedis, type RedisServer } from '../store/redis-server';
import type { Created } from './helpers';

const scanKey = generateApiKey('scan');
const adminKey = generateApiKey('admin');


describe('admin keys on SQLite (IW_DATA_DIR)', () => {
  const dataDir = join(tempDir('iw-cli-'), 'data');
  const auditFile = join(tempDir('iw-cli-'), 'audit.jsonl');
  const cliEnv = () => cleanEnv({ IW_DATA_DIR: dataDir, IW_AUDIT_LOG: auditFile });

  test('create prints the key once; list never shows it; a running server accepts it; revoke stops it within 1 s', async () => {
    const made = await run(['admin', 'keys', 'create', '--role', 'scan', '--name', 'ci', '--expires', '90d', '--json'], { env: cliEnv() });
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const created = JSON.parse(made.stdout) as Created;
    expect(created.key).toMatch(/^iwk_scan_[A-Za-z0-9]{32}$/);
    expect(created).toMatchObject({ role: 'scan', name: 'ci' });

    const text = await run(['admin', 'keys', 'create', '--role', 'admin', '--name', 'ops'], { env: cliEnv() });
    expect(text.code).toBe(0);
    const adminManaged = /iwk_admin_[A-Za-z0-9]{32}/.exec(text.stdout)?.[0] ?? '';
    expect(text.stdout.split(adminManaged).length).toBe(2);
    expect(text.stdout).toContain('only time the key is shown');

    const list = await run(['admin', 'keys', 'list'], { env: cliEnv() });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID +ROLE +STATUS +NAME/);
    expect(list.stdout).toContain(created.id);
    for (const secret of [created.key, adminManaged]) expect(list.stdout).not.toContain(secret);
    const json = JSON.parse((await run(['admin', 'keys', 'list', '--json'], { env: cliEnv() })).stdout) as { id: string; status: string }[];
    expect(json.map((k) => k.status)).toEqual(['active', 'active']);

    await using server = await serve([], { env: cleanEnv({ IW_DATA_DIR: dataDir, IW_API_KEY: scanKey, IW_ADMIN_KEY: adminKey }) });
    const health = () => fetch(`${server.url}/v1/health`, { headers: { authorization: `Bearer ${created.key}` } });
    expect((await health()).status).toBe(200);
    expect((await fetch(`${server.url}/v1/config`, { headers: { authorization: `Bearer ${adminManaged}` } })).status).toBe(200);

    const revoked = await run(['admin', 'keys', 'revoke', created.id], { env: cliEnv() });
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked scan key ${created.id}`);
    const at = Date.now();
    while ((await health()).status === 200) {
      expect(Date.now() - at).toBeLessThan(1000);
      await Bun.sleep(20);
    }
    expect((await health()).status).toBe(401);

    // The server's audit log shows what the CLI did (same store), and so does IW_AUDIT_LOG.
    const audit = (await (await fetch(`${server.url}/v1/admin/audit`, { headers: { authorization: `Bearer ${adminKey}` } })).json()) as { items: { action: string; actor: { via: string }; target: string }[] };
    expect(audit.items.filter((e) => e.actor.via === 'cli').map((e) => `${e.action} ${e.target}`)).toContain(`key.revoke ${created.id}`);
    expect(await Bun.file(auditFile).text()).toContain('"action":"key.create"');
  });

  test.each([
    [['admin', 'keys', 'create', '--name', 'x'], '--role must be scan or admin'],
    [['admin', 'keys', 'create', '--role', 'scan'], '--name is required'],
    [['admin', 'keys', 'create', '--role', 'scan', '--name', 'x', '--expires', 'soon'], '--expires'],
    [['admin', 'keys', 'revoke'], 'give exactly one key id'],
    [['admin', 'keys', 'revoke', 'zzz'], 'give exactly one key id'],
    [['admin', 'keys'], 'needs a subcommand'],
  ])('%j → usage error, exit 2', async (args, words) => {
    const r = await run(args, { env: cliEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(words);
  });

  test('revoking an unknown id → exit 1 with the reason', async () => {
    const r = await run(['admin', 'keys', 'revoke', '0123456789ab'], { env: cliEnv() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No managed key with id 0123456789ab');
  });
});

describe('admin keys on Redis (IW_REDIS_URL)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.stop());

  test('a key created by the CLI on Redis works on a server using that Redis', async () => {
    const made = await run(['admin', 'keys', 'create', '--role', 'scan', '--name', 'shared', '--json'], { env: cleanEnv({ IW_REDIS_URL: redis.url }) });
    expect(made.code).toBe(0);
    const created = JSON.parse(made.stdout) as Created;
    await using server = await serve([], { env: cleanEnv({ IW_REDIS_URL: redis.url, IW_API_KEY: scanKey, IW_ADMIN_KEY: adminKey }) });
    expect((await fetch(`${server.url}/v1/health`, { headers: { authorization: `Bearer ${created.key}` } })).status).toBe(200);
  });

  test('Redis unreachable → exit 1 naming where (never the password)', async () => {
    const r = await run(['admin', 'keys', 'list'], { env: cleanEnv({ IW_REDIS_URL: `redis://admin:hunter2@127.0.0.1:${freePort()}` }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot reach the state store at redis://127.0.0.1:');
    expect(r.stderr).not.toContain('hunter2');
  });
});
