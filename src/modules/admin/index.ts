/** `/v1/admin/*` (admin role): reload, stats and the active policy. */
import { Elysia, t } from 'elysia';
import type { AppDeps } from '../../server/deps';
import type { authPlugin } from '../../server/plugins/auth';

export const PolicyBody = t.Object({ policy: t.String({ minLength: 1, maxLength: 64 }) });

export function adminRoutes(deps: AppDeps, auth: ReturnType<typeof authPlugin>) {
  return new Elysia({ prefix: '/v1/admin' })
    .use(auth)
    .guard({ auth: 'admin' }, (app) =>
      app
        .post('/reload', () => deps.engineAdmin.reload())
        .get('/stats', () => {
          const state = deps.engine.current;
          return {
            uptime_secs: Math.floor((deps.clock() - deps.startedAt) / 1000),
            ...deps.stats.snapshot(),
            catalog: { version: state.catalog.version, signatures: state.catalog.signatures.length, loaded_at: new Date(state.loadedAt).toISOString() },
            active_policy: state.activePolicy,
          };
        })
        .post('/policy', async ({ body }) => ({ active_policy: await deps.engineAdmin.setActivePolicy(body.policy) }), { body: PolicyBody }),
    );
}
