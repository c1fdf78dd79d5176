/**
 * The entry change feed of the read API: the entries and deletions of some communes after a cursor, in change
 * order, one page at a time, up to the settled horizon (`db/change-feed.ts`). HTTP-free.
 *
 * Every change of an entry row gives it a new `change_seq`, so a mirror that pages with `after` = the `next` of
 * its last page gets each new or changed entry once (an entry changed again comes again, as its new version) and
 * every deletion. Entries in states the caller did not ask for come as `withdrawn` (id and state only): the mirror
 * drops its copy, as when an accepted entry is sent back for correction.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { EntryState } from '../../src/domain';
import type { CommuneKey } from '../communes';
import { settledHorizon } from '../db/change-feed';
import type { Database } from '../db/schema';

export interface FeedQuery {
  /** At least one. */
  communes: readonly CommuneKey[];
  type?: string;
  year?: number;
  /** States served in full; null = every state. */
  states: readonly EntryState[] | null;
  /** Changes after this cursor (0 = from the start). */
  after: bigint;
  /** Only rows changed (entries: `updated_at`, deletions: `deleted_at`) at or after this time. */
  updatedSince?: Date;
  limit: number;
}

export interface FeedEntryRow {
  id: string;
  state: string;
  changeSeq: bigint;
  updatedAt: Date;
  record: unknown;
  bookId: string;
  bookRecord: unknown;
  /** trangSo: the 1-based position of the entry's first page in its book ('' when the page is unknown). */
  pageNumber: string;
}

export interface FeedPage {
  entries: FeedEntryRow[];
  withdrawn: { id: string; bookId: string; state: string; changeSeq: bigint }[];
  deleted: { id: string; bookId: string; deletedAt: Date; changeSeq: bigint }[];
  /** The cursor of the next call (`after`): the last change of this page, or the horizon when none is left. */
  next: bigint;
  hasMore: boolean;
}

const big = (v: string | number | bigint): bigint => BigInt(String(v));

export async function readFeed(db: Kysely<Database>, q: FeedQuery): Promise<FeedPage> {
  const horizon = await settledHorizon(db);
  if (q.after >= horizon) {
    return { entries: [], withdrawn: [], deleted: [], next: q.after, hasMore: false };
  }
  const after = q.after.toString();
  const upTo = horizon.toString();

  // One index range per commune (`entries_sync`: list, code, change_seq), each cut at the page size, merged:
  // a LATERAL join over the communes asked for (an OR of communes would read every later row and sort them).
  const communes = (eb: ExpressionBuilder<Database & { c: Database['communes'] }, 'c'>) =>
    eb.or(q.communes.map((c) => eb.and([eb('c.list', '=', c.list), eb('c.code', '=', c.code)])));
  const entries = db
    .selectFrom('communes as c')
    .innerJoinLateral(
      (eb) => {
        let sub = eb
          .selectFrom('entries as e')
          .innerJoin('books as b', 'b.id', 'e.book_id')
          .select([
            'e.id',
            'e.state',
            'e.change_seq',
            'e.updated_at',
            'e.record',
            'e.book_id',
            'b.record as book_record',
          ])
          .whereRef('e.list', '=', 'c.list')
          .whereRef('e.code', '=', 'c.code')
          .where('e.change_seq', '>', after)
          .where('e.change_seq', '<=', upTo);
        if (q.type !== undefined) sub = sub.where('e.type', '=', q.type);
        if (q.year !== undefined) sub = sub.where('e.year', '=', q.year);
        if (q.updatedSince) sub = sub.where('e.updated_at', '>=', q.updatedSince);
        return sub
          .orderBy('e.change_seq')
          .limit(q.limit + 1)
          .as('x');
      },
      (join) => join.onTrue(),
    )
    .selectAll('x')
    .where(communes)
    .orderBy('x.change_seq')
    .limit(q.limit + 1);
  const deletions = db
    .selectFrom('communes as c')
    .innerJoinLateral(
      (eb) => {
        let sub = eb
          .selectFrom('entry_deletions as d')
          .select(['d.id', 'd.book_id', 'd.deleted_at', 'd.change_seq'])
          .whereRef('d.list', '=', 'c.list')
          .whereRef('d.code', '=', 'c.code')
          .where('d.change_seq', '>', after)
          .where('d.change_seq', '<=', upTo);
        if (q.type !== undefined) sub = sub.where('d.type', '=', q.type);
        if (q.year !== undefined) sub = sub.where('d.year', '=', q.year);
        if (q.updatedSince) sub = sub.where('d.deleted_at', '>=', q.updatedSince);
        return sub
          .orderBy('d.change_seq')
          .limit(q.limit + 1)
          .as('x');
      },
      (join) => join.onTrue(),
    )
    .selectAll('x')
    .where(communes)
    .orderBy('x.change_seq')
    .limit(q.limit + 1);
  const [entryRows, deletionRows] = await Promise.all([entries.execute(), deletions.execute()]);

  // The two lists merged in change order, cut at the page size.
  const items = [
    ...entryRows.map((r) => ({ seq: big(r.change_seq), entry: r, deletion: null })),
    ...deletionRows.map((r) => ({ seq: big(r.change_seq), entry: null, deletion: r })),
  ].sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  const hasMore = items.length > q.limit;
  const page = items.slice(0, q.limit);

  const served = new Set<string>(q.states ?? []);
  const full = page.flatMap((i) =>
    i.entry && (q.states === null || served.has(i.entry.state)) ? [{ ...i.entry, seq: i.seq }] : [],
  );
  const pageNumbers = await firstPageNumbers(
    db,
    full.map((r) => r.record),
  );

  return {
    entries: full.map((r) => ({
      id: r.id,
      state: r.state,
      changeSeq: r.seq,
      updatedAt: r.updated_at,
      record: r.record,
      bookId: r.book_id,
      bookRecord: r.book_record,
      pageNumber: pageNumbers.get(firstPageId(r.record)) ?? '',
    })),
    withdrawn: page.flatMap((i) =>
      i.entry && q.states !== null && !served.has(i.entry.state)
        ? [{ id: i.entry.id, bookId: i.entry.book_id, state: i.entry.state, changeSeq: i.seq }]
        : [],
    ),
    deleted: page.flatMap((i) =>
      i.deletion
        ? [
            {
              id: i.deletion.id,
              bookId: i.deletion.book_id,
              deletedAt: i.deletion.deleted_at,
              changeSeq: i.seq,
            },
          ]
        : [],
    ),
    next: hasMore ? page[page.length - 1]!.seq : horizon,
    hasMore,
  };
}

function firstPageId(record: unknown): string {
  const ids = (record as { pageIds?: unknown } | null)?.pageIds;
  return Array.isArray(ids) && typeof ids[0] === 'string' ? ids[0] : '';
}

/** The 1-based position in its book of each entry's first page, by page id (as the workbook's trangSo). */
async function firstPageNumbers(
  db: Kysely<Database>,
  records: readonly unknown[],
): Promise<Map<string, string>> {
  const ids = [...new Set(records.map(firstPageId).filter(Boolean))];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('pages').select(['id', 'ord']).where('id', 'in', ids).execute();
  return new Map(rows.map((p) => [p.id, String(p.ord + 1)]));
}
