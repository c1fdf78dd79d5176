/**
 * The compact index of a book's entries and its stored counters (DESIGN.md §3.4, issue 13): one small
 * `EntrySummary` per entry (what lists, counts, search and filters need, without the fields) and one
 * `BookCounters` per book (pages, skipped, OCR done/failed, entries by workflow state). Pure: the repository keeps
 * both in the transaction of every write (src/storage/tally.ts), the state layer searches the summaries in memory.
 * A summary is computed from an entry here and nowhere else; counters change only by adding or taking away the
 * contribution of one page or one summary, so a write that replaces a record takes its old contribution away first.
 */
import { foldKey } from '../text/normalize';
import { REGISTERS } from '../registers';
import type { PersonId, RegisterType, ValueKind } from '../registers/types';
import { isKeyedState } from '../workflow';
import { isUncertainValue, type Entry, type EntryState } from './entry';
import type { Page } from './page';

export interface EntrySummary {
  id: string;
  bookId: string;
  /** Page the entry starts on, then the pages it continues onto (as the entry). */
  pageIds: string[];
  order: number;
  type: RegisterType;
  state: EntryState;
  keyedBy: string | null;
  /** The blind second keyer (`Entry.second`), or null. */
  keyedBy2: string | null;
  /** Of the second keying: fields compared and fields that differed (0, 0 without one). */
  compared: number;
  differ: number;
  /** Registration number as written (NFC). */
  so: string;
  /** The people the entry is about (child, deceased, husband – wife…), as written, for result lists. */
  title: string;
  /** Registration date as written. */
  date: string;
  /** Search text: names, số, dates and ID numbers folded (`searchTokens`), each word after a space. */
  text: string;
  /** Fields still uncertain (`isUncertainValue`) and fields with a flag. */
  uncertain: number;
  flagged: number;
}

/** Kinds of value searched: person names, the registration number, dates and ID numbers. */
const SEARCHED: ReadonlySet<ValueKind> = new Set<ValueKind>([
  'name',
  'number',
  'date',
  'year_or_date',
  'id_number',
]);
/** Persons named in an entry's title (the registered event's own people, not the parents or the requester). */
const PRINCIPAL: ReadonlySet<PersonId> = new Set<PersonId>([
  'child',
  'deceased',
  'husband',
  'wife',
  'subject',
]);

/**
 * Words of a text as search compares them: lower case, no diacritics (đ → d), split at spaces and punctuation
 * ("12/03/1990" → 12 3 1990), leading zeros of numbers dropped ("03" = "3").
 */
export function searchTokens(s: string): string[] {
  const folded = foldKey(s);
  if (!folded) return [];
  return folded.split(' ').map((w) => (/^\d+$/u.test(w) ? w.replace(/^0+(?=\d)/u, '') : w));
}

/** The summary of an entry: the one place it is computed. */
export function summarizeEntry(e: Entry): EntrySummary {
  const reg = REGISTERS[e.type];
  const words: string[] = [];
  let uncertain = 0;
  let flagged = 0;
  for (const def of reg.fields) {
    const f = e.fields[def.key];
    if (!f) continue;
    if (SEARCHED.has(def.kind) && f.value) words.push(...searchTokens(f.value));
    if (isUncertainValue(f)) uncertain++;
    if (f.flags.length) flagged++;
  }
  const title = reg.persons
    .filter((p) => PRINCIPAL.has(p.id) && p.fields.name)
    .map((p) => e.fields[p.fields.name ?? '']?.value.trim() ?? '')
    .filter(Boolean)
    .join(' – ');
  return {
    id: e.id,
    bookId: e.bookId,
    pageIds: [...e.pageIds],
    order: e.order,
    type: e.type,
    state: e.state,
    keyedBy: e.keyedBy ?? null,
    keyedBy2: e.second?.by ?? null,
    compared: e.second?.compared ?? 0,
    differ: e.second?.differ.length ?? 0,
    so: e.fields['so']?.value.trim() ?? '',
    title,
    date: e.fields['ngayDangKy']?.value.trim() ?? '',
    text: words.length ? ` ${[...new Set(words)].join(' ')}` : '',
    uncertain,
    flagged,
  };
}

/** A query as its words (folded like the summaries' text); every word must start a word of the entry. */
export function parseQuery(q: string): string[] {
  return [...new Set(searchTokens(q))];
}

/** Every query word starts some word of the entry, in any order ("hải nguyễn" finds "Nguyễn Văn Hải"). */
export function matchesQuery(s: Pick<EntrySummary, 'text'>, words: readonly string[]): boolean {
  for (const w of words) if (!s.text.includes(` ${w}`)) return false;
  return true;
}

export type EntryFilter = 'unfinished' | 'uncertain' | 'returned' | 'flagged';

export const ENTRY_FILTERS: readonly EntryFilter[] = ['unfinished', 'uncertain', 'returned', 'flagged'];

export const ENTRY_FILTER_LABELS: Readonly<Record<EntryFilter, string>> = {
  unfinished: 'Chưa xong',
  uncertain: 'Chưa chắc chắn',
  returned: 'Bị trả lại',
  flagged: 'Có đánh dấu',
};

export function matchesFilter(
  s: Pick<EntrySummary, 'state' | 'uncertain' | 'flagged'>,
  f: EntryFilter,
): boolean {
  switch (f) {
    case 'unfinished':
      return !isKeyedState(s.state);
    case 'uncertain':
      return s.uncertain > 0;
    case 'returned':
      return s.state === 'returned';
    case 'flagged':
      return s.flagged > 0;
  }
}

// ---- counters -------------------------------------------------------------------------------------------

export interface BookCounters {
  bookId: string;
  pages: number;
  /** Pages marked blank or crossed out (not read, no entries). */
  skipped: number;
  /** Of the other pages: read, and failed. */
  ocrDone: number;
  ocrFailed: number;
  entries: number;
  byState: Record<EntryState, number>;
}

export function emptyCounters(bookId: string): BookCounters {
  return {
    bookId,
    pages: 0,
    skipped: 0,
    ocrDone: 0,
    ocrFailed: 0,
    entries: 0,
    byState: { prefilled: 0, keyed: 0, keyed2: 0, verified: 0, returned: 0, accepted: 0, exported: 0 },
  };
}

/** Stored counters with every state present (a record written by another version may lack one). */
export function normalizeCounters(raw: BookCounters | undefined, bookId: string): BookCounters {
  const empty = emptyCounters(bookId);
  if (!raw) return empty;
  return { ...empty, ...raw, byState: { ...empty.byState, ...raw.byState } };
}

/** Adds (sign 1) or takes away (sign −1) one page's contribution. */
export function countPage(c: BookCounters, p: Pick<Page, 'mark' | 'ocr'>, sign: 1 | -1): BookCounters {
  const normal = p.mark === 'normal';
  return {
    ...c,
    pages: c.pages + sign,
    skipped: c.skipped + (normal ? 0 : sign),
    ocrDone: c.ocrDone + (normal && p.ocr === 'done' ? sign : 0),
    ocrFailed: c.ocrFailed + (normal && p.ocr === 'failed' ? sign : 0),
  };
}

/** Adds (sign 1) or takes away (sign −1) one entry's contribution. */
export function countEntry(c: BookCounters, s: Pick<EntrySummary, 'state'>, sign: 1 | -1): BookCounters {
  return { ...c, entries: c.entries + sign, byState: { ...c.byState, [s.state]: c.byState[s.state] + sign } };
}

/** Counters of a book computed from all of its pages and summaries (the migration, tests, a recount). */
export function countAll(
  bookId: string,
  pages: readonly Pick<Page, 'mark' | 'ocr'>[],
  entries: readonly Pick<EntrySummary, 'state'>[],
): BookCounters {
  let c = emptyCounters(bookId);
  for (const p of pages) c = countPage(c, p, 1);
  for (const s of entries) c = countEntry(c, s, 1);
  return c;
}

/** Entries the operator has finished (keyed or beyond: `isKeyedState`). */
export function keyedCount(c: Pick<BookCounters, 'byState'>): number {
  let n = 0;
  for (const [state, k] of Object.entries(c.byState)) if (isKeyedState(state as EntryState)) n += k;
  return n;
}

/** Keyed and total entries per page (an entry counts on the page it starts on). */
export interface PageCount {
  keyed: number;
  total: number;
}

export function countByPage(summaries: Iterable<EntrySummary>): Map<string, PageCount> {
  const out = new Map<string, PageCount>();
  for (const s of summaries) {
    const pageId = s.pageIds[0];
    if (pageId === undefined) continue;
    const c = out.get(pageId) ?? { keyed: 0, total: 0 };
    out.set(pageId, { keyed: c.keyed + (isKeyedState(s.state) ? 1 : 0), total: c.total + 1 });
  }
  return out;
}
