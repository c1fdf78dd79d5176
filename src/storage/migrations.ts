/**
 * Numbered schema migrations (tldraw `migrate.ts` spirit): migration n upgrades a database of version n − 1 to n.
 * Each is pure with respect to its inputs (the upgrade database and transaction); never edit a released one,
 * add the next. `DB_VERSION` is the number of migrations.
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { AuditAction, AuditDraft } from '../domain/records/audit';
import { normalizeBook } from '../domain/records/book';
import { normalizeEntry } from '../domain/records/entry';
import { normalizePage } from '../domain/records/page';
import { countAll, summarizeEntry, type EntrySummary } from '../domain/records/summary';
import { appendEvents } from './audit';
import { groupBySlot, packSlot, packSummaries } from './packs';
import { MACHINE_ID_KEY, type SohoaDB } from './schema';

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
  {
    version: 2,
    description:
      'machine id; users; audit events as hash chains per (book, machine), keyed [bookId, machineId, seq] ' +
      '(version-1 events are carried over into the chains, oldest first)',
    async up(db, tx) {
      const settings = tx.objectStore('settings');
      const stored = (await settings.get(MACHINE_ID_KEY))?.value;
      const machineId = typeof stored === 'string' && stored ? stored : crypto.randomUUID();
      if (machineId !== stored) await settings.put({ key: MACHINE_ID_KEY, value: machineId });
      db.createObjectStore('users', { keyPath: 'id' });
      // Version 1's audit store (auto-increment ids, a 'user' string) is read, replaced and re-chained.
      const legacy = tx.objectStore('audit' as never) as unknown as {
        getAll(): Promise<Record<string, unknown>[]>;
      };
      const old = await legacy.getAll();
      db.deleteObjectStore('audit');
      const audit = db.createObjectStore('audit');
      audit.createIndex('byEntry', 'entryId');
      audit.createIndex('byBook', 'bookId');
      const drafts = old
        .sort((a, b) => Number(a['id']) - Number(b['id']))
        .map((r): AuditDraft => legacyDraft(r));
      await appendEvents(tx, machineId, drafts);
    },
  },
  {
    version: 3,
    description:
      'entry summaries (one small record per entry, by book) and book counters, built from the stored entries ' +
      'and pages; kept by every write from then on',
    async up(db, tx) {
      db.createObjectStore('entrySummaries', { keyPath: 'id' }).createIndex('byBook', 'bookId');
      db.createObjectStore('bookCounters', { keyPath: 'bookId' });
      const summaries = tx.objectStore('entrySummaries');
      const byBook = new Map<string, EntrySummary[]>();
      for (const raw of await tx.objectStore('entries').getAll()) {
        const s = summarizeEntry(normalizeEntry(raw));
        await summaries.put(s);
        const list = byBook.get(s.bookId);
        if (list) list.push(s);
        else byBook.set(s.bookId, [s]);
      }
      for (const book of (await tx.objectStore('books').getAll()).map(normalizeBook)) {
        const pages = (await tx.objectStore('pages').index('byBook').getAll(book.id)).map(normalizePage);
        await tx.objectStore('bookCounters').put(countAll(book.id, pages, byBook.get(book.id) ?? []));
      }
    },
  },
  {
    version: 4,
    description:
      'entry summaries packed by book ([bookId, slot] → summaries), built from the stored summaries; kept by every ' +
      'write from then on (opening a 10,000-entry book reads 64 records, not 10,000)',
    async up(db, tx) {
      db.createObjectStore('summaryPacks', { keyPath: ['bookId', 'slot'] });
      // Version 4's pack: the summaries as a list (version 5 stores them in columns).
      const packs = new Map<string, { bookId: string; slot: number; summaries: EntrySummary[] }>();
      for (const s of await tx.objectStore('entrySummaries').getAll()) {
        const slot = packSlot(s.id);
        const key = `${s.bookId}\u0000${slot}`;
        const pack = packs.get(key) ?? { bookId: s.bookId, slot, summaries: [] };
        pack.summaries.push(s);
        packs.set(key, pack);
      }
      for (const pack of packs.values()) await tx.objectStore('summaryPacks').put(pack as never);
    },
  },
  {
    version: 5,
    description:
      'summary packs stored in columns (half the bytes and the time to read), pages packed by book like the ' +
      'summaries ([bookId, slot] → pages), both rebuilt from the stored records',
    async up(db, tx) {
      const summaryPacks = tx.objectStore('summaryPacks');
      await summaryPacks.clear();
      const summaries = groupBySlot(await tx.objectStore('entrySummaries').getAll(), (s) => s);
      for (const g of summaries.values()) await summaryPacks.put(packSummaries(g.bookId, g.slot, g.items));
      db.createObjectStore('pagePacks', { keyPath: ['bookId', 'slot'] });
      const pages = groupBySlot(await tx.objectStore('pages').getAll(), (p) => p);
      for (const g of pages.values()) {
        await tx.objectStore('pagePacks').put({ bookId: g.bookId, slot: g.slot, pages: g.items });
      }
    },
  },
  {
    version: 6,
    description:
      'inventory of the books to digitise (one row per paper book, keyed by commune, type, year, number)',
    up(db) {
      db.createObjectStore('inventory', { keyPath: 'id' });
    },
  },
  {
    version: 7,
    description: 'conflicts: values changed on two machines, listed by work-package imports',
    up(db) {
      db.createObjectStore('conflicts', { keyPath: ['bookId', 'entryId', 'field'] }).createIndex(
        'byBook',
        'bookId',
      );
    },
  },
];

/** A version-1 audit record as an event draft (no user identity existed then). */
function legacyDraft(r: Record<string, unknown>): AuditDraft {
  const action = typeof r['action'] === 'string' ? r['action'] : '';
  const mapped: AuditAction = action.startsWith('flag')
    ? 'field.flag'
    : action === 'confirm'
      ? 'field.confirm'
      : action === 'box'
        ? 'field.box'
        : action === 'merge'
          ? 'entry.merge'
          : 'field.edit';
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    bookId: text(r['bookId']) ?? '',
    at: typeof r['at'] === 'number' ? r['at'] : 0,
    userId: null,
    role: null,
    action: mapped,
    entryId: text(r['entryId']),
    pageId: null,
    field: text(r['field']),
    before: text(r['before']),
    after: text(r['after']),
    note: `phiên bản 1: ${action}`,
  };
}

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
