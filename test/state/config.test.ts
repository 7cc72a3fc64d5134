/** The shared-state settings: IW_REDIS_URL and friends, conversation bounds, the audit log. */
import { describe, expect, test } from 'bun:test';
import { ConfigError, loadConfig, publicConfig } from '../../src/config';

const fails = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('loadConfig accepted it');
};

describe('state configuration', () => {
  test('defaults: SQLite under IW_DATA_DIR, 10 000 conversations for an hour, audit in the store only', () => {
    const c = loadConfig({ IW_DATA_DIR: '/var/lib/iw' });
    expect(c.redis).toBeNull();
    expect(c.conversations).toEqual({ maxSessions: 10_000, ttlSecs: 3600 });
    expect(c.audit).toEqual({ file: null, maxEntries: 100_000 });
    expect(publicConfig(c)).toMatchObject({ store: { kind: 'sqlite', path: '/var/lib/iw/state.db' }, audit: { file: null } });
  });

  test('IW_REDIS_URL selects Redis; the password never shows in /v1/config', () => {
    const c = loadConfig({ IW_REDIS_URL: 'rediss://app:s3cret-pw@cache.internal:6380/2', IW_REDIS_TIMEOUT_MS: '150', IW_REDIS_RECONNECT_MAX_MS: '5000' });
    expect(c.redis).toEqual({ url: 'rediss://app:s3cret-pw@cache.internal:6380/2', timeoutMs: 150, reconnectMaxMs: 5000 });
    const shown = JSON.stringify(publicConfig(c));
    expect(shown).toContain('rediss://cache.internal:6380/2');
    expect(shown).not.toContain('s3cret-pw');
    expect(shown).not.toContain('app:');
  });

  test.each([
    [{ IW_REDIS_URL: 'http://cache:6379' }, 'IW_REDIS_URL'],
    [{ IW_REDIS_URL: 'redis://' }, 'IW_REDIS_URL'],
    [{ IW_REDIS_URL: 'not a url with pw hunter2' }, 'IW_REDIS_URL'],
    [{ IW_REDIS_URL: 'redis://x:6379', IW_REDIS_TIMEOUT_MS: '0' }, 'IW_REDIS_TIMEOUT_MS'],
    [{ IW_MAX_CONVERSATIONS: '0' }, 'IW_MAX_CONVERSATIONS'],
    [{ IW_CONVERSATION_TTL_SECS: '9999999' }, 'IW_CONVERSATION_TTL_SECS'],
    [{ IW_AUDIT_MAX_ENTRIES: '5' }, 'IW_AUDIT_MAX_ENTRIES'],
  ])('%j → ConfigError naming %s (never echoing a URL)', (env, variable) => {
    const err = fails(env);
    expect(err.variable).toBe(variable);
    expect(err.message).not.toContain('hunter2');
  });

  test('IW_AUDIT_LOG is resolved to an absolute path', () => {
    expect(loadConfig({ IW_AUDIT_LOG: 'audit.jsonl' }).audit.file).toMatch(/^\/.*\/audit\.jsonl$/);
  });
});
