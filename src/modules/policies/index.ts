/** `GET /v1/policies` (admin): loaded profiles, their thresholds, and which one is active. */
import { Elysia } from 'elysia';
import type { AppDeps } from '../../server/deps';
import type { authPlugin } from '../../server/plugins/auth';

export function policyRoutes(deps: AppDeps, auth: ReturnType<typeof authPlugin>) {
  return new Elysia({ prefix: '/v1/policies' })
    .use(auth)
    .guard({ auth: 'admin' }, (app) =>
      app.get('', () => {
        const state = deps.engine.current;
        return {
          active: state.activePolicy,
          policies: [...state.policies.values()].map((p) => ({
            name: p.name,
            description: p.description,
            mode: p.mode,
            thresholds: p.thresholds,
            severity_points: p.severityPoints,
            confidence_weights: p.confidenceWeights,
            classifier_threshold: p.classifierThreshold,
            overrides: Object.fromEntries(p.overrides),
            allowlist: p.allowlist.map((a) => ({ pattern: a.re.source, signatures: a.signatures ? [...a.signatures] : null, reason: a.reason })),
            source: p.source,
            active: p.name === state.activePolicy,
          })),
        };
      }),
    );
}
