/**
 * The records of a new book made from read scans (`npm run package`), as the workstation would hold them after
 * creating the book, importing the scans and reading every page: the book, its pages (OCR done), the stored OCR,
 * the pre-filled entries with their per-field provenance, and one audit chain of the CLI's machine recording the
 * same actions in the same shape as the workstation — 'book.create', one 'page.import' per page, one 'page.ocr' per
 * page (its entries), then 'package.export'. Pure (no I/O): the records conversions are src/prefill/records.ts,
 * the ones the workstation's background OCR uses.
 */
import { sealEvent, type AuditDraft, type AuditEvent, type JsonValue } from '../domain/records/audit';
import type { Book } from '../domain/records/book';
import type { Entry } from '../domain/records/entry';
import { stampChanges } from '../domain/records/merge';
import { newPage, type Page } from '../domain/records/page';
import type { PrefillResult } from '../prefill/pipeline';
import { entriesFromDrafts, ocrRecord, otherRegister, type BookOcrRecord } from '../prefill/records';

/** One page as read: where it came from, its working image's size, and its pre-fill. */
export interface ReadPage {
  fileName: string;
  originalId: string;
  /** 1-based page of a PDF, null for an image file. */
  pdfPage: number | null;
  width: number;
  height: number;
  warnings: string[];
  /** When its image was made (its 'page.import') and when its reading ended (its 'page.ocr'). */
  importedAt: number;
  readAt: number;
  result: PrefillResult;
}

export interface AssembledBook {
  /** Pages in book order, ids as given to `readImages` by position. */
  pages: Page[];
  ocr: BookOcrRecord[];
  entries: Entry[];
  events: AuditEvent[];
}

/** What the audit trail says made the book (its 'book.create' note). */
export const CLI_NOTE = 'Tạo bằng lệnh npm run package';

/**
 * Assembles the book's records. `read` is in book order; `newId` makes page and entry ids; `exportedAt` is the
 * 'package.export' time. No user: the events carry userId and role null (the machine made them).
 */
export function assembleBook(
  book: Book,
  read: readonly ReadPage[],
  opts: { machineId: string; newId: () => string; exportedAt: number; originals: boolean },
): AssembledBook {
  const events: AuditEvent[] = [];
  let last = book.createdAt;
  const seal = (
    action: AuditDraft['action'],
    at: number,
    target: { pageId?: string },
    before: JsonValue,
    after: JsonValue,
    note: string | null = null,
  ): AuditEvent => {
    // Pages are read side by side: times are kept in chain order.
    last = Math.max(last, at);
    const e = sealEvent(
      {
        bookId: book.id,
        at: last,
        userId: null,
        role: null,
        action,
        entryId: null,
        pageId: target.pageId ?? null,
        field: null,
        before,
        after,
        note,
      },
      opts.machineId,
      events.at(-1) ?? null,
    );
    events.push(e);
    return e;
  };

  seal(
    'book.create',
    book.createdAt,
    {},
    null,
    {
      type: book.type,
      commune: book.commune.code,
      year: book.year,
      bookNumber: book.bookNumber,
      paperSize: book.paperSize,
    },
    CLI_NOTE,
  );
  const pages = read.map((r, order) => {
    const page = newPage(
      {
        bookId: book.id,
        order,
        fileName: r.fileName,
        originalId: r.originalId,
        pdfPage: r.pdfPage,
        width: r.width,
        height: r.height,
        warnings: r.warnings,
      },
      opts.newId(),
      r.importedAt,
    );
    seal('page.import', r.importedAt, { pageId: page.id }, null, {
      fileName: page.fileName,
      pdfPage: page.pdfPage,
      order: page.order,
      width: page.width,
      height: page.height,
    });
    return page;
  });

  const ocr: BookOcrRecord[] = [];
  const entries: Entry[] = [];
  const done = pages.map((page, i) => {
    const r = read[i]!;
    const other = otherRegister(book, r.result);
    // A page of another register gets no pre-filled entries (as the workstation's background OCR).
    const made = entriesFromDrafts(
      book.id,
      page.id,
      book.type,
      other ? [] : r.result.entries,
      opts.newId,
      r.readAt,
    );
    ocr.push(ocrRecord(book.id, page.id, r.result, r.readAt));
    const after = { ocr: 'done', entries: made.map((e) => e.id) };
    const e = seal(
      'page.ocr',
      r.readAt,
      { pageId: page.id },
      'pending',
      other ? { ...after, otherRegister: other.type } : after,
    );
    const stamp = { at: e.at, by: '', machineId: opts.machineId, seq: e.seq };
    for (const x of made) entries.push(stampChanges(undefined, x, stamp));
    return { ...page, ocr: 'done' as const, ocrError: null, otherRegister: other };
  });
  seal('package.export', opts.exportedAt, {}, null, {
    pages: done.length,
    entries: entries.length,
    originals: opts.originals,
  });
  return { pages: done, ocr, entries, events };
}
