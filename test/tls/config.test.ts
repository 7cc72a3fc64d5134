/** IW_TLS=auto configuration: defaults, Let's Encrypt staging, and errors that name the variable. */
import { describe, expect, test } from 'bun:test';
import { ConfigError, LETS_ENCRYPT, loadConfig, publicConfig, type Env } from '../../src/config';
import { generateApiKey } from '../../src/security/api-keys';

const keys = { IW_API_KEY: generateApiKey('scan'), IW_ADMIN_KEY: generateApiKey('admin') };
const auto: Env = { ...keys, IW_TLS: 'auto', IW_TLS_DOMAINS: 'API.example.com, www.example.com.,api.example.com', IW_ACME_EMAIL: 'ops@example.com' };

describe('IW_TLS=auto defaults', () => {
  test('Let\'s Encrypt production, port 443 for HTTPS and 80 for challenges, file storage', () => {
    const c = loadConfig(auto);
    expect(c.port).toBe(443);
    expect(c.tls.acme).toEqual({
      domains: ['api.example.com', 'www.example.com'],
      email: 'ops@example.com',
      directoryUrl: LETS_ENCRYPT.production,
      httpPort: 80,
      storage: 'file',
      testSpeedup: 1,
    });
    expect(loadConfig({ ...keys }).port).toBe(8000);
  });

  test('staging, a private CA, explicit ports, store storage with Redis', () => {
    expect(loadConfig({ ...auto, IW_ACME_STAGING: '1' }).tls.acme?.directoryUrl).toBe(LETS_ENCRYPT.staging);
    const c = loadConfig(
      { ...auto, IW_ACME_DIRECTORY: 'https://ca.internal/acme/directory', IW_ACME_CA_FILE: 'ca.pem', IW_HTTP_PORT: '8080', IW_REDIS_URL: 'redis://127.0.0.1:6379' },
      { port: '8443' },
    );
    expect(c.port).toBe(8443);
    expect(c.tls.acme?.directoryUrl).toBe('https://ca.internal/acme/directory');
    expect(c.tls.acme?.caFile).toEndWith('/ca.pem');
    expect(c.tls.acme?.httpPort).toBe(8080);
    expect(c.tls.acme?.storage).toBe('store');
    expect(loadConfig({ ...auto, IW_REDIS_URL: 'redis://127.0.0.1:6379', IW_TLS_STORAGE: 'file' }).tls.acme?.storage).toBe('file');
    expect(publicConfig(c).tls).toEqual({
      mode: 'auto',
      domains: ['api.example.com', 'www.example.com'],
      email: 'ops@example.com',
      directory: 'https://ca.internal/acme/directory',
      ca_file: c.tls.acme?.caFile,
      http_port: 8080,
      storage: 'store',
    });
  });
});

describe('IW_TLS=auto errors', () => {
  test.each([
    [{ IW_TLS_DOMAINS: '' }, 'IW_TLS_DOMAINS', 'is required with IW_TLS=auto'],
    [{ IW_TLS_DOMAINS: '*.example.com' }, 'IW_TLS_DOMAINS', 'DNS-01'],
    [{ IW_TLS_DOMAINS: '192.0.2.1' }, 'IW_TLS_DOMAINS', 'IP address'],
    [{ IW_TLS_DOMAINS: 'bad_name.example.com' }, 'IW_TLS_DOMAINS', 'not a DNS name'],
    [{ IW_ACME_EMAIL: '' }, 'IW_ACME_EMAIL', 'is required'],
    [{ IW_ACME_EMAIL: 'nobody' }, 'IW_ACME_EMAIL', 'not an email'],
    [{ IW_ACME_DIRECTORY: 'http://ca.internal/dir' }, 'IW_ACME_DIRECTORY', 'https://'],
    [{ IW_ACME_DIRECTORY: 'https://ca.internal/dir', IW_ACME_STAGING: 'true' }, 'IW_ACME_STAGING', 'both set'],
    [{ IW_HTTP_PORT: '0' }, 'IW_HTTP_PORT', 'between 1 and 65535'],
    [{ IW_HTTP_PORT: '443' }, 'IW_HTTP_PORT', 'must differ'],
    [{ IW_TLS_STORAGE: 'nfs' }, 'IW_TLS_STORAGE', 'file, store'],
    [{ IW_TLS_TEST_SPEEDUP: '0' }, 'IW_TLS_TEST_SPEEDUP', 'between 1 and 3600'],
  ])('%j → %s', (extra, variable, words) => {
    let err: unknown;
    try {
      loadConfig({ ...auto, ...extra });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe(variable);
    expect((err as Error).message).toContain(words);
  });

  test('dev mode with TLS is still refused', () => {
    expect(() => loadConfig({ IW_TLS: 'auto', IW_TLS_DOMAINS: 'api.example.com', IW_ACME_EMAIL: 'ops@example.com' })).toThrow('IW_API_KEY');
  });
});
