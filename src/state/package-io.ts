/**
 * Work packages between the store and a file (DESIGN.md §3.9): `exportPackage` reads a book in one transaction
 * (recording the export) and streams the package to `write`; `importPackage` verifies a package's bytes
 * (exchange/package/read.ts: refused with a Vietnamese message, nothing changed) and stores it in one transaction
 * (storage: merged, conflicts listed, audited). No Svelte state here: the books screen's state, the tests and the
 * benchmark call these.
 */
import type { AuditDraft } from '../domain/records/audit';
import {
  bytesSource,
  PackageError,
  peekPackage,
  readPackage,
  writePackage,
  type PackageContent,
  type PackageWritten,
  type ZipSource,
} from '../exchange/package';
import type { IncomingPackage, PackageImportResult, Repository } from '../storage';
import { StorageError } from '../storage';

const bytesOf = async (b: Blob): Promise<Uint8Array> => new Uint8Array(await b.arrayBuffer());
const blobOf = (bytes: Uint8Array, type: string): Blob => new Blob([bytes.slice().buffer], { type });

/** Exports `bookId`'s package to `write`; undefined when the book is gone. */
export async function exportPackage(
  repo: Repository,
  bookId: string,
  event: AuditDraft,
  write: (chunk: Uint8Array) => Promise<void>,
  opts: { originals?: boolean; isCancelled?: () => boolean } = {},
): Promise<PackageWritten | undefined> {
  const src = await repo.packageSource(bookId, event, { originals: opts.originals ?? false });
  if (!src) return undefined;
  const images = new Map(src.images.map((i) => [i.pageId, i]));
  const originals = new Map(src.originals.map((o) => [o.id, o]));
  return writePackage(
    {
      machineId: repo.machineId,
      book: src.book,
      pages: src.pages,
      ocr: src.ocr,
      entries: src.entries,
      events: src.events,
      async readImages(pageId) {
        const rec = images.get(pageId);
        if (!rec) throw new StorageError('failed', `Không đọc được ảnh của một trang (mã ${pageId}).`);
        return {
          image: { bytes: await bytesOf(rec.image), mime: rec.image.type },
          thumb: { bytes: await bytesOf(rec.thumb), mime: rec.thumb.type },
        };
      },
      originals: src.originals.map(({ bytes: _bytes, ...o }) => o),
      async readOriginal(id) {
        const rec = originals.get(id);
        if (!rec) throw new StorageError('failed', `Không đọc được tệp gốc (mã ${id}).`);
        return bytesOf(rec.bytes);
      },
    },
    write,
    opts.isCancelled ? { isCancelled: opts.isCancelled } : {},
  );
}

/** A verified package as the store takes it (images and originals as Blobs). */
export function incomingOf(pkg: PackageContent): IncomingPackage {
  return {
    id: pkg.id,
    machineId: pkg.manifest.machineId,
    book: pkg.book,
    pages: pkg.pages,
    images(pageId) {
      const i = pkg.images.get(pageId);
      return i && { image: blobOf(i.image.bytes, i.image.mime), thumb: blobOf(i.thumb.bytes, i.thumb.mime) };
    },
    ocr: pkg.ocr,
    entries: pkg.entries,
    events: pkg.events,
    originals: pkg.originals.map((o) => ({
      ...o,
      bytes: blobOf(pkg.originalBytes.get(o.id) ?? new Uint8Array(), o.mime),
    })),
  };
}

/**
 * Verifies and imports a package; throws PackageError (refused) or StorageError (not stored), both Vietnamese. A
 * package whose every chain head this machine already holds brings nothing new: it is answered from its manifest
 * alone (nothing read, verified or written), so importing a package twice is cheap and changes nothing.
 */
export async function importPackage(
  repo: Repository,
  file: Uint8Array | PackageFile,
  event: Omit<AuditDraft, 'bookId'>,
): Promise<PackageImportResult> {
  const f = file instanceof Uint8Array ? memoryFile(file) : file;
  const peek = await peekPackage(f.source);
  const known = await repo.holdsChains(peek.manifest.bookId, peek.manifest.base.chains);
  if (known.holds) return unchanged(peek.manifest.bookId, known.conflictsOpen);
  const pkg = await readPackage(await f.bytes());
  return repo.importPackage(incomingOf(pkg), { ...event, bookId: pkg.book.id });
}

/** A package file: random access for the manifest, all its bytes for a real import. */
export interface PackageFile {
  source: ZipSource;
  bytes(): Promise<Uint8Array>;
}

const memoryFile = (bytes: Uint8Array): PackageFile => ({
  source: bytesSource(bytes),
  bytes: () => Promise.resolve(bytes),
});

/** A picked file (or any Blob) as a package file: the manifest is read through `slice`, not the whole file. */
export const blobFile = (f: Blob): PackageFile => ({
  source: {
    size: f.size,
    read: async (offset, length) => new Uint8Array(await f.slice(offset, offset + length).arrayBuffer()),
  },
  bytes: async () => new Uint8Array(await f.arrayBuffer()),
});

const unchanged = (bookId: string, conflictsOpen: number): PackageImportResult => ({
  bookId,
  newBook: false,
  changed: false,
  entriesAdded: 0,
  fieldsTaken: 0,
  conflicts: 0,
  conflictsOpen,
  pagesAdded: 0,
  eventsAdded: 0,
  entriesRemoved: 0,
  skippedDeleted: 0,
  bookUpdated: false,
});

/** The Vietnamese sentence for what an import did. */
export function importSummary(r: PackageImportResult): string {
  if (!r.changed) return 'Không có gì thay đổi: máy này đã có mọi nội dung của gói.';
  if (r.newBook) return `Đã thêm sổ mới: ${r.pagesAdded} trang, ${r.entriesAdded} mục.`;
  const parts = [
    `${r.fieldsTaken} giá trị lấy từ gói`,
    `${r.conflicts} xung đột cần chọn`,
    ...(r.entriesAdded ? [`${r.entriesAdded} mục mới`] : []),
    ...(r.pagesAdded ? [`${r.pagesAdded} trang mới`] : []),
    ...(r.entriesRemoved ? [`${r.entriesRemoved} mục đã xoá ở máy kia`] : []),
    ...(r.bookUpdated ? ['thông tin sổ (cài đặt, nghiệm thu, ghi chú) cập nhật từ gói'] : []),
  ];
  return `Đã gộp gói vào sổ: ${parts.join(', ')}.`;
}

/** The message of a failed import or export (a refusal names the problem). */
export function packageErrorMessage(e: unknown): string {
  if (e instanceof PackageError) return `Gói bị từ chối, không có gì thay đổi. ${e.message}`;
  if (e instanceof StorageError) return e.message;
  return `Lỗi không mong đợi: ${e instanceof Error ? e.message : String(e)}`;
}
