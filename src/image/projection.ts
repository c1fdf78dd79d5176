import { binarizeSauvola, INK_THRESHOLD } from './binarize';
import { downscaleToFit } from './resize';
import type { GrayImage } from './types';

/** Ink pixel coordinates of a (downscaled) page, relative to the image centre. */
export interface InkPoints {
  xs: Float32Array;
  ys: Float32Array;
  count: number;
  width: number;
  height: number;
  /** Downscale factor applied to the original (small / original). */
  factor: number;
}

/** Downscale to <= maxPixels, Sauvola-binarise and collect ink pixels (at most `maxPoints`, evenly strided). */
export function inkPointsOf(gray: GrayImage, maxPixels = 1_200_000, maxPoints = 400_000): InkPoints {
  const small = downscaleToFit(gray, maxPixels);
  const factor = small.width / gray.width;
  const win = Math.max(9, Math.round(31 * Math.sqrt(small.width / 2480) * 2) | 1);
  const bin = binarizeSauvola(small, { window: win, k: 0.2 });
  return collectInk(bin, maxPoints, factor);
}

export function collectInk(bin: GrayImage, maxPoints: number, factor = 1): InkPoints {
  const { width: w, height: h, data } = bin;
  let n = 0;
  for (let i = 0; i < data.length; i++) if (data[i]! < INK_THRESHOLD) n++;
  const stride = Math.max(1, Math.ceil(n / maxPoints));
  const count = Math.ceil(n / stride);
  const xs = new Float32Array(count);
  const ys = new Float32Array(count);
  const cx = w / 2;
  const cy = h / 2;
  let k = 0;
  let seen = 0;
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) {
      if (data[o + x]! >= INK_THRESHOLD) continue;
      if (seen++ % stride !== 0) continue;
      xs[k] = x - cx;
      ys[k] = y - cy;
      k++;
    }
  }
  return { xs: xs.subarray(0, k), ys: ys.subarray(0, k), count: k, width: w, height: h, factor };
}

/**
 * Row profile of the points projected along lines of slope `tan` (y' = y - x * tan), 1-px bins.
 * `split` spreads each point linearly over its two nearest bins (smoother score for fine search).
 */
export function shearProfile(p: InkPoints, tan: number, split: boolean, out?: Float64Array): Float64Array {
  const margin = Math.ceil((Math.abs(tan) * p.width) / 2) + 2;
  const off = p.height / 2 + margin;
  const nb = p.height + 2 * margin;
  const hist = out && out.length >= nb ? out.fill(0, 0, nb) : new Float64Array(nb);
  const { xs, ys, count } = p;
  if (split) {
    for (let i = 0; i < count; i++) {
      const v = ys[i]! - xs[i]! * tan + off;
      const b = Math.floor(v);
      const f = v - b;
      hist[b]! += 1 - f;
      hist[b + 1]! += f;
    }
  } else {
    for (let i = 0; i < count; i++) hist[(ys[i]! - xs[i]! * tan + off + 0.5) | 0]! += 1;
  }
  return hist.subarray(0, nb);
}

/** Sum of squares of a profile (maximal when text lines are aligned with the bins). */
export function sumSquares(h: Float64Array): number {
  let s = 0;
  for (let i = 0; i < h.length; i++) s += h[i]! * h[i]!;
  return s;
}

/** Points rotated by 90 degrees clockwise (as if the page were turned). */
export function turnPoints(p: InkPoints): InkPoints {
  // Clockwise on screen with y down: (x, y) -> (-y, x) about the centre.
  const xs = new Float32Array(p.count);
  const ys = new Float32Array(p.count);
  for (let i = 0; i < p.count; i++) {
    xs[i] = -p.ys[i]!;
    ys[i] = p.xs[i]!;
  }
  return { xs, ys, count: p.count, width: p.height, height: p.width, factor: p.factor };
}
