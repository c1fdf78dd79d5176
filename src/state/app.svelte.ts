/** The shell: which screen is shown and which book is open; restores the last position after a reload. */
import type { Book } from '../domain/records/book';
import type { PageMark } from '../domain/records/page';
import { isCheckableState, transitionRefusal } from '../domain/workflow';
import type { Repository } from '../storage';
import type { AcceptanceState } from './acceptance.svelte';
import type { AuditView } from './audit.svelte';
import type { BookSession } from './book-session.svelte';
import type { BooksState } from './books.svelte';
import type { PackagesState } from './packages.svelte';
import type { ProvinceState } from './province.svelte';
import type { CheckState } from './check.svelte';
import type { SecondKeyingState } from './second-keying.svelte';
import type { ExportState } from './export.svelte';
import type { Finder } from './finder.svelte';
import type { KeyingAssist } from './keying-assist';
import type { ImportState } from './import.svelte';
import type { InstallState } from './install.svelte';
import type { OcrQueue } from './ocr-queue.svelte';
import type { ReportsState } from './reports.svelte';
import type { SettingsState } from './settings.svelte';
import type { UserSession } from './users.svelte';
import { SESSION_KEY, type Position, type WorkState } from './work.svelte';

export type Screen =
  'books' | 'book' | 'work' | 'key2' | 'check' | 'accept' | 'export' | 'reports' | 'settings';

export const SCREEN_KEY = 'screen';

export interface AppParts {
  repo: Repository;
  install: InstallState;
  session: BookSession;
  books: BooksState;
  work: WorkState;
  imports: ImportState;
  ocr: OcrQueue;
  settings: SettingsState;
  users: UserSession;
  audit: AuditView;
  finder: Finder;
  check: CheckState;
  key2: SecondKeyingState;
  acceptance: AcceptanceState;
  exporter: ExportState;
  reports: ReportsState;
  packages: PackagesState;
  province: ProvinceState;
  assist: KeyingAssist;
}

export class AppState {
  screen: Screen = $state('books');
  fatal: string | null = $state(null);

  readonly repo: Repository;
  readonly install: InstallState;
  readonly session: BookSession;
  readonly books: BooksState;
  readonly work: WorkState;
  readonly imports: ImportState;
  readonly ocr: OcrQueue;
  readonly settings: SettingsState;
  readonly users: UserSession;
  readonly audit: AuditView;
  readonly finder: Finder;
  readonly check: CheckState;
  readonly key2: SecondKeyingState;
  readonly acceptance: AcceptanceState;
  readonly exporter: ExportState;
  readonly reports: ReportsState;
  readonly packages: PackagesState;
  readonly province: ProvinceState;
  readonly assist: KeyingAssist;

  constructor(parts: AppParts) {
    ({
      repo: this.repo,
      install: this.install,
      session: this.session,
      books: this.books,
      work: this.work,
      imports: this.imports,
      ocr: this.ocr,
      settings: this.settings,
      users: this.users,
      audit: this.audit,
      finder: this.finder,
      check: this.check,
      key2: this.key2,
      acceptance: this.acceptance,
      exporter: this.exporter,
      reports: this.reports,
      packages: this.packages,
      province: this.province,
      assist: this.assist,
    } = parts);
  }

  /** The open book (owned by the book session). */
  get book(): Book | null {
    return this.session.book;
  }

  /** Restores the last screen, book and position (or shows the book list). */
  async restore(): Promise<void> {
    await Promise.all([this.books.load(), this.packages.loadCounts()]);
    const pos = await this.repo.getSetting<Position>(SESSION_KEY);
    const screen = (await this.repo.getSetting<Screen>(SCREEN_KEY)) ?? 'books';
    const book = pos ? await this.repo.getBook(pos.bookId) : undefined;
    // The open book survives a reload on any screen (the book list and Settings keep it open too).
    if (book) await this.openBook(book, screen === 'work' || screen === 'book' ? screen : 'book', pos);
    if (
      screen === 'settings' ||
      screen === 'reports' ||
      (book &&
        (screen === 'books' ||
          screen === 'key2' ||
          screen === 'check' ||
          screen === 'accept' ||
          screen === 'export'))
    )
      await this.show(screen);
  }

  /** Opens a book on a screen; a failure (a pending write of the open book, storage) is shown, never lost. */
  async openBook(book: Book, screen: 'book' | 'work' = 'book', at?: Partial<Position>): Promise<void> {
    try {
      await this.work.flush();
      this.audit.clear();
      if (this.book?.id !== book.id) {
        this.finder.clear();
        this.check.clear();
        this.key2.clear();
        this.acceptance.closeEntry();
        this.exporter.clear();
      }
      // The page grid is drawn as soon as the book is published; the desk's page (image, entries) loads after.
      const grid = screen === 'book';
      await this.session.open(book, grid ? () => this.show(screen) : undefined);
      await this.work.open(at);
      if (!grid) await this.show(screen);
    } catch (e) {
      this.work.report(e);
    }
  }

  async show(screen: Screen): Promise<void> {
    // A failed write stays on the save banner, shown on every screen, until "Thử lưu lại" succeeds.
    if (screen !== 'work') await this.work.flush().catch(() => undefined);
    if (screen === 'books') await Promise.all([this.books.load(), this.packages.loadCounts()]);
    if (screen === 'settings') {
      await this.settings.refreshUsage();
      this.acceptance.levelsMessage = null;
      await this.acceptance.loadSettings().catch(this.acceptance.report);
    }
    if (screen === 'key2') await this.key2.open().catch(this.key2.report);
    if (screen === 'check') await this.check.open().catch(this.check.report);
    if (screen === 'accept') await this.acceptance.open().catch(this.acceptance.report);
    if (screen === 'export') await this.exporter.open().catch((e: unknown) => this.work.report(e));
    if (screen === 'reports') await this.reports.open().catch(this.reports.report);
    const from = this.screen;
    this.screen = screen;
    if (screen === 'work' && from !== 'work')
      await this.returnedFirst(from === 'check' || from === 'accept' || from === 'export');
    await this.repo.putSetting(SCREEN_KEY, screen).catch(() => undefined);
  }

  /**
   * Arriving at the keying screen: entries the checker returned come first — the "Bị trả lại" filter is turned on
   * and the first one shown (the current user's own first). The desk re-reads its page when the checker's screen
   * may have written its entries.
   */
  private async returnedFirst(fromCheck: boolean): Promise<void> {
    try {
      if (fromCheck) await this.work.reload();
      const me = this.users.current?.id;
      const returned = [...this.session.summaries.values()].filter((s) => s.state === 'returned');
      if (!returned.length || this.work.entry?.state === 'returned') return;
      const at = (id: string | undefined): number => this.session.pageIndex.get(id ?? '') ?? 0;
      returned.sort(
        (a, b) =>
          Number(b.keyedBy === me) - Number(a.keyedBy === me) ||
          at(a.pageIds[0]) - at(b.pageIds[0]) ||
          a.order - b.order,
      );
      const first = returned[0];
      if (!first) return;
      if (this.finder.filter === null && !this.finder.query) this.finder.filter = 'returned';
      await this.work.showEntry(first.pageIds[0] ?? '', first.id);
    } catch (e) {
      this.work.report(e);
    }
  }

  /** The blind second keying of one entry (from the keying screen, where its values are veiled). */
  async openSecondKeying(entryId: string): Promise<void> {
    await this.show('key2');
    await this.key2.show(entryId).catch(this.key2.report);
  }

  /**
   * A line of the export report: the entry on the checker's screen when this user may check it, else on the
   * keying screen (shown there as it is, without the "returned first" filter).
   */
  async openEntry(entryId: string): Promise<void> {
    const s = this.session.summaries.get(entryId);
    const actor = this.users.actor;
    if (!s) return;
    try {
      if (actor && isCheckableState(s.state) && !transitionRefusal(s, 'verified', actor)) {
        await this.show('check');
        await this.check.show(entryId);
        return;
      }
      await this.work.flush();
      await this.work.showEntry(s.pageIds[0] ?? '', entryId);
      this.screen = 'work';
      await this.repo.putSetting(SCREEN_KEY, 'work').catch(() => undefined);
    } catch (e) {
      this.work.report(e);
    }
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
