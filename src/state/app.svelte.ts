/** The shell: which screen is shown and which book is open; restores the last position after a reload. */
import type { Book } from '../domain/records/book';
import type { PageMark } from '../domain/records/page';
import type { Repository } from '../storage';
import type { AuditView } from './audit.svelte';
import type { BookSession } from './book-session.svelte';
import type { BooksState } from './books.svelte';
import type { Finder } from './finder.svelte';
import type { ImportState } from './import.svelte';
import type { OcrQueue } from './ocr-queue.svelte';
import type { SettingsState } from './settings.svelte';
import type { UserSession } from './users.svelte';
import { SESSION_KEY, type Position, type WorkState } from './work.svelte';

export type Screen = 'books' | 'book' | 'work' | 'settings';

export const SCREEN_KEY = 'screen';

export interface AppParts {
  repo: Repository;
  session: BookSession;
  books: BooksState;
  work: WorkState;
  imports: ImportState;
  ocr: OcrQueue;
  settings: SettingsState;
  users: UserSession;
  audit: AuditView;
  finder: Finder;
}

export class AppState {
  screen: Screen = $state('books');
  fatal: string | null = $state(null);

  readonly repo: Repository;
  readonly session: BookSession;
  readonly books: BooksState;
  readonly work: WorkState;
  readonly imports: ImportState;
  readonly ocr: OcrQueue;
  readonly settings: SettingsState;
  readonly users: UserSession;
  readonly audit: AuditView;
  readonly finder: Finder;

  constructor(parts: AppParts) {
    ({
      repo: this.repo,
      session: this.session,
      books: this.books,
      work: this.work,
      imports: this.imports,
      ocr: this.ocr,
      settings: this.settings,
      users: this.users,
      audit: this.audit,
      finder: this.finder,
    } = parts);
  }

  /** The open book (owned by the book session). */
  get book(): Book | null {
    return this.session.book;
  }

  /** Restores the last screen, book and position (or shows the book list). */
  async restore(): Promise<void> {
    await this.books.load();
    const pos = await this.repo.getSetting<Position>(SESSION_KEY);
    const screen = (await this.repo.getSetting<Screen>(SCREEN_KEY)) ?? 'books';
    const book = pos ? await this.repo.getBook(pos.bookId) : undefined;
    // The open book survives a reload on any screen (the book list and Settings keep it open too).
    if (book) await this.openBook(book, screen === 'work' || screen === 'book' ? screen : 'book', pos);
    if (screen === 'settings' || (screen === 'books' && book)) await this.show(screen);
  }

  /** Opens a book on a screen; a failure (a pending write of the open book, storage) is shown, never lost. */
  async openBook(book: Book, screen: 'book' | 'work' = 'book', at?: Partial<Position>): Promise<void> {
    try {
      await this.work.flush();
      this.audit.clear();
      if (this.book?.id !== book.id) this.finder.clear();
      // The page grid is drawn as soon as the book is published; the desk's page (image, entries) loads after.
      const grid = screen === 'book';
      await this.session.open(book, grid ? () => this.show(screen) : undefined);
      await this.work.open(at);
      if (!grid) await this.show(screen);
      await this.session.loaded; // the rest of a big book's summaries (search, filters, every count)
    } catch (e) {
      this.work.report(e);
    }
  }

  async show(screen: Screen): Promise<void> {
    // A failed write stays on the save banner, shown on every screen, until "Thử lưu lại" succeeds.
    if (screen !== 'work') await this.work.flush().catch(() => undefined);
    if (screen === 'books') await this.books.load();
    if (screen === 'settings') await this.settings.refreshUsage();
    this.screen = screen;
    await this.repo.putSetting(SCREEN_KEY, screen).catch(() => undefined);
  }

  /** Deletes a book (after the UI asked for confirmation); closes it if it was open. */
  async deleteBook(bookId: string): Promise<void> {
    if (this.book?.id === bookId) {
      await this.work.flush().catch(() => undefined);
      this.work.close();
      await this.session.open(null);
      await this.repo.putSetting(SESSION_KEY, null).catch(() => undefined);
    }
    await this.books.remove(bookId);
  }

  async deletePage(pageId: string): Promise<void> {
    await this.guard(() => this.session.remove(pageId));
  }

  /** Moves a page by `delta` places (−1 = earlier). */
  async movePage(pageId: string, delta: number): Promise<void> {
    await this.guard(() => this.session.move(pageId, delta));
  }

  async markPage(pageId: string, mark: PageMark): Promise<void> {
    await this.guard(() => this.session.mark(pageId, mark));
  }

  private async guard(op: () => Promise<void>): Promise<void> {
    try {
      await op();
    } catch (e) {
      this.work.report(e); // a failed write is on the save banner already, with "Thử lưu lại"
    }
  }
}
