/**
 * A book of the provincial copy as a work package (issue 11 item 5: a supervisor downloads a book from the server,
 * accepts it on a workstation and sends it back). The package is the one format every machine reads
 * (`src/exchange/package`): the book, its pages with their images from the blob store, OCR, entries and every
 * audit chain the server holds, under the server's own machine id (a package names its exporter). The server adds
 * no event of its own: the chains it carries are the workstations'.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditEvent } from '../../src/domain/records/audit';
import { normalizeBook } from '../../src/domain/records/book';
import { normalizeEntry } from '../../src/domain/records/entry';
import { normalizePage } from '../../src/domain/records/page';
import type { PackageImage, PackageOcr, PackageSource } from '../../src/exchange/package';
import type { BlobStore } from '../blobs/blob-store';
import type { Database } from '../db/schema';

const MACHINE_KEY = 'machineId';

/** The server's machine id (named as the exporter of the packages it hands out), made once. */
export async function serverMachineId(db: Kysely<Database>, now = new Date()): Promise<string> {
  await db
    .insertInto('province_settings')
    .values({ key: MACHINE_KEY, value: JSON.stringify(`province-${randomUUID()}`), updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('province_settings')
    .select('value')
    .where('key', '=', MACHINE_KEY)
    .executeTakeFirstOrThrow();
  return String(row.value);
}

/** The MIME type of an image blob from its first bytes (the pages table keeps hashes only). */
export function sniffImageType(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  const tag = String.fromCharCode(...bytes.subarray(0, 4)) + String.fromCharCode(...bytes.subarray(8, 12));
  if (tag === 'RIFFWEBP') return 'image/webp';
  return 'application/octet-stream';
}

export class BookMissing extends Error {}

/** The package source of `bookId` as the server holds it; `BookMissing` when it holds no such book. */
export async function bookPackageSource(
  db: Kysely<Database>,
  blobs: BlobStore,
  bookId: string,
  machineId: string,
): Promise<PackageSource> {
  const bookRow = await db.selectFrom('books').select('record').where('id', '=', bookId).executeTakeFirst();
  if (!bookRow) throw new BookMissing(bookId);
  const [pages, ocr, entries, events] = await Promise.all([
    db
      .selectFrom('pages')
      .select(['id', 'record', 'image_sha256', 'thumb_sha256'])
      .where('book_id', '=', bookId)
      .orderBy('ord')
      .execute(),
    db.selectFrom('page_ocr').select('record').where('book_id', '=', bookId).execute(),
    db.selectFrom('entries').select('record').where('book_id', '=', bookId).orderBy('ord').execute(),
    db
      .selectFrom('audit_events')
      .select('record')
      .where('book_id', '=', bookId)
      .orderBy('machine_id')
      .orderBy('seq')
      .execute(),
  ]);
  const hashes = new Map(pages.map((p) => [p.id, { image: p.image_sha256, thumb: p.thumb_sha256 }]));
  const blob = async (hash: string): Promise<PackageImage> => {
    const bytes = await blobs.get(hash);
    if (!bytes) throw new Error(`Thiếu ảnh ${hash.slice(0, 12)}… trong kho của máy chủ.`);
    return { bytes, mime: sniffImageType(bytes) };
  };
  return {
    machineId,
    book: normalizeBook(bookRow.record),
    pages: pages.map((p) => normalizePage(p.record)),
    ocr: ocr.map((o) => o.record as PackageOcr),
    entries: entries.map((e) => normalizeEntry(e.record)),
    events: events.map((e) => e.record as AuditEvent),
    async readImages(pageId) {
      const h = hashes.get(pageId);
      if (!h) throw new Error(`page ${pageId} not in book ${bookId}`);
      const image = await blob(h.image);
      return { image, thumb: h.thumb ? await blob(h.thumb) : image };
    },
    originals: [],
    readOriginal: () => Promise.reject(new Error('the server keeps no originals')),
    producer: 'sohoa province server',
  };
}
