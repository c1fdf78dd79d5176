/**
 * The only door to IndexedDB (idb, typed schema). Every write resolves only once its transaction has
 * committed, so callers can move the UI on knowing the data is on disk; failures become StorageError.
 */
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { AuditDraft, AuditEvent } from '../domain/records/audit';
import type { Book } from '../domain/records/book';
import type { ChangeStamp, Entry } from '../domain/records/entry';
import type { OtherRegister, Page } from '../domain/records/page';
import { normalizeUser, type User } from '../domain/records/user';
import { normalizeBook, normalizeEntry, normalizePage } from '../domain/records';
import { normalizeCounters, type BookCounters, type EntrySummary } from '../domain/records/summary';
import { normalizeInventoryRow, type InventoryRow } from '../domain/reports/inventory';
import { appendEvents, auditKey, bookRange, chainHead, dropTail, type ChainDraft } from './audit';
import {
  applyChoice,
  chainHeads,
  deletionsIn,
  mergePackageEntries,
  sameConflict,
  stampChanges,
  type MergeConflict,
} from '../domain/records/merge';
import { mergeBook } from '../domain/records/book-merge';
import { StorageError, toStorageError } from './errors';
import { packRange, unpackSummaries } from './packs';
import { Tally, type TallyChange } from './tally';
import { DB_VERSION, runMigrations } from './migrations';
import {
  DB_NAME,
  MACHINE_ID_KEY,
  type ConflictKey,
  type OriginalRecord,
  type PageImageRecord,
  type SohoaDB,
  type StoreName,
  type StoredOcr,
} from './schema';

export type { OriginalRecord, PageImageRecord, StoredOcr } from './schema';
export type { TallyChange } from './tally';

/** What a work package carries, as stored here (`Repository.packageSource`). */
export interface PackageRecords {
  book: Book;
  pages: Page[];
  images: PageImageRecord[];
  ocr: StoredOcr[];
  entries: Entry[];
  events: AuditEvent[];
  originals: OriginalRecord[];
}

/** A verified work package ready to store (`Repository.importPackage`): records normalised, images as Blobs. */
export interface IncomingPackage {
  /** The package's identity (SHA-256 of its manifest). */
  id: string;
  /** The machine that exported it. */
  machineId: string;
  book: Book;
  pages: readonly Page[];
  /** The image and thumbnail of a page of the package (made when needed: only pages new here are stored). */
  images(pageId: string): { image: Blob; thumb: Blob } | undefined;
  ocr: readonly StoredOcr[];
  entries: readonly Entry[];
  events: readonly AuditEvent[];
  originals: readonly OriginalRecord[];
}

/** What an import did (all zero and `changed` false: the machine already had everything). */
export interface PackageImportResult {
  bookId: string;
  newBook: boolean;
  changed: boolean;
  entriesAdded: number;
  fieldsTaken: number;
  /** Conflicts listed (or updated) by this import. */
  conflicts: number;
  /** The book's open conflicts after the import. */
  conflictsOpen: number;
  pagesAdded: number;
  eventsAdded: number;
  entriesRemoved: number;
  skippedDeleted: number;
  /** The book's record took the package's settings, acceptance records or notes (book-merge.ts). */
  bookUpdated: boolean;
}

/** One write of entries: puts (revision-checked), deletes, and the events recording them (in order). */
export interface EntryChange {
  put?: readonly Entry[];
  remove?: readonly string[];
  /** A field edit's draft may carry `amend` (replace its event while it is the chain head; audit.ts). */
  events: readonly ChainDraft[];
}

export interface OpenOptions {
  name?: string;
  /** Another tab holds an older version open: the UI should ask to close it. */
  onBlocked?: () => void;
  /** This tab holds the database while another tab wants to upgrade: we close and the UI should reload. */
  onVersionChange?: () => void;
}

export async function openRepository(opts: OpenOptions = {}): Promise<Repository> {
  try {
    const db = await openDB<SohoaDB>(opts.name ?? DB_NAME, DB_VERSION, {
      upgrade(db, oldVersion, newVersion, tx) {
        // Migrations only issue requests on `tx`, which keeps it alive; a failing one aborts the upgrade.
        runMigrations(db, tx, oldVersion, newVersion ?? DB_VERSION).catch(() => {
          tx.abort();
        });
      },
      blocked: () => opts.onBlocked?.(),
      blocking: () => {
        db.close();
        opts.onVersionChange?.();
      },
    });
    const machineId = (await db.get('settings', MACHINE_ID_KEY))?.value;
    if (typeof machineId !== 'string') throw new Error('machine id missing after migration 2');
    return new Repository(db, machineId);
  } catch (e) {
    throw new StorageError('failed', 'Không mở được kho dữ liệu của trình duyệt (IndexedDB).', { cause: e });
  }
}

export class Repository {
  private readonly listeners = new Set<(c: TallyChange) => void>();

  constructor(
    private readonly db: IDBPDatabase<SohoaDB>,
    /** This installation's random id (audit chains, package merges). */
    readonly machineId: string,
  ) {}

  close(): void {
    this.db.close();
  }

  /**
   * Called after every committed write that changed entries or pages, with the summaries put, the entry ids
   * removed and the counters of the books touched (the open book's counts and the book list follow it).
   */
  onChange(fn: (c: TallyChange) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  // ---- counters and entry summaries --------------------------------------------------------------------

  /** Stored counters of every book (the book list reads these, never the entries). */
  async listCounters(): Promise<Map<string, BookCounters>> {
    const all = await this.db.getAll('bookCounters');
    return new Map(all.map((c) => [c.bookId, normalizeCounters(c, c.bookId)]));
  }

  async getCounters(bookId: string): Promise<BookCounters> {
    return normalizeCounters(await this.db.get('bookCounters', bookId), bookId);
  }

  /**
   * The compact index of a book's entries (no fields: counts per page, search, filters), read from its packs — a
   * few records, not one per entry — in no particular order.
   */
  async listSummaries(bookId: string): Promise<EntrySummary[]> {
    const packs = await this.db.getAll('summaryPacks', packRange(bookId));
    const out: EntrySummary[] = [];
    for (const p of packs) unpackSummaries(p, out);
    return out;
  }

  // ---- books -------------------------------------------------------------------------------------------

  async listBooks(): Promise<Book[]> {
    const all = await this.db.getAll('books');
    return all.map(normalizeBook).sort((a, b) => b.createdAt - a.createdAt);
  }

  async getBook(id: string): Promise<Book | undefined> {
    const b = await this.db.get('books', id);
    return b ? normalizeBook(b) : undefined;
  }

  async putBook(book: Book, event: AuditDraft): Promise<void> {
    await this.write(['books', 'audit'], 'sổ', async (tx) => {
      await tx.objectStore('books').put(book);
      await appendEvents(tx, this.machineId, [event]);
    });
  }

  /**
   * Deletes a book and everything under it, its audit chains included, in one transaction (all or nothing). The
   * deletion itself goes to this machine's own chain (bookId null), which survives the book: `event.before` gets
   * the head (seq and hash) of each of the book's chains, so the deleted history stays attested.
   */
  async deleteBook(id: string, event: AuditDraft): Promise<void> {
    const under = [
      'pages',
      'originals',
      'pageImages',
      'ocr',
      'entries',
      'entrySummaries',
      'conflicts',
    ] as const;
    const stores = ['books', ...under, 'bookCounters', 'summaryPacks', 'pagePacks', 'audit'] as const;
    await this.write([...stores], 'việc xoá sổ', async (tx) => {
      const book = await tx.objectStore('books').get(id);
      await tx.objectStore('books').delete(id);
      await tx.objectStore('bookCounters').delete(id);
      await tx.objectStore('summaryPacks').delete(packRange(id));
      await tx.objectStore('pagePacks').delete(packRange(id));
      for (const s of under) {
        const index = tx.objectStore(s).index('byBook');
        for (let c = await index.openCursor(id); c; c = await c.continue()) await c.delete();
      }
      const heads: Record<string, { seq: number; hash: string }> = {};
      for (let c = await tx.objectStore('audit').openCursor(bookRange(id)); c; c = await c.continue()) {
        heads[c.value.machineId] = { seq: c.value.seq, hash: c.value.hash };
        await c.delete();
      }
      await appendEvents(tx, this.machineId, [
        {
          ...event,
          bookId: null,
          before: {
            book: book ? { id, type: book.type, bookNumber: book.bookNumber, year: book.year } : { id },
            chains: heads,
          },
        },
      ]);
    });
  }

  // ---- pages -------------------------------------------------------------------------------------------

  async listPages(bookId: string): Promise<Page[]> {
    // From the packs: a few records, not one per page (the cost of a read in Chromium is mostly per record).
    const packs = await this.db.getAll('pagePacks', packRange(bookId));
    return packs
      .flatMap((p) => p.pages)
      .map(normalizePage)
      .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async getPage(id: string): Promise<Page | undefined> {
    const p = await this.db.get('pages', id);
    return p ? normalizePage(p) : undefined;
  }

  /**
   * Changes one attribute of a page (rotation or mark) on its stored copy, in one transaction with its event
   * (`before` = the stored value, `after` = the new one); a stale copy in memory never overwrites the rest (OCR
   * state). Returns the stored page, or undefined when the page is gone.
   */
  async patchPage<K extends 'rotation' | 'mark'>(
    pageId: string,
    key: K,
    value: Page[K],
    event: AuditDraft,
  ): Promise<Page | undefined> {
    let out: Page | undefined;
    await this.tallied(['pages', 'audit'], 'trang', async (tx, tally) => {
      const raw = await tx.objectStore('pages').get(pageId);
      if (!raw) return;
      const page = normalizePage(raw);
      out = { ...page, [key]: value };
      await tally.putPage(out);
      await appendEvents(tx, this.machineId, [{ ...event, pageId, before: page[key], after: value }]);
    });
    return out;
  }

  async putOriginal(rec: OriginalRecord): Promise<void> {
    await this.write(['originals'], `tệp gốc "${rec.fileName}"`, async (tx) => {
      await tx.objectStore('originals').put(rec);
    });
  }

  async getOriginal(id: string): Promise<OriginalRecord | undefined> {
    return this.db.get('originals', id);
  }

  /** A new page with its image and its 'page.import' event, in one transaction. */
  async addPage(page: Page, image: PageImageRecord, event: AuditDraft): Promise<void> {
    await this.tallied(['pages', 'pageImages', 'audit'], `trang ${page.order + 1}`, async (tx, tally) => {
      await tx.objectStore('pageImages').put(image);
      await tally.putPage(page);
      await appendEvents(tx, this.machineId, [event]);
    });
  }

  async getPageImage(pageId: string): Promise<PageImageRecord | undefined> {
    return this.db.get('pageImages', pageId);
  }

  /**
   * Removes what one import added (its original and pages), used when an import fails or is cancelled, so
   * the book is left exactly as it was.
   */
  async removeImport(
    bookId: string,
    originalId: string,
    pageIds: readonly string[],
    event: AuditDraft,
  ): Promise<void> {
    await this.tallied(
      ['originals', 'pages', 'pageImages', 'ocr', 'entries', 'audit'],
      'việc huỷ nhập tệp',
      async (tx, tally) => {
        // The import's own events (its pages imported and read) go with its pages when nothing was recorded
        // after them; otherwise the removal is recorded, with the entries it removes (a chain is never cut in the
        // middle, and an operator's work is never dropped silently).
        const ids = new Set(pageIds);
        const dropped = new Set<string>();
        await dropTail(tx, bookId, this.machineId, (e) => {
          const mine =
            (e.action === 'page.import' || e.action === 'page.ocr') && e.pageId !== null && ids.has(e.pageId);
          if (mine && e.action === 'page.import' && e.pageId) dropped.add(e.pageId);
          return mine;
        });
        await tx.objectStore('originals').delete(originalId);
        const entries = tx.objectStore('entries');
        for (const id of pageIds) {
          await tally.deletePage(id);
          await tx.objectStore('pageImages').delete(id);
          await tx.objectStore('ocr').delete(id);
          const removed: string[] = [];
          for (const e of (await entries.index('byPage').getAll(id)).map(normalizeEntry)) {
            // An entry continued onto an imported page keeps its start; one starting there goes with the page.
            if (e.pageIds[0] !== id && !ids.has(e.pageIds[0] ?? '')) {
              const kept = e.pageIds.filter((p) => !ids.has(p));
              await tally.putEntry({ ...e, pageIds: kept });
              await appendEvents(tx, this.machineId, [
                {
                  ...event,
                  action: 'entry.continue',
                  entryId: e.id,
                  pageId: id,
                  before: e.pageIds,
                  after: kept,
                },
              ]);
            } else {
              removed.push(e.id);
              await tally.deleteEntry(e.id);
            }
          }
          if (!dropped.has(id))
            await appendEvents(tx, this.machineId, [{ ...event, pageId: id, before: { entries: removed } }]);
        }
      },
    );
  }

  /** Deletes a page, its image, OCR and the entries that start on it; renumbers the others densely. */
  async deletePage(bookId: string, pageId: string, event: AuditDraft): Promise<void> {
    const stores = ['pages', 'pageImages', 'ocr', 'entries', 'originals', 'audit'] as const;
    await this.tallied([...stores], 'việc xoá trang', async (tx, tally) => {
      const pages = tx.objectStore('pages');
      const gone = await pages.get(pageId);
      await tally.deletePage(pageId);
      await tx.objectStore('pageImages').delete(pageId);
      await tx.objectStore('ocr').delete(pageId);
      const entries = tx.objectStore('entries');
      const removed: string[] = [];
      for (const e of (await entries.index('byPage').getAll(pageId)).map(normalizeEntry)) {
        if (e.pageIds[0] === pageId) {
          removed.push(e.id);
          await tally.deleteEntry(e.id);
        } else await tally.putEntry({ ...e, pageIds: e.pageIds.filter((p) => p !== pageId) });
      }
      const before = gone
        ? { fileName: gone.fileName, pdfPage: gone.pdfPage, order: gone.order, entries: removed }
        : null;
      await appendEvents(tx, this.machineId, [{ ...event, before }]);
      const rest = (await pages.index('byBook').getAll(bookId))
        .map(normalizePage)
        .sort((a, b) => a.order - b.order);
      for (const [i, p] of rest.entries()) if (p.order !== i) await tally.putPage({ ...p, order: i });
      // The original goes once no page refers to it any more.
      if (gone && !rest.some((p) => p.originalId === gone.originalId)) {
        await tx.objectStore('originals').delete(gone.originalId);
      }
    });
  }

  /** Sets the order of a book's pages to `ids` (all of the book's page ids). */
  async reorderPages(bookId: string, ids: readonly string[], event: AuditDraft): Promise<void> {
    await this.tallied(['pages', 'audit'], 'thứ tự trang', async (tx, tally) => {
      const store = tx.objectStore('pages');
      const pages = (await store.index('byBook').getAll(bookId)).map(normalizePage);
      if (pages.length !== ids.length || !pages.every((p) => ids.includes(p.id))) {
        throw new StorageError('conflict', 'Danh sách trang đã thay đổi; hãy tải lại rồi sắp xếp lại.');
      }
      const before = [...pages].sort((a, b) => a.order - b.order).map((p) => p.id);
      for (const p of pages) {
        const order = ids.indexOf(p.id);
        if (p.order !== order) await tally.putPage({ ...p, order });
      }
      await appendEvents(tx, this.machineId, [{ ...event, before, after: [...ids] }]);
    });
  }

  // ---- OCR ---------------------------------------------------------------------------------------------

  async getOcr(pageId: string): Promise<StoredOcr | undefined> {
    return this.db.get('ocr', pageId);
  }

  /**
   * Stores a page's OCR, marks the page done and adds `entries` (the pre-filled drafts) — only if the page
   * has no entries yet, so an operator who started keying before OCR finished keeps their work.
   * Returns whether the entries were added.
   */
  async saveOcr(
    ocr: StoredOcr,
    entries: readonly Entry[],
    event: AuditDraft,
    /** The register the page names when it is not its book's (kept on the page, with the OCR state). */
    otherRegister: OtherRegister | null = null,
  ): Promise<boolean> {
    let added = false;
    await this.tallied(['ocr', 'pages', 'entries', 'audit'], 'kết quả nhận dạng', async (tx, tally) => {
      const page = await tx.objectStore('pages').get(ocr.pageId);
      if (!page) return; // the page was deleted meanwhile
      await tx.objectStore('ocr').put(ocr);
      await tally.putPage({ ...normalizePage(page), ocr: 'done', ocrError: null, otherRegister });
      const existing = await tx.objectStore('entries').index('byPage').count(ocr.pageId);
      added = existing === 0;
      const after = { ocr: 'done', entries: added ? entries.map((e) => e.id) : [] };
      const sealed = await appendEvents(tx, this.machineId, [
        { ...event, after: otherRegister ? { ...after, otherRegister: otherRegister.type } : after },
      ]);
      if (added) {
        for (const e of entries) {
          await tally.putEntry(stampChanges(undefined, e, await this.stampFor(tx, e.bookId, sealed, 0)));
        }
      }
    });
    return added;
  }

  /** Sets a page's OCR state back to pending (read it again) or to failed with its message. */
  async setOcrState(pageId: string, state: 'pending' | 'failed', message: string | null, event: AuditDraft) {
    await this.tallied(['pages', 'audit'], 'trạng thái nhận dạng', async (tx, tally) => {
      const page = await tx.objectStore('pages').get(pageId);
      if (!page) return;
      await tally.putPage({ ...normalizePage(page), ocr: state, ocrError: message });
      await appendEvents(tx, this.machineId, [{ ...event, after: { ocr: state, message } }]);
    });
  }

  // ---- entries -----------------------------------------------------------------------------------------

  async listEntries(bookId: string): Promise<Entry[]> {
    return (await this.db.getAllFromIndex('entries', 'byBook', bookId)).map(normalizeEntry);
  }

  async listPageEntries(pageId: string): Promise<Entry[]> {
    const all = (await this.db.getAllFromIndex('entries', 'byPage', pageId)).map(normalizeEntry);
    // Entries starting on this page first (by order), then those continued from the previous page.
    return all.sort(
      (a, b) => Number(a.pageIds[0] !== pageId) - Number(b.pageIds[0] !== pageId) || a.order - b.order,
    );
  }

  /**
   * Writes entries and their events in one transaction. A put is refused if the stored revision is no longer
   * `entry.revision` (another tab changed the entry); every put is stored with revision + 1. Returns the stored
   * copies and the sealed events.
   */
  async saveEntries(change: EntryChange): Promise<{ entries: Entry[]; events: AuditEvent[] }> {
    let out: { entries: Entry[]; events: AuditEvent[] } = { entries: [], events: [] };
    await this.tallied(['entries', 'audit'], 'mục đăng ký', async (tx, tally) => {
      out = await this.putEntries(tx, tally, change);
    });
    return out;
  }

  /**
   * Writes a book record together with entries and the events of both, in one transaction (an acceptance
   * decision: the book's record and every entry it moves, all or nothing). Entry puts are revision-checked as in
   * `saveEntries`.
   */
  async saveBookWithEntries(
    book: Book,
    change: EntryChange,
  ): Promise<{ entries: Entry[]; events: AuditEvent[] }> {
    let out: { entries: Entry[]; events: AuditEvent[] } = { entries: [], events: [] };
    await this.tallied(['books', 'entries', 'audit'], 'kết quả nghiệm thu', async (tx, tally) => {
      await tx.objectStore('books').put(book);
      out = await this.putEntries(tx as never, tally, change);
    });
    return out;
  }

  private async putEntries(
    tx: IDBPTransaction<
      SohoaDB,
      ['entries', 'audit', 'entrySummaries', 'bookCounters', 'summaryPacks', 'pagePacks'],
      'readwrite'
    >,
    tally: Tally,
    change: EntryChange,
  ): Promise<{ entries: Entry[]; events: AuditEvent[] }> {
    const store = tx.objectStore('entries');
    const saved: Entry[] = [];
    // Events first: each changed value is stamped with the event of its book's chain that covers it (merge.ts).
    const events = await appendEvents(tx, this.machineId, change.events);
    const now = Date.now();
    for (const entry of change.put ?? []) {
      const raw = await store.get(entry.id);
      const current = raw ? normalizeEntry(raw) : undefined;
      if (current ? current.revision !== entry.revision : entry.revision !== 0) {
        throw new StorageError(
          'conflict',
          'Mục này vừa được sửa ở một cửa sổ khác; hãy tải lại trang để xem bản mới nhất.',
        );
      }
      const stamp = await this.stampFor(tx, entry.bookId, events, now);
      const next = stampChanges(current, { ...entry, revision: entry.revision + 1, updatedAt: now }, stamp);
      await tally.putEntry(next);
      saved.push(next);
    }
    for (const id of change.remove ?? []) await tally.deleteEntry(id);
    return { entries: saved, events };
  }

  /** The stamp of a change to `bookId` written with `events`: the last of them in the book's chain, or its head. */
  private async stampFor(
    tx: IDBPTransaction<SohoaDB, StoreName[], 'readwrite'>,
    bookId: string,
    events: readonly AuditEvent[],
    now: number,
  ): Promise<ChangeStamp> {
    const mine = events.filter((e) => e.bookId === bookId);
    const last = mine[mine.length - 1] ?? (await chainHead(tx, bookId, this.machineId));
    return { at: last?.at ?? now, by: last?.userId ?? '', machineId: this.machineId, seq: last?.seq ?? 0 };
  }

  // ---- work packages (DESIGN.md §3.9) ------------------------------------------------------------------

  /**
   * What a work package of `bookId` carries, read in one transaction that also records the export (`event`, action
   * 'package.export') at the head of this machine's chain of the book, so the package carries its own export and
   * a field edit open before it is never amended afterwards. Undefined when the book is gone.
   */
  async packageSource(
    bookId: string,
    event: AuditDraft,
    opts: { originals: boolean },
  ): Promise<PackageRecords | undefined> {
    let out: PackageRecords | undefined;
    const stores = ['books', 'pages', 'pageImages', 'ocr', 'entries', 'audit', 'originals'] as const;
    await this.write([...stores], 'việc xuất gói công việc', async (tx) => {
      const raw = await tx.objectStore('books').get(bookId);
      if (!raw) return;
      const pages = (await tx.objectStore('pages').index('byBook').getAll(bookId)).map(normalizePage);
      const entries = (await tx.objectStore('entries').index('byBook').getAll(bookId)).map(normalizeEntry);
      await appendEvents(tx, this.machineId, [
        {
          ...event,
          bookId,
          after: { pages: pages.length, entries: entries.length, originals: opts.originals },
        },
      ]);
      const used = new Set(pages.map((p) => p.originalId));
      out = {
        book: normalizeBook(raw),
        pages,
        images: await tx.objectStore('pageImages').index('byBook').getAll(bookId),
        ocr: await tx.objectStore('ocr').index('byBook').getAll(bookId),
        entries,
        events: await tx.objectStore('audit').getAll(bookRange(bookId)),
        originals: opts.originals
          ? (await tx.objectStore('originals').index('byBook').getAll(bookId)).filter((o) => used.has(o.id))
          : [],
      };
    });
    return out;
  }

  /**
   * Imports a verified work package in one transaction (DESIGN.md §3.9): a book new here is added whole; a book
   * this machine has is merged (domain/records/merge.ts): entries new here added, values changed only there taken,
   * values changed on both sides listed in `conflicts` (this machine's value kept), pages and OCR new here added.
   * The other machines' chains are stored as their own chains (the events this machine lacks; an overlap that
   * differs refuses the package), and the import itself is recorded in this machine's chain (`event`). A package
   * that brings nothing new writes nothing at all (importing twice changes nothing).
   */
  async importPackage(
    pkg: IncomingPackage,
    event: AuditDraft,
    now = Date.now(),
  ): Promise<PackageImportResult> {
    const bookId = pkg.book.id;
    const stores = [
      'books',
      'pages',
      'pageImages',
      'ocr',
      'entries',
      'audit',
      'originals',
      'conflicts',
    ] as const;
    const result: PackageImportResult = {
      bookId,
      newBook: false,
      changed: false,
      entriesAdded: 0,
      fieldsTaken: 0,
      conflicts: 0,
      conflictsOpen: 0,
      pagesAdded: 0,
      eventsAdded: 0,
      entriesRemoved: 0,
      skippedDeleted: 0,
      bookUpdated: false,
    };
    await this.tallied([...stores], 'gói công việc', async (tx, tally) => {
      const audit = tx.objectStore('audit');
      const localEvents = await audit.getAll(bookRange(bookId));
      // Chains: the package's copy of a chain this machine holds must agree on every event both have.
      const byKey = new Map(localEvents.map((e) => [`${e.machineId}\u0000${e.seq}`, e]));
      const fresh: AuditEvent[] = [];
      for (const e of pkg.events) {
        const mine = byKey.get(`${e.machineId}\u0000${e.seq}`);
        if (!mine) fresh.push(e);
        else if (mine.hash !== e.hash)
          throw new StorageError(
            'conflict',
            `Nhật ký của máy ${e.machineId} trong gói khác với bản máy này đã có (sự kiện số ${e.seq}): gói không được nhập.`,
          );
      }
      const localBook = await tx.objectStore('books').get(bookId);
      const localHeads = chainHeads(localEvents);
      const incomingHeads = chainHeads(pkg.events);
      const pagesStore = tx.objectStore('pages');
      const localPages = (await pagesStore.index('byBook').getAll(bookId)).map(normalizePage);
      const localEntries = (await tx.objectStore('entries').index('byBook').getAll(bookId)).map(
        normalizeEntry,
      );
      const bookMerge = localBook
        ? mergeBook({
            local: normalizeBook(localBook),
            localHeads,
            localEvents,
            incoming: pkg.book,
            incomingHeads,
            incomingEvents: pkg.events,
            now,
          })
        : null;
      const here = deletionsIn(localEvents);
      const there = deletionsIn(pkg.events);
      const merge = mergePackageEntries({
        bookId,
        local: localEntries,
        localHeads,
        incoming: pkg.entries,
        incomingHeads,
        deletedHere: here.entries,
        deletedThere: there.entries,
        fromMachineId: pkg.machineId,
        now,
      });
      // Pages and OCR this machine lacks (and never deleted).
      const havePages = new Set(localPages.map((p) => p.id));
      const newPages = pkg.pages.filter((p) => !havePages.has(p.id) && !here.pages.has(p.id));
      const ocrStore = tx.objectStore('ocr');
      const newOcr: StoredOcr[] = [];
      for (const o of pkg.ocr) {
        if (here.pages.has(o.pageId) || (await ocrStore.count(o.pageId))) continue;
        newOcr.push(o);
      }
      // Conflicts: new ones, or ones whose values moved since they were listed.
      const conflictStore = tx.objectStore('conflicts');
      const conflicts: MergeConflict[] = [];
      for (const c of merge.conflicts) {
        const stored = await conflictStore.get([c.bookId, c.entryId, c.field]);
        if (!stored || !sameConflict(stored, c)) conflicts.push(c);
      }
      result.newBook = !localBook;
      result.entriesAdded = merge.added;
      result.fieldsTaken = merge.taken;
      result.conflicts = conflicts.length;
      result.pagesAdded = newPages.length;
      result.eventsAdded = fresh.length;
      result.entriesRemoved = merge.remove.length;
      result.skippedDeleted = merge.skippedDeleted;
      result.bookUpdated = bookMerge?.changed === true;
      result.changed =
        !localBook ||
        result.bookUpdated ||
        fresh.length > 0 ||
        merge.put.length > 0 ||
        merge.remove.length > 0 ||
        newPages.length > 0 ||
        newOcr.length > 0 ||
        conflicts.length > 0;
      if (!result.changed) {
        result.conflictsOpen = await conflictStore.index('byBook').count(bookId);
        return;
      }

      if (!localBook) await tx.objectStore('books').put(pkg.book);
      else if (bookMerge?.changed) await tx.objectStore('books').put(bookMerge.book);
      // Pages new here go after this machine's pages, in the package's order.
      let order = localPages.length;
      for (const p of [...newPages].sort((a, b) => a.order - b.order)) {
        const img = pkg.images(p.id);
        if (!img) throw new StorageError('failed', `Gói thiếu ảnh của trang "${p.fileName}".`);
        await tally.putPage({ ...p, order: localBook ? order++ : p.order });
        await tx.objectStore('pageImages').put({ pageId: p.id, bookId, image: img.image, thumb: img.thumb });
      }
      for (const o of newOcr) await ocrStore.put(o);
      const originals = tx.objectStore('originals');
      for (const o of pkg.originals) if (!(await originals.count(o.id))) await originals.put(o);
      for (const e of merge.put) {
        await tally.putEntry({ ...e, revision: e.revision + 1, updatedAt: now });
      }
      for (const id of merge.remove) await tally.deleteEntry(id);
      for (const c of conflicts) await conflictStore.put(c);
      for (const e of fresh) await audit.add(e, auditKey(e));
      await appendEvents(tx, this.machineId, [
        {
          ...event,
          bookId,
          after: {
            package: pkg.id,
            from: pkg.machineId,
            newBook: result.newBook,
            entriesAdded: result.entriesAdded,
            fieldsTaken: result.fieldsTaken,
            conflicts: result.conflicts,
            pagesAdded: result.pagesAdded,
            entriesRemoved: result.entriesRemoved,
            ...(bookMerge?.changed
              ? {
                  book: {
                    settings: bookMerge.settingsTaken,
                    acceptances: bookMerge.acceptancesTaken,
                    notes: bookMerge.notesTaken,
                  },
                }
              : {}),
          },
        },
      ]);
      result.conflictsOpen = await conflictStore.index('byBook').count(bookId);
    });
    return result;
  }

  /**
   * Whether this machine holds `bookId` and every chain head of `heads` (machineId → seq and hash) in its chains:
   * then a package with that base brings nothing new (its events, and so every change it carries, are known here;
   * merge.ts), and importing it again can stop before reading its members. Also the book's open conflicts.
   */
  async holdsChains(
    bookId: string,
    heads: Readonly<Record<string, { seq: number; hash: string }>>,
  ): Promise<{ holds: boolean; conflictsOpen: number }> {
    const tx = this.db.transaction(['books', 'audit', 'conflicts'], 'readonly');
    if (!(await tx.objectStore('books').count(bookId))) return { holds: false, conflictsOpen: 0 };
    for (const [machineId, head] of Object.entries(heads)) {
      const e = await tx.objectStore('audit').get([bookId, machineId, head.seq]);
      if (e?.hash !== head.hash) return { holds: false, conflictsOpen: 0 };
    }
    return { holds: true, conflictsOpen: await tx.objectStore('conflicts').index('byBook').count(bookId) };
  }

  /** Open conflicts per book (the book list). */
  async conflictCounts(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const [bookId] of await this.db.getAllKeys('conflicts')) out.set(bookId, (out.get(bookId) ?? 0) + 1);
    return out;
  }

  /** A book's open conflicts (values changed on two machines), by entry then field. */
  async listConflicts(bookId: string): Promise<MergeConflict[]> {
    return this.db.getAllFromIndex('conflicts', 'byBook', bookId);
  }

  /**
   * Settles a conflict with the value a person chose from the image ('local': this machine's, 'incoming': the
   * package's), in one transaction with its event ('field.resolve'); the chosen value is stamped as a change made
   * here, so the choice wins on the other machine at the next exchange. Refused when the conflict is gone.
   */
  async resolveConflict(
    conflict: Pick<MergeConflict, 'bookId' | 'entryId' | 'field'>,
    choice: 'local' | 'incoming',
    event: AuditDraft,
  ): Promise<Entry | undefined> {
    let out: Entry | undefined;
    await this.tallied(['entries', 'audit', 'conflicts'], 'lựa chọn giá trị', async (tx, tally) => {
      const key: ConflictKey = [conflict.bookId, conflict.entryId, conflict.field];
      const stored = await tx.objectStore('conflicts').get(key);
      if (!stored) throw new StorageError('conflict', 'Xung đột này đã được giải quyết ở một cửa sổ khác.');
      await tx.objectStore('conflicts').delete(key);
      const raw = await tx.objectStore('entries').get(conflict.entryId);
      const [sealed] = await appendEvents(tx, this.machineId, [
        {
          ...event,
          bookId: conflict.bookId,
          entryId: conflict.entryId,
          field: conflict.field,
          before: stored.local,
          after: choice === 'local' ? stored.local : stored.incoming,
          note:
            choice === 'local' ? 'giữ giá trị của máy này' : `lấy giá trị của máy ${stored.fromMachineId}`,
        },
      ]);
      if (!raw || !sealed) return; // the entry was deleted here meanwhile: the choice is recorded, nothing to set
      const entry = normalizeEntry(raw);
      const stamp: ChangeStamp = {
        at: sealed.at,
        by: sealed.userId ?? '',
        machineId: this.machineId,
        seq: sealed.seq,
      };
      const chosen = choice === 'local' ? stored.local : stored.incoming;
      out = {
        ...applyChoice(entry, conflict.field, chosen, stamp),
        revision: entry.revision + 1,
        updatedAt: Date.now(),
      };
      await tally.putEntry(out);
    });
    return out;
  }

  // ---- audit -------------------------------------------------------------------------------------------

  /** Every event of a book's chains (all machines), in key order (chain by chain, seq ascending). */
  async listBookEvents(bookId: string | null): Promise<AuditEvent[]> {
    return this.db.getAll('audit', bookRange(bookId));
  }

  async listEntryEvents(entryId: string): Promise<AuditEvent[]> {
    const all = await this.db.getAllFromIndex('audit', 'byEntry', entryId);
    return all.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  // ---- users -------------------------------------------------------------------------------------------

  async listUsers(): Promise<User[]> {
    const all = await this.db.getAll('users');
    return all.map(normalizeUser).sort((a, b) => a.createdAt - b.createdAt);
  }

  async putUser(user: User): Promise<void> {
    await this.write(['users'], 'hồ sơ người dùng', async (tx) => {
      await tx.objectStore('users').put(user);
    });
  }

  // ---- settings ----------------------------------------------------------------------------------------

  async getSetting<T>(key: string): Promise<T | undefined> {
    const r = await this.db.get('settings', key);
    return r?.value as T | undefined;
  }

  async putSetting(key: string, value: unknown): Promise<void> {
    await this.write(['settings'], 'thiết lập', async (tx) => {
      await tx.objectStore('settings').put({ key, value });
    });
  }

  /** An event about a book that changes nothing else in the store (e.g. 'book.send': the province's receipt). */
  async recordBookEvent(event: AuditDraft): Promise<void> {
    await this.write(['audit'], 'nhật ký', async (tx) => {
      await appendEvents(tx, this.machineId, [event]);
    });
  }

  /**
   * A setting that matters for what leaves the workstation (e.g. the export file name pattern), stored with its
   * audit event (`settings.update`, in this machine's own chain: bookId null) in one transaction.
   */
  async putAuditedSetting(key: string, value: unknown, event: AuditDraft): Promise<void> {
    await this.write(['settings', 'audit'], 'thiết lập', async (tx) => {
      await tx.objectStore('settings').put({ key, value });
      await appendEvents(tx, this.machineId, [{ ...event, bookId: null }]);
    });
  }

  // ---- inventory ---------------------------------------------------------------------------------------

  /** The books to digitise, by commune code, type, year and book number. */
  async listInventory(): Promise<InventoryRow[]> {
    return (await this.db.getAll('inventory')).map(normalizeInventoryRow);
  }

  /**
   * Puts and removes inventory rows with the event recording them (the machine's own chain: the inventory belongs
   * to no book), in one transaction.
   */
  async saveInventory(change: {
    put?: readonly InventoryRow[];
    remove?: readonly string[];
    event: AuditDraft;
  }): Promise<void> {
    await this.write(['inventory', 'audit'], 'danh mục sổ', async (tx) => {
      const store = tx.objectStore('inventory');
      for (const id of change.remove ?? []) await store.delete(id);
      for (const row of change.put ?? []) await store.put(row);
      await appendEvents(tx, this.machineId, [{ ...change.event, bookId: null }]);
    });
  }

  // ---- plumbing ----------------------------------------------------------------------------------------

  /**
   * A write that changes entries or pages: they go through the tally (summaries and counters in the same
   * transaction); once committed, the listeners hear what changed.
   */
  private async tallied<S extends StoreName[]>(
    stores: S,
    what: string,
    body: (
      tx: IDBPTransaction<
        SohoaDB,
        [...S, 'entrySummaries', 'bookCounters', 'summaryPacks', 'pagePacks'],
        'readwrite'
      >,
      tally: Tally,
    ) => Promise<void>,
  ): Promise<void> {
    let change: TallyChange | null = null;
    const all: [...S, 'entrySummaries', 'bookCounters', 'summaryPacks', 'pagePacks'] = [
      ...stores,
      'entrySummaries',
      'bookCounters',
      'summaryPacks',
      'pagePacks',
    ];
    await this.write(all, what, async (tx) => {
      const tally = new Tally(tx as never);
      await body(tx, tally);
      change = await tally.finish();
    });
    const done = change as TallyChange | null;
    if (done && (done.summaries.length || done.removed.length || done.counters.length)) {
      for (const fn of this.listeners) {
        try {
          fn(done);
        } catch (e) {
          console.error(e); // the write is on disk; a listener's failure must not report it as failed
        }
      }
    }
  }

  private async write<S extends StoreName[]>(
    stores: S,
    what: string,
    body: (tx: IDBPTransaction<SohoaDB, S, 'readwrite'>) => Promise<void>,
  ): Promise<void> {
    const tx = this.db.transaction(stores, 'readwrite');
    try {
      await body(tx);
      await tx.done;
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
      await tx.done.catch(() => undefined);
      throw toStorageError(e, what);
    }
  }
}
