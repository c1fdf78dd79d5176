/**
 * Main-thread client of workers/import.worker.ts: one worker, typed from the worker's own API
 * (`Remote<ImportApi>`), file bytes transferred (not copied), an AbortSignal per call mapped to the worker's
 * call ids. Document ids are allocated here, so they stay unique across worker restarts: if the worker dies,
 * every pending call rejects with ImportWorkerCrashedError, the next call starts a fresh worker, and pages
 * of documents opened in the dead worker come back refused ("open the file again").
 */
import * as Comlink from 'comlink';
import { cancelledMessage, quoteFileName } from './encode';
import type { ImportApi, ImportFile, OpenOutcome, PageOutcome } from './import.worker';
import { failPending, raceCrash, startWorker, stopWorker, type LiveWorker } from './live-worker';

export type { ImportFile, OpenOutcome, PageOutcome } from './import.worker';

export class ImportWorkerCrashedError extends Error {
  override readonly name = 'ImportWorkerCrashedError';
  constructor(detail: string) {
    super(`Bộ xử lý nhập tệp bị lỗi và sẽ được khởi động lại: ${detail}`);
  }
}

type Live = LiveWorker<ImportApi>;

interface OpenDoc {
  live: Live;
  fileName: string;
}

export class ImportClient {
  private live: Live | null = null;
  private nextCall = 1;
  private nextDoc = 1;
  private readonly docs = new Map<number, OpenDoc>();

  private start(): Live {
    if (this.live) return this.live;
    const worker = new Worker(new URL('./import.worker.ts', import.meta.url), {
      type: 'module',
      name: 'import',
    });
    const live: Live = startWorker<ImportApi>(worker, (detail) => {
      if (this.live !== live) return;
      this.live = null;
      worker.terminate();
      failPending(live, new ImportWorkerCrashedError(detail));
    });
    this.live = live;
    return live;
  }

  /** Run one worker call: abort → cancel(callId); a worker crash rejects it with ImportWorkerCrashedError. */
  private call<T>(
    live: Live,
    signal: AbortSignal | undefined,
    run: (callId: number) => Promise<T>,
  ): Promise<T> {
    const callId = this.nextCall++;
    return raceCrash(
      live,
      signal,
      () => void live.remote.cancel(callId).catch(() => undefined),
      () => run(callId),
    );
  }

  /**
   * Open a file (sniffed by content: PDF, JPEG or PNG). `file.bytes` is transferred to the worker: the
   * caller's buffer is detached (keep the File to store the original or to retry with a password).
   * Resolves with `{ ok: false, code, message }` for bad input; rejects only if the worker crashes.
   */
  async open(file: ImportFile, signal?: AbortSignal): Promise<OpenOutcome> {
    if (signal?.aborted) return { ok: false, code: 'cancelled', message: cancelledMessage(file.fileName) };
    const live = this.start();
    const docId = this.nextDoc++;
    const outcome = await this.call<OpenOutcome>(live, signal, (callId) =>
      live.remote.open(callId, docId, Comlink.transfer(file, [file.bytes.buffer])),
    );
    if (outcome.ok) this.docs.set(docId, { live, fileName: file.fileName });
    return outcome;
  }

  /**
   * Page `pageNumber` (1-based) of an open document: the working JPEG, its thumbnail, its exact size and
   * warnings. Resolves `{ ok: false }` for an unreadable page; rejects only if the worker crashes.
   */
  async page(docId: number, pageNumber: number, signal?: AbortSignal): Promise<PageOutcome> {
    const doc = this.docs.get(docId);
    if (!doc) {
      return { ok: false, code: 'refused', message: 'Tệp này không còn mở: hãy mở lại tệp để nhập.' };
    }
    if (doc.live !== this.live) {
      this.docs.delete(docId);
      return {
        ok: false,
        code: 'refused',
        message: `Tệp ${quoteFileName(doc.fileName)} cần được mở lại vì bộ xử lý nhập tệp đã khởi động lại.`,
      };
    }
    if (signal?.aborted)
      return { ok: false, code: 'cancelled', message: cancelledMessage(doc.fileName, pageNumber) };
    const live = doc.live;
    return this.call<PageOutcome>(live, signal, (callId) => live.remote.page(callId, docId, pageNumber));
  }

  /** Close a document (frees its pdf.js document in the worker). Unknown ids are ignored. */
  async close(docId: number): Promise<void> {
    const doc = this.docs.get(docId);
    this.docs.delete(docId);
    if (!doc || doc.live !== this.live) return;
    const live = doc.live;
    await this.call(live, undefined, () => live.remote.close(docId));
  }

  /** Close every document and terminate the worker. */
  async dispose(): Promise<void> {
    const live = this.live;
    this.live = null;
    this.docs.clear();
    if (live) await stopWorker(live, new ImportWorkerCrashedError('dispose'));
  }
}
