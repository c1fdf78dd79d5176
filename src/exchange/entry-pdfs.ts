/**
 * One PDF per entry and one zip per book (issue 14 item 2), the same code in the export worker and in Node: the
 * book's entries in `so` order, each entry's page image(s) (every page it sits on, in book order), each page
 * embedded as its stored JPEG when that is already about the size wanted (≤ `PAGE_BUDGET_BYTES` per A4 page),
 * else re-encoded by the caller's `PageEncoder` (the worker's canvas, Skia or jpeg-js in Node) to ~150 dpi; the PDFs
 * go one by one into a streamed zip whose chunks go to `write`. Only one entry's PDF and the pages of this entry and
 * the next (prepared ahead) are in memory at a time.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { readImageSize } from '../image/size';
import { entryStem, exportStem, patternOrDefault, uniqueNames, type NamePattern } from './names';
import { a4Units, oriented, readJpegFrame, writeImagePdf, type Paper, type PdfImage } from './pdf';
import { ExportCancelledError } from './run';
import { sortBySo, type BookExportInput } from './workbook';
import { zipStream } from './zip';

/** Largest stored JPEG embedded as it is, per A4 page (an A3 page may take twice as much). */
export const PAGE_BUDGET_BYTES = 150_000;
/** Re-encoding boxes: the paper at ~150 dpi, portrait (turned for a landscape image). */
export const PAPER_PX: Readonly<Record<Paper, { width: number; height: number }>> = {
  A4: { width: 1240, height: 1754 },
  A3: { width: 1754, height: 2480 },
};
/** What a re-encoded page aims at, per A4 page (about 100 kB: legible text at 150 dpi, colour kept). */
export const REENCODE_TARGET_BYTES = 120_000;
/** JPEG qualities tried in turn until a re-encoded page meets the target (the last one is kept anyway). */
export const QUALITIES = [0.55, 0.4, 0.3] as const;

/** Re-encodes a page image (JPEG or PNG bytes) as a JPEG no larger than the box (never enlarged). */
export interface PageEncoder {
  encode(
    image: Uint8Array,
    box: { width: number; height: number },
    quality: number,
  ): Promise<{ bytes: Uint8Array; width: number; height: number }>;
}

/** One page of an entry's PDF and whether it was re-encoded (then at which of `QUALITIES`). */
export interface PreparedPage extends PdfImage {
  reencoded: boolean;
  qualityIndex?: number;
}

/**
 * The stored image as it is when it is a grey or colour JPEG within budget for a page of `paper`, else re-encoded
 * to fit the paper at ~150 dpi, trying `QUALITIES` from index `start` (the pages of a book are alike: the run
 * starts where the previous page ended).
 */
export async function preparePage(
  image: Uint8Array,
  encoder: PageEncoder,
  paper: Paper = 'A4',
  start = 0,
): Promise<PreparedPage> {
  const frame = readJpegFrame(image);
  if (frame && (frame.components === 1 || frame.components === 3)) {
    if (image.length <= PAGE_BUDGET_BYTES * a4Units(paper)) {
      return {
        bytes: image,
        width: frame.width,
        height: frame.height,
        components: frame.components,
        reencoded: false,
      };
    }
  }
  const size = frame ?? readImageSize(image);
  const box = size ? oriented(PAPER_PX[paper], size) : PAPER_PX[paper];
  let out: PreparedPage | null = null;
  for (let k = Math.max(0, Math.min(start, QUALITIES.length - 1)); k < QUALITIES.length; k++) {
    const enc = await encoder.encode(image, box, QUALITIES[k] ?? 0.5);
    const f = readJpegFrame(enc.bytes);
    if (!f || (f.components !== 1 && f.components !== 3)) throw new Error('the page encoder gave no JPEG');
    out = {
      bytes: enc.bytes,
      width: f.width,
      height: f.height,
      components: f.components,
      reencoded: true,
      qualityIndex: k,
    };
    if (enc.bytes.length <= REENCODE_TARGET_BYTES * a4Units(paper)) break;
  }
  if (!out) throw new Error('no JPEG quality to try');
  return out;
}

type EntryRow = BookExportInput['entries'][number];

/** A book the PDFs cannot be made of (a page image missing…): `message` is plain Vietnamese for the screen. */
export class PdfExportError extends Error {
  override readonly name = 'PdfExportError';
}

/**
 * File names of the entries' PDFs, in the given order: the name pattern (names.ts; default
 * `<stem>.<so>`) with the entry's `so` made safe, `.pdf`. A name already given (same `so`, "12/A" vs "12-A", case
 * only, or no `so`) gets `_2`, `_3`… in order (`uniqueNames`: no two names can be equal).
 */
export function entryPdfNames(
  book: BookExportInput['book'],
  entries: readonly Pick<EntryRow, 'fields'>[],
  pattern?: NamePattern,
): string[] {
  return uniqueNames(
    entries.map((e) => entryStem(book, e.fields['so']?.value ?? '', pattern)),
    '.pdf',
  );
}

/** What one PDF in the zip is. */
export interface PdfMember {
  entryId: string;
  name: string;
  pages: number;
  /** Pages re-encoded (the others are the stored JPEG as it is). */
  reencoded: number;
  /** A4-page equivalents (an A3 page counts two). */
  a4Pages: number;
  size: number;
  sha256: string;
}

export interface PdfZipResult {
  /** Suggested name of the zip: `<stem>.pdf.zip`. */
  zipName: string;
  members: PdfMember[];
  /** Bytes of the zip and their lowercase hex SHA-256. */
  size: number;
  sha256: string;
}

export interface PdfZipDeps {
  /** The stored image of a page (JPEG or PNG bytes), or null when the store has none. */
  readPage(pageId: string): Promise<Uint8Array | null>;
  encoder: PageEncoder;
  /** Receives the zip in order, chunk by chunk; awaited before more is made. */
  write(chunk: Uint8Array): Promise<void>;
  isCancelled?: () => boolean;
  /** After each PDF: how many are done of how many. */
  onProgress?: (done: number, total: number) => void;
  /** The zip members' time stamp (default now). */
  mtime?: Date;
  /** Size of the chunks given to `write` (default 1 MiB; the last one may be smaller). */
  chunkBytes?: number;
}

/** The zip's suggested file name for a book. */
export const pdfZipName = (book: BookExportInput['book'], pattern?: NamePattern): string =>
  `${exportStem(book, pattern)}.pdf.zip`;

/**
 * Pages prepared ahead of the entry being written: the next entry's pages are read and re-encoded while this one's
 * are (the encoders run off the calling thread: two cores), and a page shared with the next entries is kept.
 */
const AHEAD_ENTRIES = 1;

/**
 * Builds the entries' PDFs one by one and streams them into a zip through `deps.write`. A page the store does not
 * have stops the run with a Vietnamese message naming the entry (nothing is skipped silently).
 */
export async function runPdfZip(input: BookExportInput, deps: PdfZipDeps): Promise<PdfZipResult> {
  const stop = (): void => {
    if (deps.isCancelled?.()) throw new ExportCancelledError();
  };
  stop();
  const pageOrder = new Map(input.pages.map((p) => [p.id, p.order]));
  const entries = sortBySo(input.entries, pageOrder);
  const pattern = patternOrDefault(input.namePattern);
  const names = entryPdfNames(input.book, entries, pattern);
  const hash = sha256.create();
  const zip = zipStream(
    async (chunk) => {
      hash.update(chunk);
      await deps.write(chunk);
    },
    {
      ...(deps.mtime ? { mtime: deps.mtime } : {}),
      ...(deps.chunkBytes ? { chunkBytes: deps.chunkBytes } : {}),
    },
  );
  const paper: Paper = input.book.paperSize ?? 'A4';
  const pagesOf = entries.map((e) =>
    [...new Set(e.pageIds)].sort((a, b) => (pageOrder.get(a) ?? Infinity) - (pageOrder.get(b) ?? Infinity)),
  );
  const soOf = (i: number): string => entries[i]?.fields['so']?.value.trim() || '(không số)';
  /** Prepared (or being prepared) pages, with the last entry that needs each. */
  const prepared = new Map<string, { page: Promise<PreparedPage>; last: number }>();
  let hint = 0;
  const load = async (pageId: string, i: number): Promise<PreparedPage> => {
    const image = await deps.readPage(pageId);
    if (!image || !pageOrder.has(pageId)) {
      throw new PdfExportError(
        `Không tìm thấy ảnh trang của mục số ${soOf(i)}: không tạo được tệp ${names[i] ?? ''}.`,
      );
    }
    if (deps.isCancelled?.()) throw new ExportCancelledError();
    const page = await preparePage(image, deps.encoder, paper, hint);
    if (page.qualityIndex !== undefined) {
      // Go one step finer when this page came out well under the target, else start where it ended.
      const roomy = page.bytes.length <= 0.7 * REENCODE_TARGET_BYTES * a4Units(paper);
      hint = page.qualityIndex === hint && roomy ? Math.max(0, hint - 1) : page.qualityIndex;
    }
    return page;
  };
  const want = (i: number): void => {
    for (const pageId of pagesOf[i] ?? []) {
      const known = prepared.get(pageId);
      if (known) known.last = Math.max(known.last, i);
      else {
        const page = load(pageId, i);
        page.catch(() => undefined); // awaited (and its error shown) when its entry comes
        prepared.set(pageId, { page, last: i });
      }
    }
  };
  const members: PdfMember[] = [];
  for (const [i, entry] of entries.entries()) {
    const name = names[i] ?? '';
    const pageIds = pagesOf[i] ?? [];
    if (!pageIds.length)
      throw new PdfExportError(
        `Mục số ${soOf(i)} không gắn với trang nào: không tạo được tệp PDF của mục này.`,
      );
    for (let k = i; k <= i + AHEAD_ENTRIES && k < entries.length; k++) want(k);
    const pages: PreparedPage[] = [];
    for (const pageId of pageIds) {
      stop();
      const known = prepared.get(pageId);
      if (!known) throw new Error(`page ${pageId} not prepared`);
      pages.push(await known.page);
    }
    for (const [pageId, p] of prepared) if (p.last <= i) prepared.delete(pageId);
    stop();
    const title = `Sổ ${input.book.type} số ${input.book.bookNumber} năm ${input.book.year}, mục số ${soOf(i)}`;
    const pdf = writeImagePdf(pages, { title, paper });
    const member: PdfMember = {
      entryId: entry.id,
      name,
      pages: pages.length,
      reencoded: pages.filter((p) => p.reencoded).length,
      a4Pages: pages.length * a4Units(paper),
      size: pdf.length,
      sha256: bytesToHex(sha256(pdf)),
    };
    await zip.add(name, pdf);
    members.push(member);
    deps.onProgress?.(members.length, entries.length);
  }
  stop();
  await zip.finish();
  return {
    zipName: pdfZipName(input.book, pattern),
    members,
    size: zip.size,
    sha256: bytesToHex(hash.digest()),
  };
}
