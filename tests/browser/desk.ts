/**
 * Helpers that drive the workstation like an operator (clicks and keys), plus read-only peeks into the real
 * IndexedDB of the page for assertions.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

export const OCR_TIMEOUT = 300_000;

export interface NewBook {
  type: string;
  year: number;
  commune: string;
  bookNumber: string;
}

/** Creates a book from the "Sổ" screen; ends on the book's page screen. */
export async function createBook(page: Page, b: NewBook): Promise<void> {
  await page.getByRole('button', { name: 'Sổ', exact: true }).click();
  await page.getByRole('button', { name: /Tạo sổ mới/ }).click();
  await page.locator('select[name=type]').selectOption(b.type);
  await page.locator('input[name=year]').fill(String(b.year));
  const combo = page.getByRole('combobox', { name: 'Xã/phường' });
  await combo.fill(b.commune);
  await page.locator('[role=listbox] [role=option]').first().waitFor();
  await combo.press('ArrowDown');
  await combo.press('Enter');
  await page.locator('input[name=bookNumber]').fill(b.bookNumber);
  await page.getByRole('button', { name: 'Tạo sổ', exact: true }).click();
  await page.locator('#book-title').waitFor();
}

/** Picks files in the import panel (as the file chooser would). */
export async function importFiles(
  page: Page,
  files: { path: string; name?: string; mimeType?: string }[],
): Promise<void> {
  await page.getByTestId('import-input').setInputFiles(
    files.map((f) => ({
      name: f.name ?? basename(f.path),
      mimeType: f.mimeType ?? (f.path.endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream'),
      buffer: readFileSync(f.path),
    })),
  );
}

export interface ImportCard {
  /** The headline: "Đã nhập n trang từ m tệp; k tệp bị từ chối." */
  text: string;
  kind: string;
  /** The per-file lines of the expandable part (refusals and warnings first). */
  details: { text: string; kind: string }[];
}

/** Waits until the import panel is idle with at least `atLeast` summary cards (one per import) and returns them. */
export async function importMessages(page: Page, atLeast: number): Promise<ImportCard[]> {
  await expect
    .poll(async () => page.locator('.messages > li').count(), { timeout: 120_000, interval: 300 })
    .toBeGreaterThanOrEqual(atLeast);
  await expect.poll(async () => page.locator('.drop .progress').count(), { timeout: 120_000 }).toBe(0);
  return page.$$eval('.messages > li', (lis) =>
    lis.map((li) => ({
      text: li.querySelector('.headline')?.textContent ?? '',
      kind: li.getAttribute('data-kind') ?? '',
      details: Array.from(li.querySelectorAll('.details li')).map((d) => ({
        text: d.textContent,
        kind: d.getAttribute('data-kind') ?? '',
      })),
    })),
  );
}

/**
 * Waits until background OCR has nothing left to do for the open book's `total` pages (each read or failed):
 * the app's own state, so counts taken afterwards cannot change under the test.
 */
export async function waitOcrIdle(page: Page, total: number): Promise<void> {
  const nav = page.locator('nav.top');
  await expect
    .poll(async () => [await nav.getAttribute('data-ocr'), await nav.getAttribute('data-ocr-total')], {
      timeout: OCR_TIMEOUT,
      interval: 300,
    })
    .toEqual(['idle', String(total)]);
}

/** Record count of each object store, by store name (the stores every version of the database has, named). */
export type DbCounts = Record<string, number> &
  Record<'books' | 'pages' | 'pageImages' | 'originals' | 'ocr' | 'entries', number>;

/**
 * Record counts of every object store of the database (read from `db.objectStoreNames`, so a store added by a
 * later migration is counted without touching this helper). With `bookId`: only the records of that book — the
 * book itself in `books`, and in every store with a `byBook` index the records whose bookId is that book (stores
 * without one, such as settings, are left out).
 */
export async function dbCounts(page: Page, bookId?: string): Promise<DbCounts> {
  return page.evaluate(async (bookId) => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('sohoa');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(new Error(String(r.error)));
    });
    const count = (name: string): Promise<number | null> =>
      new Promise((res, rej) => {
        const store = db.transaction(name).objectStore(name);
        let r: IDBRequest<number>;
        if (bookId === undefined) r = store.count();
        else if (name === 'books') r = store.count(bookId);
        else if (store.indexNames.contains('byBook')) r = store.index('byBook').count(bookId);
        else return res(null);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(new Error(String(r.error)));
      });
    const out: Record<string, number> = {};
    for (const name of Array.from(db.objectStoreNames)) {
      const n = await count(name);
      if (n !== null) out[name] = n;
    }
    db.close();
    return out as DbCounts;
  }, bookId);
}

/** Every record of one store (read straight from IndexedDB). */
export async function readStore<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('sohoa');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(new Error(String(r.error)));
    });
    const all = await new Promise<unknown[]>((res, rej) => {
      const r = db.transaction(name).objectStore(name).getAll();
      r.onsuccess = () => res(r.result as unknown[]);
      r.onerror = () => rej(new Error(String(r.error)));
    });
    db.close();
    return all;
  }, store) as Promise<T[]>;
}

/**
 * Makes the app's next `n` write transactions that record audit events abort as soon as they start (a fault
 * injected into the page's real IndexedDB: the write fails as a full disk or a crashed transaction would).
 */
export async function failNextWrites(page: Page, n: number): Promise<void> {
  await page.evaluate((count) => {
    const w = window as unknown as { __failWrites?: number; __failPatched?: boolean };
    w.__failWrites = count;
    if (w.__failPatched) return;
    w.__failPatched = true;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .call(this, …)
    const original = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (
      this: IDBDatabase,
      names: string | string[],
      mode?: IDBTransactionMode,
      options?: IDBTransactionOptions,
    ): IDBTransaction {
      const tx = original.call(this, names, mode, options);
      const list = typeof names === 'string' ? [names] : [...names];
      if (mode === 'readwrite' && list.includes('audit') && (w.__failWrites ?? 0) > 0) {
        w.__failWrites = (w.__failWrites ?? 0) - 1;
        tx.abort();
      }
      return tx;
    } as typeof IDBDatabase.prototype.transaction;
  }, n);
}

/** All stored entries (read straight from IndexedDB). */
export async function dbEntries(page: Page): Promise<
  {
    id: string;
    pageIds: string[];
    state: string;
    fields: Record<
      string,
      { value: string; confirmed: boolean; flags: string[]; source: string; region?: { box: number[] } }
    >;
  }[]
> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('sohoa');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(new Error(String(r.error)));
    });
    const all = await new Promise<unknown[]>((res, rej) => {
      const r = db.transaction('entries').objectStore('entries').getAll();
      r.onsuccess = () => res(r.result as unknown[]);
      r.onerror = () => rej(new Error(String(r.error)));
    });
    db.close();
    return (all as { order: number; createdAt: number }[]).sort(
      (a, b) => a.createdAt - b.createdAt || a.order - b.order,
    ) as never;
  });
}

/** Waits until the page on screen has its pre-filled fields (OCR done) and returns field key → value. */
export async function waitForFields(page: Page, minFilled = 5): Promise<Record<string, string>> {
  await expect
    .poll(
      async () =>
        page.$$eval(
          '.entry-form .value [name]',
          (els) => els.filter((e) => (e as HTMLInputElement).value !== '').length,
        ),
      { timeout: OCR_TIMEOUT, interval: 500 },
    )
    .toBeGreaterThanOrEqual(minFilled);
  return formValues(page);
}

export async function formValues(page: Page): Promise<Record<string, string>> {
  return page.$$eval('.entry-form .value [name]', (els) =>
    Object.fromEntries(els.map((e) => [(e as HTMLInputElement).name, (e as HTMLInputElement).value])),
  );
}

export function iou(a: number[], b: number[]): number {
  const [ax = 0, ay = 0, aw = 0, ah = 0] = a;
  const [bx = 0, by = 0, bw = 0, bh = 0] = b;
  const ix = Math.max(0, Math.min(ax + aw, bx + bw) - Math.max(ax, bx));
  const iy = Math.max(0, Math.min(ay + ah, by + bh) - Math.max(ay, by));
  const inter = ix * iy;
  return inter / (aw * ah + bw * bh - inter);
}
