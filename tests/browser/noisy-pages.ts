/**
 * Runs IN THE PAGE (bundled by esbuild from send.test.ts and evaluated there): adds `count` pages to an existing
 * book, each a real JPEG of random noise (~1–2 MB, nearly incompressible), through the app's own Repository — so
 * the book's work package is several tus chunks long. OCR is marked done with no words (nothing to read).
 */
import { newPage } from '../../src/domain/records/page';
import { openRepository } from '../../src/storage';
import { pageEvent } from './in-page-seed';

async function noisyJpeg(width: number, height: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no 2d context');
  const img = g.createImageData(width, height);
  const rnd = new Uint32Array(img.data.buffer);
  for (let i = 0; i < rnd.length; i += 16384) crypto.getRandomValues(rnd.subarray(i, i + 16384));
  for (let i = 3; i < img.data.length; i += 4) img.data[i] = 255;
  g.putImageData(img, 0, 0);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
}

/** The total bytes of the page images added. */
export async function seed(bookId: string, count: number): Promise<number> {
  const repo = await openRepository();
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const image = await noisyJpeg(900, 1200);
    bytes += image.size;
    const pageId = `${bookId}-noisy-${i}`;
    const page = newPage(
      {
        bookId,
        order: i,
        fileName: `noisy-${i}.jpg`,
        originalId: `${bookId}-noisy-o`,
        pdfPage: null,
        width: 900,
        height: 1200,
        warnings: [],
      },
      pageId,
    );
    await repo.addPage(
      page,
      { pageId, bookId, image, thumb: image },
      pageEvent(bookId, 'page.import', pageId, 'test'),
    );
    // OCR marked done (no words): the app must not start reading noise.
    await repo.saveOcr(
      {
        pageId,
        bookId,
        width: 900,
        height: 1200,
        engine: 'test',
        model: 'test',
        words: [],
        lines: [],
        detectedType: null,
        detectedYear: null,
        skew: 0,
        ms: 0,
        createdAt: Date.now(),
        drafts: [],
      },
      [],
      pageEvent(bookId, 'page.ocr', pageId, 'test'),
    );
  }
  repo.close();
  return bytes;
}
