/** What an export reads of a book: its records as the builders take them (the screen's export and the CLI). Pure. */
import type { Book } from '../domain/records/book';
import type { Entry } from '../domain/records/entry';
import type { Page } from '../domain/records/page';
import type { BookExportInput, ExportOptions } from './workbook';

export function exportInputOf(
  book: Book,
  pages: readonly Pick<Page, 'id' | 'order'>[],
  entries: readonly Entry[],
  opts: { template?: ExportOptions['template']; namePattern?: string } = {},
): BookExportInput {
  return {
    book: {
      id: book.id,
      type: book.type,
      year: book.year,
      bookNumber: book.bookNumber,
      commune: book.commune,
      paperSize: book.paperSize,
    },
    entries: entries.map((e) => ({
      id: e.id,
      type: e.type,
      pageIds: e.pageIds,
      order: e.order,
      fields: e.fields,
    })),
    pages: pages.map((p) => ({ id: p.id, order: p.order })),
    ...(opts.template ? { options: { template: opts.template } } : {}),
    ...(opts.namePattern !== undefined ? { namePattern: opts.namePattern } : {}),
  };
}

/** Entries not yet accepted (nor already exported): a book with any is not ready to leave without a reason. */
export function notAccepted(entries: readonly Pick<Entry, 'state'>[]): number {
  return entries.filter((e) => e.state !== 'accepted' && e.state !== 'exported').length;
}
