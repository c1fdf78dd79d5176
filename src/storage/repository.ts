/**
 * The only door to IndexedDB (idb, typed schema). Every write resolves only once its transaction has
 * committed, so callers can move the UI on knowing the data is on disk; failures become StorageError.
 */
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { AuditDraft, AuditEvent } from '../domain/records/audit';
import type { Book } from '../domain/records/book';
import type { Entry } from '../domain/records/entry';
import type { OtherRegister, Page } from '../domain/records/page';
import { normalizeUser, type User } from '../domain/records/user';
import { normalizeBook, normalizeEntry, normalizePage } from '../domain/records';
import { normalizeCounters, type BookCounters, type EntrySummary } from '../domain/records/summary';
import { normalizeInventoryRow, type InventoryRow } from '../domain/reports/inventory';
import { appendEvents, bookRange, dropTail, type ChainDraft } from './audit';
import { StorageError, toStorageError } from './errors';
import { packRange, unpackSummaries } from './packs';
import { Tally, type TallyChange } from './tally';
import { DB_VERSION, runMigrations } from './migrations';
import {
  DB_NAME,
  MACHINE_ID_KEY,
  type OriginalRecord,
  type PageImageRecord,
  type SohoaDB,
  type StoreName,
  type StoredOcr,
} from './schema';

export type { OriginalRecord, PageImageRecord, StoredOcr } from './schema';
export type { TallyChange } from './tally';

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
    const under = ['pages', 'originals', 'pageImages', 'ocr', 'entries', 'entrySummaries'] as const;
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
      if (existing === 0) {
        for (const e of entries) await tally.putEntry(e);
        added = true;
      }
      const after = { ocr: 'done', entries: added ? entries.map((e) => e.id) : [] };
      await appendEvents(tx, this.machineId, [
        { ...event, after: otherRegister ? { ...after, otherRegister: otherRegister.type } : after },
      ]);
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
    for (const entry of change.put ?? []) {
      const current = await store.get(entry.id);
      if (current ? normalizeEntry(current).revision !== entry.revision : entry.revision !== 0) {
        throw new StorageError(
          'conflict',
          'Mục này vừa được sửa ở một cửa sổ khác; hãy tải lại trang để xem bản mới nhất.',
        );
      }
      const next = { ...entry, revision: entry.revision + 1, updatedAt: Date.now() };
      await tally.putEntry(next);
      saved.push(next);
    }
    for (const id of change.remove ?? []) await tally.deleteEntry(id);
    const events = await appendEvents(tx, this.machineId, change.events);
    return { entries: saved, events };
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
