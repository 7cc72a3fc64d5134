/** `POST /v1/scan/input` and `POST /v1/scan/output` (scan role). */
import { Elysia } from 'elysia';
import type { AppDeps } from '../../server/deps';
import type { authPlugin } from '../../server/plugins/auth';
import { requestIdOf } from '../../server/plugins/http';
import { noteScan } from '../../server/plugins/observe';
import type { Direction } from '../../engine/types';
import { ScanBody } from './model';
import type { ScanInput } from './service';

export function scanRoutes(deps: AppDeps, auth: ReturnType<typeof authPlugin>) {
  const handle = async (body: ScanInput & { session_id?: string | undefined }, direction: Direction, request: Request) => {
    const scanned = deps.scanner.scan(body, direction);
    // With a session_id the turn joins its conversation, whose escalation may raise the decision.
    const result = body.session_id === undefined ? scanned : await deps.conversations.recordScan(body.session_id, scanned);
    const ids = result.matches.map((m) => m.signature_id);
    deps.stats.record(direction, result.decision, ids, result.latency_ms);
    noteScan(request, { direction, decision: result.decision, score: result.score, signatureIds: ids, engineMs: result.latency_ms, ...(body.text !== undefined ? { text: body.text } : {}) });
    return { ...result, request_id: requestIdOf(request) };
  };
  return new Elysia({ prefix: '/v1/scan' })
    .use(auth)
    .guard({ auth: 'scan' }, (app) =>
      app
        .post('/input', ({ body, request }) => handle(body, 'input', request), { body: ScanBody })
        .post('/output', ({ body, request }) => handle(body, 'output', request), { body: ScanBody }),
    );
}
