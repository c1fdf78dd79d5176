/**
 * Main-thread client of workers/prefill.worker.ts: one worker, typed from the worker's own API
 * (`Remote<PrefillApi>`), bytes transferred (not copied), an AbortSignal per call mapped to the worker's
 * call ids. If the worker dies, every pending call rejects with PrefillWorkerCrashedError and the next
 * call starts a fresh worker.
 */
import * as Comlink from 'comlink';
import type { BookLexicon } from '../src/domain/lexicons/book-lexicon';
import type { RegisterType } from '../src/domain/registers/types';
import { failPending, raceCrash, startWorker, stopWorker, type LiveWorker } from './live-worker';
import type { PrefillApi, PrefillOutcome, PrefillSource } from './prefill.worker';

export type { PrefillOutcome, PrefillSource } from './prefill.worker';

export class PrefillWorkerCrashedError extends Error {
  override readonly name = 'PrefillWorkerCrashedError';
  constructor(detail: string) {
    super(`Bộ xử lý nền bị lỗi và sẽ được khởi động lại: ${detail}`);
  }
}

export interface PrefillCallOptions {
  signal?: AbortSignal;
  /** Register type of the book (skips detection). */
  type?: RegisterType;
  /** OCR queue priority (higher first): the page on screen outranks look-ahead pages. */
  priority?: number;
  /** Values confirmed earlier in the book (domain/lexicons/book-lexicon.ts), read towards on weak readings. */
  lexicon?: BookLexicon;
}

type Live = LiveWorker<PrefillApi>;

export class PrefillClient {
  private live: Live | null = null;
  private nextId = 1;
  private workers: number | undefined;

  /**
   * OCR worker count. Takes effect at the next start: a running worker is shut down (its pending calls
   * resolve as cancelled) and the next call starts a fresh one with the new count.
   */
  async setWorkers(n: number): Promise<void> {
    if (n === this.workers) return;
    this.workers = n;
    if (this.live) await this.dispose();
  }

  private start(): Live {
    if (this.live) return this.live;
    const worker = new Worker(new URL('./prefill.worker.ts', import.meta.url), {
      type: 'module',
      name: 'prefill',
    });
    const live: Live = startWorker<PrefillApi>(worker, (detail) => {
      if (this.live !== live) return;
      this.live = null;
      worker.terminate();
      failPending(live, new PrefillWorkerCrashedError(detail));
    });
    if (this.workers !== undefined) void live.remote.configure({ workers: this.workers });
    this.live = live;
    return live;
  }

  /**
   * Pre-fill a page. The source bytes are transferred to the worker: the caller's buffer is detached.
   * Resolves with the worker's outcome (bad input is `{ ok: false }`); rejects only if the worker crashes.
   */
  async prefill(source: PrefillSource, opts: PrefillCallOptions = {}): Promise<PrefillOutcome> {
    const live = this.start();
    const id = this.nextId++;
    const { signal, type, priority, lexicon } = opts;
    if (signal?.aborted) return { ok: false, cancelled: true, message: 'Đã huỷ.' };
    return raceCrash<PrefillApi, PrefillOutcome>(
      live,
      signal,
      () => void live.remote.cancel(id),
      () =>
        live.remote.prefill(id, Comlink.transfer(source, [source.bytes.buffer]), {
          ...(type ? { type } : {}),
          ...(priority !== undefined ? { priority } : {}),
          ...(lexicon ? { lexicon } : {}),
        }),
    );
  }

  /** Terminate the worker (and its OCR workers). */
  async dispose(): Promise<void> {
    const live = this.live;
    this.live = null;
    if (live) await stopWorker(live);
  }
}
