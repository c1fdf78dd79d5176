/**
 * The server serves the built workstation at `/` beside the API: index.html and the app's files with the app's
 * security headers (the CSP of security-headers.ts, the one index.html's <meta> repeats), hashed assets
 * immutable, index.html / sw.js revalidated, the API still `no-store`; nothing outside dist/; without dist/ a 503
 * that says to run `npm run build`. Runs on embedded PGlite only: static files do not touch the database.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP, SECURITY_HEADERS } from '../../security-headers';
import { buildApp } from '../../server/app';
import { FsBlobStore } from '../../server/blobs/blob-store';
import { migrate } from '../../server/db/migrate';
import { openStore, type Store } from '../../server/db/open';
import { IMMUTABLE, MISSING_APP_MESSAGE, REVALIDATE } from '../../server/web/app-files';

const ROOT = join(import.meta.dirname, '..', '..');
const ASSET = 'assets/index-Ab12Cd34.js';
const ASSET_TEXT = 'console.log("sohoa");\n';
const MODEL_BYTES = new Uint8Array(4096).map((_, i) => (i * 7) & 0xff);

let dataDir: string;
let dist: string;
let store: Store;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sohoa-app-files-'));
  dist = join(dataDir, 'dist');
  // A built app in miniature: the real index.html (its CSP meta), a hashed asset, the service worker, a model.
  await mkdir(join(dist, 'assets'), { recursive: true });
  await mkdir(join(dist, 'models'), { recursive: true });
  await writeFile(join(dist, 'index.html'), await readFile(join(ROOT, 'index.html')));
  await writeFile(join(dist, 'province.html'), await readFile(join(ROOT, 'province.html')));
  await writeFile(join(dist, ASSET), ASSET_TEXT);
  await writeFile(join(dist, 'sw.js'), 'self.addEventListener("install", () => undefined);\n');
  await writeFile(join(dist, 'models', 'vie.traineddata.gz'), MODEL_BYTES);
  await writeFile(join(dataDir, 'secret.txt'), 'outside dist');
  store = await openStore({ databaseUrl: undefined, dataDir: join(dataDir, 'db') });
  await migrate(store.db);
});

afterAll(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const build = (appDir: string | undefined, warnings: string[] = []): Promise<FastifyInstance> =>
  buildApp({
    store,
    blobs: new FsBlobStore(join(dataDir, 'blobs')),
    ...(appDir === undefined ? {} : { appDir }),
    onAppMissing: (message) => warnings.push(message),
  });

function expectSecurityHeaders(headers: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS))
    expect(headers[name.toLowerCase()]).toBe(value);
}

describe('the built workstation at /', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await build(dist);
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers / with index.html, the CSP header equal to its <meta>, revalidated', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toBe(await readFile(join(ROOT, 'index.html'), 'utf8'));
    expectSecurityHeaders(res.headers);
    expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(res.body);
    expect(meta?.[1]).toBe(CSP);
    expect(res.headers['cache-control']).toBe(REVALIDATE);
    const again = await app.inject({ method: 'GET', url: '/index.html' });
    expect(again.body).toBe(res.body);
    // The ETag makes the revalidation cheap.
    const etag = res.headers['etag'];
    expect(typeof etag).toBe('string');
    const notModified = await app.inject({
      method: 'GET',
      url: '/',
      headers: { 'if-none-match': String(etag) },
    });
    expect(notModified.statusCode).toBe(304);
  });

  it('answers /province/ with province.html (the province screens), the same headers, revalidated', async () => {
    const res = await app.inject({ method: 'GET', url: '/province/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(await readFile(join(ROOT, 'province.html'), 'utf8'));
    expectSecurityHeaders(res.headers);
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(res.body);
    expect(meta?.[1]).toBe(CSP);
    expect(res.headers['cache-control']).toBe(REVALIDATE);
    const bare = await app.inject({ method: 'GET', url: '/province' });
    expect(bare.statusCode).toBe(302);
    expect(bare.headers['location']).toBe('/province/');
  });

  it('serves hashed assets immutable, sw.js and models revalidated, byte for byte', async () => {
    const asset = await app.inject({ method: 'GET', url: `/${ASSET}` });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.body).toBe(ASSET_TEXT);
    expect(asset.headers['cache-control']).toBe(IMMUTABLE);
    expectSecurityHeaders(asset.headers);

    const sw = await app.inject({ method: 'GET', url: '/sw.js' });
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['content-type']).toMatch(/javascript/);
    expect(sw.headers['cache-control']).toBe(REVALIDATE);

    const model = await app.inject({ method: 'GET', url: '/models/vie.traineddata.gz' });
    expect(model.statusCode).toBe(200);
    expect(new Uint8Array(model.rawPayload)).toEqual(MODEL_BYTES);
    expect(model.headers['cache-control']).toBe(REVALIDATE);
  });

  it('keeps the API as it was: JSON, no-store, a JSON 404 under /api/', async () => {
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toEqual({ ok: true, db: 'pglite' });
    expect(health.headers['cache-control']).toBe('no-store');
    const missing = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ error: string }>().error).toBe('not_found');
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it('serves nothing outside dist/ and answers a missing file with 404', async () => {
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/nope.js']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.body, url).not.toContain('outside dist');
    }
  });
});

describe('without a built app', () => {
  it('says to run npm run build (log and a 503 at /) and still serves the API', async () => {
    const warnings: string[] = [];
    const app = await build(join(dataDir, 'no-dist'), warnings);
    try {
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('npm run build');
      expect(warnings[0]).toContain(join(dataDir, 'no-dist'));
      const res = await app.inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(503);
      expect(res.body).toBe(MISSING_APP_MESSAGE);
      expectSecurityHeaders(res.headers);
      expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('serves the API only when no app folder is given', async () => {
    const warnings: string[] = [];
    const app = await build(undefined, warnings);
    try {
      expect(warnings).toEqual([]);
      expect((await app.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
