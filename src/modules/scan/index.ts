/** `POST /v1/scan/input` and `POST /v1/scan/output` (scan role). */
import { Elysia } from 'elysia';
import type { AppDeps } from '../../server/deps';
import type { FastPostRoute } from '../../server/fast-routes';
import type { authPlugin } from '../../server/plugins/auth';
import { requestIdOf } from '../../server/plugins/http';
import { noteScan } from '../../server/plugins/observe';
import type { Direction } from '../../engine/types';
import type { Principal } from '../../security/authenticate';
import { ScanBody } from './model';
import type { ScanResult } from './service';

type ScanHandler = (body: ScanBody, direction: Direction, request: Request, principal: Principal) => unknown;

/** Whose cached verdicts a request may reuse: its key's (see VerdictCache). */
export const cachePartition = (p: Principal): string => p.keyId ?? p.via;

const NO_IDS: readonly string[] = Object.freeze([]);

function scanHandler(deps: AppDeps): ScanHandler {
  const answer = <R extends ScanResult>(result: R, body: ScanBody, direction: Direction, request: Request) => {
    const ids = result.matches.length === 0 ? NO_IDS : result.matches.map((m) => m.signature_id);
    deps.stats.record(direction, result.decision, ids, result.latency_ms);
    noteScan(request, { direction, decision: result.decision, score: result.score, signatureIds: ids, engineMs: result.latency_ms, text: body.text });
    return { ...result, request_id: requestIdOf(request) };
  };
  // Synchronous unless the turn joins a conversation (a store round trip): no promise for plain scans.
  return (body, direction, request, principal) => {
    const scanned = deps.scanner.scan(body, direction, cachePartition(principal));
    if (body.session_id === undefined) return answer(scanned, body, direction, request);
    // The turn joins its conversation, whose escalation may raise the decision.
    return deps.conversations.recordScan(body.session_id, scanned).then((result) => answer(result, body, direction, request));
  };
}

export function scanRoutes(deps: AppDeps, auth: ReturnType<typeof authPlugin>) {
  const handle = scanHandler(deps);
  return new Elysia({ prefix: '/v1/scan' })
    .use(auth)
    .guard({ auth: 'scan' }, (app) =>
      app
        .post('/input', ({ body, request, principal }) => handle(body, 'input', request, principal), { body: ScanBody })
        .post('/output', ({ body, request, principal }) => handle(body, 'output', request, principal), { body: ScanBody }),
    );
}

/** The same two routes for Bun's router (src/server/fast-routes.ts): the hot path in production. */
export function fastScanRoutes(deps: AppDeps): FastPostRoute<typeof ScanBody>[] {
  const handle = scanHandler(deps);
  return (['input', 'output'] as const).map((direction) => ({
    path: `/v1/scan/${direction}`,
    role: 'scan',
    body: ScanBody,
    handle: (body, request, principal) => handle(body, direction, request, principal),
  }));
}
