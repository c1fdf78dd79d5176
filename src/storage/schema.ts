/** The IndexedDB schema (DESIGN.md §3.4), typed for idb. Records are the domain records plus store keys. */
import type { DBSchema } from 'idb';
import type { Book } from '../domain/records/book';
import type { Entry } from '../domain/records/entry';
import type { OcrPageRecord, Page } from '../domain/records/page';

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

export interface AuditRecord {
  id?: number;
  at: number;
  user: string;
  bookId: string;
  entryId: string;
  field: string | null;
  before: string | null;
  after: string | null;
  action: string;
}

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
  audit: { key: number; value: AuditRecord; indexes: { byEntry: string; byBook: string } };
  settings: { key: string; value: SettingRecord };
}

export type StoreName =
  'books' | 'pages' | 'originals' | 'pageImages' | 'ocr' | 'entries' | 'audit' | 'settings';
