/**
 * Progress across communes against the inventory and the campaign deadline: the figures of the workstation's
 * progress report (src/domain/reports/progress.ts `buildProgress`, per commune), from the rollups of migration 005
 * (entries per book and state, first keyings per commune and day, pages per book and mark) and the books, inventory
 * and communes tables — one small query each, never the entry records. Inventory rows are matched to books as the
 * workstation matches them (same commune, type, book number folded, the book's year within the row's years); the
 * rollup to communes (`rollUp`) is pure and mirrors buildProgress. One difference: the pace counts whole days of
 * Vietnam's calendar (the last `PACE_DAYS` days, today included), not the last 30 × 24 hours.
 */
import { sql, type Kysely } from 'kysely';
import { addDays, bookNumberKey, PACE_DAYS } from '../../src/domain/reports';
import type { EntryState } from '../../src/domain/records/entry';
import { isKeyedState } from '../../src/domain/workflow';
import type { Database, UnitListName } from '../db/schema';
import { inScope, type Scope } from './scope';
import { vnDay } from './time';

export const ENTRY_STATES: readonly EntryState[] = [
  'prefilled',
  'keyed',
  'keyed2',
  'verified',
  'returned',
  'accepted',
  'exported',
];

/** What the rollups say about one stored book. */
export interface BookFigures {
  id: string;
  list: UnitListName;
  code: string;
  type: string;
  year: number;
  bookNumber: string;
  lastUploadAt: string | null;
  pages: number;
  blankPages: number;
  crossedPages: number;
  entries: number;
  byState: Record<EntryState, number>;
  /** Entries keyed or beyond (`isKeyedState`). */
  keyed: number;
}

export interface InventoryFigures {
  id: string;
  list: UnitListName;
  code: string;
  type: string;
  yearFrom: number;
  yearTo: number;
  bookNumber: string;
  entries: number;
}

export interface CommuneLine {
  list: UnitListName;
  code: string;
  name: string;
  district: string;
  books: number;
  booksStarted: number;
  estimatedEntries: number;
  entries: number;
  keyed: number;
  accepted: number;
  remaining: number;
  recentKeyed: number;
  pacePerDay: number;
  finishDate: string | null;
  deadline: string | null;
  late: boolean | null;
}

const emptyStates = (): Record<EntryState, number> =>
  Object.fromEntries(ENTRY_STATES.map((s) => [s, 0])) as Record<EntryState, number>;

const int = (v: unknown): number => Number(v ?? 0);

/** Books in scope with their figures. */
export async function bookFigures(db: Kysely<Database>, scope: Scope): Promise<BookFigures[]> {
  // One row per book (the rollups summed beside it by primary-key lookups): the fewest rows to carry.
  const counts = sql.join(
    ENTRY_STATES.map((state) => sql`coalesce(sum(r.n) FILTER (WHERE r.state = ${state}), 0)`),
  );
  const rows = await sql<{
    id: string;
    list: UnitListName;
    code: string;
    type: string;
    year: number;
    book_number: string;
    last_upload_at: Date | null;
    counts: (number | string)[];
    pages: number;
    blank: number;
    crossed: number;
  }>`
    SELECT b.id, b.list, b.code, b.type, b.year, b.book_number, b.last_upload_at, s.counts, p.pages, p.blank,
           p.crossed
    FROM books b
    CROSS JOIN LATERAL (SELECT ARRAY[${counts}]::integer[] AS counts
                        FROM report_book_states r WHERE r.book_id = b.id) s
    CROSS JOIN LATERAL (SELECT coalesce(sum(r.n), 0)::integer AS pages,
                               coalesce(sum(r.n) FILTER (WHERE r.mark = 'blank'), 0)::integer AS blank,
                               coalesce(sum(r.n) FILTER (WHERE r.mark = 'crossed_out'), 0)::integer AS crossed
                        FROM report_book_pages r WHERE r.book_id = b.id) p
    WHERE ${inScope(scope, 'b')}
    ORDER BY b.id`.execute(db);
  return rows.rows.map((b) => {
    const byState = emptyStates();
    let entries = 0;
    let keyed = 0;
    ENTRY_STATES.forEach((state, i) => {
      const n = int(b.counts[i]);
      byState[state] = n;
      entries += n;
      if (isKeyedState(state)) keyed += n;
    });
    return {
      id: b.id,
      list: b.list,
      code: b.code,
      type: b.type,
      year: b.year,
      bookNumber: b.book_number,
      lastUploadAt: b.last_upload_at ? new Date(b.last_upload_at).toISOString() : null,
      pages: int(b.pages),
      blankPages: int(b.blank),
      crossedPages: int(b.crossed),
      entries,
      byState,
      keyed,
    };
  });
}

/**
 * Entries first keyed per commune (`list:code`) within the pace window: the `PACE_DAYS` days of Vietnam's calendar
 * up to `now`, today included. (Per commune, not per book: every book is one line of its commune, so the commune's
 * sum is the same, and the window is read from a small table by day.)
 */
export async function recentKeyed(
  db: Kysely<Database>,
  scope: Scope,
  now: number,
): Promise<Map<string, number>> {
  const today = vnDay(now);
  const since = addDays(today, -PACE_DAYS);
  const rows = await db
    .selectFrom('report_commune_keyed_days as r')
    .where(sql<boolean>`r.day > ${since}::date AND r.day <= ${today}::date`)
    .where(inScope(scope, 'r'))
    .groupBy(['r.list', 'r.code'])
    .select(['r.list', 'r.code', sql<string>`sum(r.n)`.as('n')])
    .execute();
  return new Map(rows.map((r) => [`${r.list}:${r.code}`, int(r.n)]));
}

export async function inventoryFigures(db: Kysely<Database>, scope: Scope): Promise<InventoryFigures[]> {
  const rows = await db
    .selectFrom('inventory as i')
    .where(inScope(scope, 'i'))
    .select(['i.id', 'i.list', 'i.code', 'i.type', 'i.year_from', 'i.year_to', 'i.book_number', 'i.entries'])
    .orderBy('i.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    list: r.list,
    code: r.code,
    type: r.type,
    yearFrom: r.year_from,
    yearTo: r.year_to,
    bookNumber: r.book_number,
    entries: r.entries,
  }));
}

/** Books by commune, type and folded book number, in order: the candidates of an inventory row. */
function bookIndex(books: readonly BookFigures[]): Map<string, BookFigures[]> {
  const index = new Map<string, BookFigures[]>();
  for (const b of books) {
    const key = `${b.list}:${b.code}:${b.type}:${bookNumberKey(b.bookNumber)}`;
    const list = index.get(key) ?? [];
    list.push(b);
    index.set(key, list);
  }
  return index;
}

/**
 * Communes (sorted by list and code) from the inventory and the books: every inventory row with the stored book
 * it matches, then every book no row matches, summed per commune as buildProgress sums them.
 */
export function rollUp(input: {
  inventory: readonly InventoryFigures[];
  books: readonly BookFigures[];
  /** Entries first keyed in the pace window, per commune (`recentKeyed`). */
  recent: ReadonlyMap<string, number>;
  names: ReadonlyMap<string, { name: string; district: string }>;
  deadline: string | null;
  now: number;
}): CommuneLine[] {
  const used = new Set<string>();
  const index = bookIndex(input.books);
  const lines: { list: UnitListName; code: string; estimate: number; book: BookFigures | null }[] = [];
  for (const row of input.inventory) {
    // The first unused book of the same commune, type and book number whose year is within the row's years.
    const candidates =
      index.get(`${row.list}:${row.code}:${row.type}:${bookNumberKey(row.bookNumber)}`) ?? [];
    const book =
      candidates.find((b) => !used.has(b.id) && b.year >= row.yearFrom && b.year <= row.yearTo) ?? null;
    if (book) used.add(book.id);
    lines.push({ list: row.list, code: row.code, estimate: row.entries, book });
  }
  for (const b of input.books)
    if (!used.has(b.id)) lines.push({ list: b.list, code: b.code, estimate: 0, book: b });
  const today = vnDay(input.now);
  const communes = new Map<string, CommuneLine>();
  for (const { list, code, estimate, book } of lines) {
    const key = `${list}:${code}`;
    const named = input.names.get(key);
    const c = communes.get(key) ?? {
      list,
      code,
      name: named?.name ?? '',
      district: named?.district ?? '',
      books: 0,
      booksStarted: 0,
      estimatedEntries: 0,
      entries: 0,
      keyed: 0,
      accepted: 0,
      remaining: 0,
      recentKeyed: input.recent.get(key) ?? 0,
      pacePerDay: 0,
      finishDate: null,
      deadline: input.deadline,
      late: null,
    };
    c.books++;
    if (book && book.pages > 0) c.booksStarted++;
    c.estimatedEntries += estimate || (book?.entries ?? 0);
    c.entries += book?.entries ?? 0;
    c.keyed += book?.keyed ?? 0;
    c.accepted += book ? book.byState.accepted + book.byState.exported : 0;
    communes.set(key, c);
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
  return [...communes.values()].sort((a, b) => a.list.localeCompare(b.list) || a.code.localeCompare(b.code));
}

/** Names of the communes the server knows, by `list:code`. */
export async function communeNames(
  db: Kysely<Database>,
  scope: Scope,
): Promise<Map<string, { name: string; district: string }>> {
  const rows = await db
    .selectFrom('communes as c')
    .where(inScope(scope, 'c'))
    .select(['c.list', 'c.code', 'c.name', 'c.district'])
    .execute();
  return new Map(rows.map((r) => [`${r.list}:${r.code}`, { name: r.name, district: r.district }]));
}

export const CAMPAIGN_SETTING = 'campaign';

/** The campaign deadline (`province_settings` key `campaign`, value `{ deadline }`), or null. */
export async function readDeadline(db: Kysely<Database>): Promise<string | null> {
  const row = await db
    .selectFrom('province_settings')
    .where('key', '=', CAMPAIGN_SETTING)
    .select('value')
    .executeTakeFirst();
  const value = row?.value as { deadline?: unknown } | undefined;
  return typeof value?.deadline === 'string' ? value.deadline : null;
}

export interface ProgressReply {
  today: string;
  deadline: string | null;
  paceDays: number;
  communes: CommuneLine[];
}

export async function provinceProgress(
  db: Kysely<Database>,
  scope: Scope,
  now: number,
): Promise<ProgressReply> {
  const [inventory, books, recent, names, deadline] = await Promise.all([
    inventoryFigures(db, scope),
    bookFigures(db, scope),
    recentKeyed(db, scope, now),
    communeNames(db, scope),
    readDeadline(db),
  ]);
  return {
    today: vnDay(now),
    deadline,
    paceDays: PACE_DAYS,
    communes: rollUp({ inventory, books, recent, names, deadline, now }),
  };
}
