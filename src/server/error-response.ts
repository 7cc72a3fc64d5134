/**
 * The one place an error becomes a response: `{"detail": …}` with the error's status, the
 * security headers every response carries, and unexpected faults logged (tied to the request id)
 * but never shown. Used by the Elysia app's onError and by the routes served ahead of it.
 */
import { StoreUnavailableError } from '../store/interface';
import { ApiError, describeValidation, ERROR_STATUS } from './errors';
import type { Logger } from './log';
import { baseHeaders, requestIdOf, type HttpPluginOptions } from './plugins/http';

/**
 * What Elysia tells onError about a framework-level failure ('VALIDATION', 'PARSE', 'NOT_FOUND',
 * 'INVALID_COOKIE_SIGNATURE', …); errors of our own come as 'UNKNOWN'.
 */
export type ErrorKind = string;

export interface ErrorResponderDeps {
  readonly http: HttpPluginOptions;
  readonly log: Logger;
  /** The methods a raw request path supports (empty: no such route), for 405 answers. */
  readonly allowedMethods: (path: string) => string[];
}

export type ErrorResponder = (error: unknown, request: Request, kind?: ErrorKind, validation?: { where: string; issues: readonly { path?: string; message?: string; summary?: string }[] }) => Response;

export function jsonResponse(status: number, body: unknown, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...headers, 'content-type': 'application/json; charset=utf-8' } });
}

/** The path part of a request URL exactly as sent: no dot-segment resolution, no query. */
export function rawPath(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const end = url.search(/[?#]/);
  return url.slice(start, end < 0 ? undefined : end);
}

export function errorResponder(deps: ErrorResponderDeps): ErrorResponder {
  return (error, request, kind = 'UNKNOWN', validation) => {
    const headers = baseHeaders(request, deps.http);
    // Elysia wraps what a parse hook throws in a ParseError; our own reason is the cause.
    const own = error instanceof ApiError ? error : (error as Error | undefined)?.cause;
    if (own instanceof ApiError) return jsonResponse(own.status, { detail: own.detail }, { ...headers, ...own.headers });
    // A store outage that no route turned into its own sentence: still a 503, never a 500.
    if (error instanceof StoreUnavailableError) {
      return jsonResponse(ERROR_STATUS.UNAVAILABLE, { detail: 'State store unavailable: try again shortly' }, { ...headers, 'retry-after': '1' });
    }
    switch (kind) {
      case 'VALIDATION':
        return jsonResponse(422, { detail: describeValidation(validation?.where ?? 'body', validation?.issues ?? []) }, headers);
      case 'PARSE':
        return jsonResponse(400, { detail: 'Malformed request body: it is not valid JSON' }, headers);
      case 'NOT_FOUND': {
        // The raw path, as the router saw it (URL() would resolve "..", which the router does not).
        const allow = deps.allowedMethods(rawPath(request.url));
        if (allow.length > 0 && !allow.includes(request.method)) {
          return jsonResponse(405, { detail: `Method ${request.method} not allowed; use ${allow.join(', ')}` }, { ...headers, allow: allow.join(', ') });
        }
        return jsonResponse(404, { detail: 'Not found' }, headers);
      }
      case 'INVALID_COOKIE_SIGNATURE':
        return jsonResponse(401, { detail: 'Unauthorized' }, { ...headers, 'www-authenticate': 'Bearer' });
      default: {
        // The cause goes to the log only, tied to the request id the client sees.
        const err = error as Error | undefined;
        deps.log.error('unhandled error', { request_id: requestIdOf(request), code: kind, error: err?.name, message: err?.message, stack: err?.stack });
        return jsonResponse(ERROR_STATUS.INTERNAL, { detail: 'Internal server error' }, headers);
      }
    }
  };
}
