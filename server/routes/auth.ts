/** Login, logout and the current session (cookie authentication for people). */
import type { FastifyInstance } from 'fastify';
import { CSRF_HEADER, csrfTokenOf, SESSION_COOKIE } from '../auth/tokens';
import { HttpError, unauthorized } from '../http-error';
import { errors, password } from '../schemas';

const sessionReply = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    role: { type: 'string', enum: ['province_admin', 'commune'] },
    communes: { type: 'array', items: { $ref: 'CommuneKey#' } },
    csrfToken: { type: 'string', description: `Send it back in the ${CSRF_HEADER} header of every POST.` },
  },
  required: ['username', 'role', 'communes', 'csrfToken'],
} as const;

export function authRoutes(app: FastifyInstance, _options: unknown, done: () => void): void {
  const { auth, guards } = app.sohoa;

  app.post<{ Body: { username: string; password: string } }>(
    '/api/login',
    {
      config: { audit: 'login' },
      schema: {
        summary: 'Log in: sets the HttpOnly session cookie and returns the CSRF token.',
        tags: ['auth'],
        body: {
          type: 'object',
          properties: { username: { type: 'string', maxLength: 64 }, password },
          required: ['username', 'password'],
          additionalProperties: false,
        },
        response: { 200: sessionReply, ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { username: name, password: secret } = request.body;
      request.audit = { username: name.toLowerCase() };
      const outcome = await auth.login(name, secret, request.ip);
      if (outcome.kind === 'limited') {
        throw new HttpError(429, 'rate_limited', 'Sai mật khẩu quá nhiều lần. Hãy thử lại sau 15 phút.');
      }
      if (outcome.kind === 'failed') throw unauthorized('Sai tên đăng nhập hoặc mật khẩu.');
      request.actor = outcome.account;
      void reply.setCookie(SESSION_COOKIE, outcome.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        expires: outcome.expiresAt,
      });
      const { username: user, role, communes } = outcome.account;
      return { username: user, role, communes, csrfToken: csrfTokenOf(outcome.token) };
    },
  );

  app.post(
    '/api/logout',
    {
      config: { audit: 'logout' },
      schema: {
        summary: 'Log out: ends the session (CSRF header required).',
        tags: ['auth'],
        security: [{ session: [], csrf: [] }],
        response: { 204: { type: 'null' }, ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      const account = await guards.requireAccount(request);
      await auth.logout(account.sessionHash);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/session',
    {
      schema: {
        summary: 'The logged-in account and its CSRF token (for a page reloaded within the session).',
        tags: ['auth'],
        security: [{ session: [] }],
        response: { 200: sessionReply, ...errors(401) },
      },
    },
    async (request) => {
      const { username: user, role, communes } = await guards.requireAccount(request);
      return { username: user, role, communes, csrfToken: csrfTokenOf(request.cookies[SESSION_COOKIE]!) };
    },
  );
  done();
}
