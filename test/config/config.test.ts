import { describe, expect, test } from 'bun:test';
import { ConfigError, loadConfig, publicConfig } from '../../src/config';
import { generateApiKey } from '../../src/security/api-keys';

const scan = generateApiKey('scan');
const admin = generateApiKey('admin');
const keys = { IW_API_KEY: scan, IW_ADMIN_KEY: admin };

function errorOf(env: Record<string, string>, flags = {}): ConfigError {
  try {
    loadConfig(env, flags);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  test('defaults with keys: 0.0.0.0:8000, auth on, frozen', () => {
    const c = loadConfig(keys);
    expect(c.host).toBe('0.0.0.0');
    expect(c.port).toBe(8000);
    expect(c.devMode).toBe(false);
    expect(c.maxBodyBytes).toBe(1024 * 1024);
    expect(c.failMode).toBe('closed');
    expect(c.scanCacheBytes).toBe(32 * 1024 * 1024);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.scanKeys)).toBe(true);
  });

  test('dev mode (no IW_API_KEY) binds loopback by default', () => {
    const c = loadConfig({});
    expect(c.devMode).toBe(true);
    expect(c.host).toBe('127.0.0.1');
    expect(c.hostExplicit).toBe(false);
  });

  test('flags win over the environment', () => {
    const c = loadConfig({ ...keys, IW_PORT: '9000', IW_HOST: '127.0.0.1' }, { port: '9100', host: '::1' });
    expect(c.port).toBe(9100);
    expect(c.host).toBe('::1');
  });

  test('several keys per role (rotation), duplicates dropped', () => {
    const scan2 = generateApiKey('scan');
    const c = loadConfig({ IW_API_KEY: `${scan}, ${scan2},${scan}`, IW_ADMIN_KEY: admin });
    expect(c.scanKeys).toEqual([scan, scan2]);
  });

  test.each([
    [{ ...keys, IW_PORT: '70000' }, 'IW_PORT', 'between 0 and 65535'],
    [{ ...keys, IW_PORT: 'eighty' }, 'IW_PORT', 'whole number'],
    [{ ...keys, IW_TLS: 'maybe' }, 'IW_TLS', 'off, manual, auto'],
    [{ IW_API_KEY: admin, IW_ADMIN_KEY: admin }, 'IW_API_KEY', 'admin key'],
    [{ IW_API_KEY: scan, IW_ADMIN_KEY: scan }, 'IW_ADMIN_KEY', 'scan key'],
    [{ IW_API_KEY: 'secret123', IW_ADMIN_KEY: admin }, 'IW_API_KEY', 'not a valid scan key'],
    [{ IW_API_KEY: 'iwk_scan_short', IW_ADMIN_KEY: admin }, 'IW_API_KEY', 'at least 32'],
    [{ IW_ADMIN_KEY: admin }, 'IW_API_KEY', 'half-configured'],
    [{ IW_TLS: 'manual', IW_TLS_CERT: 'c', IW_TLS_KEY: 'k' }, 'IW_API_KEY', 'production'],
    [{ ...keys, IW_TLS: 'manual' }, 'IW_TLS_CERT', 'required'],
    [{ ...keys, IW_MAX_BODY_BYTES: '10' }, 'IW_MAX_BODY_BYTES', 'between'],
    [{ ...keys, IW_SCAN_CACHE_MB: '-1' }, 'IW_SCAN_CACHE_MB', 'between'],
    [{ ...keys, IW_SCAN_CACHE_MB: 'lots' }, 'IW_SCAN_CACHE_MB', 'whole number'],
    [{ ...keys, IW_CORS_ORIGINS: '*' }, 'IW_CORS_ORIGINS', 'no paths, no wildcards'],
    [{ ...keys, IW_TRUSTED_PROXIES: '10.0.0.0/99' }, 'IW_TRUSTED_PROXIES', 'prefix'],
    [{ ...keys, IW_TRUSTED_PROXIES: 'proxy.local' }, 'IW_TRUSTED_PROXIES', 'not an IP'],
    [{ ...keys, IW_FAIL_MODE: 'sometimes' }, 'IW_FAIL_MODE', 'closed, open'],
    [{ ...keys, IW_SESSION_IDLE_SECS: '7200', IW_SESSION_MAX_SECS: '3600' }, 'IW_SESSION_MAX_SECS', 'shorter'],
    [{ ...keys, IW_HOST: 'bad host!' }, 'IW_HOST', 'not a host'],
  ])('rejects %j naming %s', (env, variable, words) => {
    const err = errorOf(env);
    expect(err.variable).toBe(variable);
    expect(err.message).toContain(variable);
    expect(err.message).toContain(words);
  });

  test('a bad key is never echoed in the error', () => {
    const leaked = 'iwk_admin_' + 'S'.repeat(40);
    const err = errorOf({ IW_API_KEY: leaked, IW_ADMIN_KEY: admin });
    expect(err.message).not.toContain(leaked);
    expect(err.message).not.toContain('SSSS');
  });

  test('--port flag errors name the flag', () => {
    expect(errorOf(keys, { port: '-1' }).variable).toBe('--port');
  });

  test('publicConfig never contains a key', () => {
    const text = JSON.stringify(publicConfig(loadConfig(keys)));
    expect(text).not.toContain(scan);
    expect(text).not.toContain(admin);
    expect(text).toContain('1 configured');
  });
});
