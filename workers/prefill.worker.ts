/// <reference types="vite/client" />
/**
 * Pre-fill worker: page bytes in, entry drafts out. Decodes the image (or renders a PDF page) here, off the
 * main thread, and runs the same `prefillPage` as the Node CLI with a TesseractEngine created in this worker
 * (tesseract.js starts its own nested workers). Contract: see workers/README.md.
 */
import * as Comlink from 'comlink';
import type { RegisterType } from '../src/domain/registers/types';
import { ImageDecodeError } from '../src/image/errors';
import type { RgbaImage } from '../src/image/types';
import { OcrCancelledError } from '../src/ocr/errors';
import { defaultOcrWorkers } from '../src/ocr/pool-size';
import { TesseractEngine } from '../src/ocr/tesseract-engine';
import type { OcrEngine, OcrResult, RecognizeOptions } from '../src/ocr/types';
import type { GrayImage } from '../src/image/types';
import { configurePdfAssets, isPdfError, openPdf } from '../src/pdf/browser';
import { prefillPage, type PrefillResult } from '../src/prefill/pipeline';
import { decodeImageInWorker } from './decode-image';

export type PrefillSource =
  | { kind: 'image'; bytes: Uint8Array; fileName: string }
  | { kind: 'pdf'; bytes: Uint8Array; fileName: string; page: number };

export type PrefillStage = 'decode' | 'prepare' | 'ocr';

export interface PrefillProgress {
  stage: PrefillStage;
  /** OCR stage: text lines read so far and lines queued in total (grows while lines are found). */
  done: number;
  total: number;
}

export type PrefillOutcome =
  | {
      ok: true;
      result: PrefillResult;
      /** PDF sources: the rendered page as PNG, for display (image sources are shown from their own bytes). */
      preview: Blob | null;
      ms: number;
    }
  | { ok: false; cancelled: boolean; message: string };

const base = new URL(import.meta.env.BASE_URL, self.location.origin).href;

configurePdfAssets({
  standardFontDataUrl: `${base}pdfjs/standard_fonts/`,
  cMapUrl: `${base}pdfjs/cmaps/`,
  wasmUrl: `${base}pdfjs/wasm/`,
});

let engine: TesseractEngine | null = null;
let workerCount = defaultOcrWorkers(self.navigator.hardwareConcurrency);

function getEngine(): TesseractEngine {
  engine ??= new TesseractEngine({
    langPath: `${base}models`,
    corePath: `${base}models`,
    workerPath: `${base}models/worker.min.js`,
    // Bytes as they are: tesseract.js reads a Blob with a FileReader (a task later), long enough for an
    // abort to terminate the worker first; plain bytes reach its worker at once.
    toImageLike: (bytes) => bytes,
    workers: workerCount,
  });
  return engine;
}

/** Counts OCR jobs for progress reports; everything else is the real engine. */
function counting(inner: OcrEngine, report: (done: number, total: number) => void): OcrEngine {
  let total = 0;
  let done = 0;
  return {
    engine: inner.engine,
    model: inner.model,
    pending: () => inner.pending(),
    terminate: () => inner.terminate(),
    async recognize(image: GrayImage, options: RecognizeOptions): Promise<OcrResult> {
      total++;
      report(done, total);
      try {
        return await inner.recognize(image, options);
      } finally {
        done++;
        report(done, total);
      }
    },
  };
}

const calls = new Map<number, AbortController>();

async function rasterise(
  source: PrefillSource,
  signal: AbortSignal,
): Promise<{ image: RgbaImage; preview: Blob | null }> {
  if (source.kind === 'image') {
    return { image: await decodeImageInWorker(source.bytes, { fileName: source.fileName }), preview: null };
  }
  const doc = await openPdf(source.bytes, { fileName: source.fileName, signal });
  try {
    const page = await doc.renderPage(source.page, { signal });
    const { width, height, data } = page.image;
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('OffscreenCanvas 2D context unavailable');
    ctx.putImageData(new ImageData(new Uint8ClampedArray(data), width, height), 0, 0);
    const preview = await canvas.convertToBlob({ type: 'image/png' });
    return { image: page.image, preview };
  } finally {
    await doc.destroy();
  }
}

function messageOf(e: unknown): string {
  if (e instanceof ImageDecodeError || isPdfError(e)) return e.message;
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
   * Pre-fill one page. `callId` identifies the call for `cancel`; `onProgress` (a Comlink.proxy) is optional.
   * Never rejects for bad input: failures come back as `{ ok: false, message }` (plain Vietnamese text).
   */
  async prefill(
    callId: number,
    source: PrefillSource,
    onProgress?: (p: PrefillProgress) => void,
    opts: { type?: RegisterType; priority?: number } = {},
  ): Promise<PrefillOutcome> {
    const controller = new AbortController();
    calls.set(callId, controller);
    const signal = controller.signal;
    const t0 = performance.now();
    let live = true;
    // Progress goes to a Comlink proxy that is gone once this call has returned (jobs cancelled by an abort
    // still settle afterwards): report only while the call is live, and never let a report fail the call.
    const progress = (p: PrefillProgress): void => {
      if (!live || !onProgress) return;
      try {
        void Promise.resolve(onProgress(p)).catch(() => undefined);
      } catch {
        // the main thread let go of the callback
      }
    };
    try {
      progress({ stage: 'decode', done: 0, total: 0 });
      const { image, preview } = await rasterise(source, signal);
      if (signal.aborted) throw new OcrCancelledError();
      progress({ stage: 'prepare', done: 0, total: 0 });
      const ocr = counting(getEngine(), (done, total) => progress({ stage: 'ocr', done, total }));
      const result = await prefillPage(image, ocr, {
        signal,
        ...(opts.type ? { type: opts.type } : {}),
        ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
      });
      return { ok: true, result, preview, ms: Math.round(performance.now() - t0) };
    } catch (e) {
      const cancelled =
        signal.aborted || e instanceof OcrCancelledError || (isPdfError(e) && e.code === 'cancelled');
      return { ok: false, cancelled, message: messageOf(e) };
    } finally {
      live = false;
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
