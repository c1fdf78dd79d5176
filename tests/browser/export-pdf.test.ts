/**
 * "Tải tệp PDF theo mục (zip)" in the built app (issue 14 item 2): a KS book seeded with two real scans (a 1 MB
 * 300 dpi page, re-encoded by the export worker's canvas, and a small one embedded as it is) and three accepted
 * entries (one continued over the page break, two numbered 02) is exported through the download path; the zip is
 * read back with yauzl (names by the book's stem, the duplicate number suffixed `_2`, stored members), each PDF
 * with pdf.js (the continued entry has 2 pages, A4), and one `book.export` event records the zip's SHA-256.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { encodeJpegToFit } from '../../src/image/encode-node';
import { createBook, readStore } from './desk';
import { ROOT, SHOTS, useBuiltApp } from './harness';

const app = useBuiltApp('?demo=0', async (s) => {
  // Chromium's save picker is a native dialog the driver cannot answer: this run takes the download path.
  await s.context.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
  });
});

function unzip(bytes: Buffer): Promise<{ name: string; method: number; bytes: Buffer }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, strictFileNames: true }, (err, zip) => {
      if (err) return reject(err);
      const out: { name: string; method: number; bytes: Buffer }[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(out));
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, stream) => {
          if (err2) return reject(err2);
          const parts: Buffer[] = [];
          stream.on('data', (c: Buffer) => parts.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            out.push({ name: e.fileName, method: e.compressionMethod, bytes: Buffer.concat(parts) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

async function pdfPages(bytes: Buffer): Promise<{ width: number; height: number }[]> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: pdfjs.VerbosityLevel.ERRORS })
    .promise;
  const out: { width: number; height: number }[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const [x0, y0, x1, y1] = (await doc.getPage(n)).view as [number, number, number, number];
    out.push({ width: Math.round(x1 - x0), height: Math.round(y1 - y0) });
  }
  await doc.destroy();
  return out;
}

describe('Xuất dữ liệu: PDF theo mục', () => {
  it('exports the zip of entry PDFs through the download path and records it', async () => {
    const { page } = app.s;
    await page.reload();
    await createBook(page, { type: 'KS', year: 2017, commune: 'phu hoi hue', bookNumber: '07/2017' });
    const [book] = await readStore<{ id: string }>(page, 'books');
    const bookId = book?.id ?? '';
    const big = readFileSync(join(ROOT, 'tests', 'fixtures', 'pages', 'p014.jpg'));
    const small = encodeJpegToFit(
      new Uint8Array(readFileSync(join(ROOT, 'tests', 'fixtures', 'integration', 'p004.jpg'))),
      { width: 1000, height: 1414 },
      0.5,
    );
    expect(small.bytes.length).toBeLessThan(150_000);
    const images = [
      { b64: big.toString('base64'), width: 2480, height: 3508 },
      { b64: Buffer.from(small.bytes).toString('base64'), width: small.width, height: small.height },
    ];
    const bundle = await build({
      entryPoints: [join(ROOT, 'tests', 'browser', 'pdf-book.ts')],
      bundle: true,
      format: 'iife',
      globalName: '__pdfBook',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    await page.evaluate(`${bundle.outputFiles[0]?.text ?? ''}\n;globalThis.__pdfBook = __pdfBook; 0`);
    const ids = await page.evaluate(
      ([id, imgs]) =>
        (
          globalThis as unknown as {
            __pdfBook: { seed(b: string, i: typeof imgs): Promise<string[]> };
          }
        ).__pdfBook.seed(id, imgs),
      [bookId, images] as const,
    );
    expect(ids).toHaveLength(3);
    await page.reload();
    await page.getByRole('button', { name: 'Sổ', exact: true }).click();
    await page.locator(`tr[data-book="${bookId}"] button`, { hasText: 'Trang & nhập ảnh' }).click();
    await page.getByRole('button', { name: 'Xuất dữ liệu', exact: true }).click();
    await page.locator('#export-title').waitFor();
    await expect.poll(() => page.locator('.counts').getAttribute('data-ready')).toBe('3');
    const zipName = (await page.locator('.file code.zip').textContent()) ?? '';
    const stem = 'PhuongPhuHoi_ThanhPhoHue_ThuaThienHue.KS.2017.07-2017';
    expect(zipName).toBe(`${stem}.pdf.zip`);

    const button = page.getByRole('button', { name: 'Tải tệp PDF theo mục (zip)' });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe(zipName);
    const bytes = readFileSync(await download.path());
    await page.locator('.pdf-done').waitFor();
    expect(await page.locator('.pdf-done').getAttribute('data-count')).toBe('3');

    const members = await unzip(bytes);
    expect(members.map((m) => m.name)).toEqual([`${stem}.01.pdf`, `${stem}.02.pdf`, `${stem}.02_2.pdf`]);
    expect(members.every((m) => m.method === 0)).toBe(true);
    const pages = await Promise.all(members.map((m) => pdfPages(m.bytes)));
    const a4 = { width: 595, height: 842 };
    expect(pages).toEqual([[a4], [a4, a4], [a4]]);
    // The 1 MB scan was re-encoded (~150 dpi, about 100 kB); the small one embedded as it is.
    const first = members[0]?.bytes.length ?? 0;
    expect(first).toBeLessThan(160_000);
    expect(first).toBeGreaterThan(30_000);
    expect(members[2]?.bytes.includes(Buffer.from(small.bytes))).toBe(true);

    type Event = { action: string; after: Record<string, unknown> };
    const exp = (await readStore<Event>(page, 'audit')).filter((e) => e.action === 'book.export');
    expect(exp).toHaveLength(1);
    expect(exp[0]?.after).toMatchObject({
      kind: 'pdf-zip',
      fileName: zipName,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      pdfs: 3,
      exported: 3,
    });
    const text = (await page.locator('.pdf-done').textContent()) ?? '';
    expect(text).toContain(zipName);
    expect(text).toContain(createHash('sha256').update(bytes).digest('hex'));
    for (const [w, h] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: join(SHOTS, `export-pdf-${w}.png`) });
    }
    expect(app.s.problems).toEqual([]);
    expect(app.s.foreign()).toEqual([]);
  }, 180_000);
});
