/**
 * Benchmark-only OCR replay cache (`npm run bench -- --ocr-cache DIR`), never used by the app or `prefill`:
 * wraps an OcrEngine so that a recognition of the exact same pixels with the same parameters, engine and model
 * replays the recorded tesseract output. A second bench run after a post-OCR change (extraction, confidence)
 * then takes seconds. Key = SHA-256 of engine, model, psm, whitelist, dpi, width, height and the pixel bytes;
 * one JSON file per key. A replayed result keeps the recorded `ms`, but page wall times of a replayed run
 * measure only the non-OCR work: timings come from a run without the cache (or one that filled it).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GrayImage } from '../image/types';
import type { OcrEngine, OcrResult, RecognizeOptions } from '../ocr/types';

export class CachedOcrEngine implements OcrEngine {
  readonly engine: string;
  readonly model: string;
  hits = 0;
  misses = 0;

  constructor(
    private readonly inner: OcrEngine,
    private readonly dir: string,
  ) {
    this.engine = inner.engine;
    this.model = inner.model;
    mkdirSync(dir, { recursive: true });
  }

  pending(): number {
    return this.inner.pending();
  }

  terminate(): Promise<void> {
    return this.inner.terminate();
  }

  key(image: GrayImage, o: RecognizeOptions): string {
    const h = createHash('sha256');
    h.update(
      JSON.stringify([
        this.engine,
        this.model,
        o.psm,
        o.whitelist ?? '',
        o.dpi ?? 300,
        // Absent from keys recorded before the choices existed: those stay valid for readings without them.
        ...(o.choices ? ['choices'] : []),
        image.width,
        image.height,
      ]),
    );
    h.update(image.data);
    return h.digest('hex');
  }

  async recognize(image: GrayImage, options: RecognizeOptions): Promise<OcrResult> {
    const key = this.key(image, options);
    const file = join(this.dir, key.slice(0, 2), `${key}.json`);
    if (existsSync(file)) {
      this.hits++;
      return JSON.parse(readFileSync(file, 'utf8')) as OcrResult;
    }
    const r = await this.inner.recognize(image, options);
    this.misses++;
    mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(r));
    await rename(tmp, file);
    return r;
  }
}
