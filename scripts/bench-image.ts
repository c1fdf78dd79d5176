/**
 * Per-step timings of the image pipeline on one dev page.
 *   node --import tsx scripts/bench-image.ts [path/to/page.jpg] [repeats]
 */
import { readFileSync } from 'node:fs';
import { decodeImage } from '../src/image/decode-node';
import {
  binarizeSauvola,
  components,
  detectOrientation,
  downscaleToFit,
  estimateSkew,
  flattenBackground,
  otsuThreshold,
  removeLeaderDots,
  removeRules,
  rotate,
  toGray,
  type GrayImage,
} from '../src/image/index';

const file = process.argv[2] ?? 'tests/fixtures/pages/p014.jpg';
const repeats = Number(process.argv[3] ?? 3);
const bytes = readFileSync(file);

function time<T>(label: string, f: () => T): T {
  let out: T | undefined;
  const ms: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    out = f();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(22)} ${ms[0]!.toFixed(1).padStart(8)} ms (min of ${repeats}; median ${ms[ms.length >> 1]!.toFixed(1)})`,
  );
  return out as T;
}

const rgba = time('decodeImage (jpeg)', () => decodeImage(bytes));
console.log(`page ${rgba.width}x${rgba.height}`);
const gray = time('toGray', () => toGray(rgba));
time('downscaleToFit 2MP', () => downscaleToFit(gray, 2_000_000));
const skew = time('estimateSkew', () => estimateSkew(gray));
time('detectOrientation', () => detectOrientation(gray));
const upright: GrayImage = time('rotate (deskew)', () => rotate(gray, -skew));
const flat = time('flattenBackground', () => flattenBackground(upright));
time('otsuThreshold', () => otsuThreshold(flat));
const bin = time('binarizeSauvola', () => binarizeSauvola(flat, { window: 31, k: 0.2 }));
time('components', () => components(bin));
const nodots = time('removeLeaderDots', () => removeLeaderDots(bin));
time('removeRules', () => removeRules(nodots));
console.log(`skew estimate ${skew}°`);
