/**
 * Importing scans into a book: one file at a time through the import worker, each page stored (with its
 * image and thumbnail) as soon as it is ready, the original file stored once. A file that is refused,
 * fails or is cancelled leaves the book exactly as it was (what it had added is removed); a PDF that breaks
 * after some pages keeps the readable pages and says which failed.
 */
import type { Book } from '../domain/records/book';
import { newPage, type Page } from '../domain/records/page';
import type { Repository } from '../storage';
import type { ImportClient } from '../../workers/import.client';
import type { EntryWriter } from './writer.svelte';

/** One line of an import's details: a file refused, skipped or imported, or a warning. */
export interface ImportMessage {
  fileName: string;
  kind: 'ok' | 'warning' | 'error';
  /** Complete Vietnamese sentence (names the file); shown as text, never HTML. */
  text: string;
}

/** What one import (one pick or drop of files) did, shown as one card with its details. */
export interface ImportSummary {
  id: number;
  /** 'error' when nothing was imported and a file was refused; 'warning' when anything needs a look; else 'ok'. */
  kind: 'ok' | 'warning' | 'error';
  /** "Đã nhập n trang từ m tệp; k tệp bị từ chối" (and files not imported, warnings). */
  text: string;
  pages: number;
  /** Files that added pages. */
  files: number;
  /** Files refused or failed (nothing of them kept). */
  refused: number;
  /** Files not imported by choice (cancelled, password not given). */
  skipped: number;
  warnings: number;
  /** Every message of the import, per file, in order: refusals and warnings first, then the imported files. */
  details: ImportMessage[];
}

/** The headline of an import's card. */
export function summaryText(s: Pick<ImportSummary, 'pages' | 'files' | 'refused' | 'skipped' | 'warnings'>) {
  const parts = [
    s.pages || !s.refused ? `Đã nhập ${s.pages} trang từ ${s.files} tệp` : 'Chưa nhập được trang nào',
  ];
  if (s.refused) parts.push(`${s.refused} tệp bị từ chối`);
  if (s.skipped) parts.push(`${s.skipped} tệp chưa nhập`);
  if (s.warnings) parts.push(`${s.warnings} cảnh báo`);
  return `${parts.join('; ')}.`;
}

/** Per-import tally, filled while the files are read. */
interface Tally {
  pages: number;
  files: number;
  refused: number;
  skipped: number;
  details: ImportMessage[];
}

export interface ImportProgress {
  fileName: string;
  fileIndex: number;
  fileCount: number;
  page: number;
  pageCount: number;
}

export interface PasswordRequest {
  fileName: string;
  wrong: boolean;
}

/** Files larger than this are refused before reading (a register scan PDF is far smaller). */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;

export class ImportState {
  progress: ImportProgress | null = $state(null);
  /** One card per import, latest last. */
  summaries: ImportSummary[] = $state([]);
  /** Set while the operator is asked for a PDF's password. */
  passwordRequest: PasswordRequest | null = $state(null);
  readonly busy: boolean = $derived(this.progress !== null);
  /** The book an import is filling (null when none runs): its keying screen says "Đang nhập ảnh…". */
  bookId: string | null = $state(null);

  private controller: AbortController | null = null;
  private answer: ((pw: string | null) => void) | null = null;
  private seq = 0;
  private tally: Tally = { pages: 0, files: 0, refused: 0, skipped: 0, details: [] };

  constructor(
    private readonly repo: Repository,
    private readonly client: ImportClient,
    /** Makes the audit events of imported pages (the writer's drafts: current user, now). */
    private readonly events: Pick<EntryWriter, 'draft'>,
    private readonly onPages: (bookId: string) => void | Promise<void>,
    private readonly newId: () => string = () => crypto.randomUUID(),
    /** Told when an import starts and ends (background OCR pauses meanwhile, so the two never add up in memory). */
    private readonly onBusy: (busy: boolean) => void = () => undefined,
  ) {}

  /** Imports files in order, appending their pages to the book. */
  async importFiles(book: Book, files: readonly File[]): Promise<void> {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.bookId = book.id;
    this.tally = { pages: 0, files: 0, refused: 0, skipped: 0, details: [] };
    this.onBusy(true);
    try {
      for (const [i, file] of files.entries()) {
        if (controller.signal.aborted) break;
        this.progress = { fileName: file.name, fileIndex: i, fileCount: files.length, page: 0, pageCount: 0 };
        await this.importFile(book, file, controller.signal);
      }
    } finally {
      this.progress = null;
      this.bookId = null;
      this.controller = null;
      this.passwordRequest = null;
      // pdf.js and the decoders keep hundreds of MB after a big file: give the memory back to the OCR
      // workers (the next import starts a fresh worker in a fraction of a second).
      await this.client.dispose().catch(() => undefined);
      this.summarise();
      this.onBusy(false);
    }
  }

  /** Ends the import's tally with its card. */
  private summarise(): void {
    const t = this.tally;
    if (!t.details.length) return;
    const warnings = t.details.filter((d) => d.kind === 'warning').length - t.skipped;
    const counts = { pages: t.pages, files: t.files, refused: t.refused, skipped: t.skipped, warnings };
    const kind = t.refused && !t.pages ? 'error' : t.refused || t.skipped || warnings ? 'warning' : 'ok';
    const rank = { error: 0, warning: 1, ok: 2 } as const;
    const details = [...t.details].sort((a, b) => rank[a.kind] - rank[b.kind]);
    this.summaries = [
      ...this.summaries,
      { id: ++this.seq, kind, text: summaryText(counts), ...counts, details },
    ];
  }

  /** An import of this book is about to start (the demo shows its book first): its keying screen waits for it. */
  announce(bookId: string): void {
    if (!this.controller) this.bookId = bookId;
  }

  cancel(): void {
    this.controller?.abort();
    this.answerPassword(null);
  }

  /** The operator's answer to `passwordRequest` (null = give up on this file). */
  answerPassword(pw: string | null): void {
    const a = this.answer;
    this.answer = null;
    this.passwordRequest = null;
    a?.(pw);
  }

  dismiss(id: number): void {
    this.summaries = this.summaries.filter((m) => m.id !== id);
  }

  /** A line of the current import's details; 'error' counts the file as refused. */
  private say(fileName: string, kind: ImportMessage['kind'], text: string): void {
    if (kind === 'error') this.tally.refused++;
    this.tally.details.push({ fileName, kind, text });
  }

  /** A file not imported by the operator's choice (cancelled, password not given). */
  private skip(fileName: string, text: string): void {
    this.tally.skipped++;
    this.say(fileName, 'warning', text);
  }

  private askPassword(fileName: string, wrong: boolean): Promise<string | null> {
    return new Promise((resolve) => {
      this.answer = resolve;
      this.passwordRequest = { fileName, wrong };
    });
  }

  private async importFile(book: Book, file: File, signal: AbortSignal): Promise<void> {
    const name = file.name.normalize('NFC');
    if (file.size > MAX_IMPORT_BYTES) {
      this.say(
        name,
        'error',
        `Tệp "${name}" quá lớn (${Math.round(file.size / 1048576)} MB); tối đa 1024 MB.`,
      );
      return;
    }
    let password: string | undefined;
    let opened: { docId: number; kind: 'pdf' | 'image'; pageCount: number } | null = null;
    for (;;) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const out = await this.client.open(
        { bytes, fileName: name, ...(password ? { password } : {}) },
        signal,
      );
      if (out.ok) {
        opened = out;
        break;
      }
      if (out.code === 'cancelled') return this.skip(name, `Đã huỷ nhập tệp "${name}".`);
      if (out.code === 'password_required' || out.code === 'password_wrong') {
        const pw = await this.askPassword(name, out.code === 'password_wrong');
        if (pw === null || signal.aborted) {
          return this.skip(name, `Tệp "${name}" có mật khẩu; chưa nhập tệp này.`);
        }
        password = pw;
        continue;
      }
      return this.say(name, 'error', out.message);
    }

    const originalId = this.newId();
    const added: string[] = [];
    const failed: number[] = [];
    const warnings = new Set<string>();
    try {
      const existing = await this.repo.listPages(book.id);
      await this.repo.putOriginal({
        id: originalId,
        bookId: book.id,
        fileName: name,
        mime: file.type || (opened.kind === 'pdf' ? 'application/pdf' : 'image/*'),
        size: file.size,
        bytes: file,
        createdAt: Date.now(),
      });
      for (let n = 1; n <= opened.pageCount; n++) {
        if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
        if (this.progress) this.progress = { ...this.progress, page: n, pageCount: opened.pageCount };
        const out = await this.client.page(opened.docId, n, signal);
        if (!out.ok) {
          if (out.code === 'cancelled') throw new DOMException('cancelled', 'AbortError');
          failed.push(n);
          warnings.add(out.message);
          continue;
        }
        const page: Page = newPage(
          {
            bookId: book.id,
            order: existing.length + added.length,
            fileName: name,
            originalId,
            pdfPage: opened.kind === 'pdf' ? n : null,
            width: out.width,
            height: out.height,
            warnings: out.warnings,
          },
          this.newId(),
        );
        await this.repo.addPage(
          page,
          { pageId: page.id, bookId: book.id, image: out.image, thumb: out.thumb },
          this.events.draft('page.import', { bookId: book.id, pageId: page.id }, null, {
            fileName: name,
            pdfPage: page.pdfPage,
            order: page.order,
            width: page.width,
            height: page.height,
          }),
        );
        added.push(page.id);
        out.warnings.forEach((w) => warnings.add(w));
        if (added.length === 1 || added.length % 10 === 0) await this.onPages(book.id);
      }
      if (!added.length)
        throw new Error(failed.length ? [...warnings][0] : `Tệp "${name}" không có trang nào.`);
      await this.onPages(book.id);
      const note = failed.length
        ? ` Không đọc được ${failed.length} trang (${failed.slice(0, 5).join(', ')}${failed.length > 5 ? ', …' : ''}).`
        : '';
      this.tally.pages += added.length;
      this.tally.files++;
      this.say(
        name,
        failed.length ? 'warning' : 'ok',
        `Đã nhập ${added.length} trang từ tệp "${name}".${note}`,
      );
      for (const w of warnings) if (!failed.length) this.say(name, 'warning', w);
    } catch (e) {
      let undone = 'Sổ giữ nguyên như trước.';
      try {
        await this.repo.removeImport(
          book.id,
          originalId,
          added,
          this.events.draft('page.delete', { bookId: book.id }, null, null, `huỷ nhập tệp "${name}"`),
        );
      } catch (e2) {
        const why = e2 instanceof Error ? e2.message : String(e2);
        undone = `Chưa gỡ được ${added.length} trang đã nhập dở (${why}); hãy xoá chúng ở lưới trang.`;
      }
      await this.onPages(book.id);
      if (signal.aborted || (e instanceof DOMException && e.name === 'AbortError')) {
        this.skip(name, `Đã huỷ nhập tệp "${name}"; ${undone[0]?.toLowerCase() ?? ''}${undone.slice(1)}`);
      } else {
        const why = e instanceof Error ? e.message : String(e);
        this.say(name, 'error', `Không nhập được tệp "${name}": ${why} ${undone}`);
      }
    } finally {
      await this.client.close(opened.docId).catch(() => undefined);
    }
  }
}
