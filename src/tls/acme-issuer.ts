/**
 * The ACME issuer (RFC 8555, HTTP-01) on `acme-client`: the one file that imports it, lazily, so a
 * server with TLS off or manual never loads it. See issuer.ts for the contract.
 */
import { rootCertificates } from 'node:tls';
import { Agent } from 'node:https';
import type * as AcmeClient from 'acme-client';
import type { Authorization, Order } from 'acme-client';
import type { Logger } from '../server/log';
import type { TlsCertificate } from './certificate';
import { CaUnreachableError, IssuanceError, RateLimitedError, type IssueRequest, type Issuer } from './issuer';
import type { SlidingWindowLimiter } from './maintain';
import { safeName, type CertStorage } from './storage';

type AcmeModule = typeof AcmeClient;

export interface AcmeIssuerOptions {
  readonly directoryUrl: string;
  readonly email: string;
  /** PEM of an extra CA the ACME client trusts besides the system roots (IW_ACME_CA_FILE). */
  readonly extraCa?: string;
  /** Where the account key is kept (created on first use). */
  readonly accounts: CertStorage;
  /** Spaces out conversations with the CA (a few per 10 s). */
  readonly limiter: SlidingWindowLimiter;
  readonly log: Logger;
}

/** A request to the CA that got no answer within this long fails (axios has no timeout by default). */
const REQUEST_TIMEOUT_MS = 30_000;

let loaded: Promise<AcmeModule> | undefined;

/**
 * Loads acme-client once and adapts its HTTP client: an answer-less failure (refused, DNS, TLS,
 * timeout) becomes `CaUnreachableError` and a 429 becomes `RateLimitedError` at once, instead of
 * acme-client's own waits (Retry-After can be hours) and its TypeError on a missing response.
 */
function loadAcme(extraCa: string | undefined): Promise<AcmeModule> {
  loaded ??= import('acme-client').then((acme) => {
    const http = acme.axios;
    http.defaults.timeout = REQUEST_TIMEOUT_MS;
    // Trust the extra CA for this client only; the process-wide trust store is untouched.
    if (extraCa) http.defaults.httpsAgent = new Agent({ ca: [...rootCertificates, extraCa], keepAlive: true });
    // 5xx answers are retried twice, 1 s then 2 s apart; everything else is the maintenance loop's.
    const settings = (http.defaults as { acmeSettings?: { retryMaxAttempts: number; retryDefaultDelay: number } }).acmeSettings;
    if (settings) {
      settings.retryMaxAttempts = 2;
      settings.retryDefaultDelay = 1;
    }
    const responses = http.interceptors.response;
    responses.use((r) => r, classifyFailure);
    // Ours must run before acme-client's retry interceptor, which would otherwise sleep or crash.
    const ours = responses.handlers?.pop();
    if (ours) responses.handlers?.unshift(ours);
    return acme;
  });
  return loaded;
}

interface HttpFailure {
  code?: string;
  message?: string;
  config?: { url?: string };
  response?: { status: number; headers: Record<string, unknown>; data?: unknown };
}

const TRUST_CODES = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED']);

/** The interceptor: errors thrown without a `config` pass acme-client's interceptor untouched. */
function classifyFailure(error: unknown): Promise<never> {
  const e = error as HttpFailure;
  const url = e.config?.url ?? 'the ACME server';
  if (!e.response) {
    const code = e.code ?? e.message ?? 'no answer';
    const hint = TRUST_CODES.has(code) ? ' (its TLS certificate is not trusted: set IW_ACME_CA_FILE to the CA that signed it)' : '';
    return Promise.reject(new CaUnreachableError(`cannot reach ${url}: ${code}${hint}`));
  }
  if (e.response.status === 429) {
    const retryAfterMs = parseRetryAfter(e.response.headers['retry-after'], Date.now());
    const detail = (e.response.data as { detail?: unknown } | undefined)?.detail;
    return Promise.reject(new RateLimitedError(`rate limited by the CA${typeof detail === 'string' ? `: ${detail}` : ''}`, retryAfterMs));
  }
  return Promise.reject(error instanceof Error ? error : new Error(String(error)));
}

/** Retry-After in seconds or as an HTTP date → milliseconds from `now` (60 s when absent). */
export function parseRetryAfter(header: unknown, now: number): number {
  if (typeof header !== 'string' || header.trim() === '') return 60_000;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? 60_000 : Math.max(0, at - now);
}

/** The storage scope of a directory URL: host, port and path, e.g. `acme-v02.api.letsencrypt.org-directory`. */
export function issuerId(directoryUrl: string): string {
  const u = new URL(directoryUrl);
  return safeName(`${u.host}${u.pathname}`.replace(/[/:]+/g, '-').replace(/-+$/, ''));
}

/** Issues certificates from one ACME CA with HTTP-01 challenges. */
export class AcmeIssuer implements Issuer {
  readonly id: string;
  readonly directoryUrl: string;

  constructor(private readonly opts: AcmeIssuerOptions) {
    this.directoryUrl = opts.directoryUrl;
    this.id = issuerId(opts.directoryUrl);
  }

  async issue(request: IssueRequest): Promise<TlsCertificate> {
    await this.opts.limiter.take();
    const acme = await loadAcme(this.opts.extraCa);
    try {
      return await this.order(acme, request);
    } catch (err) {
      throw asIssuerError(err);
    }
  }

  private async accountKey(acme: AcmeModule): Promise<string> {
    const stored = await this.opts.accounts.loadAccountKey(this.id, this.opts.email);
    if (stored) return stored;
    const key = (await acme.crypto.createPrivateEcdsaKey()).toString();
    // Saved before registering: an account the CA knows is never orphaned by a crash.
    await this.opts.accounts.saveAccountKey(this.id, this.opts.email, key);
    return key;
  }

  private async order(acme: AcmeModule, { names, solver, progress }: IssueRequest): Promise<TlsCertificate> {
    // A fresh client per order: an account the CA forgot (a reset test CA) is simply registered again.
    const client = new acme.Client({
      directoryUrl: this.directoryUrl,
      accountKey: await this.accountKey(acme),
      backoffAttempts: 10,
      backoffMin: 1000,
      backoffMax: 10_000,
    });
    const account = await client.createAccount({ termsOfServiceAgreed: true, contact: [`mailto:${this.opts.email}`] });
    progress('account', { account: client.getAccountUrl(), status: account.status, directory: this.directoryUrl });

    const order = await client.createOrder({ identifiers: names.map((value) => ({ type: 'dns', value })) });
    progress('order', { order: order.url, status: order.status, names });

    const authorizations = await client.getAuthorizations(order);
    for (const authz of authorizations) await this.authorize(client, authz, solver, progress);

    const key = (await acme.crypto.createPrivateEcdsaKey()).toString();
    // Only SAN and key usage go into the CSR: no TLS-feature extension, so never OCSP Must-Staple.
    const commonName = names[0] && names[0].length <= 64 ? names[0] : undefined;
    const [, csr] = await acme.crypto.createCsr({ altNames: [...names], ...(commonName ? { commonName } : {}) }, key);
    const finalized: Order = await client.finalizeOrder(order, csr);
    progress('finalize', { order: order.url, status: finalized.status });
    const cert = await client.getCertificate(finalized);
    return { cert, key };
  }

  private async authorize(
    client: InstanceType<AcmeModule['Client']>,
    authz: Authorization,
    solver: IssueRequest['solver'],
    progress: IssueRequest['progress'],
  ): Promise<void> {
    const domain = authz.identifier.value;
    if (authz.status === 'valid') {
      progress('challenge', { domain, status: 'valid', note: 'authorization already valid (reused)' });
      return;
    }
    const challenge = authz.challenges.find((c) => c.type === 'http-01');
    if (!challenge) throw new IssuanceError(`the CA offers no http-01 challenge for ${domain}`);
    const keyAuthorization = await client.getChallengeKeyAuthorization(challenge);
    await solver.present(challenge.token, keyAuthorization);
    let completed = false;
    try {
      await client.completeChallenge(challenge);
      completed = true;
      await client.waitForValidStatus(challenge);
      progress('challenge', { domain, type: 'http-01', status: 'valid' });
    } catch (err) {
      // A pending authorization left behind counts against the CA's limits: give it back.
      if (!completed) await client.deactivateAuthorization(authz).catch(() => undefined);
      if (err instanceof CaUnreachableError || err instanceof RateLimitedError) throw err;
      throw new IssuanceError(`the http-01 challenge for ${domain} failed: ${(err as Error).message}`);
    } finally {
      await solver.cleanUp(challenge.token);
    }
  }
}

function asIssuerError(err: unknown): Error {
  if (err instanceof CaUnreachableError || err instanceof RateLimitedError || err instanceof IssuanceError) return err;
  return new IssuanceError((err as Error)?.message ?? String(err));
}
