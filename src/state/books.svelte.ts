/** Screen "Sổ": the list of books with their progress (stored counters, no entry read); create and delete. */
import type { Book, BookInput } from '../domain/records/book';
import { newBook, validateBookInput } from '../domain/records/book';
import { emptyCounters, type BookCounters } from '../domain/records/summary';
import type { Repository, TallyChange } from '../storage';
import type { EntryWriter } from './writer.svelte';

export interface BookRow {
  book: Book;
  /** Pages, skipped, OCR done/failed, entries by state: the book's stored counters. */
  progress: BookCounters;
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
  ) {
    // Counts follow every write (an entry keyed, a page read) without reading the list again.
    repo.onChange((c) => this.follow(c));
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      const [books, counters] = await Promise.all([this.repo.listBooks(), this.repo.listCounters()]);
      this.rows = books.map((book) => ({ book, progress: counters.get(book.id) ?? emptyCounters(book.id) }));
      this.error = null;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.loading = false;
    }
  }

  private follow(c: TallyChange): void {
    if (!c.counters.length || !this.rows.length) return;
    const by = new Map(c.counters.map((x) => [x.bookId, x]));
    if (!this.rows.some((r) => by.has(r.book.id))) return;
    this.rows = this.rows.map((r) => ({ ...r, progress: by.get(r.book.id) ?? r.progress }));
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
