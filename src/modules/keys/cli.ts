/**
 * `inferwall admin keys create|list|revoke`: the same KeyAdmin service as the API, on the store
 * the configuration names (IW_REDIS_URL, else IW_DATA_DIR/state.db), so a running server sees a
 * CLI revocation within a second. Reads ./.env.local like `serve` does.
 */
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { EXIT, UsageError, type CliIO, type Command, type Parsed } from '../../cli/command';
import { withEnvFile } from '../../cli/env-file';
import { ConfigError, loadConfig } from '../../config';
import { ROLES, type Role } from '../../security/api-keys';
import { KeyRegistry, type KeyView } from '../../security/key-registry';
import { ApiError } from '../../server/errors';
import { createLogger } from '../../server/log';
import { openStore, storeLocation } from '../../store';
import { StoreUnavailableError, systemClock } from '../../store/interface';
import { AuditLog, type AuditAction } from '../audit/service';
import { KeyAdmin } from './service';

const ENV_OPTIONS = {
  'env-file': { type: 'string' },
  'no-env-file': { type: 'boolean', default: false },
} as const;
const ENV_HELP = `  --env-file FILE   read IW_* variables from FILE instead of ./.env.local
  --no-env-file     do not read any env file`;
const CONNECT_WAIT_MS = 3000;

interface Context {
  readonly keys: KeyAdmin;
  audit(action: AuditAction, target: string, ok: boolean): Promise<void>;
}

/** Opens the configured store, runs `fn`, closes the store; turns known failures into exit codes. */
async function withStore(values: Parsed['values'], io: CliIO, fn: (ctx: Context) => Promise<number>): Promise<number> {
  let env = io.env;
  if (values['no-env-file'] !== true) {
    const file = resolve(io.cwd, typeof values['env-file'] === 'string' ? values['env-file'] : '.env.local');
    const merged = withEnvFile(env, file);
    if (merged) env = merged.env;
    else if (typeof values['env-file'] === 'string') {
      io.stderr(`inferwall: --env-file: ${file} not found\n`);
      return EXIT.CONFIG;
    }
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(`inferwall: configuration error: ${err.message}\n`);
      return EXIT.CONFIG;
    }
    throw err;
  }
  // Only problems reach the terminal; the command's own output goes to stdout.
  const log = createLogger('error', io.stderr);
  const store = openStore(config, { log });
  try {
    if (!(await store.whenReady(CONNECT_WAIT_MS))) {
      io.stderr(`inferwall: cannot reach the state store at ${storeLocation(config)}\n`);
      return EXIT.FAILURE;
    }
    const registry = new KeyRegistry({ store, clock: systemClock, log, envKeys: { scan: config.scanKeys, admin: config.adminKeys } });
    const audit = new AuditLog({ store, clock: systemClock, log, file: config.audit.file, maxEntries: config.audit.maxEntries });
    return await fn({
      keys: new KeyAdmin(registry),
      audit: (action, target, ok) =>
        audit.record({ action, result: ok ? 'success' : 'failure', actor: { via: 'cli', user: userInfo().username }, client: 'local', target }),
    });
  } catch (err) {
    if (err instanceof ApiError) {
      if (err.code === 'VALIDATION') throw new UsageError(err.detail.replace(/^Invalid request: body\.expires_in/, '--expires'));
      io.stderr(`inferwall: ${err.detail}\n`);
      return EXIT.FAILURE;
    }
    if (err instanceof StoreUnavailableError) {
      io.stderr(`inferwall: state store unavailable (${storeLocation(config)}): ${err.message}\n`);
      return EXIT.FAILURE;
    }
    throw err;
  } finally {
    await store.close();
  }
}

const date = (iso: string | null): string => (iso === null ? '-' : iso.slice(0, 19).replace('T', ' '));

function table(keys: readonly KeyView[]): string {
  const rows = [['ID', 'ROLE', 'STATUS', 'NAME', 'CREATED', 'EXPIRES', 'LAST USED']];
  for (const k of keys) rows.push([k.id, k.role, k.status, k.name, date(k.created_at), date(k.expires_at), date(k.last_used_at)]);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}

const create: Command = {
  name: 'create',
  summary: 'create a managed key (printed once)',
  usage: 'admin keys create --role scan|admin --name NAME [--expires 90d] [--json]',
  help: `Creates a key in the state store and prints it once; only its SHA-256 is kept.
A running server accepts it at once, alongside the env keys.

Options:
  --role scan|admin   what the key may do
  --name NAME         what it is for (shown in lists and the audit log)
  --expires DURATION  lifetime: a number and s, m, h, d or w (90d, 12h); default never
  --json              print {"id","key","role","name","created_at","expires_at"}
${ENV_HELP}`,
  options: { role: { type: 'string' }, name: { type: 'string' }, expires: { type: 'string' }, json: { type: 'boolean', default: false }, ...ENV_OPTIONS },
  async run({ values }, io) {
    const role = values.role;
    if (typeof role !== 'string' || !ROLES.includes(role as Role)) {
      throw new UsageError(`--role must be scan or admin${typeof role === 'string' ? `, got "${role}"` : ''}`);
    }
    const name = values.name;
    if (typeof name !== 'string' || name.trim() === '' || name.length > 64 || /[\u0000-\u001f\u007f]/.test(name)) {
      throw new UsageError('--name is required: 1 to 64 printable characters');
    }
    const expires = typeof values.expires === 'string' ? values.expires : undefined;
    return withStore(values, io, async (ctx) => {
      const created = await ctx.keys.create(role as Role, name, expires);
      await ctx.audit('key.create', created.id, true);
      if (values.json === true) io.stdout(JSON.stringify(created) + '\n');
      else {
        io.stdout(
          `Created ${created.role} key ${created.id} "${created.name}"` +
            (created.expires_at ? `, expires ${created.expires_at}` : ', never expires') +
            `.\nThis is the only time the key is shown:\n\n  ${created.key}\n\n` +
            `Revoke it with: inferwall admin keys revoke ${created.id}\n`,
        );
      }
      return EXIT.OK;
    });
  },
};

const list: Command = {
  name: 'list',
  summary: 'list managed keys (never the secrets)',
  usage: 'admin keys list [--json]',
  help: `Lists managed keys with role, status (active, revoked, expired), name and dates.
Keys from IW_API_KEY/IW_ADMIN_KEY are not listed.

Options:
  --json            print a JSON array
${ENV_HELP}`,
  options: { json: { type: 'boolean', default: false }, ...ENV_OPTIONS },
  async run({ values }, io) {
    return withStore(values, io, async (ctx) => {
      const keys = await ctx.keys.list();
      io.stdout(values.json === true ? JSON.stringify(keys) + '\n' : keys.length === 0 ? 'No managed keys.\n' : table(keys));
      return EXIT.OK;
    });
  },
};

const revoke: Command = {
  name: 'revoke',
  summary: 'revoke a managed key by id',
  usage: 'admin keys revoke ID',
  help: `Revokes a managed key: every server sharing the store refuses it within a second,
and login sessions opened with it end.

Options:
${ENV_HELP}`,
  options: { ...ENV_OPTIONS },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const id = positionals[0];
    if (positionals.length !== 1 || id === undefined || !/^[0-9a-f]{12}$/.test(id)) {
      throw new UsageError('give exactly one key id (12 hex digits, see `inferwall admin keys list`)');
    }
    return withStore(values, io, async (ctx) => {
      const revoked = await ctx.keys.revoke(id);
      await ctx.audit('key.revoke', id, true);
      io.stdout(`Revoked ${revoked.role} key ${revoked.id} "${revoked.name}" (at ${revoked.revoked_at ?? '?'}).\n`);
      return EXIT.OK;
    });
  },
};

/** `admin keys …`: the subcommand group added to `admin`. */
export const keysCommand: Command = {
  name: 'keys',
  summary: 'create, list and revoke managed API keys',
  usage: 'admin keys <create|list|revoke> [options]',
  subcommands: [create, list, revoke],
};
