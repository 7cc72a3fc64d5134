/**
 * `GET /metrics` in Prometheus text format. Readable with an admin key or session, or with the
 * separate IW_METRICS_TOKEN so a scraper never holds an admin key.
 */
import { Elysia } from 'elysia';
import { timingSafeEqual } from 'node:crypto';
import { digest } from '../../security/api-keys';
import type { AppDeps } from '../../server/deps';
import { authenticateRequest, type AuthPluginDeps } from '../../server/plugins/auth';

export function metricsRoutes(deps: AppDeps, authDeps: AuthPluginDeps) {
  const token = deps.config.metricsToken ? digest(deps.config.metricsToken) : null;
  deps.metrics.addGauge({
    name: 'iw_state_store_up',
    help: 'Whether the state store answers (1) or not (0).',
    read: async () => [{ labels: { kind: deps.store.kind }, value: (await deps.store.healthy()) ? 1 : 0 }],
  });
  deps.metrics.addGauge({
    name: 'iw_catalog_signatures',
    help: 'Signatures in the live catalog.',
    read: async () => [{ labels: { version: deps.engine.current.catalog.version }, value: deps.engine.current.catalog.signatures.length }],
  });
  deps.metrics.addGauge({
    name: 'iw_uptime_seconds',
    help: 'Seconds since the server started.',
    read: async () => [{ labels: {}, value: Math.floor((deps.clock() - deps.startedAt) / 1000) }],
  });
  deps.metrics.addGauge({
    name: 'iw_build_info',
    help: 'Version and commit of the running binary.',
    read: async () => [{ labels: { version: deps.version.version, commit: deps.version.commit }, value: 1 }],
  });
  return new Elysia().get(
    '/metrics',
    async ({ set }) => {
      set.headers['content-type'] = 'text/plain; version=0.0.4; charset=utf-8';
      return deps.metrics.render();
    },
    {
      async transform({ request, server }) {
        const header = request.headers.get('authorization');
        const presented = /^bearer +(\S+) *$/i.exec(header ?? '')?.[1];
        if (token && presented && timingSafeEqual(digest(presented), token)) return;
        await authenticateRequest(request, () => server?.requestIP(request)?.address, authDeps, 'admin');
      },
      detail: { 'x-inferwall-role': 'admin', security: [{ bearerAuth: [] }, { sessionCookie: [] }, { metricsToken: [] }], summary: 'Prometheus metrics' } as Record<string, unknown>,
    },
  );
}
