/**
 * The client address used for rate limits and audit: the socket's peer address, or, only when that
 * peer is a trusted proxy (IW_TRUSTED_PROXIES), the nearest untrusted hop of X-Forwarded-For.
 */
import { isIP } from 'node:net';

export type AddressOf = (request: Request, socketAddress: string | undefined) => string;

/** Builds the resolver; `isTrusted` says whether an address is one of our proxies. */
export function clientAddressResolver(isTrusted: (address: string) => boolean): AddressOf {
  return (request, socketAddress) => {
    const peer = socketAddress ?? 'unknown';
    if (!isTrusted(peer)) return peer;
    const forwarded = request.headers.get('x-forwarded-for');
    if (!forwarded) return peer;
    // Walk from the right: each trusted hop vouches for the one before it.
    const hops = forwarded.split(',').map((h) => h.trim());
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] ?? '';
      if (isIP(hop) === 0) return peer;
      if (!isTrusted(hop)) return hop;
    }
    return hops[0] ?? peer;
  };
}
