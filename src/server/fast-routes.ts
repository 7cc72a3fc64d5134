/**
 * Hot JSON routes served by Bun's router ahead of Elysia. They run the same steps as the Elysia
 * app, from the same functions (request checks, body parsing, authentication, TypeBox validation,
 * error envelope, headers, metrics and log line), in the same order, without the framework's
 * per-request context: on the scan endpoints that context cost about a third of each request
 * (bench/http.ts profile). Bun matches these paths exactly as sent; anything else (other methods,
 * `//v1/…`, dot segments, a trailing slash) falls through to Elysia, which keeps the same routes
 * registered for its route table, OpenAPI, 405 answers and in-process use. A parity test holds
 * both paths to the same answers.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { Server } from 'bun';
import type { Role } from '../security/api-keys';
import type { Principal } from '../security/authenticate';
import type { ErrorResponder } from './error-response';
import { ApiError, describeValidation } from './errors';
import { authenticateRequest, type AuthPluginDeps } from './plugins/auth';
import { checkRequest, parseJsonBody, SharedHeaders, type HttpPluginOptions } from './plugins/http';
import { recordRequest, type ObserveOptions } from './plugins/observe';

export interface FastRouteContext {
  readonly http: HttpPluginOptions;
  readonly auth: AuthPluginDeps;
  readonly observe: ObserveOptions;
  readonly respondToError: ErrorResponder;
}

/** A POST route taking a JSON body of `body`'s shape, for callers with at least `role`. */
export interface FastPostRoute<S extends TSchema> {
  readonly path: string;
  readonly role: Role;
  readonly body: S;
  /** The answer, or a promise of it (returned as is when the work was synchronous). */
  handle(body: Static<S>, request: Request, principal: Principal): unknown;
}

type BunRouteHandler = (request: Request, server: Server<unknown>) => Promise<Response>;

/** Bun `routes` entries for `routes`: `{ [path]: { POST: handler } }`. */
export function fastPostRoutes(ctx: FastRouteContext, routes: readonly FastPostRoute<TSchema>[]): Record<string, { POST: BunRouteHandler }> {
  const table: Record<string, { POST: BunRouteHandler }> = {};
  const headers = new SharedHeaders(ctx.http);
  for (const route of routes) table[route.path] = { POST: postHandler(ctx, headers, route) };
  return table;
}

function postHandler<S extends TSchema>(ctx: FastRouteContext, headers: SharedHeaders, route: FastPostRoute<S>): BunRouteHandler {
  const validator = TypeCompiler.Compile(route.body);
  const series = ctx.observe.metrics.routeSeries(route.path, 'POST');
  return async (request, server) => {
    const started = performance.now();
    let response: Response;
    try {
      // Same order as the Elysia app: request checks, body parse (400/413 before auth), auth
      // (401 before 422), validation, handler.
      checkRequest(request, ctx.http);
      const body = parseJsonBody(await request.arrayBuffer(), ctx.http.maxBodyBytes);
      const authenticated = authenticateRequest(request, () => server.requestIP(request)?.address, ctx.auth, route.role);
      // Each await is a turn of the event loop: only wait for work that is really asynchronous.
      const principal = authenticated instanceof Promise ? await authenticated : authenticated;
      // An empty body reads as malformed JSON, as Elysia's parser answers it on every other route.
      if (body === undefined) throw new ApiError('MALFORMED_JSON', 'Malformed request body: it is not valid JSON');
      if (!validator.Check(body)) {
        throw new ApiError('VALIDATION', describeValidation('body', [...validator.Errors(body)]));
      }
      const handled: unknown = route.handle(body, request, principal);
      const result: unknown = handled instanceof Promise ? await handled : handled;
      // Response.json writes the content type exactly as Elysia does for objects.
      response = Response.json(result, { headers: headers.for(request) });
    } catch (err) {
      response = ctx.respondToError(err, request);
    }
    recordRequest(ctx.observe, request, series, response.status, (performance.now() - started) / 1000);
    return response;
  };
}
