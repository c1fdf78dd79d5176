/**
 * Runs IN THE PAGE (bundled by esbuild from export-alto.test.ts and evaluated there): fills an existing KS book with
 * a real scanned page and its recorded OCR (the bordered scan b004 and tesseract.js's words and lines for it,
 * stored through the app's own `saveOcr` with the entries pre-filled from it, then accepted as if another operator
 * had keyed them), and a second page marked blank with no OCR.
 */
import type { Entry } from '../../src/domain/records/entry';
import { newPage } from '../../src/domain/records/page';
import { openRepository, type StoredOcr } from '../../src/storage';
import { pageEvent, tinyPageImage } from './in-page-seed';

const bytesOf = (b64: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

export async function seed(
  bookId: string,
  image: { b64: string; width: number; height: number },
  ocr: Omit<StoredOcr, 'pageId' | 'bookId'>,
  entries: Entry[],
): Promise<string[]> {
  const repo = await openRepository();
  const pageIds = [`${bookId}-p0`, `${bookId}-p1`];
  const blank = await tinyPageImage();
  for (const [i, pageId] of pageIds.entries()) {
    const blob = i === 0 ? new Blob([bytesOf(image.b64)], { type: 'image/jpeg' }) : blank;
    const page = newPage(
      {
        bookId,
        order: i,
        fileName: i === 0 ? 'b004 <quét> & "gốc".jpg' : 'trang-trống.jpg',
        originalId: `${bookId}-o${i}`,
        pdfPage: null,
        width: i === 0 ? image.width : 24,
        height: i === 0 ? image.height : 32,
        warnings: [],
      },
      pageId,
    );
    await repo.addPage(
      page,
      { pageId, bookId, image: blob, thumb: blob },
      pageEvent(bookId, 'page.import', pageId, 'test'),
    );
  }
  const [p0 = '', p1 = ''] = pageIds;
  const mine = entries.map((e) => ({ ...e, bookId }));
  await repo.saveOcr({ ...ocr, pageId: p0, bookId }, mine, pageEvent(bookId, 'page.ocr', p0, 'test'));
  const stored = await repo.listEntries(bookId);
  await repo.saveEntries({
    put: stored.map((e) => ({ ...e, state: 'accepted' as const, keyedBy: 'seed-operator' })),
    events: [],
  });
  await repo.patchPage(p1, 'mark', 'blank', {
    ...pageEvent(bookId, 'page.import', p1, 'test'),
    action: 'page.mark',
  });
  repo.close();
  return stored.map((e) => e.id);
}
