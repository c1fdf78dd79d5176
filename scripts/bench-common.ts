/** What the Node benchmarks share: the fixture scans they repeat as page images, and a peak-RSS sampler. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/** Real 300 dpi scans of tests/fixtures (0.4–1.3 MB JPEGs, colour and grey). */
export const SCANS: readonly Uint8Array[] = [
  'tests/fixtures/pages/p014.jpg',
  'tests/fixtures/integration/p004.jpg',
  'tests/fixtures/bordered/images/b001.jpg',
  'tests/fixtures/bordered/images/b002.jpg',
  'tests/fixtures/bordered/images/b003.jpg',
  'tests/fixtures/bordered/images/b004.jpg',
].map((p) => new Uint8Array(readFileSync(join(ROOT, p))));

/** Samples the process's RSS every 20 ms: `peak` (bytes), `sample()` now, `reset()` to start a step, `stop()`. */
export function rssSampler(): { readonly peak: number; sample(): void; reset(): void; stop(): void } {
  let peak = 0;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 20);
  return {
    get peak() {
      return peak;
    },
    sample,
    reset: () => {
      peak = process.memoryUsage().rss;
    },
    stop: () => clearInterval(timer),
  };
}
