/**
 * The Issuer: whoever turns a list of names into a signed certificate (certmagic's `Issuer`). The
 * maintenance loop knows only this interface; the ACME protocol lives in acme-issuer.ts.
 */
import type { TlsCertificate } from './certificate';

/**
 * Makes an HTTP-01 answer available: `GET /.well-known/acme-challenge/<token>` on port 80 of every
 * instance answers `keyAuthorization` (text/plain).
 */
export interface ChallengeSolver {
  /** Resolves once every instance answers the token (it is in the shared store). */
  present(token: string, keyAuthorization: string): Promise<void>;
  /** Stops answering the token; idempotent, never throws. */
  cleanUp(token: string): Promise<void>;
}

/** Progress steps, logged by the caller as they happen. */
export type IssueStep = 'account' | 'order' | 'challenge' | 'finalize';

export interface IssueRequest {
  /** Lower-case DNS names; the first becomes the subject's common name when it fits. */
  readonly names: readonly string[];
  readonly solver: ChallengeSolver;
  /** Called at each step with loggable facts (URLs, names, statuses; never keys). */
  readonly progress: (step: IssueStep, fields: Record<string, unknown>) => void;
}

/**
 * The issuer contract:
 * - `id` is stable for one CA (directory) and scopes storage: certificates and accounts of
 *   different CAs never mix.
 * - `issue` places at most one order per call, for exactly `names`, and resolves with the chain
 *   and a fresh private key (ECDSA P-256). It never requests OCSP Must-Staple. It never retries a
 *   failed order by itself: retrying, backing off and rate limits are the caller's (see
 *   maintain.ts), and it rejects with `CaUnreachableError` when the CA cannot be reached,
 *   `RateLimitedError` when the CA said 429 (with the wait it asked for), or `IssuanceError`
 *   otherwise (the CA's problem detail, e.g. a failed challenge).
 * - It never logs a private key or puts one in an error message.
 */
export interface Issuer {
  readonly id: string;
  readonly directoryUrl: string;
  issue(request: IssueRequest): Promise<TlsCertificate>;
}

/** The CA could not be reached (connection refused, DNS, TLS trust, timeout). */
export class CaUnreachableError extends Error {
  override name = 'CaUnreachableError';
}

/** The CA answered 429: wait at least `retryAfterMs` before the next request. */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/** The CA refused or the order failed; the message is the CA's explanation. */
export class IssuanceError extends Error {
  override name = 'IssuanceError';
}
