/**
 * The OCR engine in the browser: a page imported into a book is pre-filled in the real worker (tesseract.js
 * under the app's CSP) and must give exactly the fields that the Node run of the same `prefillPage` gives on the
 * same bytes. And the first start: the demo book is there with its OCR running, without any setup.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/image/decode-node';
import { createNodeEngine } from '../../src/ocr/node';
import { prefillPage, type PrefillResult } from '../../src/prefill/pipeline';
import { openApp, ROOT, serveBuiltApp, SHOTS, type AppServer } from './harness';
import { createBook, dbEntries, importFiles, importMessages, OCR_TIMEOUT, waitForFields } from './desk';

const P014 = join(ROOT, 'public', 'demo', 'p014.jpg');

let server: AppServer;
let nodeRun: Promise<PrefillResult>;
const engine = createNodeEngine({ workers: 1 });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const bytes = new Uint8Array(readFileSync(P014));
  nodeRun = prefillPage(decodeImage(bytes, { fileName: 'p014.jpg' }), engine, { type: 'KH' });
  nodeRun.catch(() => undefined);
  server = await serveBuiltApp();
}, 60_000);

afterAll(async () => {
  await server.close();
  await engine.terminate();
});

describe('pre-fill in the browser worker', () => {
  it(
    'gives exactly the fields of the Node run on the same page',
    async () => {
      const s = await openApp(server, '?demo=0');
      try {
        const { page } = s;
        await createBook(page, { type: 'KH', year: 2016, commune: 'ben thanh', bookNumber: '03/2016' });
        await importFiles(page, [{ path: P014, mimeType: 'image/jpeg' }]);
        await importMessages(page, 1);
        await page
          .getByRole('button', { name: /Nhập liệu/ })
          .first()
          .click();
        await waitForFields(page, 10);
        const stored = await dbEntries(page);
        const browser = stored.map((e) =>
          Object.fromEntries(Object.entries(e.fields).map(([k, f]) => [k, f.value])),
        );
        const node = (await nodeRun).entries.map((e) =>
          Object.fromEntries(Object.entries(e.fields).map(([k, f]) => [k, f.value])),
        );
        expect(node.length).toBe(2);
        expect(browser).toEqual(node);
        await page.screenshot({ path: join(SHOTS, 'pf-01-p014.png') });
        expect(s.foreign()).toEqual([]);
        expect(s.problems).toEqual([]);
      } finally {
        await s.close();
      }
    },
    OCR_TIMEOUT + 60_000,
  );

  it(
    'opens on a ready demo book on first start, OCR running in the background',
    async () => {
      // Every text the keying screen shows in place of a page or an entry, recorded as the DOM changes.
      const s = await openApp(server, '', async (_page, context) => {
        await context.addInitScript(() => {
          const seen: string[] = [];
          (window as unknown as { __empty: string[] }).__empty = seen;
          new MutationObserver(() => {
            for (const el of Array.from(document.querySelectorAll('.desk .empty'))) {
              const t = el.textContent.trim();
              if (t && seen.at(-1) !== t) seen.push(t);
            }
          }).observe(document, { subtree: true, childList: true, characterData: true });
        });
      });
      try {
        const { page } = s;
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
        await waitForFields(page, 15);
        await page.screenshot({ path: join(SHOTS, 'pf-02-demo.png') });
        // While the demo's pages are on their way the screen says so, never "no page yet, import some".
        const empty = await page.evaluate(() => (window as unknown as { __empty: string[] }).__empty);
        expect(empty).toContain('Đang nhập ảnh…');
        expect(empty.filter((t) => t.startsWith('Chưa có trang nào'))).toEqual([]);
        expect(s.foreign()).toEqual([]);
        expect(s.problems).toEqual([]);
      } finally {
        await s.close();
      }
    },
    OCR_TIMEOUT + 60_000,
  );
});
