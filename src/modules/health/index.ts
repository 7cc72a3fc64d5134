/**
 * Health routes. `/live` and `/ready` stay open for load-balancer probes and reveal nothing beyond
 * up/down; `/v1/health` (scan role) tells operators what is running.
 */
import { Elysia } from 'elysia';
import { ApiError } from '../../server/errors';
import type { AppDeps } from '../../server/deps';
import type { authPlugin } from '../../server/plugins/auth';

export function healthRoutes(deps: AppDeps, auth: ReturnType<typeof authPlugin>) {
  return new Elysia({ prefix: '/v1/health' })
    .use(auth)
    .get('/live', () => ({ status: 'ok' }))
    .get('/ready', async () => {
      if (!(await deps.store.healthy())) throw new ApiError('UNAVAILABLE', 'Not ready');
      return { status: 'ready' };
    })
    .guard({ auth: 'scan' }, (app) =>
      app.get('', async () => ({
        status: 'ok',
        version: deps.version.version,
        commit: deps.version.commit,
        uptime_secs: Math.floor((deps.clock() - deps.startedAt) / 1000),
        dev_mode: deps.config.devMode,
        tls: deps.config.tls.mode,
        store: { kind: deps.store.kind, healthy: await deps.store.healthy() },
      })),
    );
}
