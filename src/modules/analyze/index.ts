/** `POST /v1/analyze/input|output` (scan role): entities, redacted text and the scan decision. */
import { Elysia } from 'elysia';
import type { AppDeps } from '../../server/deps';
import type { authPlugin } from '../../server/plugins/auth';
import { requestIdOf } from '../../server/plugins/http';
import { noteScan } from '../../server/plugins/observe';
import type { Direction } from '../../engine/types';
import type { Principal } from '../../security/authenticate';
import { cachePartition } from '../scan';
import type { AnalyzeInput } from './service';
import { AnalyzeBody } from './model';

export function analyzeRoutes(deps: AppDeps, auth: ReturnType<typeof authPlugin>) {
  const handle = (body: AnalyzeInput, direction: Direction, request: Request, principal: Principal) => {
    const result = deps.analyzer.analyze(body, direction, cachePartition(principal));
    noteScan(request, { direction, decision: result.decision, score: result.score, signatureIds: [], engineMs: result.latency_ms });
    return { ...result, request_id: requestIdOf(request) };
  };
  return new Elysia({ prefix: '/v1/analyze' })
    .use(auth)
    .guard({ auth: 'scan' }, (app) =>
      app
        .post('/input', ({ body, request, principal }) => handle(body, 'input', request, principal), { body: AnalyzeBody })
        .post('/output', ({ body, request, principal }) => handle(body, 'output', request, principal), { body: AnalyzeBody }),
    );
}
