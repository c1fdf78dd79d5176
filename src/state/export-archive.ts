/**
 * What the archival export (ALTO / PAGE zip) takes from the store: the book, its pages and entries reduced to the
 * fields the builders read (plain data, cloned into the export worker), and a page's stored OCR without the
 * extraction drafts kept beside it.
 */
import type { Book } from '../domain/records/book';
import type { Entry } from '../domain/records/entry';
import type { Page } from '../domain/records/page';
import type { ArchivePageInput } from '../exchange/archive-page';
import type { ArchiveZipInput } from '../exchange/archive-zip';
import type { StoredOcr } from '../storage';

export function archiveInput(book: Book, pages: readonly Page[], entries: readonly Entry[]): ArchiveZipInput {
  return {
    book: {
      id: book.id,
      type: book.type,
      year: book.year,
      bookNumber: book.bookNumber,
      commune: book.commune,
    },
    pages: pages.map((p) => ({
      id: p.id,
      order: p.order,
      width: p.width,
      height: p.height,
      fileName: p.fileName,
      pdfPage: p.pdfPage,
      mark: p.mark,
    })),
    entries: entries.map((e) => ({
      id: e.id,
      type: e.type,
      pageIds: e.pageIds,
      order: e.order,
      state: e.state,
      fields: e.fields,
    })),
  };
}

export function archiveOcr(o: StoredOcr | undefined): ArchivePageInput['ocr'] {
  return o
    ? { engine: o.engine, model: o.model, words: o.words, lines: o.lines, createdAt: o.createdAt }
    : null;
}
