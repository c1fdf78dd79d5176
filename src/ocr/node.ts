/** Node setup of the OCR engine: model and core from the pinned npm packages on disk (no network). */
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { defaultOcrWorkers } from './pool-size';
import { shippedModelFile } from './provenance';
import { TesseractEngine } from './tesseract-engine';

const require = createRequire(import.meta.url);

/** The folder of the pinned traineddata (models/manifest.json), inside its npm package. */
export function nodeModelDir(): string {
  const model = shippedModelFile();
  return join(dirname(require.resolve(`${model.package}/package.json`)), dirname(model.path));
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
