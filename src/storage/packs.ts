/**
 * The packed form of a book's summaries and pages (what opening a book reads; tally.ts keeps them). A book's
 * records are spread over `PACK_SLOTS` packs by a stable hash of their id, so a write rewrites one small pack and
 * an open reads a few records instead of one per entry or page: in Chromium the cost of a read is mostly per
 * record. Summaries are stored in columns (one array per attribute, numbers in typed arrays): no property names and
 * no object per summary to serialise, about half the bytes and the time of a list of objects. Pure functions.
 */
import type { Page } from '../domain/records/page';
import type { EntrySummary } from '../domain/records/summary';
import type { RegisterType } from '../domain/registers/types';
import type { EntryState } from '../domain/records/entry';

/** Packs per book: a 10,000-entry book has ~160 summaries per pack, a 2,000-page book ~31 pages. */
export const PACK_SLOTS = 64;

/** Every pack of a book (keys `[bookId, slot]`). */
export const packRange = (bookId: string): IDBKeyRange =>
  IDBKeyRange.bound([bookId, 0], [bookId, PACK_SLOTS]);

/** The pack of a record: a stable hash of its id (FNV-1a), so reordering or moving changes nothing. */
export function packSlot(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % PACK_SLOTS;
}

/** Some of a book's entry summaries (those whose id falls in `slot`), one array per attribute, same index. */
export interface SummaryPack {
  bookId: string;
  slot: number;
  id: string[];
  /** Each summary's `pageIds` joined by `PAGE_SEP` ('' for none). */
  pages: string[];
  order: Float64Array;
  type: RegisterType[];
  state: EntryState[];
  keyedBy: (string | null)[];
  /** Second keyer of each summary (absent in packs written before blind double keying: all null). */
  keyedBy2?: (string | null)[];
  so: string[];
  title: string[];
  date: string[];
  text: string[];
  /** `uncertain`, `flagged` of each summary, in turn. */
  counts: Int32Array;
  /** `compared`, `differ` of each summary's second keying, in turn (absent in older packs: all 0). */
  keying?: Int32Array;
}

/** Some of a book's pages (those whose id falls in `slot`), as stored in `pages`. */
export interface PagePack {
  bookId: string;
  slot: number;
  pages: Page[];
}

/** Record ids are generated (UUIDs, never a NUL). */
const PAGE_SEP = '\u0000';

export function packSummaries(bookId: string, slot: number, list: readonly EntrySummary[]): SummaryPack {
  const counts = new Int32Array(list.length * 2);
  const keying = new Int32Array(list.length * 2);
  list.forEach((s, i) => {
    counts[2 * i] = s.uncertain;
    counts[2 * i + 1] = s.flagged;
    keying[2 * i] = s.compared;
    keying[2 * i + 1] = s.differ;
  });
  return {
    bookId,
    slot,
    id: list.map((s) => s.id),
    pages: list.map((s) => s.pageIds.join(PAGE_SEP)),
    order: Float64Array.from(list, (s) => s.order),
    type: list.map((s) => s.type),
    state: list.map((s) => s.state),
    keyedBy: list.map((s) => s.keyedBy),
    keyedBy2: list.map((s) => s.keyedBy2),
    so: list.map((s) => s.so),
    title: list.map((s) => s.title),
    date: list.map((s) => s.date),
    text: list.map((s) => s.text),
    counts,
    keying,
  };
}

/** The summaries of a pack (appended to `into` when given: opening a book collects all its packs in one list). */
export function unpackSummaries(p: SummaryPack, into: EntrySummary[] = []): EntrySummary[] {
  for (let i = 0; i < p.id.length; i++) {
    const pages = p.pages[i] ?? '';
    into.push({
      id: p.id[i] ?? '',
      bookId: p.bookId,
      pageIds: pages ? pages.split(PAGE_SEP) : [],
      order: p.order[i] ?? 0,
      type: p.type[i] as RegisterType,
      state: p.state[i] as EntryState,
      keyedBy: p.keyedBy[i] ?? null,
      keyedBy2: p.keyedBy2?.[i] ?? null,
      compared: p.keying?.[2 * i] ?? 0,
      differ: p.keying?.[2 * i + 1] ?? 0,
      so: p.so[i] ?? '',
      title: p.title[i] ?? '',
      date: p.date[i] ?? '',
      text: p.text[i] ?? '',
      uncertain: p.counts[2 * i] ?? 0,
      flagged: p.counts[2 * i + 1] ?? 0,
    });
  }
  return into;
}

/** Groups records by `[bookId, slot]` of their id (building packs from scratch: migrations). */
export function groupBySlot<T>(
  list: Iterable<T>,
  key: (t: T) => { bookId: string; id: string },
): Map<string, { bookId: string; slot: number; items: T[] }> {
  const out = new Map<string, { bookId: string; slot: number; items: T[] }>();
  for (const t of list) {
    const { bookId, id } = key(t);
    const slot = packSlot(id);
    const k = `${bookId}\u0000${slot}`;
    const g = out.get(k) ?? { bookId, slot, items: [] };
    g.items.push(t);
    out.set(k, g);
  }
  return out;
}
