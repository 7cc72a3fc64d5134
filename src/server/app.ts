/**
 * Builds the HTTP application (without listening), so tests can drive it in-process or on port 0.
 * Every error leaves through one handler as `{"detail": …}`.
 */
import { Elysia } from 'elysia';
import { addressMatcher } from '../config/cidr';
import { configRoutes } from '../modules/config';
import { healthRoutes } from '../modules/health';
import { authRoutes } from '../modules/auth';
import { scanRoutes } from '../modules/scan';
import { signatureRoutes } from '../modules/signatures';
import { adminRoutes } from '../modules/admin';
import { analyzeRoutes } from '../modules/analyze';
import { docsRoutes } from '../modules/docs';
import type { RouteInfo } from '../modules/docs/openapi';
import { metricsRoutes } from '../modules/metrics';
import { observePlugin } from './plugins/observe';
import { policyRoutes } from '../modules/policies';
import { auditPlugin, auditRoutes } from '../modules/audit';
import { keyRoutes } from '../modules/keys';
import { sessionRoutes } from '../modules/sessions';
import { StoreUnavailableError } from '../store/interface';
import { sessionCookieName } from './cookies';
import type { AppDeps } from './deps';
import { ApiError, describeValidation, ERROR_STATUS } from './errors';
import { authPlugin, type AuthPluginDeps } from './plugins/auth';
import { clientAddressResolver } from './plugins/client-address';
import { baseHeaders, httpPlugin, requestIdOf } from './plugins/http';
import { routeMatcher } from './routes';

function json(status: number, body: unknown, headers: Record<string, string>, set?: { status?: number | string }): Response {
  // Recorded on the context too, so the request log and metrics see the real status.
  if (set) set.status = status;
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
  });
}

/** The path part of a request URL exactly as sent: no dot-segment resolution, no query. */
function rawPath(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const end = url.search(/[?#]/);
  return url.slice(start, end < 0 ? undefined : end);
}

export function createApp(deps: AppDeps) {
  const httpOpts = { maxBodyBytes: deps.config.maxBodyBytes, corsOrigins: deps.config.corsOrigins, tls: deps.tls };
  const authDeps: AuthPluginDeps = {
    authenticator: deps.authenticator,
    cookieName: sessionCookieName({ secure: deps.tls }),
    corsOrigins: deps.config.corsOrigins,
    secure: deps.tls,
    addressOf: clientAddressResolver(addressMatcher(deps.config.trustedProxies)),
  };
  const auth = authPlugin(authDeps);
  let allowedMethods: (path: string) => string[] = () => [];
  // Filled once the app is built: the docs route reads the finished route table.
  let routeTable: readonly RouteInfo[] = [];

  const app = new Elysia({ normalize: true })
    .use(httpPlugin(httpOpts))
    .use(observePlugin({ log: deps.log, metrics: deps.metrics, logRequests: deps.config.logRequests, logText: deps.config.logText }))
    // Before onError below: the audit hook must see failed admin actions too.
    .use(auditPlugin(deps.audit, authDeps.addressOf))
    .onError(({ code, error, request, set }) => {
      const headers = baseHeaders(request, httpOpts);
      // Elysia wraps what a parse hook throws in a ParseError; our own reason is the cause.
      const own = error instanceof ApiError ? error : (error as Error | undefined)?.cause;
      if (own instanceof ApiError) return json(own.status, { detail: own.detail }, { ...headers, ...own.headers }, set);
      // A store outage that no route turned into its own sentence: still a 503, never a 500.
      if (error instanceof StoreUnavailableError) {
        return json(ERROR_STATUS.UNAVAILABLE, { detail: 'State store unavailable: try again shortly' }, { ...headers, 'retry-after': '1' }, set);
      }
      switch (code) {
        case 'VALIDATION':
          return json(422, { detail: describeValidation(error.type, error.all) }, headers, set);
        case 'PARSE':
          return json(400, { detail: 'Malformed request body: it is not valid JSON' }, headers, set);
        case 'NOT_FOUND': {
          // The raw path, as the router saw it (URL() would resolve "..", which the router does not).
          const allow = allowedMethods(rawPath(request.url));
          if (allow.length > 0 && !allow.includes(request.method)) {
            return json(405, { detail: `Method ${request.method} not allowed; use ${allow.join(', ')}` }, { ...headers, allow: allow.join(', ') }, set);
          }
          return json(404, { detail: 'Not found' }, headers, set);
        }
        case 'INVALID_COOKIE_SIGNATURE':
          return json(401, { detail: 'Unauthorized' }, { ...headers, 'www-authenticate': 'Bearer' }, set);
        default: {
          // The cause goes to the log only, tied to the request id the client sees.
          const err = error as Error;
          deps.log.error('unhandled error', {
            request_id: requestIdOf(request),
            code: String(code),
            error: err?.name,
            message: err?.message,
            stack: err?.stack,
          });
          return json(ERROR_STATUS.INTERNAL, { detail: 'Internal server error' }, headers, set);
        }
      }
    })
    .use(healthRoutes(deps, auth))
    .use(authRoutes(deps, auth, authDeps))
    .use(configRoutes(deps, auth))
    .use(scanRoutes(deps, auth))
    .use(analyzeRoutes(deps, auth))
    .use(signatureRoutes(deps, auth))
    .use(policyRoutes(deps, auth))
    .use(adminRoutes(deps, auth))
    .use(sessionRoutes(deps, auth))
    .use(keyRoutes(deps, auth))
    .use(auditRoutes(deps, auth))
    .use(metricsRoutes(deps, authDeps))
    .use(docsRoutes(() => routeTable));

  allowedMethods = routeMatcher(app.routes.map((r) => ({ method: r.method, path: r.path })));
  routeTable = app.routes.map((r) => ({ method: r.method, path: r.path, hooks: r.hooks as Record<string, unknown> }));
  return app;
}

export type App = ReturnType<typeof createApp>;
