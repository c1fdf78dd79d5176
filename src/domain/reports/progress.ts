/**
 * Progress against the inventory (registers.md §8.7): one row per commune × register type × year × book — every
 * inventory row, with the stored book it matches (same commune code and type, same book number folded, the book's
 * year within the row's years), and every stored book that matches no row — then one line per commune with the
 * date it finishes at the current pace against the campaign deadline. Pure: the state layer gathers the facts.
 */
import type { Book, PaperSize } from '../records/book';
import type { EntryState } from '../records/entry';
import type { PageMark } from '../records/page';
import type { BookCounters, EntrySummary } from '../records/summary';
import { keyedCount } from '../records/summary';
import type { RegisterType } from '../registers/types';
import { addDays, byTime, correctedEntries, isFirstKeying, isoDay, type ReportEvent } from './events';
import { bookNumberKey, type BookCondition, type InventoryRow } from './inventory';

/** What the store holds about one book (counters, summaries, page marks, field flags, its audit events). */
export interface BookFacts {
  book: Book;
  counters: BookCounters;
  summaries: readonly Pick<EntrySummary, 'so'>[];
  pageMarks: readonly PageMark[];
  flags: { illegible: number; damaged: number };
  events: readonly ReportEvent[];
}

export interface Numbering {
  /** Smallest and largest `so` found (numbers only; "14A" counts as 14), null when none is a number. */
  first: number | null;
  last: number | null;
  /** Entries the numbers say the book holds (last − first + 1) and entries captured. */
  expected: number;
  captured: number;
  /** Numbers between first and last that no entry has, and `so` values two entries or more share. */
  gaps: number[];
  duplicates: string[];
}

export interface BookProgress {
  communeCode: string;
  communeName: string;
  type: RegisterType;
  /** "2017", or "2016–2017" for an inventory row covering two years. */
  years: string;
  bookNumber: string;
  bookId: string | null;
  inventoryId: string | null;
  estimatedEntries: number | null;
  estimatedPages: number | null;
  paperSize: PaperSize;
  condition: BookCondition | null;
  pages: number;
  blankPages: number;
  crossedPages: number;
  entries: number;
  byState: Record<EntryState, number>;
  /** Accepted at some level, exported included (accepted + exported). */
  accepted: number;
  exported: number;
  corrected: number;
  illegible: number;
  damaged: number;
  numbering: Numbering;
}

export interface CommuneProgress {
  communeCode: string;
  communeName: string;
  /** Books in the inventory (plus stored books it lacks) and books with pages scanned. */
  books: number;
  booksStarted: number;
  /** Estimated entries (a book without an estimate counts its captured entries). */
  estimatedEntries: number;
  /** Entries keyed or beyond. */
  keyed: number;
  remaining: number;
  /** Entries keyed for the first time in the last `PACE_DAYS` days, and that per day. */
  recentKeyed: number;
  pacePerDay: number;
  /** Day (yyyy-mm-dd) the commune finishes keying at that pace; null when nothing was keyed lately. */
  finishDate: string | null;
  deadline: string | null;
  /** Finishes after the deadline (null: no deadline or no pace). */
  late: boolean | null;
}

export interface ProgressReport {
  books: BookProgress[];
  communes: CommuneProgress[];
}

export const PACE_DAYS = 30;

const SO = /^0*(\d+)([A-Za-z]?)$/u;

export function numbering(summaries: readonly Pick<EntrySummary, 'so'>[]): Numbering {
  const counts = new Map<string, number>();
  const numbers = new Set<number>();
  for (const s of summaries) {
    const m = SO.exec(s.so.trim());
    if (!m) continue;
    const n = Number(m[1]);
    numbers.add(n);
    const key = `${n}${(m[2] ?? '').toUpperCase()}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const sorted = [...numbers].sort((a, b) => a - b);
  const first = sorted[0] ?? null;
  const last = sorted.at(-1) ?? null;
  const gaps: number[] = [];
  if (first !== null && last !== null) for (let n = first; n <= last; n++) if (!numbers.has(n)) gaps.push(n);
  const duplicates = [...counts]
    .filter(([, c]) => c > 1)
    .map(([k]) => k)
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.localeCompare(b));
  return {
    first,
    last,
    expected: first !== null && last !== null ? last - first + 1 : 0,
    captured: summaries.length,
    gaps,
    duplicates,
  };
}

function matches(row: InventoryRow, book: Book): boolean {
  return (
    row.communeCode === book.commune.code &&
    row.type === book.type &&
    book.year >= row.yearFrom &&
    book.year <= row.yearTo &&
    bookNumberKey(row.bookNumber) === bookNumberKey(book.bookNumber)
  );
}

const EMPTY_STATES: Record<EntryState, number> = {
  prefilled: 0,
  keyed: 0,
  keyed2: 0,
  returned: 0,
  verified: 0,
  accepted: 0,
  exported: 0,
};

function bookLine(row: InventoryRow | null, f: BookFacts | null): BookProgress {
  const b = f?.book;
  const marks = f?.pageMarks ?? [];
  const byState = { ...EMPTY_STATES, ...f?.counters.byState };
  return {
    communeCode: row?.communeCode ?? b?.commune.code ?? '',
    communeName: row?.communeName || b?.commune.name || '',
    type: row?.type ?? b?.type ?? 'KS',
    years: row
      ? row.yearTo === row.yearFrom
        ? String(row.yearFrom)
        : `${row.yearFrom}–${row.yearTo}`
      : String(b?.year ?? ''),
    bookNumber: row?.bookNumber ?? b?.bookNumber ?? '',
    bookId: b?.id ?? null,
    inventoryId: row?.id ?? null,
    estimatedEntries: row ? row.entries || null : null,
    estimatedPages: row ? row.pages || null : null,
    paperSize: row?.paperSize ?? b?.paperSize ?? 'A4',
    condition: row?.condition ?? null,
    pages: f?.counters.pages ?? 0,
    blankPages: marks.filter((m) => m === 'blank').length,
    crossedPages: marks.filter((m) => m === 'crossed_out').length,
    entries: f?.counters.entries ?? 0,
    byState,
    accepted: byState.accepted + byState.exported,
    exported: byState.exported,
    corrected: f ? correctedEntries(f.events).size : 0,
    illegible: f?.flags.illegible ?? 0,
    damaged: f?.flags.damaged ?? 0,
    numbering: numbering(f?.summaries ?? []),
  };
}

/**
 * The report: inventory rows (with their matched book) and unmatched books, sorted by commune code, type, year and
 * book number; communes with the finish date at the pace of the last `PACE_DAYS` days before `now`.
 */
export function buildProgress(input: {
  inventory: readonly InventoryRow[];
  books: readonly BookFacts[];
  deadline: string | null;
  now: number;
}): ProgressReport {
  const used = new Set<string>();
  const lines: { line: BookProgress; facts: BookFacts | null; row: InventoryRow | null }[] = [];
  for (const row of input.inventory) {
    const facts = input.books.find((f) => !used.has(f.book.id) && matches(row, f.book)) ?? null;
    if (facts) used.add(facts.book.id);
    lines.push({ line: bookLine(row, facts), facts, row });
  }
  for (const f of input.books)
    if (!used.has(f.book.id)) lines.push({ line: bookLine(null, f), facts: f, row: null });
  lines.sort(
    (a, b) =>
      a.line.communeCode.localeCompare(b.line.communeCode) ||
      a.line.type.localeCompare(b.line.type) ||
      a.line.years.localeCompare(b.line.years) ||
      bookNumberKey(a.line.bookNumber).localeCompare(bookNumberKey(b.line.bookNumber), 'vi', {
        numeric: true,
      }),
  );
  // A row typed without the commune's name takes it from another line of the same commune.
  const names = new Map<string, string>();
  for (const { line } of lines)
    if (line.communeName && !names.has(line.communeCode)) names.set(line.communeCode, line.communeName);
  for (const { line } of lines) if (!line.communeName) line.communeName = names.get(line.communeCode) ?? '';
  const today = isoDay(input.now);
  const since = input.now - PACE_DAYS * 86_400_000;
  const communes = new Map<string, CommuneProgress>();
  for (const { line, facts, row } of lines) {
    const c = communes.get(line.communeCode) ?? {
      communeCode: line.communeCode,
      communeName: line.communeName,
      books: 0,
      booksStarted: 0,
      estimatedEntries: 0,
      keyed: 0,
      remaining: 0,
      recentKeyed: 0,
      pacePerDay: 0,
      finishDate: null,
      deadline: input.deadline,
      late: null,
    };
    c.books++;
    if (line.pages > 0) c.booksStarted++;
    c.estimatedEntries += row?.entries || line.entries;
    c.keyed += facts ? keyedCount(facts.counters) : 0;
    if (facts) {
      const recent = new Set<string>();
      for (const e of byTime(facts.events))
        if (e.entryId && e.at > since && e.at <= input.now && isFirstKeying(e)) recent.add(e.entryId);
      c.recentKeyed += recent.size;
    }
    communes.set(line.communeCode, c);
  }
  for (const c of communes.values()) {
    c.remaining = Math.max(0, c.estimatedEntries - c.keyed);
    c.pacePerDay = c.recentKeyed / PACE_DAYS;
    c.finishDate =
      c.remaining === 0
        ? today
        : c.recentKeyed > 0
          ? addDays(today, Math.ceil((c.remaining * PACE_DAYS) / c.recentKeyed))
          : null;
    c.late = c.deadline && c.finishDate ? c.finishDate > c.deadline : null;
  }
  return { books: lines.map((l) => l.line), communes: [...communes.values()] };
}
