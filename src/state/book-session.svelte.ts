/**
 * The open book, its pages and the summaries of its entries: the one owner of them (the desk, the OCR queue, the
 * page grid, the finder and the shell read them here). Page changes (rotate, mark, reorder, delete, read again) are
 * written through the writer, each with its audit event in the same transaction; after a change the listeners (OCR
 * queue, desk) are told. The summaries follow every committed write of the repository (`onChange`), whoever made
 * it (the desk, the OCR queue, an import), so counts on screen never need an entry read.
 */
import type { Book } from '../domain/records/book';
import { nextQuarterTurn, type Page, type PageMark } from '../domain/records/page';
import { countByPage, type EntrySummary, type PageCount } from '../domain/records/summary';
import type { Repository, TallyChange } from '../storage';
import { afterPaint } from './frame';
import type { EntryWriter } from './writer.svelte';

const NO_COUNT: PageCount = { keyed: 0, total: 0 };

function byId(list: readonly EntrySummary[]): Map<string, EntrySummary> {
  return new Map(list.map((s) => [s.id, s]));
}

export class BookSession {
  book: Book | null = $state.raw(null);
  /** The book's pages in book order. */
  pages: Page[] = $state.raw([]);
  /** Summaries of the book's entries by id (replaced, never mutated, on every change). */
  summaries: ReadonlyMap<string, EntrySummary> = $state.raw(new Map());
  /** Keyed / total entries per page (an entry counts on the page it starts on). */
  readonly pageCounts: ReadonlyMap<string, PageCount> = $derived(countByPage(this.summaries.values()));
  /** Position of each page in the book (page id → index). */
  readonly pageIndex: ReadonlyMap<string, number> = $derived(new Map(this.pages.map((p, i) => [p.id, i])));
  /** Writes heard so far (a read of the summaries during which one was heard is done again). */
  private heard = 0;
  private summarySeq = 0;

  private readonly listeners = new Set<() => void | Promise<void>>();
  private loadSeq = 0;

  constructor(
    private readonly repo: Repository,
    private readonly writer: EntryWriter,
  ) {
    repo.onChange((c) => this.follow(c));
  }

  /** Keyed / total entries of a page. */
  countOf(pageId: string): PageCount {
    return this.pageCounts.get(pageId) ?? NO_COUNT;
  }

  /** Called after the page list changed (import, delete, reorder, mark). */
  onPagesChanged(fn: () => void | Promise<void>): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Opens a book: its pages and all its entry summaries are read at once (the summaries from a few packed
   * records: a 2,000-page, 10,000-entry book in tens of ms) and published together, so the page grid, the counts,
   * search and filters are complete from the first screen. `published` runs once the book is set, before the
   * listeners are told (the desk then loads its page).
   */
  async open(book: Book | null, published?: () => Promise<void>): Promise<void> {
    const seq = ++this.loadSeq;
    // A write committed during the summaries' read makes `readSummaries` read again; one committed after it is
    // heard by `follow` once the book is set.
    const [pages, summaries] = await Promise.all([
      book ? this.repo.listPages(book.id) : Promise.resolve([]),
      this.readSummaries(book?.id ?? null),
    ]);
    if (seq !== this.loadSeq) return; // another book was opened meanwhile
    if (this.book?.id !== book?.id) this.writer.reset();
    this.book = book;
    this.pages = pages;
    this.summaries = summaries;
    if (published) {
      await published(); // the shell shows the page grid here
      // The grid is painted before the listeners (the desk loads its page and its image, the OCR queue its
      // work) take the main thread: a 2,000-page book's grid waited ~30 ms for them.
      await afterPaint();
      if (seq !== this.loadSeq) return;
    }
    await this.changed();
  }

  /** Re-reads the page list from disk (after an import added pages, a delete or a reorder). */
  async reload(bookId?: string): Promise<void> {
    const book = this.book;
    if (!book || (bookId && bookId !== book.id)) return;
    const seq = ++this.loadSeq;
    const pages = await this.repo.listPages(book.id);
    if (seq !== this.loadSeq || this.book?.id !== book.id) return;
    this.pages = pages;
    await this.changed();
  }

  /** Reads a book's summaries; again if a write was heard meanwhile (the read may have missed it). */
  private async readSummaries(bookId: string | null): Promise<Map<string, EntrySummary>> {
    const seq = ++this.summarySeq;
    for (;;) {
      const heard = this.heard;
      const list = bookId ? await this.repo.listSummaries(bookId) : [];
      if (heard === this.heard || seq !== this.summarySeq) return byId(list);
    }
  }

  /** A committed write: the open book's summaries take what it changed. */
  private follow(c: TallyChange): void {
    this.heard++;
    const bookId = this.book?.id;
    if (!bookId) return;
    const put = c.summaries.filter((s) => s.bookId === bookId);
    const gone = c.removed.filter((id) => this.summaries.has(id));
    if (!put.length && !gone.length) return;
    const next = new Map(this.summaries);
    for (const id of gone) next.delete(id);
    for (const s of put) next.set(s.id, s);
    this.summaries = next;
  }

  /** A page changed on disk by someone else (OCR landed): take the fresh copy. */
  async refreshPage(pageId: string): Promise<void> {
    const fresh = await this.repo.getPage(pageId);
    if (fresh) this.pages = this.pages.map((p) => (p.id === pageId ? fresh : p));
  }

  /**
   * The OCR state of a page as the queue sees it (kept in memory even when the disk write failed); with
   * `otherRegister` once the page is read (the register it names when not the book's, else null).
   */
  setOcrState(
    pageId: string,
    ocr: Page['ocr'],
    ocrError: string | null,
    otherRegister?: Page['otherRegister'],
  ): void {
    this.pages = this.pages.map((p) =>
      p.id === pageId
        ? { ...p, ocr, ocrError, ...(otherRegister !== undefined ? { otherRegister } : {}) }
        : p,
    );
  }

  async rotate(pageId: string): Promise<void> {
    await this.patch(pageId, 'rotation', (p) => nextQuarterTurn(p.rotation), 'page.rotate');
  }

  async mark(pageId: string, mark: PageMark): Promise<void> {
    // The grid, the OCR queue and the desk follow a mark (on a retry too: it runs inside the change).
    await this.patch(
      pageId,
      'mark',
      () => mark,
      'page.mark',
      () => this.changed(),
    );
  }

  /** Sets one attribute of a page on its stored copy, with its event, through the writer (retried on failure). */
  private async patch<K extends 'rotation' | 'mark'>(
    pageId: string,
    key: K,
    value: (p: Page) => Page[K],
    action: 'page.rotate' | 'page.mark',
    then?: () => Promise<void>,
  ): Promise<void> {
    await this.writer.run(async () => {
      const page = this.find(pageId);
      if (!page || page[key] === value(page)) return;
      const event = this.writer.draft(action, { bookId: page.bookId, pageId });
      const stored = await this.repo.patchPage(pageId, key, value(page), event);
      if (stored) this.replace(stored);
      await then?.();
    });
  }

  /** Whether checkers of the open book may type the right value of a wrong field (a book setting, audited). */
  async setCheckerCorrections(on: boolean): Promise<void> {
    await this.setCheckSetting('checkerCorrections', on);
  }

  /** Whether the open book's entries are keyed twice, blind (a book setting, audited like the one above). */
  async setDoubleKeying(on: boolean): Promise<void> {
    await this.setCheckSetting('doubleKeying', on);
  }

  private async setCheckSetting(key: 'checkerCorrections' | 'doubleKeying', on: boolean): Promise<void> {
    await this.writer.run(async () => {
      const book = this.book;
      if (!book || book[key] === on) return;
      const next = { ...book, [key]: on, updatedAt: Date.now() };
      await this.repo.putBook(
        next,
        this.writer.draft('book.update', { bookId: book.id }, { [key]: book[key] }, { [key]: on }),
      );
      if (this.book?.id === book.id) this.book = next;
    });
  }

  /** The open book's record was written (an acceptance): the session takes the stored copy. */
  setBook(book: Book): void {
    if (this.book?.id === book.id) this.book = book;
  }

  /** Moves a page by `delta` places (−1 = earlier). */
  async move(pageId: string, delta: number): Promise<void> {
    await this.writer.run(async () => {
      const book = this.book;
      if (!book) return;
      const ids = this.pages.map((p) => p.id);
      const i = ids.indexOf(pageId);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= ids.length) return;
      ids.splice(i, 1);
      ids.splice(j, 0, pageId);
      await this.repo.reorderPages(
        book.id,
        ids,
        this.writer.draft('page.reorder', { bookId: book.id, pageId }),
      );
      await this.reload();
    });
  }

  /** Deletes a page (the UI asked for confirmation), its image, OCR and the entries starting on it. */
  async remove(pageId: string): Promise<void> {
    await this.writer.run(async () => {
      const book = this.book;
      if (!book) return;
      await this.repo.deletePage(
        book.id,
        pageId,
        this.writer.draft('page.delete', { bookId: book.id, pageId }),
      );
      await this.reload();
    });
  }

  /** Reads a page again (after an OCR failure). */
  async readAgain(pageId: string): Promise<void> {
    await this.writer.run(async () => {
      const page = this.find(pageId);
      if (!page) return;
      await this.repo.setOcrState(
        pageId,
        'pending',
        null,
        this.writer.draft('page.ocr', { bookId: page.bookId, pageId }, page.ocr),
      );
      this.setOcrState(pageId, 'pending', null);
      await this.changed();
    });
  }

  private find(pageId: string): Page | undefined {
    return this.pages.find((p) => p.id === pageId);
  }

  private replace(page: Page): void {
    this.pages = this.pages.map((p) => (p.id === page.id ? page : p));
  }

  private async changed(): Promise<void> {
    for (const fn of this.listeners) await fn();
  }
}
