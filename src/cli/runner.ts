/**
 * The batch pre-fill shared by `prefill` and `bench`: classify the input files by content, then run pages of all
 * files through prepare → OCR → extract with several pages in flight, so the OCR pool never idles while the main
 * thread decodes, renders and prepares the next page. Bad files are reported (Vietnamese, naming the file) and
 * skipped; the other files go on.
 */
import { setMaxListeners } from 'node:events';
import { open, readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { BookLexicon } from '../domain/lexicons/book-lexicon';
import type { RegisterType } from '../domain/registers/types';
import { decodeImage } from '../image/decode-node';
import { ImageDecodeError } from '../image/errors';
import { jpegHasEnd } from '../image/jpeg-end';
import { PAGE_PIXEL_BUDGET, precheckImage, REFUSE_FACTOR } from '../image/precheck';
import { sniffImageType, type SniffedType } from '../image/sniff';
import type { RgbaImage } from '../image/types';
import type { OcrEngine } from '../ocr/types';
import { openPdf, PdfError, type PdfDoc } from '../pdf/node';
import { prefillPage, type PrefillResult } from '../prefill/pipeline';

export interface FileFailure {
  path: string;
  file: string;
  pdfPage?: number | undefined;
  code: string;
  message: string;
}

export interface PageRecord {
  order: number;
  path: string;
  file: string;
  pdfPage?: number | undefined;
  /** Wall time from reading/decoding (or rendering) the page to the end of extraction. */
  ms: number;
  /** Of which decode or PDF render. */
  loadMs: number;
  width: number;
  height: number;
  /** Downscale applied at decode (1 = none). */
  scale: number;
  result: PrefillResult;
}

/** Where a page's pixels came from (what `npm run package` needs to store the page as the workstation does). */
export type PageSource =
  | {
      kind: 'image';
      /** The file's bytes (an upright, unshrunk JPEG or PNG is stored as it is). */
      bytes: Uint8Array;
      type: 'jpeg' | 'png' | 'tiff';
      /** Size stored in the file and the EXIF/TIFF orientation applied. */
      stored: { width: number; height: number };
      orientation: number;
    }
  | { kind: 'pdf'; dpi: number };

/** A page decoded or rendered, before its pre-fill. */
export interface LoadedPage {
  order: number;
  path: string;
  file: string;
  pdfPage?: number | undefined;
  image: RgbaImage;
  source: PageSource;
}

export interface RunOptions {
  files: readonly string[];
  engine: OcrEngine;
  password?: string | undefined;
  type?: RegisterType | undefined;
  /** Pages prepared/OCR'd at once. */
  inFlight: number;
  /** Working-size budget for images and PDF renders (pixels). */
  maxPixels?: number | undefined;
  /**
   * Called with each page's pixels before its pre-fill (the pre-fill reads `image` after this resolves: a hook
   * that composites it over white does so for both).
   */
  onLoaded?: (page: LoadedPage) => Promise<void>;
  onPage?: (page: PageRecord, done: number, total: number) => void | Promise<void>;
  /** Cancels the pages being read (they end as failures) and starts no other. */
  signal?: AbortSignal | undefined;
  /** Stop at the first failure: no page is read once a file failed (none at all when one is refused up front). */
  stopOnFailure?: boolean;
  /**
   * Check every image file's header, size and (JPEG) end before reading any page, so a truncated or oversized scan
   * is refused up front (with `stopOnFailure`: before any OCR). Reads each image file once more.
   */
  checkImagesFirst?: boolean;
  onFailure?: (failure: FileFailure) => void;
  /** Values confirmed in the book: weak readings are read towards them. */
  lexicon?: BookLexicon | undefined;
  /** Called once the number of pages is known. */
  onTotal?: (total: number) => void;
}

export interface RunResult {
  pages: PageRecord[];
  failures: FileFailure[];
  totalPages: number;
  elapsedMs: number;
}

type Kind = 'image' | 'pdf';

interface Classified {
  order: number;
  path: string;
  file: string;
  kind: Kind;
  pageCount: number;
}

interface PageJob {
  order: number;
  path: string;
  file: string;
  pdfPage?: number | undefined;
  load: () => Promise<{ image: RgbaImage; scale: number; source: PageSource }>;
  /** Called when the page is finished (success or not). */
  release: () => Promise<void>;
}

const HEAD_BYTES = 4096;

async function readHead(path: string): Promise<{ head: Uint8Array; size: number }> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const buf = new Uint8Array(Math.min(HEAD_BYTES, size));
    if (buf.length) await fh.read(buf, 0, buf.length, 0);
    return { head: buf, size };
  } finally {
    await fh.close();
  }
}

async function readBytes(path: string): Promise<Uint8Array> {
  const b = await readFile(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

const isPdfName = (name: string): boolean => extname(name).toLowerCase() === '.pdf';

/** Vietnamese message for any failure, always naming the file. */
export function failureOf(path: string, e: unknown, pdfPage?: number): FileFailure {
  const file = basename(path);
  if (e instanceof PdfError) {
    let message = e.message;
    if (e.code === 'password_required') message += ' Chạy lại với --password <mật khẩu>.';
    if (e.code === 'password_wrong') message += ' Kiểm tra giá trị của --password.';
    return { path, file, pdfPage, code: `pdf_${e.code}`, message };
  }
  if (e instanceof ImageDecodeError)
    return { path, file, pdfPage, code: `image_${e.code}`, message: e.message };
  const where = pdfPage === undefined ? `tệp "${file}"` : `trang ${pdfPage} của tệp "${file}"`;
  const err = (e ?? {}) as NodeJS.ErrnoException;
  if (typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code)) {
    return { path, file, pdfPage, code: 'io', message: `Không đọc được ${where} (${err.code}).` };
  }
  const detail = e instanceof Error ? e.message : String(e);
  return { path, file, pdfPage, code: 'error', message: `Lỗi khi xử lý ${where}: ${detail}` };
}

/** What a file is, by content. Throws the error the operator should see for non-scans. */
export function classifyBytes(head: Uint8Array, size: number, fileName: string): Kind {
  const sniffed: SniffedType = size === 0 ? 'unknown' : sniffImageType(head);
  if (sniffed === 'pdf') return 'pdf';
  if (sniffed === 'jpeg' || sniffed === 'png' || sniffed === 'tiff') return 'image';
  if (size === 0) {
    if (isPdfName(fileName)) throw new PdfError('empty', { fileName });
    throw new ImageDecodeError('empty', { fileName });
  }
  if (sniffed === 'unknown' && isPdfName(fileName)) throw new PdfError('not_pdf', { fileName });
  // Let the decoder produce its message (Word/ZIP, unknown content).
  decodeImage(head, { fileName });
  throw new ImageDecodeError('unsupported', { fileName });
}

/** The checks `decodeImage` makes before decoding (header, size budget, a JPEG's end), without decoding. */
function checkImage(bytes: Uint8Array, fileName: string, maxPixels = PAGE_PIXEL_BUDGET): void {
  const { type } = precheckImage(bytes, {
    fileName,
    maxPixels,
    refuseFactor: REFUSE_FACTOR,
    allowTiff: true,
  });
  if (type === 'jpeg' && !jpegHasEnd(bytes))
    throw new ImageDecodeError('damaged', { fileName, detail: 'JPEG without EOI (truncated)' });
}

async function openPdfFile(path: string, password: string | undefined): Promise<PdfDoc> {
  return openPdf(await readBytes(path), { fileName: basename(path), password });
}

async function classify(
  path: string,
  order: number,
  opts: Pick<RunOptions, 'password' | 'maxPixels' | 'checkImagesFirst'>,
): Promise<Classified> {
  const file = basename(path);
  const { head, size } = await readHead(path);
  const kind = classifyBytes(head, size, file);
  if (kind === 'image') {
    if (opts.checkImagesFirst) checkImage(await readBytes(path), file, opts.maxPixels);
    return { order, path, file, kind, pageCount: 1 };
  }
  const password = opts.password;
  const doc = await openPdfFile(path, password);
  try {
    if (doc.pageCount < 1)
      throw new PdfError('damaged', { fileName: file, detail: 'tệp không có trang nào' });
    return { order, path, file, kind, pageCount: doc.pageCount };
  } finally {
    await doc.destroy();
  }
}

async function* pageJobs(
  files: Classified[],
  opts: RunOptions,
  fail: (f: FileFailure) => void,
): AsyncGenerator<PageJob> {
  const maxPixels = opts.maxPixels;
  for (const c of files) {
    if (c.kind === 'image') {
      yield {
        order: c.order,
        path: c.path,
        file: c.file,
        load: async () => {
          const bytes = await readBytes(c.path);
          const img = decodeImage(bytes, { fileName: c.file, ...(maxPixels ? { maxPixels } : {}) });
          const stored = { width: img.sourceWidth, height: img.sourceHeight };
          const source: PageSource = {
            kind: 'image',
            bytes,
            type: img.type,
            stored,
            orientation: img.orientation,
          };
          return { image: img, scale: img.scale, source };
        },
        release: async () => {},
      };
      continue;
    }
    let doc: PdfDoc;
    try {
      doc = await openPdfFile(c.path, opts.password);
    } catch (e) {
      fail(failureOf(c.path, e));
      continue;
    }
    let open = c.pageCount;
    const release = async (): Promise<void> => {
      if (--open === 0) await doc.destroy();
    };
    for (let n = 1; n <= c.pageCount; n++) {
      yield {
        order: c.order,
        path: c.path,
        file: c.file,
        pdfPage: n,
        load: async () => {
          const r = await doc.renderPage(n, maxPixels ? { maxPixels } : {});
          return { image: r.image, scale: 1, source: { kind: 'pdf', dpi: r.dpi } };
        },
        release,
      };
    }
  }
}

export async function runPrefill(opts: RunOptions): Promise<RunResult> {
  const t0 = performance.now();
  const failures: FileFailure[] = [];
  const fail = (f: FileFailure): void => {
    failures.push(f);
    opts.onFailure?.(f);
  };
  const classified: Classified[] = [];
  for (const [order, path] of opts.files.entries()) {
    try {
      classified.push(await classify(path, order, opts));
    } catch (e) {
      fail(failureOf(path, e));
    }
  }
  const totalPages = classified.reduce((s, c) => s + c.pageCount, 0);
  opts.onTotal?.(totalPages);
  const stopped = (): boolean => opts.stopOnFailure === true && failures.length > 0;
  // Every OCR line job of the pages in flight listens on the signal (dozens per page).
  if (opts.signal) setMaxListeners(0, opts.signal);
  if (stopped()) return { pages: [], failures, totalPages, elapsedMs: performance.now() - t0 };

  const jobs = pageJobs(classified, opts, fail);
  const pages: PageRecord[] = [];
  let done = 0;
  const runner = async (): Promise<void> => {
    for (;;) {
      if (stopped() || opts.signal?.aborted) return;
      const next = await jobs.next();
      if (next.done) return;
      const job = next.value;
      const start = performance.now();
      try {
        const { image, scale, source } = await job.load();
        const loadMs = performance.now() - start;
        const { order, path, file, pdfPage } = job;
        await opts.onLoaded?.({ order, path, file, pdfPage, image, source });
        const result = await prefillPage(image, opts.engine, {
          ...(opts.type ? { type: opts.type } : {}),
          ...(opts.lexicon ? { lexicon: opts.lexicon } : {}),
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
        const rec: PageRecord = {
          order: job.order,
          path: job.path,
          file: job.file,
          pdfPage: job.pdfPage,
          ms: performance.now() - start,
          loadMs,
          width: image.width,
          height: image.height,
          scale,
          result,
        };
        pages.push(rec);
        done++;
        await opts.onPage?.(rec, done, totalPages);
      } catch (e) {
        done++;
        fail(failureOf(job.path, e, job.pdfPage));
      } finally {
        await job.release().catch(() => {});
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.inFlight) }, runner));
  pages.sort((a, b) => a.order - b.order || (a.pdfPage ?? 0) - (b.pdfPage ?? 0));
  return { pages, failures, totalPages, elapsedMs: performance.now() - t0 };
}
