/**
 * The app as an install: opened once, its service worker precaches every file of the app (the app, the
 * tesseract worker and cores, the `vie` model, pdf.js assets, the demo book); then with the network off — the
 * browser offline AND the server stopped — a reload starts the app from the cache, it shows the demo book and the
 * book list, and a page imported offline is pre-filled by OCR exactly as the Node run of the same code does (the
 * model and the wasm come from the cache). Once from `vite preview` (npm start), once from the province server
 * (server/, the built app at `/` beside the API).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/image/decode-node';
import { createNodeEngine } from '../../src/ocr/node';
import { prefillPage, type PrefillResult } from '../../src/prefill/pipeline';
import {
  createBook,
  dbEntries,
  importFiles,
  importMessages,
  OCR_TIMEOUT,
  readStore,
  waitForFields,
} from './desk';
import { openApp, ROOT, serveBuiltApp, SHOTS, type AppServer } from './harness';
import { serveFromServer } from './province-server';

const P014 = join(ROOT, 'tests', 'fixtures', 'pages', 'p014.jpg');
const MODEL = join(ROOT, 'public', 'models', 'vie.traineddata.gz');
/** The files the built service worker precaches (workbox's manifest in dist/sw.js). */
const PRECACHED = [...readFileSync(join(ROOT, 'dist', 'sw.js'), 'utf8').matchAll(/\{url:"([^"]+)"/g)].map(
  (m) => m[1]!,
);

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

let nodeRun: Promise<PrefillResult>;
const engine = createNodeEngine({ workers: 1 });

beforeAll(() => {
  nodeRun = prefillPage(decodeImage(new Uint8Array(readFileSync(P014)), { fileName: 'p014.jpg' }), engine, {
    type: 'KH',
  });
  nodeRun.catch(() => undefined);
});

afterAll(async () => {
  await engine.terminate();
});

interface CacheReport {
  entries: number;
  bytes: number;
  urls: string[];
  /** SHA-256 (hex) of the cached model. */
  model: string;
}

/** What the page's caches hold (the precache of the service worker). */
function cacheReport(page: Page): Promise<CacheReport> {
  return page.evaluate(async () => {
    const report = { entries: 0, bytes: 0, urls: [] as string[], model: '' };
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const res = await cache.match(request);
        const body = res ? await res.arrayBuffer() : new ArrayBuffer(0);
        const url = new URL(request.url);
        report.entries++;
        report.bytes += body.byteLength;
        report.urls.push(url.pathname.slice(1));
        if (url.pathname === '/models/vie.traineddata.gz') {
          const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
          report.model = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
        }
      }
    }
    return report;
  });
}

async function installThenWorkOffline(server: AppServer, tag: string): Promise<void> {
  // First start: the demo book opens on the keying screen.
  const s = await openApp(server, '');
  let serverClosed = false;
  try {
    const { page, context } = s;
    await page.setViewportSize({ width: 1366, height: 768 });
    await expect
      .poll(
        () =>
          page
            .getByTestId('page-indicator')
            .textContent()
            .catch(() => ''),
        { timeout: 60_000 },
      )
      .toBe('Trang 1/6');
    // The app's own word: a service worker is active (its install step, the precache, has finished) and
    // controls the page.
    await page.locator('nav.top[data-offline="ready"][data-sw="controlled"]').waitFor({ timeout: 120_000 });
    const cached = await cacheReport(page);
    expect(cached.urls.sort()).toEqual([...PRECACHED].sort());
    // The model's bytes: as shipped, or gunzipped when the server sent the .gz with Content-Encoding: gzip
    // (vite preview does; tesseract.js reads both).
    const model = readFileSync(MODEL);
    expect([sha256(model), sha256(gunzipSync(model))]).toContain(cached.model);
    console.log(`[offline ${tag}] precache: ${cached.entries} files, ${(cached.bytes / 1e6).toFixed(1)} MB`);
    await page.screenshot({ path: join(SHOTS, `offline-${tag}-01-installed.png`) });
    // Installable: Chromium's own checks of the manifest, icons and service worker find nothing missing (but
    // the test's incognito context).
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
    const parsed = await cdp.send('Page.getAppManifest');
    expect(parsed.errors).toEqual([]);
    expect(parsed.url).toBe(new URL('/manifest.webmanifest', server.url).href);
    const manifest = await page.evaluate(async () => {
      const res = await fetch('/manifest.webmanifest');
      return (await res.json()) as {
        name: string;
        short_name: string;
        lang: string;
        icons: { sizes: string }[];
      };
    });
    expect(manifest).toMatchObject({
      name: 'sohoa — Số hóa sổ hộ tịch',
      short_name: 'Số hóa hộ tịch',
      lang: 'vi',
    });
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    await cdp.detach();

    // The network goes away: the server stops and the browser is offline.
    await server.close();
    serverClosed = true;
    await context.setOffline(true);
    const reached: string[] = [];
    const failed: string[] = [];
    context.on('requestfinished', (r) => {
      void r.response().then((res) => {
        if (res && !res.fromServiceWorker() && /^https?:/.test(r.url())) reached.push(r.url());
      });
    });
    context.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
    await page.reload();
    await expect
      .poll(
        () =>
          page
            .getByTestId('page-indicator')
            .textContent()
            .catch(() => ''),
        { timeout: 60_000 },
      )
      .toBe('Trang 1/6');
    await page.locator('nav.top[data-sw="controlled"]').waitFor();
    await page.screenshot({ path: join(SHOTS, `offline-${tag}-02-reloaded-offline.png`) });
    await page.getByRole('button', { name: 'Sổ', exact: true }).click();
    await expect.poll(() => page.locator('table.books tbody tr').count()).toBe(1);
    await expect(page.locator('table.books').textContent()).resolves.toContain('03/2017');
    await page.screenshot({ path: join(SHOTS, `offline-${tag}-03-books-offline.png`) });
    await page.getByRole('button', { name: 'Cài đặt', exact: true }).click();
    const card = page.getByTestId('offline-card');
    await expect(card.getAttribute('data-offline')).resolves.toBe('ready');
    await expect(card.textContent()).resolves.toContain('Sẵn sàng.');
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, `offline-${tag}-03b-settings-offline.png`) });

    // OCR offline: the worker, the core wasm and the model come from the cache.
    await createBook(page, { type: 'KH', year: 2016, commune: 'ben thanh', bookNumber: `${tag}/2016` });
    await importFiles(page, [{ path: P014, mimeType: 'image/jpeg' }]);
    await importMessages(page, 1);
    await page
      .getByRole('button', { name: /Nhập liệu/ })
      .first()
      .click();
    await waitForFields(page, 10);
    const books = await readStore<{ id: string; bookNumber: string }>(page, 'books');
    const bookId = books.find((b) => b.bookNumber === `${tag}/2016`)?.id;
    const entries = (await dbEntries(page)).filter((e) => (e as { bookId?: string }).bookId === bookId);
    const browser = entries.map((e) =>
      Object.fromEntries(Object.entries(e.fields).map(([k, f]) => [k, f.value])),
    );
    const node = (await nodeRun).entries.map((e) =>
      Object.fromEntries(Object.entries(e.fields).map(([k, f]) => [k, f.value])),
    );
    expect(node.length).toBe(2);
    expect(browser).toEqual(node);
    await page.screenshot({ path: join(SHOTS, `offline-${tag}-04-ocr-offline.png`) });
    // Nothing after the reload reached a server: everything came from the service worker.
    console.log(`[offline ${tag}] failed requests while offline: ${JSON.stringify(failed)}`);
    expect(reached).toEqual([]);
    expect(failed).toEqual([]);
    // And the network is really gone: a file the service worker has not cached cannot be fetched.
    const uncached = await page.evaluate(() =>
      fetch(`/models/manifest.json?uncached=${String(Date.now())}`).then(
        () => 'fetched',
        () => 'failed',
      ),
    );
    expect(uncached).toBe('failed');
    expect(s.foreign()).toEqual([]);
    expect(s.problems).toEqual([]);
  } finally {
    await s.close();
    if (!serverClosed) await server.close();
  }
}

describe('the installed app with the network off', () => {
  it(
    'served by vite preview (npm start): installs, reloads offline, reads a page',
    async () => {
      await installThenWorkOffline(await serveBuiltApp(), 'preview');
    },
    OCR_TIMEOUT + 120_000,
  );

  it(
    'served by the province server: installs, reloads offline, reads a page',
    async () => {
      await installThenWorkOffline(await serveFromServer(), 'server');
    },
    OCR_TIMEOUT + 120_000,
  );
});
