/**
 * Audit wiring: one global hook records every admin action as it completes (before the response
 * leaves, so a following `GET /v1/admin/audit` sees it), and `GET /v1/admin/audit` pages the log.
 * Actions are decided here by route, so handlers only add what the route cannot know (`noteAudit`).
 */
import { Elysia } from 'elysia';
import { createHash } from 'node:crypto';
import type { AppDeps } from '../../server/deps';
import { ApiError } from '../../server/errors';
import { principalOf, type authPlugin } from '../../server/plugins/auth';
import type { AddressOf } from '../../server/plugins/client-address';
import { requestIdOf } from '../../server/plugins/http';
import { StoreUnavailableError } from '../../store/interface';
import { AuditQuery } from './model';
import type { AuditAction, AuditActor, AuditLog } from './service';

/** Every admin action, by route. A test checks that every admin write route is listed. */
export const AUDITED_ROUTES: Readonly<Record<string, AuditAction>> = {
  'POST /v1/auth/login': 'login',
  'POST /v1/auth/logout': 'logout',
  'POST /v1/admin/keys': 'key.create',
  'DELETE /v1/admin/keys/:id': 'key.revoke',
  'POST /v1/admin/reload': 'reload',
  'POST /v1/admin/policy': 'policy.change',
  'PUT /v1/config': 'config.change',
  'PATCH /v1/signatures/:id': 'signature.override',
};

/** Login outcomes that are not attempts worth a record: malformed (400/422) and braked (429) requests. */
const LOGIN_NOISE = new Set([400, 413, 415, 422, 429]);

interface AuditNote {
  keyId?: string;
  target?: string;
}
const notes = new WeakMap<Request, AuditNote>();

/** Lets a handler add what the route table cannot know: the key that logged in, the id it created. */
export function noteAudit(request: Request, note: AuditNote): void {
  notes.set(request, { ...notes.get(request), ...note });
}

const sessionHash = (id: string): string => createHash('sha256').update(id).digest('hex').slice(0, 16);

function statusOf(error: unknown): number {
  if (error instanceof ApiError) return error.status;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (cause instanceof ApiError) return cause.status;
  if (error instanceof StoreUnavailableError) return 503;
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : 500;
}

/** The global hook; register it before the app's own onError so it sees failures too. */
export function auditPlugin(audit: AuditLog, addressOf: AddressOf) {
  const record = async (ctx: { request: Request; route: string; params?: unknown; body?: unknown; server: { requestIP(r: Request): { address: string } | null } | null }, status: number) => {
    const action = AUDITED_ROUTES[`${ctx.request.method} ${ctx.route}`];
    if (!action) return;
    const principal = principalOf(ctx.request);
    const note = notes.get(ctx.request);
    if (action === 'login' ? LOGIN_NOISE.has(status) : !principal) return;
    const actor: AuditActor = principal
      ? {
          via: principal.via,
          ...(principal.keyId ? { key_id: principal.keyId } : {}),
          ...(principal.sessionId ? { session: sessionHash(principal.sessionId) } : {}),
        }
      : note?.keyId
        ? { via: 'key', key_id: note.keyId }
        : { via: 'anonymous' };
    const params = ctx.params as { id?: unknown } | undefined;
    const body = ctx.body as { policy?: unknown } | undefined;
    const target = note?.target ?? (typeof params?.id === 'string' ? params.id : typeof body?.policy === 'string' ? body.policy : undefined);
    await audit.record({
      action,
      result: status < 400 ? 'success' : 'failure',
      actor,
      client: addressOf(ctx.request, ctx.server?.requestIP(ctx.request)?.address),
      ...(target !== undefined ? { target } : {}),
      status,
      request_id: requestIdOf(ctx.request),
    });
  };
  return new Elysia({ name: 'inferwall.audit' })
    .onAfterHandle({ as: 'global' }, async (ctx) => {
      await record(ctx, typeof ctx.set.status === 'number' ? ctx.set.status : 200);
    })
    .onError({ as: 'global' }, async (ctx) => {
      // Returns nothing: the app's own onError still shapes the response.
      if (ctx.route) await record({ ...ctx, route: ctx.route }, statusOf(ctx.error));
    });
}

/** `GET /v1/admin/audit` (admin): `limit` (1–500, default 50) and the `before` cursor. */
export function auditRoutes(deps: AppDeps, auth: ReturnType<typeof authPlugin>) {
  return new Elysia({ prefix: '/v1/admin/audit' })
    .use(auth)
    .guard({ auth: 'admin' }, (app) =>
      app.get(
        '',
        async ({ query }) => {
          try {
            return await deps.audit.list({ limit: query.limit ?? 50, before: query.before });
          } catch (err) {
            if (err instanceof RangeError) throw new ApiError('VALIDATION', `Invalid request: query.before: not a cursor of this store (${err.message})`);
            if (err instanceof StoreUnavailableError) throw new ApiError('UNAVAILABLE', 'Audit store unavailable: the audit log cannot be read right now');
            throw err;
          }
        },
        { query: AuditQuery },
      ),
    );
}
