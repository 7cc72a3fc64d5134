/**
 * Decides who a request is: a bearer key, a login session cookie, or (dev mode) everyone. Knows
 * nothing about Elysia: the auth plugin hands it the few request facts it needs.
 */
import { ApiError, forbidden, unauthorized } from '../server/errors';
import { StoreUnavailableError } from '../store/interface';
import { roleSatisfies, type KeyRing, type Role } from './api-keys';
import type { FailureBrake } from './failure-limiter';
import type { KeyRegistry } from './key-registry';
import type { SessionService } from './sessions';

export interface Principal {
  readonly role: Role;
  readonly via: 'key' | 'session' | 'dev';
  /** Non-secret id of the key used (or that opened the session). */
  readonly keyId?: string;
  /** The raw session id, only so logout can destroy it; never logged. */
  readonly sessionId?: string;
}

export interface AuthFacts {
  readonly method: string;
  readonly authorization: string | null;
  readonly sessionCookie: string | undefined;
  /** The client address (read lazily: looking it up has a cost, and most requests never need it). */
  readonly client: string;
  readonly contentType: string | null;
  readonly origin: string | null;
  readonly secFetchSite: string | null;
  /** Origins allowed to make credentialed cross-origin calls (IW_CORS_ORIGINS) plus our own. */
  readonly sameOrigins: readonly string[];
}

const BEARER = /^bearer +([^\s]+) *$/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class Authenticator {
  constructor(
    private readonly deps: {
      devMode: boolean;
      keys: KeyRing;
      sessions: SessionService;
      limiter: FailureBrake;
      /** Managed keys (created at runtime); env keys in `keys` are checked first. */
      registry?: KeyRegistry;
    },
  ) {}

  /**
   * Resolves the principal for a request that needs `need`, or throws: 401 for a missing or
   * unknown credential, 403 for a valid one of the wrong role or a cross-site cookie request,
   * 429 for an address that failed too often, 503 when sessions or managed keys cannot be checked.
   */
  authenticate(facts: AuthFacts, need: Role): Principal | Promise<Principal> {
    if (this.deps.devMode) return { role: 'admin', via: 'dev' };
    // The common case, answered without a promise: nobody is braked and the key is a configured
    // one. Everything else (and every failure) takes the full path below, which counts failures.
    if (facts.authorization !== null && this.deps.limiter.quiet() === true) {
      const m = BEARER.exec(facts.authorization);
      const env = m?.[1] ? this.deps.keys.verify(m[1]) : null;
      if (env?.valid) {
        if (!roleSatisfies(env.role, need)) throw forbidden();
        return { role: env.role, via: 'key', keyId: env.keyId };
      }
    }
    return this.authenticateFully(facts, need);
  }

  private async authenticateFully(facts: AuthFacts, need: Role): Promise<Principal> {
    const principal = facts.authorization !== null ? await this.byKey(facts) : await this.bySession(facts);
    if (!roleSatisfies(principal.role, need)) throw forbidden();
    return principal;
  }

  /** Checks a key presented outside a bearer header (the login body), with the same brakes. */
  async verifyKeyAttempt(key: string, client: string): Promise<{ role: Role; keyId: string } | null> {
    await this.refuseIfBlocked({ client });
    const check = await this.verifyKey(key);
    if (!check.valid) {
      await this.deps.limiter.recordFailure(client);
      return null;
    }
    return { role: check.role, keyId: check.keyId };
  }

  private async byKey(facts: AuthFacts): Promise<Principal> {
    await this.refuseIfBlocked(facts);
    const m = BEARER.exec(facts.authorization ?? '');
    const check = m?.[1] ? await this.verifyKey(m[1]) : null;
    if (!check?.valid) {
      await this.deps.limiter.recordFailure(facts.client);
      throw unauthorized();
    }
    return { role: check.role, via: 'key', keyId: check.keyId };
  }

  /** Env keys first (memory, constant time), then managed keys (the store). */
  private async verifyKey(key: string): Promise<{ valid: true; role: Role; keyId: string } | { valid: false }> {
    const env = this.deps.keys.verify(key);
    if (env.valid || !this.deps.registry) return env;
    try {
      return await this.deps.registry.verify(key);
    } catch (err) {
      if (err instanceof StoreUnavailableError) {
        throw new ApiError('UNAVAILABLE', 'Key store unavailable: managed API keys cannot be checked right now; keys from IW_API_KEY/IW_ADMIN_KEY still work');
      }
      throw err;
    }
  }

  private async bySession(facts: AuthFacts): Promise<Principal> {
    const id = facts.sessionCookie;
    if (!id) throw unauthorized();
    let session;
    try {
      session = await this.deps.sessions.resume(id);
    } catch (err) {
      if (err instanceof StoreUnavailableError) {
        throw new ApiError('UNAVAILABLE', 'Session store unavailable: cookie sessions cannot be checked right now; use a bearer key');
      }
      throw err;
    }
    if (!session) throw unauthorized();
    if (!SAFE_METHODS.has(facts.method)) assertSameSite(facts);
    return { role: session.role, via: 'session', keyId: session.keyId, sessionId: id };
  }

  private async refuseIfBlocked(facts: Pick<AuthFacts, 'client'>): Promise<void> {
    if (await this.deps.limiter.quiet()) return;
    const wait = await this.deps.limiter.retryAfter(facts.client);
    if (wait > 0) {
      throw new ApiError('RATE_LIMITED', `Too many failed authentication attempts; retry in ${wait} s`, {
        'retry-after': String(wait),
      });
    }
  }
}

/**
 * CSRF defence for cookie-authenticated writes: the browser must say the request is same-origin
 * (Sec-Fetch-Site) or come from an allowed Origin, and the body must be JSON (a cross-site HTML form
 * cannot send that without a CORS preflight).
 */
export function assertSameSite(facts: AuthFacts): void {
  const site = facts.secFetchSite?.toLowerCase();
  if (site && site !== 'same-origin' && site !== 'none' && !(facts.origin && facts.sameOrigins.includes(facts.origin))) {
    throw new ApiError('CSRF', 'Cross-site request refused: cookie-authenticated changes must come from the same origin');
  }
  if (facts.origin && facts.origin !== 'null' && !facts.sameOrigins.includes(facts.origin)) {
    throw new ApiError('CSRF', 'Cross-site request refused: cookie-authenticated changes must come from the same origin');
  }
  if (facts.origin === 'null') {
    throw new ApiError('CSRF', 'Cross-site request refused: cookie-authenticated changes must come from the same origin');
  }
  const type = facts.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ApiError('CSRF', 'Cookie-authenticated changes must send Content-Type: application/json');
  }
}
