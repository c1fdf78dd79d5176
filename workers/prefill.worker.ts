/// <reference types="vite/client" />
/**
 * Pre-fill worker: a stored page image in, entry drafts out. Decodes the image here, off the main thread, and
 * runs the same `prefillPage` as the Node CLI with a TesseractEngine created in this worker (tesseract.js
 * starts its own nested workers). PDFs never come here: the import worker stores each page as an image.
 * Contract: see workers/README.md.
 */
import * as Comlink from 'comlink';
import type { RegisterType } from '../src/domain/registers/types';
import { ImageDecodeError } from '../src/image/errors';
import { OcrCancelledError } from '../src/ocr/errors';
import { defaultOcrWorkers } from '../src/ocr/pool-size';
import { TesseractEngine } from '../src/ocr/tesseract-engine';
import type { BookLexicon } from '../src/domain/lexicons/book-lexicon';
import { prefillPage, type PrefillResult } from '../src/prefill/pipeline';
import { decodeImageInWorker } from './decode-image';

/** A stored page image (JPEG/PNG bytes, as the import worker wrote it). */
export interface PrefillSource {
  bytes: Uint8Array;
  fileName: string;
}

export type PrefillOutcome =
  { ok: true; result: PrefillResult; ms: number } | { ok: false; cancelled: boolean; message: string };

const base = new URL(import.meta.env.BASE_URL, self.location.origin).href;

let engine: TesseractEngine | null = null;
let workerCount = defaultOcrWorkers(self.navigator.hardwareConcurrency);

function getEngine(): TesseractEngine {
  engine ??= new TesseractEngine({
    langPath: `${base}models`,
    corePath: `${base}models`,
    // A classic script that starts models/worker.min.js (see public/tesseract-worker.js).
    workerPath: `${base}tesseract-worker.js`,
    // Bytes as they are: tesseract.js reads a Blob with a FileReader (a task later), long enough for an
    // abort to terminate the worker first; plain bytes reach its worker at once.
    toImageLike: (bytes) => bytes,
    workers: workerCount,
  });
  return engine;
}

const calls = new Map<number, AbortController>();

function messageOf(e: unknown): string {
  if (e instanceof ImageDecodeError) return e.message;
  if (e instanceof OcrCancelledError) return e.message;
  if (e instanceof Error && /^[A-Za-z]/.test(e.message)) {
    // Technical (English) errors: say what failed in Vietnamese, keep the detail for support.
    return `Không xử lý được trang này (lỗi kỹ thuật: ${e.message}).`;
  }
  return e instanceof Error ? e.message : `Không xử lý được trang này (${String(e)}).`;
}

const api = {
  /** Worker count of the OCR engine; takes effect before the first pre-fill only. */
  configure(opts: { workers?: number }): void {
    if (opts.workers !== undefined && !engine) workerCount = Math.max(1, Math.floor(opts.workers));
  },

  /**
   * Pre-fill one page. `callId` identifies the call for `cancel`.
   * Never rejects for bad input: failures come back as `{ ok: false, message }` (plain Vietnamese text).
   */
  async prefill(
    callId: number,
    source: PrefillSource,
    opts: { type?: RegisterType; priority?: number; lexicon?: BookLexicon } = {},
  ): Promise<PrefillOutcome> {
    const controller = new AbortController();
    calls.set(callId, controller);
    const signal = controller.signal;
    const t0 = performance.now();
    try {
      const image = await decodeImageInWorker(source.bytes, { fileName: source.fileName });
      if (signal.aborted) throw new OcrCancelledError();
      const result = await prefillPage(image, getEngine(), {
        signal,
        ...(opts.type ? { type: opts.type } : {}),
        ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
        ...(opts.lexicon ? { lexicon: opts.lexicon } : {}),
      });
      return { ok: true, result, ms: Math.round(performance.now() - t0) };
    } catch (e) {
      const cancelled = signal.aborted || e instanceof OcrCancelledError;
      return { ok: false, cancelled, message: messageOf(e) };
    } finally {
      calls.delete(callId);
    }
  },

  /** Abort a running `prefill` call; unknown or finished ids are ignored. */
  cancel(callId: number): void {
    calls.get(callId)?.abort();
  },

  /** Stop the OCR workers (the next pre-fill starts new ones). */
  async shutdown(): Promise<void> {
    for (const c of calls.values()) c.abort();
    const e = engine;
    engine = null;
    await e?.terminate();
  },
};

export type PrefillApi = typeof api;

Comlink.expose(api);
