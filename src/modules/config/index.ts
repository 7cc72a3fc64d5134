/** `GET /v1/config`: the running configuration with every secret reduced to a count (admin only). */
import { Elysia } from 'elysia';
import { publicConfig } from '../../config';
import type { AppDeps } from '../../server/deps';
import type { authPlugin } from '../../server/plugins/auth';

export function configRoutes(deps: AppDeps, auth: ReturnType<typeof authPlugin>) {
  return new Elysia({ prefix: '/v1/config' })
    .use(auth)
    .guard({ auth: 'admin' }, (app) => app.get('', () => publicConfig(deps.config)));
}
