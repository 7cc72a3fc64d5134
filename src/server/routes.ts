/** Route-table helpers: which methods a path supports, for 405 answers with an Allow header. */

export interface RouteEntry {
  readonly method: string;
  readonly path: string;
}

/** Compiles Elysia paths (`/v1/signatures/:id`) into a lookup from a request path to its methods. */
export function routeMatcher(routes: readonly RouteEntry[]): (path: string) => string[] {
  const compiled = routes.map((r) => ({
    method: r.method,
    re: new RegExp(
      '^' +
        r.path
          .split('/')
          .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('/') +
        '$',
    ),
  }));
  return (path) => {
    const methods = new Set<string>();
    for (const r of compiled) if (r.re.test(path)) methods.add(r.method);
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}
