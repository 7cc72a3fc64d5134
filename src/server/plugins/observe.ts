/**
 * One structured log line and the metrics for every request: time, request id, method, route,
 * status, latency, decision, score, matched signature ids and key id. Never the scanned text
 * (unless IW_LOG_TEXT=true) and never a secret.
 */
import { Elysia } from 'elysia';
import type { Logger } from '../log';
import type { Metrics, RouteSeries } from '../metrics';
import { principalOf } from './auth';
import { requestIdOf } from './http';

export interface ScanFacts {
  readonly direction: 'input' | 'output';
  readonly decision: string;
  readonly score: number;
  readonly signatureIds: readonly string[];
  readonly engineMs: number;
  readonly text?: string;
}

const started = new WeakMap<Request, number>();
const scans = new WeakMap<Request, ScanFacts>();

/** Called by scan and analyze handlers so the request's log line and metrics carry the verdict. */
export function noteScan(request: Request, facts: ScanFacts): void {
  scans.set(request, facts);
}

export interface ObserveOptions {
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly logRequests: boolean;
  readonly logText: boolean;
}

/**
 * Metrics and the log line for one finished request. `route` is the route pattern (or
 * 'unmatched'), or its series handles when the caller resolved them once (Metrics.routeSeries).
 */
export function recordRequest(opts: ObserveOptions, request: Request, route: string | RouteSeries, status: number, seconds: number): void {
  const series = typeof route === 'string' ? opts.metrics.routeSeries(route, request.method) : route;
  series.count(status);
  series.seconds.observe(seconds);
  const scan = scans.get(request);
  if (scan) {
    const direction = opts.metrics.directionSeries(scan.direction);
    direction.decided(scan.decision);
    direction.seconds.observe(scan.engineMs / 1000);
    for (const id of scan.signatureIds) opts.metrics.matches.inc({ signature: id });
  }
  if (!opts.logRequests) return;
  const principal = principalOf(request);
  // Absent facts are undefined, which JSON leaves out: one object per line, no spreads.
  opts.log.info('request', {
    request_id: requestIdOf(request),
    method: request.method,
    route: series.route,
    status,
    latency_ms: Math.round(seconds * 1e6) / 1000,
    key_id: principal?.keyId || undefined,
    auth: principal?.via,
    direction: scan?.direction,
    decision: scan?.decision,
    score: scan?.score,
    signatures: scan?.signatureIds,
    text: opts.logText ? scan?.text : undefined,
  });
}

export function observePlugin(opts: ObserveOptions) {
  return new Elysia({ name: 'inferwall.observe' })
    .onRequest(({ request }) => {
      started.set(request, performance.now());
    })
    .onAfterResponse(({ request, set, route }) => {
      const t0 = started.get(request);
      const seconds = t0 === undefined ? 0 : (performance.now() - t0) / 1000;
      recordRequest(opts, request, route || 'unmatched', typeof set.status === 'number' ? set.status : 200, seconds);
    })
    .as('global');
}
