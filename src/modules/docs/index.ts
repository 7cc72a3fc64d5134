/** `GET /v1/openapi.json` and `GET /docs`: open, they describe the API and hold no secret. */
import { Elysia } from 'elysia';
import { DOCS_HTML, openApiDocument, type RouteInfo } from './openapi';

export function docsRoutes(routes: () => readonly RouteInfo[]) {
  let doc: string | undefined;
  return new Elysia()
    .get('/v1/openapi.json', ({ set }) => {
      set.headers['content-type'] = 'application/json; charset=utf-8';
      doc ??= JSON.stringify(openApiDocument(routes()));
      return doc;
    })
    .get('/docs', ({ set }) => {
      set.headers['content-type'] = 'text/html; charset=utf-8';
      // The page's script is inline: allow exactly that, nothing from elsewhere.
      set.headers['content-security-policy'] = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'";
      return DOCS_HTML;
    });
}
