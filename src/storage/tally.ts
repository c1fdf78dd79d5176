/**
 * Entry summaries and book counters kept in step with entries and pages (DESIGN.md §3.4, issue 13). Every write of
 * the repository that puts or deletes an entry or a page does it through a `Tally` on its own transaction: the
 * tally writes the record, takes the old record's contribution off the book's counters, adds the new one, and
 * writes the entry's summary (`summarizeEntry`, the one place a summary is computed). `finish()` stores the
 * counters it touched, in the same transaction, and returns what changed for the state layer (`TallyChange`).
 * The summaries are kept twice: one record per entry (`entrySummaries`, read by id) and packed by book into
 * `PACK_SLOTS` records (`summaryPacks`, what opening a book reads: a few records instead of one per entry); pages
 * likewise (`pages`, and packed in `pagePacks`). `finish()` rewrites the packs the write touched (packs.ts). Nothing
 * else writes `entries`, `pages`, `entrySummaries`, `summaryPacks`, `pagePacks` or `bookCounters` (deleteBook and
 * migrations 3–5 excepted: they remove or build everything of a book at once).
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import type { Entry } from '../domain/records/entry';
import type { Page } from '../domain/records/page';
import { normalizePage } from '../domain/records/page';
import {
  countEntry,
  countPage,
  normalizeCounters,
  summarizeEntry,
  type BookCounters,
  type EntrySummary,
} from '../domain/records/summary';
import { groupBySlot, packSummaries, unpackSummaries, type PagePack } from './packs';
import type { SohoaDB } from './schema';

type TallyTx = IDBPTransaction<SohoaDB, StoreNames<SohoaDB>[], 'readwrite' | 'versionchange'>;

/** What one write changed in the index: summaries put, entry ids removed, the counters of the books touched. */
export interface TallyChange {
  summaries: EntrySummary[];
  removed: string[];
  counters: BookCounters[];
}

export class Tally {
  private readonly counters = new Map<string, BookCounters>();
  private readonly summaries = new Map<string, EntrySummary | null>();
  /** Book of each summary put or removed (the packs to rewrite). */
  private readonly books = new Map<string, string>();
  /** Pages put (the page) or deleted (null), with their book. */
  private readonly pages = new Map<string, { bookId: string; page: Page | null }>();

  constructor(private readonly tx: TallyTx) {}

  /** Stores an entry (as given) and its summary. */
  async putEntry(entry: Entry): Promise<EntrySummary> {
    const store = this.tx.objectStore('entrySummaries');
    const old = await store.get(entry.id);
    const next = summarizeEntry(entry);
    if (old) await this.count(old.bookId, (c) => countEntry(c, old, -1));
    await this.count(next.bookId, (c) => countEntry(c, next, 1));
    await this.tx.objectStore('entries').put(entry);
    await store.put(next);
    this.summaries.set(next.id, next);
    this.books.set(next.id, next.bookId);
    return next;
  }

  async deleteEntry(id: string): Promise<void> {
    const store = this.tx.objectStore('entrySummaries');
    const old = await store.get(id);
    if (old) await this.count(old.bookId, (c) => countEntry(c, old, -1));
    await this.tx.objectStore('entries').delete(id);
    await store.delete(id);
    this.summaries.set(id, null);
    if (old) this.books.set(id, old.bookId);
  }

  /** Stores a page (as given). */
  async putPage(page: Page): Promise<void> {
    const store = this.tx.objectStore('pages');
    const raw = await store.get(page.id);
    if (raw) {
      const old = normalizePage(raw);
      await this.count(old.bookId, (c) => countPage(c, old, -1));
    }
    await this.count(page.bookId, (c) => countPage(c, page, 1));
    await store.put(page);
    this.pages.set(page.id, { bookId: page.bookId, page });
  }

  async deletePage(id: string): Promise<void> {
    const store = this.tx.objectStore('pages');
    const raw = await store.get(id);
    if (!raw) return;
    const old = normalizePage(raw);
    await this.count(old.bookId, (c) => countPage(c, old, -1));
    await store.delete(id);
    this.pages.set(id, { bookId: old.bookId, page: null });
  }

  /** Writes the counters and the summary packs touched; call last in the transaction. */
  async finish(): Promise<TallyChange> {
    const store = this.tx.objectStore('bookCounters');
    for (const c of this.counters.values()) await store.put(c);
    await this.writePacks();
    await this.writePagePacks();
    const summaries: EntrySummary[] = [];
    const removed: string[] = [];
    for (const [id, s] of this.summaries) {
      if (s) summaries.push(s);
      else removed.push(id);
    }
    return { summaries, removed, counters: [...this.counters.values()] };
  }

  /** Rewrites each summary pack holding a summary put or removed by this write (an emptied pack is deleted). */
  private async writePacks(): Promise<void> {
    const packs = this.tx.objectStore('summaryPacks');
    for (const { bookId, slot, ids } of touchedSlots(this.books)) {
      const gone = new Set(ids);
      const old = await packs.get([bookId, slot]);
      const kept = (old ? unpackSummaries(old) : []).filter((s) => !gone.has(s.id));
      for (const id of ids) {
        const s = this.summaries.get(id);
        if (s) kept.push(s);
      }
      if (kept.length) await packs.put(packSummaries(bookId, slot, kept));
      else if (old) await packs.delete([bookId, slot]);
    }
  }

  /** Rewrites each page pack holding a page put or deleted by this write (an emptied pack is deleted). */
  private async writePagePacks(): Promise<void> {
    const books = new Map([...this.pages].map(([id, p]) => [id, p.bookId]));
    const packs = this.tx.objectStore('pagePacks');
    for (const { bookId, slot, ids } of touchedSlots(books)) {
      const gone = new Set(ids);
      const old: PagePack | undefined = await packs.get([bookId, slot]);
      const kept = (old?.pages ?? []).filter((p) => !gone.has(p.id));
      for (const id of ids) {
        const p = this.pages.get(id)?.page;
        if (p) kept.push(p);
      }
      if (kept.length) await packs.put({ bookId, slot, pages: kept });
      else if (old) await packs.delete([bookId, slot]);
    }
  }

  private async count(bookId: string, fn: (c: BookCounters) => BookCounters): Promise<void> {
    let c = this.counters.get(bookId);
    c ??= normalizeCounters(await this.tx.objectStore('bookCounters').get(bookId), bookId);
    this.counters.set(bookId, fn(c));
  }
}

/** The packs (`[bookId, slot]`) that records written (id → book) fall in, with their ids. */
function touchedSlots(
  books: ReadonlyMap<string, string>,
): Iterable<{ bookId: string; slot: number; ids: string[] }> {
  const groups = groupBySlot(books, ([id, bookId]) => ({ bookId, id }));
  return [...groups.values()].map((g) => ({ ...g, ids: g.items.map(([id]) => id) }));
}
