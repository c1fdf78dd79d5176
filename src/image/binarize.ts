import { histogram } from './gray';
import type { GrayImage } from './types';

/**
 * Binary images in this folder are GrayImages holding only 0 (ink) and 255 (paper),
 * so they can be handed straight to OCR or drawn. Functions that take "binary" input
 * treat any value < 128 as ink.
 */
export const INK_THRESHOLD = 128;

/** Otsu's global threshold; pixels <= result are ink. Accepts an image or a 256-bin histogram. */
export function otsuThreshold(input: GrayImage | ArrayLike<number>): number {
  const hist = 'data' in input ? histogram(input) : input;
  let total = 0;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) {
    total += hist[i]!;
    sumAll += i * hist[i]!;
  }
  if (total === 0) return 127;
  let wB = 0;
  let sumB = 0;
  let best = 0;
  let bestT = 127;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      bestT = t;
    }
  }
  return bestT;
}

/** Global threshold: value <= t becomes 0 (ink), else 255. Default t = Otsu. */
export function binarizeGlobal(gray: GrayImage, t = otsuThreshold(gray)): GrayImage {
  const src = gray.data;
  const out = new Uint8ClampedArray(src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i]! <= t ? 0 : 255;
  return { width: gray.width, height: gray.height, data: out };
}

export interface SauvolaOptions {
  /** Odd window side in pixels (default 31, ~2.5 mm at 300 dpi; use ~21 at 200 dpi). */
  window?: number;
  /** Sensitivity k (default 0.2; higher = thinner strokes, less noise). */
  k?: number;
  /** Dynamic range of the standard deviation (default 128). */
  r?: number;
}

/**
 * Sauvola local thresholding: T = m * (1 + k * (s / R - 1)) over a window x window neighbourhood.
 * Local mean/variance come from running (integral) column and row sums, so the cost is O(n)
 * whatever the window, with O(width) extra memory (no full-size Float64 integral tables).
 * Windows are clipped at the borders.
 */
export function binarizeSauvola(gray: GrayImage, opts: SauvolaOptions = {}): GrayImage {
  const { width: w, height: h, data: src } = gray;
  const rad = Math.max(1, Math.floor((opts.window ?? 31) / 2));
  const k = opts.k ?? 0.2;
  const invR = 1 / (opts.r ?? 128);
  const out = new Uint8ClampedArray(w * h);
  const colSum = new Float64Array(w);
  const colSq = new Float64Array(w);
  const addRow = (y: number, sign: number): void => {
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const v = src[o + x]!;
      colSum[x]! += sign * v;
      colSq[x]! += sign * v * v;
    }
  };
  for (let y = 0; y < Math.min(h, rad); y++) addRow(y, 1);
  for (let y = 0; y < h; y++) {
    if (y + rad < h) addRow(y + rad, 1);
    if (y - rad - 1 >= 0) addRow(y - rad - 1, -1);
    const rows = Math.min(h - 1, y + rad) - Math.max(0, y - rad) + 1;
    thresholdRow(src, out, y * w, w, rad, rows, colSum, colSq, k, invR);
  }
  return { width: w, height: h, data: out };
}

function thresholdRow(
  src: Uint8ClampedArray,
  out: Uint8ClampedArray,
  off: number,
  w: number,
  rad: number,
  rows: number,
  colSum: Float64Array,
  colSq: Float64Array,
  k: number,
  invR: number,
): void {
  let s = 0;
  let q = 0;
  for (let x = 0; x < Math.min(w, rad); x++) {
    s += colSum[x]!;
    q += colSq[x]!;
  }
  for (let x = 0; x < w; x++) {
    if (x + rad < w) {
      s += colSum[x + rad]!;
      q += colSq[x + rad]!;
    }
    if (x - rad - 1 >= 0) {
      s -= colSum[x - rad - 1]!;
      q -= colSq[x - rad - 1]!;
    }
    const n = rows * (Math.min(w - 1, x + rad) - Math.max(0, x - rad) + 1);
    const m = s / n;
    const v = q / n - m * m;
    const sd = v > 0 ? Math.sqrt(v) : 0;
    const t = m * (1 + k * (sd * invR - 1));
    out[off + x] = src[off + x]! <= t ? 0 : 255;
  }
}

/** Count of ink pixels (< 128). */
export function inkCount(bin: GrayImage): number {
  let n = 0;
  const d = bin.data;
  for (let i = 0; i < d.length; i++) if (d[i]! < INK_THRESHOLD) n++;
  return n;
}
