/**
 * `/v1/admin/keys` (admin): list, create and revoke managed API keys. The created key is in the
 * 201 answer only; lists never show a secret or a hash.
 */
import { Elysia } from 'elysia';
import type { AppDeps } from '../../server/deps';
import { ApiError } from '../../server/errors';
import type { authPlugin } from '../../server/plugins/auth';
import { StoreUnavailableError } from '../../store/interface';
import { noteAudit } from '../audit';
import { CreateKeyBody, KeyParams } from './model';

async function orUnavailable<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof StoreUnavailableError) throw new ApiError('UNAVAILABLE', 'Key store unavailable: managed keys cannot be listed or changed right now');
    throw err;
  }
}

/** The /v1/admin/keys routes, guarded for the admin role. */
export function keyRoutes(deps: AppDeps, auth: ReturnType<typeof authPlugin>) {
  return new Elysia({ prefix: '/v1/admin/keys' })
    .use(auth)
    .guard({ auth: 'admin' }, (app) =>
      app
        .get('', async () => ({
          items: await orUnavailable(() => deps.keyAdmin.list()),
          env_keys: { scan: deps.config.scanKeys.length, admin: deps.config.adminKeys.length },
        }))
        .post(
          '',
          async ({ body, request, set }) => {
            const created = await orUnavailable(() => deps.keyAdmin.create(body.role, body.name, body.expires_in));
            noteAudit(request, { target: created.id });
            set.status = 201;
            return created;
          },
          { body: CreateKeyBody },
        )
        .delete('/:id', async ({ params }) => orUnavailable(() => deps.keyAdmin.revoke(params.id)), { params: KeyParams }),
    );
}
