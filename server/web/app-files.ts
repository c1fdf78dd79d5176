/**
 * The built workstation (dist/ of `npm run build`) served at `/`, same origin as the API under `/api/`, so the
 * app's strict CSP (`connect-src 'self'`) holds and its service worker can install it (@fastify/static).
 * Every file carries the app's security headers (security-headers.ts, the one definition vite.config.ts uses
 * too). Cache policy: Vite's content-hashed files under /assets/ are immutable for a year; everything else
 * (index.html, sw.js, the web app manifest, models, pdf.js assets, the demo book) is `no-cache`, i.e.
 * revalidated with its ETag, so a new build is seen at once and the service worker decides what runs offline.
 * The province screens are the build's second page, province.html, answered at `/province/`.
 * Without dist/ the server still runs the API and `/` answers 503 with what to do.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { SECURITY_HEADERS } from '../../security-headers';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** The Cache-Control of a file of dist/ at `urlPath` (as requested, leading slash). */
export function cacheControlOf(urlPath: string): string {
  return urlPath.startsWith('/assets/') ? IMMUTABLE : REVALIDATE;
}

/** Whether `dir` holds a built app. */
export function hasBuiltApp(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}

export const MISSING_APP_MESSAGE =
  'Chưa có bản dựng của trạm làm việc (thư mục dist/). Hãy chạy "npm run build" rồi khởi động lại máy chủ.';

function securityHeaders(reply: FastifyReply): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) void reply.header(name, value);
}

/**
 * Serves `dir` at `/`; reports (through `warn`) and answers 503 at `/` when it holds no built app. Returns
 * whether the app is served.
 */
export async function serveAppFiles(
  app: FastifyInstance,
  dir: string,
  warn: (message: string) => void,
): Promise<boolean> {
  if (!hasBuiltApp(dir)) {
    warn(`${MISSING_APP_MESSAGE} (${dir})`);
    app.get('/', { schema: { hide: true } }, async (_request, reply) => {
      securityHeaders(reply);
      return reply.code(503).type('text/plain; charset=utf-8').send(MISSING_APP_MESSAGE);
    });
    return false;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    index: 'index.html',
    // Our own Cache-Control below; `send` would add max-age=0.
    cacheControl: false,
    dotfiles: 'ignore',
    // Files are listed at each request (wildcard route), so a rebuilt dist/ needs no restart.
    wildcard: true,
    allowedPath: (pathName) => !pathName.startsWith('/api/'),
    setHeaders: (reply, path) => {
      securityHeaders(reply);
      const rel = path.slice(dir.length).replaceAll('\\', '/');
      void reply.header('cache-control', cacheControlOf(rel.startsWith('/') ? rel : `/${rel}`));
    },
  });
  // The province screens (province.html, a second page of the same build) at /province/; setHeaders above gives
  // it the app's headers and `no-cache`.
  app.get('/province', { schema: { hide: true } }, (_request, reply) => reply.redirect('/province/'));
  app.get('/province/', { schema: { hide: true } }, (_request, reply) => reply.sendFile('province.html'));
  return true;
}
