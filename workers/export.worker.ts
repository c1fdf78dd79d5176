/**
 * Export worker: a book's entries and pages in, the Ministry workbook's findings (and, when asked, its `.xlsx`
 * bytes with their SHA-256) out — `runExport` (src/exchange/run.ts, the same code as in Node). exceljs (~1.5 MB) is
 * loaded here, on the first run that writes a file, never on the main thread. `pdfZip` builds the entries' PDFs
 * and streams their zip (`runPdfZip`, src/exchange/entry-pdfs.ts): page images are asked from the main thread one
 * at a time and the zip goes back to it chunk by chunk. `archiveZip` writes the book's ALTO and PAGE XML files
 * (`runArchiveZip`, src/exchange/archive-zip.ts) the same way, asking for each page's stored OCR. Contract: see
 * workers/README.md.
 */
import * as Comlink from 'comlink';
import type { ArchivePageInput } from '../src/exchange/archive-page';
import { runArchiveZip, type ArchiveZipInput, type ArchiveZipResult } from '../src/exchange/archive-zip';
import { PdfExportError, runPdfZip, type PdfZipResult } from '../src/exchange/entry-pdfs';
import { ExportCancelledError, runExport, type ExportOutcome } from '../src/exchange/run';
import type { BookExportInput } from '../src/exchange/workbook';
import { canvasPageEncoder } from './page-encoder';

export type { ExportOutcome };

/** What a PDF zip run gives back: never a rejection for a failure or a cancel. */
export type PdfZipOutcome =
  { ok: true; result: PdfZipResult; ms: number } | { ok: false; cancelled: boolean; message: string };

/** The main thread's side of a PDF zip run (Comlink proxies). */
export interface PdfZipIo {
  /** The stored image of a page, or null. */
  readPage(pageId: string): Promise<Blob | null>;
  /** Writes the next chunk of the zip (transferred). */
  write(chunk: Uint8Array): Promise<void>;
  progress(done: number, total: number): void | Promise<void>;
}

/** What an ALTO/PAGE zip run gives back: never a rejection for a failure or a cancel. */
export type ArchiveZipOutcome =
  { ok: true; result: ArchiveZipResult; ms: number } | { ok: false; cancelled: boolean; message: string };

/** The main thread's side of an ALTO/PAGE zip run (Comlink proxies). */
export interface ArchiveZipIo {
  /** The stored OCR of a page (words, lines, engine, model), or null. */
  readOcr(pageId: string): Promise<ArchivePageInput['ocr']>;
  /** Writes the next chunk of the zip (transferred). */
  write(chunk: Uint8Array): Promise<void>;
  progress(done: number, total: number): void | Promise<void>;
}

const cancelled = new Set<number>();

function messageOf(e: unknown): string {
  if (e instanceof ExportCancelledError) return e.message;
  const detail = e instanceof Error ? e.message : String(e);
  return `Không tạo được tệp Excel (lỗi kỹ thuật: ${detail}).`;
}

const api = {
  /**
   * Builds the workbook of one book: findings always, the file when `file` is true (its bytes transferred back).
   * Never rejects: a failure or a cancel comes back as `{ ok: false, message }` (plain Vietnamese text).
   */
  async run(callId: number, input: BookExportInput, opts: { file: boolean }): Promise<ExportOutcome> {
    const t0 = performance.now();
    try {
      const result = await runExport(input, { file: opts.file, isCancelled: () => cancelled.has(callId) });
      const out: ExportOutcome = { ok: true, result, ms: Math.round(performance.now() - t0) };
      return result.file ? Comlink.transfer(out, [result.file.bytes.buffer]) : out;
    } catch (e) {
      return { ok: false, cancelled: e instanceof ExportCancelledError, message: messageOf(e) };
    } finally {
      cancelled.delete(callId);
    }
  },

  /**
   * The entries' PDFs in one zip, streamed through `io` (proxied callbacks of the main thread). Never rejects: a
   * failure or a cancel comes back as `{ ok: false, message }` (plain Vietnamese text).
   */
  async pdfZip(
    callId: number,
    input: BookExportInput,
    readPage: PdfZipIo['readPage'],
    write: PdfZipIo['write'],
    progress: PdfZipIo['progress'],
  ): Promise<PdfZipOutcome> {
    const t0 = performance.now();
    const isCancelled = (): boolean => cancelled.has(callId);
    try {
      const result = await runPdfZip(input, {
        readPage: async (id) => {
          const blob = await readPage(id);
          return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
        },
        encoder: canvasPageEncoder(),
        write: async (chunk) => {
          if (isCancelled()) throw new ExportCancelledError();
          await write(Comlink.transfer(chunk, [chunk.buffer]));
        },
        isCancelled,
        onProgress: (done, total) => void progress(done, total),
      });
      return { ok: true, result, ms: Math.round(performance.now() - t0) };
    } catch (e) {
      if (isCancelled() || e instanceof ExportCancelledError)
        return { ok: false, cancelled: true, message: new ExportCancelledError().message };
      const message =
        e instanceof PdfExportError
          ? e.message
          : `Không tạo được tệp PDF (lỗi kỹ thuật: ${e instanceof Error ? e.message : String(e)}).`;
      return { ok: false, cancelled: false, message };
    } finally {
      cancelled.delete(callId);
    }
  },

  /**
   * The book's ALTO and PAGE XML files in one zip, streamed through the proxied callbacks of the main thread. Never
   * rejects: a failure or a cancel comes back as `{ ok: false, message }` (plain Vietnamese text).
   */
  async archiveZip(
    callId: number,
    input: ArchiveZipInput,
    readOcr: ArchiveZipIo['readOcr'],
    write: ArchiveZipIo['write'],
    progress: ArchiveZipIo['progress'],
  ): Promise<ArchiveZipOutcome> {
    const t0 = performance.now();
    const isCancelled = (): boolean => cancelled.has(callId);
    try {
      const result = await runArchiveZip(input, {
        readOcr: (id) => readOcr(id),
        write: async (chunk) => {
          if (isCancelled()) throw new ExportCancelledError();
          await write(Comlink.transfer(chunk, [chunk.buffer]));
        },
        isCancelled,
        onProgress: (done, total) => void progress(done, total),
      });
      return { ok: true, result, ms: Math.round(performance.now() - t0) };
    } catch (e) {
      if (isCancelled() || e instanceof ExportCancelledError)
        return { ok: false, cancelled: true, message: new ExportCancelledError().message };
      const detail = e instanceof Error ? e.message : String(e);
      return {
        ok: false,
        cancelled: false,
        message: `Không tạo được tệp ALTO / PAGE (lỗi kỹ thuật: ${detail}).`,
      };
    } finally {
      cancelled.delete(callId);
    }
  },

  /** Stops call `callId` at its next step (the workbook model is built in one go; the file write is the long part). */
  cancel(callId: number): void {
    cancelled.add(callId);
  },

  shutdown(): void {
    cancelled.clear();
  },
};

export type ExportApi = typeof api;

Comlink.expose(api);
