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
 * hot path.
 */
export function authFacts(
  request: Request,
  client: () => string,
  deps: Pick<AuthPluginDeps, 'cookieName' | 'corsOrigins' | 'secure'>,
): AuthFacts {
  const h = request.headers;
  let address: string | undefined;
  return {
    method: request.method,
    authorization: h.get('authorization'),
    get sessionCookie() {
      return readCookie(h.get('cookie'), deps.cookieName);
    },
    get client() {
      return (address ??= client());
    },
    get contentType() {
      return h.get('content-type');
    },
    get origin() {
      return h.get('origin');
    },
    get secFetchSite() {
      return h.get('sec-fetch-site');
    },
    get sameOrigins() {
      const host = h.get('host');
      return [...(host ? [`${deps.secure ? 'https' : 'http'}://${host}`] : []), ...deps.corsOrigins];
    },
  };
}

/**
 * Authenticates a request for `need` and remembers the principal for the request's log line and
 * audit entry. Throws the ApiError to answer with (401/403/429/503).
 */
export async function authenticateRequest(request: Request, socketAddress: () => string | undefined, deps: AuthPluginDeps, need: Role): Promise<Principal> {
  const principal = await deps.authenticator.authenticate(authFacts(request, () => deps.addressOf(request, socketAddress()), deps), need);
  principals.set(request, principal);
  return principal;
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
