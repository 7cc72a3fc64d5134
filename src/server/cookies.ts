/** The login session cookie: its name, how it is read from a request and written to a response. */

export interface CookieOptions {
  /** Served over TLS: adds Secure and the __Host- prefix (bound to this host, path /, no Domain). */
  readonly secure: boolean;
}

export const sessionCookieName = (opts: CookieOptions): string => (opts.secure ? '__Host-iw_session' : 'iw_session');

/** Reads one cookie's value from a Cookie header without parsing the rest. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Set-Cookie for a new session: httpOnly, SameSite=Strict, Path=/, Secure under TLS. */
export function sessionCookie(value: string, maxAgeSecs: number, opts: CookieOptions): string {
  return [
    `${sessionCookieName(opts)}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSecs))}`,
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');
}

/** Set-Cookie that makes the browser drop the session cookie. */
export function clearedSessionCookie(opts: CookieOptions): string {
  return sessionCookie('', 0, opts) + '; Expires=Thu, 01 Jan 1970 00:00:00 GMT';
}
