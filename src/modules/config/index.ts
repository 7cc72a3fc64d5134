/** `GET /v1/config`: the running configuration with every secret reduced to a count (admin only). */
import { Elysia, t } from 'elysia';
import { publicConfig } from '../../config';
import type { AppDeps } from '../../server/deps';
import type { authPlugin } from '../../server/plugins/auth';

export function configRoutes(deps: AppDeps, auth: ReturnType<typeof authPlugin>) {
  return new Elysia({ prefix: '/v1/config' })
    .use(auth)
    .guard({ auth: 'admin' }, (app) =>
      app
        .get('', () => ({ ...publicConfig(deps.config), active_policy: deps.engine.current.activePolicy }))
        // The one runtime-changeable setting: the active policy (persisted, survives restarts).
        .put(
          '',
          async ({ body }) => {
            await deps.engineAdmin.setActivePolicy(body.policy);
            return { ...publicConfig(deps.config), active_policy: deps.engine.current.activePolicy };
          },
          { body: t.Object({ policy: t.String({ minLength: 1, maxLength: 64 }) }) },
        ),
    );
}
