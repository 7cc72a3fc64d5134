/** `inferwall admin …`: key generation for first setup and for rotation. */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { keysCommand } from '../modules/keys/cli';
import { generateApiKey, ROLES, type Role } from '../security/api-keys';
import { EXIT, UsageError, type Command } from './command';

/** Writes `content` to `path` with mode 0600 atomically (temp file + rename), refusing to replace unless `force`. */
function writeSecretFile(path: string, content: string, force: boolean): void {
  if (existsSync(path) && !force) throw new Error('exists');
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

const setup: Command = {
  name: 'setup',
  summary: 'generate a scan key and an admin key into .env.local',
  usage: 'admin setup [--out FILE] [--force]',
  help: `Generates one scan key (iwk_scan_…) and one admin key (iwk_admin_…) and writes
IW_API_KEY and IW_ADMIN_KEY to .env.local in the working directory (mode 0600).
An existing file is never replaced without --force.

Options:
  --out FILE   where to write (default: ./.env.local)
  --force      replace an existing file (its old keys stop working once the server restarts)`,
  options: { out: { type: 'string' }, force: { type: 'boolean', default: false } },
  async run({ values }, io) {
    const out = resolve(io.cwd, typeof values.out === 'string' ? values.out : '.env.local');
    const scan = generateApiKey('scan');
    const admin = generateApiKey('admin');
    const content =
      `# inferwall API keys, generated ${new Date().toISOString()} by \`inferwall admin setup\`.\n` +
      `# Keep this file secret (mode 0600). Load it with: source ${basename(out)}\n` +
      `export IW_API_KEY=${scan}\nexport IW_ADMIN_KEY=${admin}\n`;
    try {
      writeSecretFile(out, content, values.force === true);
    } catch (err) {
      if ((err as Error).message === 'exists') {
        io.stderr(`inferwall: ${out} already exists; not overwriting it. Use --force to replace it, or --out FILE to write elsewhere.\n`);
      } else {
        io.stderr(`inferwall: cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      }
      return EXIT.FAILURE;
    }
    io.stdout(
      `Wrote ${out} (mode 0600) with:\n\n` +
        `  IW_API_KEY=${scan}\n  IW_ADMIN_KEY=${admin}\n\n` +
        `These keys are shown once. Use the scan key in application code and keep the admin key for operators.\n` +
        `Load them with:\n\n  source ${out === resolve(io.cwd, '.env.local') ? '.env.local' : out}\n\n` +
        `then start the server with: inferwall serve\n`,
    );
    return EXIT.OK;
  },
};

const generateKeys: Command = {
  name: 'generate-keys',
  summary: 'print one new key for a role',
  usage: 'admin generate-keys --role scan|admin',
  help: `Prints one new key on stdout, for rotation: add it next to the old one
(IW_API_KEY=old,new), restart, move clients over, then remove the old key.`,
  options: { role: { type: 'string' } },
  async run({ values }, io) {
    const role = values.role;
    if (typeof role !== 'string' || !ROLES.includes(role as Role)) {
      throw new UsageError(`--role must be scan or admin${typeof role === 'string' ? `, got "${role}"` : ''}`);
    }
    io.stdout(generateApiKey(role as Role) + '\n');
    return EXIT.OK;
  },
};

export const adminCommand: Command = {
  name: 'admin',
  summary: 'set up and manage API keys',
  usage: 'admin <setup|generate-keys|keys> [options]',
  subcommands: [setup, generateKeys, keysCommand],
};
