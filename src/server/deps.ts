/** Everything the HTTP app needs, built once by `serve` (or a test) and passed in. */
import type { EngineHolder } from '../catalog/engine-state';
import type { Config } from '../config';
import type { EngineAdmin } from '../modules/admin/service';
import type { ScanStats } from '../modules/admin/stats';
import type { AnalyzeService } from '../modules/analyze/service';
import type { ScanService } from '../modules/scan/service';
import type { AuditLog } from '../modules/audit/service';
import type { KeyAdmin } from '../modules/keys/service';
import type { ConversationService } from '../modules/sessions/service';
import type { KeyRegistry } from '../security/key-registry';
import type { KeyRing } from '../security/api-keys';
import type { Authenticator } from '../security/authenticate';
import type { SessionService } from '../security/sessions';
import type { Clock, StateStore } from '../store/interface';
import type { Logger } from './log';
import type { Metrics } from './metrics';

export interface AppDeps {
  readonly config: Config;
  readonly keys: KeyRing;
  readonly sessions: SessionService;
  readonly authenticator: Authenticator;
  readonly store: StateStore;
  readonly clock: Clock;
  readonly log: Logger;
  /** Served over TLS (cookie gets Secure and __Host-, responses get HSTS). */
  readonly tls: boolean;
  readonly startedAt: number;
  readonly version: { readonly version: string; readonly commit: string };
  /** The live catalog and policies (swapped whole on reload). */
  readonly engine: EngineHolder;
  readonly scanner: ScanService;
  readonly analyzer: AnalyzeService;
  readonly engineAdmin: EngineAdmin;
  readonly stats: ScanStats;
  readonly metrics: Metrics;
  /** Managed API keys (store-backed), next to the env keys in `keys`. */
  readonly registry: KeyRegistry;
  readonly keyAdmin: KeyAdmin;
  /** Conversation sessions (multi-turn escalation). */
  readonly conversations: ConversationService;
  readonly audit: AuditLog;
}
