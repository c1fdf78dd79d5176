/**
 * The built app in the system Chromium: the demo page is pre-filled in the real worker (tesseract.js under the
 * app's CSP) and must give exactly the fields that the Node run of the same `prefillPage` gives; bad files give
 * a Vietnamese message rendered as text and leave the page usable; nothing is requested from another origin.
 * Screenshots go to test-results/browser/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/image/decode-node';
import { createNodeEngine } from '../../src/ocr/node';
import { prefillPage, type PrefillResult } from '../../src/prefill/pipeline';
import { openApp, readEntries, ROOT, serveBuiltApp, SHOTS, type AppServer, type Session } from './harness';

const P014 = join(ROOT, 'public', 'demo', 'p014.jpg');
const BAD = join(ROOT, 'tests', 'fixtures', 'bad-inputs');
const OCR_TIMEOUT = 240_000;

/** Bad inputs that must be refused before OCR, with a word the message must contain. */
const BAD_FILES: [file: string, mimeType: string, expected: RegExp][] = [
  ['Nguyễn <script>.png', 'image/png', /không phải ảnh quét/],
  ['truncated.jpg', 'image/jpeg', /bị hỏng/],
  ['docx-renamed.jpg', 'image/jpeg', /Word/],
  ['scan.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', /Word/],
  ['huge-20000x20000.png', 'image/png', /quá lớn/],
];

/** Waits until the result summary names `text` (the page just pre-filled). */
async function waitForSummary(page: Session['page'], text: string): Promise<void> {
  const summary = page.getByTestId('summary');
  await expect
    .poll(async () => ((await summary.count()) > 0 ? await summary.textContent() : ''), {
      timeout: OCR_TIMEOUT,
      interval: 500,
    })
    .toContain(text);
}

function nodeFields(result: PrefillResult): Record<string, string>[] {
  return result.entries.map((e) =>
    Object.fromEntries(Object.entries(e.fields).map(([k, f]) => [k, f.value])),
  );
}

let server: AppServer;
let session: Session;
let nodeRun: Promise<PrefillResult>;
const engine = createNodeEngine({ workers: 1 });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // The Node side runs in this process, alongside the browser.
  const bytes = new Uint8Array(readFileSync(P014));
  nodeRun = prefillPage(decodeImage(bytes, { fileName: 'p014.jpg' }), engine);
  nodeRun.catch(() => undefined);
  server = await serveBuiltApp();
  session = await openApp(server);
}, 60_000);

afterAll(async () => {
  await session.close();
  await server.close();
  await engine.terminate();
});

describe('sohoa in Chromium (built app, real worker)', () => {
  it(
    'pre-fills the demo page in the worker exactly like the Node run',
    async () => {
      const { page } = session;
      await expect(page.title()).resolves.toBe('sohoa — Số hóa sổ hộ tịch');
      await page.getByTestId('progress').waitFor({ timeout: 30_000 });
      await expect(page.getByTestId('progress').textContent()).resolves.toMatch(
        /Đang (đọc|chuẩn bị|nhận dạng)/,
      );
      await page.getByTestId('summary').waitFor({ timeout: OCR_TIMEOUT });
      await page.screenshot({ path: join(SHOTS, '1-demo-p014.png'), fullPage: true });

      const browser = await readEntries(page);
      const node = nodeFields(await nodeRun);
      expect(node.length).toBeGreaterThan(0);
      expect(browser).toEqual(node);
      // Labels are the Vietnamese UI labels of the register, confidences are shown as colours.
      await expect(page.locator('tbody th').first().textContent()).resolves.toBe('Số');
      expect(await page.locator('.dot.high, .dot.medium, .dot.low').count()).toBe(
        node.reduce((n, e) => n + Object.keys(e).length, 0),
      );
    },
    OCR_TIMEOUT + 60_000,
  );

  it('cancels a running pre-fill', async () => {
    const { page } = session;
    await page.locator('[data-demo=p014]').click();
    await page.getByTestId('progress').waitFor();
    await page.screenshot({ path: join(SHOTS, '0-progress.png') });
    await page.getByRole('button', { name: 'Huỷ' }).click();
    await expect(page.getByTestId('error').textContent()).resolves.toContain('Đã huỷ nhận dạng.');
  }, 60_000);

  it('refuses bad files with a Vietnamese message shown as text', async () => {
    const { page } = session;
    for (const [name, mimeType, expected] of BAD_FILES) {
      await page
        .getByTestId('file-input')
        .setInputFiles({ name, mimeType, buffer: readFileSync(join(BAD, name)) });
      const error = page.getByTestId('error');
      await expect
        .poll(async () => ((await error.count()) > 0 ? await error.textContent() : ''), { timeout: 30_000 })
        .toContain(name);
      const text = (await error.textContent()) ?? '';
      expect(text, name).toMatch(expected);
      expect(text, name).toContain('Không xử lý được');
      if (name.includes('<script>')) {
        // The file name is shown literally, never parsed as HTML.
        expect(await page.locator('[data-testid=error] script').count()).toBe(0);
        await page.screenshot({ path: join(SHOTS, '2-bad-file.png'), fullPage: true });
      }
      expect(await page.locator('[data-testid=entry-table]').count()).toBe(0);
    }
  }, 120_000);

  it(
    'stays usable after errors: a chosen JPEG is pre-filled like the Node run',
    async () => {
      const { page } = session;
      await page
        .getByTestId('file-input')
        .setInputFiles({ name: 'p014.jpg', mimeType: 'image/jpeg', buffer: readFileSync(P014) });
      await waitForSummary(page, 'p014.jpg:');
      await expect(page.getByTestId('error').count()).resolves.toBe(0);
      await page.locator('tbody tr').nth(1).hover();
      await page.screenshot({ path: join(SHOTS, '3-chosen-file.png'), fullPage: true });
      expect(await readEntries(page)).toEqual(nodeFields(await nodeRun));
    },
    OCR_TIMEOUT + 30_000,
  );

  it(
    'pre-fills page 1 of the demo book (PDF rendered by pdf.js in the worker)',
    async () => {
      const { page } = session;
      await page.locator('[data-demo=book-a]').click();
      await waitForSummary(page, 'book-a.pdf');
      await expect(page.getByTestId('summary').textContent()).resolves.toContain('Khai sinh');
      const entries = await readEntries(page);
      expect(entries.length).toBeGreaterThan(0);
      expect(Object.values(entries[0] ?? {}).filter((v) => v !== '').length).toBeGreaterThan(15);
      await page.screenshot({ path: join(SHOTS, '4-demo-book.png'), fullPage: true });
    },
    OCR_TIMEOUT + 30_000,
  );

  it('never requests anything outside its own origin and breaks no CSP rule', () => {
    expect(session.requests.length).toBeGreaterThan(5);
    expect(session.requests.some((u) => u.endsWith('/models/vie.traineddata.gz'))).toBe(true);
    expect(session.foreign()).toEqual([]);
    expect(session.problems).toEqual([]);
  });
});
