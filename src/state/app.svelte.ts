/** The shell: which screen is shown and which book is open; restores the last position after a reload. */
import type { Book } from '../domain/records/book';
import type { Page } from '../domain/records/page';
import type { Repository } from '../storage';
import type { BooksState } from './books.svelte';
import type { ImportState } from './import.svelte';
import type { OcrQueue } from './ocr-queue.svelte';
import type { SettingsState } from './settings.svelte';
import { SESSION_KEY, type Position, type WorkState } from './work.svelte';

export type Screen = 'books' | 'book' | 'work' | 'settings';

export const SCREEN_KEY = 'screen';

export class AppState {
  screen: Screen = $state('books');
  book: Book | null = $state.raw(null);
  fatal: string | null = $state(null);

  constructor(
    readonly repo: Repository,
    readonly books: BooksState,
    readonly work: WorkState,
    readonly imports: ImportState,
    readonly ocr: OcrQueue,
    readonly settings: SettingsState,
  ) {}

  /** Restores the last screen, book and position (or shows the book list). */
  async restore(): Promise<void> {
    await this.books.load();
    const pos = await this.repo.getSetting<Position>(SESSION_KEY);
    const screen = (await this.repo.getSetting<Screen>(SCREEN_KEY)) ?? 'books';
    const book = pos ? await this.repo.getBook(pos.bookId) : undefined;
    if (book && (screen === 'work' || screen === 'book')) {
      await this.openBook(book, screen, pos);
    } else if (screen === 'settings') {
      await this.show('settings');
    }
  }

  async openBook(book: Book, screen: 'book' | 'work' = 'book', at?: Partial<Position>): Promise<void> {
    this.book = book;
    await this.ocr.setBook(book);
    await this.work.open(book, at);
    await this.show(screen);
  }

  async show(screen: Screen): Promise<void> {
    if (screen !== 'work') await this.work.flush().catch(() => undefined);
    if (screen === 'books') await this.books.load();
    if (screen === 'settings') await this.settings.refreshUsage();
    if (screen === 'work' && this.book) await this.work.reloadPages();
    this.screen = screen;
    await this.repo.putSetting(SCREEN_KEY, screen).catch(() => undefined);
  }

  /** Deletes a book (after the UI asked for confirmation); closes it if it was open. */
  async deleteBook(bookId: string): Promise<void> {
    if (this.book?.id === bookId) {
      await this.work.flush().catch(() => undefined);
      this.book = null;
      this.work.close();
      await this.ocr.setBook(null);
      await this.repo.putSetting(SESSION_KEY, null).catch(() => undefined);
    }
    await this.books.remove(bookId);
  }

  async deletePage(pageId: string): Promise<void> {
    const book = this.book;
    if (!book) return;
    await this.guard(() => this.repo.deletePage(book.id, pageId));
    await this.pagesChanged(book.id);
  }

  /** Moves a page by `delta` places (−1 = earlier). */
  async movePage(pageId: string, delta: number): Promise<void> {
    const book = this.book;
    if (!book) return;
    const ids = this.work.pages.map((p) => p.id);
    const i = ids.indexOf(pageId);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= ids.length) return;
    ids.splice(i, 1);
    ids.splice(j, 0, pageId);
    await this.guard(() => this.repo.reorderPages(book.id, ids));
    await this.pagesChanged(book.id);
  }

  async markPage(pageId: string, mark: Page['mark']): Promise<void> {
    const page = this.work.pages.find((p) => p.id === pageId);
    if (!page || !this.book) return;
    await this.guard(() => this.repo.putPage({ ...page, mark }));
    await this.pagesChanged(this.book.id);
  }

  /** Plain-text message of the last failed page operation. */
  pageError: string | null = $state(null);

  private async guard(op: () => Promise<void>): Promise<void> {
    try {
      await op();
      this.pageError = null;
    } catch (e) {
      this.pageError = e instanceof Error ? e.message : String(e);
    }
  }

  /** After an import added pages: the OCR queue and the desk see them. */
  async pagesChanged(bookId: string): Promise<void> {
    if (this.book?.id !== bookId) return;
    await this.ocr.refresh();
    await this.work.reloadPages();
  }
}
