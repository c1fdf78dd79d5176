/**
 * Background OCR of a book, by focus: the page on screen first, then the next pages, then the rest. Results are
 * stored with the page (never recomputed) and become the page's pre-filled entries unless the operator has
 * already keyed some, or the page names another register than its book's (then it gets no entries and its
 * `otherRegister`, shown as a warning). Typing never waits for this: it only reads and writes through the
 * repository.
 */
import type { AuditDraft } from '../domain/records/audit';
import {
  bookLexiconFrom,
  communePlace,
  lexiconSize,
  type BookLexicon,
} from '../domain/lexicons/book-lexicon';
import type { Book } from '../domain/records/book';
import type { Entry } from '../domain/records/entry';
import type { Page } from '../domain/records/page';
import { focusPriority, nextByFocus } from '../ocr/focus';
import type { Repository } from '../storage';
import type { PrefillClient } from '../../workers/prefill.client';
import type { BookSession } from './book-session.svelte';
import { entriesFromDrafts, ocrRecord, otherRegister } from '../prefill/records';
import type { EntryWriter } from './writer.svelte';

/** How long a built book lexicon is reused before the book's entries are listed again. */
const LEXICON_TTL_MS = 20_000;

export interface OcrQueueOptions {
  /** Pages read at once (each page's line jobs share the engine's workers). */
  concurrency?: number;
  newId?: () => string;
  /**
   * Called after a page's OCR is stored: `added` = its entries were created; otherwise `drafts` are the
   * entries the reading would have made (the page already had entries: a page read again keeps them).
   */
  onPageDone?: (pageId: string, added: boolean, drafts: readonly Entry[]) => void;
  onError?: (message: string) => void;
}

export class OcrQueue {
  /** Book being read and its page states. */
  bookId: string | null = $state(null);
  running: string[] = $state([]);
  /**
   * True while an import runs: only the page on screen is read (one page at a time, so the first imported page
   * is read as soon as it is stored), the others wait, so decoding and OCR do not add up in CPU and memory.
   */
  importing = $state(false);
  /**
   * 'idle' when no page of the book is being read or waiting to be read; 'paused' during an import when nothing
   * is being read but pages wait; else 'reading'. Shown on the navigation bar (and what a test waits for instead
   * of a moment in time).
   */
  readonly activity: 'idle' | 'paused' | 'reading' = $derived(
    this.importing && !this.running.length && this.done + this.failed < this.total
      ? 'paused'
      : this.running.length || this.done + this.failed < this.total
        ? 'reading'
        : 'idle',
  );

  private book: Book | null = null;
  private focus = 0;
  private readonly inFlight = new Map<string, AbortController>();
  private readonly opts: Required<Omit<OcrQueueOptions, 'onPageDone' | 'onError'>> & OcrQueueOptions;

  constructor(
    private readonly repo: Repository,
    private readonly client: PrefillClient,
    /** The open book and its pages (the one list of them; OCR states are kept there too). */
    private readonly session: BookSession,
    /** Makes the 'page.ocr' events (no user: the machine reads). */
    private readonly events: Pick<EntryWriter, 'draft'>,
    opts: OcrQueueOptions = {},
  ) {
    this.opts = { concurrency: 2, newId: () => crypto.randomUUID(), ...opts };
  }

  private get pages(): Page[] {
    return this.session.pages;
  }

  /**
   * Pages to read (marked normal), read, failed: one pass over the session's page list per change of it (the shell,
   * the grid and the toolbar read them on every render; a 2,000-page book made each read a filter of 2,000).
   */
  private readonly tally = $derived.by(() => {
    let total = 0;
    let done = 0;
    let failed = 0;
    for (const p of this.session.pages) {
      if (p.mark !== 'normal') continue;
      total++;
      if (p.ocr === 'done') done++;
      else if (p.ocr === 'failed') failed++;
    }
    return { total, done, failed };
  });
  get total(): number {
    return this.tally.total;
  }
  get done(): number {
    return this.tally.done;
  }
  get failed(): number {
    return this.tally.failed;
  }

  /** The session's book or pages changed: read that book (stops reading any other), from its page list. */
  refresh(): void {
    const book = this.session.book;
    if (this.book?.id !== book?.id) {
      for (const c of this.inFlight.values()) c.abort();
      this.inFlight.clear();
      this.running = [];
    }
    this.book = book;
    this.bookId = book?.id ?? null;
    this.pump();
  }

  /** The operator looks at page `index`: it and the pages after it go first. */
  setFocus(index: number): void {
    this.focus = index;
    this.pump();
  }

  setConcurrency(n: number): void {
    this.opts.concurrency = Math.max(1, n);
    this.pump();
  }

  /** An import starts (true) or ends: meanwhile only the page on screen is read (see `importing`). */
  setImporting(busy: boolean): void {
    this.importing = busy;
    this.pump();
  }

  stop(): void {
    for (const c of this.inFlight.values()) c.abort();
    this.inFlight.clear();
    this.running = [];
  }

  /** Records a page's OCR state in the session's page list. */
  private setState(pageId: string, ocr: Page['ocr'], error: string | null): void {
    this.session.setOcrState(pageId, ocr, error);
  }

  /** The 'page.ocr' event of a page (the machine reads it: no user). */
  private event(book: Book, pageId: string): AuditDraft {
    return {
      ...this.events.draft('page.ocr', { bookId: book.id, pageId }, 'pending'),
      userId: null,
      role: null,
    };
  }

  private lexicon: { bookId: string; at: number; value: BookLexicon | null } | null = null;

  /**
   * The book lexicon (values confirmed so far in this book, and the book's own units) sent with each page; rebuilt
   * at most every `LEXICON_TTL_MS`, so a busy queue does not list the book's entries for every page. Optional:
   * when the entries cannot be read, pages are read without it.
   */
  private async bookLexicon(book: Book): Promise<BookLexicon | null> {
    const now = Date.now();
    const c = this.lexicon;
    if (c && c.bookId === book.id && now - c.at < LEXICON_TTL_MS) return c.value;
    let value: BookLexicon | null = null;
    try {
      const entries = await this.repo.listEntries(book.id);
      const lex = bookLexiconFrom(entries, [communePlace(book.commune)]);
      value = lexiconSize(lex) ? lex : null;
    } catch {
      value = null;
    }
    this.lexicon = { bookId: book.id, at: now, value };
    return value;
  }

  private pump(): void {
    const book = this.book;
    if (!book) return;
    const limit = this.importing ? 1 : this.opts.concurrency;
    while (this.inFlight.size < limit) {
      const pending = new Map<number, Page>();
      this.pages.forEach((p, i) => {
        if (this.importing && i !== this.focus) return;
        if (p.ocr === 'pending' && p.mark === 'normal' && !this.inFlight.has(p.id)) pending.set(i, p);
      });
      const i = nextByFocus(pending.keys(), this.focus, this.pages.length);
      if (i === null) return;
      const page = pending.get(i);
      if (!page) return;
      void this.read(book, page, focusPriority(i, this.focus, this.pages.length));
    }
  }

  private async read(book: Book, page: Page, priority: number): Promise<void> {
    const controller = new AbortController();
    this.inFlight.set(page.id, controller);
    this.running = [...this.inFlight.keys()];
    try {
      const img = await this.repo.getPageImage(page.id);
      if (!img) throw new Error('page image missing');
      const bytes = new Uint8Array(await img.image.arrayBuffer());
      const lexicon = await this.bookLexicon(book);
      const out = await this.client.prefill(
        { bytes, fileName: page.fileName },
        { signal: controller.signal, type: book.type, priority, ...(lexicon ? { lexicon } : {}) },
      );
      if (controller.signal.aborted || this.book?.id !== book.id) return;
      if (!out.ok) {
        if (out.cancelled) return;
        this.setState(page.id, 'failed', out.message);
        await this.repo.setOcrState(page.id, 'failed', out.message, this.event(book, page.id));
      } else {
        const now = Date.now();
        const other = otherRegister(book, out.result);
        // A page of another register gets no pre-filled entries (the engine read none into this book's form).
        const entries = entriesFromDrafts(
          book.id,
          page.id,
          book.type,
          other ? [] : out.result.entries,
          this.opts.newId,
          now,
        );
        const added = await this.repo.saveOcr(
          ocrRecord(book.id, page.id, out.result, now),
          entries,
          this.event(book, page.id),
          other,
        );
        this.session.setOcrState(page.id, 'done', null, other);
        this.opts.onPageDone?.(page.id, added, added ? [] : entries);
      }
    } catch (e) {
      if (controller.signal.aborted) return;
      const message = e instanceof Error ? e.message : String(e);
      this.setState(page.id, 'failed', message);
      this.opts.onError?.(message);
      // Shown on the page (thumbnail and toolbar) even when this write fails too.
      await this.repo
        .setOcrState(page.id, 'failed', message, this.event(book, page.id))
        .catch(() => undefined);
    } finally {
      if (this.inFlight.get(page.id) === controller) this.inFlight.delete(page.id);
      this.running = [...this.inFlight.keys()];
      this.pump();
    }
  }
}
