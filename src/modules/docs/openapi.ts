/**
 * The OpenAPI 3 document, generated from the live route table: each route's TypeBox schemas
 * (body, query, params) and the role its guard declares. Nothing is written by hand, so the
 * document cannot drift from the routes.
 */
import { VERSION } from '../../version';

export interface RouteInfo {
  readonly method: string;
  readonly path: string;
  readonly hooks: Record<string, unknown>;
}

const ERROR = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ERROR } } });

/** Builds the document for `routes`. */
export function openApiDocument(routes: readonly RouteInfo[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const detail = (r.hooks.detail ?? {}) as { 'x-inferwall-role'?: string; security?: unknown[]; summary?: string };
    const role = detail['x-inferwall-role'] ?? 'public';
    const params: unknown[] = [];
    const paramSchema = r.hooks.params as { properties?: Record<string, unknown> } | undefined;
    for (const name of (path.match(/\{(\w+)\}/g) ?? []).map((p) => p.slice(1, -1))) {
      params.push({ name, in: 'path', required: true, schema: paramSchema?.properties?.[name] ?? { type: 'string' } });
    }
    const query = r.hooks.query as { properties?: Record<string, unknown>; required?: string[] } | undefined;
    for (const [name, schema] of Object.entries(query?.properties ?? {})) {
      params.push({ name, in: 'query', required: query?.required?.includes(name) ?? false, schema });
    }
    const op: Record<string, unknown> = {
      summary: detail.summary ?? `${r.method} ${path}`,
      'x-inferwall-role': role,
      security: role === 'public' ? [] : (detail.security ?? [{ bearerAuth: [] }]),
      parameters: params,
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
        ...(role === 'public' ? {} : { 401: errorResponse('No or invalid credential'), 403: errorResponse('Valid credential of the wrong role') }),
        422: errorResponse('Invalid request (the detail names the field)'),
        429: errorResponse('Too many failed authentications'),
      },
    };
    if (r.hooks.body) op.requestBody = { required: true, content: { 'application/json': { schema: r.hooks.body } } };
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.0.3',
    info: { title: 'inferwall', version: VERSION, description: 'AI application firewall: scan LLM input and output; allow, flag or block with evidence.' },
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'iwk_scan_… or iwk_admin_… key' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'iw_session', description: 'admin session from POST /v1/auth/login (__Host-iw_session under TLS)' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'IW_METRICS_TOKEN, for GET /metrics only' },
      },
      schemas: { Error: { type: 'object', required: ['detail'], properties: { detail: { type: 'string' } } } },
    },
  };
}

/** A self-contained docs page (no CDN: the binary runs offline) that renders the document. */
export const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>inferwall API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.6rem}.op{border:1px solid #ddd;border-radius:8px;margin:.6rem 0;padding:.5rem .8rem}
.m{display:inline-block;min-width:4.5rem;font-weight:700}.role{float:right;font-size:.8rem;padding:.1rem .5rem;border-radius:1rem;background:#eef}
pre{background:#f6f6f8;padding:.6rem;overflow:auto;font-size:.8rem}
</style></head><body>
<h1>inferwall API</h1><p>The machine-readable document is at <a href="/v1/openapi.json">/v1/openapi.json</a>.</p>
<div id="ops">Loading…</div>
<script>
fetch('/v1/openapi.json').then(r => r.json()).then(doc => {
  const el = document.getElementById('ops'); el.textContent = '';
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    const d = document.createElement('details'); d.className = 'op';
    const s = document.createElement('summary');
    const m = document.createElement('span'); m.className = 'm'; m.textContent = method.toUpperCase();
    const role = document.createElement('span'); role.className = 'role'; role.textContent = op['x-inferwall-role'];
    s.append(m, document.createTextNode(' ' + path + ' '), role); d.append(s);
    const pre = document.createElement('pre');
    pre.textContent = JSON.stringify({ parameters: op.parameters, requestBody: op.requestBody, responses: Object.keys(op.responses) }, null, 2);
    d.append(pre); el.append(d);
  }
});
</script></body></html>`;
