/**
 * The role guard, declared once per route group: `.guard({ auth: 'scan' }, …)`. The macro resolves
 * the principal (bearer key, session cookie or dev mode) before validation and handlers run.
 */
import { Elysia } from 'elysia';
import type { Role } from '../../security/api-keys';
import type { Authenticator, AuthFacts, Principal } from '../../security/authenticate';
import { readCookie } from '../cookies';
import { unauthorized } from '../errors';
import type { AddressOf } from './client-address';

const principals = new WeakMap<Request, Principal>();

/** The principal a request authenticated as (undefined for open routes and failures). */
export const principalOf = (request: Request): Principal | undefined => principals.get(request);

export interface AuthPluginDeps {
  readonly authenticator: Authenticator;
  readonly cookieName: string;
  readonly corsOrigins: readonly string[];
  readonly secure: boolean;
  readonly addressOf: AddressOf;
}

/**
 * What a request says about itself, for the authenticator. Read on demand: a bearer-key request
 * needs only its Authorization header, and each header read or address lookup costs time on the
 * hot path. A class, so the lazy fields are prototype getters rather than closures per request.
 */
class RequestFacts implements AuthFacts {
  readonly method: string;
  readonly authorization: string | null;
  private address: string | undefined;

  constructor(
    private readonly request: Request,
    private readonly resolveClient: () => string,
    private readonly deps: Pick<AuthPluginDeps, 'cookieName' | 'corsOrigins' | 'secure'>,
  ) {
    this.method = request.method;
    this.authorization = request.headers.get('authorization');
  }

  get client(): string {
    return (this.address ??= this.resolveClient());
  }
  get sessionCookie(): string | undefined {
    return readCookie(this.request.headers.get('cookie'), this.deps.cookieName);
  }
  get contentType(): string | null {
    return this.request.headers.get('content-type');
  }
  get origin(): string | null {
    return this.request.headers.get('origin');
  }
  get secFetchSite(): string | null {
    return this.request.headers.get('sec-fetch-site');
  }
  get sameOrigins(): readonly string[] {
    const host = this.request.headers.get('host');
    return [...(host ? [`${this.deps.secure ? 'https' : 'http'}://${host}`] : []), ...this.deps.corsOrigins];
  }
}

/** The authenticator's view of `request`; `client` resolves the caller's address when asked. */
export function authFacts(request: Request, client: () => string, deps: Pick<AuthPluginDeps, 'cookieName' | 'corsOrigins' | 'secure'>): AuthFacts {
  return new RequestFacts(request, client, deps);
}

/**
 * Authenticates a request for `need` and remembers the principal for the request's log line and
 * audit entry. Throws the ApiError to answer with (401/403/429/503).
 */
export function authenticateRequest(request: Request, socketAddress: () => string | undefined, deps: AuthPluginDeps, need: Role): Principal | Promise<Principal> {
  const answer = deps.authenticator.authenticate(authFacts(request, () => deps.addressOf(request, socketAddress()), deps), need);
  // A configured key is answered without a promise (Authenticator.authenticate): keep it so.
  if (answer instanceof Promise) {
    return answer.then((principal) => {
      principals.set(request, principal);
      return principal;
    });
  }
  principals.set(request, answer);
  return answer;
}

/** The `auth` macro: `auth: 'scan' | 'admin'` on a route or guard adds `principal` to the context. */
export function authPlugin(deps: AuthPluginDeps) {
  return new Elysia({ name: 'inferwall.auth' })
    .decorate('clientAddress', (request: Request, socket: string | undefined): string => deps.addressOf(request, socket))
    .macro({
      auth: (need: Role) => ({
        // Declared on the route so the OpenAPI document and the route-table test can read it.
        detail: { 'x-inferwall-role': need, security: [{ bearerAuth: [] }, { sessionCookie: [] }] },
        // transform runs before schema validation: an unauthenticated caller learns nothing about
        // the body a route expects (401 before 422).
        async transform({ request, server }) {
          await authenticateRequest(request, () => server?.requestIP(request)?.address, deps, need);
        },
        resolve({ request }): { principal: Principal } {
          const principal = principals.get(request);
          // transform always ran first; if not, refuse rather than run unauthenticated.
          if (!principal) throw unauthorized();
          return { principal };
        },
      }),
    });
}
