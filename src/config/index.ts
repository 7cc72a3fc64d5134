/**
 * The one place that reads the environment. `loadConfig` turns `IW_*` variables (and CLI flags,
 * which win) into a frozen, validated `Config`, or throws a `ConfigError` that names the variable.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { KEY_PREFIX, isWellFormedKey, type Role } from '../security/api-keys';
import { parseCidrList, type Cidr } from './cidr';

export type TlsMode = 'off' | 'manual' | 'auto';
export type FailMode = 'closed' | 'open';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Automatic certificates (IW_TLS=auto): what to ask which ACME CA for, and where challenges are answered. */
export interface AcmeConfig {
  /** IW_TLS_DOMAINS: lower-case DNS names, the first one names the certificate. */
  readonly domains: readonly string[];
  /** IW_ACME_EMAIL: the account contact (expiry and incident mail from the CA). */
  readonly email: string;
  /** IW_ACME_DIRECTORY (or Let's Encrypt production / staging with IW_ACME_STAGING=1). */
  readonly directoryUrl: string;
  /** IW_ACME_CA_FILE: an extra CA the ACME client (only) trusts, for a private ACME server. */
  readonly caFile?: string;
  /** IW_HTTP_PORT: plain-HTTP listener for HTTP-01 challenges and redirects (default 80). */
  readonly httpPort: number;
  /** IW_TLS_STORAGE: certificates in files under IW_DATA_DIR/tls, or in the state store (default with IW_REDIS_URL). */
  readonly storage: 'file' | 'store';
  /** IW_TLS_TEST_SPEEDUP (testing only): divides the maintenance intervals (check, retries, lock waits). */
  readonly testSpeedup: number;
}

/** Let's Encrypt's ACME directories. */
export const LETS_ENCRYPT = {
  production: 'https://acme-v02.api.letsencrypt.org/directory',
  staging: 'https://acme-staging-v02.api.letsencrypt.org/directory',
} as const;

export interface Config {
  readonly host: string;
  /** True when the host came from IW_HOST or --host rather than the default. */
  readonly hostExplicit: boolean;
  readonly port: number;
  /** No keys configured: authentication disabled (the contract's dev mode). */
  readonly devMode: boolean;
  readonly scanKeys: readonly string[];
  readonly adminKeys: readonly string[];
  readonly tls: { readonly mode: TlsMode; readonly certFile?: string; readonly keyFile?: string; readonly acme?: AcmeConfig };
  readonly dataDir: string;
  readonly maxBodyBytes: number;
  readonly maxInputBytes: number;
  /** Memory for recent verdicts (VerdictCache), in bytes; 0 = off. */
  readonly scanCacheBytes: number;
  readonly idleTimeoutSecs: number;
  readonly session: { readonly idleSecs: number; readonly absoluteSecs: number };
  readonly corsOrigins: readonly string[];
  readonly trustedProxies: readonly Cidr[];
  /** Failed authentications allowed per client address per minute before 429. */
  readonly authFailuresPerMinute: number;
  readonly failMode: FailMode;
  readonly policy: string;
  readonly policyPath?: string;
  readonly signaturesDir: string;
  readonly logLevel: LogLevel;
  /** HMAC key for `hash` redaction; null = a random key per process (hashes then correlate only within one run). */
  readonly redactionKey: string | null;
  /** One log line per request. */
  readonly logRequests: boolean;
  /** Include scanned text in request logs (off: text is sensitive). */
  readonly logText: boolean;
  /** A separate bearer token allowed to read /metrics (besides admin keys). */
  readonly metricsToken: string | null;
  /** Shared state store (IW_REDIS_URL); null = SQLite at dataDir/state.db. */
  readonly redis: { readonly url: string; readonly timeoutMs: number; readonly reconnectMaxMs: number } | null;
  /** Conversation sessions: how many are kept and how long an idle one lives. */
  readonly conversations: { readonly maxSessions: number; readonly ttlSecs: number };
  /** Audit log: a JSON-lines file to append to (null: store only) and how many entries the store keeps. */
  readonly audit: { readonly file: string | null; readonly maxEntries: number };
}

/** A configuration problem; `variable` is the environment variable (or flag) to fix. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;
export interface ConfigFlags {
  host?: string;
  port?: string;
}

const LOOPBACK = '127.0.0.1';

function text(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number, raw?: string): number {
  const v = raw ?? text(env, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v)) throw new ConfigError(name, `must be a whole number between ${min} and ${max}, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const v = text(env, name)?.toLowerCase();
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${v}"`);
  }
  return v as T;
}

function list(env: Env, name: string): string[] {
  return (text(env, name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Parses a comma-separated key list and checks every key is a well-formed key of `role`. */
function keys(env: Env, name: string, role: Role): string[] {
  const found = list(env, name);
  const other: Role = role === 'scan' ? 'admin' : 'scan';
  found.forEach((key, i) => {
    const where = found.length > 1 ? ` (key ${i + 1} of ${found.length})` : '';
    if (key.startsWith(KEY_PREFIX[other])) {
      throw new ConfigError(
        name,
        `holds an ${other} key${where}; ${name} takes ${KEY_PREFIX[role]}… keys only` +
          (role === 'scan' ? ' (put admin keys in IW_ADMIN_KEY)' : ' (put scan keys in IW_API_KEY)'),
      );
    }
    if (!isWellFormedKey(key, role)) {
      throw new ConfigError(
        name,
        `key${where} is not a valid ${role} key: expected ${KEY_PREFIX[role]} followed by at least 32 letters or digits ` +
          `(generate one with \`inferwall admin generate-keys --role ${role}\`)`,
      );
    }
  });
  return [...new Set(found)];
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * Reads and validates the whole configuration. Never reads `process.env` itself: the caller passes
 * the environment, so tests and the CLI decide what it holds.
 */
export function loadConfig(env: Env, flags: ConfigFlags = {}): Config {
  const scanKeys = keys(env, 'IW_API_KEY', 'scan');
  const adminKeys = keys(env, 'IW_ADMIN_KEY', 'admin');
  if (scanKeys.length === 0 && adminKeys.length > 0) {
    throw new ConfigError(
      'IW_API_KEY',
      'is not set but IW_ADMIN_KEY is: a half-configured deployment would run without authentication. ' +
        'Set IW_API_KEY too (run `inferwall admin setup`), or unset IW_ADMIN_KEY for local dev mode',
    );
  }
  const devMode = scanKeys.length === 0;

  const tlsMode = oneOf<TlsMode>(env, 'IW_TLS', ['off', 'manual', 'auto'], 'off');
  if (devMode && tlsMode !== 'off') {
    throw new ConfigError(
      'IW_API_KEY',
      `is not set while IW_TLS=${tlsMode}: TLS means production, and production never runs without authentication. ` +
        'Run `inferwall admin setup` and set IW_API_KEY and IW_ADMIN_KEY',
    );
  }
  const tls: Config['tls'] =
    tlsMode === 'manual'
      ? { mode: tlsMode, certFile: required(env, 'IW_TLS_CERT', 'IW_TLS=manual'), keyFile: required(env, 'IW_TLS_KEY', 'IW_TLS=manual') }
      : tlsMode === 'auto'
        ? { mode: tlsMode, acme: acmeConfig(env) }
        : { mode: tlsMode };

  const hostRaw = flags.host?.trim() || text(env, 'IW_HOST');
  const host = hostRaw ?? (devMode ? LOOPBACK : '0.0.0.0');
  if (hostRaw !== undefined && !/^[A-Za-z0-9.:\-[\]]+$/.test(hostRaw)) {
    throw new ConfigError(flags.host ? '--host' : 'IW_HOST', `is not a host name or address: "${hostRaw}"`);
  }
  const port = integer(env, flags.port !== undefined ? '--port' : 'IW_PORT', tlsMode === 'auto' ? 443 : 8000, 0, 65535, flags.port);
  if (tls.acme && port !== 0 && port === tls.acme.httpPort) {
    throw new ConfigError('IW_HTTP_PORT', `(${tls.acme.httpPort}) must differ from the HTTPS port IW_PORT (${port})`);
  }

  const maxBodyBytes = integer(env, 'IW_MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024);
  const maxInputBytes = integer(env, 'IW_MAX_INPUT_BYTES', 1024 * 1024, 1, 64 * 1024 * 1024);
  const idleSecs = integer(env, 'IW_SESSION_IDLE_SECS', 30 * 60, 60, 30 * 24 * 3600);
  const absoluteSecs = integer(env, 'IW_SESSION_MAX_SECS', 12 * 3600, 60, 90 * 24 * 3600);
  if (absoluteSecs < idleSecs) {
    throw new ConfigError('IW_SESSION_MAX_SECS', `(${absoluteSecs}) must not be shorter than IW_SESSION_IDLE_SECS (${idleSecs})`);
  }

  const corsOrigins = list(env, 'IW_CORS_ORIGINS');
  for (const origin of corsOrigins) {
    if (origin === '*' || !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError('IW_CORS_ORIGINS', `"${origin}" is not an origin like https://app.example.com (no paths, no wildcards)`);
    }
  }

  let trustedProxies: Cidr[];
  try {
    trustedProxies = parseCidrList(list(env, 'IW_TRUSTED_PROXIES'));
  } catch (err) {
    throw new ConfigError('IW_TRUSTED_PROXIES', (err as Error).message);
  }

  const home = text(env, 'HOME') ?? homedir();
  const config: Config = {
    host,
    hostExplicit: hostRaw !== undefined,
    port,
    devMode,
    scanKeys,
    adminKeys,
    tls,
    dataDir: resolve(text(env, 'IW_DATA_DIR') ?? '.inferwall'),
    maxBodyBytes,
    maxInputBytes,
    scanCacheBytes: integer(env, 'IW_SCAN_CACHE_MB', 32, 0, 4096) * 1024 * 1024,
    idleTimeoutSecs: integer(env, 'IW_IDLE_TIMEOUT_SECS', 30, 1, 255),
    session: { idleSecs, absoluteSecs },
    corsOrigins,
    trustedProxies,
    authFailuresPerMinute: integer(env, 'IW_AUTH_FAILURES_PER_MINUTE', 10, 1, 100000),
    failMode: oneOf<FailMode>(env, 'IW_FAIL_MODE', ['closed', 'open'], 'closed'),
    policy: text(env, 'IW_POLICY') ?? 'default',
    signaturesDir: resolve(text(env, 'IW_SIGNATURES_DIR') ?? join(home, '.inferwall', 'signatures')),
    logLevel: oneOf<LogLevel>(env, 'IW_LOG_LEVEL', ['debug', 'info', 'warn', 'error'], 'info'),
    redactionKey: redactionKey(env),
    logRequests: bool(env, 'IW_LOG_REQUESTS', true),
    logText: bool(env, 'IW_LOG_TEXT', false),
    metricsToken: metricsToken(env),
    redis: redisConfig(env),
    conversations: {
      maxSessions: integer(env, 'IW_MAX_CONVERSATIONS', 10_000, 1, 10_000_000),
      ttlSecs: integer(env, 'IW_CONVERSATION_TTL_SECS', 3600, 1, 7 * 24 * 3600),
    },
    audit: {
      file: text(env, 'IW_AUDIT_LOG') ? resolve(text(env, 'IW_AUDIT_LOG') as string) : null,
      maxEntries: integer(env, 'IW_AUDIT_MAX_ENTRIES', 100_000, 100, 100_000_000),
    },
    ...(text(env, 'IW_POLICY_PATH') ? { policyPath: resolve(text(env, 'IW_POLICY_PATH') as string) } : {}),
  };
  return deepFreeze(config);
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const v = text(env, name)?.toLowerCase();
  if (v === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(name, `must be true or false, got "${v}"`);
}

function redisConfig(env: Env): Config['redis'] {
  const url = text(env, 'IW_REDIS_URL');
  if (url === undefined) return null;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '') {
    // The value may hold a password: never echo it.
    throw new ConfigError('IW_REDIS_URL', 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379 (rediss:// for TLS)');
  }
  return {
    url,
    timeoutMs: integer(env, 'IW_REDIS_TIMEOUT_MS', 200, 10, 60_000),
    reconnectMaxMs: integer(env, 'IW_REDIS_RECONNECT_MAX_MS', 2000, 100, 600_000),
  };
}

/** The Redis URL without credentials (user, password), safe to log and show. */
export function redisLocation(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
}

function metricsToken(env: Env): string | null {
  const v = text(env, 'IW_METRICS_TOKEN');
  if (v === undefined) return null;
  if (v.length < 24 || /\s/.test(v)) throw new ConfigError('IW_METRICS_TOKEN', 'must be at least 24 characters without spaces');
  return v;
}

function redactionKey(env: Env): string | null {
  const v = text(env, 'IW_REDACTION_KEY');
  if (v === undefined) return null;
  if (v.length < 32) throw new ConfigError('IW_REDACTION_KEY', 'must be at least 32 characters (e.g. the output of `openssl rand -hex 32`)');
  return v;
}

function required(env: Env, name: string, because: string): string {
  const v = text(env, name);
  if (v === undefined) throw new ConfigError(name, `is required with ${because}`);
  return v;
}

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** IW_TLS=auto: domains, account email, CA directory and challenge port, each checked and named. */
function acmeConfig(env: Env): AcmeConfig {
  const domains = [...new Set(list(env, 'IW_TLS_DOMAINS').map((d) => d.toLowerCase().replace(/\.$/, '')))];
  if (domains.length === 0) {
    throw new ConfigError('IW_TLS_DOMAINS', 'is required with IW_TLS=auto: the DNS names to get a certificate for, comma-separated (e.g. api.example.com)');
  }
  for (const d of domains) {
    if (d.startsWith('*.')) throw new ConfigError('IW_TLS_DOMAINS', `"${d}": wildcard names need a DNS-01 challenge; only HTTP-01 is supported, list each name`);
    if (/^[\d.]+$/.test(d) || d.includes(':')) throw new ConfigError('IW_TLS_DOMAINS', `"${d}" is an IP address; list DNS names`);
    if (!DNS_NAME.test(d)) throw new ConfigError('IW_TLS_DOMAINS', `"${d}" is not a DNS name`);
  }
  const email = required(env, 'IW_ACME_EMAIL', 'IW_TLS=auto (the CA writes there about expiring certificates and incidents)');
  if (!/^[^@\s,;<>]+@[^@\s,;<>]+$/.test(email)) throw new ConfigError('IW_ACME_EMAIL', `"${email}" is not an email address`);
  const staging = bool(env, 'IW_ACME_STAGING', false);
  const directory = text(env, 'IW_ACME_DIRECTORY');
  if (directory !== undefined && staging) {
    throw new ConfigError('IW_ACME_STAGING', 'and IW_ACME_DIRECTORY are both set; staging means Let\'s Encrypt staging, so set only one');
  }
  const directoryUrl = directory ?? (staging ? LETS_ENCRYPT.staging : LETS_ENCRYPT.production);
  let parsed: URL | undefined;
  try {
    parsed = new URL(directoryUrl);
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== 'https:') throw new ConfigError('IW_ACME_DIRECTORY', `must be an https:// URL (RFC 8555), got "${directoryUrl}"`);
  const caFile = text(env, 'IW_ACME_CA_FILE');
  // Instances sharing Redis must share certificates too, so the store is the default there.
  const storage = oneOf<'file' | 'store'>(env, 'IW_TLS_STORAGE', ['file', 'store'], text(env, 'IW_REDIS_URL') ? 'store' : 'file');
  return {
    domains,
    email,
    directoryUrl,
    ...(caFile ? { caFile: resolve(caFile) } : {}),
    httpPort: integer(env, 'IW_HTTP_PORT', 80, 1, 65535),
    storage,
    testSpeedup: integer(env, 'IW_TLS_TEST_SPEEDUP', 1, 1, 3600),
  };
}

/** Whether the server would listen beyond this machine. */
export function listensBeyondLoopback(config: Config): boolean {
  return !isLoopback(config.host);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The configuration as `GET /v1/config` shows it: every secret replaced by a count. */
export function publicConfig(config: Config): Record<string, unknown> {
  return {
    host: config.host,
    port: config.port,
    dev_mode: config.devMode,
    scan_keys: `${config.scanKeys.length} configured`,
    admin_keys: `${config.adminKeys.length} configured`,
    tls: {
      mode: config.tls.mode,
      ...(config.tls.certFile ? { cert_file: config.tls.certFile } : {}),
      ...(config.tls.acme
        ? {
            domains: config.tls.acme.domains,
            email: config.tls.acme.email,
            directory: config.tls.acme.directoryUrl,
            ca_file: config.tls.acme.caFile ?? null,
            http_port: config.tls.acme.httpPort,
            storage: config.tls.acme.storage,
            ...(config.tls.acme.testSpeedup !== 1 ? { test_speedup: config.tls.acme.testSpeedup } : {}),
          }
        : {}),
    },
    data_dir: config.dataDir,
    max_body_bytes: config.maxBodyBytes,
    max_input_bytes: config.maxInputBytes,
    scan_cache_mb: config.scanCacheBytes / (1024 * 1024),
    idle_timeout_secs: config.idleTimeoutSecs,
    session: { idle_secs: config.session.idleSecs, absolute_secs: config.session.absoluteSecs },
    cors_origins: config.corsOrigins,
    trusted_proxies: config.trustedProxies.map((c) => c.text),
    auth_failures_per_minute: config.authFailuresPerMinute,
    fail_mode: config.failMode,
    policy: config.policy,
    policy_path: config.policyPath ?? null,
    signatures_dir: config.signaturesDir,
    log_level: config.logLevel,
    redaction_key: config.redactionKey ? 'configured' : 'random per process',
    log_requests: config.logRequests,
    log_text: config.logText,
    metrics_token: config.metricsToken ? 'configured' : null,
    store: config.redis
      ? { kind: 'redis', url: redisLocation(config.redis.url), timeout_ms: config.redis.timeoutMs, reconnect_max_ms: config.redis.reconnectMaxMs }
      : { kind: 'sqlite', path: join(config.dataDir, 'state.db') },
    conversations: { max_sessions: config.conversations.maxSessions, ttl_secs: config.conversations.ttlSecs },
    audit: { file: config.audit.file, max_entries: config.audit.maxEntries },
  };
}
