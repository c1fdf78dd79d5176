/**
 * Browser-test harness: serves the BUILT app (dist/) with `vite preview` on a free port of 127.0.0.1, launches
 * the system Chromium through playwright-core, and records every request and CSP violation so a test can
 * assert the app never leaves its own origin.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const SHOTS = join(ROOT, 'test-results', 'browser');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => {
        resolvePort(port);
      });
    });
  });
}

export interface AppServer {
  url: string;
  origin: string;
  close(): Promise<void>;
}

/** `vite preview` of dist/ (run `vite build` first), with the CSP headers of vite.config.ts. */
export async function serveBuiltApp(): Promise<AppServer> {
  if (!existsSync(join(ROOT, 'dist', 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` before the browser tests');
  }
  const port = await freePort();
  const server: PreviewServer = await preview({
    root: ROOT,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    origin: new URL(url).origin,
    close: () =>
      new Promise<void>((done) => {
        const http = server.httpServer;
        http.close(() => {
          done();
        });
        // Keep-alive connections too: a closed server answers nothing more (the offline test relies on it).
        if ('closeAllConnections' in http) http.closeAllConnections();
      }),
  };
}

export interface Session {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every URL requested by the page and its workers. */
  requests: string[];
  /** CSP violations and uncaught errors seen in the page and its workers. */
  problems: string[];
  /** Console errors and warnings of the page and its workers (a normal session has none). */
  consoleErrors: string[];
  /** Requests whose origin is not the app's. */
  foreign(): string[];
  close(): Promise<void>;
}

/**
 * Opens the app in a new browser. `beforeLoad` runs on the blank page before the app is loaded (e.g. to set a
 * storage quota: Chromium reads an origin's quota at its first write, and the app writes as soon as it starts).
 */
export async function openApp(
  server: AppServer,
  path = '',
  beforeLoad?: (page: Page, context: BrowserContext) => Promise<void>,
): Promise<Session> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const requests: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${text}`);
    if (/Content Security Policy|CSP violation/i.test(text)) problems.push(text);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}\n${e.stack ?? ''}`));
  page.on('worker', (w) => {
    requests.push(w.url());
  });
  await beforeLoad?.(page, context);
  await page.goto(new URL(path, server.url).href);
  const foreign = (): string[] =>
    [...new Set(requests)].filter((u) => {
      try {
        return new URL(u).origin !== server.origin;
      } catch {
        return true;
      }
    });
  return {
    browser,
    context,
    page,
    requests,
    problems,
    consoleErrors,
    foreign,
    close: () => browser.close(),
  };
}

/** The built app and one browser session on it, shared by the tests of a file. */
export interface SuiteApp {
  server: AppServer;
  s: Session;
}

/**
 * Registers the file's app: before all tests the built app is served and opened at `path` (then `ready`
 * runs, e.g. to create a book), after all tests both are closed. Fields are set once `beforeAll` has run.
 */
export function useBuiltApp(path = '?demo=0', ready?: (s: Session) => Promise<void>): SuiteApp {
  const app: Partial<SuiteApp> = {};
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const server = await serveBuiltApp();
    app.server = server;
    app.s = await openApp(server, path);
    await ready?.(app.s);
  }, 60_000);
  afterAll(async () => {
    await app.s?.close();
    await app.server?.close();
  });
  return app as SuiteApp;
}
