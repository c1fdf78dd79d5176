/** Node setup of the OCR engine: model and core from the pinned npm packages on disk (no network). */
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { defaultOcrWorkers } from './pool-size';
import { TesseractEngine } from './tesseract-engine';

const require = createRequire(import.meta.url);

export function nodeModelDir(): string {
  return join(dirname(require.resolve('@tesseract.js-data/vie/package.json')), '4.0.0_best_int');
}

export function defaultWorkerCount(): number {
  return defaultOcrWorkers(availableParallelism());
}

export function createNodeEngine(opts: { workers?: number; recycleAfter?: number } = {}): TesseractEngine {
  return new TesseractEngine({
    langPath: nodeModelDir(),
    toImageLike: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    workers: opts.workers ?? defaultWorkerCount(),
    recycleAfter: opts.recycleAfter ?? 600,
  });
}
