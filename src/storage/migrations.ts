/**
 * Numbered schema migrations (tldraw `migrate.ts` spirit): migration n upgrades a database of version n − 1 to n.
 * Each is pure with respect to its inputs (the upgrade database and transaction); never edit a released one,
 * add the next. `DB_VERSION` is the number of migrations.
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { SohoaDB } from './schema';

type UpgradeDb = IDBPDatabase<SohoaDB>;
type UpgradeTx = IDBPTransaction<SohoaDB, StoreNames<SohoaDB>[], 'versionchange'>;

export interface Migration {
  version: number;
  description: string;
  up(db: UpgradeDb, tx: UpgradeTx): Promise<void> | void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'books, pages, originals, page images, OCR, entries, audit, settings',
    up(db) {
      db.createObjectStore('books', { keyPath: 'id' });
      db.createObjectStore('pages', { keyPath: 'id' }).createIndex('byBook', 'bookId');
      db.createObjectStore('originals', { keyPath: 'id' }).createIndex('byBook', 'bookId');
      db.createObjectStore('pageImages', { keyPath: 'pageId' }).createIndex('byBook', 'bookId');
      db.createObjectStore('ocr', { keyPath: 'pageId' }).createIndex('byBook', 'bookId');
      const entries = db.createObjectStore('entries', { keyPath: 'id' });
      entries.createIndex('byBook', 'bookId');
      entries.createIndex('byPage', 'pageIds', { multiEntry: true });
      const audit = db.createObjectStore('audit', { keyPath: 'id', autoIncrement: true });
      audit.createIndex('byEntry', 'entryId');
      audit.createIndex('byBook', 'bookId');
      db.createObjectStore('settings', { keyPath: 'key' });
    },
  },
];

export const DB_VERSION = MIGRATIONS.length;

/** Runs migrations oldVersion+1 … newVersion in order (called from idb's `upgrade`). */
export async function runMigrations(
  db: UpgradeDb,
  tx: UpgradeTx,
  oldVersion: number,
  newVersion: number,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<void> {
  for (const m of migrations) {
    if (m.version > oldVersion && m.version <= newVersion) await m.up(db, tx);
  }
}

/** Throws if migrations are not numbered 1, 2, 3, … (checked by a unit test). */
export function checkMigrationOrder(migrations: readonly Migration[] = MIGRATIONS): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${i} has version ${m.version}, expected ${i + 1}`);
  });
}
