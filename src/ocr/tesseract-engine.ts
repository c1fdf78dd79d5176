/**
 * The tesseract.js adapter (the only importer of tesseract.js): a pool of N tesseract.js workers behind the
 * OcrEngine contract. Jobs are queued by priority; an aborted queued job is dropped, an aborted running job
 * terminates its worker (tesseract.js cannot stop a recognition) and a fresh worker replaces it; a worker that
 * errors or stops answering rejects its job with OcrWorkerCrashedError and is replaced. Workers are recycled
 * every `recycleAfter` jobs because tesseract.js grows its wasm heap over long runs.
 */
import { createWorker, type Worker as TessWorker } from 'tesseract.js';
import type { GrayImage } from '../image/types';
import { OcrCancelledError, OcrWorkerCrashedError } from './errors';
import { encodePgm } from './pnm';
import { shippedProvenance } from './provenance';
import { toOcrResult } from './tesseract-result';
import type { OcrEngine, OcrResult, PageSegMode, RecognizeOptions } from './types';

export interface TesseractEngineConfig {
  /** Folder (Node) or URL (browser) holding vie.traineddata.gz. */
  langPath: string;
  /** Browser only: URL of the folder with the core wasm, and of tesseract.js's worker script. */
  corePath?: string;
  workerPath?: string;
  /** Node: Buffer.from; browser: a Blob. */
  toImageLike: (bytes: Uint8Array) => unknown;
  workers: number;
  recycleAfter?: number;
  /** A job running longer than this is treated as a crashed worker. */
  jobTimeoutMs?: number;
  lang?: string;
}

const PSM: Record<PageSegMode, string> = {
  auto: '3',
  single_column: '4',
  single_block: '6',
  single_line: '7',
  sparse: '11',
};

interface Job {
  image: GrayImage;
  options: RecognizeOptions;
  priority: number;
  seq: number;
  resolve: (r: OcrResult) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Promise<TessWorker> | null;
  busy: boolean;
  jobs: number;
  params: string;
}

export class TesseractEngine implements OcrEngine {
  readonly engine: string;
  readonly model: string;
  private readonly queue: Job[] = [];
  private readonly slots: Slot[];
  private seq = 0;
  private closed = false;

  constructor(private readonly config: TesseractEngineConfig) {
    ({ engine: this.engine, model: this.model } = shippedProvenance(config.lang));
    const n = Math.max(1, config.workers);
    this.slots = Array.from({ length: n }, () => ({ worker: null, busy: false, jobs: 0, params: '' }));
  }

  pending(): number {
    return this.queue.length;
  }

  recognize(image: GrayImage, options: RecognizeOptions): Promise<OcrResult> {
    if (this.closed) return Promise.reject(new OcrCancelledError('Bộ nhận dạng chữ đã đóng.'));
    if (options.signal?.aborted) return Promise.reject(new OcrCancelledError());
    return new Promise<OcrResult>((resolve, reject) => {
      const job: Job = { image, options, priority: options.priority ?? 0, seq: this.seq++, resolve, reject };
      this.queue.push(job);
      this.queue.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
      options.signal?.addEventListener(
        'abort',
        () => {
          const i = this.queue.indexOf(job);
          if (i >= 0) {
            this.queue.splice(i, 1);
            reject(new OcrCancelledError());
          }
        },
        { once: true },
      );
      this.pump();
    });
  }

  async terminate(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new OcrCancelledError('Bộ nhận dạng chữ đã đóng.'));
    await Promise.all(this.slots.map((s) => this.dispose(s)));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy) continue;
      const job = this.queue.shift();
      if (job) void this.run(slot, job);
    }
  }

  private spawn(): Promise<TessWorker> {
    const c = this.config;
    const options: Record<string, unknown> = {
      langPath: c.langPath,
      gzip: true,
      cacheMethod: 'none',
      legacyCore: false,
      legacyLang: false,
    };
    if (c.corePath) options['corePath'] = c.corePath;
    if (c.workerPath) options['workerPath'] = c.workerPath;
    if (c.workerPath) options['workerBlobURL'] = false;
    // OEM 1 = LSTM only; the int "best" model has no legacy data.
    return createWorker(c.lang ?? 'vie', 1, options);
  }

  private async dispose(slot: Slot): Promise<void> {
    const w = slot.worker;
    slot.worker = null;
    slot.params = '';
    slot.jobs = 0;
    if (!w) return;
    try {
      await (await w).terminate();
    } catch {
      // already dead
    }
  }

  private async run(slot: Slot, job: Job): Promise<void> {
    slot.busy = true;
    const { options } = job;
    const timeoutMs = this.config.jobTimeoutMs ?? 180_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    try {
      if (!slot.worker) slot.worker = this.spawn();
      const worker = await slot.worker;
      const params = `${PSM[options.psm]}|${options.whitelist ?? ''}|${options.dpi ?? 300}|${options.choices ? 2 : 0}`;
      if (params !== slot.params) {
        await worker.setParameters({
          tessedit_pageseg_mode: PSM[options.psm] as never,
          tessedit_char_whitelist: options.whitelist ?? '',
          user_defined_dpi: String(options.dpi ?? 300),
          // Learning across pages makes results depend on page order; keep each page independent.
          classify_enable_learning: '0',
          // Registers are dark ink on light paper: never re-read a doubtful line as white-on-black (Tesseract
          // does that by default, doubling the work on exactly the hard, handwriting-like lines).
          tessedit_do_invert: '0',
          // Per-symbol alternatives from the CTC decoding, written into the hOCR output.
          lstm_choice_mode: options.choices ? '2' : '0',
        });
        slot.params = params;
      }
      const t0 = performance.now();
      const work = worker.recognize(
        this.config.toImageLike(encodePgm(job.image)) as never,
        {},
        options.choices ? { blocks: true, text: true, hocr: true } : { blocks: true, text: true },
      );
      // A job abandoned on abort may still fail later (its worker is gone): that failure is expected.
      work.catch(() => undefined);
      const guard = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new OcrWorkerCrashedError(`không phản hồi sau ${timeoutMs} ms`)),
          timeoutMs,
        );
        onAbort = () => reject(new OcrCancelledError());
        options.signal?.addEventListener('abort', onAbort, { once: true });
      });
      const res = await Promise.race([work, guard]);
      slot.jobs++;
      job.resolve(toOcrResult(res.data, performance.now() - t0));
      if (slot.jobs >= (this.config.recycleAfter ?? 600)) await this.dispose(slot);
    } catch (e) {
      // Cancelled or crashed while running: the worker's state is unknown, so replace it.
      await this.dispose(slot);
      job.reject(
        e instanceof OcrCancelledError || e instanceof OcrWorkerCrashedError
          ? e
          : new OcrWorkerCrashedError(String(e)),
      );
    } finally {
      if (timer) clearTimeout(timer);
      if (onAbort) options.signal?.removeEventListener('abort', onAbort);
      slot.busy = false;
      if (!this.closed) this.pump();
    }
  }
}
