/**
 * Merges a received, verified work package into the provincial copy in ONE transaction, with the rules of the
 * workstation's package import (`Repository.importPackage`, src/storage/repository.ts) and its pure merge
 * (`mergePackageEntries`, src/domain/records/merge.ts):
 * - audit chains: the package's events the server lacks are added; an event both hold that differs refuses the
 *   package (nothing written);
 * - entries new here are added, values changed only on the workstation since the package's base are taken, values
 *   changed on both sides are listed in `conflicts` (the server's value stays, never overwritten), entries the
 *   package's chains delete (and not changed here since) are removed and listed in `entry_deletions`;
 * - pages and OCR new here are added (after the server's pages, in the package's order), their image and
 *   thumbnail put in the blob store by SHA-256 before the rows that name them; pages the server's chains delete are
 *   never brought back; pages already held are not changed (as on the workstation);
 * - a listed conflict is settled (its row removed) when the merge takes that value from a package that had seen the
 *   other value too (a person chose on a workstation: `field.resolve`), when both sides now agree, or when the entry
 *   is deleted; taken from a package that had not seen it, the row stays with the province's new value;
 * - the book record merges as on a workstation (src/domain/records/book-merge.ts);
 * - every entry row written takes the next `entry_change_seq` (the read API's cursor); `keyed_at` is the time of
 *   the entry's first keying event (reports/events.ts `isFirstKeying`) among every event the server holds.
 * The `merges` row of the upload is written in the same transaction, so an upload is merged exactly once: a second
 * call (a restart that re-merges, another process) finds it and answers its stored result. Merges of one book are
 * serialised by a transaction-level advisory lock on the book id (the book row may not exist yet), so two server
 * processes on one database may merge uploads of the same book at once. A package that brings nothing new changes
 * no row but its upload's bookkeeping (`merges`, `uploads.receipt`, `books.last_upload_*`): `changed` is false.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { canonicalJson, type AuditEvent } from '../../src/domain/records/audit';
import { normalizeBook, type Book } from '../../src/domain/records/book';
import { normalizeEntry, type Entry, type FieldValue } from '../../src/domain/records/entry';
import {
  chainHeads,
  deletionsIn,
  ENTRY_ATTRS,
  entryAttrs,
  fieldContent,
  knows,
  mergePackageEntries,
  sameConflict,
  type MergeConflict,
} from '../../src/domain/records/merge';
import type { PackageContent } from '../../src/exchange/package';
import type { BlobStore } from '../blobs/blob-store';
import type { Database } from '../db/schema';
import { mergeBook } from '../../src/domain/records/book-merge';
import { lockEntryChanges } from '../db/change-feed';

/** What a merge did (all counts zero and `changed` false: the province already had everything). */
export interface MergeSummary {
  bookId: string;
  newBook: boolean;
  changed: boolean;
  entriesAdded: number;
  fieldsTaken: number;
  /** Conflicts listed (or updated) by this merge: values changed on two sides, left for a person. */
  conflicts: number;
  /** The book's open conflicts after the merge. */
  conflictsOpen: number;
  /**
   * Listed conflicts this merge settled: the value was taken from a package that had seen the other value too (a
   * person chose on a workstation), or both sides now agree, or the entry was deleted.
   */
  conflictsSettled: number;
  pagesAdded: number;
  ocrAdded: number;
  eventsAdded: number;
  entriesRemoved: number;
  /** Entries the package has that the province's chains record as deleted (not brought back). */
  skippedDeleted: number;
  /** What became of the book record: new, kept as the province had it, or merged with the package's. */
  book: BookRecordChoice;
}

/** Refused while merging (an audit chain that differs from the province's, a book of another commune). */
export class MergeRefusal extends Error {}

export interface MergeInput {
  uploadId: string;
  /** SHA-256 of the package file (the blob store's name of it). */
  packageSha256: string;
  content: PackageContent;
  now: Date;
  /** The receipt the upload row keeps, made from the summary (written in the merge's transaction). */
  receipt(summary: MergeSummary): unknown;
}

/** Advisory lock namespace of book merges ("sohb"), the second key the book id's hash. */
const BOOK_LOCK = 0x736f6862;
/** Rows per multi-row INSERT (well under PostgreSQL's 65,535 parameters). */
const BATCH = 500;

const DELETION_ACTIONS = ['entry.delete', 'page.delete', 'page.import'] as const;

function* batches<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
}

const json = (v: unknown): string => JSON.stringify(v);
const eventKey = (machineId: string, seq: number): string => `${machineId}\u0000${seq}`;
const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

/** The first of `ids` that `table` holds for another book than `bookId`, or null. */
async function heldElsewhere(
  trx: Transaction<Database>,
  table: 'entries' | 'pages',
  bookId: string,
  ids: readonly string[],
): Promise<string | null> {
  for (const some of batches(ids)) {
    const row = await trx
      .selectFrom(table)
      .select('id')
      .where('id', 'in', some)
      .where('book_id', '<>', bookId)
      .executeTakeFirst();
    if (row) return row.id;
  }
  return null;
}

/** Serialises merges of one book across transactions and server processes (released at commit/rollback). */
export async function lockBook(trx: Transaction<Database>, bookId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${BOOK_LOCK}::integer, hashtext(${bookId}))`.execute(trx);
}

/** What became of the book record in a merge. */
export type BookRecordChoice = 'new' | 'kept' | 'merged';

export async function mergePackage(
  db: Kysely<Database>,
  blobs: BlobStore,
  input: MergeInput,
): Promise<{ summary: MergeSummary; already: boolean }> {
  const { content: pkg, now } = input;
  const book = pkg.book;
  const bookId = book.id;
  const nowMs = now.getTime();
  return db.transaction().execute(async (trx) => {
    await lockBook(trx, bookId);
    // Entries written here take change numbers: the read API's cursor must not pass them before the commit.
    await lockEntryChanges(trx);
    const done = await trx
      .selectFrom('merges')
      .select('result')
      .where('upload_id', '=', input.uploadId)
      .executeTakeFirst();
    if (done) return { summary: done.result as MergeSummary, already: true };

    const storedRow = await trx
      .selectFrom('books')
      .select(['record', 'list', 'code'])
      .where('id', '=', bookId)
      .executeTakeFirst();
    if (storedRow && (storedRow.list !== book.commune.list || storedRow.code !== book.commune.code)) {
      throw new MergeRefusal(
        `Sổ này trên máy chủ tỉnh thuộc xã mã ${storedRow.code}, không phải xã mã ${book.commune.code}: gói không được nhận.`,
      );
    }
    const storedBook: Book | null = storedRow ? normalizeBook(storedRow.record) : null;

    // Chains: the package's copy of a chain the province holds must agree on every event both have.
    const held = await trx
      .selectFrom('audit_events')
      .select(['machine_id', 'seq', 'hash'])
      .where('book_id', '=', bookId)
      .execute();
    const heldHash = new Map(held.map((e) => [eventKey(e.machine_id, e.seq), e.hash]));
    const fresh: AuditEvent[] = [];
    for (const e of pkg.events) {
      const mine = heldHash.get(eventKey(e.machineId, e.seq));
      if (mine === undefined) fresh.push(e);
      else if (mine !== e.hash)
        throw new MergeRefusal(
          `Nhật ký của máy ${e.machineId} trong gói khác với bản tỉnh đã có (sự kiện số ${e.seq}): gói không được nhận.`,
        );
    }
    const localHeads: Record<string, number> = {};
    for (const e of held) localHeads[e.machine_id] = Math.max(localHeads[e.machine_id] ?? 0, e.seq);
    const incomingHeads = chainHeads(pkg.events);

    const deletionEvents = await trx
      .selectFrom('audit_events')
      .select('record')
      .where('book_id', '=', bookId)
      .where('action', 'in', DELETION_ACTIONS)
      .execute();
    const here = deletionsIn(deletionEvents.map((r) => r.record as AuditEvent));
    const there = deletionsIn(pkg.events);

    const localRows = await trx
      .selectFrom('entries')
      .select(['record', 'keyed_at'])
      .where('book_id', '=', bookId)
      .execute();
    const localEntries = localRows.map((r) => normalizeEntry(r.record));
    const keyedBefore = new Map(
      localEntries.map((e, i) => [e.id, localRows[i]?.keyed_at ? toDate(localRows[i].keyed_at) : null]),
    );
    const merge = mergePackageEntries({
      bookId,
      local: localEntries,
      localHeads,
      incoming: pkg.entries,
      incomingHeads,
      deletedHere: here.entries,
      deletedThere: there.entries,
      fromMachineId: pkg.manifest.machineId,
      now: nowMs,
    });

    // Pages and OCR the province lacks (and never deleted).
    const pageRows = await trx.selectFrom('pages').select('id').where('book_id', '=', bookId).execute();
    const havePages = new Set(pageRows.map((p) => p.id));
    const newPages = pkg.pages
      .filter((p) => !havePages.has(p.id) && !here.pages.has(p.id))
      .sort((a, b) => a.order - b.order);
    const willHave = new Set([...havePages, ...newPages.map((p) => p.id)]);
    const ocrRows = await trx
      .selectFrom('page_ocr')
      .select('page_id')
      .where('book_id', '=', bookId)
      .execute();
    const haveOcr = new Set(ocrRows.map((o) => o.page_id));
    const newOcr = pkg.ocr.filter((o) => willHave.has(o.pageId) && !haveOcr.has(o.pageId));

    // Conflicts: new ones, or ones whose values moved since they were listed.
    const storedConflicts = await trx
      .selectFrom('conflicts')
      .select(['entry_id', 'field', 'local', 'incoming'])
      .where('book_id', '=', bookId)
      .execute();
    const conflictOf = new Map(storedConflicts.map((c) => [`${c.entry_id}\u0000${c.field}`, c]));
    const conflicts: MergeConflict[] = merge.conflicts.filter((c) => {
      const s = conflictOf.get(`${c.entryId}\u0000${c.field}`);
      return !s || !sameConflict({ ...c, local: s.local as never, incoming: s.incoming as never }, c);
    });

    // Listed conflicts this merge moves: settled (see MergeSummary), or still open with the province's new value.
    const listed = new Set(conflicts.map((c) => `${c.entryId}\u0000${c.field}`));
    const taken = new Map(merge.put.map((e) => [e.id, e]));
    const settled: { entry_id: string; field: string }[] = [];
    const moved: { entry_id: string; field: string; local: unknown }[] = [];
    const content = (field: string, v: unknown): string =>
      field === ENTRY_ATTRS ? canonicalJson(v) : fieldContent((v ?? undefined) as FieldValue | undefined);
    for (const c of storedConflicts) {
      if (listed.has(`${c.entry_id}\u0000${c.field}`)) continue;
      if (merge.remove.includes(c.entry_id)) {
        settled.push(c);
        continue;
      }
      const e = taken.get(c.entry_id);
      if (!e || !keyedBefore.has(e.id)) continue;
      const value = c.field === ENTRY_ATTRS ? entryAttrs(e) : (e.fields[c.field] ?? null);
      const now = content(c.field, value);
      if (now === content(c.field, c.local)) continue;
      const seen =
        c.field !== ENTRY_ATTRS && knows(incomingHeads, (c.incoming as FieldValue | null)?.changed);
      if (seen || now === content(c.field, c.incoming)) settled.push(c);
      else moved.push({ entry_id: c.entry_id, field: c.field, local: value });
    }

    // The book record: the workstation's rule (domain/records/book-merge.ts) — settings by their book.update
    // stamps, acceptance records by id, notes united.
    const settingRows = await trx
      .selectFrom('audit_events')
      .select('record')
      .where('book_id', '=', bookId)
      .where('action', '=', 'book.update')
      .execute();
    const bookMerge = storedBook
      ? mergeBook({
          local: storedBook,
          localHeads,
          localEvents: settingRows.map((r) => r.record as AuditEvent),
          incoming: book,
          incomingHeads,
          incomingEvents: pkg.events,
          now: nowMs,
        })
      : null;
    const chosen: { record: Book; choice: BookRecordChoice } = !bookMerge
      ? { record: book, choice: 'new' }
      : bookMerge.changed
        ? { record: bookMerge.book, choice: 'merged' }
        : { record: bookMerge.book, choice: 'kept' };

    // Ids are global keys: a new entry or page must not be another book's (a forged package).
    const foreignEntries = await heldElsewhere(
      trx,
      'entries',
      bookId,
      merge.put.filter((e) => !keyedBefore.has(e.id)).map((e) => e.id),
    );
    const foreignPages = await heldElsewhere(
      trx,
      'pages',
      bookId,
      newPages.map((p) => p.id),
    );
    if (foreignEntries || foreignPages)
      throw new MergeRefusal(
        `Gói có ${foreignEntries ? `mục "${foreignEntries}"` : `trang "${foreignPages}"`} trùng mã với một sổ khác ở tỉnh: gói không được nhận.`,
      );

    const summary: MergeSummary = {
      bookId,
      newBook: !storedBook,
      changed: false,
      entriesAdded: merge.added,
      fieldsTaken: merge.taken,
      conflicts: conflicts.length,
      conflictsOpen: 0,
      conflictsSettled: settled.length,
      pagesAdded: newPages.length,
      ocrAdded: newOcr.length,
      eventsAdded: fresh.length,
      entriesRemoved: merge.remove.length,
      skippedDeleted: merge.skippedDeleted,
      book: chosen.choice,
    };
    summary.changed =
      !storedBook ||
      bookMerge?.changed === true ||
      fresh.length > 0 ||
      merge.put.length > 0 ||
      merge.remove.length > 0 ||
      newPages.length > 0 ||
      newOcr.length > 0 ||
      conflicts.length > 0 ||
      settled.length > 0 ||
      moved.length > 0;

    // The book row first (everything else refers to it).
    if (!storedBook) {
      await trx
        .insertInto('books')
        .values({
          id: bookId,
          list: book.commune.list,
          code: book.commune.code,
          type: book.type,
          year: book.year,
          book_number: book.bookNumber,
          record: json(chosen.record),
          created_at: now,
          updated_at: now,
          last_upload_id: input.uploadId,
          last_upload_at: now,
        })
        .execute();
    } else {
      const record = chosen.record;
      await trx
        .updateTable('books')
        .set({
          last_upload_id: input.uploadId,
          last_upload_at: now,
          ...(summary.changed ? { updated_at: now } : {}),
          ...(chosen.choice === 'merged' ? { record: json(record), book_number: record.bookNumber } : {}),
        })
        .where('id', '=', bookId)
        .execute();
    }

    if (summary.changed) {
      // Pages new here go after the province's pages, in the package's order; their images first.
      let ord = havePages.size;
      const pageValues = [];
      for (const p of newPages) {
        const img = pkg.images.get(p.id);
        if (!img) throw new MergeRefusal(`Gói thiếu ảnh của trang "${p.fileName}".`);
        const image = await blobs.put(img.image.bytes);
        const thumb = await blobs.put(img.thumb.bytes);
        const order = storedBook ? ord++ : p.order;
        pageValues.push({
          id: p.id,
          book_id: bookId,
          ord: order,
          mark: p.mark,
          record: json({ ...p, order }),
          image_sha256: image.hash,
          thumb_sha256: thumb.hash,
        });
      }
      for (const rows of batches(pageValues)) await trx.insertInto('pages').values(rows).execute();
      for (const rows of batches(newOcr))
        await trx
          .insertInto('page_ocr')
          .values(rows.map((o) => ({ page_id: o.pageId, book_id: bookId, record: json(o) })))
          .execute();
      for (const rows of batches(fresh))
        await trx
          .insertInto('audit_events')
          .values(
            rows.map((e) => ({
              book_id: bookId,
              machine_id: e.machineId,
              seq: e.seq,
              hash: e.hash,
              at: new Date(e.at),
              action: e.action,
              user_id: e.userId,
              record: json(e),
            })),
          )
          .execute();
    }

    // First keying of every entry, from every event the province now holds.
    const keyedRows =
      fresh.length > 0 || merge.put.length > 0
        ? await sql<{ entry_id: string; at: Date | string }>`
            SELECT record->>'entryId' AS entry_id, min(at) AS at FROM audit_events
            WHERE book_id = ${bookId} AND action = 'entry.state'
              AND record->'before' = '"prefilled"'::jsonb AND record->'after' = '"keyed"'::jsonb
            GROUP BY 1`.execute(trx)
        : { rows: [] };
    const keyedAt = new Map(keyedRows.rows.map((r) => [r.entry_id, toDate(r.at)]));

    if (summary.changed) {
      const added = merge.put.filter((e) => !keyedBefore.has(e.id));
      const changed = merge.put.filter((e) => keyedBefore.has(e.id));
      const record = (e: Entry): string => json({ ...e, revision: e.revision + 1, updatedAt: nowMs });
      for (const rows of batches(added))
        await trx
          .insertInto('entries')
          .values(
            rows.map((e) => ({
              id: e.id,
              book_id: bookId,
              list: book.commune.list,
              code: book.commune.code,
              type: e.type,
              year: book.year,
              state: e.state,
              ord: e.order,
              record: record(e),
              revision: e.revision + 1,
              keyed_at: keyedAt.get(e.id) ?? null,
              updated_at: now,
            })),
          )
          .execute();
      for (const e of changed)
        await trx
          .updateTable('entries')
          .set({
            type: e.type,
            state: e.state,
            ord: e.order,
            record: record(e),
            revision: e.revision + 1,
            keyed_at: keyedAt.get(e.id) ?? null,
            updated_at: now,
            change_seq: sql`nextval('entry_change_seq')`,
          })
          .where('id', '=', e.id)
          .execute();
      // An entry the package did not change whose first keying arrived with its events.
      const put = new Set(merge.put.map((e) => e.id));
      for (const [id, before] of keyedBefore) {
        const at = keyedAt.get(id);
        if (put.has(id) || merge.remove.includes(id) || !at || before?.getTime() === at.getTime()) continue;
        await trx
          .updateTable('entries')
          .set({ keyed_at: at, updated_at: now, change_seq: sql`nextval('entry_change_seq')` })
          .where('id', '=', id)
          .execute();
      }
      for (const id of merge.remove) {
        await trx.deleteFrom('entries').where('id', '=', id).execute();
        await trx
          .insertInto('entry_deletions')
          .values({
            id,
            book_id: bookId,
            list: book.commune.list,
            code: book.commune.code,
            type: book.type,
            year: book.year,
            deleted_at: now,
          })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet({ deleted_at: now, change_seq: sql`nextval('entry_change_seq')` }),
          )
          .execute();
      }
      for (const c of conflicts)
        await trx
          .insertInto('conflicts')
          .values({
            book_id: bookId,
            entry_id: c.entryId,
            field: c.field,
            local: json(c.local),
            incoming: json(c.incoming),
            from_machine_id: c.fromMachineId,
            upload_id: input.uploadId,
            at: now,
          })
          .onConflict((oc) =>
            oc.columns(['book_id', 'entry_id', 'field']).doUpdateSet((eb) => ({
              local: eb.ref('excluded.local'),
              incoming: eb.ref('excluded.incoming'),
              from_machine_id: eb.ref('excluded.from_machine_id'),
              upload_id: eb.ref('excluded.upload_id'),
              at: eb.ref('excluded.at'),
            })),
          )
          .execute();
    }

    for (const c of settled)
      await trx
        .deleteFrom('conflicts')
        .where('book_id', '=', bookId)
        .where('entry_id', '=', c.entry_id)
        .where('field', '=', c.field)
        .execute();
    for (const c of moved)
      await trx
        .updateTable('conflicts')
        .set({ local: json(c.local) })
        .where('book_id', '=', bookId)
        .where('entry_id', '=', c.entry_id)
        .where('field', '=', c.field)
        .execute();

    const open = await trx
      .selectFrom('conflicts')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('book_id', '=', bookId)
      .executeTakeFirstOrThrow();
    summary.conflictsOpen = Number(open.n);

    await trx
      .insertInto('merges')
      .values({
        upload_id: input.uploadId,
        book_id: bookId,
        package_sha256: input.packageSha256,
        merged_at: now,
        changed: summary.changed,
        result: json(summary),
      })
      .execute();
    await trx
      .updateTable('uploads')
      .set({ receipt: json(input.receipt(summary)) })
      .where('id', '=', input.uploadId)
      .execute();
    return { summary, already: false };
  });
}
