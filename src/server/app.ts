/**
 * Builds the HTTP application (without listening), so tests can drive it in-process or on port 0.
 * Every error leaves through one handler as `{"detail": …}`.
 */
import { Elysia } from 'elysia';
import { addressMatcher } from '../config/cidr';
import { configRoutes } from '../modules/config';
import { healthRoutes } from '../modules/health';
import { authRoutes } from '../modules/auth';
import { fastScanRoutes, scanRoutes } from '../modules/scan';
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
import { sessionCookieName } from './cookies';
import type { AppDeps } from './deps';
import { errorResponder } from './error-response';
import { fastPostRoutes } from './fast-routes';
import { authPlugin, type AuthPluginDeps } from './plugins/auth';
import { clientAddressResolver } from './plugins/client-address';
import { httpPlugin } from './plugins/http';
import { routeMatcher } from './routes';

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
  const respondToError = errorResponder({ http: httpOpts, log: deps.log, allowedMethods: (path) => allowedMethods(path) });
  // Filled once the app is built: the docs route reads the finished route table.
  let routeTable: readonly RouteInfo[] = [];

  const observeOpts = { log: deps.log, metrics: deps.metrics, logRequests: deps.config.logRequests, logText: deps.config.logText };
  // The scan routes, served by Bun's router ahead of Elysia's copy of them (see fast-routes.ts).
  const hotRoutes = fastPostRoutes({ http: httpOpts, auth: authDeps, observe: observeOpts, respondToError }, fastScanRoutes(deps));

  const app = new Elysia({ normalize: true, serve: { routes: hotRoutes } })
    .use(httpPlugin(httpOpts))
    .use(observePlugin(observeOpts))
    // Before onError below: the audit hook must see failed admin actions too.
    .use(auditPlugin(deps.audit, authDeps.addressOf))
    .onError(({ code, error, request, set }) => {
      const response = respondToError(error, request, String(code), code === 'VALIDATION' ? { where: error.type, issues: error.all } : undefined);
      // Recorded on the context too, so the request log and metrics see the real status.
      set.status = response.status;
      return response;
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
