/** `POST /v1/scan/input` and `POST /v1/scan/output` (scan role). */
import { Elysia } from 'elysia';
import type { AppDeps } from '../../server/deps';
import type { authPlugin } from '../../server/plugins/auth';
import { requestIdOf } from '../../server/plugins/http';
import { ScanBody } from './model';

export function scanRoutes(deps: AppDeps, auth: ReturnType<typeof authPlugin>) {
  return new Elysia({ prefix: '/v1/scan' })
    .use(auth)
    .guard({ auth: 'scan' }, (app) =>
      app
        .post('/input', ({ body, request }) => ({ ...deps.scanner.scan(body, 'input'), request_id: requestIdOf(request) }), { body: ScanBody })
        .post('/output', ({ body, request }) => ({ ...deps.scanner.scan(body, 'output'), request_id: requestIdOf(request) }), { body: ScanBody }),
    );
}
