/**
 * Rows of the provincial copy (migration 003) written directly, shaped as the merge of an upload writes them:
 * `record` = the workstation's Book / Page / Entry JSON, the copied columns beside it, `change_seq` from the
 * sequence (a new number on every change), deletions in `entry_deletions`; each write in a transaction that
 * takes the change lock first (`lockEntryChanges`), as every writer of entries must.
 */
import { sql, type Kysely } from 'kysely';
import { communeByCode, newBook, type Book, type Entry, type FieldValue } from '../../src/domain';
import type { RegisterType } from '../../src/domain/registers/types';
import { ensureCommunes, type CommuneKey } from '../../server/communes';
import { lockEntryChanges } from '../../server/db/change-feed';
import type { Database } from '../../server/db/schema';

export const fv = (value: string): FieldValue => ({ value, flags: [], source: 'keyed', confirmed: true });

export async function insertBook(
  db: Kysely<Database>,
  input: { id: string; commune: CommuneKey; type: RegisterType; year: number; pages: number },
): Promise<Book> {
  await ensureCommunes(db, [input.commune]);
  const commune = communeByCode(input.commune.list, input.commune.code);
  if (!commune) throw new Error(`no commune ${input.commune.code}`);
  const book = newBook(
    { type: input.type, commune, year: input.year, bookNumber: `01/${input.year}`, paperSize: 'A4' },
    input.id,
    Date.parse('2026-01-05T00:00:00Z'),
  );
  const at = new Date('2026-02-01T00:00:00Z');
  await db
    .insertInto('books')
    .values({
      id: book.id,
      list: commune.list,
      code: commune.code,
      type: book.type,
      year: book.year,
      book_number: book.bookNumber,
      record: JSON.stringify(book),
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('pages')
    .values(
      Array.from({ length: input.pages }, (_, i) => ({
        id: `${book.id}-p${i}`,
        book_id: book.id,
        ord: i,
        mark: 'none',
        record: JSON.stringify({ id: `${book.id}-p${i}`, bookId: book.id, order: i }),
        image_sha256: 'ab'.repeat(32),
      })),
    )
    .execute();
  return book;
}

export function makeEntry(
  book: Book,
  id: string,
  page: number,
  order: number,
  values: Record<string, string>,
  state: Entry['state'] = 'accepted',
): Entry {
  return {
    id,
    bookId: book.id,
    pageIds: [`${book.id}-p${page}`],
    order,
    type: book.type,
    state,
    fields: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, fv(v)])),
    revision: 1,
    createdAt: Date.parse('2026-02-01T00:00:00Z'),
    updatedAt: Date.parse('2026-02-01T00:00:00Z'),
    schema: 1,
  };
}

function entryRow(book: Book, e: Entry, at: Date) {
  return {
    id: e.id,
    book_id: book.id,
    list: book.commune.list,
    code: book.commune.code,
    type: book.type,
    year: book.year,
    state: e.state,
    ord: e.order,
    record: JSON.stringify(e),
    revision: e.revision,
    keyed_at: at,
    updated_at: at,
  };
}

/** Inserts entries (each takes the next change number, in the order given), in one transaction. */
export async function insertEntries(
  db: Kysely<Database>,
  book: Book,
  entries: readonly Entry[],
  at = new Date('2026-02-01T00:00:00Z'),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockEntryChanges(trx);
    // One row per statement: the change numbers follow the order given.
    for (const e of entries)
      await trx
        .insertInto('entries')
        .values(entryRow(book, e, at))
        .execute();
  });
}

/** Writes changed entries as a merge does: record and copied columns replaced, a new change number. */
export async function updateEntries(
  db: Kysely<Database>,
  book: Book,
  entries: readonly Entry[],
  at: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockEntryChanges(trx);
    for (const e of entries) {
      const { id: _id, book_id: _book, ...row } = entryRow(book, e, at);
      await trx
        .updateTable('entries')
        .set({ ...row, change_seq: sql<number>`nextval('entry_change_seq')` })
        .where('id', '=', e.id)
        .execute();
    }
  });
}

/** Removes entries as a merge does: the row goes, a deletion row with a new change number is written. */
export async function deleteEntries(
  db: Kysely<Database>,
  book: Book,
  ids: readonly string[],
  at: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockEntryChanges(trx);
    for (const id of ids) {
      await trx.deleteFrom('entries').where('id', '=', id).execute();
      await trx
        .insertInto('entry_deletions')
        .values({
          id,
          book_id: book.id,
          list: book.commune.list,
          code: book.commune.code,
          type: book.type,
          year: book.year,
          deleted_at: at,
        })
        .execute();
    }
  });
}
