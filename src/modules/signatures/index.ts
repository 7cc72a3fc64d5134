/** `GET /v1/signatures` (filter, page) and `GET /v1/signatures/:id`: read-only for the scan role. */
import { Elysia, t } from 'elysia';
import type { EngineState } from '../../catalog/engine-state';
import type { CompiledSignature } from '../../engine/catalog';
import type { Direction } from '../../engine/types';
import { CLASSIFIER_SIGNATURE } from '../../engine/classifier';
import type { AppDeps } from '../../server/deps';
import { ApiError } from '../../server/errors';
import type { authPlugin } from '../../server/plugins/auth';
import { SignatureParams, SignatureQuery } from './model';

/** The public summary of a signature, with the active policy's effective action and enabled state. */
export function signatureSummary(sig: CompiledSignature, override?: { action?: string; enabled?: boolean }) {
  const d = sig.def;
  return {
    id: d.id,
    name: d.name,
    version: d.version,
    category: d.category,
    subcategory: d.subcategory,
    technique: d.technique,
    severity: d.severity,
    confidence: d.confidence,
    direction: d.direction,
    owasp: d.owasp,
    atlas: d.atlas,
    action: override?.action ?? d.action,
    enabled: override?.enabled ?? d.enabled,
  };
}

/** The classifier's summary, shaped like a signature's (it is tuned like one). */
function classifierSummary(override?: { action?: string; enabled?: boolean }) {
  const { description: _description, ...c } = CLASSIFIER_SIGNATURE;
  return { ...c, atlas: [...c.atlas], action: override?.action ?? c.action, enabled: override?.enabled ?? c.enabled };
}

/**
 * Every signature's summary under the active policy, then the classifier's, as `GET /v1/signatures`
 * and `inferwall signatures list` show them.
 */
export function signatureSummaries(state: EngineState, filter: { category?: string | undefined; direction?: Direction | undefined } = {}) {
  const policy = state.policies.get(state.activePolicy);
  const items = state.catalog.signatures
    .filter((s) => (!filter.category || s.def.category === filter.category) && (!filter.direction || s.directions.has(filter.direction)))
    .map((s) => signatureSummary(s, policy?.overrides.get(s.def.id)));
  const c = CLASSIFIER_SIGNATURE;
  if ((!filter.category || filter.category === c.category) && (!filter.direction || filter.direction === c.direction)) {
    return [...items, classifierSummary(policy?.overrides.get(c.id))];
  }
  return items;
}

/** What `GET /v1/signatures/CLS-001` and `inferwall signatures show CLS-001` show. */
export function classifierDetail(state: EngineState) {
  const policy = state.policies.get(state.activePolicy);
  return {
    ...classifierSummary(policy?.overrides.get(CLASSIFIER_SIGNATURE.id)),
    description: CLASSIFIER_SIGNATURE.description,
    classifier_threshold: policy?.classifierThreshold ?? null,
    source: 'built in (src/engine/classifier-model.json)',
  };
}

export function signatureRoutes(deps: AppDeps, auth: ReturnType<typeof authPlugin>) {
  return new Elysia({ prefix: '/v1/signatures' })
    .use(auth)
    .guard({ auth: 'scan' }, (app) =>
      app
        .get(
          '',
          ({ query }) => {
            const state = deps.engine.current;
            const all = signatureSummaries(state, { category: query.category, direction: query.direction });
            const limit = query.limit ?? 100;
            const offset = query.offset ?? 0;
            return {
              total: all.length,
              limit,
              offset,
              catalog_version: state.catalog.version,
              items: all.slice(offset, offset + limit),
            };
          },
          { query: SignatureQuery },
        )
        .get(
          '/:id',
          ({ params }) => {
            const state = deps.engine.current;
            const policy = state.policies.get(state.activePolicy);
            if (params.id === CLASSIFIER_SIGNATURE.id) return classifierDetail(state);
            const sig = state.catalog.byId.get(params.id);
            if (!sig) throw new ApiError('NOT_FOUND', `No signature with id ${params.id}`);
            return {
              ...signatureSummary(sig, policy?.overrides.get(sig.def.id)),
              description: sig.def.description ?? null,
              tags: sig.def.tags ?? [],
              condition: sig.def.condition,
              patterns: sig.def.patterns,
              examples: sig.def.examples,
              source: sig.file,
            };
          },
          { params: SignatureParams },
        ),
    )
    .guard({ auth: 'admin' }, (app) =>
      app.patch(
        '/:id',
        async ({ params, body }) => {
          await deps.engineAdmin.overrideSignature(params.id, body);
          const state = deps.engine.current;
          if (params.id === CLASSIFIER_SIGNATURE.id) return classifierSummary(state.policies.get(state.activePolicy)?.overrides.get(params.id));
          const sig = state.catalog.byId.get(params.id);
          if (!sig) throw new ApiError('NOT_FOUND', `No signature with id ${params.id}`);
          return signatureSummary(sig, state.policies.get(state.activePolicy)?.overrides.get(params.id));
        },
        {
          params: SignatureParams,
          body: t.Object({
            enabled: t.Optional(t.Boolean()),
            action: t.Optional(t.Union([t.Literal('enforce'), t.Literal('monitor')])),
          }),
        },
      ),
    );
}
