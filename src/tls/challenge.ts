/**
 * The plain-HTTP side of automatic HTTPS (IW_HTTP_PORT, default 80): it answers ACME HTTP-01
 * challenges, sends browsers to HTTPS, and refuses API requests with a JSON error. The API itself
 * is never served in clear: a redirected POST would already have sent its key over the network.
 */
import type { Server } from 'bun';
import type { Logger } from '../server/log';
import { bindError } from '../server/listen';
import type { StateStore } from '../store/interface';
import type { ChallengeSolver } from './issuer';

export const CHALLENGE_PATH = '/.well-known/acme-challenge/';
/** base64url, as RFC 8555 tokens are; anything else is never looked up. */
const TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
/** A token outlives any order; cleanUp removes it sooner. */
const CHALLENGE_TTL_MS = 30 * 60_000;

const challengeKey = (token: string): string => `tls:challenge:${token}`;

/**
 * Challenge answers kept in this process and in the shared state store, so that a validation
 * request landing on any instance behind the same load balancer is answered.
 */
export class SharedChallenges implements ChallengeSolver {
  private readonly local = new Map<string, string>();

  constructor(private readonly store: StateStore) {}

  async present(token: string, keyAuthorization: string): Promise<void> {
    this.local.set(token, keyAuthorization);
    await this.store.set(challengeKey(token), keyAuthorization, CHALLENGE_TTL_MS);
  }

  async cleanUp(token: string): Promise<void> {
    this.local.delete(token);
    try {
      await this.store.delete(challengeKey(token));
    } catch {
      // The ttl removes it anyway.
    }
  }

  /** The answer for `token`, and where it came from; null when unknown (or the store is down). */
  async answer(token: string): Promise<{ keyAuthorization: string; source: 'this instance' | 'shared store' } | null> {
    const mine = this.local.get(token);
    if (mine !== undefined) return { keyAuthorization: mine, source: 'this instance' };
    try {
      const shared = await this.store.get(challengeKey(token));
      return shared === null ? null : { keyAuthorization: shared, source: 'shared store' };
    } catch {
      return null;
    }
  }
}

export interface PlainHttpOptions {
  readonly challenges: SharedChallenges;
  /** The configured domains: a redirect goes to the requested one if listed, else the first. */
  readonly domains: readonly string[];
  /** The HTTPS port (known only once the HTTPS listener is bound when IW_PORT=0). */
  readonly httpsPort: () => number;
  readonly log: Logger;
}

const HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** A navigation by a browser, as opposed to an API client. */
function isBrowserNavigation(request: Request): boolean {
  if (request.headers.has('authorization')) return false;
  return request.headers.get('sec-fetch-mode') === 'navigate' || (request.headers.get('accept') ?? '').includes('text/html');
}

/** The request handler of the plain-HTTP listener. */
export function plainHttpHandler(opts: PlainHttpOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const readOnly = request.method === 'GET' || request.method === 'HEAD';
    if (url.pathname.startsWith(CHALLENGE_PATH)) {
      const token = url.pathname.slice(CHALLENGE_PATH.length);
      const found = readOnly && TOKEN.test(token) ? await opts.challenges.answer(token) : null;
      if (!found) return new Response('Not found\n', { status: 404, headers: { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
      opts.log.info('acme challenge answered', { token_prefix: token.slice(0, 8), source: found.source });
      return new Response(found.keyAuthorization, { headers: { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
    }
    const host = opts.domains.includes(url.hostname.toLowerCase()) ? url.hostname.toLowerCase() : (opts.domains[0] as string);
    const port = opts.httpsPort();
    const target = `https://${host}${port === 443 ? '' : `:${port}`}${url.pathname}${url.search}`;
    if (readOnly && isBrowserNavigation(request)) {
      return new Response(null, { status: 301, headers: { ...HEADERS, location: target } });
    }
    const exposed = request.headers.has('authorization')
      ? ' This request carried a credential over plain HTTP: treat that key as exposed and rotate it.'
      : '';
    return new Response(JSON.stringify({ detail: `This API is served over HTTPS only: use ${target}.${exposed}` }), {
      status: 403,
      headers: { ...HEADERS, 'content-type': 'application/json; charset=utf-8' },
    });
  };
}

/**
 * Binds the plain-HTTP listener on `host:port` (never SO_REUSEPORT: a second instance on the
 * same host fails loudly). Throws `ListenError` naming IW_HTTP_PORT.
 */
export function listenPlainHttp(host: string, port: number, handler: (request: Request) => Promise<Response>): Server<undefined> {
  try {
    return Bun.serve({
      hostname: host,
      port,
      reusePort: false,
      development: false,
      idleTimeout: 10,
      // Nothing here reads a body.
      maxRequestBodySize: 64 * 1024,
      fetch: handler,
    });
  } catch (err) {
    throw bindError(err, host, port, 'IW_HTTP_PORT');
  }
}
