/**
 * Shared by the in-page seeders (`small-book.ts`, `tests/bench/big-book.ts`; bundled by esbuild and run in the
 * page): a tiny page image and the machine's page events, so seeded books go through the app's own Repository.
 */
import type { AuditDraft } from '../../src/domain/records/audit';

/** A 24×32 paper-coloured JPEG, shared as image and thumbnail by every seeded page. */
export async function tinyPageImage(): Promise<Blob> {
  const canvas = new OffscreenCanvas(24, 32);
  const g = canvas.getContext('2d');
  if (g) {
    g.fillStyle = '#f4f1ea';
    g.fillRect(0, 0, 24, 32);
  }
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.5 });
}

/** A page import / OCR event by the machine (no user), noted with who seeded it. */
export function pageEvent(
  bookId: string,
  action: 'page.import' | 'page.ocr',
  pageId: string,
  note: string,
): AuditDraft {
  return {
    bookId,
    at: Date.now(),
    userId: null,
    role: null,
    action,
    entryId: null,
    pageId,
    field: null,
    before: null,
    after: null,
    note,
  };
}
