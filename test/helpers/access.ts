/**
 * The contract's role table for every route ("METHOD /path"). A route the app registers but this
 * table does not list fails the route-table test, so no route ships without a decided guard.
 */
export type Access = 'public' | 'scan' | 'admin';

export const ACCESS: Readonly<Record<string, Access>> = {
  'GET /v1/health/live': 'public',
  'GET /v1/health/ready': 'public',
  'GET /v1/health': 'scan',
  'POST /v1/auth/login': 'public',
  'POST /v1/auth/logout': 'admin',
  'GET /v1/auth/check': 'admin',
  'GET /v1/config': 'admin',
  'POST /v1/scan/input': 'scan',
  'POST /v1/scan/output': 'scan',
  'POST /v1/analyze/input': 'scan',
  'POST /v1/analyze/output': 'scan',
  'GET /v1/signatures': 'scan',
  'GET /v1/signatures/:id': 'scan',
  'PATCH /v1/signatures/:id': 'admin',
  'PUT /v1/config': 'admin',
  'GET /v1/policies': 'admin',
  'POST /v1/admin/reload': 'admin',
  'GET /v1/admin/stats': 'admin',
  'POST /v1/admin/policy': 'admin',
  'GET /metrics': 'admin',
  'POST /v1/sessions': 'scan',
  'GET /v1/sessions/:id': 'scan',
  'DELETE /v1/sessions/:id': 'scan',
  'GET /v1/admin/keys': 'admin',
  'POST /v1/admin/keys': 'admin',
  'DELETE /v1/admin/keys/:id': 'admin',
  'GET /v1/admin/audit': 'admin',
  'GET /v1/openapi.json': 'public',
  'GET /docs': 'public',
};

/** A concrete request path for a route pattern (`:id` → a sample id). */
export const samplePath = (pattern: string): string => pattern.replace(/:([a-z_]+)/g, 'sample-$1');
