/**
 * Rows of the provincial copy for the province screens' tests, inserted directly with Kysely as the merge of
 * uploaded packages writes them (`record` = the workstation's Book / Page / Entry / AuditEvent JSON, the columns
 * beside it copied from it; `keyed_at` = the entry's first keying event). Returns the same facts in the shapes the
 * workstation's pure reports read, so a test can compute the expected figures with buildProgress / buildMonthly.
 *
 * Two pre-2025 communes of Nghệ An: Nghi Phú (two books, one in the inventory, one not) and Hưng Đông (one book,
 * inventory number "1/2018" matching the book's "01/2018"). Times are whole days before `now` at the same hour.
 */
import type { Kysely } from 'kysely';
import type { AuditEvent } from '../../src/domain/records/audit';
import { newBook, type Book } from '../../src/domain/records/book';
import { emptyEntry, type Entry, type EntryState } from '../../src/domain/records/entry';
import type { PageMark } from '../../src/domain/records/page';
import { communeByCode } from '../../src/domain/admin';
import { ensureCommunes } from '../../server/communes';
import type { Database } from '../../server/db/schema';

export const NGHI_PHU = { list: 'pre2025', code: '16702' } as const;
export const HUNG_DONG = { list: 'pre2025', code: '16705' } as const;

const DAY = 86_400_000;

export interface BookRows {
  book: Book;
  pageMarks: PageMark[];
  entries: { entry: Entry; keyedAt: number | null }[];
  events: AuditEvent[];
  lastUploadAt: number;
}

interface EntryPlan {
  state: EntryState;
  /** Days before now of the first keying (null: never keyed). */
  keyed: number | null;
}

function planBook(
  id: string,
  commune: { list: 'pre2025'; code: string },
  book: { type: Book['type']; year: number; bookNumber: string },
  marks: PageMark[],
  plans: EntryPlan[],
  now: number,
): BookRows {
  const ref = communeByCode(commune.list, commune.code)!;
  const b = newBook({ ...book, commune: ref, paperSize: 'A4' }, id, now - 90 * DAY);
  const events: AuditEvent[] = [];
  let seq = 0;
  const event = (at: number, action: AuditEvent['action'], extra: Partial<AuditEvent>): void => {
    seq++;
    events.push({
      bookId: id,
      machineId: 'may-xa-01',
      seq,
      at,
      userId: 'u-op',
      role: 'operator',
      action,
      entryId: null,
      pageId: null,
      field: null,
      before: null,
      after: null,
      note: null,
      prevHash: seq === 1 ? '0'.repeat(64) : events.at(-1)!.hash,
      hash: `${id}-${String(seq).padStart(4, '0')}`.padEnd(64, '0').slice(0, 64),
      ...extra,
    });
  };
  marks.forEach((_, i) => event(now - 70 * DAY + i, 'page.import', { pageId: `${id}-p${i + 1}` }));
  const entries = plans.map((p, i) => {
    const entry = {
      ...emptyEntry({ bookId: id, pageId: `${id}-p1`, type: book.type, order: i }, `${id}-e${i + 1}`),
    };
    entry.state = p.state;
    const keyedAt = p.keyed === null ? null : now - p.keyed * DAY;
    if (keyedAt !== null) {
      const move = (at: number, before: string, after: string) =>
        event(at, 'entry.state', { entryId: entry.id, before, after, role: 'operator' });
      move(keyedAt, 'prefilled', 'keyed');
      if (p.state === 'returned') move(keyedAt + DAY, 'keyed', 'returned');
      if (p.state === 'verified' || p.state === 'accepted') move(keyedAt + DAY, 'keyed', 'verified');
      if (p.state === 'accepted') move(keyedAt + 2 * DAY, 'verified', 'accepted');
    }
    return { entry, keyedAt };
  });
  return { book: b, pageMarks: marks, entries, events, lastUploadAt: now - DAY };
}

/** The books of the fixture (not stored). */
export function provinceBooks(now: number): BookRows[] {
  const s = (state: EntryState, keyed: number | null): EntryPlan => ({ state, keyed });
  const a = planBook(
    'so-ks-2017-nghi-phu',
    NGHI_PHU,
    { type: 'KS', year: 2017, bookNumber: '01/2017' },
    ['blank', 'crossed_out', ...Array<PageMark>(10).fill('normal')],
    [
      s('prefilled', null),
      s('prefilled', null),
      s('prefilled', null),
      s('keyed', 2),
      s('keyed', 5),
      s('keyed', 40),
      s('keyed2', 3),
      s('verified', 10),
      s('verified', 60),
      s('accepted', 8),
      s('returned', 20),
    ],
    now,
  );
  a.book.acceptances = [
    {
      level: 'Cấp xã',
      decidedAt: now - 2 * DAY,
      sampleIds: [a.entries[9]!.entry.id, a.entries[7]!.entry.id],
      decision: { defects: 0, accepted: true },
    } as unknown as Book['acceptances'][number],
  ];
  a.book.notes = [
    { at: now - 4 * DAY, userId: 'u-op', userName: 'Lê Thị Hoa', text: 'Trang 7 bị ố, chữ mờ.' },
  ];
  const a2 = planBook(
    'so-kh-2019-nghi-phu',
    NGHI_PHU,
    { type: 'KH', year: 2019, bookNumber: '02/2019' },
    ['normal'],
    [s('prefilled', null), s('prefilled', null)],
    now,
  );
  const b = planBook(
    'so-ks-2018-hung-dong',
    HUNG_DONG,
    { type: 'KS', year: 2018, bookNumber: '01/2018' },
    ['normal', 'normal', 'normal'],
    [1, 2, 3, 4, 5].map((d) => s('keyed', d)),
    now,
  );
  return [a, a2, b];
}

/** Stores the fixture's books (communes, books, pages, entries, audit events) as the merge would. */
export async function insertProvinceRows(db: Kysely<Database>, now: number): Promise<BookRows[]> {
  const books = provinceBooks(now);
  await ensureCommunes(db, [NGHI_PHU, HUNG_DONG]);
  for (const { book, pageMarks, entries, events, lastUploadAt } of books) {
    await db
      .insertInto('books')
      .values({
        id: book.id,
        list: book.commune.list,
        code: book.commune.code,
        type: book.type,
        year: book.year,
        book_number: book.bookNumber,
        record: JSON.stringify(book),
        created_at: new Date(book.createdAt),
        updated_at: new Date(lastUploadAt),
        last_upload_id: null,
        last_upload_at: new Date(lastUploadAt),
      })
      .execute();
    await db
      .insertInto('pages')
      .values(
        pageMarks.map((mark, i) => ({
          id: `${book.id}-p${i + 1}`,
          book_id: book.id,
          ord: i,
          mark,
          record: JSON.stringify({ id: `${book.id}-p${i + 1}`, bookId: book.id, order: i, mark }),
          image_sha256: String(i).padStart(64, 'a'),
          thumb_sha256: null,
        })),
      )
      .execute();
    await db
      .insertInto('entries')
      .values(
        entries.map(({ entry, keyedAt }) => ({
          id: entry.id,
          book_id: book.id,
          list: book.commune.list,
          code: book.commune.code,
          type: book.type,
          year: book.year,
          state: entry.state,
          ord: entry.order,
          record: JSON.stringify(entry),
          revision: entry.revision,
          keyed_at: keyedAt === null ? null : new Date(keyedAt),
          updated_at: new Date(lastUploadAt),
        })),
      )
      .execute();
    await db
      .insertInto('audit_events')
      .values(
        events.map((e) => ({
          book_id: book.id,
          machine_id: e.machineId,
          seq: e.seq,
          hash: e.hash,
          at: new Date(e.at),
          action: e.action,
          user_id: e.userId,
          record: JSON.stringify(e),
        })),
      )
      .execute();
  }
  return books;
}
