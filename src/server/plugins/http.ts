/**
 * Request-level rules that hold for every route: request ids, security headers, CORS allowlist,
 * body size limit, JSON-only bodies. Registered globally so no route can miss them.
 */
import { Elysia } from 'elysia';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../errors';

export interface HttpPluginOptions {
  readonly maxBodyBytes: number;
  readonly corsOrigins: readonly string[];
  readonly tls: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const requestIds = new WeakMap<Request, string>();
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The request's id: the caller's X-Request-Id when well-formed, otherwise a new UUID. */
export function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (id === undefined) {
    const incoming = request.headers.get('x-request-id');
    id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

function isJson(contentType: string | null): boolean {
  // The exact common spelling answers without splitting (this runs on every request with a body).
  if (contentType === 'application/json') return true;
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json' || (type !== undefined && type.startsWith('application/') && type.endsWith('+json'));
}

const fixed = new WeakMap<HttpPluginOptions, Readonly<Record<string, string>>>();

/** The headers every response carries whatever the request: security headers, HSTS under TLS. */
function fixedHeaders(opts: HttpPluginOptions): Readonly<Record<string, string>> {
  let headers = fixed.get(opts);
  if (headers === undefined) {
    headers = Object.freeze({
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      ...(opts.tls ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
    });
    fixed.set(opts, headers);
  }
  return headers;
}

/** The request's CORS origin when it is on the allowlist, else null. */
function allowedOrigin(request: Request, opts: HttpPluginOptions): string | null {
  const origin = request.headers.get('origin');
  return origin && opts.corsOrigins.includes(origin) ? origin : null;
}

/** Headers every response carries. */
export function baseHeaders(request: Request, opts: HttpPluginOptions): Record<string, string> {
  const headers: Record<string, string> = { 'x-request-id': requestIdOf(request), ...fixedHeaders(opts) };
  const origin = allowedOrigin(request, opts);
  if (origin) {
    headers['access-control-allow-origin'] = origin;
    headers['access-control-allow-credentials'] = 'true';
    headers['access-control-expose-headers'] = 'x-request-id, retry-after';
    headers.vary = 'Origin';
  }
  return headers;
}

/**
 * baseHeaders for hot routes. A Response copies a Headers init when it is built, and copying one
 * costs about half of turning a plain object into headers, so one Headers object is kept and only
 * its request id changes per response. Cross-origin answers, which vary, get their own object.
 */
export class SharedHeaders {
  private readonly shared: Headers;
  constructor(private readonly opts: HttpPluginOptions) {
    this.shared = new Headers(fixedHeaders(opts));
  }

  /** Headers for a response to `request`: valid only until the next call, so build the Response at once. */
  for(request: Request): Headers | Record<string, string> {
    if (allowedOrigin(request, this.opts)) return baseHeaders(request, this.opts);
    this.shared.set('x-request-id', requestIdOf(request));
    return this.shared;
  }
}

/**
 * The checks a request passes before its body is read: CORS preflight (answered for allowed
 * origins, refused for others), the declared body size and a JSON content type. Returns the
 * preflight answer, undefined to go on, or throws the ApiError to answer with.
 */
export function checkRequest(request: Request, opts: HttpPluginOptions): Response | undefined {
  if (request.method === 'OPTIONS' && request.headers.has('access-control-request-method')) {
    if (allowedOrigin(request, opts)) {
      return new Response(null, {
        status: 204,
        headers: {
          ...baseHeaders(request, opts),
          'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
          'access-control-allow-headers': 'authorization, content-type, x-request-id',
          'access-control-max-age': '600',
        },
      });
    }
    throw new ApiError('FORBIDDEN', 'Origin not allowed (see IW_CORS_ORIGINS)');
  }
  if (BODY_METHODS.has(request.method)) {
    const length = Number(request.headers.get('content-length') ?? '0');
    if (length > opts.maxBodyBytes) throw tooLarge(opts.maxBodyBytes);
    if ((length > 0 || request.headers.has('transfer-encoding')) && !isJson(request.headers.get('content-type'))) {
      throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be JSON: send Content-Type: application/json');
    }
  }
  return undefined;
}

/** Reads and parses a JSON body (undefined when empty); throws 413 or 400 ApiErrors. */
export async function readJsonBody(request: Request, maxBodyBytes: number): Promise<unknown> {
  // Read the bytes ourselves: a chunked body has no Content-Length to check up front.
  return parseJsonBody(await request.arrayBuffer(), maxBodyBytes);
}

/**
 * Parses body bytes read by the caller (undefined when empty); throws 413 or 400 ApiErrors. Split
 * from readJsonBody so a hot route awaits the body once instead of through a second async frame.
 */
export function parseJsonBody(bytes: ArrayBuffer, maxBodyBytes: number): unknown {
  if (bytes.byteLength > maxBodyBytes) throw tooLarge(maxBodyBytes);
  if (bytes.byteLength === 0) return undefined;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ApiError('MALFORMED_JSON', 'Malformed request body: it is not valid UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('MALFORMED_JSON', 'Malformed request body: it is not valid JSON');
  }
}

export function httpPlugin(opts: HttpPluginOptions) {
  return new Elysia({ name: 'inferwall.http' })
    .onRequest(({ request, set }) => {
      Object.assign(set.headers, baseHeaders(request, opts));
      return checkRequest(request, opts);
    })
    .onParse({ as: 'global' }, ({ request }) => readJsonBody(request, opts.maxBodyBytes))
    .as('global');
}

const tooLarge = (max: number): ApiError =>
  new ApiError('PAYLOAD_TOO_LARGE', `Request body too large: the limit is ${max} bytes (IW_MAX_BODY_BYTES)`);
