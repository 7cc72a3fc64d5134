/**
 * The audit log of admin actions: who (key id, or a hash of the session id — never a secret), from
 * where, did what, to what, with which result. Each event is appended to the state store (durable,
 * shared by instances, paged newest first) and, with IW_AUDIT_LOG, as one JSON line to that file.
 */
import { appendFileSync } from 'node:fs';
import type { Logger } from '../../server/log';
import type { Clock, StateStore } from '../../store/interface';

export type AuditAction =
  | 'login'
  | 'logout'
  | 'key.create'
  | 'key.revoke'
  | 'reload'
  | 'policy.change'
  | 'config.change'
  | 'signature.override';

export interface AuditActor {
  /** How the actor authenticated; `cli` for commands run on the host. */
  readonly via: 'key' | 'session' | 'dev' | 'cli' | 'anonymous';
  /** Non-secret key id (first 12 hex digits of the key's SHA-256). */
  readonly key_id?: string;
  /** First 16 hex digits of the SHA-256 of the session id (the cookie itself is never recorded). */
  readonly session?: string;
  /** For the CLI: the operating-system user. */
  readonly user?: string;
}

export interface AuditEvent {
  readonly action: AuditAction;
  readonly result: 'success' | 'failure';
  readonly actor: AuditActor;
  readonly client: string;
  /** What the action applied to: a key id, a signature id, a policy name. */
  readonly target?: string;
  /** HTTP status for API actions. */
  readonly status?: number;
  readonly request_id?: string;
}

export interface AuditRecord extends AuditEvent {
  readonly id: string;
  readonly time: string;
}

const LOG = 'audit';

export class AuditLog {
  constructor(
    private readonly deps: {
      store: StateStore;
      clock: Clock;
      log: Logger;
      /** IW_AUDIT_LOG: a JSON-lines file to append to, or null. */
      file: string | null;
      /** How many events the store keeps at least (older ones are trimmed). */
      maxEntries: number;
    },
  ) {}

  /**
   * Records one event in the store and the file. Never throws: an event the store cannot take is
   * still written to the file and to the server log, so it is not lost silently.
   */
  async record(event: AuditEvent): Promise<void> {
    const line = { time: new Date(this.deps.clock()).toISOString(), ...event };
    const text = JSON.stringify(line);
    if (this.deps.file) {
      try {
        // Created 0600: the trail names key ids and client addresses.
        appendFileSync(this.deps.file, text + '\n', { mode: 0o600 });
      } catch (err) {
        this.deps.log.error('audit file not writable', { file: this.deps.file, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
      }
    }
    try {
      await this.deps.store.append(LOG, text, this.deps.maxEntries);
    } catch (err) {
      this.deps.log.error('audit event not stored', { ...line, error: (err as Error).message });
    }
  }

  /**
   * Up to `limit` events, newest first, older than the cursor `before`; `next_before` is the cursor
   * for the next page (null on the last). Rejects with StoreUnavailableError when the store is down.
   */
  async list(opts: { limit: number; before?: string | undefined }): Promise<{ items: AuditRecord[]; next_before: string | null }> {
    const rows = await this.deps.store.readLog(LOG, { limit: opts.limit, ...(opts.before !== undefined ? { before: opts.before } : {}) });
    const items = rows.map((r) => ({ id: r.id, ...(JSON.parse(r.entry) as Omit<AuditRecord, 'id'>) }));
    const last = rows.at(-1);
    return { items, next_before: rows.length === opts.limit && last ? last.id : null };
  }
}
