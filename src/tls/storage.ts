/**
 * Where certificates and ACME account keys are kept (certmagic's `Storage`, narrowed to what the
 * maintenance loop uses): files under IW_DATA_DIR/tls for one host, or the state store so that
 * instances sharing Redis share certificates too.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StateStore } from '../store/interface';
import { fromBundle, toBundle, type TlsCertificate } from './certificate';

/**
 * The storage contract every implementation keeps:
 * - Everything is scoped by `issuer` (a name derived from the CA's directory URL), so a staging
 *   certificate is never served as a production one, and an account key belongs to one CA.
 * - A load returns exactly what one completed save stored, or null when nothing was stored: never a
 *   half-written value (writes are atomic; a concurrent reader sees the old value or the new one).
 * - A save replaces the previous value. Values are secrets (private keys): readable by the owner
 *   only (files 0600 in 0700 folders) and never logged.
 * - Instances sharing the backend see each other's saves on their next load.
 * - A backend that cannot be read or written rejects; it never answers with stale data silently.
 */
export interface CertStorage {
  readonly kind: 'file' | 'store';
  /** Where the data lives, for logs (no secrets). */
  readonly location: string;
  loadCertificate(issuer: string, name: string): Promise<TlsCertificate | null>;
  saveCertificate(issuer: string, name: string, pair: TlsCertificate): Promise<void>;
  /** The PEM private key of the ACME account for `issuer` and `email`, or null. */
  loadAccountKey(issuer: string, email: string): Promise<string | null>;
  saveAccountKey(issuer: string, email: string, pem: string): Promise<void>;
}

/** A name safe as a file name and a store key part: letters, digits, `.`, `-`, `_` only. */
export function safeName(value: string): string {
  const s = value.toLowerCase().replace(/[^a-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  return s.slice(0, 200) || '_';
}

/** Writes `data` to `path` atomically with mode 0600: a temporary file, fsync, then rename over. */
export function writeFileAtomic(path: string, data: string): void {
  ensurePrivateDir(dirname(path));
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, path);
  // The rename itself must survive a crash: sync the folder entry too.
  const dirFd = openSync(dirname(path), 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

function ensurePrivateDir(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
}

function readIfExists(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Files under `root` (IW_DATA_DIR/tls): `<issuer>/certificates/<name>.pem` holds the chain and the
 * key in one file (one rename replaces both, so they always match), `<issuer>/accounts/<email>.key`
 * the account key. Processes on one host that share IW_DATA_DIR share these files.
 */
export class FileCertStorage implements CertStorage {
  readonly kind = 'file' as const;

  constructor(readonly location: string) {}

  private certPath(issuer: string, name: string): string {
    return join(this.location, safeName(issuer), 'certificates', `${safeName(name)}.pem`);
  }

  private accountPath(issuer: string, email: string): string {
    return join(this.location, safeName(issuer), 'accounts', `${safeName(email)}.key`);
  }

  async loadCertificate(issuer: string, name: string): Promise<TlsCertificate | null> {
    const text = readIfExists(this.certPath(issuer, name));
    return text === null ? null : fromBundle(text);
  }

  async saveCertificate(issuer: string, name: string, pair: TlsCertificate): Promise<void> {
    this.prepareRoot();
    writeFileAtomic(this.certPath(issuer, name), toBundle(pair));
  }

  async loadAccountKey(issuer: string, email: string): Promise<string | null> {
    return readIfExists(this.accountPath(issuer, email));
  }

  async saveAccountKey(issuer: string, email: string, pem: string): Promise<void> {
    this.prepareRoot();
    writeFileAtomic(this.accountPath(issuer, email), pem);
  }

  /** The root folder is 0700 even when IW_DATA_DIR was created more permissive. */
  private prepareRoot(): void {
    ensurePrivateDir(this.location);
    chmodSync(this.location, 0o700);
  }
}

/**
 * The state store (`tls:<issuer>:cert:<name>`, `tls:<issuer>:account:<email>`; Redis adds its `iw:`
 * namespace): every instance on the same store sees the same certificates and account. A single
 * `set` per value keeps writes atomic.
 */
export class StoreCertStorage implements CertStorage {
  readonly kind = 'store' as const;
  readonly location: string;

  constructor(
    private readonly store: StateStore,
    location: string,
  ) {
    this.location = `${store.kind} state store (${location})`;
  }

  async loadCertificate(issuer: string, name: string): Promise<TlsCertificate | null> {
    const text = await this.store.get(`tls:${safeName(issuer)}:cert:${safeName(name)}`);
    return text === null ? null : fromBundle(text);
  }

  async saveCertificate(issuer: string, name: string, pair: TlsCertificate): Promise<void> {
    await this.store.set(`tls:${safeName(issuer)}:cert:${safeName(name)}`, toBundle(pair));
  }

  async loadAccountKey(issuer: string, email: string): Promise<string | null> {
    return this.store.get(`tls:${safeName(issuer)}:account:${safeName(email)}`);
  }

  async saveAccountKey(issuer: string, email: string, pem: string): Promise<void> {
    await this.store.set(`tls:${safeName(issuer)}:account:${safeName(email)}`, pem);
  }
}
