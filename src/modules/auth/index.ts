/**
 * Cookie login for admins (the contract's /v1/auth/*): login takes an admin key and sets an httpOnly
 * session cookie; logout destroys the session server-side; check says whether the caller is in.
 */
import { Elysia } from 'elysia';
import { assertSameSite } from '../../security/authenticate';
import { clearedSessionCookie, sessionCookie } from '../../server/cookies';
import type { AppDeps } from '../../server/deps';
import { ApiError, unauthorized } from '../../server/errors';
import { authFacts, type AuthPluginDeps, type authPlugin } from '../../server/plugins/auth';
import { StoreUnavailableError } from '../../store/interface';
import { noteAudit } from '../audit';
import { LoginBody } from './model';

export function authRoutes(deps: AppDeps, auth: ReturnType<typeof authPlugin>, authDeps: AuthPluginDeps) {
  const cookieOpts = { secure: deps.tls };
  return new Elysia({ prefix: '/v1/auth' })
    .use(auth)
    .post(
      '/login',
      async ({ body, request, server, set }) => {
        if (deps.config.devMode) {
          throw new ApiError('BAD_REQUEST', 'Authentication is disabled (dev mode: IW_API_KEY is not set); there is nothing to log in to');
        }
        const client = authDeps.addressOf(request, server?.requestIP(request)?.address);
        const facts = authFacts(request, () => client, authDeps);
        if (facts.origin || facts.secFetchSite) assertSameSite(facts);
        const found = await deps.authenticator.verifyKeyAttempt(body.key, client);
        // A scan key is a valid key but cannot open an admin session: same answer as a wrong key.
        if (!found || found.role !== 'admin') {
          deps.log.warn('login failed', { client });
          throw unauthorized();
        }
        noteAudit(request, { keyId: found.keyId });
        let created;
        try {
          created = await deps.sessions.create('admin', found.keyId);
        } catch (err) {
          // Fail closed: no session we cannot store. Bearer keys keep working meanwhile.
          if (err instanceof StoreUnavailableError) {
            throw new ApiError('UNAVAILABLE', 'Session store unavailable: cannot start a cookie session right now; use a bearer key');
          }
          throw err;
        }
        const { id, session } = created;
        const expiresAt = deps.sessions.expiresAt(session);
        set.headers['set-cookie'] = sessionCookie(id, deps.config.session.absoluteSecs, cookieOpts);
        deps.log.info('login', { client, key_id: found.keyId });
        return { authenticated: true, role: session.role, expires_at: new Date(expiresAt).toISOString() };
      },
      { body: LoginBody },
    )
    .guard({ auth: 'admin' }, (app) =>
      app
        .post('/logout', async ({ principal, set }) => {
          if (principal.sessionId) await deps.sessions.destroy(principal.sessionId);
          set.headers['set-cookie'] = clearedSessionCookie(cookieOpts);
          return { authenticated: false };
        })
        .get('/check', async ({ principal }) => {
          let expiresAt: string | null = null;
          if (principal.sessionId) {
            const session = await deps.sessions.resume(principal.sessionId);
            if (session) expiresAt = new Date(deps.sessions.expiresAt(session)).toISOString();
          }
          return {
            authenticated: true,
            role: principal.role,
            via: principal.via,
            dev_mode: deps.config.devMode,
            expires_at: expiresAt,
          };
        }),
    );
}
