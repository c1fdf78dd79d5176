/**
 * The only door to IndexedDB (idb, typed schema). Every write resolves only once its transaction has
 * committed, so callers can move the UI on knowing the data is on disk; failures become StorageError.
 */
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { Book } from '../domain/records/book';
import type { Entry } from '../domain/records/entry';
import type { Page } from '../domain/records/page';
import { StorageError, toStorageError } from './errors';
import { DB_VERSION, runMigrations } from './migrations';
import { normalizeBook, normalizeEntry, normalizePage } from '../domain/records';
import {
  DB_NAME,
  type AuditRecord,
  type OriginalRecord,
  type PageImageRecord,
  type SohoaDB,
  type StoredOcr,
} from './schema';

export type { AuditRecord, OriginalRecord, PageImageRecord, StoredOcr } from './schema';

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
    return new Repository(db);
  } catch (e) {
    throw new StorageError('failed', 'Không mở được kho dữ liệu của trình duyệt (IndexedDB).', { cause: e });
  }
}

export class Repository {
  constructor(private readonly db: IDBPDatabase<SohoaDB>) {}

  close(): void {
    this.db.close();
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

  async putBook(book: Book): Promise<void> {
    await this.write(['books'], 'sổ', async (tx) => {
      await tx.objectStore('books').put(book);
    });
  }

  /** Deletes a book and everything under it, in one transaction (all or nothing). */
  async deleteBook(id: string): Promise<void> {
    const under = ['pages', 'originals', 'pageImages', 'ocr', 'entries', 'audit'] as const;
    await this.write(['books', ...under], 'việc xoá sổ', async (tx) => {
      await tx.objectStore('books').delete(id);
      for (const s of under) {
        const index = tx.objectStore(s).index('byBook');
        for (let c = await index.openCursor(id); c; c = await c.continue()) await c.delete();
      }
    });
  }

  // ---- pages -------------------------------------------------------------------------------------------

  async listPages(bookId: string): Promise<Page[]> {
    const all = await this.db.getAllFromIndex('pages', 'byBook', bookId);
    return all.map(normalizePage).sort((a, b) => a.order - b.order);
  }

  async getPage(id: string): Promise<Page | undefined> {
    const p = await this.db.get('pages', id);
    return p ? normalizePage(p) : undefined;
  }

  async putPage(page: Page): Promise<void> {
    await this.write(['pages'], 'trang', async (tx) => {
      await tx.objectStore('pages').put(page);
    });
  }

  async putOriginal(rec: OriginalRecord): Promise<void> {
    await this.write(['originals'], `tệp gốc "${rec.fileName}"`, async (tx) => {
      await tx.objectStore('originals').put(rec);
    });
  }

  async getOriginal(id: string): Promise<OriginalRecord | undefined> {
    return this.db.get('originals', id);
  }

  /** A new page with its image, in one transaction. */
  async addPage(page: Page, image: PageImageRecord): Promise<void> {
    await this.write(['pages', 'pageImages'], `trang ${page.order + 1}`, async (tx) => {
      await tx.objectStore('pageImages').put(image);
      await tx.objectStore('pages').put(page);
    });
  }

  async getPageImage(pageId: string): Promise<PageImageRecord | undefined> {
    return this.db.get('pageImages', pageId);
  }

  /**
   * Removes what one import added (its original and pages), used when an import fails or is cancelled, so
   * the book is left exactly as it was.
   */
  async removeImport(originalId: string, pageIds: readonly string[]): Promise<void> {
    await this.write(
      ['originals', 'pages', 'pageImages', 'ocr', 'entries'],
      'việc huỷ nhập tệp',
      async (tx) => {
        await tx.objectStore('originals').delete(originalId);
        for (const id of pageIds) {
          await tx.objectStore('pages').delete(id);
          await tx.objectStore('pageImages').delete(id);
          await tx.objectStore('ocr').delete(id);
          const idx = tx.objectStore('entries').index('byPage');
          for (let c = await idx.openCursor(id); c; c = await c.continue()) await c.delete();
        }
      },
    );
  }

  /** Deletes a page, its image, OCR and the entries that start on it; renumbers the others densely. */
  async deletePage(bookId: string, pageId: string): Promise<void> {
    await this.write(['pages', 'pageImages', 'ocr', 'entries', 'originals'], 'việc xoá trang', async (tx) => {
      const pages = tx.objectStore('pages');
      const gone = await pages.get(pageId);
      await pages.delete(pageId);
      await tx.objectStore('pageImages').delete(pageId);
      await tx.objectStore('ocr').delete(pageId);
      const entries = tx.objectStore('entries');
      for (let c = await entries.index('byPage').openCursor(pageId); c; c = await c.continue()) {
        const e = normalizeEntry(c.value);
        if (e.pageIds[0] === pageId) await c.delete();
        else await c.update({ ...e, pageIds: e.pageIds.filter((p) => p !== pageId) });
      }
      const rest = (await pages.index('byBook').getAll(bookId))
        .map(normalizePage)
        .sort((a, b) => a.order - b.order);
      for (const [i, p] of rest.entries()) if (p.order !== i) await pages.put({ ...p, order: i });
      // The original goes once no page refers to it any more.
      if (gone && !rest.some((p) => p.originalId === gone.originalId)) {
        await tx.objectStore('originals').delete(gone.originalId);
      }
    });
  }

  /** Sets the order of a book's pages to `ids` (all of the book's page ids). */
  async reorderPages(bookId: string, ids: readonly string[]): Promise<void> {
    await this.write(['pages'], 'thứ tự trang', async (tx) => {
      const store = tx.objectStore('pages');
      const pages = (await store.index('byBook').getAll(bookId)).map(normalizePage);
      if (pages.length !== ids.length || !pages.every((p) => ids.includes(p.id))) {
        throw new StorageError('conflict', 'Danh sách trang đã thay đổi; hãy tải lại rồi sắp xếp lại.');
      }
      for (const p of pages) {
        const order = ids.indexOf(p.id);
        if (p.order !== order) await store.put({ ...p, order });
      }
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
  async saveOcr(ocr: StoredOcr, entries: readonly Entry[]): Promise<boolean> {
    let added = false;
    await this.write(['ocr', 'pages', 'entries'], 'kết quả nhận dạng', async (tx) => {
      await tx.objectStore('ocr').put(ocr);
      const page = await tx.objectStore('pages').get(ocr.pageId);
      if (!page) return; // the page was deleted meanwhile
      await tx.objectStore('pages').put({ ...normalizePage(page), ocr: 'done', ocrError: null });
      const existing = await tx.objectStore('entries').index('byPage').count(ocr.pageId);
      if (existing === 0) {
        for (const e of entries) await tx.objectStore('entries').put(e);
        added = true;
      }
    });
    return added;
  }

  async markOcrFailed(pageId: string, message: string): Promise<void> {
    await this.write(['pages'], 'trạng thái nhận dạng', async (tx) => {
      const page = await tx.objectStore('pages').get(pageId);
      if (page)
        await tx.objectStore('pages').put({ ...normalizePage(page), ocr: 'failed', ocrError: message });
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
   * Writes an entry if the stored revision is still `entry.revision` (another tab has not changed it);
   * returns the stored copy (revision + 1). Optionally appends an audit event in the same transaction.
   */
  async saveEntry(entry: Entry, audit?: Omit<AuditRecord, 'id'>): Promise<Entry> {
    let saved = entry;
    await this.write(['entries', 'audit'], 'mục đăng ký', async (tx) => {
      const store = tx.objectStore('entries');
      const current = await store.get(entry.id);
      if (current && normalizeEntry(current).revision !== entry.revision) {
        throw new StorageError(
          'conflict',
          'Mục này vừa được sửa ở một cửa sổ khác; hãy tải lại trang để xem bản mới nhất.',
        );
      }
      saved = { ...entry, revision: entry.revision + 1, updatedAt: Date.now() };
      await store.put(saved);
      if (audit) await tx.objectStore('audit').add(audit);
    });
    return saved;
  }

  async deleteEntry(id: string): Promise<void> {
    await this.write(['entries'], 'việc xoá mục', async (tx) => {
      await tx.objectStore('entries').delete(id);
    });
  }

  async getEntry(id: string): Promise<Entry | undefined> {
    const e = await this.db.get('entries', id);
    return e ? normalizeEntry(e) : undefined;
  }

  async listAudit(entryId: string): Promise<AuditRecord[]> {
    return this.db.getAllFromIndex('audit', 'byEntry', entryId);
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

  // ---- plumbing ----------------------------------------------------------------------------------------

  private async write<
    S extends ('books' | 'pages' | 'originals' | 'pageImages' | 'ocr' | 'entries' | 'audit' | 'settings')[],
  >(
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
