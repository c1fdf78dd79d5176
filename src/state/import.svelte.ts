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

export interface ImportMessage {
  id: number;
  fileName: string;
  kind: 'ok' | 'warning' | 'error';
  /** Complete Vietnamese sentence (names the file); shown as text, never HTML. */
  text: string;
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
  messages: ImportMessage[] = $state([]);
  /** Set while the operator is asked for a PDF's password. */
  passwordRequest: PasswordRequest | null = $state(null);
  readonly busy: boolean = $derived(this.progress !== null);

  private controller: AbortController | null = null;
  private answer: ((pw: string | null) => void) | null = null;
  private seq = 0;

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
    this.onBusy(true);
    try {
      for (const [i, file] of files.entries()) {
        if (controller.signal.aborted) break;
        this.progress = { fileName: file.name, fileIndex: i, fileCount: files.length, page: 0, pageCount: 0 };
        await this.importFile(book, file, controller.signal);
      }
    } finally {
      this.progress = null;
      this.controller = null;
      this.passwordRequest = null;
      // pdf.js and the decoders keep hundreds of MB after a big file: give the memory back to the OCR
      // workers (the next import starts a fresh worker in a fraction of a second).
      await this.client.dispose().catch(() => undefined);
      this.onBusy(false);
    }
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
    this.messages = this.messages.filter((m) => m.id !== id);
  }

  private say(fileName: string, kind: ImportMessage['kind'], text: string): void {
    this.messages = [...this.messages, { id: ++this.seq, fileName, kind, text }];
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
      if (out.code === 'cancelled') return this.say(name, 'warning', `Đã huỷ nhập tệp "${name}".`);
      if (out.code === 'password_required' || out.code === 'password_wrong') {
        const pw = await this.askPassword(name, out.code === 'password_wrong');
        if (pw === null || signal.aborted) {
          return this.say(name, 'warning', `Tệp "${name}" có mật khẩu; chưa nhập tệp này.`);
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
        this.say(
          name,
          'warning',
          `Đã huỷ nhập tệp "${name}"; ${undone[0]?.toLowerCase() ?? ''}${undone.slice(1)}`,
        );
      } else {
        const why = e instanceof Error ? e.message : String(e);
        this.say(name, 'error', `Không nhập được tệp "${name}": ${why} ${undone}`);
      }
    } finally {
      await this.client.close(opened.docId).catch(() => undefined);
    }
  }
}
