/**
 * The archival copy of a book (issue 14 item 6): one zip with `alto/<nnnn>.xml` (ALTO 4.4) and `page/<nnnn>.xml`
 * (PAGE XML 2019-07-15) per page, `nnnn` the page's 1-based position in the book (zero-padded to 4 digits, more
 * for a longer book), pages in book order. A page's OCR is asked for one page at a time (`readOcr`); the XML is
 * deflated and streamed into the zip, so only one page's text is in memory. A page without OCR (not read yet,
 * failed, blank) still gets both files (its size, its mark and the field values boxed on it).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { buildAlto } from './alto';
import type { ArchivePageInput } from './archive-page';
import { exportStem, patternOrDefault, type NamePattern } from './names';
import { buildPageXml } from './page-xml';
import { ExportCancelledError } from './run';
import { zipStream } from './zip';

/** The `Creator` / processing software written into the files. */
export const ARCHIVE_PRODUCER = 'sohoa';

export interface ArchiveZipInput {
  book: ArchivePageInput['book'];
  /** The book's pages, any order. */
  pages: readonly ArchivePageInput['page'][];
  /** The book's entries, any order. */
  entries: readonly ArchivePageInput['entries'][number][];
  /** File name pattern (names.ts); only its stem names the zip. */
  namePattern?: string;
}

export interface ArchiveZipDeps {
  /** The stored OCR of a page, or null. */
  readOcr(pageId: string): Promise<ArchivePageInput['ocr']>;
  /** Receives the zip in order, chunk by chunk; awaited before more is made. */
  write(chunk: Uint8Array): Promise<void>;
  isCancelled?: () => boolean;
  /** After each page: how many are done of how many. */
  onProgress?: (done: number, total: number) => void;
  /** The files' `Created` time and the zip members' time stamp (default now). */
  now?: Date;
  producer?: string;
  chunkBytes?: number;
}

export interface ArchiveMember {
  name: string;
  /** Bytes of the XML (before compression). */
  size: number;
  sha256: string;
}

export interface ArchiveZipResult {
  zipName: string;
  pages: number;
  /** In zip order: per page its ALTO then its PAGE file. */
  members: ArchiveMember[];
  /** Bytes of the zip. */
  size: number;
  sha256: string;
}

/** The zip's suggested file name for a book. */
export const archiveZipName = (book: ArchiveZipInput['book'], pattern?: NamePattern): string =>
  `${exportStem(book, pattern)}.alto-page.zip`;

/** Member names of the page at 0-based position `i` in a book of `count` pages. */
export function archiveMemberNames(i: number, count: number): { alto: string; page: string } {
  const n = String(i + 1).padStart(Math.max(4, String(count).length), '0');
  return { alto: `alto/${n}.xml`, page: `page/${n}.xml` };
}

export async function runArchiveZip(input: ArchiveZipInput, deps: ArchiveZipDeps): Promise<ArchiveZipResult> {
  const stop = (): void => {
    if (deps.isCancelled?.()) throw new ExportCancelledError();
  };
  stop();
  const now = deps.now ?? new Date();
  const producer = deps.producer ?? ARCHIVE_PRODUCER;
  const pages = [...input.pages].sort((a, b) => a.order - b.order);
  const byPage = new Map<string, ArchivePageInput['entries'][number][]>();
  for (const e of input.entries)
    for (const id of new Set(e.pageIds)) byPage.set(id, [...(byPage.get(id) ?? []), e]);
  const hash = sha256.create();
  const zip = zipStream(
    async (chunk) => {
      hash.update(chunk);
      await deps.write(chunk);
    },
    { mtime: now, ...(deps.chunkBytes ? { chunkBytes: deps.chunkBytes } : {}) },
  );
  const encoder = new TextEncoder();
  const members: ArchiveMember[] = [];
  const add = async (name: string, xml: string): Promise<void> => {
    const bytes = encoder.encode(xml);
    members.push({ name, size: bytes.length, sha256: bytesToHex(sha256(bytes)) });
    await zip.add(name, bytes, { deflate: true });
  };
  for (const [i, page] of pages.entries()) {
    stop();
    const ocr = await deps.readOcr(page.id);
    stop();
    const one: ArchivePageInput = {
      book: input.book,
      page: { ...page, order: i },
      ocr,
      entries: byPage.get(page.id) ?? [],
      created: now,
      producer,
    };
    const names = archiveMemberNames(i, pages.length);
    await add(names.alto, buildAlto(one));
    await add(names.page, buildPageXml(one));
    deps.onProgress?.(i + 1, pages.length);
  }
  stop();
  await zip.finish();
  return {
    zipName: archiveZipName(input.book, patternOrDefault(input.namePattern)),
    pages: pages.length,
    members,
    size: zip.size,
    sha256: bytesToHex(hash.digest()),
  };
}
