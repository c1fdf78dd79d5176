/**
 * Entry summaries and book counters kept in step with entries and pages (DESIGN.md §3.4, issue 13). Every write of
 * the repository that puts or deletes an entry or a page does it through a `Tally` on its own transaction: the
 * tally writes the record, takes the old record's contribution off the book's counters, adds the new one, and
 * writes the entry's summary (`summarizeEntry`, the one place a summary is computed). `finish()` stores the
 * counters it touched, in the same transaction, and returns what changed for the state layer (`TallyChange`).
 * Nothing else writes `entries`, `pages`, `entrySummaries` or `bookCounters` (deleteBook and migration 3 excepted:
 * they remove or build everything of a book at once).
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
    return next;
  }

  async deleteEntry(id: string): Promise<void> {
    const store = this.tx.objectStore('entrySummaries');
    const old = await store.get(id);
    if (old) await this.count(old.bookId, (c) => countEntry(c, old, -1));
    await this.tx.objectStore('entries').delete(id);
    await store.delete(id);
    this.summaries.set(id, null);
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
  }

  async deletePage(id: string): Promise<void> {
    const store = this.tx.objectStore('pages');
    const raw = await store.get(id);
    if (!raw) return;
    const old = normalizePage(raw);
    await this.count(old.bookId, (c) => countPage(c, old, -1));
    await store.delete(id);
  }

  /** Writes the counters touched; call last in the transaction. */
  async finish(): Promise<TallyChange> {
    const store = this.tx.objectStore('bookCounters');
    for (const c of this.counters.values()) await store.put(c);
    const summaries: EntrySummary[] = [];
    const removed: string[] = [];
    for (const [id, s] of this.summaries) {
      if (s) summaries.push(s);
      else removed.push(id);
    }
    return { summaries, removed, counters: [...this.counters.values()] };
  }

  private async count(bookId: string, fn: (c: BookCounters) => BookCounters): Promise<void> {
    let c = this.counters.get(bookId);
    c ??= normalizeCounters(await this.tx.objectStore('bookCounters').get(bookId), bookId);
    this.counters.set(bookId, fn(c));
  }
}
