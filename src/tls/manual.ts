/**
 * IW_TLS=manual: the certificate and key come from PEM files (IW_TLS_CERT, IW_TLS_KEY), read at
 * start and again on SIGHUP or when the files change, so a renewed certificate (certbot, a
 * Kubernetes secret) is served without a restart.
 */
import { existsSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { ConfigError } from '../config';
import type { Logger } from '../server/log';
import { CertificateError, inspectCertificate, type CertificateInfo, type TlsCertificate } from './certificate';

export interface ManualFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

function readPem(variable: string, file: string): string {
  if (!existsSync(file)) throw new ConfigError(variable, `file not found: ${file}`);
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(variable, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/**
 * Reads and checks the pair: PEM, parseable, and the key belongs to the certificate. Throws
 * `ConfigError` naming IW_TLS_CERT or IW_TLS_KEY (never quoting key material).
 */
export function readManualCertificate(files: ManualFiles): { pair: TlsCertificate; info: CertificateInfo } {
  const cert = readPem('IW_TLS_CERT', files.certFile);
  const key = readPem('IW_TLS_KEY', files.keyFile);
  if (!cert.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError('IW_TLS_CERT', `${files.certFile} is not a PEM certificate`);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new ConfigError('IW_TLS_KEY', `${files.keyFile} is not a PEM private key`);
  try {
    return { pair: { cert, key }, info: inspectCertificate({ cert, key }) };
  } catch (err) {
    if (err instanceof CertificateError) {
      const variable = err.message.includes('private key') ? 'IW_TLS_KEY' : 'IW_TLS_CERT';
      throw new ConfigError(variable, `${variable === 'IW_TLS_KEY' ? files.keyFile : files.certFile}: ${err.message}`);
    }
    throw err;
  }
}

export interface ManualWatcherOptions extends ManualFiles {
  readonly log: Logger;
  /** The pair being served at start (to tell a real change from a touch). */
  readonly current: TlsCertificate;
  /** Puts a new pair into the live listener. */
  readonly install: (pair: TlsCertificate, info: CertificateInfo) => Promise<void>;
  /** Quiet time after the last file event before reloading (a renewal writes two files). */
  readonly debounceMs?: number;
  /** Fallback when file events are not delivered (network filesystems): compare mtimes this often. */
  readonly pollMs?: number;
  /** File events on (default); tests turn them off to exercise the polling fallback alone. */
  readonly watch?: boolean;
}

/**
 * Watches the two files (their folders, so replaced files and symlink swaps are seen), polls their
 * mtimes as a fallback, and reloads on `reload()` (SIGHUP). A pair that fails to load (half
 * written, key of another certificate) is logged and the current one kept.
 */
export class ManualCertificateWatcher {
  private current: TlsCertificate;
  private watchers: FSWatcher[] = [];
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private poller: ReturnType<typeof setInterval> | undefined;
  private stamp: string;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly opts: ManualWatcherOptions) {
    this.current = opts.current;
    this.stamp = this.fileStamp();
  }

  /** Starts watching and polling. */
  start(): void {
    const names = new Set([basename(this.opts.certFile), basename(this.opts.keyFile)]);
    const dirs = this.opts.watch === false ? [] : [dirname(this.opts.certFile), dirname(this.opts.keyFile)];
    for (const dir of new Set(dirs)) {
      try {
        const w = watch(dir, { persistent: false }, (_event, file) => {
          // `..data` is how Kubernetes swaps a mounted secret; a null name means "something here".
          const name = file?.toString() ?? null;
          if (name === null || names.has(name) || name.startsWith('..')) this.soon('file change');
        });
        w.on('error', () => undefined);
        this.watchers.push(w);
      } catch (err) {
        this.opts.log.warn('cannot watch the certificate folder; relying on SIGHUP and polling', { dir, error: (err as Error).message });
      }
    }
    this.poller = setInterval(() => {
      if (this.fileStamp() !== this.stamp) this.soon('file change (poll)');
    }, this.opts.pollMs ?? 30_000);
    this.poller.unref();
  }

  /** Reloads now (SIGHUP); resolves when done. */
  reload(reason = 'SIGHUP'): Promise<void> {
    this.chain = this.chain.then(() => this.load(reason));
    return this.chain;
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.watchers) w.close();
    this.watchers = [];
    if (this.debounce) clearTimeout(this.debounce);
    if (this.poller) clearInterval(this.poller);
  }

  private soon(reason: string): void {
    if (this.stopped) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload(reason), this.opts.debounceMs ?? 500);
  }

  /** Size, mtime and inode of both files: cheap to compare on every poll. */
  private fileStamp(): string {
    return [this.opts.certFile, this.opts.keyFile]
      .map((f) => {
        try {
          const s = statSync(f);
          return `${s.ino}:${s.size}:${s.mtimeMs}`;
        } catch {
          return 'missing';
        }
      })
      .join('|');
  }

  private async load(reason: string): Promise<void> {
    if (this.stopped) return;
    this.stamp = this.fileStamp();
    let next: { pair: TlsCertificate; info: CertificateInfo };
    try {
      next = readManualCertificate(this.opts);
    } catch (err) {
      this.opts.log.warn('certificate reload failed; still serving the current certificate', { reason, error: (err as Error).message });
      return;
    }
    if (next.pair.cert === this.current.cert && next.pair.key === this.current.key) {
      this.opts.log.debug('certificate files unchanged', { reason });
      return;
    }
    try {
      await this.opts.install(next.pair, next.info);
      this.current = next.pair;
      this.opts.log.info('certificate installed', {
        source: `reloaded (${reason})`,
        names: next.info.names,
        not_after: next.info.notAfter.toISOString(),
        fingerprint: next.info.fingerprint,
      });
    } catch (err) {
      this.opts.log.error('could not install the reloaded certificate; still serving the current one', { reason, error: (err as Error).message });
    }
  }
}
