/** Screen "Sổ": the list of books with their progress; create and delete books. */
import type { Book, BookInput } from '../domain/records/book';
import { newBook, validateBookInput } from '../domain/records/book';
import type { EntryState } from '../domain/records/entry';
import type { Repository } from '../storage';
import type { EntryWriter } from './writer.svelte';

export interface BookProgress {
  pages: number;
  /** Pages marked blank or crossed out (not read, no entries). */
  skipped: number;
  ocrDone: number;
  ocrFailed: number;
  entries: number;
  byState: Partial<Record<EntryState, number>>;
}

export interface BookRow {
  book: Book;
  progress: BookProgress;
}

export class BooksState {
  rows: BookRow[] = $state.raw([]);
  loading = $state(false);
  error: string | null = $state(null);

  constructor(
    private readonly repo: Repository,
    /** Makes the audit events of book creation and deletion (current user, now). */
    private readonly events: Pick<EntryWriter, 'draft'>,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  async load(): Promise<void> {
    this.loading = true;
    try {
      const books = await this.repo.listBooks();
      this.rows = await Promise.all(
        books.map(async (book) => ({ book, progress: await this.progress(book.id) })),
      );
      this.error = null;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.loading = false;
    }
  }

  async progress(bookId: string): Promise<BookProgress> {
    const [pages, entries] = await Promise.all([this.repo.listPages(bookId), this.repo.listEntries(bookId)]);
    const byState: Partial<Record<EntryState, number>> = {};
    for (const e of entries) byState[e.state] = (byState[e.state] ?? 0) + 1;
    const normal = pages.filter((p) => p.mark === 'normal');
    return {
      pages: pages.length,
      skipped: pages.length - normal.length,
      ocrDone: normal.filter((p) => p.ocr === 'done').length,
      ocrFailed: normal.filter((p) => p.ocr === 'failed').length,
      entries: entries.length,
      byState,
    };
  }

  /** Creates a book; returns its id, or the Vietnamese problems with the input. */
  async create(
    input: Partial<BookInput>,
  ): Promise<{ ok: true; book: Book } | { ok: false; problems: string[] }> {
    // Values bound in forms are reactive proxies: IndexedDB needs plain data.
    input = $state.snapshot(input);
    const problems = validateBookInput(input);
    if (problems.length) return { ok: false, problems };
    const book: Book = newBook(input as BookInput, this.newId());
    try {
      await this.repo.putBook(
        book,
        this.events.draft('book.create', { bookId: book.id }, null, {
          type: book.type,
          commune: book.commune.code,
          year: book.year,
          bookNumber: book.bookNumber,
          paperSize: book.paperSize,
        }),
      );
    } catch (e) {
      return { ok: false, problems: [e instanceof Error ? e.message : String(e)] };
    }
    await this.load();
    return { ok: true, book };
  }

  async remove(bookId: string): Promise<void> {
    try {
      await this.repo.deleteBook(bookId, this.events.draft('book.delete', { bookId: null }));
      this.error = null;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
    await this.load();
  }
}
