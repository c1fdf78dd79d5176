/** The IndexedDB schema (DESIGN.md §3.4), typed for idb. Records are the domain records plus store keys. */
import type { DBSchema } from 'idb';
import type { Book } from '../domain/records/book';
import type { Entry } from '../domain/records/entry';
import type { AuditEvent } from '../domain/records/audit';
import type { OcrPageRecord, Page } from '../domain/records/page';
import type { BookCounters, EntrySummary } from '../domain/records/summary';
import type { User } from '../domain/records/user';
import type { PagePack, SummaryPack } from './packs';
import type { InventoryRow } from '../domain/reports/inventory';
import type { MergeConflict } from '../domain/records/merge';

export const DB_NAME = 'sohoa';

/** A file exactly as the operator gave it, stored once (a 200-page PDF is one record). */
export interface OriginalRecord {
  id: string;
  bookId: string;
  fileName: string;
  mime: string;
  size: number;
  bytes: Blob;
  createdAt: number;
}

/** The working page image (every box refers to its pixels) and its thumbnail; kept apart so lists stay cheap. */
export interface PageImageRecord {
  pageId: string;
  bookId: string;
  image: Blob;
  thumb: Blob;
}

export interface StoredOcr extends OcrPageRecord {
  bookId: string;
  /** Entry drafts as extracted (the entries store holds the operator's copies). */
  drafts: unknown[];
}

/** Key of an audit event (out of line, so the stored event has exactly the fields of DESIGN §3.8). */
export type AuditKey = [bookId: string, machineId: string, seq: number];

/** Setting holding this installation's random id (created by migration 2). */
export const MACHINE_ID_KEY = 'machineId';

export interface SettingRecord {
  key: string;
  value: unknown;
}

export interface SohoaDB extends DBSchema {
  books: { key: string; value: Book };
  pages: { key: string; value: Page; indexes: { byBook: string } };
  originals: { key: string; value: OriginalRecord; indexes: { byBook: string } };
  pageImages: { key: string; value: PageImageRecord; indexes: { byBook: string } };
  ocr: { key: string; value: StoredOcr; indexes: { byBook: string } };
  entries: { key: string; value: Entry; indexes: { byBook: string; byPage: string } };
  audit: { key: AuditKey; value: AuditEvent; indexes: { byEntry: string; byBook: string } };
  users: { key: string; value: User };
  settings: { key: string; value: SettingRecord };
  /** One small record per entry (lists, counts, search), kept with the entry by every write (tally.ts). */
  entrySummaries: { key: string; value: EntrySummary; indexes: { byBook: string } };
  /** Per book: pages, skipped, OCR done/failed, entries by state (tally.ts). */
  bookCounters: { key: string; value: BookCounters };
  /**
   * The same summaries again, packed by book into `PACK_SLOTS` records in columns (packs.ts, kept by tally.ts):
   * opening a book reads a few records instead of one per entry.
   */
  summaryPacks: { key: [string, number]; value: SummaryPack };
  /** The pages again, packed by book the same way (opening a 2,000-page book reads 64 records, not 2,000). */
  pagePacks: { key: [string, number]; value: PagePack };
  /** The books to digitise (kiểm kê), one row per paper book, keyed by `inventoryKey` (migration 6). */
  inventory: { key: string; value: InventoryRow };
  /** Values changed on two machines, listed by a work-package import until a person chooses (migration 7). */
  conflicts: { key: ConflictKey; value: MergeConflict; indexes: { byBook: string } };
}

/** Key of a conflict: one per value (`field` is a field key or `ENTRY_ATTRS`). */
export type ConflictKey = [bookId: string, entryId: string, field: string];

export type StoreName =
  | 'books'
  | 'pages'
  | 'originals'
  | 'pageImages'
  | 'ocr'
  | 'entries'
  | 'audit'
  | 'users'
  | 'settings'
  | 'entrySummaries'
  | 'bookCounters'
  | 'summaryPacks'
  | 'pagePacks'
  | 'inventory'
  | 'conflicts';
