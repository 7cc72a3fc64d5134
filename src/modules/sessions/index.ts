/**
 * `/v1/sessions` (scan role): create, read and delete conversation sessions. Scans with a
 * `session_id` add turns to them (see modules/scan).
 */
import { Elysia, t } from 'elysia';
import type { AppDeps } from '../../server/deps';
import { ApiError } from '../../server/errors';
import type { authPlugin } from '../../server/plugins/auth';
import { StoreUnavailableError } from '../../store/interface';
import { CreateSessionBody, SessionParams } from './model';

/** Runs a store-backed action, answering 503 with a clear reason when the store is down. */
async function orUnavailable<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof StoreUnavailableError) {
      throw new ApiError('UNAVAILABLE', 'Session store unavailable: conversation sessions cannot be read or changed right now; scans still work');
    }
    throw err;
  }
}

/** The /v1/sessions routes, guarded for the scan role. */
export function sessionRoutes(deps: AppDeps, auth: ReturnType<typeof authPlugin>) {
  return new Elysia({ prefix: '/v1/sessions' })
    .use(auth)
    .guard({ auth: 'scan' }, (app) =>
      app
        .post(
          '',
          async ({ body, set }) => {
            const { created, session } = await orUnavailable(() => deps.conversations.open(body?.session_id, body?.ttl_secs));
            if (!created) throw new ApiError('CONFLICT', `Session ${session.id} already exists; GET /v1/sessions/${session.id} reads it`);
            set.status = 201;
            return session;
          },
          // The body is optional: POST with none creates a session with a generated id.
          { body: t.Optional(CreateSessionBody) },
        )
        .get(
          '/:id',
          async ({ params }) => {
            const session = await orUnavailable(() => deps.conversations.get(params.id));
            if (!session) throw new ApiError('NOT_FOUND', `No session with id ${params.id} (it may have expired or been evicted)`);
            return session;
          },
          { params: SessionParams },
        )
        .delete(
          '/:id',
          async ({ params }) => {
            if (!(await orUnavailable(() => deps.conversations.delete(params.id)))) {
              throw new ApiError('NOT_FOUND', `No session with id ${params.id}`);
            }
            return { id: params.id, deleted: true };
          },
          { params: SessionParams },
        ),
    );
}
