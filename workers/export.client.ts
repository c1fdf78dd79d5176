/**
 * Main-thread client of workers/export.worker.ts: one worker started on the first call, typed from the worker's
 * own API (`Remote<ExportApi>`), an AbortSignal per call mapped to the worker's call ids (a cancelled call
 * resolves at once; the worker drops its work at the next step). If the worker dies, pending calls reject with
 * ExportWorkerCrashedError and the next call starts a fresh worker.
 */
import * as Comlink from 'comlink';
import type { ArchiveZipInput } from '../src/exchange/archive-zip';
import type { BookExportInput } from '../src/exchange/workbook';
import { failPending, raceCrash, startWorker, stopWorker, type LiveWorker } from './live-worker';
import type {
  ArchiveZipIo,
  ArchiveZipOutcome,
  ExportApi,
  ExportOutcome,
  PdfZipIo,
  PdfZipOutcome,
} from './export.worker';

export type {
  ArchiveZipIo,
  ArchiveZipOutcome,
  ExportOutcome,
  PdfZipIo,
  PdfZipOutcome,
} from './export.worker';

export class ExportWorkerCrashedError extends Error {
  override readonly name = 'ExportWorkerCrashedError';
  constructor(detail: string) {
    super(`Bộ xuất dữ liệu bị lỗi và sẽ được khởi động lại: ${detail}`);
  }
}

type Live = LiveWorker<ExportApi>;

const CANCELLED = { ok: false, cancelled: true, message: 'Đã huỷ việc xuất dữ liệu.' } as const;

export class ExportClient {
  private live: Live | null = null;
  private nextId = 1;

  private start(): Live {
    if (this.live) return this.live;
    const worker = new Worker(new URL('./export.worker.ts', import.meta.url), {
      type: 'module',
      name: 'export',
    });
    const live: Live = startWorker<ExportApi>(worker, (detail) => {
      if (this.live !== live) return;
      this.live = null;
      worker.terminate();
      failPending(live, new ExportWorkerCrashedError(detail));
    });
    this.live = live;
    return live;
  }

  /** Findings of a book, and its workbook when `file` is true. Rejects only if the worker crashes. */
  async run(input: BookExportInput, opts: { file: boolean; signal?: AbortSignal }): Promise<ExportOutcome> {
    const { signal } = opts;
    if (signal?.aborted) return CANCELLED;
    const live = this.start();
    const id = this.nextId++;
    const aborted = new Promise<ExportOutcome>((resolve) =>
      signal?.addEventListener('abort', () => resolve(CANCELLED), { once: true }),
    );
    return raceCrash<ExportApi, ExportOutcome>(
      live,
      signal,
      () => void live.remote.cancel(id),
      () => Promise.race([live.remote.run(id, input, { file: opts.file }), aborted]),
    );
  }

  /**
   * The entries' PDFs in one zip, built in the worker: page images come from `io.readPage`, the zip goes to
   * `io.write` chunk by chunk (each awaited). Abort resolves `cancelled` at once (the caller discards what was
   * written); the worker stops at its next page. Rejects only if the worker crashes.
   */
  async pdfZip(
    input: BookExportInput,
    io: PdfZipIo,
    opts: { signal?: AbortSignal } = {},
  ): Promise<PdfZipOutcome> {
    const { signal } = opts;
    if (signal?.aborted) return CANCELLED;
    const live = this.start();
    const id = this.nextId++;
    const aborted = new Promise<PdfZipOutcome>((resolve) =>
      signal?.addEventListener('abort', () => resolve(CANCELLED), { once: true }),
    );
    const readPage = Comlink.proxy((pageId: string) => io.readPage(pageId));
    const write = Comlink.proxy((chunk: Uint8Array) => io.write(chunk));
    const progress = Comlink.proxy((done: number, total: number) => io.progress(done, total));
    return raceCrash<ExportApi, PdfZipOutcome>(
      live,
      signal,
      () => void live.remote.cancel(id),
      () => Promise.race([live.remote.pdfZip(id, input, readPage, write, progress), aborted]),
    );
  }

  /**
   * The book's ALTO and PAGE XML files in one zip, built in the worker: each page's OCR comes from `io.readOcr`,
   * the zip goes to `io.write` chunk by chunk. Abort resolves `cancelled` at once; the worker stops at its next
   * page. Rejects only if the worker crashes.
   */
  async archiveZip(
    input: ArchiveZipInput,
    io: ArchiveZipIo,
    opts: { signal?: AbortSignal } = {},
  ): Promise<ArchiveZipOutcome> {
    const { signal } = opts;
    if (signal?.aborted) return CANCELLED;
    const live = this.start();
    const id = this.nextId++;
    const aborted = new Promise<ArchiveZipOutcome>((resolve) =>
      signal?.addEventListener('abort', () => resolve(CANCELLED), { once: true }),
    );
    const readOcr = Comlink.proxy((pageId: string) => io.readOcr(pageId));
    const write = Comlink.proxy((chunk: Uint8Array) => io.write(chunk));
    const progress = Comlink.proxy((done: number, total: number) => io.progress(done, total));
    return raceCrash<ExportApi, ArchiveZipOutcome>(
      live,
      signal,
      () => void live.remote.cancel(id),
      () => Promise.race([live.remote.archiveZip(id, input, readOcr, write, progress), aborted]),
    );
  }

  dispose(): Promise<void> {
    const live = this.live;
    this.live = null;
    return live ? stopWorker(live) : Promise.resolve();
  }
}
